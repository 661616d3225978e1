# Bug: a hung server held tdesk sync --once for 126-156 s (four 30 s
# stalls of one read, and their backoff). With [tdesk] timeout = 2s, a
# backend that never answers (the test backend's delay fault on every GET,
# or on every write) costs sync --once one timeout and no more: the run
# ends within the bound tdesk(1) states, exits 1 naming the backend, and
# leaves the cache's data and the queued writes as they were.
SUITE=integration/timeouts
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
sed -i 's/^\[tdesk\]$/[tdesk]\n\ttimeout = 2s/' "$CONFIG"
T=2
db="$XDG_DATA_HOME/tdesk/demo.db"
ENQ="$BUILD/tools/enqueue"

now_ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }

data_sum() {
	python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print([c.execute("select count(*), total(length(json)) from " + t).fetchone()
       for t in ("tickets", "comments", "users", "organizations", "payments",
                 "incidents", "incident_updates", "components")])
PY
}

outbox_states() {
	python3 -c 'import sqlite3, sys
print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select state from outbox")))' "$db"
}

expect_rc "the config with timeout = 2s is good" 0 "$TDESK" config check
"$TDESK" sync --once >/dev/null 2>&1
# A sync with nothing new: what the answering backends cost.
t0=$(now_ms)
"$TDESK" sync --once >/dev/null 2>&1
base=$(( $(now_ms) - t0 ))
# tdesk(1)'s bound: each of the three configured backends costs at most
# one timeout, plus what the answering ones take (and a second of slack).
bound=$(( 3 * T * 1000 + base + 1000 ))
# One backend hung: one timeout (and two seconds of slack).
one=$(( T * 1000 + base + 2000 ))

# hung NAME RULE: sync --once with the fault installed, timed.
hung() {
	backend_ctl POST /_control/faults "$2" >/dev/null
	before=$(data_sum)
	rows=$(outbox_states)
	t0=$(now_ms)
	"$TDESK" sync --once >"$TMP/out" 2>"$TMP/err"
	rc=$?
	took=$(( $(now_ms) - t0 ))
	backend_ctl DELETE /_control/faults >/dev/null
	if [ "$took" -le "$bound" ]; then ok "$1: sync --once ends within the bound ($took ms <= $bound ms)"
	else not_ok "$1: sync --once ends within the bound" "$took ms > $bound ms" "$(tail -n 5 "$TMP/err")"; fi
	if [ "$took" -le "$one" ]; then ok "$1: ... having waited on zendesk once ($took ms <= $one ms)"
	else not_ok "$1: ... having waited on zendesk once" "$took ms > $one ms" "$(tail -n 5 "$TMP/err")"; fi
	check "$1: ... exits 1" [ "$rc" -eq 1 ]
	if grep -q 'zendesk: [A-Z]* /zendesk/api/v2/.*timed out' "$TMP/err"; then ok "$1: ... says zendesk timed out"
	else not_ok "$1: ... says zendesk timed out" "$(cat "$TMP/err")"; fi
	if [ "$(data_sum)" = "$before" ]; then ok "$1: ... leaves the cache's data as it was"
	else not_ok "$1: ... leaves the cache's data as it was" "$before" "$(data_sum)"; fi
}

# Something new on the server, which a sync that went through would store.
backend_ctl POST /_control/zendesk/tickets/103 '{"subject": "Changed while hung"}' >/dev/null
"$ENQ" "$db" comment 133 internal "waits out the hang" >/dev/null
backend_ctl DELETE /_control/requests >/dev/null

hung "every GET hung" '{"match": {"backend": "zendesk", "method": "GET"}, "kind": "delay", "ms": 600000, "count": 0}'
n=$(backend_ctl GET /_control/requests | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if r["backend"] == "zendesk"))')
check "every GET hung: zendesk got one request, then nothing more (not the write)" [ "$n" -eq 1 ]
check "every GET hung: the write is still queued" [ "$(outbox_states)" = "$rows" ]
check "every GET hung: the other backends were synced" grep -q '^payments: up to date' "$TMP/err"
check "... and so was statuspage" grep -q '^statuspage: up to date' "$TMP/err"

# The hang gone, the change arrives and the write is sent.
expect_rc "once zendesk answers again, sync --once succeeds" 0 "$TDESK" sync --once
expect_out "... and stores what changed meanwhile" "Changed while hung" "$TDESK" tickets list --plain --limit 1000

"$ENQ" "$db" comment 133 internal "sent into a hang" >/dev/null
hung "every write hung" '{"match": {"backend": "zendesk", "method": "PUT"}, "kind": "delay", "ms": 600000, "count": 0}'
if grep -q 'outbox row .*may have been applied' "$TMP/err" && [ "$(outbox_states)" != "['done', 'done']" ]; then
	ok "every write hung: the write's outcome is unknown, and it is kept to be read back"
else not_ok "every write hung: the write's outcome is unknown, and it is kept to be read back" \
    "$(outbox_states)" "$(cat "$TMP/err")"; fi
done_testing
