# Resizing the console: the panes go side by side from 120 columns and
# stack below, the selected ticket stays selected through every size, and
# nothing is ever drawn past the right edge.
SUITE=screen/resize
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh

console_setup || { not_ok "the demo backend starts and tdesk sync --once fills the cache"; done_testing; }

# The 5th ticket of the unassigned view, newest first: 147 113 112 136 132.
SEL="#132 Przelew 15,00 zł zamiast 15,46 zł"

# sep_column: the display column of the │ between the panes on every body
# row (lines 3 to ROWS-2), or "mixed" and the rows when they differ.
sep_column() {
	screen_capture | python3 -c "$CONSOLE_WIDTH_PY"'
import sys
lines = sys.stdin.read().split("\n")
rows = int(sys.argv[1])
cols = set()
for line in lines[2:rows - 2]:
    at = line.find("\u2502")
    cols.add(columns(line)[at] if at >= 0 else -1)
print(cols.pop() if len(cols) == 1 else "mixed %s" % sorted(cols))
' "$(screen_size | cut -dx -f2)"
}

# hline_row: the line (from 1) that is a full-width ─ rule, or 0.
hline_row() {
	screen_capture | awk -v w="$1" '{ s = $0; n = gsub(/─/, "", s) } n == w && s == "" { print NR; exit } END { }' | sed 's/^$/0/'
}

console_start 200 50
if screen_wait "unassigned 12" && screen_wait "#147 "; then
	screen_send j j j j
	if screen_wait "$SEL"; then
		ok "at 200x50 j four times selects the 5th ticket (#132)"
	else not_ok "at 200x50 j four times selects the 5th ticket (#132)"; fi
else not_ok "at 200x50 j four times selects the 5th ticket (#132)" "the console did not start"; fi
col=$(sep_column)
if [ "$col" = 90 ]; then
	ok "at 200x50 the panes are side by side: a │ at column 90 on every body row"
else not_ok "at 200x50 the panes are side by side: a │ at column 90 on every body row" "separator: $col" "$(screen_capture)"; fi
id=$(selected_row_id 3 48)
if [ "$id" = 132 ]; then ok "at 200x50 the list draws #132's row as the selected one"
else not_ok "at 200x50 the list draws #132's row as the selected one" "selected row: ${id:-none}" "$(screen_capture)"; fi
if screen_too_wide >"$TMP/wide.diag"; then ok "at 200x50 nothing is drawn past the right edge"
else not_ok "at 200x50 nothing is drawn past the right edge" "$(cat "$TMP/wide.diag")"; fi

# size COLS ROWS RULE_LINE: resize, then the same ticket, the layout, the edge.
size() {
	c=$1 r=$2 rule=$3
	screen_resize "$c" "$r"
	if screen_wait_line 1 "tdesk" && [ "$(screen_size)" = "${c}x$r" ] &&
	    screen_wait "$SEL" && screen_wait_line "$(($3 + 1))" "#132 Przelew"; then
		ok "at ${c}x$r the same ticket (#132) is still selected and its detail shown"
	else not_ok "at ${c}x$r the same ticket (#132) is still selected and its detail shown" "size: $(screen_size)"; fi
	got=$(hline_row "$c")
	if [ "$got" = "$rule" ] && ! screen_capture | grep -q "│"; then
		ok "at ${c}x$r the panes are stacked: a full-width rule on line $rule, no │"
	else not_ok "at ${c}x$r the panes are stacked: a full-width rule on line $rule, no │" "rule on line $got" "$(screen_capture)"; fi
	id=$(selected_row_id 3 "$((rule - 1))")
	if [ "$id" = 132 ]; then ok "at ${c}x$r the list draws #132's row as the selected one"
	else not_ok "at ${c}x$r the list draws #132's row as the selected one" "selected row: ${id:-none}" "$(screen_capture)"; fi
	if screen_too_wide >"$TMP/wide.diag"; then ok "at ${c}x$r nothing is drawn past the right edge"
	else not_ok "at ${c}x$r nothing is drawn past the right edge" "$(cat "$TMP/wide.diag")"; fi
}

# 80x24: tabs, header, 8 list rows (lines 3-10), the rule on line 11.
size 80 24 11
# 100x30: 26 body rows, 10 list rows (lines 3-12), the rule on line 13.
size 100 30 13

# Too small to draw, then back: the ticket is still the selected one.
screen_resize 40 4
if screen_wait "tdesk: the terminal is too small" && screen_too_wide 40 >/dev/null; then
	ok "at 40x4 the console says the terminal is too small"
else not_ok "at 40x4 the console says the terminal is too small" "$(screen_capture)"; fi
screen_resize 200 50
if screen_wait "$SEL" && [ "$(sep_column)" = 90 ]; then
	ok "back at 200x50 the panes are side by side again and #132 is still selected"
else not_ok "back at 200x50 the panes are side by side again and #132 is still selected" "$(screen_capture)"; fi
if screen_too_wide >"$TMP/wide.diag"; then ok "back at 200x50 nothing is drawn past the right edge"
else not_ok "back at 200x50 nothing is drawn past the right edge" "$(cat "$TMP/wide.diag")"; fi

# The detail scrolled to its end at 80x24 (it is longer than the 11 rows
# it has there), then grown to 200x50, where all of it fits: it shows
# from its first line again, not with its head still scrolled away.
screen_resize 80 24
screen_wait "$SEL" >/dev/null
screen_send Enter G
if screen_wait "(end)" && ! screen_capture | grep -q "#132 Przelew"; then
	ok "at 80x24 G scrolls #132's detail to its end, past its first line"
else not_ok "at 80x24 G scrolls #132's detail to its end, past its first line" "$(screen_capture)"; fi
screen_resize 200 50
if screen_wait_line 1 "tdesk" && screen_wait "Conversation (" 3 >/dev/null &&
    screen_wait "$SEL" 3 >/dev/null && screen_wait "Requester: Grzegorz Brzęczyszczykiewicz" 1 >/dev/null; then
	ok "grown to 200x50, where it all fits, the detail shows again from its first line"
else not_ok "grown to 200x50, where it all fits, the detail shows again from its first line" "$(screen_capture)"; fi
screen_send Escape

# A ticket further down than the smaller list is high: the 12th (#102) at
# 200x50, where the list has 46 rows; 80x24 shows 8, so the list must
# scroll to keep it rather than select what is now on its last line.
SEL12="#102 「お支払いに失敗しました」"
screen_send j j j j j j j
if screen_wait "$SEL12" && [ "$(selected_row_id 3 48)" = 102 ]; then
	ok "at 200x50 j seven more times selects the 12th ticket (#102)"
else not_ok "at 200x50 j seven more times selects the 12th ticket (#102)" "$(screen_capture)"; fi
screen_resize 80 24
if screen_wait_line 1 "tdesk" && screen_wait "$SEL12" 3 >/dev/null && [ "$(selected_row_id 3 10)" = 102 ]; then
	ok "shrunk to 80x24, the list scrolls to keep the 12th ticket (#102) selected"
else not_ok "shrunk to 80x24, the list scrolls to keep the 12th ticket (#102) selected" \
    "selected row: $(selected_row_id 3 10)" "$(screen_capture)"; fi
screen_resize 200 50
if screen_wait "$SEL12" 3 >/dev/null && [ "$(selected_row_id 3 48)" = 102 ]; then
	ok "grown back to 200x50, #102 is still the selected ticket"
else not_ok "grown back to 200x50, #102 is still the selected ticket" \
    "selected row: $(selected_row_id 3 48)" "$(screen_capture)"; fi

screen_send q
if console_exited && [ "$(screen_alternate)" = 0 ]; then ok "q after the resizes quits and gives the terminal back"
else not_ok "q after the resizes quits and gives the terminal back"; fi
screen_stop
done_testing
