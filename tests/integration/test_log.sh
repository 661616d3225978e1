# tdesk --log FILE: a 0600 file of timestamped lines of what sync and the
# drainer do (every backend's requests, a retry and its reason, the
# breaker opening, outbox rows changing state), and never a secret.
SUITE=integration/log
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
config_tdesk readback_delay 0s
db="$XDG_DATA_HOME/tdesk/demo.db"
ENQ="$BUILD/tools/enqueue"
LOG="$TMP/debug.log"
STAMP='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '

expect_rc "sync --once with --log FILE succeeds" 0 "$TDESK" --log "$LOG" sync --once
check "the log file is made with mode 0600" [ "$(stat -c %a "$LOG")" = 600 ]
for b in zendesk statuspage payments; do
	check "a request line for $b: method, URL, status, bytes and time" \
	    grep -Eq "${STAMP}http $b GET http://127\.0\.0\.1:[0-9]+/[^ ]* 200 [0-9]+ B received [0-9]+ B sent [0-9]+ ms\$" "$LOG"
done
check "every line starts with an RFC 3339 UTC time in milliseconds" \
    sh -c "! grep -Evq '$STAMP' '$LOG'"
check "sync rounds are logged" grep -Eq "${STAMP}sync zendesk round started" "$LOG"

# An outbox row's life, with --log=FILE (appended to the same file).
id=$("$ENQ" "$db" comment 133 internal "a note for the debug log")
expect_rc "sync --once with --log=FILE sends the queued write" 0 "$TDESK" --log="$LOG" sync --once
check "the claim is logged: row id, kind, queued -> sending" \
    grep -Eq "${STAMP}outbox $id zendesk ticket\.update ticket:133: queued -> sending\$" "$LOG"
check "its outcome is logged: sending -> done" \
    grep -Eq "${STAMP}outbox $id zendesk ticket\.update ticket:133: sending -> done\$" "$LOG"
check "the row's body is not logged" sh -c "! grep -q 'a note for the debug log' '$LOG'"

# A 429 with Retry-After, then success: one retry, and why.
backend_ctl POST /_control/faults '{"match": {"backend": "payments", "method": "GET"}, "kind": "status", "status": 429, "retry_after": "1", "count": 1}' >/dev/null
expect_rc "sync --once gets through a 429" 0 "$TDESK" --log "$LOG" sync --once
check "the retry is logged with its reason" \
    grep -Eq "${STAMP}http payments GET [^ ]+ retry 1 of [0-9]+ in 1000 ms: HTTP 429, Retry-After 1 s \(rate limited\)\$" "$LOG"
check "... after the 429's own request line" \
    grep -Eq "${STAMP}http payments GET [^ ]+ 429 [0-9]+ B received" "$LOG"

# Statuspage failing for good: the round's retries and the drain's write
# make the five consecutive failures that open the breaker.
backend_ctl DELETE /_control/faults >/dev/null
"$ENQ" "$db" component api4gw7t1nzx degraded_performance >/dev/null
backend_ctl POST /_control/faults '{"match": {"backend": "statuspage"}, "kind": "status", "status": 503, "count": 0}' >/dev/null
"$TDESK" --log "$LOG" sync --once >/dev/null 2>&1
backend_ctl DELETE /_control/faults >/dev/null
check "a 503's retry is logged" \
    grep -Eq "${STAMP}http statuspage GET [^ ]+ retry 1 of [0-9]+ in [0-9]+ ms: HTTP 503\$" "$LOG"
check "the breaker opening is logged" \
    grep -Eq "${STAMP}breaker statuspage: closed -> open \(5 consecutive failures\)\$" "$LOG"

# No secret, whatever happened.
z64=$(printf 'admin@acme.test/token:%s' "$TDESK_TEST_ZENDESK_TOKEN" | base64)
for s in "$TDESK_TEST_ZENDESK_TOKEN" "$TDESK_TEST_STATUSPAGE_TOKEN" \
    "$TDESK_TEST_PAYMENTS_TOKEN" "$z64" Authorization "Basic " Bearer \
    "OAuth " Cookie "api_key=$TDESK_TEST_STATUSPAGE_TOKEN"; do
	check "the log holds no '$s'" sh -c '! grep -qiF -- "$1" "$2"' sh "$s" "$LOG"
done

expect_err "an unopenable --log FILE is a configuration error" 3 \
    "cannot open log file" "$TDESK" --log "$TMP/no/such/dir/log" status
expect_err "--log without a file is a usage error" 2 "needs a value" "$TDESK" --log
done_testing
