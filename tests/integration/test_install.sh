# make install puts the binary, both manual pages and the keymaps under
# DESTDIR/PREFIX, and the installed binary runs.
SUITE=integration/install
. tests/lib.sh

root=$TMP/root
if make -s install DESTDIR="$root" PREFIX=/opt/td >"$TMP/make.log" 2>&1; then
	ok "make install with DESTDIR and PREFIX succeeds"
else not_ok "make install with DESTDIR and PREFIX succeeds" "$(tail -n 20 "$TMP/make.log")"; fi
check "the binary is installed executable" [ -x "$root/opt/td/bin/tdesk" ]
check "tdesk(1) is installed" [ -f "$root/opt/td/share/man/man1/tdesk.1" ]
check "tdesk.conf(5) is installed" [ -f "$root/opt/td/share/man/man5/tdesk.conf.5" ]
expect_out "the installed binary runs" "tdesk " "$root/opt/td/bin/tdesk" --version
n=0
for k in keymaps/*.keys; do
	[ -e "$k" ] || continue
	n=$((n + 1))
	check "keymap $(basename "$k") is installed" [ -f "$root/opt/td/share/tdesk/keymaps/$(basename "$k")" ]
done
if make -s uninstall DESTDIR="$root" PREFIX=/opt/td >"$TMP/make.log" 2>&1 &&
    [ -z "$(find "$root" -type f)" ]; then
	ok "make uninstall removes every installed file"
else not_ok "make uninstall removes every installed file" "$(find "$root" -type f)"; fi
done_testing
