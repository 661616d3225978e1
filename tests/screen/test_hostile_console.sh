# Hostile text through the console: every string of tests/unit/hostile.h
# (CSI and OSC sequences, OSC 52, 8 and 0, C1 controls, bidi overrides,
# zero-width characters, invalid and overlong UTF-8, a 1 MB line) as
# ticket subjects, requester and organization names, tags and comments,
# synced and drawn in the list, the detail and the conversation. The raw
# byte stream the console wrote, not only the screen tmux shows, must
# hold no control sequence but ncurses' own and none of the payloads.
SUITE=screen/hostile-console
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh
: "${BUILD:=$(pwd)/build}"
COLS=200 ROWS=50

console_setup || { not_ok "the demo backend starts and the cache fills"; done_testing; }
"$BUILD/tools/hostile_dump" >"$TMP/hostile.json"
if python3 tests/screen/seed_hostile.py --port "$BACKEND_PORT" \
    --file "$TMP/hostile.json" --manifest "$TMP/manifest.json" >"$TMP/seed.out" 2>&1; then
	ok "the hostile strings are in the backend: $(tail -n 1 "$TMP/seed.out")"
else
	not_ok "the hostile strings are in the backend" "$(cat "$TMP/seed.out")"
	done_testing
fi
counts=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(len(m["entries"]), m["distinct"])' "$TMP/manifest.json")
nhostile=${counts% *} ndistinct=${counts#* }
check "at least 40 distinct hostile strings are in subjects, names and comments ($ndistinct)" \
    [ "${ndistinct:-0}" -ge 40 ]
"$TDESK" sync --once >"$TMP/sync2.out" 2>&1
check "tdesk syncs every hostile page" grep -q "zendesk: up to date" "$TMP/sync2.out"

# Lines on the screen never pass the pane's width (display columns).
fits() {
	screen_capture | python3 -c '
import sys, unicodedata
cols = int(sys.argv[1])
bad = 0
for n, line in enumerate(sys.stdin.read().split("\n"), 1):
    w = 0
    for ch in line:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    if w > cols:
        bad += 1
        print("# line %d is %d columns wide" % (n, w))
sys.exit(1 if bad else 0)' "$COLS"
}

console_start "$COLS" "$ROWS"
screen_wait "unassigned" >/dev/null
# Every hostile ticket, in the list and opened in the detail pane (which
# fetches its conversation), then once more to draw the conversation.
screen_send F
screen_send -l "tag:hostile"
screen_send Enter
if screen_wait "filter: tag:hostile"; then
	ok "the list narrows to the hostile tickets"
else
	not_ok "the list narrows to the hostile tickets"
fi
overflow=0
for pass in 1 2; do
	screen_send g
	i=0
	while [ "$i" -lt "$nhostile" ]; do
		screen_send Enter
		sleep 0.05
		screen_send Escape j
		i=$((i + 1))
		if [ $((i % 10)) -eq 0 ]; then
			sleep 0.3
			fits >/dev/null || overflow=$((overflow + 1))
		fi
	done
	sleep 1
done
check "no screen line passed the pane's width while the hostile tickets were drawn" \
    [ "$overflow" -eq 0 ]
check "the console is still running after drawing every hostile ticket" \
    sh -c "! tmux -L '$SCREEN_SOCK' display-message -t t -p '#{pane_dead}' | grep -q 1"

# The 1 MB subject and comment.
screen_send F C-u
screen_send -l "tag:hostile_huge"
screen_send Enter
screen_wait "filter: tag:hostile_huge" >/dev/null
screen_send Enter
sleep 1
screen_send Escape
sleep 0.5
if fits; then
	ok "the 1 MB subject and comment are cut to the pane"
else
	not_ok "the 1 MB subject and comment are cut to the pane"
fi

# The assignee prompt completes hostile names too.
screen_send F C-u Enter a
screen_send -l "x"
screen_send Tab
sleep 0.5
screen_send Escape q
console_exited 10

if screen_raw_check --forbid tests/screen/hostile.forbid; then
	ok "the raw stream holds only ncurses' own sequences and no hostile payload"
else
	not_ok "the raw stream holds only ncurses' own sequences and no hostile payload"
fi
# The strings were drawn, as markers: a bidi override and an escape's
# remains in the list, and the conversation's notes (fetched when opened).
check "the hostile texts were drawn with visible markers (an RLO as \u27e8RLO\u27e9)" \
    grep -q "$(printf '\342\237\250RLO\342\237\251')" "$TMP/screen.raw"
check "the hostile conversations were drawn (their internal notes)" \
    grep -q "INTERNAL NOTE by" "$TMP/screen.raw"
size=$(wc -c <"$TMP/screen.raw")
check "the raw stream was recorded ($size bytes)" [ "$size" -gt 10000 ]
check "the terminal was given back at the end" \
    grep -q "$(printf '\033')\[?1049l" "$TMP/screen.raw"
screen_stop
done_testing
