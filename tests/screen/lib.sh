# Screen-test helpers: run a program in a private tmux server at a fixed
# size, type at it, wait until the screen shows a text, read the screen.
# Source after tests/lib.sh.
#
#	screen_start 80 24 "$TDESK" -p demo
#	screen_wait "Tickets" || not_ok ...
#	screen_send j j Enter
#	screen_capture >"$TMP/screen"

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

# screen_dead: succeed if the program has exited (remain-on-exit keeps the pane).
screen_dead() {
	[ "$(tmux -L "$SCREEN_SOCK" display-message -t t -p '#{pane_dead}')" = 1 ]
}

screen_stop() {
	tmux -L "$SCREEN_SOCK" kill-server 2>/dev/null
	return 0
}
