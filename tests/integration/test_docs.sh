# The manual pages and the README against the code: tdesk(1)'s key list is
# the one table of actions (keymap_describe_man, printed by
# $BUILD/tools/keys_man), every action is named in the page, both pages
# format without a warning, and the README's keys, commands and make
# targets exist.
SUITE=integration/docs
cd "$(dirname "$0")/../.." || exit 2
. tests/lib.sh
: "${BUILD:=$(pwd)/build}"

MAN1=man/tdesk.1
MAN5=man/tdesk.conf.5
KEYS=keymaps/default.keys

# The page's text with man(7)'s escaped hyphens as plain ones, for searching.
sed 's/\\-/-/g' "$MAN1" >"$TMP/man1.txt"

# ---- The key list ----------------------------------------------------------

begin=$(grep -c '^\.\\" BEGIN KEYS$' "$MAN1")
end=$(grep -c '^\.\\" END KEYS$' "$MAN1")
check "tdesk(1) has one BEGIN KEYS and one END KEYS marker" [ "$begin$end" = 11 ]
awk '/^\.\\" END KEYS$/ { f = 0 } f { print } /^\.\\" BEGIN KEYS$/ { f = 1 }' \
    "$MAN1" >"$TMP/keys.page"

if [ ! -x "$BUILD/tools/keys_man" ]; then
	not_ok "the key list of tdesk(1) is exactly what keymap_describe_man() prints" \
	    "$BUILD/tools/keys_man is missing: run make units"
elif ! "$BUILD/tools/keys_man" >"$TMP/keys.tool" 2>"$TMP/err" || [ ! -s "$TMP/keys.tool" ]; then
	not_ok "the key list of tdesk(1) is exactly what keymap_describe_man() prints" \
	    "keys_man failed: $(cat "$TMP/err")"
elif diff -u "$TMP/keys.tool" "$TMP/keys.page" >"$TMP/keys.diff"; then
	ok "the key list of tdesk(1) is exactly what keymap_describe_man() prints"
else
	not_ok "the key list of tdesk(1) is exactly what keymap_describe_man() prints" \
	    "regenerate the lines between the markers with $BUILD/tools/keys_man;" \
	    "diff (tool, page):" "$(head -n 40 "$TMP/keys.diff")"
fi

# Every X(ID, "name", ...) line of the TDESK_ACTIONS and TDESK_CONTEXTS
# tables: the actions' and contexts' names.
names() {	# MACRO
	awk -v m="#define $1(X)" 'index($0, m) == 1 { f = 1; next }
	    f && !/\\$/ { f = 0 } f' tui/config/action_list.h |
	    sed -n 's/^[[:space:]]*X([A-Z_]*, *"\([a-z-]*\)".*/\1/p'
}
names TDESK_ACTIONS >"$TMP/actions"
names TDESK_CONTEXTS >"$TMP/contexts"
check "the table of actions in tui/config/action_list.h is read (more than 40 actions)" \
    [ "$(wc -l <"$TMP/actions")" -gt 40 ]
missing=""
for a in $(cat "$TMP/actions"); do
	grep -q -- "^\.B $a\$" "$TMP/man1.txt" || missing="$missing $a"
done
if [ -z "$missing" ]; then ok "every action of tui/config/action_list.h is named in tdesk(1)"
else not_ok "every action of tui/config/action_list.h is named in tdesk(1)" "missing:$missing"; fi
missing=""
for c in $(cat "$TMP/contexts"); do
	grep -q -- "^\.SS $c\$" "$TMP/man1.txt" || missing="$missing $c"
done
if [ -z "$missing" ]; then ok "every key context has its part of the KEYS section"
else not_ok "every key context has its part of the KEYS section" "missing:$missing"; fi

# ---- Formatting ------------------------------------------------------------

for page in "$MAN1" "$MAN5"; do
	# groff reads UTF-8 only through preconv (man(1) runs it; groff -man
	# does not): anything else is written as an escape such as \[u00F3].
	if LC_ALL=C grep -n '[^	 -~]' "$page" >"$TMP/fmt"; then
		not_ok "$page is plain ASCII, other characters written as escapes" \
		    "$(head -n 5 "$TMP/fmt")"
	else ok "$page is plain ASCII, other characters written as escapes"; fi
	if command -v groff >/dev/null 2>&1; then
		groff -man -Tutf8 -ww -z "$page" >"$TMP/fmt" 2>&1
		if [ $? -eq 0 ] && [ ! -s "$TMP/fmt" ]; then
			ok "groff -man -Tutf8 -ww formats $page without a warning"
		else not_ok "groff -man -Tutf8 -ww formats $page without a warning" \
		    "$(head -n 20 "$TMP/fmt")"; fi
		if command -v man >/dev/null 2>&1; then
			MANWIDTH=80 man --warnings=w -l "$page" >/dev/null 2>"$TMP/fmt"
			if [ $? -eq 0 ] && [ ! -s "$TMP/fmt" ]; then
				ok "man -l shows $page without a warning"
			else not_ok "man -l shows $page without a warning" \
			    "$(head -n 20 "$TMP/fmt")"; fi
		fi
	elif command -v mandoc >/dev/null 2>&1; then
		mandoc -Tlint -Wwarning "$page" >"$TMP/fmt" 2>&1
		if [ ! -s "$TMP/fmt" ]; then ok "mandoc -Tlint finds nothing to say about $page"
		else not_ok "mandoc -Tlint finds nothing to say about $page" \
		    "$(head -n 20 "$TMP/fmt")"; fi
	else
		ok "$page formats without a warning # SKIP neither groff nor mandoc is installed"
	fi
done

# ---- The console commands ----------------------------------------------------

# The ":" commands the code knows: every *_commands[] array of the console,
# and each tab's name (a view's .name), which is a command too.
{ awk '/_commands\[\] = \{/ { f = 1 } f { print } f && /\};/ { f = 0 }' \
    tui/console/*.c tui/views/*.c
  sed -n 's/^[[:space:]]*\.name = \("[a-z-]*"\),$/\1/p' tui/views/view_*.c
} | grep -o '"[a-z-]*"' | tr -d '"' | sort -u >"$TMP/commands"
check "the console's command tables are read (quit, view, retry among them)" \
    [ "$(grep -cxE 'quit|view|retry' "$TMP/commands")" = 3 ]
missing=""
for c in $(cat "$TMP/commands"); do
	sed -n '/^\.SS The command line$/,/^\.SS /p' "$TMP/man1.txt" | grep -qw -- "$c" ||
	    missing="$missing $c"
done
if [ -z "$missing" ]; then ok "every : command of the console is named under The command line in tdesk(1)"
else not_ok "every : command of the console is named under The command line in tdesk(1)" \
    "missing:$missing"; fi

# ---- The README ------------------------------------------------------------

# bound KEY [ACTION]: keymaps/default.keys (the built-in bindings, kept equal
# by a unit test) binds KEY, to ACTION if given, in some context.
bound() {
	awk -v k="$1" -v a="${2:-}" '$1 == "bind" && $3 == k && (a == "" || $4 == a) {
	    found = 1 } END { exit !found }' "$KEYS"
}

# The README's console section as one line, so a `code span` broken across
# lines is still one token.
awk '/^## / { f = ($0 ~ /^## The console/) } f' README.md | tr '\n' ' ' >"$TMP/console.md"
check "the README has a console section" [ -s "$TMP/console.md" ]
grep -o '`[^`]*`' "$TMP/console.md" | sed 's/^`//; s/`$//' >"$TMP/spans"

bad=""
nkeys=0
while IFS= read -r s; do
	case $s in
	Enter|Esc|Tab|BackTab|Space|BackSpace|Delete|Insert|Up|Down|Left|Right|Home|End|PageUp|PageDown)
		k="<$s>" ;;
	C-?|^?) k=$s ;;
	\#) k="<Hash>" ;;
	?) k=$s ;;
	*) continue ;;
	esac
	nkeys=$((nkeys + 1))
	bound "$k" || bad="$bad $s"
done <"$TMP/spans"
if [ -z "$bad" ] && [ "$nkeys" -gt 10 ]; then
	ok "every key the README's console section names ($nkeys) is bound by default"
else not_ok "every key the README's console section names is bound by default" \
    "keys found: $nkeys; not bound:$bad"; fi

bad=""
ncmds=0
for c in $(sed -n 's/^:\([a-z-]*\).*/\1/p' "$TMP/spans"); do
	ncmds=$((ncmds + 1))
	grep -qx -- "$c" "$TMP/commands" || bad="$bad $c"
done
if [ -z "$bad" ] && [ "$ncmds" -gt 0 ]; then
	ok "every :command the README shows ($ncmds) is one the console knows"
else not_ok "every :command the README shows is one the console knows" \
    "commands found: $ncmds; unknown:$bad"; fi

# A few claims of the README, each key with the action it says it does.
claims="? help
q quit
: command-line
; tag-prefix
t tag
T tag-pattern
F filter
/ search
r ticket-reply
i ticket-note
A ticket-assign-me
] view-next
v view-pick
\$ sync-now
e outbox-edit
d outbox-drop"
bad=""
printf '%s\n' "$claims" >"$TMP/claims"
while read -r k a; do
	grep -qxF -- "$k" "$TMP/spans" || { bad="$bad $k(not in README)"; continue; }
	bound "$k" "$a" || bad="$bad $k($a)"
done <"$TMP/claims"
if [ -z "$bad" ]; then ok "the README's keys do what it says: ? help, ; tag-prefix, r reply, ..."
else not_ok "the README's keys do what it says: ? help, ; tag-prefix, r reply, ..." \
    "wrong or missing:$bad"; fi

for p in vi emacs; do
	if grep -qxF "$p" "$TMP/spans"; then
		check "the $p preset the README names ships in keymaps/" [ -f "keymaps/$p.keys" ]
	fi
done

bad=""
for v in unassigned mine open pending recent all; do
	grep -qw "$v" "$TMP/console.md" || bad="$bad $v(not in README)"
	grep -q "{ \"$v\"," tui/views/view_tickets.c || bad="$bad $v(not in the code)"
done
if [ -z "$bad" ]; then ok "the built-in views the README lists are the code's"
else not_ok "the built-in views the README lists are the code's" "$bad"; fi

# Every `tdesk ...` of the README is in tdesk --help.
"$TDESK" --help >"$TMP/help" 2>&1
bad=""
n=0
for w in $(tr '\n' ' ' <README.md | grep -o '`tdesk [^`]*`' | awk '{ print $2 }' | tr -d '`' | sort -u); do
	n=$((n + 1))
	case $w in
	-*) grep -q -- "$w" "$TMP/help" || bad="$bad $w" ;;
	*) grep -qE "^  $w( |\$)" "$TMP/help" || bad="$bad $w" ;;
	esac
done
if [ -z "$bad" ] && [ "$n" -gt 3 ]; then ok "every tdesk command the README names ($n) is in tdesk --help"
else not_ok "every tdesk command the README names is in tdesk --help" "found $n; unknown:$bad"; fi

# Every `make TARGET` is a target of the Makefile; make demo and make check
# come first.
bad=""
for t in $(tr '\n' ' ' <README.md | grep -o '`make [a-z-]*' | awk '{ print $2 }' | sort -u); do
	grep -qE "^$t:" Makefile || bad="$bad $t"
done
if [ -z "$bad" ]; then ok "every make target the README names is in the Makefile"
else not_ok "every make target the README names is in the Makefile" "unknown:$bad"; fi
first=$(grep -m 2 '^    make ' README.md | awk '{ print $2 }' | tr '\n' ' ')
check "the README's first commands are make demo and make check" [ "$first" = "demo check " ]
check "make demo opens the console (scripts/demo.sh runs tdesk with no command)" \
    grep -qE '^[[:space:]]*"\$TDESK" --config "\$dir/config"[[:space:]]*$' scripts/demo.sh

if grep -inE 'console.{0,40}(next piece|does not exist|not exist yet|not yet written)' README.md \
    >"$TMP/stale"; then
	not_ok "the README no longer says the console does not exist" "$(cat "$TMP/stale")"
else ok "the README no longer says the console does not exist"; fi

done_testing
