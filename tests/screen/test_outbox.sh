# The Outbox tab at 80x24 against the demo backend: writes that failed or
# met a conflict are listed oldest first with their request and reason;
# retry, re-apply after a conflict, edit (the comment text, or the request
# body as JSON) in $EDITOR, and drop (asked first, with :drop ID too), each
# checked on the screen and in the requests the backend received. Text in
# a backend's error never reaches the terminal unsanitised.
SUITE=screen/outbox
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh
: "${BUILD:=$(pwd)/build}"
ENQ="$BUILD/tools/enqueue"

if [ ! -x "$ENQ" ]; then
	not_ok "the enqueue test tool is built" "$ENQ is missing: make units"
	done_testing
fi
console_setup || { not_ok "the demo backend starts and tdesk sync --once fills the cache"; done_testing; }
# A write whose answer was lost is read back at once here: the wait before
# it is tested in tests/integration/test_outbox.sh.
config_tdesk readback_delay 0s
db="$XDG_DATA_HOME/tdesk/demo.db"

# The editor: a comment (.txt) is rewritten, a request body (.json) gets
# status hold instead of pending.
EDITED="Edited in the Outbox tab."
cat >"$TMP/outbox-editor" <<EOF
#!/bin/sh
for f in "\$@"; do :; done
case "\$f" in
*.json)	sed -i 's/"pending"/"hold"/' "\$f" ;;
*)	printf '%s\n' '$EDITED' >"\$f" ;;
esac
EOF
chmod +x "$TMP/outbox-editor"
EDITOR="$TMP/outbox-editor" VISUAL="$TMP/outbox-editor"
export EDITOR VISUAL

# fail_once TICKET [BODY]: the next PUT to the ticket is refused with 422.
fail_once() {
	backend_ctl POST /_control/faults "{\"match\":{\"backend\":\"zendesk\",
	    \"method\":\"PUT\",\"path\":\"^/api/v2/tickets/$1\"},\"kind\":\"status\",
	    \"status\":422${2:+,\"body\":$2},\"count\":1}" >/dev/null
}

# The writes, each failing or conflicting when tdesk sync sends them.
fail_once 131
w131=$("$ENQ" "$db" comment 131 public "Outbox test: retried as it is")
"$ENQ" "$db" status 132 pending >"$TMP/w132" && w132=$(cat "$TMP/w132")
backend_ctl POST /_control/zendesk/tickets/132 '{"priority":"urgent"}' >/dev/null
fail_once 136
w136=$("$ENQ" "$db" comment 136 public "Outbox test: to be edited")
fail_once 133
w133=$("$ENQ" "$db" status 133 pending)
fail_once 146 '{"error":"RecordInvalid","description":"Bad \u001b]0;PWNED\u0007 value \u001b[31mred"}'
w146=$("$ENQ" "$db" comment 146 internal "$(printf 'Outbox test: to be dropped \033]2;OWNED\007 title')")
fail_once 121
w121=$("$ENQ" "$db" status 121 solved)
"$TDESK" sync --once >"$TMP/sync2.out" 2>&1
"$TDESK" outbox list --plain >"$TMP/before" 2>&1
if [ "$(grep -c '	failed	' "$TMP/before")" = 5 ] &&
    [ "$(grep -c '	conflict	' "$TMP/before")" = 1 ]; then
	ok "tdesk sync leaves five writes failed and one in conflict"
else not_ok "tdesk sync leaves five writes failed and one in conflict" \
    "$(cat "$TMP/before" "$TMP/sync2.out")"; fi
server132=$(backend_ctl GET "/_control/state?what=tickets&id=132" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["ticket"]["updated_at"])')

# pick TARGET: select the write to TARGET (the first row, or the one /
# finds below it) and wait for its detail (line 12: the detail's first).
pick() {
	screen_send Escape g
	screen_wait_line 3 "ticket:" >/dev/null || return 1
	sleep 0.2
	screen_line 12 | grep -qF "to $1" && return 0
	screen_send /
	screen_wait "Search writes:" || return 1
	screen_send "$1" Enter
	screen_wait_line 12 "to $1"
}

# detail_find TEXT: scroll the detail pane from its top until it shows
# TEXT (a grep pattern); the list has the focus again afterwards.
detail_find() {
	screen_send Enter g
	i=0
	while [ $i -lt 40 ]; do
		sleep 0.1
		if screen_capture | grep -q -- "$1"; then
			screen_send Escape
			return 0
		fi
		screen_send j
		i=$((i + 1))
	done
	screen_capture | sed 's/^/#   |/'
	screen_send Escape
	return 1
}


# in_outbox ID: the write is still in the outbox, as tdesk lists it.
in_outbox() {
	"$TDESK" outbox list --plain | grep -q "^$1	"
}

console_start 80 24
screen_wait "Tickets" >/dev/null
req_clear
screen_send 4

# ---- The list ------------------------------------------------------------

if screen_wait "Outbox · 6 writes · 0 queued · 5 failed · 1 in conflict"; then
	rows=$(screen_capture | sed -n '3,8p' | awk '{ print $1 ":" $2 ":" $4 }' | tr '\n' ' ')
	want="$w131:failed:ticket:131 $w132:conflict:ticket:132 $w136:failed:ticket:136 $w133:failed:ticket:133 $w146:failed:ticket:146 $w121:failed:ticket:121 "
	if [ "$rows" = "$want" ]; then
		ok "the Outbox tab lists every write not yet sent, oldest first, with its state and target"
	else not_ok "the Outbox tab lists every write not yet sent, oldest first, with its state and target" \
	    "rows: $rows" "want: $want" "$(screen_capture)"; fi
else not_ok "the Outbox tab lists every write not yet sent, oldest first, with its state and target"; fi
if screen_wait_line 1 "4 Outbox (6)"; then
	ok "the tab bar counts the failed and conflicting writes"
else not_ok "the tab bar counts the failed and conflicting writes"; fi
row=$(screen_capture | sed -n 3p)
case "$row" in
*"ticket.update"*"zendesk: PUT"*) ok "a row shows the kind and the start of the reason" ;;
*)	not_ok "a row shows the kind and the start of the reason" "row: $row" ;;
esac

# ---- The detail ------------------------------------------------------------

if pick ticket:146 && screen_wait "Reason       zendesk: PUT" &&
    detail_find "Bad  *value  *red" && detail_find '"body": "Outbox test: to be dropped  *title"' &&
    detail_find '"public": false'; then
	ok "the detail shows the state, the reason and the request body pretty-printed"
else not_ok "the detail shows the state, the reason and the request body pretty-printed"; fi
if python3 -c '
import sys
raw = open(sys.argv[1], "rb").read()
sys.exit(0 if b"\x1b]0;PWNED" in raw or b"\x1b[31mred" in raw or b"\x1b]2;OWNED" in raw else 1)' \
    "$TMP/screen.raw"; then
	not_ok "escape sequences in a write or a backend's error never reach the terminal"
else ok "escape sequences in a write or a backend's error never reach the terminal"; fi
# What was inside a sequence goes with it (the reason kept "]0;PWNED" once).
if grep -q 'PWNED' "$TMP/screen.raw"; then
	not_ok "nothing of an escape sequence in a backend's error is shown"
else ok "nothing of an escape sequence in a backend's error is shown"; fi

if pick ticket:132 && detail_find "What changed on the server" &&
    detail_find "status *pending *open"; then
	ok "a conflict shows the field the write sets against the server's value"
else not_ok "a conflict shows the field the write sets against the server's value"; fi
if detail_find "Server now   $server132"; then
	ok "... and the server's updated_at against the stamp the write was based on"
else not_ok "... and the server's updated_at against the stamp the write was based on" \
    "want: Server now $server132"; fi

# ---- Re-apply a conflict ------------------------------------------------------

screen_send r
if screen_wait "demo (test): re-apply write $w132 on ticket:132 over the server's version? [y/N]"; then
	ok "r on a conflict asks before re-applying it on the server's version, naming the profile and its environment as tdesk outbox retry does"
else not_ok "r on a conflict asks before re-applying it on the server's version, naming the profile and its environment as tdesk outbox retry does"; fi
screen_send y
req_expect "... and y sends it again as a safe update on the server's current updated_at" \
    PUT '/tickets/132' "r['status'] == 200 and ticket(r)['status'] == 'pending' and ticket(r)['updated_stamp'] == '$server132'"
if screen_gone "ticket:132" && ! in_outbox "$w132"; then
	ok "... and the applied write leaves the outbox"
else not_ok "... and the applied write leaves the outbox"; fi

# ---- Retry a failed write -----------------------------------------------------------

if pick ticket:131; then
	screen_send r
	req_expect "r on a failed write sends it again at once, unchanged" \
	    PUT '/tickets/131' "r['status'] == 200 and ticket(r)['comment']['body'] == 'Outbox test: retried as it is'"
	if screen_gone "ticket:131" && ! in_outbox "$w131"; then
		ok "... and it leaves the outbox"
	else not_ok "... and it leaves the outbox"; fi
else not_ok "r on a failed write sends it again at once, unchanged"; fi

# ---- Edit ------------------------------------------------------------------------------

if pick ticket:136; then
	screen_send e
	req_expect "e on a reply opens its text in \$EDITOR and sends what was saved" \
	    PUT '/tickets/136' "r['status'] == 200 and ticket(r)['comment']['body'].strip() == '$EDITED'"
	if screen_wait "Write $w136 changed and queued again" && screen_gone "ticket:136"; then
		ok "... says so, and the write leaves the outbox"
	else not_ok "... says so, and the write leaves the outbox"; fi
else not_ok "e on a reply opens its text in \$EDITOR and sends what was saved"; fi

if pick ticket:133; then
	screen_send e
	req_expect "e on a status change opens the request body as JSON and sends the edited body" \
	    PUT '/tickets/133' "r['status'] == 200 and ticket(r)['status'] == 'hold' and ticket(r)['safe_update'] is True"
	screen_gone "ticket:133" >/dev/null
else not_ok "e on a status change opens the request body as JSON and sends the edited body"; fi

# ---- Drop ------------------------------------------------------------------------------

if pick ticket:146; then
	screen_send d
	if screen_wait "Drop write $w146 (ticket:146)? It will never be sent. [y/N]"; then
		ok "d asks before dropping a write"
	else not_ok "d asks before dropping a write"; fi
	screen_send n
	if screen_wait "Cancelled" && in_outbox "$w146"; then
		ok "... and anything but y keeps it"
	else not_ok "... and anything but y keeps it"; fi
	screen_send d
	screen_wait "[y/N]" >/dev/null
	screen_send y
	if screen_wait "Write $w146 dropped: it will not be sent" && screen_gone "ticket:146" &&
	    ! in_outbox "$w146"; then
		ok "... and y drops it"
	else not_ok "... and y drops it"; fi
else not_ok "d asks before dropping a write"; fi

screen_send : "drop $w121" Enter
if screen_wait "Drop write $w121 (ticket:121)? It will never be sent. [y/N]"; then
	screen_send y
	if screen_wait "(the outbox is empty)" && ! in_outbox "$w121"; then
		ok ":drop ID asks the same question and drops that write"
	else not_ok ":drop ID asks the same question and drops that write"; fi
else not_ok ":drop ID asks the same question and drops that write"; fi
if screen_wait_line 2 "Outbox · 0 writes"; then
	ok "the header counts nothing left"
else not_ok "the header counts nothing left"; fi

# ---- A write being sent ---------------------------------------------------------------

# The backend takes 8 s to answer, so the write stays sending meanwhile.
backend_ctl POST /_control/faults '{"match":{"backend":"zendesk","method":"PUT",
    "path":"^/api/v2/tickets/147"},"kind":"delay","ms":8000,"count":1}' >/dev/null
w147=$("$ENQ" "$db" status 147 open)
screen_send '$'
i=0
until "$TDESK" outbox list --plain | grep -q "^$w147	sending	" || [ $i -ge 100 ]; do
	sleep 0.1; i=$((i + 1))
done
if pick ticket:147; then
	screen_send r
	screen_wait "Write $w147 is being sent right now: wait for its outcome" 3 &&
	    screen_send e &&
	    screen_wait "Write $w147 is being sent right now: wait for its outcome" 3 &&
	    screen_send d &&
	    screen_wait "Write $w147 is being sent right now: let it finish" 3
	if [ $? -eq 0 ] && in_outbox "$w147"; then
		ok "a write being sent is not retried, edited or dropped, and the message says why"
	else not_ok "a write being sent is not retried, edited or dropped, and the message says why"; fi
else not_ok "a write being sent is not retried, edited or dropped, and the message says why"; fi
if screen_wait "(the outbox is empty)" 20 && ! in_outbox "$w147"; then
	ok "... and it leaves the outbox once its answer came"
else not_ok "... and it leaves the outbox once its answer came"; fi

# ---- A write that may have been applied ----------------------------------------------

# Its answer is lost after the backend applied it, and the read-back of
# the ticket is a 404: nobody can tell, so it must be neither sent as new
# nor taken for done, and the Outbox must say what is not known.
backend_ctl POST /_control/faults '[{"match":{"backend":"zendesk","method":"PUT",
    "path":"^/api/v2/tickets/148"},"kind":"lost_response","count":1},
    {"match":{"backend":"zendesk","method":"GET","path":"^/api/v2/tickets/148$"},
    "kind":"status","status":404,"count":0}]' >/dev/null
w148=$("$ENQ" "$db" comment 148 public "Outbox test: did this reach the customer?")
screen_send '$'
if screen_wait "may already have been applied" 20 && pick ticket:148 &&
    screen_wait "Reason       may already have been applied: a retry reads it back"; then
	ok "a write whose read-back failed says it may already have been applied, and that a retry reads it back first"
else not_ok "a write whose read-back failed says it may already have been applied, and that a retry reads it back first"; fi
screen_send e
if screen_wait "Write $w148 may already have been applied: retry it to read it back, or drop it" 3; then
	ok "... it cannot be edited, and the message says what to do instead"
else not_ok "... it cannot be edited, and the message says what to do instead"; fi
screen_send d
if screen_wait "Drop write $w148 (ticket:148)? It may already have reached zendesk. [y/N]" 3; then
	ok "... a drop warns that it may already have reached the backend"
else not_ok "... a drop warns that it may already have reached the backend"; fi
screen_send n
backend_ctl DELETE /_control/faults >/dev/null
screen_send r
if screen_wait "Write $w148 queued again: it is read back first, as it may have been applied" 5 &&
    screen_gone "ticket:148" && ! in_outbox "$w148"; then
	ok "... and r reads it back, finds it, and it leaves the outbox"
else not_ok "... and r reads it back, finds it, and it leaves the outbox"; fi
n148=$(backend_ctl GET "/_control/state?what=tickets&id=148" | python3 -c '
import json, sys
print(sum(c["body"] == "Outbox test: did this reach the customer?" for c in json.load(sys.stdin)["comments"]))')
if [ "$n148" = 1 ]; then
	ok "... and the customer got that reply exactly once"
else not_ok "... and the customer got that reply exactly once" "comments: $n148"; fi

# A moment for a drain that should not happen, then the backend's word.
screen_send '$'
sleep 2
if req_match PUT '/tickets/(146|121)'; then
	not_ok "the dropped writes never reached the backend" "$(cat "$TMP/req.json")"
else ok "the dropped writes never reached the backend"; fi
if req_match PUT '/tickets/' && python3 - "$TMP/req.json" <<'PY'
import collections, json, sys
reqs = [r for r in json.load(open(sys.argv[1])) if r["status"] in (200, "lost")]
n = collections.Counter(r["path"] for r in reqs)
sys.exit(0 if sorted(n.values()) == [1] * 6 and len(n) == 6 else 1)
PY
then ok "each sent write was applied exactly once"
else not_ok "each sent write was applied exactly once" "$(cat "$TMP/req.json")"; fi

screen_send q
console_exited
screen_stop
done_testing
