# The command line of the foundation: options, config check, --dump-config
# and status with the cache checks it applies (permissions, identity guard,
# newer schema). No backend is contacted by these commands.
SUITE=integration/cli
. tests/lib.sh
BACKEND_URL=http://127.0.0.1:9	# never contacted: these commands are offline
umask 022

expect_out "--version prints the version" "tdesk 0." "$TDESK" --version
expect_out "--help lists the commands" "config check" "$TDESK" --help
expect_err "an unknown option is a usage error" 2 "unknown option --frobnicate" "$TDESK" --frobnicate
expect_err "no command without a terminal: the console is refused, with where to look" 2 \
    "the console needs a terminal" "$TDESK"
expect_err "an unknown command is a usage error" 2 "unknown command 'frob'" "$TDESK" frob
expect_err "-p without a name is a usage error" 2 "needs a value" "$TDESK" -p
expect_err "output that cannot be written is a failure, not a success" 1 "write error" sh -c '"$1" --help >/dev/full' sh "$TDESK"
expect_err "--limit takes only digits" 2 "expected a number" "$TDESK" tickets list --limit +3
expect_err "a missing config file says where it is expected" 3 "$XDG_CONFIG_HOME/tdesk/config" "$TDESK" status

write_config demo
expect_out "config check accepts the test profile" "ok" "$TDESK" config check
expect_out "config check finds the default file through XDG_CONFIG_HOME" "$CONFIG" "$TDESK" config check

cp "$CONFIG" "$TMP/bad"
printf '[profile "demo"]\n\tnotify = loud\n[tdesk]\n\tkeymap = nano\n' >>"$TMP/bad"
chmod 600 "$TMP/bad"
run "$TDESK" --config "$TMP/bad" config check
if [ "$RC" -eq 3 ] && grep -q "$TMP/bad:1[0-9]:" "$TMP/err" && grep -q "keymap" "$TMP/err" &&
    [ "$(grep -c "$TMP/bad:" "$TMP/err")" -ge 2 ]; then
	ok "config check reports every error with file:line and exits 3"
else not_ok "config check reports every error with file:line and exits 3" "rc $RC" "$(cat "$TMP/err")"; fi

chmod 644 "$CONFIG"
expect_err "a config readable by others is refused with the chmod that fixes it" 3 "chmod 600" "$TDESK" status
chmod 600 "$CONFIG"

export TDESK_TEST_ZENDESK_TOKEN=secret-zd-value-4711
run "$TDESK" --dump-config
if [ "$RC" -eq 0 ] && grep -q "token_env = TDESK_TEST_ZENDESK_TOKEN" "$TMP/out" &&
    ! grep -q "secret-zd-value-4711" "$TMP/out" "$TMP/err"; then
	ok "--dump-config shows token sources and never a token"
else not_ok "--dump-config shows token sources and never a token" "$(cat "$TMP/out" "$TMP/err")"; fi
run "$TDESK" config check
if ! grep -q "secret-zd-value-4711" "$TMP/out" "$TMP/err"; then
	ok "config check never prints a token"; else not_ok "config check never prints a token"; fi

# config check accepted a token_cmd token with a space that sync refuses.
# Both now read each token source with the HTTP client's rule and say the
# same; a trailing newline is fine; the token is never printed.
cp "$CONFIG" "$TMP/config.good"
token_case() {	# BYTES: the token_cmd prints them (through a file: no token in argv)
	printf "$1" >"$TMP/tok"
	sed "s|zendesk.token_env = .*|zendesk.token_cmd = cat $TMP/tok|" "$TMP/config.good" >"$CONFIG"
}
for c in 'sp1cy-T0K3N with-a-space\n|holds a space' 'sp1cy-T0K3N\001ctl|holds a control character' \
    '|printed nothing'; do
	bytes=${c%%|*} why=${c#*|}
	token_case "$bytes"
	expect_err "config check refuses a token_cmd token that $why" 3 "zendesk.token_cmd \"cat $TMP/tok\" $why" \
	    "$TDESK" config check
	check "... and never prints the token" sh -c '! grep -q sp1cy "$1/out" "$1/err"' sh "$TMP"
	expect_err "... and sync refuses it in the same words" 3 "zendesk.token_cmd \"cat $TMP/tok\" $why" \
	    "$TDESK" sync --once
	check "... never printing the token either" sh -c '! grep -q sp1cy "$1/out" "$1/err"' sh "$TMP"
done
token_case 'sp1cy-T0K3N-good\n'
expect_out "config check takes a token_cmd token with one trailing newline" "3 tokens usable" "$TDESK" config check
cp "$TMP/config.good" "$CONFIG"

expect_out "status opens the profile's cache" "(schema " "$TDESK" status
db="$XDG_DATA_HOME/tdesk/demo.db"
check "the cache file is 0600 under umask 022" [ "$(stat -c %a "$db")" = 600 ]
check "the cache directory is 0700 under umask 022" [ "$(stat -c %a "$XDG_DATA_HOME/tdesk")" = 700 ]
files=$(find "$XDG_DATA_HOME/tdesk" -type f | wc -l)
bad=$(find "$XDG_DATA_HOME/tdesk" -type f ! -perm 600)
[ "$files" -ge 1 ] || bad="no cache file at all"
check "every cache file (db, -wal, -shm) is 0600" [ -z "$bad" ]
expect_out "status says nothing was synced yet" "nothing synced yet" "$TDESK" status
expect_out "-p selects the profile" "demo" "$TDESK" -p demo status
expect_err "-p with an unknown profile is refused naming the file" 3 "nope" "$TDESK" -p nope status

sed -i "s|zendesk.url = .*|zendesk.url = https://other.zendesk.com|" "$CONFIG"
expect_err "a profile pointing at another zendesk is refused, naming both" 4 "other.zendesk.com" "$TDESK" status
check "... and the message names the backend the cache was filled from" grep -q "127.0.0.1:9/zendesk" "$TMP/err"

write_config demo
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=99"); c.commit()' "$db"
sum=$(cksum <"$db") || sum=missing
expect_err "a cache written by a newer tdesk is refused" 4 "newer" "$TDESK" status
check "... and left untouched" [ "$(cksum <"$db")" = "$sum" ]
done_testing
