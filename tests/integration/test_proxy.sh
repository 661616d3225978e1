# Bug: with http_proxy set, a loopback http:// backend was reached through
# the proxy, Authorization header and all (a clear-text token at the proxy).
# tdesk with every proxy variable pointing at a recording proxy
# (tests/backend/proxy.py): loopback backends are reached directly, the
# proxy receiving nothing; an https:// backend goes through the proxy only
# as a CONNECT tunnel, so no header and no byte of a token reaches it.
SUITE=integration/proxy
. tests/lib.sh
PROXY_PID=""
trap '[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null; t_cleanup' EXIT
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }

REC="$TMP/proxy.bytes"
rm -f "$TMP/proxy.port"
python3 tests/backend/proxy.py --port-file "$TMP/proxy.port" --record "$REC" \
    >"$TMP/proxy.log" 2>&1 &
PROXY_PID=$!
i=0
while [ ! -s "$TMP/proxy.port" ]; do
	i=$((i + 1))
	if [ "$i" -gt 300 ] || ! kill -0 "$PROXY_PID" 2>/dev/null; then
		not_ok "the recording proxy starts" "$(cat "$TMP/proxy.log")"
		done_testing
	fi
	sleep 0.1
done
PROXY="http://127.0.0.1:$(cat "$TMP/proxy.port")"
unset no_proxy NO_PROXY 2>/dev/null || true

# ---- (a) loopback backends never go through a proxy ------------------------

write_config demo
db="$XDG_DATA_HOME/tdesk/demo.db"
"$TDESK" sync --once >/dev/null 2>&1
"$BUILD/tools/enqueue" "$db" comment 133 internal "through no proxy" >/dev/null
: >"$REC"
run env http_proxy="$PROXY" HTTP_PROXY="$PROXY" https_proxy="$PROXY" \
    HTTPS_PROXY="$PROXY" all_proxy="$PROXY" ALL_PROXY="$PROXY" \
    "$TDESK" sync --once
if [ "$RC" -eq 0 ]; then ok "sync --once works against loopback backends with every proxy variable set"
else not_ok "sync --once works against loopback backends with every proxy variable set" \
    "exit status $RC" "$(tail -n 5 "$TMP/err")"; fi
check "... and the write it sent reached the backend" \
    sh -c "python3 tests/backend/ctl.py --port $BACKEND_PORT GET '/_control/state?what=tickets&id=133' | grep -q 'through no proxy'"
if [ ! -s "$REC" ]; then ok "... and the proxy received not one byte"
else not_ok "... and the proxy received not one byte" "$(head -c 400 "$REC" | tr -d '\r')"; fi

# ---- (b) https goes through the proxy as a CONNECT tunnel only -------------

ZD_TOKEN=zd-far-token-7Qx3
SP_TOKEN=sp-far-key-9Wk2
PAY_TOKEN=pay-far-token-4Zm8
cat >"$CONFIG" <<CONF
[profile "far"]
	environment = test
	zendesk.url = https://acme.zendesk.example
	zendesk.email = admin@acme.example
	zendesk.token_env = FAR_ZD
	statuspage.url = https://api.statuspage.example/v1
	statuspage.page_id = acme-status
	statuspage.token_env = FAR_SP
	payments.url = https://payments.acme.example
	payments.token_env = FAR_PAY
CONF
chmod 600 "$CONFIG"
: >"$REC"
run env FAR_ZD=$ZD_TOKEN FAR_SP=$SP_TOKEN FAR_PAY=$PAY_TOKEN \
    https_proxy="$PROXY" HTTPS_PROXY="$PROXY" \
    "$TDESK" -p far sync --once
check "sync --once through a refusing proxy fails (exit 1)" [ "$RC" -eq 1 ]
check "... naming the backend" grep -q "zendesk" "$TMP/err"
check "the proxy was asked to CONNECT to acme.zendesk.example:443" \
    grep -q "^CONNECT acme.zendesk.example:443 HTTP/1.1" "$REC"
check "... to payments.acme.example:443 and api.statuspage.example:443" \
    sh -c "grep -q '^CONNECT payments.acme.example:443 ' '$REC' && grep -q '^CONNECT api.statuspage.example:443 ' '$REC'"
# Request lines are the lines after a blank line, and the first.
awk 'BEGIN { RS = "\r\n\r\n" } NF { split($0, l, "\r\n"); print l[1] }' "$REC" >"$TMP/lines"
if [ -s "$TMP/lines" ] && ! grep -qv '^CONNECT [a-z.]*:443 HTTP/1.1$' "$TMP/lines"; then
	ok "every request the proxy received is a CONNECT"
else not_ok "every request the proxy received is a CONNECT" "$(head -n 5 "$TMP/lines")"; fi
if grep -qi 'authorization' "$REC"; then
	not_ok "no Authorization header reached the proxy" "$(head -c 400 "$REC" | tr -d '\r')"
else ok "no Authorization header reached the proxy"; fi
basic=$(printf '%s' "admin@acme.example/token:$ZD_TOKEN" | base64 -w0)
leaked=""
for t in "$ZD_TOKEN" "$SP_TOKEN" "$PAY_TOKEN" "$basic" "GET " "/api/v2" "/v1/"; do
	grep -qF -- "$t" "$REC" && leaked="$leaked $t"
done
if [ -z "$leaked" ]; then ok "no token, encoded or not, and no request path reached the proxy"
else not_ok "no token, encoded or not, and no request path reached the proxy" "found:$leaked"; fi
done_testing
