# The Tickets tab at 80x24 against the demo backend: the list and the
# detail, every write a ticket takes (checked on the screen and in the
# request the backend received), tagging and bulk changes, search,
# filters, views, help, the command line, and the terminal given back on
# q, SIGTERM and SIGHUP.
SUITE=screen/tickets
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh

console_setup || { not_ok "the demo backend starts and tdesk sync --once fills the cache"; done_testing; }
# One action left unbound, for the help screen to say so.
mkdir -p "$XDG_CONFIG_HOME/tdesk"
printf 'unbind global $\n' >"$XDG_CONFIG_HOME/tdesk/keys"

# pick FILTER TEXT: narrow the list with F to FILTER (in the current view)
# and wait until the detail pane shows TEXT for the ticket now selected.
pick() {
	screen_send F
	screen_wait "Filter:" || return 1
	screen_send C-u "$1" Enter
	screen_wait_filter "$1" || return 1
	screen_wait "$2"
}

# list_ids: the ticket ids of the list's rows on screen (80x24: lines 3-10).
list_ids() {
	screen_capture | sed -n '3,10p' | awk '$1 ~ /^[0-9]+$/ { print $1 } $1 ~ /^[+*]$/ && $2 ~ /^[0-9]+$/ { print $2 }' | tr '\n' ' '
}

console_start 80 24

# ---- The list ----------------------------------------------------------------

if screen_wait "unassigned 12" && screen_wait "二段階認証のコードが届きません"; then
	ids=$(list_ids)
	if [ "$ids" = "147 113 112 136 132 146 122 121 " ]; then
		ok "the list opens on the unassigned view with the demo's tickets, newest first"
	else not_ok "the list opens on the unassigned view with the demo's tickets, newest first" \
	    "rows: $ids" "$(screen_capture)"; fi
else not_ok "the list opens on the unassigned view with the demo's tickets, newest first"; fi

row=$(screen_capture | grep '^ *147 ')
case "$row" in
*"norm new "*"田中 博"*"二段階認証のコードが届きません"*)
	ok "a row shows id, priority, status, requester and a Japanese subject intact" ;;
*)	not_ok "a row shows id, priority, status, requester and a Japanese subject intact" "row: $row" ;;
esac

# ---- Views ----------------------------------------------------------------

v1=$(active_view)
screen_send ']'
if screen_wait_line 3 "110" && [ "$(active_view)" = mine ] && [ "$v1" = unassigned ]; then
	ok "] switches to the next view (mine) and the header highlights it"
else not_ok "] switches to the next view (mine) and the header highlights it" \
    "highlighted before: $v1, after: $(active_view)" "$(screen_capture)"; fi
screen_send '['
if screen_wait_line 3 "147" && [ "$(active_view)" = unassigned ]; then
	ok "[ goes back to the previous view"
else not_ok "[ goes back to the previous view" "highlighted: $(active_view)"; fi

# ---- Search ----------------------------------------------------------------

screen_send /
if screen_wait "Search tickets:"; then
	screen_send chat Enter
	if screen_wait "#122 O chat me transferiu"; then
		ok "/ finds the first ticket with a word of its subject"
	else not_ok "/ finds the first ticket with a word of its subject"; fi
else not_ok "/ finds the first ticket with a word of its subject"; fi
screen_send n
if screen_wait "#121 Chat assistant marked my conversation solved"; then
	ok "n goes to the next match"
else not_ok "n goes to the next match"; fi
screen_send N
if screen_wait "#122 O chat me transferiu"; then
	ok "N goes back to the previous match"
else not_ok "N goes back to the previous match"; fi

# ---- Help and the command line --------------------------------------------

screen_send '?'
if screen_wait "Keys of the Tickets tab" &&
    screen_capture | grep -Eq '(^|[^a-z-])ticket-reply +r +Write a public reply'; then
	ok "? lists the ticket actions with their keys (ticket-reply r)"
else not_ok "? lists the ticket actions with their keys (ticket-reply r)" "$(screen_capture)"; fi
screen_send G
if screen_wait "sync-now" && screen_capture | grep -Eq '(^|[^a-z-])sync-now +\(unbound\) +Synchronise'; then
	ok "? marks an action the user's keymap unbinds as (unbound)"
else not_ok "? marks an action the user's keymap unbinds as (unbound)" "$(screen_capture)"; fi
screen_send q
if screen_gone "Keys of the Tickets tab" && screen_wait "unassigned 12"; then
	ok "q closes the help and leaves the console running"
else not_ok "q closes the help and leaves the console running"; fi

screen_send :
screen_wait_line 24 ":" >/dev/null
screen_send s t a Tab
if screen_wait_line 24 ":status"; then
	ok ": then sta and Tab completes the command to status"
else not_ok ": then sta and Tab completes the command to status"; fi
screen_send Escape
screen_gone ":status" >/dev/null

# ---- Filters ----------------------------------------------------------------

screen_send v
screen_wait "View:" >/dev/null
screen_send all Enter
if screen_wait "all 32" && screen_wait_line 3 "111" && [ "$(active_view)" = all ]; then
	ok "v picks a view by name and the header highlights it"
else not_ok "v picks a view by name and the header highlights it" "highlighted: $(active_view)"; fi

if pick "status:pending" "#114 " && ids=$(list_ids) && [ "$ids" = "114 134 103 142 " ] &&
    [ "$(screen_capture | sed -n '3,6p' | grep -c ' pending ')" = 4 ]; then
	ok "F status:pending narrows the list to the pending tickets and the header shows the filter"
else not_ok "F status:pending narrows the list to the pending tickets and the header shows the filter" \
    "rows: ${ids:-}" "$(screen_capture)"; fi

screen_send F
screen_wait "Filter:" >/dev/null
screen_send C-u "status:open bogus:1" Enter
if screen_wait_line 24 "column 13" && screen_capture | tail -n 1 | grep -q 'unknown key "bogus"'; then
	ok "a filter error says at which column and what is wrong"
else not_ok "a filter error says at which column and what is wrong"; fi
if screen_wait_filter "status:pending" 1 >/dev/null; then
	ok "a filter error leaves the list as it was"
else not_ok "a filter error leaves the list as it was" "$(screen_line 2)"; fi

# ---- The detail --------------------------------------------------------------

if pick "INV-88213" "#133 Invoice INV-88213 paid but still marked unpaid"; then
	screen_send Enter
	if screen_wait "Requester: Emily Turner <emily@northwind.example>" &&
	    screen_wait "Billing standing: good_standing" &&
	    screen_wait "fp_1003 flagged: ordered USD 120.00, paid 119.99"; then
		ok "Enter opens the detail: requester, billing standing and the linked payment"
	else not_ok "Enter opens the detail: requester, billing standing and the linked payment"; fi
	screen_send G
	if screen_wait "Reply by Emily Turner" && screen_wait "INTERNAL NOTE by Krzysztof Nowak" &&
	    screen_wait "We paid invoice INV-88213" && screen_wait "Provider reported the gross amount"; then
		ok "the detail's conversation tells a public reply from an INTERNAL NOTE"
	else not_ok "the detail's conversation tells a public reply from an INTERNAL NOTE"; fi
	screen_send Escape
else
	not_ok "Enter opens the detail: requester, billing standing and the linked payment"
	not_ok "the detail's conversation tells a public reply from an INTERNAL NOTE"
fi

# ---- Bulk: tag three, then ; s solved ------------------------------------------

pick "tag:billing_outage" "#111 " >/dev/null
screen_send t t t
if screen_wait_line 3 "+  111" && screen_wait_line 5 "+  113" && screen_line 6 | grep -q "^   112"; then
	ok "t tags the selected ticket and moves down: three presses tag the first three"
else not_ok "t tags the selected ticket and moves down: three presses tag the first three"; fi
if screen_wait_line 2 "3 tagged" 2; then
	ok "with a filter on, the header at 80 columns still shows how many tickets are tagged"
else not_ok "with a filter on, the header at 80 columns still shows how many tickets are tagged"; fi
req_clear
# (tmux takes a lone ; as its own command separator: \; sends the key.)
screen_send '\;'
screen_wait "the next action applies to every tagged line" >/dev/null
screen_send s
screen_wait "Status (3 tagged tickets)" >/dev/null
screen_send solved Enter
if screen_wait "Set status solved on 3 tagged tickets? [y/N]"; then
	screen_send y
	req_expect "; s solved y sends one update_many with the three tagged tickets" \
	    PUT '/api/v2/tickets/update_many' \
	    'len(reqs) == 1 and ids(r) == [111, 113, 114] and all(c.get("status") == "solved" for c in changes(r))'
else not_ok "; s solved y sends one update_many with the three tagged tickets"; fi
if screen_wait "Change for 3 tagged tickets: queued" && screen_gone "+  11"; then
	ok "the tags are cleared once the bulk change is queued"
else not_ok "the tags are cleared once the bulk change is queued"; fi

# T: tag what matches a filter, then add a tag to all of them.
screen_send F
screen_wait "Filter:" >/dev/null
screen_send C-u Enter
screen_gone "filter:" >/dev/null
screen_send T
screen_wait "Tag tickets matching:" >/dev/null
screen_send "tag:payment_failed_banner" Enter
if screen_wait_line 2 "5 tagged" && screen_wait "Tagged 5 matching tickets; 5 tagged in all"; then
	ok "T tags the tickets matching a filter and the header shows 5 tagged"
else not_ok "T tags the tickets matching a filter and the header shows 5 tagged"; fi
req_clear
screen_send '\;' +
screen_wait "Add tags (5 tagged tickets)" >/dev/null
screen_send banner_reviewed Enter
if screen_wait "Add 1 tag to 5 tagged tickets? [y/N]"; then
	screen_send y
	req_expect "; + after T adds the tag to the five matching tickets in one update_many" \
	    PUT '/api/v2/tickets/update_many' \
	    'len(reqs) == 1 and ids(r) == [101, 102, 103, 104, 105] and all(c.get("additional_tags") == ["banner_reviewed"] for c in changes(r))'
else not_ok "; + after T adds the tag to the five matching tickets in one update_many"; fi

# ---- Writes on one ticket ------------------------------------------------------

# Reply answered n, then an internal note: the note is the only write.
pick "CNPJ" "#148 Nota fiscal com CNPJ errado" >/dev/null
req_clear
screen_send r
if screen_wait "Send this public reply (2 lines) to Mariana Costa on #148? [y/N]"; then
	ok "r runs the editor and asks before a public reply reaches the requester"
	screen_send n
	if screen_gone "[y/N]" && screen_wait_line 24 "Cancelled"; then
		ok "answering n closes the question and says Cancelled"
	else not_ok "answering n closes the question and says Cancelled"; fi
else
	not_ok "r runs the editor and asks before a public reply reaches the requester"
	not_ok "answering n closes the question and says Cancelled"
	screen_send Escape
fi
screen_send i
if screen_wait "Internal note for #148: queued"; then
	ok "i queues an internal note without asking"
else not_ok "i queues an internal note without asking"; fi
req_expect "the note is a PUT with public false and the editor's text" \
    PUT '/api/v2/tickets/148(\.json)?$' \
    'ticket(r)["comment"]["public"] is False and "'"$EDITOR_TEXT1"'" in ticket(r)["comment"]["body"] and "'"$EDITOR_TEXT2"'" in ticket(r)["comment"]["body"]'
req_expect "the reply answered n sent nothing: the note is the only write" \
    PUT '/api/v2/tickets/148(\.json)?$' \
    'len(reqs) == 1 and not ticket(r)["comment"]["public"]'

req_clear
screen_send r
if screen_wait "Send this public reply (2 lines) to Mariana Costa on #148? [y/N]"; then
	screen_send y
	screen_wait "Public reply for #148: queued" >/dev/null
	req_expect "r answered y sends a public reply with the editor's text" \
	    PUT '/api/v2/tickets/148(\.json)?$' \
	    'len(reqs) == 1 and ticket(r)["comment"]["public"] is True and ticket(r)["comment"]["body"].startswith("'"$EDITOR_TEXT1"'")'
else not_ok "r answered y sends a public reply with the editor's text"; screen_send Escape; fi

# Once Zendesk has them, both are in the conversation with their labels.
screen_send Enter
i=0
until [ "$i" -ge 50 ] || { screen_capture | grep -q "INTERNAL NOTE by Alex Morgan" &&
    screen_capture | grep -q "Reply by Alex Morgan" &&
    [ "$(screen_capture | grep -c "$EDITOR_TEXT1")" = 2 ]; }; do
	screen_send G	# the conversation grows as the sync brings it: to its end again
	sleep 0.2
	i=$((i + 1))
done
if [ "$i" -lt 50 ]; then
	ok "the detail then shows the note as INTERNAL NOTE and the reply as Reply, by me, with the text"
else not_ok "the detail then shows the note as INTERNAL NOTE and the reply as Reply, by me, with the text" "$(screen_capture)"; fi
screen_send Escape

# Assign through completion: a prefix, Tab, Enter.
pick "requester:41004 tag:invoice" "#143 領収書の宛名を変更したい" >/dev/null
req_clear
screen_send a
screen_wait "Assign to agent, group, me or nobody (#143)" >/dev/null
screen_send B e a Tab
if screen_wait_line 24 "Beatriz Santos"; then
	ok "a then a prefix and Tab completes the agent's name"
else not_ok "a then a prefix and Tab completes the agent's name"; fi
screen_send Enter
req_expect "the assignment is a safe PUT with the agent's id" \
    PUT '/api/v2/tickets/143(\.json)?$' \
    'ticket(r).get("assignee_id") == 40003 and ticket(r).get("safe_update") is True and "updated_stamp" in ticket(r)'

pick "requester:41007 tag:crash" "#146 Café ☕ app crashes" >/dev/null
req_clear
screen_send A
if screen_wait "Assignment for #146: queued"; then
	ok "A assigns the ticket to me at once"
else not_ok "A assigns the ticket to me at once"; fi
req_expect "A sends my own id (Alex Morgan, 40001) as the assignee" \
    PUT '/api/v2/tickets/146(\.json)?$' 'ticket(r).get("assignee_id") == 40001'

pick "Alterar" "#142 Alterar o e-mail de faturamento" >/dev/null
req_clear
screen_send s
screen_wait "Status (#142)" >/dev/null
screen_send h o
if screen_wait_line 24 "Status (#142): ho"; then
	ok "the prompt keeps a space between its question and the typed answer"
else not_ok "the prompt keeps a space between its question and the typed answer"; fi
screen_send Tab
screen_wait_line 24 "hold" >/dev/null
screen_send Enter
if screen_wait "Status for #142: queued"; then
	ok "s with a completed status queues the change"
else not_ok "s with a completed status queues the change"; fi
req_expect "the status change is a safe PUT with the new status" \
    PUT '/api/v2/tickets/142(\.json)?$' \
    'ticket(r) .get("status") == "hold" and ticket(r).get("safe_update") is True and set(ticket(r)) <= {"status", "safe_update", "updated_stamp"}'

pick "ORD-7781" "#136 Charged twice for order ORD-7781" >/dev/null
req_clear
screen_send p
screen_wait "Priority (#136)" >/dev/null
screen_send u r g Tab Enter
req_expect "p sets the priority with a safe PUT" \
    PUT '/api/v2/tickets/136(\.json)?$' \
    'ticket(r).get("priority") == "urgent" and ticket(r).get("safe_update") is True'

pick "requester:41005 tag:needs_payment_review" "#131 Zamówienie na 15,46 zł" >/dev/null
req_clear
screen_send +
screen_wait "Add tags (#131)" >/dev/null
screen_send "screen_test reviewed" Enter
req_expect "+ adds the typed tags as additional_tags" \
    PUT '/api/v2/tickets/131(\.json)?$' \
    'ticket(r).get("additional_tags") == ["screen_test", "reviewed"] and "tags" not in ticket(r)'
req_clear
screen_send -
screen_wait "Remove tags (#131)" >/dev/null
screen_send n e e d s Tab
if screen_wait_line 24 "needs_payment_review"; then
	ok "- completes a tag the ticket has"
else not_ok "- completes a tag the ticket has"; fi
screen_send Enter
req_expect "- removes the tag with remove_tags" \
    PUT '/api/v2/tickets/131(\.json)?$' \
    'ticket(r).get("remove_tags") == ["needs_payment_review"] and "tags" not in ticket(r)'

# A macro: Zendesk resolves it (GET .../apply), then the change is sent.
pick "requester:41007 tag:chat" "#121 Chat assistant" >/dev/null
req_clear
screen_send m
screen_wait "Macro (#121)" >/dev/null
screen_send C h a t Tab
screen_wait_line 24 "Chat mix-up: reopen and apologise" >/dev/null
screen_send Enter
if screen_wait 'Apply macro "Chat mix-up: reopen and apologise" to #121?'; then
	# Too long for one line at 80 columns: wrapped over the line above.
	question="$(screen_line 23 | sed 's/ *$//') $(screen_line 24 | sed 's/ *$//')"
	case "$question" in
	*'to #121? It may reply to the customer. [y/N]'*)
		ok "at 80 columns the macro's question is shown whole, its warning and [y/N] included" ;;
	*) not_ok "at 80 columns the macro's question is shown whole, its warning and [y/N] included" \
	    "the question lines: $question" ;;
	esac
	screen_send y
	req_expect "m asks Zendesk to apply the chosen macro (50003) to the ticket" \
	    GET '/macros/50003/apply' 'r["status"] == 200'
	req_expect "... then sends the changes Zendesk resolved: open, assigned to me, the greeting by name" \
	    PUT '/api/v2/tickets/121(\.json)?$' \
	    'ticket(r).get("status") == "open" and ticket(r).get("assignee_id") == 40001 and ticket(r)["comment"]["body"].startswith("Hi Emily, our chat assistant closed your conversation by mistake")'
	if python3 - "$TMP/reqlog.json" <<'PY'
import json, re, sys
log = json.load(open(sys.argv[1]))["requests"]
get = [x["seq"] for x in log if x["method"] == "GET" and "/macros/50003/apply" in x["path"]]
put = [x["seq"] for x in log if x["method"] == "PUT" and re.search(r"/tickets/121(\.json)?$", x["path"])]
sys.exit(0 if get and put and get[0] < put[0] else 1)
PY
	then ok "the macro is resolved (GET .../apply) before the ticket is changed (PUT)"
	else not_ok "the macro is resolved (GET .../apply) before the ticket is changed (PUT)" "$(cat "$TMP/reqlog.json" | head -c 1500)"; fi
else
	not_ok "at 80 columns the macro's question is shown whole, its warning and [y/N] included"
	not_ok "m asks Zendesk to apply the chosen macro (50003) to the ticket"
	not_ok "... then sends the changes Zendesk resolved: open, assigned to me, the greeting by name"
	not_ok "the macro is resolved (GET .../apply) before the ticket is changed (PUT)"
fi

# ---- Quit -------------------------------------------------------------------------

screen_send q
if console_exited && screen_capture_all | grep -q "^EXIT 0$"; then
	ok "q quits the console with status 0"
else not_ok "q quits the console with status 0"; fi
if [ "$(screen_alternate)" = 0 ] && ! screen_capture | grep -q "unassigned"; then
	ok "after q the pane shows the normal screen again"
else not_ok "after q the pane shows the normal screen again" "$(screen_capture)"; fi
if raw_restored >"$TMP/raw.diag"; then
	ok "q gives the terminal back: the raw output ends by leaving the alternate screen"
else not_ok "q gives the terminal back: the raw output ends by leaving the alternate screen" "$(cat "$TMP/raw.diag")"; fi
screen_stop

# ---- Signals -----------------------------------------------------------------------

for sig in TERM HUP; do
	console_start 80 24
	if screen_wait "unassigned " && pid=$(console_pid) && [ -n "$pid" ]; then
		kill -s "$sig" "$pid"
		if console_exited && [ "$(screen_alternate)" = 0 ] &&
		    raw_restored >"$TMP/raw.diag"; then
			ok "SIG$sig stops the console and gives the terminal back"
		else not_ok "SIG$sig stops the console and gives the terminal back" \
		    "$(cat "$TMP/raw.diag")" "$(screen_capture)"; fi
	else not_ok "SIG$sig stops the console and gives the terminal back" "the console did not start"; fi
	screen_stop
done

done_testing
