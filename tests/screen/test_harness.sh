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
done_testing
