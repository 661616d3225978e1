# The Payments and Incidents tabs at 80x24 and 200x50 against the demo
# backend: they list what the cache holds (as tdesk payments list and
# incidents list read it) with exact amounts, the detail panes show the
# selected record, the panes never overflow their separator, backend text
# is sanitised, the payment keys send nothing and say what is missing, and
# a profile without the backends says so.
SUITE=screen/tabs
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh

console_setup || { not_ok "the demo backend starts and tdesk sync --once fills the cache"; done_testing; }
db="$XDG_DATA_HOME/tdesk/demo.db"

# A payment and an incident whose names carry escape sequences, then the
# cache as tdesk's own listings read it.
backend_ctl POST /_control/payments '{"id":"fp_evil","currency":"EUR",
    "expected_amount":"10.00","received_amount":"12.50","reasons":["overpaid"],
    "customer":{"id":"cus_evil","name":"Evil \u001b]2;OWNED\u0007Corp \u001b[31mred"}}' >/dev/null
backend_ctl POST /_control/statuspage/incidents '{"name":"Evil \u001b]2;OWNED\u0007incident",
    "status":"resolved"}' >/dev/null
"$TDESK" sync --once >"$TMP/sync2.out" 2>&1
"$TDESK" payments list --plain --limit 500 >"$TMP/payments" 2>&1
"$TDESK" incidents list --plain --limit 500 >"$TMP/incidents" 2>&1
npay=$(wc -l <"$TMP/payments")
ninc=$(wc -l <"$TMP/incidents")
if [ "$npay" -gt 10 ] && [ "$ninc" -gt 3 ] && grep -q '^fp_evil	' "$TMP/payments"; then
	ok "the cache holds the demo's payments and incidents and the added ones"
else not_ok "the cache holds the demo's payments and incidents and the added ones" \
    "$(cat "$TMP/payments" "$TMP/incidents" "$TMP/sync2.out")"; fi

# Reminders are tdesk's own (no backend sets them): the unresolved incident
# is 10 minutes late, the maintenance due in half an hour.
python3 - "$db" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
now = int(time.time())
c.execute("UPDATE incidents SET next_update_due = ? WHERE status = 'identified'", (now - 600,))
c.execute("UPDATE incidents SET next_update_due = ? WHERE status = 'scheduled'", (now + 1800,))
c.commit()
PY

# payment_cells: each payment's list cells as the tab shows them, from
# tdesk payments list --plain: "ID|STATUS|CUR EXP → REC (±DELTA)", one a line.
payment_cells() {
	python3 - "$TMP/payments" <<'PY'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    pid, status, cur, exp, rec, delta = f[:6]
    amount = "%s %s \u2192 %s" % (cur, exp, rec)
    if delta.strip("-0.") != "":
        amount += " (%s%s)" % ("\u2212" if delta.startswith("-") else "+", delta.lstrip("-"))
    print("%s|%s|%s" % (pid, status, amount))
PY
}

# rows_match FIRST LAST N: lines FIRST..LAST of the screen are the first N
# payments, in order, each with its id, status and amounts.
rows_match() {
	screen_capture | sed -n "$1,$2p" >"$TMP/rows"
	payment_cells >"$TMP/cells"
	head -n "$3" "$TMP/cells" >"$TMP/want"
	python3 - "$TMP/rows" "$TMP/want" <<'PY'
import sys
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
want = [l.rstrip("\n").split("|") for l in open(sys.argv[2], encoding="utf-8")]
bad = 0
for i, (pid, status, amount) in enumerate(want):
    row = rows[i] if i < len(rows) else ""
    cells = row[1:].split()
    if not cells or cells[0] != pid or status[:7] not in row or amount not in row:
        print("# row %d: %r, want %s %s %s" % (i + 1, row, pid, status, amount))
        bad = 1
sys.exit(bad)
PY
}

# sep_column COL FIRST LAST: every line FIRST..LAST has the pane separator
# at display column COL (from 0): no row overflowed into the other pane.
sep_column() {
	screen_capture | sed -n "$2,$3p" | python3 -c '
import sys, unicodedata
col, bad = int(sys.argv[1]), 0
for n, line in enumerate(sys.stdin):
    x = 0
    for ch in line.rstrip("\n"):
        if x == col:
            if ch != "\u2502":
                print("# line %d: %r at column %d" % (n, ch, col)); bad = 1
            break
        x += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    else:
        print("# line %d is shorter than %d columns" % (n, col)); bad = 1
sys.exit(bad)' "$1"
}

# style_of LINE TEXT: the colours and attributes of the first cell of TEXT
# on LINE, from the SGR sequences tmux reports (capture-pane -e).
style_of() {
	screen_capture_sgr | sed -n "${1}p" | python3 -c '
import re, sys
line, text = sys.stdin.read().rstrip("\n"), sys.argv[1]
cells, state, i = [], {}, 0
while i < len(line):
    m = re.match(r"\x1b\[([0-9;]*)m", line[i:])
    if m:
        ps, k = m.group(1).split(";") or ["0"], 0
        while k < len(ps):
            p = ps[k] or "0"
            if p == "0":
                state = {}
            elif p in ("38", "48") and k + 2 < len(ps) and ps[k + 1] == "5":
                state[p] = ps[k + 2]; k += 2
            elif p.isdigit() and (30 <= int(p) <= 37 or 90 <= int(p) <= 97):
                state["38"] = p
            elif p == "39":
                state.pop("38", None)
            elif p.isdigit() and (40 <= int(p) <= 47 or 100 <= int(p) <= 107):
                state["48"] = p
            elif p == "49":
                state.pop("48", None)
            else:
                state["a" + p] = True
            k += 1
        i += m.end()
        continue
    cells.append((line[i], tuple(sorted(state.items()))))
    i += 1
k = "".join(c for c, _ in cells).find(text)
print(cells[k][1] if k >= 0 else "?")' "$2"
}

# raw_clean SIZE: no escape sequence from a backend reached the terminal.
raw_clean() {
	if python3 -c '
import sys
raw = open(sys.argv[1], "rb").read()
sys.exit(0 if b"\x1b]2;OWNED" in raw or b"\x1b[31mred" in raw else 1)' "$TMP/screen.raw"; then
		not_ok "$1: no escape sequence from a backend reached the terminal"
	else ok "$1: no escape sequence from a backend reached the terminal"; fi
}

# ---- 80x24 --------------------------------------------------------------------

console_start 80 24
screen_wait "Tickets" >/dev/null
# The status line: the late incident first, in brief at 80 columns.
if screen_wait "inc: overdue 10 min · " 5; then
	ok "the status line names the unresolved incident whose update is overdue"
else not_ok "the status line names the unresolved incident whose update is overdue" \
    "$(screen_capture | tail -n 2)"; fi
screen_send 2
if screen_wait "Payments · $npay payments · technician · read-only" && rows_match 4 10 7; then
	ok "80x24: the Payments tab lists the cache's payments in order with exact amounts and differences"
else not_ok "80x24: the Payments tab lists the cache's payments in order with exact amounts and differences" \
    "$(screen_capture)"; fi
first=$(head -n 1 "$TMP/payments" | cut -f1)
second=$(sed -n 2p "$TMP/payments" | cut -f1)
if screen_wait_line 12 "Payment $first · " && screen_wait "Difference" &&
    screen_wait "Expected     $(head -n 1 "$TMP/payments" | cut -f3,4 | tr '\t' ' ')"; then
	ok "80x24: the detail pane shows the selected payment"
else not_ok "80x24: the detail pane shows the selected payment"; fi
screen_send j
if screen_wait_line 12 "Payment $second · "; then
	ok "80x24: j selects the next payment and the detail follows"
else not_ok "80x24: j selects the next payment and the detail follows"; fi
if screen_capture | sed -n 11p | grep -q '^─\{80\}$'; then
	ok "80x24: the panes are stacked with a line between them"
else not_ok "80x24: the panes are stacked with a line between them" "$(screen_capture)"; fi

# The payment keys are the payments issue's: nothing happens, nothing is sent.
req_clear
screen_send a f
sleep 1
if ! req_match POST 'resolution' && ! screen_capture | grep -qF "[y/N]" &&
    screen_line 12 | grep -qF "Payment $second · "; then
	ok "80x24: a and f do nothing in the read-only Payments tab"
else not_ok "80x24: a and f do nothing in the read-only Payments tab" "$(screen_capture)"; fi
screen_send a
if screen_wait_line 24 "accept: no confirmation for payment resolutions yet" &&
    ! screen_capture | grep -qF "[y/N]"; then
	ok "80x24: a in the Payments tab says what is missing (the money preview), not nothing"
else not_ok "80x24: a in the Payments tab says what is missing (the money preview), not nothing" \
    "$(screen_capture)"; fi

naccepted=$(grep -c '	accepted	' "$TMP/payments")
screen_send F
screen_wait "Filter payments:" >/dev/null
screen_send "status:accepted" Enter
if screen_wait "Payments · $naccepted payment" && screen_wait "filter: status:accepted" &&
    [ "$(screen_capture | sed -n '4,10p' | grep -c ' accepted ')" = "$naccepted" ]; then
	ok "80x24: F narrows the payments with a filter and the header says so"
else not_ok "80x24: F narrows the payments with a filter and the header says so"; fi
screen_send : "filter" Enter
if screen_wait "Payments · $npay payments · technician · read-only"; then
	ok "80x24: :filter with nothing shows every payment again"
else not_ok "80x24: :filter with nothing shows every payment again"; fi

screen_send 3
ids=$(cut -f2 "$TMP/incidents" | head -n 4 | tr '\n' ' ')
if screen_wait "Incidents · $ninc incidents · read-only" &&
    [ "$(screen_capture | sed -n '4,7p' | awk '{ print $1 }' | tr '\n' ' ')" = "$ids" ]; then
	ok "80x24: the Incidents tab lists the cache's incidents, unresolved first"
else not_ok "80x24: the Incidents tab lists the cache's incidents, unresolved first" \
    "want statuses: $ids" "$(screen_capture)"; fi
if screen_capture | sed -n 4p | grep -q 'min late$' &&
    screen_capture | sed -n 5p | grep -q 'in [23][0-9] min$'; then
	ok "80x24: each unresolved incident shows when its next update is due"
else not_ok "80x24: each unresolved incident shows when its next update is due" "$(screen_capture)"; fi
name=$(head -n 1 "$TMP/incidents" | cut -f5)
if screen_wait_line 12 "$name" && screen_wait "Next update"; then
	err=$(style_of 13 identified) late=$(style_of 17 "2026")
	normal=$(style_of 14 "major")
	if [ "$err" = "$late" ] && [ "$err" != "$normal" ]; then
		ok "80x24: the detail shows the incident, its overdue update in the error colour"
	else not_ok "80x24: the detail shows the incident, its overdue update in the error colour" \
	    "status: $err, next update: $late, impact: $normal" "$(screen_capture)"; fi
else not_ok "80x24: the detail shows the incident, its overdue update in the error colour"; fi

# Scrolling the detail (Enter gives it the keys) down to the components.
screen_send Enter
i=0
while [ $i -lt 60 ] && ! screen_capture | grep -q "All components"; do
	screen_send Space; sleep 0.1; i=$((i + 1))
done
screen_send G
sleep 0.3
if screen_capture | grep -q "^  Email notifications *operational"; then
	ok "80x24: the detail scrolls down to every component and its status"
else not_ok "80x24: the detail scrolls down to every component and its status" "$(screen_capture)"; fi
screen_send Escape j
if screen_wait_line 12 "$(sed -n 2p "$TMP/incidents" | cut -f5 | cut -c1-40)"; then
	ok "80x24: back in the list, j moves to the next incident"
else not_ok "80x24: back in the list, j moves to the next incident"; fi
screen_send q
console_exited
raw_clean 80x24
screen_stop

# ---- 200x50 -----------------------------------------------------------------------

console_start 200 50
screen_wait "Tickets" >/dev/null
screen_send 2
if screen_wait "Payments · $npay payments" && rows_match 4 $((3 + npay)) "$npay"; then
	ok "200x50: every payment is listed with exact amounts and differences"
else not_ok "200x50: every payment is listed with exact amounts and differences" "$(screen_capture)"; fi
if sep_column 90 3 48; then
	ok "200x50: the panes are side by side and no payment row crosses the separator"
else not_ok "200x50: the panes are side by side and no payment row crosses the separator"; fi
screen_send /
screen_wait "Search payments:" >/dev/null
screen_send fp_evil Enter
if screen_wait "Payment fp_evil · flagged" && screen_wait "Customer     Evil Corp red" &&
    screen_wait "Difference   EUR +2.50 (more than expected)"; then
	ok "200x50: / finds a payment; its customer's name is shown without its escape sequences"
else not_ok "200x50: / finds a payment; its customer's name is shown without its escape sequences"; fi
screen_send 3
if screen_wait "Incidents · $ninc incidents" && screen_wait "All components" &&
    screen_wait "Evil incident"; then
	ok "200x50: every incident is listed, and the detail shows the updates and every component"
else not_ok "200x50: every incident is listed, and the detail shows the updates and every component"; fi
if sep_column 90 3 48; then
	ok "200x50: no incident row crosses the separator"
else not_ok "200x50: no incident row crosses the separator"; fi
screen_send q
console_exited
raw_clean 200x50
screen_stop

# ---- A profile without payments and Statuspage ----------------------------------------

cat >>"$CONFIG" <<CONF

[profile "helpdesk-only"]
	zendesk.url = $BACKEND_URL/zendesk
	zendesk.email = admin@acme.test
	zendesk.token_env = TDESK_TEST_ZENDESK_TOKEN
CONF
screen_start 80 24 "$TDESK" -p helpdesk-only --config "$CONFIG"
screen_wait "Tickets" >/dev/null
screen_send 2
if screen_wait "Payments are not configured for profile helpdesk-only: see tdesk.conf(5)"; then
	ok "a profile without payments: the Payments tab says so"
else not_ok "a profile without payments: the Payments tab says so"; fi
screen_send 3
if screen_wait "Incidents are not configured for profile helpdesk-only: see tdesk.conf(5)"; then
	ok "a profile without Statuspage: the Incidents tab says so"
else not_ok "a profile without Statuspage: the Incidents tab says so"; fi
screen_send q
screen_stop
done_testing
