# Screen-test helpers: run a program in a private tmux server at a fixed
# size, type at it, wait until the screen shows a text, read the screen.
# Source after tests/lib.sh.
#
#	screen_start 80 24 "$TDESK" -p demo
#	screen_wait "Tickets" || not_ok ...
#	screen_send j j Enter
#	screen_capture >"$TMP/screen"
#
# And checks on what the program did: screen_raw_check (no control
# sequence ncurses would not write, no forbidden fragment), screen_colcheck
# (columns line up), backend_mark and backend_wait_request (the write it
# sent reached the test backend). The tools beside this file say more in
# their headers: rawcheck.py, colcheck.py, reqwait.py, seed_hostile.py
# (hostile data for the backend) with hostile.forbid, ncurses_draw.py.

SCREEN_SOCK="tdesk-test-$$"
export LC_ALL=C.UTF-8
SCREEN_TIMEOUT=${SCREEN_TIMEOUT:-10}

# screen_start COLS ROWS CMD...: the command runs in a fresh tmux server with
# the test's environment; its pane is exactly COLS x ROWS and stays on screen
# after the program exits. Every byte the program writes is kept in
# $TMP/screen.raw: the pane waits on a FIFO until pipe-pane is recording, so
# not even the first frame is missed.
screen_start() {
	cols=$1 rows=$2; shift 2
	cat >"$TMP/tmux.conf" <<CONF
set -g remain-on-exit on
set -g status off
set -g history-limit 100
CONF
	rm -f "$TMP/screen.go" "$TMP/screen.raw"
	mkfifo "$TMP/screen.go"
	: >"$TMP/screen.cmd"
	for a in "$@"; do
		printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")" >>"$TMP/screen.cmd"
	done
	tmux -u -L "$SCREEN_SOCK" -f "$TMP/tmux.conf" new-session -d -s t \
	    -x "$cols" -y "$rows" \
	    "read go <'$TMP/screen.go'; exec $(cat "$TMP/screen.cmd")" || return 1
	tmux -L "$SCREEN_SOCK" pipe-pane -t t -o "cat >>'$TMP/screen.raw'"
	echo go >"$TMP/screen.go"
}

# screen_send KEY...: tmux key names (Enter, Escape, C-c, j, "text").
screen_send() {
	tmux -L "$SCREEN_SOCK" send-keys -t t "$@"
}

# screen_capture: the visible screen as text.
screen_capture() {
	tmux -L "$SCREEN_SOCK" capture-pane -t t -p
}

# screen_size: "COLSxROWS" of the pane.
screen_size() {
	tmux -L "$SCREEN_SOCK" display-message -t t -p '#{pane_width}x#{pane_height}'
}

# screen_resize COLS ROWS
screen_resize() {
	tmux -L "$SCREEN_SOCK" resize-window -t t -x "$1" -y "$2"
}

# screen_wait TEXT [SECONDS]: succeed as soon as the screen contains TEXT
# (fixed string); fail after the timeout with the screen on stdout as TAP
# diagnostics.
screen_wait() {
	text=$1 limit=$(( (${2:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		screen_capture 2>/dev/null | grep -qF -- "$text" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen_wait: \"$text\" did not appear in ${2:-$SCREEN_TIMEOUT} s; the screen:"
	screen_capture 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# screen_wait_gone TEXT [SECONDS]: succeed as soon as the screen no longer
# contains TEXT; fail after the timeout with the screen as TAP diagnostics.
screen_wait_gone() {
	text=$1 limit=$(( (${2:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		# A screen that cannot be read is not a screen without TEXT.
		if screen_capture >"$TMP/screen.gone" 2>/dev/null &&
		    ! grep -qF -- "$text" "$TMP/screen.gone"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen_wait_gone: \"$text\" still there after ${2:-$SCREEN_TIMEOUT} s; the screen:"
	screen_capture 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# screen_raw_check [--forbid FILE]...: check every byte the program has
# written so far ($TMP/screen.raw) with tests/screen/rawcheck.py, for the
# terminal tmux gives the pane. Waits until the recording stops growing
# (pipe-pane copies asynchronously). Findings go to stdout as TAP
# diagnostics; the status is rawcheck's (0 clean, 1 findings, 2 usage).
screen_raw_check() {
	last=-1 i=0
	while [ "$i" -lt 20 ]; do
		size=$(wc -c <"$TMP/screen.raw" 2>/dev/null || echo 0)
		[ "$size" = "$last" ] && break
		last=$size
		sleep 0.1
		i=$((i + 1))
	done
	term=$(tmux -L "$SCREEN_SOCK" show -gv default-terminal 2>/dev/null)
	case "$term" in
	tmux-256color|screen-256color|xterm-256color) ;;
	*) term=any ;;
	esac
	python3 tests/screen/rawcheck.py --term "$term" "$@" "$TMP/screen.raw" >"$TMP/rawcheck.out" 2>&1
	rc=$?
	sed 's/^/#   /' "$TMP/rawcheck.out"
	return "$rc"
}

# screen_colcheck COLCHECK-ARGS...: check the visible screen's columns with
# tests/screen/colcheck.py (--row REGEX --field REGEX ...); the screen is
# kept in $TMP/screen.txt. Problems go to stdout as TAP diagnostics, with
# the screen; the status is colcheck's.
screen_colcheck() {
	screen_capture >"$TMP/screen.txt"
	python3 tests/screen/colcheck.py "$@" "$TMP/screen.txt" >"$TMP/colcheck.out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		sed 's/^/#   /' "$TMP/colcheck.out"
		echo "# the screen:"
		sed 's/^/#   |/' "$TMP/screen.txt"
	fi
	return "$rc"
}

# backend_mark: remember the newest request in the backend's log, so that
# backend_wait_request looks only at what comes after (BACKEND_MARK).
backend_mark() {
	BACKEND_MARK=$(python3 tests/screen/reqwait.py --port "$BACKEND_PORT" --mark) || BACKEND_MARK=0
}

# backend_wait_request METHOD PATH_REGEX [EXPR [SECONDS]]: succeed as soon
# as the backend has logged, since backend_mark, a METHOD request whose
# path matches PATH_REGEX and for which the Python expression EXPR (on
# body, query, headers, status) is true, e.g.
#	backend_wait_request PUT '/tickets/101\.json$' 'body["ticket"]["status"] == "solved"'
# The entry is left in $TMP/request.json. After the timeout, fail with the
# requests seen as TAP diagnostics.
backend_wait_request() {
	python3 tests/screen/reqwait.py --port "$BACKEND_PORT" --since "${BACKEND_MARK:-0}" \
	    --timeout "${4:-$SCREEN_TIMEOUT}" --out "$TMP/request.json" "$1" "$2" ${3:+"$3"}
}

# screen_dead: succeed if the program has exited (remain-on-exit keeps the pane).
screen_dead() {
	[ "$(tmux -L "$SCREEN_SOCK" display-message -t t -p '#{pane_dead}')" = 1 ]
}

screen_stop() {
	tmux -L "$SCREEN_SOCK" kill-server 2>/dev/null
	return 0
}
