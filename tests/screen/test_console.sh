# The console's terminal handling: keymaps loaded at start (a preset, the
# user's file, and a bad file refused before the screen is taken),
# colours that honour NO_COLOR and fall back to 8, ASCII drawing without a
# UTF-8 locale, and $EDITOR leaving and bringing back the screen intact.
SUITE=screen/console
. tests/lib.sh
. tests/screen/lib.sh
. tests/screen/console.sh

console_setup || { not_ok "the demo backend starts and the cache fills"; done_testing; }

# A user's keys file binds x to the status prompt.
mkdir -p "$XDG_CONFIG_HOME/tdesk"
printf '# mine\nbind ticket x ticket-status\n' >"$XDG_CONFIG_HOME/tdesk/keys"
console_start 100 30
if screen_wait "unassigned 12" && screen_send x && screen_wait "Status (#"; then
	ok "a binding in ~/.config/tdesk/keys is used by the console"
else
	not_ok "a binding in ~/.config/tdesk/keys is used by the console"
fi
screen_send Escape
screen_send '?'
if screen_wait "ticket-status" && screen_capture | grep -q "ticket-status .*x"; then
	ok "the help screen lists the user's key next to the action"
else
	not_ok "the help screen lists the user's key next to the action"
	screen_capture | sed 's/^/#   |/'
fi
screen_send q 2 '?'
if screen_wait "payment-recalculate" && screen_capture | grep -q "payment-recalculate .*(unbound)"; then
	ok "the help screen lists unbound actions as (unbound)"
else
	not_ok "the help screen lists unbound actions as (unbound)"
fi
screen_send q q
console_exited
screen_stop

# A keys file with an unknown action: reported as file:line, no screen.
printf 'bind ticket x ticket-status\nbind ticket y no-such-action\n' \
    >"$XDG_CONFIG_HOME/tdesk/keys"
"$TDESK" -p demo --config "$CONFIG" >"$TMP/out" 2>"$TMP/err" </dev/null
rc=$?
check "tdesk without a terminal refuses to open the console" [ "$rc" -eq 2 ]
console_start 100 30
if console_exited && screen_wait "EXIT 3" 2 >/dev/null &&
    grep -q "tdesk/keys:2: unknown action \"no-such-action\"" "$TMP/screen.raw"; then
	ok "a bad keys file is reported with its file and line, exit 3"
else
	not_ok "a bad keys file is reported with its file and line, exit 3"
	screen_capture | sed 's/^/#   |/'
	od -c "$TMP/screen.raw" | head -20 | sed 's/^/#   /'
fi
check "the screen was never taken for a bad keys file" \
    sh -c "! grep -q '1049h' '$TMP/screen.raw'"
screen_stop
rm -f "$XDG_CONFIG_HOME/tdesk/keys"

# The vi preset binds l to open; the help screen says so.
sed -i 's/^\[tdesk\]$/[tdesk]\n\tkeymap = vi/' "$CONFIG"
console_start 100 40
screen_wait "unassigned 12" >/dev/null
screen_send '?'
if screen_wait "Open the selected line" && screen_capture | grep -q "open  *<Enter> l "; then
	ok "keymap = vi loads the vi preset (l opens)"
else
	not_ok "keymap = vi loads the vi preset (l opens)"
	screen_capture | sed 's/^/#   |/'
fi
screen_send q q
console_exited
screen_stop
sed -i '/^\tkeymap = vi$/d' "$CONFIG"

# Colours: 256 by default here, none with NO_COLOR, 8 on an 8-colour TERM.
console_start 100 30
screen_wait "unassigned 12" >/dev/null
screen_send q
console_exited
check "with colours, the 256-colour palette is used" \
    grep -q "$(printf '\033')\[38;5;" "$TMP/screen.raw"
screen_stop
NO_COLOR=1 console_start 100 30
screen_wait "unassigned 12" >/dev/null
screen_send q
console_exited
if grep -q "$(printf '\033')\[[0-9;]*3[0-9]\(;[0-9;]*\)\?m\|38;5;" "$TMP/screen.raw"; then
	not_ok "NO_COLOR draws no colour at all"
else
	ok "NO_COLOR draws no colour at all"
fi
check "NO_COLOR still shows the selection (reverse video)" \
    grep -q "$(printf '\033')\[7m\|$(printf '\033')\[[0-9;]*;7m" "$TMP/screen.raw"
screen_stop
# tmux sets TERM in its panes: the wrapper sets it after.
rm -f "$TMP/tdesk.pid"
screen_start 100 30 env TERM=xterm sh "$TMP/console-run" "$TMP/tdesk.pid" \
    "$TDESK" -p demo --config "$CONFIG"
screen_wait "unassigned 12" >/dev/null
screen_send q
console_exited
check "an 8-colour terminal gets the 8 colours, not the 256 palette" \
    sh -c "grep -q '$(printf '\033')\[3[0-7]m\|$(printf '\033')\[4[0-7]m' '$TMP/screen.raw' &&
    ! grep -q '38;5;' '$TMP/screen.raw'"
screen_stop

# Without a UTF-8 locale: ASCII only, Japanese subjects as "?".
LC_ALL=C console_start 100 30
if screen_wait "unassigned 12" && screen_send q && console_exited; then
	if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/screen.raw"; then
		not_ok "without a UTF-8 locale the console writes ASCII only"
		python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
i = next(k for k, b in enumerate(d) if b >= 0x80)
print("#   first non-ASCII byte at %d: %r" % (i, d[max(0, i - 60):i + 20]))' "$TMP/screen.raw"
	else
		ok "without a UTF-8 locale the console writes ASCII only"
	fi
else
	not_ok "without a UTF-8 locale the console writes ASCII only"
fi
screen_stop

# The editor: one that changes nothing cancels, and the screen comes back.
cat >"$TMP/noop-editor" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod +x "$TMP/noop-editor"
EDITOR="$TMP/noop-editor" VISUAL="$TMP/noop-editor" console_start 100 30
screen_wait "unassigned 12" >/dev/null
req_clear
screen_send i
if screen_wait "Cancelled" && screen_wait "unassigned 12" 2 &&
    screen_capture | grep -q "Tickets"; then
	ok "an unchanged editor buffer cancels and the screen comes back intact"
else
	not_ok "an unchanged editor buffer cancels and the screen comes back intact"
fi
sleep 1
if req_match PUT '/tickets/'; then
	not_ok "a cancelled note sends nothing"
else
	ok "a cancelled note sends nothing"
fi
screen_send q
console_exited
screen_stop

# 300x100: side by side, the status line in full; the : history.
console_start 300 100
screen_wait "unassigned 12" >/dev/null
check "at 300x100 the status line names every backend in full" \
    screen_wait "statuspage: "
screen_send : 
screen_send -l "view open"
screen_send Enter
screen_wait "filter:" 1 >/dev/null
screen_send : Up
if screen_wait ":view open" 3; then
	ok "the command line recalls the previous command with Up"
else
	not_ok "the command line recalls the previous command with Up"
fi
screen_send Escape

# A crash gives the terminal back: the reset strings, then the signal.
kill -SEGV "$(console_pid)"
if console_exited && screen_wait "EXIT 139" 2 >/dev/null &&
    tail -c 200 "$TMP/screen.raw" | grep -q "$(printf '\033')\[?1049l"; then
	ok "a crash (SIGSEGV) leaves the alternate screen before tdesk dies of it"
else
	not_ok "a crash (SIGSEGV) leaves the alternate screen before tdesk dies of it"
	tail -c 200 "$TMP/screen.raw" | od -c | sed 's/^/#   /'
fi
screen_stop

# A profile without Zendesk: the Tickets tab says so.
cat >"$TMP/nozd.conf" <<CONF
[profile "pay"]
	environment = production
	payments.url = $BACKEND_URL/payments
	payments.token_env = TDESK_TEST_PAYMENTS_TOKEN
CONF
chmod 600 "$TMP/nozd.conf"
rm -f "$TMP/tdesk.pid"
screen_start 100 30 sh "$TMP/console-run" "$TMP/tdesk.pid" "$TDESK" -p pay \
    --config "$TMP/nozd.conf"
check "a profile without Zendesk: the Tickets tab says it is not configured" \
    screen_wait "Zendesk is not configured for profile pay"
check "the production environment is on the status line" screen_wait "pay · production" 2
if screen_capture_sgr | grep "pay · production" | grep -q "48;5;160m *pay · production"; then
	ok "production is drawn in the loud colour (red background)"
else
	not_ok "production is drawn in the loud colour (red background)"
	screen_capture_sgr | grep "production" | cat -v | sed 's/^/#   /'
fi
screen_send q
console_exited
screen_stop

done_testing
