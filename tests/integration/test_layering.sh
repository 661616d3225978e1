# The architecture's one-way rule, tui -> cache -> api (DESIGN.md §2): api/
# includes no SQLite, curses or higher-layer header; cache/ no curses or tui/
# header. Checked on the sources, so a violation fails the build's tests.
SUITE=integration/layering
. tests/lib.sh

# includes DIR PATTERN: the #include lines in DIR matching PATTERN.
includes() {
	grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1"/*.[ch] 2>/dev/null
}

bad=$(includes api 'sqlite3|n?curses|ncursesw/|cache/|tui/')
if [ -z "$bad" ]; then ok "api/ includes no SQLite, curses, cache or tui header"; else
	not_ok "api/ includes no SQLite, curses, cache or tui header" "$bad"; fi

bad=$(includes cache 'n?curses|ncursesw/|tui/')
if [ -z "$bad" ]; then ok "cache/ includes no curses or tui header"; else
	not_ok "cache/ includes no curses or tui header" "$bad"; fi

# Project headers are named by their layer path ("cache/outbox.h"), so a
# header's name says where it lives and two folders may share a name.
bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^/"]+"' \
    api/*.[ch] cache/*.[ch] tui/*/*.[ch] 2>/dev/null)
if [ -z "$bad" ]; then ok "every project header is included by its layer path"; else
	not_ok "every project header is included by its layer path" "$bad"; fi

bad=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets)[[:space:]]*\(' \
    api/*.c cache/*.c tui/*/*.c 2>/dev/null)
if [ -z "$bad" ]; then ok "no sprintf, strcpy, strcat, strtok or atoi in the sources"; else
	not_ok "no sprintf, strcpy, strcat, strtok or atoi in the sources" "$bad"; fi

bad=$(grep -nE '\b(double|float)\b' api/money.[ch] 2>/dev/null)
if [ -f api/money.c ] && [ -z "$bad" ]; then ok "no double or float in the money module"; else
	not_ok "no double or float in the money module" "${bad:-api/money.c missing}"; fi
done_testing
