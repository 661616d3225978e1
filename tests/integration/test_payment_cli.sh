# tdesk payment accept|recalculate|refund: the role is checked and the
# money effect shown before anything is queued, a write needs a yes (a
# terminal's or --yes), and tdesk sync sends each resolution once.
SUITE=integration/payment_cli
. tests/lib.sh
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
config_tdesk readback_delay 0s

outbox_empty() {
	[ -z "$("$TDESK" outbox list --plain)" ]
}

# resolutions: the resolution requests the backend has received, as
# "ID ACTION VERSION AMOUNT KEY" lines (KEY: whether Idempotency-Key was sent).
resolutions() {
	backend_ctl GET /_control/requests | python3 -c '
import json, re, sys
for r in json.load(sys.stdin)["requests"]:
    m = re.search(r"/v1/flagged-payments/([^/]+)/resolution$", r["path"])
    if r["method"] != "POST" or not m:
        continue
    b = r["body"] or {}
    print(m.group(1), b.get("action"), b.get("expected_version"),
          b.get("refund_amount", "-"), "key" if r["headers"].get("idempotency-key") else "nokey",
          r["status"])'
}

# --- before the role is known ------------------------------------------------
"$TDESK" status >/dev/null 2>&1
expect_err "before a sync has read the role, a resolution is refused, saying to sync first" 1 \
    "run tdesk sync --once first" "$TDESK" payment accept --yes fp_1001
"$TDESK" sync --once >/dev/null 2>&1
check "... and nothing was queued" outbox_empty

# --- refusals before anything is queued --------------------------------------
"$TDESK" payment accept fp_1001 </dev/null >"$TMP/out" 2>"$TMP/err"
echo $? >"$TMP/rc"
check "without a terminal and without --yes a resolution exits 2" [ "$(cat "$TMP/rc")" = 2 ]
check "... saying to add --yes" grep -q -- "add --yes" "$TMP/err"
check "... after showing what it would do to the money" \
    grep -q "the order is accepted as paid: PLN 15.45 received against PLN 15.46 (PLN 0.01 written off)" "$TMP/err"
check "... and queues nothing" outbox_empty
"$TDESK" payment accept --note "$(printf 'evil\033]52;c;QUFB\007note')" fp_1001 </dev/null 2>"$TMP/err"
check "a note is shown with its control characters escaped" \
    sh -c '! grep -q "$(printf "\033")" "$1" && grep -q "note *evil\\\\e]52" "$1"' sh "$TMP/err"
expect_err "a refund amount with more digits than the currency has is refused" 2 \
    "5.001" "$TDESK" payment refund --yes --amount 5.001 fp_1007
expect_err "a JPY refund amount with decimals is refused" 2 \
    "JPY" "$TDESK" payment refund --yes --amount 100.5 fp_1005
expect_err "a refund of zero is refused with the amounts" 1 \
    "a refund of 0.00 PLN is not above zero and at most the 1299.00 PLN received" \
    "$TDESK" payment refund --yes --amount 0 fp_1007
expect_err "a refund above what was received is refused" 1 \
    "a refund of 1299.01 PLN" "$TDESK" payment refund --yes --amount 1299.01 fp_1007
expect_err "--amount is refused for an accept" 2 \
    "only a refund takes --amount" "$TDESK" payment accept --yes --amount 5 fp_1001
expect_err "a payment that is no longer flagged is refused" 1 \
    "not flagged" "$TDESK" payment accept --yes fp_1011
expect_err "a payment not in the cache is refused" 1 \
    "not in the cache" "$TDESK" payment accept --yes fp_9999
check "... and none of them queued anything" outbox_empty

# --- a terminal answered n ---------------------------------------------------
tty_answer n "$TDESK" payment refund --note "wrong amount" fp_1002 >"$TMP/tty.out" 2>&1
echo $? >"$TMP/tty.rc"
check "on a terminal a refund asks, naming the profile and its environment" \
    grep -q "demo (test): refund payment fp_1002? \[y/N\]" "$TMP/tty.out"
check "... after the amounts: expected, received and the difference" \
    sh -c 'grep -q "expected *PLN 15.46" "$1" && grep -q "received *PLN 15.00" "$1" &&
        grep -q "difference *PLN 0.46 less than expected" "$1"' sh "$TMP/tty.out"
check "... where the refund goes (the account masked) and the note" \
    sh -c 'grep -q "refund PLN 15.00 to PL61…2874, the order is cancelled" "$1" &&
        grep -q "note *wrong amount" "$1"' sh "$TMP/tty.out"
check "... and an answer of n exits 2 and queues nothing" \
    sh -c '[ "$(cat "$1")" = 2 ]' sh "$TMP/tty.rc"
check "... (the outbox is empty)" outbox_empty

# A sync while the question waits stores a newer version: what was shown
# is no longer what would be sent.
TTY_BEFORE="python3 tests/backend/ctl.py --port $BACKEND_PORT POST /_control/payments/fp_1009 \
    '{\"received_amount\":\"12.460\"}' >/dev/null && \"$TDESK\" sync --once >/dev/null 2>&1" \
    tty_answer y "$TDESK" payment accept fp_1009 >"$TMP/tty.out" 2>&1
echo $? >"$TMP/tty.rc"
unset TTY_BEFORE
check "a payment a sync changed while the question waited is refused after the yes" \
    sh -c '[ "$(cat "$1")" = 1 ] && grep -q "changed since it was shown" "$2"' sh \
    "$TMP/tty.rc" "$TMP/tty.out"
check "... showing the amounts as they were (KWD, 3 digits)" \
    grep -q "received *KWD 12.450" "$TMP/tty.out"
check "... and nothing is queued" outbox_empty

tty_answer y "$TDESK" payment accept fp_1004 >"$TMP/tty.out" 2>&1
check "on a terminal an answer of y queues it" \
    grep -q "outbox [0-9]*: payment.resolve accept fp_1004 queued" "$TMP/tty.out"

# --- each action queued with --yes and sent once -----------------------------
expect_out "payment accept --yes queues the resolution and prints its outbox row" \
    "payment.resolve accept fp_1001 queued; tdesk sync sends it" \
    "$TDESK" payment accept --yes --note "one grosz short" fp_1001
expect_out "payment recalculate --yes queues it" "payment.resolve recalculate fp_1002 queued" \
    "$TDESK" payment recalculate --yes fp_1002
run "$TDESK" payment refund --yes --json fp_1008
check "payment refund --yes --json prints the queued row as tdesk outbox show --json does" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "payment.resolve" and d["target"] == "payment:fp_1008", d
assert isinstance(d["id"], int) and d["state"] == "queued", d' "$TMP/out"
expect_out "a partial refund takes an exact amount" "payment.resolve refund fp_1007 queued" \
    "$TDESK" payment refund --yes --amount 5 fp_1007
check "five rows are queued" [ "$("$TDESK" outbox list --plain | wc -l)" = 5 ]
"$TDESK" sync --once >"$TMP/sync1" 2>&1
resolutions >"$TMP/res1"
check "tdesk sync --once sends each resolution once, as decided" \
    python3 -c 'import sys
got = sorted(open(sys.argv[1]).read().split("\n")[:-1])
want = sorted(["fp_1001 accept 1 - key 200", "fp_1002 recalculate 1 - key 200",
    "fp_1008 refund 1 15.47 key 200", "fp_1007 refund 1 5.00 key 200",
    "fp_1004 accept 1 - key 200"])
assert got == want, got' "$TMP/res1"
check "... and the outbox is empty" outbox_empty
"$TDESK" sync --once >/dev/null 2>&1
resolutions >"$TMP/res2"
check "a second sync --once sends nothing again" cmp -s "$TMP/res1" "$TMP/res2"
backend_ctl GET "/_control/state?what=refunds" >"$TMP/refunds.json"
check "the backend recorded the two refunds, one of them partial" \
    python3 -c 'import json, sys
def find(o):
    if isinstance(o, dict):
        return o.get("refunds") if "refunds" in o else next((x for v in o.values() for x in [find(v)] if x is not None), None)
    return None
r = {(x["payment_id"], x.get("amount")) for x in find(json.load(open(sys.argv[1]))) or []}
assert ("fp_1008", "15.47") in r and ("fp_1007", "5.00") in r, r' "$TMP/refunds.json"

# --- first line resolves nothing ---------------------------------------------
write_config line
config_tdesk readback_delay 0s
export TDESK_TEST_PAYMENTS_TOKEN=pay-firstline
"$TDESK" sync --once >/dev/null 2>&1
before=$(resolutions | wc -l)
expect_err "a first_line user is refused, naming the role needed and the role it has" 1 \
    "resolving payments needs the technician or admin role; this profile's payments user is first_line" \
    "$TDESK" payment accept --yes fp_1003
check "... nothing is queued" outbox_empty
"$TDESK" sync --once >/dev/null 2>&1
check "... and nothing is sent" [ "$(resolutions | wc -l)" = "$before" ]
done_testing
