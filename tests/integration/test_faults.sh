# The fault matrix at the command line: for each backend and each kind of
# failure, tdesk sync --once does not crash, says clearly what went wrong
# and where, leaves the cache's data as it was, and loses no queued write;
# once the fault is gone, every write reaches the backend exactly once.
# Among the kinds, answers that are not the API's: a captive portal's 200
# that applied nothing, JSON cut short under an honest Content-Length,
# bytes that are not UTF-8 (tests/unit/test_drain_faults.c has every kind
# of write against each).
# (The timeout kind is covered by the unit suites, whose clients take a
# short timeout.)
SUITE=integration/faults
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
db="$XDG_DATA_HOME/tdesk/demo.db"
ENQ="$BUILD/tools/enqueue"
"$TDESK" sync --once >/dev/null 2>&1

data_sum() {
	python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print([c.execute("select count(*), total(length(json)) from " + t).fetchone()
       for t in ("tickets", "comments", "users", "organizations", "payments",
                 "incidents", "incident_updates", "components")])
PY
}

# Every outbox row, done or not: a write leaves the table only when the
# user drops it, so a row missing here is a write lost.
outbox_rows() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from outbox").fetchone()[0])' "$db"
}

# The faults, as JSON rule bodies less the match; a name for each.
FAULTS='401 {"kind":"status","status":401,"body":{"error":"Couldn'"'"'t authenticate you"}}
403 {"kind":"status","status":403,"body":{"error":"Forbidden"}}
404 {"kind":"status","status":404,"body":{"error":"RecordNotFound"}}
409 {"kind":"status","status":409,"body":{"error":"DatabaseConflict","description":"Database collision"}}
422 {"kind":"status","status":422,"body":{"error":"RecordInvalid","description":"Record validation errors"}}
429 {"kind":"status","status":429,"retry_after":"1"}
420 {"kind":"status","status":420,"retry_after":"1"}
500 {"kind":"status","status":500}
503 {"kind":"status","status":503,"retry_after_date_in":1}
drop {"kind":"drop"}
truncate {"kind":"truncate"}
malformed {"kind":"malformed"}
wrong_types {"kind":"wrong_types"}
oversized {"kind":"oversized","bytes":40000000}
portal200 {"kind":"status","status":200,"content_type":"text/html","body":"<html><body>Sign in to the hotel Wi-Fi</body></html>"}
cut_short {"kind":"truncate","fraction":0.5,"honest_length":true}
invalid_utf8 {"kind":"invalid_utf8"}'

# only BACKEND: the profile configures that backend alone, so each sync
# waits on nothing else (Statuspage allows one request a second).
only() {
	write_config demo
	config_tdesk readback_delay 0s
	python3 - "$CONFIG" "$1" <<'PY'
import sys
path, keep = sys.argv[1], sys.argv[2]
lines = [l for l in open(path) if not any(
    l.strip().startswith(b + ".") for b in ("zendesk", "statuspage", "payments") if b != keep)]
open(path, "w").writelines(lines)
PY
}

n=0
for backend in zendesk statuspage payments; do
	only "$backend"
	while read -r name rule; do
		n=$((n + 1))
		case $backend in
		zendesk) "$ENQ" "$db" comment 133 internal "fault $name $n" >/dev/null ;;
		statuspage) "$ENQ" "$db" component api4gw7t1nzx degraded_performance >/dev/null ;;
		payments) [ "$name" = 401 ] &&
		    "$ENQ" "$db" resolve fp_1003 accept "fault matrix" >/dev/null ;;
		esac
		before=$(data_sum)
		rows=$(outbox_rows)
		body=$(printf '%s' "$rule" | python3 -c '
import json, sys
r = json.load(sys.stdin); r["match"] = {"backend": sys.argv[1]}; r["count"] = 0
print(json.dumps(r))' "$backend")
		backend_ctl POST /_control/faults "$body" >/dev/null
		"$TDESK" sync --once >"$TMP/out" 2>"$TMP/err"
		rc=$?
		backend_ctl DELETE /_control/faults >/dev/null
		d="$backend $name"
		if [ "$rc" -ne 1 ]; then
			not_ok "$d: sync exits 1, not a crash" "status $rc" "$(tail -n 5 "$TMP/err")"
		elif ! grep -q "$backend" "$TMP/err"; then
			not_ok "$d: the message names the backend" "$(tail -n 5 "$TMP/err")"
		elif [ "$(data_sum)" != "$before" ]; then
			not_ok "$d: the cache's data is as it was" "$before" "$(data_sum)"
		elif [ "$(outbox_rows)" != "$rows" ]; then
			not_ok "$d: no queued write is lost" "$rows" "$(outbox_rows)"
		else
			ok "$d: a clear message, the cache as it was, nothing queued lost"
		fi
		# Writes the backend refused for good are retried by hand; a
		# conflict is re-applied only with a yes (--yes: no terminal).
		for id in $("$TDESK" outbox list --plain | awk -F '\t' '$2 == "failed" || $2 == "conflict" { print $1 }'); do
			"$TDESK" outbox retry --yes "$id" >/dev/null
		done
	done <<FAULTS_END
$FAULTS
FAULTS_END
done
write_config demo
config_tdesk readback_delay 0s

"$TDESK" sync --once >"$TMP/out" 2>"$TMP/err"
check "after the faults, one more sync sends everything" [ -z "$("$TDESK" outbox list --plain)" ]
backend_ctl GET "/_control/state?what=tickets&id=133" >"$TMP/t.json"
nfaults=$(printf '%s\n' "$FAULTS" | grep -c .)
check "each internal note reached Zendesk exactly once" python3 -c '
import json, sys
from collections import Counter
comments = json.load(open(sys.argv[1]))["comments"]
bodies = Counter(c["body"] for c in comments if c["body"].startswith("fault "))
assert len(bodies) == int(sys.argv[2]) and max(bodies.values()) == 1, bodies
' "$TMP/t.json" "$nfaults"
backend_ctl GET "/_control/state?what=components" >"$TMP/c.json"
check "the component update reached Statuspage" python3 -c '
import json, sys
c = [x for x in json.load(open(sys.argv[1]))["components"] if x["id"] == "api4gw7t1nzx"]
assert c and c[0]["status"] == "degraded_performance", c
' "$TMP/c.json"
backend_ctl GET "/_control/state?what=payments" >"$TMP/p.json"
check "the payment was accepted once" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
ps = s.get("payments", s)
p = [x for x in (ps.values() if isinstance(ps, dict) else ps) if x["id"] == "fp_1003"][0]
acts = [h for h in p["history"] if h["action"] == "accept"]
assert p["status"] == "accepted" and len(acts) == 1, p["history"]
' "$TMP/p.json"
done_testing
