#!/bin/sh
# Run every test suite and sum their TAP lines into one closing line,
# "N passed, N failed". Suites: unit binaries in $BUILD/tests, the test
# backend's own tests, integration and screen scripts. A suite that exits
# non-zero without reporting a failure counts as one failure, and so does a
# suite that reports nothing at all: a test that cannot fail is no test.
#
# Environment: TDESK (binary under test), BUILD (build directory),
# ONLY (a substring: run only the suites whose name contains it).
set -u
cd "$(dirname "$0")/.." || exit 2
: "${TDESK:?TDESK must name the binary under test}"
: "${BUILD:?BUILD must name the build directory}"
export TDESK BUILD
LOGS=$BUILD/test-logs
mkdir -p "$LOGS"
SUITE_TIMEOUT=${SUITE_TIMEOUT:-900}

passed=0
failed=0
failures=""

run_suite() {	# name command...
	name=$1; shift
	case "$name" in *"${ONLY:-}"*) ;; *) return 0 ;; esac
	log=$LOGS/$(echo "$name" | tr '/' '_').log
	timeout "$SUITE_TIMEOUT" "$@" >"$log" 2>&1 </dev/null
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name: exited with status $rc" >>"$log"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name: ran no test" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		printf '%-36s %4d passed, %d failed   (log: %s)\n' "$name" "$p" "$f" "$log"
		grep -A8 '^not ok' "$log" | head -n 40 | sed 's/^/    /'
		failures="$failures $name"
	else
		printf '%-36s %4d passed\n' "$name" "$p"
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_suite "unit/$(basename "$t")" "$t"
done
for t in tests/backend/test_*.py; do
	[ -f "$t" ] || continue
	run_suite "backend/$(basename "$t" .py)" python3 "$t"
done
for t in tests/integration/test_*.sh tests/screen/test_*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
done

[ -n "$failures" ] && echo "failed suites:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
