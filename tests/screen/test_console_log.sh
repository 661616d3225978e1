# tdesk --log FILE with the console (tdesk(1)): the sync thread's requests
# to all three backends and the drainer's outbox changes are logged while
# the console runs, the file is 0600, and no secret is in it. The command
# line's --log is tested in tests/integration/test_log.sh.
SUITE=screen/console_log
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh

console_setup || { not_ok "the demo backend starts and tdesk sync --once fills the cache"; done_testing; }
LOG="$TMP/console.log"
STAMP='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '

# log_wait PATTERN: wait until the log has a line matching PATTERN (ERE).
log_wait() {
	i=0
	while [ "$i" -lt $((SCREEN_TIMEOUT * 10)) ]; do
		grep -Eq "$1" "$LOG" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

console_start 100 30 --log "$LOG"
screen_wait "Tickets" >/dev/null
for b in zendesk statuspage payments; do
	if log_wait "${STAMP}http $b GET http://127\.0\.0\.1:[0-9]+/[^ ]* 200 [0-9]+ B received [0-9]+ B sent [0-9]+ ms\$"; then
		ok "the console's sync thread logs its requests to $b"
	else not_ok "the console's sync thread logs its requests to $b" "$(cat "$LOG" 2>&1)"; fi
done
if [ "$(stat -c %a "$LOG")" = 600 ]; then
	ok "the log file is made with mode 0600"
else not_ok "the log file is made with mode 0600" "$(stat -c %a "$LOG")"; fi

# A note queued by key: the drainer's claim and outcome are logged.
screen_send i
if screen_wait "Internal note for #" &&
    log_wait "${STAMP}outbox [0-9]+ zendesk ticket\.update ticket:[0-9]+: queued -> sending\$" &&
    log_wait "${STAMP}outbox [0-9]+ zendesk ticket\.update ticket:[0-9]+: sending -> done\$"; then
	ok "a note queued in the console is logged as the drainer claims and sends it"
else not_ok "a note queued in the console is logged as the drainer claims and sends it" \
    "$(screen_capture)" "$(cat "$LOG")"; fi
if grep -qF "$EDITOR_TEXT1" "$LOG"; then
	not_ok "the note's text is not logged"
else ok "the note's text is not logged"; fi

screen_send q
console_exited >/dev/null
if ! grep -Evq "$STAMP" "$LOG"; then
	ok "every line starts with an RFC 3339 UTC time in milliseconds"
else not_ok "every line starts with an RFC 3339 UTC time in milliseconds" \
    "$(grep -Ev "$STAMP" "$LOG" | head -5)"; fi
z64=$(printf 'admin@acme.test/token:%s' "$TDESK_TEST_ZENDESK_TOKEN" | base64)
for s in "$TDESK_TEST_ZENDESK_TOKEN" "$TDESK_TEST_STATUSPAGE_TOKEN" \
    "$TDESK_TEST_PAYMENTS_TOKEN" "$z64" Authorization "Basic " Bearer \
    "OAuth " Cookie; do
	if grep -qiF -- "$s" "$LOG"; then
		not_ok "the console's log holds no '$s'"
	else ok "the console's log holds no '$s'"; fi
done
screen_stop
done_testing
