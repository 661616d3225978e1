# Shared helpers for the shell test suites (integration and screen).
# Source it with SUITE set; every test writes a TAP line that tests/run.sh
# counts. Each suite gets a private HOME, XDG dirs and temp directory, so no
# test reads or writes the user's own files.
#
#	SUITE=integration/cli . tests/lib.sh
#	expect_out "tdesk --version prints the version" "tdesk 0." "$TDESK" --version
#	done_testing

set -u
: "${TDESK:=$(pwd)/tdesk}"
: "${SUITE:=$(basename "$0" .sh)}"
T_N=0
T_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tdesk-test.XXXXXX")
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_DATA_HOME="$TMP/home/.local/share"
mkdir -p "$HOME"
unset TDESK_PROFILE 2>/dev/null || true
BACKEND_PID=""

t_cleanup() {
	[ -n "$BACKEND_PID" ] && kill "$BACKEND_PID" 2>/dev/null && wait "$BACKEND_PID" 2>/dev/null
	[ -n "${SCREEN_SOCK:-}" ] && tmux -L "$SCREEN_SOCK" kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $SUITE: $1"
}

# not_ok DESCRIPTION [DIAGNOSTIC LINES...]
not_ok() {
	T_N=$((T_N + 1))
	T_FAILED=1
	echo "not ok $T_N - $SUITE: $1"
	shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
}

# run CMD...: run a command, leaving its status in RC, stdout in $TMP/out and
# stderr in $TMP/err.
run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# expect_rc DESCRIPTION STATUS CMD...: the command exits with STATUS.
expect_rc() {
	d=$1 want=$2; shift 2
	run "$@"
	if [ "$RC" -eq "$want" ]; then ok "$d"; else
		not_ok "$d" "exit status $RC, want $want" "stdout: $(head -c 600 "$TMP/out")" \
		    "stderr: $(head -c 600 "$TMP/err")"
	fi
}

# expect_out DESCRIPTION TEXT CMD...: the command succeeds and its stdout
# contains TEXT (fixed string).
expect_out() {
	d=$1 want=$2; shift 2
	run "$@"
	if [ "$RC" -eq 0 ] && grep -qF -- "$want" "$TMP/out"; then ok "$d"; else
		not_ok "$d" "exit status $RC; stdout lacks: $want" \
		    "stdout: $(head -c 600 "$TMP/out")" "stderr: $(head -c 600 "$TMP/err")"
	fi
}

# expect_err DESCRIPTION STATUS TEXT CMD...: the command exits with STATUS
# and its stderr contains TEXT.
expect_err() {
	d=$1 want=$2 text=$3; shift 3
	run "$@"
	if [ "$RC" -eq "$want" ] && grep -qF -- "$text" "$TMP/err"; then ok "$d"; else
		not_ok "$d" "exit status $RC (want $want); stderr lacks: $text" \
		    "stdout: $(head -c 600 "$TMP/out")" "stderr: $(head -c 600 "$TMP/err")"
	fi
}

# check DESCRIPTION CMD...: the command (a test expression) succeeds.
check() {
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d" "failed: $*"; fi
}

# backend_start [ARGS...]: start tests/backend/server.py on a port it picks
# and set BACKEND_PORT and BACKEND_URL.
backend_start() {
	rm -f "$TMP/backend.port"
	python3 tests/backend/server.py --port-file "$TMP/backend.port" "$@" \
	    >"$TMP/backend.log" 2>&1 &
	BACKEND_PID=$!
	i=0
	while [ ! -s "$TMP/backend.port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 300 ] || ! kill -0 "$BACKEND_PID" 2>/dev/null; then
			echo "# backend did not start:"; sed 's/^/#   /' "$TMP/backend.log"
			return 1
		fi
		sleep 0.1
	done
	BACKEND_PORT=$(cat "$TMP/backend.port")
	BACKEND_URL="http://127.0.0.1:$BACKEND_PORT"
}

# backend_ctl METHOD PATH [JSON]: a control request; prints the response.
backend_ctl() {
	python3 tests/backend/ctl.py --port "$BACKEND_PORT" "$@"
}

# write_config [PROFILE]: a 0600 config for the test backend's demo
# credentials, at $XDG_CONFIG_HOME/tdesk/config.
write_config() {
	p=${1:-demo}
	mkdir -p "$XDG_CONFIG_HOME/tdesk"
	CONFIG="$XDG_CONFIG_HOME/tdesk/config"
	cat >"$CONFIG" <<CONF
[tdesk]
	profile = $p
	timezones = UTC, America/Los_Angeles

[profile "$p"]
	environment = test
	zendesk.url = $BACKEND_URL/zendesk
	zendesk.email = admin@acme.test
	zendesk.token_env = TDESK_TEST_ZENDESK_TOKEN
	statuspage.url = $BACKEND_URL/statuspage/v1
	statuspage.page_id = acme-status
	statuspage.token_env = TDESK_TEST_STATUSPAGE_TOKEN
	payments.url = $BACKEND_URL/payments
	payments.token_env = TDESK_TEST_PAYMENTS_TOKEN
CONF
	chmod 600 "$CONFIG"
	export TDESK_TEST_ZENDESK_TOKEN=zd-admin-token
	export TDESK_TEST_STATUSPAGE_TOKEN=sp-key
	export TDESK_TEST_PAYMENTS_TOKEN=pay-technician
}

# config_tdesk KEY VALUE: set KEY in the [tdesk] section of $CONFIG
# (write_config's file, whose only KEY lines are there).
config_tdesk() {
	sed -i -e "/^	$1 = /d" -e "/^\[tdesk\]\$/a\\	$1 = $2" "$CONFIG"
}

# tty_answer ANSWER CMD...: run CMD on a pseudo-terminal, typing ANSWER and
# a newline once it asks "[y/N]"; prints all it wrote, exits with its status.
# $TTY_BEFORE, if set, is a shell command run before the answer is typed.
tty_answer() {
	python3 - "$@" <<'PY'
import os, pty, subprocess, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
out, answered = b"", False
while True:
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if not answered and b"[y/N]" in out:
        if os.environ.get("TTY_BEFORE"):
            subprocess.run(os.environ["TTY_BEFORE"], shell=True)
        os.write(fd, sys.argv[1].encode() + b"\n")
        answered = True
status = os.waitpid(pid, 0)[1]
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
}

done_testing() {
	echo "1..$T_N"
	exit "$T_FAILED"
}
