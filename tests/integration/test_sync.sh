# tdesk sync --once against the test backend, then the listings read what
# it stored: tickets with comments, payments with exact money, incidents.
SUITE=integration/sync
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
db="$XDG_DATA_HOME/tdesk/demo.db"


expect_rc "sync --once succeeds against the demo backend" 0 "$TDESK" sync --once
check "sync --once says what it fetched" grep -q "zendesk: up to date ([0-9]* pages, [0-9]* records" "$TMP/err"

# Every ticket the backend has is in the cache, seen through --json.
backend_ctl GET "/_control/state?what=tickets" >"$TMP/state.json"
"$TDESK" tickets list --json --limit 1000 >"$TMP/tickets.json"
if python3 - "$TMP/state.json" "$TMP/tickets.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
tickets = state.get("tickets", state)
ids = {t["id"] for t in (tickets.values() if isinstance(tickets, dict) else tickets)}
listed = {t["id"] for t in json.load(open(sys.argv[2]))}
sys.exit(0 if ids and ids == listed else 1)
PY
then ok "tickets list --json has every ticket of the backend"
else not_ok "tickets list --json has every ticket of the backend" "$(head -c 400 "$TMP/tickets.json")"; fi

expect_out "tickets list shows a Polish subject intact" "Zamówienie na 15,46 zł" "$TDESK" tickets list --limit 1000
expect_out "tickets list shows a Japanese subject intact" "決済ページが" "$TDESK" tickets list --limit 1000 --plain
run "$TDESK" tickets list --plain --limit 1000
if [ "$RC" -eq 0 ] && awk -F '\t' 'NF != 6 { bad = 1 } END { exit bad }' "$TMP/out"; then
	ok "tickets list --plain has six tab-separated fields on every line"
else not_ok "tickets list --plain has six tab-separated fields on every line" "$(head -n 3 "$TMP/out")"; fi

expect_out "ticket show prints the conversation" "--- reply from" "$TDESK" ticket show 131
check "... with the organization's billing standing" grep -q "^billing" "$TMP/out"
expect_err "ticket show of an unknown ticket says so" 1 "not in the cache" "$TDESK" ticket show 99999
expect_err "ticket show of garbage is a usage error" 2 "not a ticket ID" "$TDESK" ticket show 12x

expect_out "payments list shows the 15.46 PLN order paid 15.45" "15.45" "$TDESK" payments list
run "$TDESK" payment show fp_1001 --json
if [ "$RC" -eq 0 ] && python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
assert p["expected_amount"] == "15.46" and p["received_amount"] == "15.45", p
assert p["delta"] == "-0.01" and p["currency"] == "PLN", p
' "$TMP/out"; then ok "payment show --json has exact decimal strings and the delta"
else not_ok "payment show --json has exact decimal strings and the delta" "$(head -c 600 "$TMP/out")"; fi
expect_out "a JPY payment has no decimals" "15800" "$TDESK" payment show fp_1005
expect_out "a BTC payment has eight decimals" "0.00149000" "$TDESK" payment show fp_1010
expect_out "a KWD payment has three decimals" "12.450" "$TDESK" payment show fp_1009

expect_out "incidents list shows the partner outage first" "Payments partner outage" "$TDESK" incidents list
expect_out "incident show has its updates" "identified" "$TDESK" incident show p8rtnr0ut4ge

expect_out "status shows a last success per endpoint" "last success 2" "$TDESK" status

# A second sync resumes from the stored cursor and changes nothing.
backend_ctl DELETE /_control/requests >/dev/null
sum1=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print([c.execute("select count(*), total(length(json)) from " + t).fetchone() for t in ("tickets","comments","payments","incidents")])' "$db")
expect_rc "a second sync succeeds" 0 "$TDESK" sync --once
backend_ctl GET /_control/requests >"$TMP/log.json"
check "the second export resumes from the stored cursor" python3 -c '
import json, sys
reqs = json.load(open(sys.argv[1]))["requests"]
ex = [r for r in reqs if "/incremental/tickets/cursor" in r["path"]]
assert ex and all("cursor" in r["query"] and "start_time" not in r["query"] for r in ex), ex
' "$TMP/log.json"
sum2=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print([c.execute("select count(*), total(length(json)) from " + t).fetchone() for t in ("tickets","comments","payments","incidents")])' "$db")
check "a sync that finds nothing new leaves the data as it was" [ "$sum1" = "$sum2" ]

# A change on the server arrives with the next sync.
backend_ctl POST /_control/zendesk/tickets/104 '{"subject": "Zmieniony temat po stronie serwera"}' >/dev/null
"$TDESK" sync --once 2>/dev/null
expect_out "a change made on the server is picked up by the next sync" "Zmieniony temat" "$TDESK" ticket show 104

# tdesk sync without --once keeps the cache in step until it is told to stop.
rm -f "$db" "$db-wal" "$db-shm"
"$TDESK" sync >"$TMP/bg.out" 2>"$TMP/bg.err" &
bg=$!
i=0
until grep -q "zendesk: idle" "$TMP/bg.err" || [ "$i" -ge 100 ]; do sleep 0.2; i=$((i + 1)); done
check "tdesk sync in the background reports each backend idle after its first round" grep -q "zendesk: idle" "$TMP/bg.err"
kill -TERM "$bg"
wait "$bg"
check "SIGTERM stops it cleanly" [ "$?" -eq 0 ]
check "... saying so" grep -q "stopping" "$TMP/bg.err"
expect_out "what it synced is in the cache" "Zamówienie na 15,46 zł" "$TDESK" tickets list --limit 1000

# An agent's token may not use the export: tdesk falls back and says nothing is wrong.
sed -i 's/zendesk.email = admin@acme.test/zendesk.email = agent@acme.test/' "$CONFIG"
export TDESK_TEST_ZENDESK_TOKEN=zd-agent-token
rm -f "$db" "$db-wal" "$db-shm"
expect_rc "an agent token syncs through the fallback endpoint" 0 "$TDESK" sync --once
expect_out "... and its tickets are listed" "Zamówienie na 15,46 zł" "$TDESK" tickets list --limit 1000
done_testing
