# The hostile data of the screen tests, proved before a console uses it:
# hostile_dump gives tests/unit/hostile.h byte for byte, seed_hostile.py
# puts it into the test backend as a Zendesk answer can carry it, tdesk
# syncs every page of it, and hostile.forbid names only what unsanitised
# output always holds and correct output never does.
SUITE=screen/hostile
. tests/lib.sh
. tests/screen/lib.sh
: "${BUILD:=$(pwd)/build}"
DUMP=$BUILD/tools/hostile_dump
FORBID=${FORBID:-tests/screen/hostile.forbid}	# another file: test a changed copy
SEED=tests/screen/seed_hostile.py

# --- hostile_dump ----------------------------------------------------------
"$DUMP" >"$TMP/hostile.json"
rc=$?
python3 - "$TMP/hostile.json" tests/unit/hostile.h >"$TMP/out" 2>&1 <<'PY'
import base64, json, re, sys
entries = json.load(open(sys.argv[1], encoding="utf-8"))
header = open(sys.argv[2], encoding="utf-8").read()
declared = re.findall(r'^\s*HOSTILE(?:_LONG)?\("([^"]+)"', header, re.M)
problems = []
if [e["name"] for e in entries] != declared:
    problems.append("names differ from hostile.h: %d vs %d" % (len(entries), len(declared)))
by = {}
for e in entries:
    raw = base64.b64decode(e["b64"])
    by[e["name"]] = raw
    if len(raw) != e["len"]:
        problems.append("%s: %d bytes, len says %d" % (e["name"], len(raw), e["len"]))
want = {"CSI clear screen": b"\x1b[2J\x1b[Hcleared", "NUL inside": b"nul\x00inside",
        "bytes FF FE": b"\xff\xfex", "UTF-16 surrogate ED A0 80": b"\xed\xa0\x80",
        "UTF-8 C1 CSI U+009B": b"\xc2\x9b2Jc1", "RLO file name": "evil\u202etxt.exe".encode()}
for name, raw in want.items():
    if by.get(name) != raw:
        problems.append("%s: %r, want %r" % (name, by.get(name), raw))
big = [e for e in entries if e["repeat"]]
pattern = b"abc\xe2\x80\x8b\xff\x1b[1m"
if len(big) != 1 or by[big[0]["name"]] != (pattern * (1 << 20))[:1 << 20]:
    problems.append("the 1 MB line is not its pattern repeated to 1048576 bytes")
osc0 = [e for e in entries if e["name"] == "OSC 0 title"][0]
if (base64.b64decode(osc0["shows_b64"]), base64.b64decode(osc0["hides_b64"])) != (b"text", b"pwned"):
    problems.append("OSC 0 title: shows/hides differ")
if [e for e in entries if e["name"] == "raw byte 0x9B CSI"][0]["hides_b64"] is not None:
    problems.append("a NULL hides is not null")
print("\n".join(problems) or "%d entries" % len(entries))
sys.exit(1 if problems else 0)
PY
prc=$?
if [ "$rc" -eq 0 ] && [ "$prc" -eq 0 ]; then
	ok "hostile_dump prints every string of hostile.h, in order, byte for byte ($(cat "$TMP/out"): NUL, invalid UTF-8, the 1 MB line)"
else not_ok "hostile_dump prints every string of hostile.h, byte for byte" "exit $rc" "$(cat "$TMP/out")"; fi

# --- seed_hostile.py ---------------------------------------------------------
backend_start || exit 1
run python3 "$SEED" --port "$BACKEND_PORT" --file "$TMP/hostile.json" --manifest "$TMP/manifest.json"
if [ "$RC" -eq 0 ] && grep -q '^seeded 68 hostile tickets .*the 1 MB line in ticket #[0-9]*; [0-9]* distinct' "$TMP/out"; then
	ok "seed_hostile.py seeds 68 hostile tickets, users and organizations and the 1 MB ticket, and reads them back"
else not_ok "seed_hostile.py seeds and reads back" "exit $RC" "$(cat "$TMP/out" "$TMP/err")"; fi

# What tdesk will be sent, checked apart from the seeder: the Zendesk API's
# own answers, raw bytes and parsed.
python3 - "$TMP/manifest.json" "$BACKEND_PORT" >"$TMP/out" 2>&1 <<'PY'
import base64, http.client, json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[2]), timeout=30)
def get(path):
    conn.request("GET", "/zendesk/api/v2" + path, headers={"Authorization": "Bearer zd-admin-token"})
    r = conn.getresponse()
    return r.status, r.read()
problems, subjects, names, comments = [], set(), set(), set()
ids = [e["ticket_id"] for e in m["entries"]]
raw_all = b""
for k in range(0, len(ids), 100):
    status, raw = get("/tickets/show_many.json?include=users,organizations&ids=" +
                      ",".join(map(str, ids[k:k + 100])))
    raw_all += raw
    page = json.loads(raw.decode("utf-8"))
    subjects |= {t["subject"] for t in page["tickets"]}
    names |= {u["name"] for u in page["users"]}
for e in m["entries"]:
    status, raw = get("/tickets/%d/comments.json" % e["ticket_id"])
    raw_all += raw
    comments |= {c["body"] for c in json.loads(raw.decode("utf-8"))["comments"]}
texts = {e["name"]: base64.b64decode(e["text_b64"]).decode("utf-8") for e in m["entries"]}
everywhere = set(texts.values()) & subjects & names & comments
if len(everywhere) < 40:
    problems.append("%d distinct strings in subjects, names and comments alike" % len(everywhere))
# The decision on bytes a JSON answer cannot carry.
for name, want in (("overlong C0 AF", "\ufffd\ufffd"), ("UTF-16 surrogate ED A0 80", "\ufffd" * 3),
                   ("NUL inside", "nulinside"), ("raw byte 0x9B CSI", "\ufffd2Jraw"),
                   ("CSI clear screen", "\x1b[2J\x1b[Hcleared"), ("UTF-8 C1 CSI U+009B", "\x9b2Jc1")):
    if texts.get(name) != want or want not in subjects:
        problems.append("%s: sent %r, want %r in a subject" % (name, texts.get(name), want))
try:
    raw_all.decode("utf-8", "strict")
except UnicodeDecodeError as x:
    problems.append("the answers hold invalid UTF-8: %s" % x)
for bad in (b"\\u0000", b"\\ud8", b"\\udb", b"\\udc", b"\\udf"):
    if bad in raw_all.lower():
        problems.append("the answers hold %r, which jansson refuses" % bad)
for must in (b"\\u001b]52;c;cm0gLXJmIH4K\\u0007", "\u009d0;pwned".encode("utf-8"), "\u202e".encode("utf-8")):
    if must not in raw_all:
        problems.append("the answers lack %r" % must)
print("\n".join(problems) or "%d distinct strings everywhere" % len(everywhere))
sys.exit(1 if problems else 0)
PY
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "the Zendesk API then answers valid UTF-8 JSON with ESC escaped, C1 and bidi raw, bad bytes as U+FFFD, no NUL ($(cat "$TMP/out"))"
else not_ok "the Zendesk API answers as decided" "$(cat "$TMP/out")"; fi

# The seeder's own checks fail when they should.
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
json.dump([x for x in e if not x["repeat"]][:10], open(sys.argv[2], "w"))
long = dict(e[0], name="long", len=100000, b64=__import__("base64").b64encode(b"y" * 100000).decode())
json.dump([long], open(sys.argv[3], "w"))
bad = dict(e[0], len=e[0]["len"] + 1)
json.dump([bad], open(sys.argv[4], "w"))' "$TMP/hostile.json" "$TMP/ten.json" "$TMP/long.json" "$TMP/bad.json"
backend_ctl POST /_control/reset >/dev/null
expect_err "seed_hostile.py fails when fewer than 40 distinct strings end up everywhere" 1 \
    "only 10 distinct strings" python3 "$SEED" --port "$BACKEND_PORT" --file "$TMP/ten.json"
backend_ctl POST /_control/reset >/dev/null
expect_err "seed_hostile.py fails when a comment reads back differently (100 kB, cut at 64 KiB)" 1 \
    "comments read back differently" python3 "$SEED" --port "$BACKEND_PORT" --file "$TMP/long.json"
expect_err "seed_hostile.py refuses a dump whose bytes do not match their length" 2 \
    "bytes, want" python3 "$SEED" --port "$BACKEND_PORT" --file "$TMP/bad.json"
expect_err "seed_hostile.py without a backend is exit 2" 2 "the backend on port 9" \
    python3 "$SEED" --port 9 --file "$TMP/ten.json"

# --- hostile.forbid --------------------------------------------------------
# Every fragment must turn up when the seeded texts are drawn without the
# sanitiser (through ncurses, as a console that forgot would, or printed
# raw, as a command line would), and none when the sanitiser's expected
# output (hostile.h "shows") is drawn.
python3 - "$TMP/manifest.json" "$TMP" <<'PY'
import base64, json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
texts = [base64.b64decode(e["text_b64"]).decode("utf-8") for e in m["entries"]]
shows = [base64.b64decode(e["shows_b64"]).decode("utf-8") for e in m["entries"] if e["shows_b64"]]
json.dump(texts, open(sys.argv[2] + "/texts.json", "w"))
json.dump(shows, open(sys.argv[2] + "/shows.json", "w"))
open(sys.argv[2] + "/texts.raw", "wb").write("\r\n".join(texts).encode("utf-8"))
open(sys.argv[2] + "/shows.raw", "wb").write("\r\n".join(shows).encode("utf-8"))
PY
python3 tests/screen/ncurses_draw.py --term tmux-256color --size 250x100 --lines "$TMP/texts.json" \
    --out "$TMP/texts.drawn" 2>"$TMP/err"
python3 tests/screen/rawcheck.py --max 100000 --forbid "$FORBID" "$TMP/texts.raw" "$TMP/texts.drawn" >"$TMP/out" 2>&1
python3 - "$FORBID" "$TMP/out" >"$TMP/missing" <<'PY'
import re, sys
sys.path.insert(0, "tests/screen")
import rawcheck
lines = {no for _, no in rawcheck.load_forbid(sys.argv[1])}
hit = {int(n) for n in re.findall(r"FORBIDDEN: fragment of \S+ line (\d+) ", open(sys.argv[2]).read())}
for no in sorted(lines - hit):
    print("line %d: %s" % (no, open(sys.argv[1]).read().split("\n")[no - 1]))
PY
if [ -s "$TMP/texts.drawn" ] && [ ! -s "$TMP/missing" ] && grep -q '^rawcheck: .*texts.drawn: [0-9]* findings' "$TMP/out"; then
	ok "every line of hostile.forbid turns up when the seeded texts are drawn by ncurses or printed raw, unsanitised"
else not_ok "every line of hostile.forbid turns up when the seeded texts are drawn unsanitised" \
    "never found:" "$(cat "$TMP/missing")" "$(cat "$TMP/err")"; fi
python3 tests/screen/ncurses_draw.py --term tmux-256color --size 250x100 --lines "$TMP/shows.json" \
    --out "$TMP/shows.drawn" 2>"$TMP/err"
python3 tests/screen/rawcheck.py --term tmux-256color --forbid "$FORBID" "$TMP/shows.drawn" "$TMP/shows.raw" >"$TMP/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -c <"$TMP/shows.drawn")" -gt 2000 ]; then
	ok "no line of hostile.forbid, and no stray sequence, when the sanitiser's expected output is drawn or printed"
else not_ok "nothing forbidden when the sanitiser's expected output is drawn" "exit $rc" "$(head -20 "$TMP/out")"; fi

# --- tdesk takes the data in ----------------------------------------------------
backend_ctl POST /_control/reset >/dev/null
python3 "$SEED" --port "$BACKEND_PORT" --file "$TMP/hostile.json" --manifest "$TMP/manifest.json" >/dev/null
write_config demo
run "$TDESK" sync --once
check "tdesk sync --once takes every hostile page in: jansson decodes all of them" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || sed 's/^/#   /' "$TMP/err" | head -20
run "$TDESK" tickets list --plain --filter tag:hostile --limit 500
check "tdesk lists the 69 hostile tickets" [ "$RC" -eq 0 -a "$(wc -l <"$TMP/out")" -eq 69 ]

# The command line is the first program to show this data: its output is
# held to the same standard as the console's will be.
screen_start 220 80 "$TDESK" tickets list --filter tag:hostile --limit 100
screen_wait "SUBJECT" 10 >/dev/null
if screen_raw_check --forbid "$FORBID" >"$TMP/diag"; then
	ok "tdesk tickets list writes the hostile tickets with no stray sequence and nothing forbidden"
else not_ok "tdesk tickets list writes the hostile tickets with no stray sequence and nothing forbidden" "$(sed 's/^#   //' "$TMP/diag")"; fi
if screen_colcheck --row '^ +[0-9]+ (?!.*Huge Line Sender)' --min-rows 68 \
    --field ' (new|open|pending|hold|solved|closed) ' \
    --field '^ +[0-9]+ +\S+ +\S+ +[0-9]+ \S+ (\S).*? +(?P<field>\1)' >"$TMP/diag"; then
	ok "... its status and subject columns line up on screen on all 68 rows"
else not_ok "... its status and subject columns line up on screen on all 68 rows" "$(sed 's/^#   //' "$TMP/diag")"; fi
screen_stop
for name in "Polish with OSC 52 and emoji" "trojan source comment" "a 1 MB line"; do
	id=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(m["huge_ticket_id"] if sys.argv[2] == "a 1 MB line" else
      [e["ticket_id"] for e in m["entries"] if e["name"] == sys.argv[2]][0])' "$TMP/manifest.json" "$name")
	screen_start 200 60 "$TDESK" ticket show "$id"
	i=0
	while ! screen_dead && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if screen_raw_check --forbid "$FORBID" >"$TMP/diag"; then
		ok "tdesk ticket show $id ($name) writes nothing forbidden"
	else not_ok "tdesk ticket show $id ($name) writes nothing forbidden" "$(sed 's/^#   //' "$TMP/diag")"; fi
	screen_stop
done
done_testing
