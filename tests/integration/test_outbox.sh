# The outbox survives everything: a response lost after the write was
# applied, a crash after every outbox step (mbsync-style), random kill -9
# while syncing, and two processes draining one cache. Each write must reach
# the backend exactly once.
SUITE=integration/outbox
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
# Read back at once where the wait itself is not under test.
config_tdesk readback_delay 0s
db="$XDG_DATA_HOME/tdesk/demo.db"
ENQ="$BUILD/tools/enqueue"
COMMENT="Dzień dobry, sprawdziliśmy przelew — brakuje 0,01 zł."
UPDATE="We have identified the cause with our payments partner."

# fresh: a reset backend and a freshly synced cache.
fresh() {
	backend_ctl POST /_control/reset >/dev/null
	rm -f "$db" "$db-wal" "$db-shm"
	"$TDESK" sync --once >/dev/null 2>&1
}

# queue_three: a public reply, a refund and an incident update.
queue_three() {
	"$ENQ" "$db" comment 131 public "$COMMENT" >/dev/null &&
	"$ENQ" "$db" resolve fp_1001 refund "refund the underpayment" >/dev/null &&
	"$ENQ" "$db" incident-update p8rtnr0ut4ge monitoring "$UPDATE" >/dev/null
}

# applied_once: the backend holds exactly one of each of the three writes,
# and its request log shows each applied by exactly one successful request.
applied_once() {
	backend_ctl GET "/_control/state?what=tickets&id=131" >"$TMP/t.json" &&
	backend_ctl GET "/_control/state?what=refunds" >"$TMP/r.json" &&
	backend_ctl GET "/_control/state?what=incidents" >"$TMP/i.json" &&
	python3 - "$TMP/t.json" "$TMP/r.json" "$TMP/i.json" "$COMMENT" "$UPDATE" <<'PY'
import json, sys
t, r, i = (json.load(open(p)) for p in sys.argv[1:4])
comment, update = sys.argv[4], sys.argv[5]
def find(o, key):
    if isinstance(o, dict):
        if key in o:
            return o[key]
        for v in o.values():
            x = find(v, key)
            if x is not None:
                return x
    if isinstance(o, list):
        for v in o:
            x = find(v, key)
            if x is not None:
                return x
    return None
comments = find(t, "comments") or []
n = sum(1 for c in comments if c.get("body") == comment)
refunds = [x for x in (find(r, "refunds") or []) if x.get("payment_id") == "fp_1001"]
updates = []
for inc in find(i, "incidents") or []:
    if inc.get("id") == "p8rtnr0ut4ge":
        updates = [u for u in inc.get("incident_updates", []) if u.get("body") == update]
if (n, len(refunds), len(updates)) != (1, 1, 1):
    print("# comments %d, refunds %d, incident updates %d" % (n, len(refunds), len(updates)))
    sys.exit(1)
PY
}

outbox_empty() {
	[ -z "$("$TDESK" outbox list --plain)" ]
}

# --- a response lost after the write was applied ---------------------------
fresh
queue_three
backend_ctl POST /_control/faults '[
 {"match":{"backend":"zendesk","method":"PUT","path":"^/api/v2/tickets/131"},"kind":"lost_response","count":1},
 {"match":{"backend":"payments","method":"POST","path":"resolution"},"kind":"lost_response","count":1},
 {"match":{"backend":"statuspage","method":"PATCH","path":"incidents"},"kind":"lost_response","count":1}]' >/dev/null
"$TDESK" sync --once >"$TMP/o1" 2>&1
"$TDESK" sync --once >"$TMP/o2" 2>&1
if applied_once; then ok "a response lost after the write: exactly one comment, one refund, one incident update"
else not_ok "a response lost after the write: exactly one comment, one refund, one incident update" "$(cat "$TMP/o1" "$TMP/o2")"; fi
check "... and the outbox is empty afterwards" outbox_empty

# --- a crash while the request may still be on its way -----------------------
# Killed once the claim is committed: the request may be on the wire, and a
# slow server may still apply it. The next run must not read it back (and
# send it again) before its window has passed: readback_delay after the
# longest the request could take (a rate budget's wait, then the timeout).
fresh
config_tdesk readback_delay 5s
config_tdesk timeout 2s
"$ENQ" "$db" comment 131 public "$COMMENT" >/dev/null
t0=$(date +%s)
TDESK_CRASH_AT=1 "$TDESK" sync --once >/dev/null 2>&1
backend_ctl GET /_control/requests >"$TMP/req0.json"
"$TDESK" sync --once >"$TMP/w1" 2>&1
rc=$?
"$TDESK" outbox list --plain >"$TMP/wl"
"$TDESK" outbox list --json >"$TMP/wl.json"
backend_ctl GET /_control/requests >"$TMP/req1.json"
if [ "$rc" -eq 1 ] && grep -q "1 write may already have been applied" "$TMP/w1" &&
    grep -q "	unknown	ticket.update	ticket:131	.*read back in [0-9]* s" "$TMP/wl" &&
    python3 - "$TMP/req0.json" "$TMP/req1.json" "$TMP/wl.json" "$t0" <<'PY'
import json, sys, datetime
a, b = (json.load(open(p))["requests"] for p in sys.argv[1:3])
new = [r for r in b[len(a):] if r["path"].startswith("/zendesk/api/v2/tickets/131")]
row = json.load(open(sys.argv[3]))[0]
at = datetime.datetime.fromisoformat(row["readback_at"].replace("Z", "+00:00")).timestamp()
# 5 s after a minute's budget wait and the 2 s timeout, from the claim.
sys.exit(1 if new or not row["maybe_sent"] or at < int(sys.argv[4]) + 67 else 0)
PY
then ok "a write whose sender died mid-send is neither read back nor sent within its window, and sync and outbox list say so"
else not_ok "a write whose sender died mid-send is neither read back nor sent within its window, and sync and outbox list say so" \
    "status $rc" "$(cat "$TMP/w1" "$TMP/wl" "$TMP/wl.json")"; fi
# The window passes (the clock of the cache's row is moved, not waited).
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("update outbox set readback_at = strftime(\x27%s\x27, \x27now\x27) - 1 where state = \x27sending\x27")
c.commit()' "$db"
"$TDESK" sync --once >"$TMP/w2" 2>&1
backend_ctl GET "/_control/state?what=tickets&id=131" >"$TMP/t.json"
if outbox_empty && python3 - "$TMP/t.json" "$COMMENT" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
sys.exit(0 if sum(c["body"] == sys.argv[2] for c in t["comments"]) == 1 else 1)
PY
then ok "... and once it has passed, the write is read back and sent exactly once"
else not_ok "... and once it has passed, the write is read back and sent exactly once" "$(cat "$TMP/w2")"; fi

# --- a server slower than the request's timeout ------------------------------
# The audit's case: Statuspage applies the update after tdesk gave up on
# it. Read back at once, the update is not there yet, and sending it again
# made two identical public updates.
write_config demo
fresh
config_tdesk timeout 2s
config_tdesk readback_delay 6s
"$ENQ" "$db" incident-update p8rtnr0ut4ge monitoring "$UPDATE" >/dev/null
backend_ctl POST /_control/faults '{"match":{"backend":"statuspage","method":"PATCH",
    "path":"incidents"},"kind":"delay","ms":4000,"count":1}' >/dev/null
"$TDESK" sync --once >"$TMP/s1" 2>&1
"$TDESK" sync --once >>"$TMP/s1" 2>&1
sleep 3
patches=$(backend_ctl GET /_control/requests | python3 -c '
import json, sys
print(sum(r["method"] == "PATCH" for r in json.load(sys.stdin)["requests"]))')
if [ "$patches" = 1 ] && grep -q "read back in 6 s" "$TMP/s1" &&
    "$TDESK" outbox list --plain | grep -q "	unknown	incident.update	"; then
	ok "an update that outlived its timeout is not read back or sent again while it may still land"
else not_ok "an update that outlived its timeout is not read back or sent again while it may still land" \
    "PATCH requests: $patches" "$(cat "$TMP/s1")"; fi
sleep 4
"$TDESK" sync --once >"$TMP/s2" 2>&1
backend_ctl GET "/_control/state?what=incidents" >"$TMP/i.json"
if outbox_empty && python3 - "$TMP/i.json" "$UPDATE" <<'PY'
import json, sys
inc = [i for i in json.load(open(sys.argv[1]))["incidents"] if i["id"] == "p8rtnr0ut4ge"][0]
sys.exit(0 if sum(u["body"] == sys.argv[2] for u in inc["incident_updates"]) == 1 else 1)
PY
then ok "... and read back afterwards, it is found: one public update, not two"
else not_ok "... and read back afterwards, it is found: one public update, not two" "$(cat "$TMP/s2")"; fi

# --- a crash after outbox step k, for every k ------------------------------
# Each restart reads back at once (readback_delay = 0s): the steps, not the
# wait, are under test here.
write_config demo
config_tdesk readback_delay 0s
k=1
crashes=0
while [ "$k" -le 20 ]; do
	fresh
	queue_three
	TDESK_CRASH_AT=$k "$TDESK" sync --once >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 137 ] && crashes=$((crashes + 1))
	"$TDESK" sync --once >"$TMP/after" 2>&1
	if [ "$rc" -ne 137 ] && [ "$rc" -ne 0 ]; then
		not_ok "crash after outbox step $k: the run ends by the kill or cleanly" "status $rc"
	elif applied_once && outbox_empty; then
		ok "crash after outbox step $k, then a restart: each write applied exactly once"
	else
		not_ok "crash after outbox step $k, then a restart: each write applied exactly once" "$(cat "$TMP/after")"
	fi
	[ "$rc" -eq 0 ] && break	# past the last step: the run was uninterrupted
	k=$((k + 1))
done
check "the crash loop reached a run that no step interrupted" [ "$rc" -eq 0 ]
check "every outbox step before it was a crash (claimed, answered, recorded for each of three writes)" [ "$crashes" -ge 9 ]

# --- random kill -9 and SIGHUP while syncing and draining -----------------
fresh
queue_three
i=0
while [ "$i" -lt 12 ]; do
	"$TDESK" sync --once >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(( (i * 37) % 10 ))"
	if [ $((i % 3)) -eq 2 ]; then kill -HUP "$pid" 2>/dev/null
	else kill -9 "$pid" 2>/dev/null; fi
	wait "$pid" 2>/dev/null
	i=$((i + 1))
done
"$TDESK" sync --once >"$TMP/after" 2>&1
check "after random kill -9 and SIGHUP, PRAGMA integrity_check is ok" \
    [ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$db")" = ok ]
if applied_once && outbox_empty; then ok "after random kill -9 and SIGHUP and a replay, each write applied exactly once"
else not_ok "after random kill -9 and SIGHUP and a replay, each write applied exactly once" "$(cat "$TMP/after")"; fi

# --- two processes draining one cache --------------------------------------
fresh
queue_three
"$TDESK" sync --once >"$TMP/p1" 2>&1 &
p1=$!
"$TDESK" sync --once >"$TMP/p2" 2>&1 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
check "two processes syncing one cache both succeed" [ "$r1$r2" = 00 ]
if applied_once && outbox_empty; then ok "two processes draining one cache send each write once"
else not_ok "two processes draining one cache send each write once" "$(cat "$TMP/p1" "$TMP/p2")"; fi

# --- a failed write stays in the outbox with its reason --------------------
fresh
"$ENQ" "$db" comment 131 public "$COMMENT" >/dev/null
backend_ctl POST /_control/faults '{"match":{"backend":"zendesk","method":"PUT"},"kind":"status","status":422,"body":{"error":"RecordInvalid","description":"Record validation errors"},"count":1}' >/dev/null
"$TDESK" sync --once >/dev/null 2>&1
expect_out "a write the backend refuses stays in the outbox as failed, with the reason" "failed" "$TDESK" outbox list
"$TDESK" outbox list --json >"$TMP/list.json"
check "... naming the backend's reason" grep -q "Record validation" "$TMP/list.json"
id=$("$TDESK" outbox list --plain | cut -f1)
expect_out "outbox retry queues it again" "queued again" "$TDESK" outbox retry "$id"
"$TDESK" sync --once >/dev/null 2>&1
check "... and the next sync sends it" outbox_empty

# --- a conflict is re-applied over the server's version only after a yes ---
fresh
"$ENQ" "$db" status 132 pending >/dev/null
backend_ctl POST /_control/zendesk/tickets/132 '{"priority":"urgent"}' >/dev/null
"$TDESK" sync --once >/dev/null 2>&1
id=$("$TDESK" outbox list --plain | cut -f1)
check "a safe update of a ticket changed on the server since is in conflict" \
    [ "$("$TDESK" outbox list --plain | cut -f2)" = conflict ]
"$TDESK" outbox show "$id" >"$TMP/show" 2>&1
check "outbox show prints the field the write sets against the server's value" \
    grep -Eq '^status +pending +open' "$TMP/show"
"$TDESK" outbox show --json "$id" >"$TMP/show.json" 2>&1
check "... and --json gives the same rows, and says a retry re-applies it" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["retry"] == "reapply", d
assert {"field": "status", "this_write": "pending", "server_now": "open"} in d["rows"], d' "$TMP/show.json"
"$TDESK" outbox list --json >"$TMP/conflict.before"
"$TDESK" outbox retry "$id" </dev/null >"$TMP/retry.out" 2>"$TMP/retry.err"
echo $? >"$TMP/retry.rc"
check "outbox retry on a conflict without a terminal and without --yes exits 2" \
    [ "$(cat "$TMP/retry.rc")" = 2 ]
check "... saying to add --yes" grep -q -- "add --yes" "$TMP/retry.err"
check "... after printing what the write sets against the server's value" \
    grep -Eq '^status +pending +open' "$TMP/retry.out"
"$TDESK" outbox list --json >"$TMP/conflict.after"
check "... and leaves the write as it was" cmp -s "$TMP/conflict.before" "$TMP/conflict.after"
# On a terminal it asks, after the rows; anything but y leaves it.
tty_answer n "$TDESK" outbox retry "$id" >"$TMP/tty.out" 2>&1
echo $? >"$TMP/tty.rc"
check "on a terminal outbox retry on a conflict shows the rows and asks before re-applying it, naming the profile and its environment" \
    grep -q "demo (test): re-apply write $id on ticket:132 over the server's version? \[y/N\]" "$TMP/tty.out"
check "... and an answer other than y exits 2, leaving the write as it was" \
    sh -c '[ "$(cat "$1")" = 2 ] && "$2" outbox list --json | cmp -s - "$3"' sh \
    "$TMP/tty.rc" "$TDESK" "$TMP/conflict.before"
expect_out "outbox retry --yes re-applies it over the server's current version" \
    "re-applied over the server's current version" "$TDESK" outbox retry --yes "$id"
"$TDESK" sync --once >/dev/null 2>&1
backend_ctl GET "/_control/state?what=tickets&id=132" >"$TMP/t132.json"
check "... and the next sync sends it: the ticket is pending, its priority the server's" \
    python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["ticket"]
assert t["status"] == "pending" and t["priority"] == "urgent", t' "$TMP/t132.json"
check "... and the outbox is empty" outbox_empty
done_testing
