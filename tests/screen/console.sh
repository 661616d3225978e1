# Helpers for the console's screen tests: the demo backend with a synced
# cache, tdesk's console in a private tmux pane, the requests the backend
# received, and what the terminal was left in. Source after tests/lib.sh
# and tests/screen/lib.sh.
#
#	console_setup || { not_ok "the demo backend starts"; done_testing; }
#	console_start 80 24
#	screen_wait "unassigned 12"
#	req_clear; screen_send s; ...
#	req_expect "status goes in a safe update" PUT '/tickets/133$' \
#	    'r["body"]["ticket"]["status"] == "pending"'

# The text the test editor writes: what a reply or note must carry.
EDITOR_TEXT1="Hello from the screen test."
EDITOR_TEXT2="Second line of the answer."

# console_setup: the demo backend, a config for it, a filled cache, and an
# $EDITOR that writes two fixed lines into the file it is given.
console_setup() {
	backend_start --scenario demo || return 1
	write_config demo
	"$TDESK" sync --once >"$TMP/sync.out" 2>&1 || {
		echo "# tdesk sync --once failed:"; sed 's/^/#   /' "$TMP/sync.out"
		return 1
	}
	cat >"$TMP/editor" <<EOF
#!/bin/sh
# The file to edit is the last argument.
for f in "\$@"; do :; done
printf '%s\n%s\n' '$EDITOR_TEXT1' '$EDITOR_TEXT2' >"\$f"
EOF
	chmod +x "$TMP/editor"
	EDITOR="$TMP/editor" VISUAL="$TMP/editor"
	export EDITOR VISUAL
	# The wrapper: tdesk's pid goes to a file (for signals), and the exit
	# status is printed on the normal screen once tdesk has let it go.
	cat >"$TMP/console-run" <<'EOF'
#!/bin/sh
pidfile=$1; shift
sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@"
echo "EXIT $?"
EOF
}

# console_start COLS ROWS [ARGS...]: the console on the demo profile.
console_start() {
	c=$1 r=$2; shift 2
	rm -f "$TMP/tdesk.pid"
	screen_start "$c" "$r" sh "$TMP/console-run" "$TMP/tdesk.pid" \
	    "$TDESK" -p demo --config "$CONFIG" "$@"
}

# console_pid: tdesk's process id (waits for the wrapper to write it).
console_pid() {
	i=0
	while [ ! -s "$TMP/tdesk.pid" ] && [ "$i" -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	cat "$TMP/tdesk.pid" 2>/dev/null
}

# console_exited [SECONDS]: wait until the wrapper printed "EXIT N" (looked
# for in the history too: when the pane dies tmux scrolls it up a line to
# say so, which can push the line off the top).
console_exited() {
	limit=$(( (${1:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		screen_capture_all 2>/dev/null | grep -q "^EXIT [0-9]" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# console_exited: no EXIT line in ${1:-$SCREEN_TIMEOUT} s; the screen:"
	screen_capture_all 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# screen_capture_all: the screen with the lines scrolled off its top.
screen_capture_all() {
	tmux -L "$SCREEN_SOCK" capture-pane -t t -p -S -100
}

# screen_alternate: 1 while the pane shows the alternate screen, else 0.
screen_alternate() {
	tmux -L "$SCREEN_SOCK" display-message -t t -p '#{alternate_on}'
}

# screen_line N: line N (from 1) of the screen, as text.
screen_line() {
	screen_capture | sed -n "${1}p"
}

# screen_wait_line N TEXT [SECONDS]: wait until line N contains TEXT.
screen_wait_line() {
	n=$1 text=$2 limit=$(( (${3:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		screen_line "$n" 2>/dev/null | grep -qF -- "$text" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen_wait_line: line $n never held \"$text\"; the screen:"
	screen_capture 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# screen_gone TEXT [SECONDS]: wait until TEXT is no longer on the screen.
screen_gone() {
	text=$1 limit=$(( (${2:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		screen_capture 2>/dev/null | grep -qF -- "$text" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen_gone: \"$text\" is still on the screen:"
	screen_capture 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# screen_wait_filter TEXT [SECONDS]: wait until the header (line 2) shows
# the filter TEXT, whole or cut with "…" at the pane's edge.
screen_wait_filter() {
	limit=$(( (${2:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		screen_line 2 2>/dev/null | python3 -c '
import sys
line, want = sys.stdin.read().rstrip("\n"), sys.argv[1]
at = line.find("filter: ")
shown = line[at + 8:] if at >= 0 else None
sys.exit(0 if shown is not None and (shown.startswith(want) or
         (shown.endswith("\u2026") and len(shown) > 1 and want.startswith(shown[:-1]))) else 1)
' "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen_wait_filter: the header never showed the filter \"$1\"; the screen:"
	screen_capture 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# screen_capture_sgr: the screen with its SGR attributes (capture-pane -e).
screen_capture_sgr() {
	tmux -L "$SCREEN_SOCK" capture-pane -t t -p -e
}

# Python that reads a capture-pane -e screen: screen_cells(capture) is a
# list of lines, each a list of (character, style), where style is a
# hashable summary of the SGR state (colours and attributes) the character
# was drawn in. The state carries from one line to the next, as tmux
# writes it; text(cells) is a line's text.
CONSOLE_SGR_PY='
import re

def screen_cells(capture):
    lines, out, state, i = [], [], {}, 0
    while i < len(capture):
        ch = capture[i]
        if ch == "\n":
            lines.append(out)
            out, i = [], i + 1
            continue
        m = re.match(r"\x1b\[([0-9;:]*)m", capture[i:])
        if m:
            ps = m.group(1).replace(":", ";").split(";")
            k = 0
            while k < len(ps):
                p = ps[k] or "0"
                if p == "0":
                    state = {}
                elif p in ("38", "48") and k + 2 < len(ps) and ps[k + 1] == "5":
                    state[p] = ps[k + 2]
                    k += 2
                elif p in ("38", "48") and k + 4 < len(ps) and ps[k + 1] == "2":
                    state[p] = ",".join(ps[k + 2:k + 5])
                    k += 4
                elif p in ("39", "49"):
                    state.pop("38" if p == "39" else "48", None)
                elif p.isdigit() and (30 <= int(p) <= 37 or 90 <= int(p) <= 97):
                    state["38"] = p
                elif p.isdigit() and (40 <= int(p) <= 47 or 100 <= int(p) <= 107):
                    state["48"] = p
                elif p in ("22", "23", "24", "25", "27", "28", "29"):
                    for a in {"22": ("1", "2"), "23": ("3",), "24": ("4",), "25": ("5",),
                              "27": ("7",), "28": ("8",), "29": ("9",)}[p]:
                        state.pop("a" + a, None)
                else:
                    state["a" + p] = True
                k += 1
            i += m.end()
            continue
        if ch == "\x1b":
            m = re.match(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|.)", capture[i:])
            i += m.end() if m else 1
            continue
        out.append((ch, tuple(sorted(state.items()))))
        i += 1
    if out:
        lines.append(out)
    return lines

def text(cs):
    return "".join(c for c, _ in cs)
'

# active_view: the name of the ticket view the header highlights (the one
# view name drawn in a style no other has).
active_view() {
	screen_capture_sgr | python3 -c "$CONSOLE_SGR_PY"'
import re, sys
cs = screen_cells(sys.stdin.read())[1]
styles = {}
for m in re.finditer(r"([a-z][a-z0-9_-]*) [0-9]+", text(cs)):
    styles[m.group(1)] = cs[m.start()][1]
count = {}
for s in styles.values():
    count[s] = count.get(s, 0) + 1
alone = [n for n, s in styles.items() if count[s] == 1]
print(alone[0] if len(styles) > 2 and len(alone) == 1 else "?")
'
}

# selected_row_id FIRST LAST: the ticket id of the list row (lines FIRST
# to LAST) drawn in the selected style: the one row whose id cell is drawn
# in a style no other row's is; "?" when there is not exactly one.
selected_row_id() {
	screen_capture_sgr | python3 -c "$CONSOLE_SGR_PY"'
import re, sys
first, last = int(sys.argv[1]), int(sys.argv[2])
ids = []
for cs in screen_cells(sys.stdin.read())[first - 1:last]:
    m = re.match(r"[ +*]{3}([0-9]+) ", text(cs))
    if m:
        ids.append((m.group(1), cs[m.start(1)][1]))
count = {}
for _, s in ids:
    count[s] = count.get(s, 0) + 1
alone = [i for i, s in ids if count[s] == 1]
print(alone[0] if len(ids) > 2 and len(alone) == 1 else "?")
' "$1" "$2"
}

# req_clear: forget the requests the backend has seen so far.
req_clear() {
	backend_ctl DELETE /_control/requests >/dev/null
}

# req_wait METHOD PATH_REGEX [SECONDS]: wait until the backend has seen a
# request with METHOD whose path matches PATH_REGEX (re.search), then wait
# a moment for a burst to end; the matching requests, oldest first, are in
# $TMP/req.json (a list; "body" parsed when it is JSON).
req_wait() {
	m=$1 re=$2 limit=$(( (${3:-$SCREEN_TIMEOUT}) * 10 )) i=0
	while [ "$i" -lt "$limit" ]; do
		if req_match "$m" "$re"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# req_wait: no $m matching $re in ${3:-$SCREEN_TIMEOUT} s; requests seen:"
	backend_ctl GET /_control/requests | python3 -c '
import json, sys
for r in json.load(sys.stdin)["requests"]:
    print("#   %s %s %s %s" % (r["method"], r["path"], r["status"], json.dumps(r["body"])[:200]))'
	echo "# the screen:"
	screen_capture 2>/dev/null | sed 's/^/#   |/'
	return 1
}

# req_match METHOD PATH_REGEX: whether a matching request was seen; the
# matches are written to $TMP/req.json either way.
req_match() {
	backend_ctl GET /_control/requests >"$TMP/reqlog.json" || return 1
	python3 - "$1" "$2" "$TMP/reqlog.json" "$TMP/req.json" <<'PY'
import json, re, sys
method, rx, src, dst = sys.argv[1:5]
reqs = [r for r in json.load(open(src))["requests"]
        if r["method"] == method and re.search(rx, r["path"])]
for r in reqs:
    if isinstance(r.get("body"), str):
        try:
            r["body"] = json.loads(r["body"])
        except ValueError:
            pass
json.dump(reqs, open(dst, "w"), ensure_ascii=False)
sys.exit(0 if reqs else 1)
PY
}

# req_expect DESCRIPTION METHOD PATH_REGEX PYTHON_EXPR: wait for the
# request, then one TAP line: ok when PYTHON_EXPR holds, with r the first
# matching request (r["body"], r["query"], r["path"]), reqs all of them,
# ticket(r) its body's "ticket" object, and for update_many ids(r) the
# tickets it goes to and changes(r) the change to each.
req_expect() {
	d=$1
	if ! req_wait "$2" "$3" >"$TMP/req.diag"; then
		not_ok "$d" "$(cat "$TMP/req.diag")"
		return 1
	fi
	if python3 - "$TMP/req.json" "$4" >"$TMP/req.diag" 2>&1 <<'PY'
import json, sys
def ticket(x):
    """The "ticket" object of a request's JSON body."""
    return (x.get("body") or {}).get("ticket") or {}
def ids(x):
    """The tickets a bulk update goes to, sorted: ids=1,2,3 in the query
    (one change for all) or the ids of the body's "tickets" list."""
    q = [int(i) for v in x["query"].get("ids", []) for i in v.split(",") if i]
    b = [t.get("id") for t in (x.get("body") or {}).get("tickets") or []]
    return sorted(q + b)
def changes(x):
    """What a bulk update changes on each ticket: the body's "ticket" (the
    same for every id) or each of its "tickets", without the id."""
    body = x.get("body") or {}
    if "tickets" in body:
        return [{k: v for k, v in t.items() if k != "id"} for t in body["tickets"]]
    return [ticket(x)] * len(ids(x))
reqs = json.load(open(sys.argv[1]))
r = reqs[0]
ok = eval(sys.argv[2])
if not ok:
    print("expected: " + sys.argv[2])
    for x in reqs:
        print("got: %s %s %s %s" % (x["method"], x["path"], json.dumps(x["query"], ensure_ascii=False),
                                   json.dumps(x["body"], ensure_ascii=False)[:600]))
sys.exit(0 if ok else 1)
PY
	then ok "$d"; return 0; fi
	not_ok "$d" "$(cat "$TMP/req.diag")"
	return 1
}

# raw_restored: the raw stream shows the terminal given back: after the
# last switch to the alternate screen comes the switch back (rmcup,
# \033[?1049l), then nothing that draws (only mode resets and the
# wrapper's EXIT line).
raw_restored() {
	python3 - "$TMP/screen.raw" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read()
smcup, rmcup = raw.rfind(b"\x1b[?1049h"), raw.rfind(b"\x1b[?1049l")
if smcup < 0 or rmcup < smcup:
    print("# the alternate screen was entered at %d and left at %d" % (smcup, rmcup))
    sys.exit(1)
tail = raw[rmcup + len(b"\x1b[?1049l"):]
rest = re.sub(rb"EXIT [0-9]+", b"", tail)
rest = re.sub(rb"\x1b\[\?[0-9;]*[hl]|\x1b[=>]|\x1b\[[0-9;]*m|\x1b\(B|\x1b\[[0-9]*[JK]|[\r\n]", b"", rest)
if rest:
    print("# after rmcup the program still wrote: %r" % tail[:300])
    sys.exit(1)
PY
}

# Python that measures text as the terminal places it, for the width
# checks: colcheck.py's own measure (checked against the C library's
# wcwidth and tmux's cursor by its suite): cp_width(ch), columns(line)
# (the display column each character starts at, then the line's width)
# and width(text).
CONSOLE_WIDTH_PY='
import sys
sys.path.insert(0, "tests/screen")
from colcheck import cp_width, columns, width
'

# screen_too_wide [COLS]: succeed when no line of the screen is wider than
# the pane (or COLS), in display columns; print the offending lines. Lines
# are captured with -J: text drawn past the right edge wraps in tmux, and
# joined back it makes a line longer than the pane.
screen_too_wide() {
	w=${1:-$(screen_size | cut -dx -f1)}
	tmux -L "$SCREEN_SOCK" capture-pane -t t -p -J | python3 -c "$CONSOLE_WIDTH_PY"'
import sys
limit, bad = int(sys.argv[1]), 0
for n, line in enumerate(sys.stdin.read().split("\n")[:-1], 1):
    line = line.rstrip(" ")
    if width(line) > limit:
        bad = 1
        print("# line %d is %d columns wide (the pane: %d): %s" % (n, width(line), limit, line))
sys.exit(bad)
' "$w"
}
