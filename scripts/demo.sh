#!/bin/sh
# make demo: start the test backend with the demo scenario, write a demo
# profile for it in a temporary config (and a temporary cache directory, so
# the user's own files are never touched), fill the cache and open the
# console on it. Everything is removed when the console is left.
set -eu
TDESK=${1:?usage: demo.sh PATH-TO-TDESK}
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/tdesk-demo.XXXXXX")
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

python3 tests/backend/server.py --scenario demo --port-file "$dir/port" \
    >"$dir/backend.log" 2>&1 &
pid=$!
i=0
while [ ! -s "$dir/port" ]; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "demo: the test backend did not start:" >&2
		cat "$dir/backend.log" >&2
		exit 1
	fi
	sleep 0.1
done
url="http://127.0.0.1:$(cat "$dir/port")"

umask 077
cat >"$dir/config" <<CONF
# The demo profile, pointing at the bundled test backend on loopback.
[tdesk]
	profile = demo
	timezones = UTC, America/Los_Angeles, Europe/Warsaw

[profile "demo"]
	environment = demo
	zendesk.url = $url/zendesk
	zendesk.email = admin@acme.test
	zendesk.token_env = TDESK_DEMO_ZENDESK_TOKEN
	statuspage.url = $url/statuspage/v1
	statuspage.page_id = acme-status
	statuspage.token_env = TDESK_DEMO_STATUSPAGE_TOKEN
	payments.url = $url/payments
	payments.token_env = TDESK_DEMO_PAYMENTS_TOKEN

[view "billing"]
	filter = status:open tag:billing

[tolerance "pln-rounding"]
	currency = PLN
	max_delta = 0.01
	suggest = accept
CONF
export TDESK_DEMO_ZENDESK_TOKEN=zd-admin-token
export TDESK_DEMO_STATUSPAGE_TOKEN=sp-key
export TDESK_DEMO_PAYMENTS_TOKEN=pay-technician
export XDG_DATA_HOME="$dir/data"

echo "demo: test backend on $url (demo scenario), config $dir/config"
"$TDESK" --config "$dir/config" config check
echo "demo: filling the cache (tdesk sync --once)"
"$TDESK" --config "$dir/config" sync --once
if [ -t 0 ] && [ -t 1 ]; then
	echo "demo: opening the console; ? lists the keys, q quits"
	"$TDESK" --config "$dir/config"
else
	# No terminal (a CI log): show what the console would open on.
	"$TDESK" --config "$dir/config" tickets list --limit 15
	"$TDESK" --config "$dir/config" status
fi
