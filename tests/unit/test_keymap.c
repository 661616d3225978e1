/*
 * Unit tests for tui/config/keymap.c: the key syntax, every parse and apply error
 * with its exact FILE:LINE message, unbind, a later file overriding an
 * earlier one, lookups falling back to the parent contexts, the three
 * shipped keymaps, and the table of actions itself. No terminal: <curses.h>
 * is included only to check the key codes against ncurses'.
 */
#include "test.h"

#include <curses.h>

#include "tui/config/keymap.h"

static void
check_no_errors(const struct config_errors *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		TEST_FAIL("unexpected error: %s", errs->v[i].msg);
}

/* km with text applied as file "t.keys", which must have no error. */
static void
apply_ok(struct keymap *km, const char *text)
{
	struct config_errors errs = { NULL, 0, 0 };

	CHECK_INT(keymap_parse_buffer(km, "t.keys", text, strlen(text), &errs), 0);
	check_no_errors(&errs);
	config_errors_free(&errs);
}

static void
load_ok(struct keymap *km, const char *path)
{
	struct config_errors errs = { NULL, 0, 0 };

	CHECK_INT(keymap_load(km, path, &errs), 0);
	check_no_errors(&errs);
	config_errors_free(&errs);
}

static void
key_codes_are_the_ncurses_ones(void)
{
	CHECK_INT(KM_KEY_DOWN, KEY_DOWN);
	CHECK_INT(KM_KEY_UP, KEY_UP);
	CHECK_INT(KM_KEY_LEFT, KEY_LEFT);
	CHECK_INT(KM_KEY_RIGHT, KEY_RIGHT);
	CHECK_INT(KM_KEY_HOME, KEY_HOME);
	CHECK_INT(KM_KEY_END, KEY_END);
	CHECK_INT(KM_KEY_BACKSPACE, KEY_BACKSPACE);
	CHECK_INT(KM_KEY_F(1), KEY_F(1));
	CHECK_INT(KM_KEY_F(12), KEY_F(12));
	CHECK_INT(KM_KEY_DC, KEY_DC);
	CHECK_INT(KM_KEY_IC, KEY_IC);
	CHECK_INT(KM_KEY_NPAGE, KEY_NPAGE);
	CHECK_INT(KM_KEY_PPAGE, KEY_PPAGE);
	CHECK_INT(KM_KEY_ENTER, KEY_ENTER);
	CHECK_INT(KM_KEY_BTAB, KEY_BTAB);
	CHECK(KEY_MAX < KM_KEY_LIMIT);
}

static const struct {
	const char	*text;
	int		 key;
} good_keys[] = {
	{ "j", 'j' }, { "G", 'G' }, { "?", '?' }, { ";", ';' }, { "<", '<' },
	{ ">", '>' }, { "$", '$' }, { "^", '^' }, { "~", '~' }, { "1", '1' },
	{ "<Enter>", '\n' }, { "<enter>", '\n' }, { "<ENTER>", '\n' },
	{ "<Space>", ' ' }, { "<Tab>", '\t' }, { "<BackTab>", KEY_BTAB },
	{ "<Esc>", 27 }, { "<BackSpace>", KEY_BACKSPACE },
	{ "<Delete>", KEY_DC }, { "<Insert>", KEY_IC },
	{ "<Up>", KEY_UP }, { "<Down>", KEY_DOWN }, { "<Left>", KEY_LEFT },
	{ "<Right>", KEY_RIGHT }, { "<Home>", KEY_HOME }, { "<End>", KEY_END },
	{ "<PageUp>", KEY_PPAGE }, { "<PageDown>", KEY_NPAGE },
	{ "<Hash>", '#' }, { "<Lt>", '<' },
	{ "<F1>", KEY_F(1) }, { "<f5>", KEY_F(5) }, { "<F12>", KEY_F(12) },
	{ "C-x", 24 }, { "^X", 24 }, { "C-X", 24 }, { "^x", 24 },
	{ "C-a", 1 }, { "C-l", 12 }, { "C-@", 0 }, { "C-[", 27 },
	{ "C-\\", 28 }, { "C-_", 31 }, { "^]", 29 },
	{ "C-i", '\t' }, { "C-m", '\n' }, { "C-j", '\n' }, { "C-h", 8 },
};

static void
every_key_in_the_syntax_parses_to_its_ncurses_code(void)
{
	size_t i;

	for (i = 0; i < sizeof good_keys / sizeof good_keys[0]; i++) {
		if (keymap_key_parse(good_keys[i].text) != good_keys[i].key)
			TEST_FAIL("\"%s\": got %d, want %d", good_keys[i].text,
			    keymap_key_parse(good_keys[i].text),
			    good_keys[i].key);
	}
}

static const char *const bad_keys[] = {
	"", "jj", "<>", "<Foo>", "<F0>", "<F13>", "<F1x>", "<F01>", "<F-1>",
	"<Enter", "Enter>", "C-", "C-1", "C-ab", "^", "^1", "^^^", " ",
	"\x01", "\x7f", "\xc3\xa9", "<Space >", "M-x",
};

static void
a_key_outside_the_syntax_is_refused(void)
{
	size_t i;

	for (i = 0; i < sizeof bad_keys / sizeof bad_keys[0]; i++) {
		/* "^" alone is the caret key; it is listed to pin that. */
		if (strcmp(bad_keys[i], "^") == 0) {
			CHECK_INT(keymap_key_parse(bad_keys[i]), '^');
			continue;
		}
		if (keymap_key_parse(bad_keys[i]) != -1)
			TEST_FAIL("\"%s\" parsed to %d", bad_keys[i],
			    keymap_key_parse(bad_keys[i]));
	}
}

static void
every_key_name_reads_back_as_the_same_key(void)
{
	char buf[16];
	int k, n = 0;

	for (k = 0; k < KM_KEY_LIMIT; k++) {
		if (keymap_key_canon(k) != k)
			continue;
		keymap_key_name(k, buf, sizeof buf);
		if (strncmp(buf, "<0", 2) == 0)
			continue;	/* a code with no name in the syntax */
		n++;
		if (keymap_key_parse(buf) != k)
			TEST_FAIL("key %d is named \"%s\", which parses to %d",
			    k, buf, keymap_key_parse(buf));
	}
	CHECK_INT(n, 94 + 31 + 1 + 12 + 12);	/* printable, control but CR, space, named, F1-F12 */
	CHECK_STR(keymap_key_name('#', buf, sizeof buf), "<Hash>");
	CHECK_STR(keymap_key_name('<', buf, sizeof buf), "<");
	CHECK_STR(keymap_key_name(' ', buf, sizeof buf), "<Space>");
	CHECK_STR(keymap_key_name(12, buf, sizeof buf), "C-l");
}

static void
lookups_fold_what_terminals_send_for_enter_and_backspace(void)
{
	struct keymap *km = keymap_new_default();

	CHECK_INT(keymap_lookup(km, CTX_LIST, '\n'), ACT_OPEN);
	CHECK_INT(keymap_lookup(km, CTX_LIST, '\r'), ACT_OPEN);
	CHECK_INT(keymap_lookup(km, CTX_LIST, KEY_ENTER), ACT_OPEN);
	CHECK_INT(keymap_lookup(km, CTX_PROMPT, 127), ACT_PROMPT_BACKSPACE);
	CHECK_INT(keymap_lookup(km, CTX_PROMPT, KEY_BACKSPACE), ACT_PROMPT_BACKSPACE);
	CHECK_INT(keymap_lookup(km, CTX_LIST, -1), ACT_NONE);
	CHECK_INT(keymap_lookup(km, CTX_LIST, KM_KEY_LIMIT), ACT_NONE);
	CHECK_INT(keymap_lookup(km, CTX_LIST, 0x1F600), ACT_NONE);
	keymap_free(&km);
	CHECK(km == NULL);
}

static const struct {
	const char	*what;
	const char	*text;
	const char	*msg;
} bad_files[] = {
	{ "an unknown context",
	  "bind lst j move-down\n",
	  "t.keys:1: unknown context \"lst\" (global, list, ticket, payment, "
	  "incident, outbox or prompt)" },
	{ "an unknown action",
	  "# comment\n\nbind list j move-dwn\n",
	  "t.keys:3: unknown action \"move-dwn\"" },
	{ "an unknown key name",
	  "bind list <Foo> move-down\n",
	  "t.keys:1: unknown key \"<Foo>\"" },
	{ "an unknown key in unbind",
	  "unbind list jj\n",
	  "t.keys:1: unknown key \"jj\"" },
	{ "a long word, quoted with its escapes and cut after 40 bytes",
	  "bind list j a\\\"cdefghijklmnopqrstuvwxyz0123456789abcdefgh\n",
	  "t.keys:1: unknown action \"a\\\\\\\"cdefghijklmnopqrstuvwxyz"
	  "0123456789abc\"..." },
	{ "a ticket action in the list context",
	  "bind list r ticket-reply\n",
	  "t.keys:1: action \"ticket-reply\" does not apply in context "
	  "\"list\" (it belongs to \"ticket\")" },
	{ "a list action in the global context",
	  "bind global j move-down\n",
	  "t.keys:1: action \"move-down\" does not apply in context "
	  "\"global\" (it belongs to \"list\")" },
	{ "a global action in the prompt",
	  "bind prompt q quit\n",
	  "t.keys:1: action \"quit\" does not apply in context \"prompt\" "
	  "(it belongs to \"global\")" },
	{ "an outbox action in the ticket context",
	  "bind ticket r outbox-retry\n",
	  "t.keys:1: action \"outbox-retry\" does not apply in context "
	  "\"ticket\" (it belongs to \"outbox\")" },
	{ "a garbage line",
	  "bind list j move-down\nset editor vim\n",
	  "t.keys:2: expected \"bind <context> <key> <action>\" or "
	  "\"unbind <context> <key>\", found \"set\"" },
	{ "a bind with too few words",
	  "bind list j\n",
	  "t.keys:1: bind takes <context> <key> <action>, found 2 words" },
	{ "a bind with too many words",
	  "bind list j move-down move-up\n",
	  "t.keys:1: bind takes <context> <key> <action>, found 4 words" },
	{ "an unbind with an action",
	  "unbind list j move-down\n",
	  "t.keys:1: unbind takes <context> <key>, found 3 words" },
	{ "a control character",
	  "bind list j\x1b[31m move-down\n",
	  "t.keys:1: a control character or non-ASCII byte outside a comment" },
	{ "a NUL byte",
	  "bind list j move-down\nbind\0 list k move-up\n",
	  "t.keys:2: a control character or non-ASCII byte outside a comment" },
	{ "a non-ASCII key",
	  "bind list \xc3\xa9 move-down\n",
	  "t.keys:1: a control character or non-ASCII byte outside a comment" },
	{ "a key bound twice in one context",
	  "bind list j move-down\n# again\nbind list j move-up\n",
	  "t.keys:3: key \"j\" is bound twice in context \"list\": here to "
	  "\"move-up\", at line 1 to \"move-down\"" },
	{ "one key bound twice under two spellings",
	  "bind list <Enter> open\nbind list C-m tag\n",
	  "t.keys:2: key \"<Enter>\" is bound twice in context \"list\": "
	  "here to \"tag\", at line 1 to \"open\"" },
	{ "the same binding repeated",
	  "bind ticket r ticket-reply\nbind ticket r ticket-reply\n",
	  "t.keys:2: key \"r\" is bound twice in context \"ticket\": here to "
	  "\"ticket-reply\", at line 1 to \"ticket-reply\"" },
	{ "an unknown command",
	  "bind list j move-down\nxyz\n",
	  "t.keys:2: expected \"bind <context> <key> <action>\" or "
	  "\"unbind <context> <key>\", found \"xyz\"" },
};

static void
each_error_kind_names_the_file_and_line(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km;
	size_t i, len;

	for (i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		km = keymap_new();
		/* strlen would stop at the NUL byte case's NUL. */
		len = strlen(bad_files[i].text);
		if (strcmp(bad_files[i].what, "a NUL byte") == 0)
			len += 1 + strlen(bad_files[i].text + len + 1);
		if (keymap_parse_buffer(km, "t.keys", bad_files[i].text, len,
		    &errs) != -1)
			TEST_FAIL("%s: accepted", bad_files[i].what);
		if (errs.n != 1)
			TEST_FAIL("%s: %zu errors", bad_files[i].what, errs.n);
		else if (strcmp(errs.v[0].msg, bad_files[i].msg) != 0)
			TEST_FAIL("%s:\n#     got  %s\n#     want %s",
			    bad_files[i].what, errs.v[0].msg, bad_files[i].msg);
		config_errors_free(&errs);
		keymap_free(&km);
	}
}

static void
a_conflict_keeps_the_first_binding_and_good_lines_still_apply(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km = keymap_new();
	const char *text = "bind list j move-down\nbind list j move-up\n"
	    "bind list x nothing\nbind list k move-up\n";

	CHECK_INT(keymap_parse_buffer(km, "t.keys", text, strlen(text), &errs), -1);
	CHECK_INT(errs.n, 2);
	if (errs.n == 2) {
		/* The apply error (line 2) sorts before the parse error (3). */
		CHECK_INT(errs.v[0].line, 2);
		CHECK_INT(errs.v[1].line, 3);
		CHECK_STR(errs.v[1].msg, "t.keys:3: unknown action \"nothing\"");
	}
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'j'), ACT_MOVE_DOWN);
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'k'), ACT_MOVE_UP);
	config_errors_free(&errs);
	keymap_free(&km);
}

static void
comments_blank_lines_tabs_and_crlf_are_accepted(void)
{
	struct keymap *km = keymap_new();

	apply_ok(km, "# a comment\n\n   \n\t# indented comment\r\n"
	    "\tbind\tlist   j  move-down   # trailing comment\r\n"
	    "bind list k move-up");
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'j'), ACT_MOVE_DOWN);
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'k'), ACT_MOVE_UP);
	keymap_free(&km);
}

static void
a_word_with_a_hash_inside_is_not_a_comment(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km = keymap_new();
	const char *text = "bind list <Hash> tag#x\n";

	CHECK_INT(keymap_parse_buffer(km, "t.keys", text, strlen(text), &errs), -1);
	CHECK_INT(errs.n, 1);
	if (errs.n == 1)
		CHECK_STR(errs.v[0].msg, "t.keys:1: unknown action \"tag#x\"");
	config_errors_free(&errs);
	keymap_free(&km);
}

static void
several_keys_may_reach_one_action(void)
{
	struct keymap *km = keymap_new_default();
	int keys[8];

	CHECK_INT(keymap_keys_for(km, CTX_LIST, ACT_MOVE_DOWN, keys, 8), 2);
	CHECK_INT(keys[0], 'j');
	CHECK_INT(keys[1], KEY_DOWN);
	CHECK_INT(keymap_keys_for(km, CTX_TICKET, ACT_QUIT, keys, 8), 1);
	CHECK_INT(keymap_keys_for(km, CTX_PAYMENT, ACT_PAYMENT_RECALCULATE,
	    keys, 8), 0);
	keymap_free(&km);
}

static void
unbind_removes_a_key_from_its_context_only(void)
{
	struct keymap *km = keymap_new_default();

	apply_ok(km, "unbind list j\nunbind ticket q\nunbind list x\n");
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'j'), ACT_NONE);
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 'j'), ACT_NONE);
	CHECK_INT(keymap_lookup(km, CTX_LIST, KEY_DOWN), ACT_MOVE_DOWN);
	/* q was never bound in ticket: the global binding still shows through. */
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 'q'), ACT_QUIT);
	apply_ok(km, "unbind global q\n");
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 'q'), ACT_NONE);
	keymap_free(&km);
}

static void
unbind_then_bind_again_in_one_file_is_not_a_conflict(void)
{
	struct keymap *km = keymap_new();

	apply_ok(km, "bind list j move-down\nunbind list j\nbind list j move-up\n");
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'j'), ACT_MOVE_UP);
	keymap_free(&km);
}

static void
a_later_file_overrides_an_earlier_one_without_a_conflict(void)
{
	struct keymap *km = keymap_new();

	load_ok(km, "keymaps/default.keys");
	apply_ok(km, "bind list j move-up\nbind list k move-down\n"
	    "bind global q help\n");
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'j'), ACT_MOVE_UP);
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'k'), ACT_MOVE_DOWN);
	CHECK_INT(keymap_lookup(km, CTX_OUTBOX, 'q'), ACT_HELP);
	keymap_free(&km);
}

static const struct {
	enum keymap_context ctx;
	int		 key;
	enum action	 want;
} lookups[] = {
	{ CTX_TICKET, 'q', ACT_QUIT },		/* global, through list */
	{ CTX_TICKET, 'j', ACT_MOVE_DOWN },	/* list */
	{ CTX_TICKET, 'r', ACT_TICKET_REPLY },	/* its own */
	{ CTX_OUTBOX, 'r', ACT_OUTBOX_RETRY },	/* same key, other tab */
	{ CTX_LIST, 'r', ACT_NONE },
	{ CTX_GLOBAL, 'j', ACT_NONE },
	{ CTX_PAYMENT, 'a', ACT_PAYMENT_ACCEPT },
	{ CTX_TICKET, 'a', ACT_TICKET_ASSIGN },
	{ CTX_INCIDENT, 'u', ACT_INCIDENT_UPDATE },
	{ CTX_PROMPT, 'q', ACT_NONE },		/* the prompt has no parent */
	{ CTX_PROMPT, '\n', ACT_PROMPT_SUBMIT },
	{ CTX_PROMPT, 27, ACT_PROMPT_CANCEL },
	{ CTX_LIST, 27, ACT_BACK },
	{ CTX_TICKET, '-', ACT_TICKET_TAG_REMOVE },
	{ CTX_TICKET, KEY_PPAGE, ACT_PAGE_UP },
	{ CTX_OUTBOX, '\t', ACT_NEXT_TAB },
	{ CTX_NONE, 'q', ACT_NONE },
	{ CTX_COUNT, 'q', ACT_NONE },
};

static void
lookup_falls_back_to_list_then_global(void)
{
	struct keymap *km = keymap_new_default();
	size_t i;

	for (i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
		if (keymap_lookup(km, lookups[i].ctx, lookups[i].key) !=
		    lookups[i].want)
			TEST_FAIL("context %d key %d: got %s, want %s",
			    lookups[i].ctx, lookups[i].key,
			    action_name(keymap_lookup(km, lookups[i].ctx,
			    lookups[i].key)), action_name(lookups[i].want));
	}
	/* A binding in a context shadows its parent's there only. */
	apply_ok(km, "bind ticket q ticket-reply\n");
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 'q'), ACT_TICKET_REPLY);
	CHECK_INT(keymap_lookup(km, CTX_LIST, 'q'), ACT_QUIT);
	keymap_free(&km);
}

static void
the_three_shipped_keymaps_load_without_error(void)
{
	static const char *const presets[] = {
		NULL, "keymaps/vi.keys", "keymaps/emacs.keys",
	};
	struct keymap *km;
	size_t i;

	for (i = 0; i < sizeof presets / sizeof presets[0]; i++) {
		km = keymap_new();
		load_ok(km, "keymaps/default.keys");
		if (presets[i] != NULL)
			load_ok(km, presets[i]);
		keymap_free(&km);
	}
	km = keymap_new_default();
	load_ok(km, "keymaps/vi.keys");
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 'l'), ACT_OPEN);
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 6), ACT_PAGE_DOWN);	/* C-f */
	CHECK_INT(keymap_lookup(km, CTX_TICKET, 'h'), ACT_BACK);
	keymap_free(&km);
	km = keymap_new_default();
	load_ok(km, "keymaps/emacs.keys");
	CHECK_INT(keymap_lookup(km, CTX_OUTBOX, 14), ACT_MOVE_DOWN);	/* C-n */
	CHECK_INT(keymap_lookup(km, CTX_OUTBOX, '<'), ACT_TOP);
	CHECK_INT(keymap_lookup(km, CTX_OUTBOX, 7), ACT_BACK);	/* C-g */
	keymap_free(&km);
}

static void
default_keys_binds_exactly_the_built_in_table(void)
{
	struct keymap *file = keymap_new(), *table = keymap_new_default();
	int c, k;

	load_ok(file, "keymaps/default.keys");
	for (c = 0; c < CTX_COUNT; c++) {
		for (k = 0; k < KM_KEY_LIMIT; k++) {
			if (keymap_lookup(file, (enum keymap_context)c, k) !=
			    keymap_lookup(table, (enum keymap_context)c, k))
				TEST_FAIL("context %s key %d: file %s, table %s",
				    keymap_context_name((enum keymap_context)c), k,
				    action_name(keymap_lookup(file,
				    (enum keymap_context)c, k)),
				    action_name(keymap_lookup(table,
				    (enum keymap_context)c, k)));
		}
	}
	keymap_free(&file);
	keymap_free(&table);
}

/* The contents of path, NUL-terminated; the caller frees it. */
static char *
slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0, got;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		TEST_FAIL("%s: cannot open", path);
		return xstrdup("");
	}
	buf = xmalloc(KEYMAP_MAX_FILE + 1);
	got = fread(buf, 1, KEYMAP_MAX_FILE, f);
	len = got;
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static void
every_action_has_a_name_help_context_and_a_key_or_is_marked_unbound(void)
{
	struct keymap *km = keymap_new();
	char *file = slurp("keymaps/default.keys"), *mark, *man = NULL;
	size_t manlen = 0, unbound = 0;
	const char *n, *p;
	FILE *f;
	int a, b;

	load_ok(km, "keymaps/default.keys");
	f = open_memstream(&man, &manlen);
	keymap_describe_man(f);
	fclose(f);
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		n = action_name((enum action)a);
		if (n == NULL || n[0] == '\0') {
			TEST_FAIL("action %d has no name", a);
			continue;
		}
		for (p = n; *p != '\0'; p++) {
			if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
				TEST_FAIL("%s: the name is not lower-case words", n);
		}
		CHECK_INT(action_from_name(n), a);
		for (b = ACT_NONE + 1; b < a; b++) {
			if (strcmp(n, action_name((enum action)b)) == 0)
				TEST_FAIL("%s: named twice", n);
		}
		if (action_help((enum action)a) == NULL ||
		    strlen(action_help((enum action)a)) < 8)
			TEST_FAIL("%s: no help text", n);
		if (keymap_context_name(action_context((enum action)a)) == NULL)
			TEST_FAIL("%s: no context", n);
		if (action_default_keys((enum action)a)[0] == '\0') {
			/* Deliberately unbound: default.keys says so. */
			unbound++;
			mark = xasprintf("# %s is deliberately unbound", n);
			if (strstr(file, mark) == NULL)
				TEST_FAIL("%s: unbound but not marked so in "
				    "default.keys", n);
			free(mark);
		} else if (keymap_keys_for(km, action_context((enum action)a),
		    (enum action)a, NULL, 0) == 0)
			TEST_FAIL("%s: no key in default.keys reaches it", n);
		/* The man page's list names it (hyphens escaped). */
		mark = xasprintf(".B %s", n);
		{
			char *esc = xmalloc(2 * strlen(mark) + 1), *q = esc;

			for (p = mark; *p != '\0'; p++) {
				if (*p == '-')
					*q++ = '\\';
				*q++ = *p;
			}
			*q = '\0';
			if (strstr(man, esc) == NULL)
				TEST_FAIL("%s: not in the man page's list", n);
			free(esc);
		}
		free(mark);
	}
	CHECK_INT(unbound, 1);
	CHECK(ACT_COUNT > 50);
	CHECK_INT(action_from_name("no-such-action"), ACT_NONE);
	CHECK(action_name(ACT_NONE) == NULL);
	CHECK(action_name(ACT_COUNT) == NULL);
	free(man);
	free(file);
	keymap_free(&km);
}

static void
every_context_has_a_name_and_parents_end(void)
{
	int c, depth;
	enum keymap_context p;

	for (c = 0; c < CTX_COUNT; c++) {
		CHECK(keymap_context_name((enum keymap_context)c) != NULL);
		CHECK_INT(keymap_context_from_name(keymap_context_name(
		    (enum keymap_context)c)), c);
		depth = 0;
		for (p = (enum keymap_context)c; p != CTX_NONE;
		    p = keymap_context_parent(p))
			depth++;
		CHECK(depth <= 3);
	}
	CHECK_INT(keymap_context_parent(CTX_TICKET), CTX_LIST);
	CHECK_INT(keymap_context_parent(CTX_LIST), CTX_GLOBAL);
	CHECK_INT(keymap_context_parent(CTX_PROMPT), CTX_NONE);
}

static void
describe_lists_every_action_of_a_context_bound_or_not(void)
{
	struct keymap *km = keymap_new_default();
	char *out = NULL;
	size_t len = 0, lines = 0;
	const char *p;
	FILE *f;
	int a;

	apply_ok(km, "unbind list g\n");
	f = open_memstream(&out, &len);
	keymap_describe(km, f, CTX_PAYMENT);
	fclose(f);
	for (p = out; *p != '\0'; p++)
		lines += *p == '\n';
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		if (action_valid_in((enum action)a, CTX_PAYMENT))
			CHECK_CONTAINS(out, action_name((enum action)a));
		else if (strstr(out, action_name((enum action)a)) != NULL)
			TEST_FAIL("%s listed for payments", action_name((enum action)a));
	}
	CHECK_CONTAINS(out, "payment-recalculate  (unbound)");
	CHECK_CONTAINS(out, "move-down            j <Down>           Move to the next line\n");
	CHECK_CONTAINS(out, "top                  <Home>             ");
	CHECK_CONTAINS(out, "quit                 q                  Quit tdesk\n");
	/* Its own actions first. */
	CHECK(strncmp(out, "payment-accept", 14) == 0);
	CHECK(lines > 20);
	free(out);
	keymap_free(&km);
}

static void
errors_past_the_cap_are_counted_not_kept(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km = keymap_new();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int i;

	for (i = 0; i < 250; i++)
		fputs("garbage\n", f);
	fclose(f);
	CHECK_INT(keymap_parse_buffer(km, "t.keys", text, len, &errs), -1);
	CHECK_INT(errs.n, CONFIG_MAX_ERRORS);
	CHECK_INT(errs.dropped, 250 - CONFIG_MAX_ERRORS);
	config_errors_free(&errs);
	free(text);
	keymap_free(&km);
}

static void
a_missing_file_is_reported_by_name(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km = keymap_new();

	CHECK_INT(keymap_load(km, "keymaps/no-such.keys", &errs), -1);
	CHECK_INT(errs.n, 1);
	if (errs.n == 1)
		CHECK_STR(errs.v[0].msg,
		    "keymaps/no-such.keys: No such file or directory");
	config_errors_free(&errs);
	keymap_free(&km);
}

static void
an_empty_file_binds_nothing(void)
{
	struct keymap *km = keymap_new();
	int k;

	apply_ok(km, "");
	apply_ok(km, "\n\n# nothing\n");
	for (k = 0; k < KM_KEY_LIMIT; k++)
		CHECK_INT(keymap_lookup(km, CTX_TICKET, k), ACT_NONE);
	keymap_free(&km);
}

static const struct test tests[] = {
	T(key_codes_are_the_ncurses_ones),
	T(every_key_in_the_syntax_parses_to_its_ncurses_code),
	T(a_key_outside_the_syntax_is_refused),
	T(every_key_name_reads_back_as_the_same_key),
	T(lookups_fold_what_terminals_send_for_enter_and_backspace),
	T(each_error_kind_names_the_file_and_line),
	T(a_conflict_keeps_the_first_binding_and_good_lines_still_apply),
	T(comments_blank_lines_tabs_and_crlf_are_accepted),
	T(a_word_with_a_hash_inside_is_not_a_comment),
	T(several_keys_may_reach_one_action),
	T(unbind_removes_a_key_from_its_context_only),
	T(unbind_then_bind_again_in_one_file_is_not_a_conflict),
	T(a_later_file_overrides_an_earlier_one_without_a_conflict),
	T(lookup_falls_back_to_list_then_global),
	T(the_three_shipped_keymaps_load_without_error),
	T(default_keys_binds_exactly_the_built_in_table),
	T(every_action_has_a_name_help_context_and_a_key_or_is_marked_unbound),
	T(every_context_has_a_name_and_parents_end),
	T(describe_lists_every_action_of_a_context_bound_or_not),
	T(errors_past_the_cap_are_counted_not_kept),
	T(a_missing_file_is_reported_by_name),
	T(an_empty_file_binds_nothing),
};

TEST_MAIN(tests)
