/*
 * Unit tests for tui/console/lineedit.h: editing by grapheme cluster, cleaning of
 * typed and pasted text, the cap, history, completion and the view.
 *
 * Most cases are scripts: UTF-8 text typed one code point at a time
 * through lineedit_insert_cp(), with {X} for an action, and the line
 * expected afterwards with "|" for the cursor.
 */
#include "test.h"
#include "tui/console/lineedit.h"

#include <stdbool.h>
#include <stdint.h>

#include "tui/text/text.h"

struct script_case {
	const char	*script;
	const char	*want;		/* the line, "|" at the cursor */
};

static const struct {
	char		 key;
	enum action	 action;
} script_keys[] = {
	{ 'L', ACT_PROMPT_LEFT }, { 'R', ACT_PROMPT_RIGHT },
	{ 'H', ACT_PROMPT_HOME }, { 'E', ACT_PROMPT_END },
	{ 'B', ACT_PROMPT_BACKSPACE }, { 'D', ACT_PROMPT_DELETE },
	{ 'K', ACT_PROMPT_KILL_LINE }, { 'W', ACT_PROMPT_DELETE_WORD },
	{ 'P', ACT_PROMPT_HISTORY_PREV }, { 'N', ACT_PROMPT_HISTORY_NEXT },
};

/* Run script on le: "{X}" an action, anything else typed code point by
 * code point. */
static void
script_run(struct lineedit *le, const char *script)
{
	size_t i = 0, k, len = strlen(script);
	uint32_t cp;

	while (i < len) {
		if (script[i] == '{' && i + 2 < len && script[i + 2] == '}') {
			for (k = 0; k < sizeof script_keys /
			    sizeof script_keys[0]; k++) {
				if (script_keys[k].key == script[i + 1])
					break;
			}
			if (k == sizeof script_keys / sizeof script_keys[0])
				TEST_FAIL("bad script key {%c}", script[i + 1]);
			else if (!lineedit_action(le, script_keys[k].action))
				TEST_FAIL("{%c} not handled", script[i + 1]);
			i += 3;
			continue;
		}
		i += text_utf8_decode(script + i, len - i, &cp);
		(void)lineedit_insert_cp(le, cp);
	}
}

/* The line with "|" at the cursor, in a static buffer. */
static const char *
marked(const struct lineedit *le)
{
	static char out[LINEEDIT_CAP + 2];
	size_t c = lineedit_cursor(le);

	memcpy(out, lineedit_text(le), c);
	out[c] = '|';
	memcpy(out + c + 1, lineedit_text(le) + c, lineedit_len(le) - c + 1);
	return out;
}

static void
run_scripts(const struct script_case *t, size_t n,
    struct lineedit_history *hist)
{
	struct lineedit *le;
	size_t i;

	for (i = 0; i < n; i++) {
		le = lineedit_new(hist);
		script_run(le, t[i].script);
		if (strcmp(marked(le), t[i].want) != 0)
			TEST_FAIL("\"%s\" gives \"%s\", want \"%s\"",
			    t[i].script, marked(le), t[i].want);
		lineedit_free(&le);
		CHECK(le == NULL);
	}
}

/* A string literal and its length in bytes, NULs included. */
#define BYTES(s)	s, sizeof (s) - 1

#define RUN_SCRIPTS(t, h)	run_scripts(t, sizeof (t) / sizeof (t)[0], h)

/* ---- moving and deleting ---- */

static void
the_cursor_moves_by_whole_grapheme_clusters(void)
{
	static const struct script_case t[] = {
		{ "abc", "abc|" },
		{ "abc{L}{L}", "a|bc" },
		{ "abc{L}{L}{L}{L}", "|abc" },
		{ "abc{H}{R}{R}{R}{R}", "abc|" },
		{ "abc{H}", "|abc" },
		{ "abc{H}{E}", "abc|" },
		{ "e\xCC\x81{L}", "|e\xCC\x81" },
		{ "\xE4\xB8\xAD\xE6\x96\x87{L}", "\xE4\xB8\xAD|\xE6\x96\x87" },
		/* 👩 ZWJ 💻, typed a code point at a time: one cluster. */
		{ "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBBx{L}{L}",
		    "|\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBBx" },
		/* 🇵🇱🇩🇪: two flags, four regional indicators. */
		{ "\xF0\x9F\x87\xB5\xF0\x9F\x87\xB1\xF0\x9F\x87\xA9"
		    "\xF0\x9F\x87\xAA{L}",
		    "\xF0\x9F\x87\xB5\xF0\x9F\x87\xB1|\xF0\x9F\x87\xA9"
		    "\xF0\x9F\x87\xAA" },
		/* 👍🏽 */
		{ "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD{L}",
		    "|\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" },
		/* Hangul jamo L V T: one syllable. */
		{ "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB{L}",
		    "|\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB" },
	};

	RUN_SCRIPTS(t, NULL);
}

static void
a_code_point_that_extends_a_cluster_never_leaves_the_cursor_inside_it(void)
{
	static const struct script_case t[] = {
		/* A mark typed after a base joins it; the cursor follows. */
		{ "e\xCC\x81", "e\xCC\x81|" },
		{ "ab{L}\xCC\x81", "a\xCC\x81|b" },
		{ "ab{L}\xCC\x81\xCC\xA3", "a\xCC\x81\xCC\xA3|b" },
		/* A base typed before a mark that opens the line. */
		{ "\xCC\x81{H}a", "a\xCC\x81|" },
		/* VS16 and ZWJ sequences built in the middle of a line. */
		{ "\xE2\x9D\xA4x{L}\xEF\xB8\x8F",
		    "\xE2\x9D\xA4\xEF\xB8\x8F|x" },
		{ "\xF0\x9F\x91\xA9x{L}\xE2\x80\x8D\xF0\x9F\x92\xBB",
		    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB|x" },
		/* A third regional indicator starts a new pair. */
		{ "\xF0\x9F\x87\xB5\xF0\x9F\x87\xB1\xF0\x9F\x87\xA9",
		    "\xF0\x9F\x87\xB5\xF0\x9F\x87\xB1\xF0\x9F\x87\xA9|" },
	};

	RUN_SCRIPTS(t, NULL);
}

static void
backspace_and_delete_remove_one_whole_cluster(void)
{
	static const struct script_case t[] = {
		{ "abc{B}", "ab|" },
		{ "abc{H}{D}", "|bc" },
		{ "abc{H}{B}", "|abc" },
		{ "abc{D}", "abc|" },
		{ "ae\xCC\x81{B}", "a|" },
		{ "ae\xCC\x81" "b{L}{L}{D}", "a|b" },
		{ "\xE4\xB8\xAD\xE6\x96\x87{L}{B}", "|\xE6\x96\x87" },
		{ "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB{B}", "|" },
		/* 🇵 a 🇱: deleting the a joins the indicators into one flag;
		 * the cursor goes to its start, not inside it. */
		{ "\xF0\x9F\x87\xB5" "a\xF0\x9F\x87\xB1{L}{B}",
		    "|\xF0\x9F\x87\xB5\xF0\x9F\x87\xB1" },
		{ "\xF0\x9F\x87\xB5" "a\xF0\x9F\x87\xB1{L}{L}{D}",
		    "|\xF0\x9F\x87\xB5\xF0\x9F\x87\xB1" },
	};

	RUN_SCRIPTS(t, NULL);
}

static void
kill_line_empties_the_whole_line(void)
{
	static const struct script_case t[] = {
		{ "abc{K}", "|" },
		{ "abc{L}{L}{K}", "|" },
		{ "{K}", "|" },
		{ "abc{K}x", "x|" },
	};

	RUN_SCRIPTS(t, NULL);
}

static void
delete_word_removes_spaces_then_the_word_before_the_cursor(void)
{
	static const struct script_case t[] = {
		{ "foo bar{W}", "foo |" },
		{ "foo bar  {W}", "foo |" },
		{ "foo bar{W}{W}", "|" },
		{ "foo bar{L}{L}{W}", "foo |ar" },
		{ "foo bar{H}{W}", "|foo bar" },
		{ "   {W}", "|" },
		{ "tag:a,b c{W}", "tag:a,b |" },
		{ "caf\xC3\xA9 cr\xC3\xA8me{W}", "caf\xC3\xA9 |" },
		{ "\xE4\xB8\xAD\xE6\x96\x87 x{W}{W}", "|" },
	};

	RUN_SCRIPTS(t, NULL);
}

/* ---- what goes in ---- */

static void
pasted_text_loses_its_controls_and_bad_bytes_become_replacement_characters(void)
{
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*want;
	} t[] = {
		{ BYTES("a\tb\nc\r\nd"), "abcd" },
		{ BYTES("\x1b[31mred\x1b[0m"), "[31mred[0m" },
		{ BYTES("del\x7f" "c1\xC2\x85\xC2\x9Bx"), "delc1x" },
		{ BYTES("nul\0byte"), "nulbyte" },
		{ BYTES("a\xFF" "b"), "a\xEF\xBF\xBD" "b" },
		{ BYTES("\xE4\xB8"), "\xEF\xBF\xBD" },
		{ BYTES("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ BYTES("\xED\xA0\x80"),
		    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ BYTES("\x80"), "\xEF\xBF\xBD" },
		/* A format character is not a control: it stays. */
		{ BYTES("caf\xC3\xA9 \xE2\x80\x8F"),
		    "caf\xC3\xA9 \xE2\x80\x8F" },
	};
	struct lineedit *le = lineedit_new(NULL);
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		lineedit_set(le, NULL);
		CHECK_INT(lineedit_insert(le, t[i].in, t[i].len), LINEEDIT_OK);
		CHECK_STR(lineedit_text(le), t[i].want);
		CHECK_INT(lineedit_cursor(le), strlen(t[i].want));
	}
	lineedit_free(&le);
}

static void
typed_code_points_that_are_not_characters_are_dropped_or_replaced(void)
{
	static const struct {
		uint32_t	 cp;
		const char	*want;
	} t[] = {
		{ 'a', "a" }, { 0, "" }, { 0x1B, "" }, { 0x7F, "" },
		{ 0x85, "" }, { 0x9F, "" }, { 0xA0, "\xC2\xA0" },
		{ 0xD800, "\xEF\xBF\xBD" }, { 0xDFFF, "\xEF\xBF\xBD" },
		{ 0x110000, "\xEF\xBF\xBD" }, { 0xFFFFFFFF, "\xEF\xBF\xBD" },
		{ 0x10FFFF, "\xF4\x8F\xBF\xBF" },
	};
	struct lineedit *le = lineedit_new(NULL);
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		lineedit_set(le, "");
		CHECK_INT(lineedit_insert_cp(le, t[i].cp), LINEEDIT_OK);
		CHECK_STR(lineedit_text(le), t[i].want);
	}
	lineedit_free(&le);
}

static void
the_line_never_passes_its_cap_and_text_goes_in_whole_code_points(void)
{
	char big[LINEEDIT_CAP + 16];
	struct lineedit *le = lineedit_new(NULL);

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_INT(lineedit_set(le, big), LINEEDIT_FULL);
	CHECK_INT(lineedit_len(le), LINEEDIT_CAP);
	CHECK_INT(lineedit_cursor(le), LINEEDIT_CAP);

	big[LINEEDIT_CAP - 1] = '\0';
	CHECK_INT(lineedit_set(le, big), LINEEDIT_OK);
	CHECK_INT(lineedit_insert_cp(le, 0xE9), LINEEDIT_FULL);	/* 2 bytes */
	CHECK_INT(lineedit_len(le), LINEEDIT_CAP - 1);
	CHECK_INT(lineedit_insert(le, "\xFF", 1), LINEEDIT_FULL); /* U+FFFD */
	CHECK_INT(lineedit_insert(le, "xyz", 3), LINEEDIT_FULL);
	CHECK_INT(lineedit_len(le), LINEEDIT_CAP);
	CHECK(lineedit_text(le)[LINEEDIT_CAP - 1] == 'x');
	CHECK_INT(lineedit_insert_cp(le, 'q'), LINEEDIT_FULL);
	/* Dropped controls do not count as a full line. */
	CHECK_INT(lineedit_insert_cp(le, 0x1B), LINEEDIT_OK);
	CHECK_INT(lineedit_action(le, ACT_PROMPT_BACKSPACE), true);
	CHECK_INT(lineedit_insert(le, "\xE2\x82\xAC", 3), LINEEDIT_FULL);
	CHECK_INT(lineedit_len(le), LINEEDIT_CAP - 1);
	lineedit_free(&le);
}

static void
only_editing_actions_are_handled_by_the_editor(void)
{
	static const enum action not_ours[] = {
		ACT_PROMPT_SUBMIT, ACT_PROMPT_CANCEL, ACT_PROMPT_COMPLETE,
		ACT_QUIT, ACT_NONE, ACT_MOVE_DOWN,
	};
	struct lineedit *le = lineedit_new(NULL);
	size_t i;

	for (i = 0; i < sizeof not_ours / sizeof not_ours[0]; i++)
		CHECK(!lineedit_action(le, not_ours[i]));
	for (i = 0; i < sizeof script_keys / sizeof script_keys[0]; i++)
		CHECK(lineedit_action(le, script_keys[i].action));
	lineedit_free(&le);
	lineedit_free(&le);	/* NULL is fine */
}

/* ---- history ---- */

static struct lineedit_history *
history_of(const char *const *lines)
{
	struct lineedit_history *h = lineedit_history_new();

	for (; *lines != NULL; lines++)
		lineedit_history_add(h, *lines);
	return h;
}

static void
history_recalls_older_and_newer_entries_and_keeps_the_line_being_typed(void)
{
	static const char *const lines[] = { "one", "two", "three", NULL };
	static const struct script_case t[] = {
		{ "{P}", "three|" },
		{ "{P}{P}", "two|" },
		{ "{P}{P}{P}", "one|" },
		{ "{P}{P}{P}{P}{P}", "one|" },
		{ "{P}{P}{N}", "three|" },
		{ "typ{P}{N}", "typ|" },
		{ "typ{L}{P}{P}{N}{N}", "typ|" },
		{ "typ{P}{P}{N}{N}{N}{N}", "typ|" },
		{ "{N}", "|" },
		{ "typ{N}", "typ|" },
		/* An edited entry is not kept, nor is the history changed. */
		{ "{P}{B}{B}{P}{N}", "three|" },
		{ "x{P}{K}{N}", "x|" },
	};
	struct lineedit_history *h = history_of(lines);

	RUN_SCRIPTS(t, h);
	CHECK_INT(lineedit_history_count(h), 3);
	CHECK_STR(lineedit_history_get(h, 0), "three");
	lineedit_history_free(&h);
	CHECK(h == NULL);
	lineedit_history_free(&h);
}

static void
history_skips_blank_lines_and_consecutive_duplicates(void)
{
	static const char *const lines[] = {
		"a", "a", "", "   ", " \t", "b", "a", "a", "b", NULL,
	};
	static const char *const want[] = { "b", "a", "b", "a" };
	struct lineedit_history *h = history_of(lines);
	size_t i;

	CHECK_INT(lineedit_history_count(h), 4);
	for (i = 0; i < 4; i++)
		CHECK_STR(lineedit_history_get(h, i), want[i]);
	CHECK(lineedit_history_get(h, 4) == NULL);
	lineedit_history_add(h, NULL);
	CHECK_INT(lineedit_history_count(h), 4);
	lineedit_history_free(&h);
}

static void
history_keeps_only_the_newest_entries(void)
{
	struct lineedit_history *h = lineedit_history_new();
	char line[16];
	int i;

	for (i = 0; i < LINEEDIT_HISTORY_MAX + 50; i++) {
		snprintf(line, sizeof line, "line %d", i);
		lineedit_history_add(h, line);
	}
	CHECK_INT(lineedit_history_count(h), LINEEDIT_HISTORY_MAX);
	snprintf(line, sizeof line, "line %d", LINEEDIT_HISTORY_MAX + 49);
	CHECK_STR(lineedit_history_get(h, 0), line);
	CHECK_STR(lineedit_history_get(h, LINEEDIT_HISTORY_MAX - 1), "line 50");
	lineedit_history_free(&h);
}

static void
each_prompt_kind_recalls_only_its_own_history(void)
{
	struct lineedit_history *cmd = lineedit_history_new();
	struct lineedit_history *search = lineedit_history_new();
	struct lineedit *a = lineedit_new(cmd), *b = lineedit_new(search);

	lineedit_history_add(cmd, "assign me");
	lineedit_history_add(search, "billing");
	script_run(a, "{P}");
	script_run(b, "{P}");
	CHECK_STR(lineedit_text(a), "assign me");
	CHECK_STR(lineedit_text(b), "billing");
	/* lineedit_set() leaves recall: next then does nothing. */
	lineedit_set(a, "new");
	script_run(a, "{N}");
	CHECK_STR(lineedit_text(a), "new");
	lineedit_free(&a);
	lineedit_free(&b);
	lineedit_history_free(&cmd);
	lineedit_history_free(&search);
}

/* ---- completion ---- */

/* What the test completer saw, and offers. */
struct seen {
	int		 calls;
	size_t		 index;
	char		 words[4][64];	/* words[0..index] as given */
	const char	*const *offer;	/* NULL-terminated, or by word 0 */
};

static const char *const commands[] = {
	"assign", "assign-me", "status", "tag-add", "tag-remove", NULL,
};
static const char *const agents[] = {
	"Ana Souza", "Ana Lima", "Andr\xC3\xA9", "O'Brien", NULL,
};

/* Offers commands for word 0 and agents after, each matching as a prefix. */
static void
complete_test(const char *const *words, size_t index,
    struct lineedit_candidates *out, void *arg)
{
	struct seen *s = arg;
	const char *const *v;
	size_t i;

	s->calls++;
	s->index = index;
	for (i = 0; i <= index && i < 4; i++)
		snprintf(s->words[i], sizeof s->words[i], "%s", words[i]);
	v = s->offer != NULL ? s->offer : index == 0 ? commands : agents;
	for (; *v != NULL; v++) {
		if (strncmp(*v, words[index], strlen(words[index])) == 0)
			lineedit_candidates_add(out, *v);
	}
}

struct complete_case {
	const char	*script;	/* before Tab */
	unsigned	 flags;
	const char	*want;		/* after Tab, "|" at the cursor */
	size_t		 n;		/* candidates returned */
};

static void
run_completions(const struct complete_case *t, size_t count)
{
	struct lineedit_candidates *c;
	struct lineedit *le;
	struct seen seen;
	size_t i;

	for (i = 0; i < count; i++) {
		memset(&seen, 0, sizeof seen);
		if (t[i].flags & LINEEDIT_WHOLE)
			seen.offer = agents;	/* a question: "Assign to:" */
		le = lineedit_new(NULL);
		script_run(le, t[i].script);
		c = lineedit_complete(le, complete_test, &seen, t[i].flags);
		if (strcmp(marked(le), t[i].want) != 0)
			TEST_FAIL("\"%s\" completes to \"%s\", want \"%s\"",
			    t[i].script, marked(le), t[i].want);
		if (c->n != t[i].n)
			TEST_FAIL("\"%s\": %zu candidates, want %zu",
			    t[i].script, c->n, t[i].n);
		CHECK(c->selected == LINEEDIT_NONE);
		lineedit_candidates_free(&c);
		CHECK(c == NULL);
		lineedit_free(&le);
	}
}

#define RUN_COMPLETIONS(t) run_completions(t, sizeof (t) / sizeof (t)[0])

static void
one_candidate_completes_the_word_and_adds_a_space(void)
{
	static const struct complete_case t[] = {
		{ "st", LINEEDIT_WORDS, "status |", 1 },
		{ "status", LINEEDIT_WORDS, "status |", 1 },
		{ "  st", LINEEDIT_WORDS, "  status |", 1 },
		{ "st x{L}{L}", LINEEDIT_WORDS, "status |x", 1 },
		{ "stxx{L}{L}", LINEEDIT_WORDS, "status |xx", 1 },
		{ "assign O", LINEEDIT_QUOTED, "assign \"O'Brien\" |", 1 },
		{ "assign Andr", LINEEDIT_QUOTED, "assign Andr\xC3\xA9 |", 1 },
		{ "assign 'Ana S", LINEEDIT_QUOTED, "assign 'Ana Souza' |", 1 },
		{ "assign Ana\\ S", LINEEDIT_QUOTED, "assign 'Ana Souza' |", 1 },
		{ "Ana S", LINEEDIT_WHOLE, "Ana Souza|", 1 },
	};

	RUN_COMPLETIONS(t);
}

static void
several_candidates_complete_their_longest_common_prefix(void)
{
	static const struct complete_case t[] = {
		{ "ta", LINEEDIT_WORDS, "tag-|", 2 },
		{ "tag-", LINEEDIT_WORDS, "tag-|", 2 },
		{ "", LINEEDIT_WORDS, "|", 5 },
		{ "assign ", LINEEDIT_WORDS, "assign |", 4 },
		{ "assign A", LINEEDIT_WORDS, "assign An|", 3 },
		/* The quote a common prefix needs stays open. */
		{ "assign Ana", LINEEDIT_QUOTED, "assign 'Ana |", 2 },
		{ "assign \"Ana", LINEEDIT_QUOTED, "assign 'Ana |", 2 },
		{ "Ana", LINEEDIT_WHOLE, "Ana |", 2 },
		{ "zz", LINEEDIT_WORDS, "zz|", 0 },
	};

	RUN_COMPLETIONS(t);
}

static void
the_completer_gets_the_words_before_the_cursor_and_the_index_of_the_last(void)
{
	static const struct {
		const char	*script;
		unsigned	 flags;
		size_t		 index;
		const char	*words[4];
	} t[] = {
		{ "", LINEEDIT_WORDS, 0, { "" } },
		{ "as", LINEEDIT_WORDS, 0, { "as" } },
		{ "assign ", LINEEDIT_WORDS, 1, { "assign", "" } },
		{ "assign  Ana Sou", LINEEDIT_WORDS, 2, { "assign", "Ana", "Sou" } },
		{ "assign 'Ana Souza' gr", LINEEDIT_QUOTED, 2,
		    { "assign", "Ana Souza", "gr" } },
		{ "assign 'Ana Sou", LINEEDIT_QUOTED, 1, { "assign", "Ana Sou" } },
		{ "assign Ana Sou", LINEEDIT_WHOLE, 0, { "assign Ana Sou" } },
		{ "tag-add abc{L}{L}", LINEEDIT_WORDS, 1, { "tag-add", "a" } },
	};
	struct lineedit_candidates *c;
	struct lineedit *le;
	struct seen seen;
	size_t i, k;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&seen, 0, sizeof seen);
		le = lineedit_new(NULL);
		script_run(le, t[i].script);
		c = lineedit_complete(le, complete_test, &seen, t[i].flags);
		CHECK_INT(seen.calls, 1);
		if (seen.index != t[i].index)
			TEST_FAIL("\"%s\": index %zu, want %zu", t[i].script,
			    seen.index, t[i].index);
		for (k = 0; k <= t[i].index; k++)
			CHECK_STR(seen.words[k], t[i].words[k]);
		lineedit_candidates_free(&c);
		lineedit_free(&le);
	}
}

static void
tab_again_cycles_through_the_candidates_and_back_to_the_prefix(void)
{
	static const char *const want[] = {
		"assign 'Ana |", "assign 'Ana Souza'|", "assign 'Ana Lima'|",
		"assign 'Ana |", "assign 'Ana Souza'|",
	};
	static const size_t selected[] = {
		LINEEDIT_NONE, 0, 1, LINEEDIT_NONE, 0,
	};
	struct lineedit_candidates *c;
	struct lineedit *le = lineedit_new(NULL);
	struct seen seen;
	size_t i;

	memset(&seen, 0, sizeof seen);
	script_run(le, "assign Ana");
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		c = lineedit_complete(le, complete_test, &seen,
		    LINEEDIT_QUOTED);
		CHECK_STR(marked(le), want[i]);
		CHECK_INT(c->n, 2);
		CHECK(c->selected == selected[i]);
		lineedit_candidates_free(&c);
	}
	CHECK_INT(seen.calls, 1);

	/* Anything else ends the cycle: the next Tab asks again. */
	script_run(le, " ");
	c = lineedit_complete(le, complete_test, &seen, LINEEDIT_QUOTED);
	CHECK_INT(seen.calls, 2);
	lineedit_candidates_free(&c);
	script_run(le, "{B}{L}{R}");
	c = lineedit_complete(le, complete_test, &seen, LINEEDIT_QUOTED);
	CHECK_INT(seen.calls, 3);
	CHECK(c->selected == LINEEDIT_NONE);
	lineedit_candidates_free(&c);
	lineedit_free(&le);
}

static void
a_completion_that_would_pass_the_cap_leaves_the_line_alone(void)
{
	static const char *const offer[] = { "a-rather-long-name", NULL };
	char big[LINEEDIT_CAP];
	struct lineedit_candidates *c;
	struct lineedit *le = lineedit_new(NULL);
	struct seen seen;

	memset(&seen, 0, sizeof seen);
	seen.offer = offer;
	memset(big, 'x', LINEEDIT_CAP - 10);
	memcpy(big + LINEEDIT_CAP - 10, " a", 3);
	CHECK_INT(lineedit_set(le, big), LINEEDIT_OK);
	c = lineedit_complete(le, complete_test, &seen, LINEEDIT_WORDS);
	CHECK_INT(c->n, 1);
	CHECK_STR(lineedit_text(le), big);
	lineedit_candidates_free(&c);
	lineedit_free(&le);
}

static void
candidate_lists_drop_duplicates_and_stop_at_their_cap(void)
{
	struct lineedit_candidates c;
	char name[16];
	size_t i;

	memset(&c, 0, sizeof c);
	lineedit_candidates_add(&c, "a");
	lineedit_candidates_add(&c, "a");
	lineedit_candidates_add(&c, NULL);
	CHECK_INT(c.n, 1);
	for (i = 0; i < LINEEDIT_CANDIDATES_MAX + 5; i++) {
		snprintf(name, sizeof name, "c%zu", i);
		lineedit_candidates_add(&c, name);
	}
	CHECK_INT(c.n, LINEEDIT_CANDIDATES_MAX);
	CHECK(c.truncated);
	for (i = 0; i < c.n; i++)
		free(c.v[i]);
	free(c.v);
}

/* ---- the view ---- */

static void
the_view_keeps_the_cursor_visible_scrolling_by_whole_clusters(void)
{
	static const struct {
		const char	*script;
		int		 cols;
		size_t		 start_in;
		size_t		 start;		/* out */
		size_t		 len;		/* bytes shown */
		int		 col;		/* cursor column */
	} t[] = {
		{ "hello", 10, 0, 0, 5, 5 },
		{ "hello", 6, 0, 0, 5, 5 },
		{ "hello", 5, 0, 1, 4, 4 },
		{ "abcdefghij", 5, 0, 6, 4, 4 },
		{ "abcdefghij{H}", 5, 6, 0, 5, 0 },
		/* The previous start stays while the cursor is in view. */
		{ "abcdefghij{L}{L}{L}", 5, 6, 6, 4, 1 },
		{ "abcdefghij{L}{L}{L}{L}{L}", 5, 6, 5, 5, 0 },
		/* Back left when the end of the line leaves room. */
		{ "abc", 10, 2, 0, 3, 3 },
		{ "abc", 3, 99, 1, 2, 2 },
		/* 中文字: two columns each. */
		{ "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 4, 0, 6, 3, 2 },
		{ "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 7, 0, 0, 9, 6 },
		{ "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97{H}", 3, 6, 0, 3, 0 },
		/* The whole wide character under the cursor is in view. */
		{ "abc\xE4\xB8\xAD{L}", 4, 0, 1, 5, 2 },
		{ "abc\xE4\xB8\xAD{L}", 5, 0, 0, 6, 3 },
		/* A window narrower than the character: nothing shown. */
		{ "\xE4\xB8\xAD{H}", 1, 0, 0, 0, 0 },
		{ "\xE4\xB8\xAD", 1, 0, 3, 0, 0 },
		/* e + U+0301 is one column. */
		{ "e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 3, 0, 3, 6, 2 },
		{ "", 4, 0, 0, 0, 0 },
		{ "abc", 0, 0, 3, 0, 0 },
		{ "abc", -5, 0, 3, 0, 0 },
	};
	struct lineedit *le;
	size_t i, start, len;
	int col;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		le = lineedit_new(NULL);
		script_run(le, t[i].script);
		start = t[i].start_in;
		len = lineedit_view(le, t[i].cols, &start, &col);
		if (start != t[i].start || len != t[i].len || col != t[i].col)
			TEST_FAIL("\"%s\" in %d columns from %zu: start %zu, "
			    "%zu bytes, column %d; want %zu, %zu, %d",
			    t[i].script, t[i].cols, t[i].start_in, start,
			    len, col, t[i].start, t[i].len, t[i].col);
		lineedit_free(&le);
	}
}

static const struct test tests[] = {
	T(the_cursor_moves_by_whole_grapheme_clusters),
	T(a_code_point_that_extends_a_cluster_never_leaves_the_cursor_inside_it),
	T(backspace_and_delete_remove_one_whole_cluster),
	T(kill_line_empties_the_whole_line),
	T(delete_word_removes_spaces_then_the_word_before_the_cursor),
	T(pasted_text_loses_its_controls_and_bad_bytes_become_replacement_characters),
	T(typed_code_points_that_are_not_characters_are_dropped_or_replaced),
	T(the_line_never_passes_its_cap_and_text_goes_in_whole_code_points),
	T(only_editing_actions_are_handled_by_the_editor),
	T(history_recalls_older_and_newer_entries_and_keeps_the_line_being_typed),
	T(history_skips_blank_lines_and_consecutive_duplicates),
	T(history_keeps_only_the_newest_entries),
	T(each_prompt_kind_recalls_only_its_own_history),
	T(one_candidate_completes_the_word_and_adds_a_space),
	T(several_candidates_complete_their_longest_common_prefix),
	T(the_completer_gets_the_words_before_the_cursor_and_the_index_of_the_last),
	T(tab_again_cycles_through_the_candidates_and_back_to_the_prefix),
	T(a_completion_that_would_pass_the_cap_leaves_the_line_alone),
	T(candidate_lists_drop_duplicates_and_stop_at_their_cap),
	T(the_view_keeps_the_cursor_visible_scrolling_by_whole_clusters),
};

TEST_MAIN(tests)
