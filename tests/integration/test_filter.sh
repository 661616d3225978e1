# The filter language at the command line: tickets list and payments list
# with --filter and --view, against the demo data of the test backend.
SUITE=integration/filter
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
cat >>"$CONFIG" <<'CONF'

[view "billing"]
	filter = tag:billing

[view "broken"]
	filter = status:open colour:red
CONF

expect_rc "sync --once fills the cache" 0 "$TDESK" sync --once
"$TDESK" tickets list --json --limit 1000 >"$TMP/all.json"
"$TDESK" payments list --json --limit 1000 >"$TMP/payments.json"

# same_ids DESCRIPTION PYTHON-CONDITION: the --plain IDs in $TMP/out are
# exactly those of all tickets for which the condition on t holds.
same_ids() {
	if [ "$RC" -eq 0 ] && python3 - "$TMP/all.json" "$TMP/out" "$2" <<'PY'
import json, sys
tickets = json.load(open(sys.argv[1]))
want = {t["id"] for t in tickets if eval(sys.argv[3], {"t": t})}
got = {int(l.split("\t")[0]) for l in open(sys.argv[2]) if l.strip()}
sys.exit(0 if want and want == got else 1)
PY
	then ok "$1"; else not_ok "$1" "exit status $RC" "stdout: $(head -c 600 "$TMP/out")" \
	    "stderr: $(head -c 600 "$TMP/err")"; fi
}

run "$TDESK" tickets list --filter "status:pending" --plain --limit 1000
same_ids "status:pending lists exactly the pending tickets" 't["status"] == "pending"'
run "$TDESK" tickets list --filter "status:new,open" --plain --limit 1000
same_ids "a status list lists the tickets of either status" 't["status"] in ("new", "open")'
run "$TDESK" tickets list --filter "status<solved" --plain --limit 1000
same_ids "status<solved lists the tickets not yet solved" \
    't["status"] in ("new", "open", "pending", "hold")'
run "$TDESK" tickets list --filter "tag:billing" --plain --limit 1000
same_ids "tag:billing lists exactly the tickets tagged billing" '"billing" in t["tags"].split()'
run "$TDESK" tickets list --filter=assignee:none --plain --limit 1000
same_ids "--filter=assignee:none lists the unassigned tickets" 't["assignee_id"] is None'

expect_out "a Polish free word finds the Polish ticket" "Zamówienie na 15,46 zł" \
    "$TDESK" tickets list --filter "zamówienie" --plain
expect_out "a Japanese free word finds the Japanese ticket" "決済ページが" \
    "$TDESK" tickets list --filter "決済ページ" --plain

run "$TDESK" tickets list --view billing --plain --limit 1000
same_ids "--view billing lists what the view's filter selects" '"billing" in t["tags"].split()'
run "$TDESK" tickets list --view billing --filter "status:pending" --plain --limit 1000
same_ids "--filter narrows a view" '"billing" in t["tags"].split() and t["status"] == "pending"'
expect_err "an unknown view is a usage error listing the known views" 2 \
    "known: billing, broken" "$TDESK" tickets list --view nosuch
expect_err "a view with a bad filter names the view and the column" 2 \
    'view "broken": column 13: unknown key "colour"' "$TDESK" tickets list --view broken

expect_err "a bad filter exits 2 with the column" 2 \
    'tdesk: --filter: column 13: unknown key "colour"' \
    "$TDESK" tickets list --filter "status:open colour:red"
run "$TDESK" tickets list --filter "status:open priority>=high" --plain --limit 1000
same_ids "priority>=high lists the high and urgent tickets" \
    't["status"] == "open" and t["priority"] in ("high", "urgent")'
run "$TDESK" tickets list --filter "priority:low,urgent -assignee:none" --plain --limit 1000
same_ids "a priority list and -assignee:none list the assigned low or urgent tickets" \
    't["priority"] in ("low", "urgent") and t["assignee_id"] is not None'
run "$TDESK" tickets list --filter "-status:open,pending tag:billing -tag:vip" --plain --limit 1000
same_ids "negated status and tag terms leave those tickets out" \
    't["status"] not in ("open", "pending") and "billing" in t["tags"].split() and "vip" not in t["tags"].split()'
run "$TDESK" tickets list --filter "tag:billing tag:billing_outage assignee:some" --plain --limit 1000
same_ids "every tag: term is required" \
    '"billing_outage" in t["tags"].split() and t["assignee_id"] is not None'
run "$TDESK" tickets list --filter "updated<1h" --plain --limit 1000
if [ "$RC" -eq 0 ]; then ok "updated<1h is accepted"; else not_ok "updated<1h is accepted" "$(cat "$TMP/err")"; fi
expect_err "a priority filter with an unknown priority names the column" 2 \
    'column 13: priority: unknown priority "highest"' \
    "$TDESK" tickets list --filter "status:open priority>=highest"
expect_err "--filter without a value is a usage error" 2 "--filter needs a value" \
    "$TDESK" tickets list --filter
expect_err "payments list takes no --view" 2 "takes no --view" \
    "$TDESK" payments list --view billing

run "$TDESK" payments list --filter "currency:PLN reason:underpaid" --json --limit 1000
if [ "$RC" -eq 0 ] && python3 - "$TMP/payments.json" "$TMP/out" <<'PY'
import json, sys
allp = json.load(open(sys.argv[1]))
want = {p["id"] for p in allp if p["currency"] == "PLN" and "underpaid" in p["reasons"].split()}
got = {p["id"] for p in json.load(open(sys.argv[2]))}
sys.exit(0 if want and want == got else 1)
PY
then ok "payments list --filter 'currency:PLN reason:underpaid' lists exactly those payments"
else not_ok "payments list --filter 'currency:PLN reason:underpaid' lists exactly those payments" \
    "$(head -c 600 "$TMP/out")" "$(head -c 600 "$TMP/err")"; fi
expect_err "a payment filter with an unknown reason lists the known ones" 2 \
    "column 1: reason: unknown reason \"short\" (known: underpaid" \
    "$TDESK" payments list --filter "reason:short"

done_testing
