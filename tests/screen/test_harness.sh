# The screen-test helper itself: a private tmux server at a fixed size that
# types at a program, waits for text with a timeout, and reads the screen.
SUITE=screen/harness
. tests/lib.sh
. tests/screen/lib.sh

screen_start 100 50 "$TDESK" --help
check "the pane is exactly 100x50" [ "$(screen_size)" = 100x50 ]
if screen_wait "config check        check the configuration" 5; then ok "screen_wait finds the text tdesk printed"; else
	not_ok "screen_wait finds the text tdesk printed"; fi
if screen_wait "text that never appears" 1 >/dev/null; then
	not_ok "screen_wait gives up after its timeout when the text never appears"
else ok "screen_wait gives up after its timeout when the text never appears"; fi
check "the program's exit is seen" screen_dead
screen_stop

screen_start 80 24 cat
check "a second pane is exactly 80x24" [ "$(screen_size)" = 80x24 ]
screen_send "zażółć gęślą jaźń 日本語" Enter
if screen_wait "zażółć gęślą jaźń 日本語" 5; then ok "keys sent reach the program, UTF-8 intact"; else
	not_ok "keys sent reach the program, UTF-8 intact"; fi
screen_resize 100 30
check "a resize gives the new size" [ "$(screen_size)" = 100x30 ]
screen_send C-d
sleep 0.3
check "the raw output the program wrote is recorded" grep -q "gęślą" "$TMP/screen.raw"
screen_stop

# The checks on what a program did.
screen_start 80 24 sh -c 'printf "loading...\n"; sleep 1; printf "\033[2J\033[H\033[1;31mready\033[m\n"; sleep 30'
screen_wait "loading" 5 >/dev/null
if screen_wait_gone "loading" 5; then ok "screen_wait_gone succeeds once the text has gone"; else
	not_ok "screen_wait_gone succeeds once the text has gone"; fi
if screen_wait_gone "ready" 1 >"$TMP/diag"; then
	not_ok "screen_wait_gone gives up after its timeout while the text stays"
elif grep -q '^#   |ready' "$TMP/diag"; then ok "screen_wait_gone gives up after its timeout while the text stays, showing the screen"
else not_ok "screen_wait_gone gives up after its timeout while the text stays, showing the screen" "$(sed 's/^#   //' "$TMP/diag")"; fi
if screen_raw_check --forbid tests/screen/hostile.forbid >"$TMP/diag"; then
	ok "screen_raw_check passes a program that wrote text, erase, cursor and colour sequences"
else not_ok "screen_raw_check passes a program that wrote text, erase, cursor and colour sequences" "$(sed 's/^#   //' "$TMP/diag")"; fi
screen_stop

screen_start 80 24 sh -c 'printf "x\033]52;c;cm0gLXJmIH4K\007y\n"; sleep 30'
screen_wait "xy" 5 >/dev/null
screen_raw_check >"$TMP/diag"
rc=$?
if [ "$rc" -eq 1 ] && grep -q '^#   rawcheck: .*: OSC: OSC 52 (clipboard write or read)' "$TMP/diag"; then
	ok "screen_raw_check fails on a program that wrote an OSC 52, the finding as a diagnostic"
else not_ok "screen_raw_check fails on a program that wrote an OSC 52" "status $rc" "$(sed 's/^#   //' "$TMP/diag")"; fi
screen_raw_check --forbid tests/screen/hostile.forbid >"$TMP/diag"
if grep -q 'FORBIDDEN: .*"cm0gLXJmIH4K"' "$TMP/diag"; then
	ok "screen_raw_check --forbid names the forbidden payload"
else not_ok "screen_raw_check --forbid names the forbidden payload" "$(sed 's/^#   //' "$TMP/diag")"; fi
screen_stop

screen_start 80 24 sh -c 'printf " 1 日本語 open\n 2 abcdef open\n 3 zażółć open\n"; sleep 30'
screen_wait " 3 " 5 >/dev/null
if screen_colcheck --row "^ [0-9] " --field " (open)" --column 10 >"$TMP/diag"; then
	ok "screen_colcheck passes columns that line up on the screen"
else not_ok "screen_colcheck passes columns that line up on the screen" "$(sed 's/^#   //' "$TMP/diag")"; fi
screen_stop
screen_start 80 24 sh -c 'printf " 1 日本語 open\n 2 abc open\n 3 abc open\n"; sleep 30'
screen_wait " 3 " 5 >/dev/null
if screen_colcheck --row "^ [0-9] " --field " (open)" >"$TMP/diag"; then
	not_ok "screen_colcheck fails on a row out of line"
elif grep -q 'line 1, column 10' "$TMP/diag" && grep -q '^#   | 2 abc open' "$TMP/diag"; then
	ok "screen_colcheck fails on a row out of line, with the line and the screen"
else not_ok "screen_colcheck fails on a row out of line, with the line and the screen" "$(sed 's/^#   //' "$TMP/diag")"; fi
screen_stop

backend_start
backend_mark
(sleep 0.5; backend_ctl -H 'Authorization: Bearer zd-admin-token' PUT /zendesk/api/v2/tickets/101.json \
    '{"ticket": {"status": "solved"}}' >/dev/null) &
late=$!
if backend_wait_request PUT '/tickets/101\.json$' 'body["ticket"]["status"] == "solved"' 5 &&
    grep -q '"solved"' "$TMP/request.json"; then
	ok "backend_wait_request waits for a write with a body predicate and leaves it in request.json"
else not_ok "backend_wait_request waits for a write with a body predicate"; fi
wait "$late"
if backend_wait_request PUT '/tickets/101\.json$' 'body["ticket"]["status"] == "pending"' 1 >"$TMP/diag"; then
	not_ok "backend_wait_request fails when the body does not match"
elif grep -q '^#   #[0-9]* PUT /zendesk/api/v2/tickets/101.json -> 200' "$TMP/diag"; then
	ok "backend_wait_request fails when the body does not match, listing the requests it saw"
else not_ok "backend_wait_request fails when the body does not match, listing the requests it saw" "$(sed 's/^#   //' "$TMP/diag")"; fi
backend_mark
if backend_wait_request PUT '/tickets/101' 'body["ticket"]["status"] == "solved"' 1 >/dev/null; then
	not_ok "backend_wait_request ignores what came before backend_mark"
else ok "backend_wait_request ignores what came before backend_mark"; fi
backend_wait_request PUT '/tickets/101' 'body["ticket"' 1 >/dev/null 2>&1
check "backend_wait_request with an expression that does not compile is a usage error (2)" [ $? -eq 2 ]
done_testing
