# Wide and zero-width text in the ticket list: Japanese, Korean, Polish,
# fullwidth Latin, combining accents, Thai marks and emoji (with a
# variation selector, a ZWJ sequence, a flag) in subjects and requester
# names. Every row's columns start at the same display column, and the │
# between the panes stays in one column, measured as the terminal placed
# the text.
SUITE=screen/widths
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh

console_setup || { not_ok "the demo backend starts and tdesk sync --once fills the cache"; done_testing; }

# New tickets beside the demo's own Japanese and Polish ones: the newest,
# so they head the unassigned view. "subject|requester name|email".
cat >"$TMP/new-tickets" <<'EOF'
👩‍💻 Dev portal: 2FA 🔐 codes never arrive 🇵🇱|Zażółć Gęślą-Jaźń|zazolc@example.pl
Ｆｕｌｌｗｉｄｔｈ ＡＢＣ and half-width ｶﾀｶﾅ order|ＡＢＣ商事 担当 山本太郎|yamamoto@abc.example.jp
Café déjà vu — combining accents everywhere|Zoë Ångström|zoe@example.se
결제 실패 메시지가 계속 나와요|김민준|minjun@example.kr
❤️ love the app ✔️ but ที่นี่ breaks|Ana 🙂 Lima|ana@example.pt
Grzegorz: faktura źle wystawiona, proszę o korektę|Grzegorz Brzęczyszczykiewicz|grzegorz@example.pl
請求書の再発行について：宛名と住所と金額がすべて間違っているので至急確認してください（株式会社サクラ工業 経理部）|佐々木 真由美|mayumi@sakura-kogyo.jp|LONG
EOF
# The accents of the third are combining marks (NFD), not precomposed;
# the last has a subject and a comment longer than any pane is wide.
python3 - "$TMP/new-tickets" <<'PY' >"$TMP/new-tickets.json"
import json, sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    subject, name, email, *long = line.rstrip("\n").split("|")
    if email.startswith("zoe@"):
        subject, name = unicodedata.normalize("NFD", subject), unicodedata.normalize("NFD", name)
    body = subject
    if long:
        body = "".join("%d. 請求書番号INV-2026-%04dの金額が¥15,800ではなく¥158,000になっています😱🇯🇵。" % (i, i)
                       for i in range(1, 9)) + "\n" + "ｱｲｳｴｵ" * 40
    print(json.dumps({"subject": subject, "status": "new", "comment": {"body": body},
                      "requester": {"name": name, "email": email}}, ensure_ascii=False))
PY
n=0
while IFS= read -r t; do
	backend_ctl POST /_control/zendesk/tickets "$t" >/dev/null && n=$((n + 1))
done <"$TMP/new-tickets.json"
if [ "$n" = 7 ] && "$TDESK" sync --once >/dev/null 2>&1; then
	ok "seven tickets with wide, combining and emoji text are added and synced"
else not_ok "seven tickets with wide, combining and emoji text are added and synced" "added $n"; fi

# The measure first: the test's display widths agree with tmux's for every
# subject and name (printed alone in a pane, the cursor ends at its width).
python3 - "$TMP/new-tickets.json" >"$TMP/strings" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    print(t["subject"]); print(t["requester"]["name"])
print("田中 博"); print("二段階認証のコードが届きません"); print("Małgorzata Wiśniewska")
print("Café ☕ app crashes when I open the naïve-bayes report 📉")
PY
bad=""
while IFS= read -r s; do
	want=$(printf '%s' "$s" | python3 -c "$CONSOLE_WIDTH_PY"'
import sys; print(width(sys.stdin.read()))')
	screen_start 200 3 sh -c 'printf "%s" "$1"; printf "\n" >"$2"; sleep 30' - "$s" "$TMP/printed.go"
	i=0
	while [ ! -f "$TMP/printed.go" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	got=$(tmux -L "$SCREEN_SOCK" display-message -t t -p '#{cursor_x}')
	screen_stop
	rm -f "$TMP/printed.go"
	[ "$got" = "$want" ] || bad="$bad
$s: tmux $got columns, the test $want"
done <"$TMP/strings"
if [ -z "$bad" ]; then
	ok "the test measures every subject and name as wide as tmux draws it"
else not_ok "the test measures every subject and name as wide as tmux draws it" "$bad"; fi

# check_columns FIRST LAST SPEC...: on every list row of lines FIRST to
# LAST, each SPEC "name=column" is a field that starts exactly at that
# display column (a character starts there, after a blank): status,
# requester, subject; "sep=N" is the │ at column N. Prints what is off.
check_columns() {
	first=$1 last=$2; shift 2
	screen_capture | sed -n "${first},${last}p" | python3 -c "$CONSOLE_WIDTH_PY"'
import re, sys
specs = dict(a.split("=") for a in sys.argv[1:])
rows, bad = 0, []
for line in sys.stdin.read().split("\n"):
    m = re.match(r"[ +*]{3}([0-9]+) ", line)
    if not m:
        continue
    rows += 1
    cols = columns(line)
    start = {c: i for i, c in enumerate(cols[:-1]) if cp_width(line[i]) > 0}
    for name, want in specs.items():
        want = int(want)
        if name == "sep":
            at = line.find("\u2502")
            got = cols[at] if at >= 0 else None
            if got != want:
                bad.append("#%s: the separator is at column %s, not %d" % (m.group(1), got, want))
            continue
        i = start.get(want)
        before = start.get(want - 1)
        if i is None or line[i] == " " or before is None or line[before] != " ":
            shown = "".join(ch for ch, c in zip(line, cols) if want - 3 <= c <= want + 3)
            bad.append("#%s: no %s field starting at column %d (around it: %r)" % (m.group(1), name, want, shown))
        elif name == "status" and not re.match(r"(new|open|pending|hold|solved|closed) ", line[i:]):
            bad.append("#%s: column %d holds %r, not a status" % (m.group(1), want, line[i:i + 8]))
if rows < 2:
    bad.append("only %d list rows found" % rows)
print("\n".join(bad))
sys.exit(1 if bad else 0)
' "$@"
}

# sep_rows FIRST LAST COLUMN: the │ is at COLUMN on every line FIRST to LAST.
sep_rows() {
	screen_capture | sed -n "$1,$2p" | python3 -c "$CONSOLE_WIDTH_PY"'
import sys
want, bad = int(sys.argv[1]), []
for n, line in enumerate(sys.stdin.read().split("\n")[:-1]):
    at = line.find("\u2502")
    got = columns(line)[at] if at >= 0 else None
    if got != want:
        bad.append("line %d: the separator is at column %s: %s" % (n + 3, got, line))
print("\n".join(bad))
sys.exit(1 if bad else 0)
' "$3"
}

# ---- 200x50: side by side, the list 90 columns wide -------------------------

# colcheck.py's rows and fields: a list row, and its status.
ROW='^[ +*]{3}[0-9]+ '
STATUS='^[ +*]{3}[0-9]+ +[a-z-]+ +(new|open|pending|hold|solved|closed) '

console_start 200 50
if screen_wait "unassigned 19" && screen_wait "결제 실패 메시지가 계속 나와요" &&
    screen_wait "Grzegorz: faktura" && screen_wait "二段階認証のコードが届きません"; then
	ok "at 200x50 the list shows the new tickets above the demo's Japanese and Polish ones"
else not_ok "at 200x50 the list shows the new tickets above the demo's Japanese and Polish ones"; fi
if screen_colcheck --row "$ROW" --field "$STATUS" --column 16 --min-rows 17; then
	ok "at 200x50 the status column starts at display column 16 on every row"
else not_ok "at 200x50 the status column starts at display column 16 on every row"; fi
if check_columns 3 48 requester=34 subject=49 >"$TMP/cols.diag"; then
	ok "at 200x50 requester names and subjects start at the same column on every row"
else not_ok "at 200x50 requester names and subjects start at the same column on every row" "$(cat "$TMP/cols.diag")"; fi
if screen_colcheck --row '│' --field '│' --column 90 --min-rows 46 &&
    sep_rows 3 48 90 >"$TMP/cols.diag"; then
	ok "at 200x50 the │ between the panes is at display column 90 on every row"
else not_ok "at 200x50 the │ between the panes is at display column 90 on every row" "$(cat "$TMP/cols.diag")"; fi
if screen_too_wide >"$TMP/cols.diag"; then ok "at 200x50 nothing is drawn past the right edge"
else not_ok "at 200x50 nothing is drawn past the right edge" "$(cat "$TMP/cols.diag")"; fi

# Each new ticket's detail, opened beside the list: the │ stays put.
bad=""
for k in 1 2 3 4 5 6 7; do
	screen_wait " #$((158 - k))" 5 >/dev/null || bad="$bad
#$((158 - k)) was not shown"
	sep_rows 3 48 90 >"$TMP/cols.diag" || bad="$bad
$(cat "$TMP/cols.diag")"
	screen_send j
done
if [ -z "$bad" ]; then
	ok "with each new ticket's detail beside the list the │ stays at column 90"
else not_ok "with each new ticket's detail beside the list the │ stays at column 90" "$bad"; fi
screen_send q
console_exited >/dev/null
screen_stop

# ---- 80x24 and 100x30: stacked ------------------------------------------------

console_start 80 24
screen_wait "unassigned 19" >/dev/null
if screen_wait "결제 실패" && screen_colcheck --row "$ROW" --field "$STATUS" --column 16 --min-rows 8 &&
    check_columns 3 10 status=16 requester=34 subject=49 >"$TMP/cols.diag"; then
	ok "at 80x24 status, requester and subject start at the same column on every row"
else not_ok "at 80x24 status, requester and subject start at the same column on every row" "$(cat "$TMP/cols.diag")" "$(screen_capture)"; fi
if screen_too_wide >"$TMP/cols.diag"; then ok "at 80x24 nothing is drawn past the right edge"
else not_ok "at 80x24 nothing is drawn past the right edge" "$(cat "$TMP/cols.diag")"; fi
# Each new ticket's detail, wrapped to 80 columns: the long Japanese
# subject and comment included, nothing goes past the edge.
bad=""
for k in 1 2 3 4 5 6 7; do
	screen_wait " #$((158 - k))" 5 >/dev/null || bad="$bad
#$((158 - k)) was not shown"
	if [ "$k" = 1 ]; then	# the long one: its comment, at the detail's end
		screen_send Enter G
		screen_wait "ｱｲｳｴｵｱｲｳｴｵ" 5 >/dev/null || bad="$bad
the end of #157's comment was not shown"
		screen_too_wide >>"$TMP/cols.diag" || bad="$bad
$(screen_too_wide)"
		screen_send Escape
	fi
	screen_too_wide >"$TMP/cols.diag" || bad="$bad
$(cat "$TMP/cols.diag")"
	screen_send j
done
if [ -z "$bad" ]; then ok "at 80x24 every new ticket's detail wraps within the edge, the long Japanese one too"
else not_ok "at 80x24 every new ticket's detail wraps within the edge, the long Japanese one too" "$bad" "$(screen_capture)"; fi
screen_send g
screen_wait_line 3 "   157 " >/dev/null
screen_resize 100 30
# 100 columns: the requester column is 18 wide, so the subject starts at 53.
if screen_wait_line 3 "   157 " && screen_wait "Zażółć Gęślą-Jaźń " &&
    check_columns 3 12 status=16 requester=34 subject=53 >"$TMP/cols.diag"; then
	ok "at 100x30 the wider requester column keeps every row aligned"
else not_ok "at 100x30 the wider requester column keeps every row aligned" "$(cat "$TMP/cols.diag")" "$(screen_capture)"; fi
if screen_too_wide >"$TMP/cols.diag"; then ok "at 100x30 nothing is drawn past the right edge"
else not_ok "at 100x30 nothing is drawn past the right edge" "$(cat "$TMP/cols.diag")"; fi
screen_send q
console_exited >/dev/null
screen_stop
done_testing
