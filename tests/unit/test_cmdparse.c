/*
 * Unit tests for tui/text/cmdparse.h: splitting a command line into words, its
 * errors with their columns, the forgiving split completion uses, and
 * quoting that gives every word back.
 */
#include "test.h"
#include "tui/text/cmdparse.h"

#define MAXW	8

struct split_case {
	const char	*line;
	const char	*words[MAXW];	/* NULL-terminated */
};

struct error_case {
	const char	*line;
	int		 rc;
	const char	*cause;
};

struct partial_case {
	const char	*line;
	const char	*words[MAXW];	/* NULL-terminated */
	size_t		 start;		/* where the last word begins */
};

/* Check argv[0..argc) against the NULL-terminated want; name the line. */
static void
check_words(const char *line, char **argv, size_t argc,
    const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		if (i >= argc) {
			TEST_FAIL("\"%s\": %zu words, want more", line, argc);
			return;
		}
		if (strcmp(argv[i], want[i]) != 0)
			TEST_FAIL("\"%s\": word %zu is \"%s\", want \"%s\"",
			    line, i, argv[i], want[i]);
	}
	if (argc != i)
		TEST_FAIL("\"%s\": %zu words, want %zu", line, argc, i);
	if (argv[argc] != NULL)
		TEST_FAIL("\"%s\": argv is not NULL-terminated", line);
}

static void
run_split_cases(const struct split_case *c, size_t n)
{
	char **argv, *cause;
	size_t i, argc;
	int rc;

	for (i = 0; i < n; i++) {
		cause = NULL;
		rc = cmdparse_split(c[i].line, &argv, &argc, &cause);
		if (rc != CMDPARSE_OK) {
			TEST_FAIL("\"%s\": %s", c[i].line, cause);
			free(cause);
			continue;
		}
		check_words(c[i].line, argv, argc, c[i].words);
		cmdparse_free(&argv);
		CHECK(argv == NULL);
	}
}

#define RUN_SPLIT(t)	run_split_cases(t, sizeof (t) / sizeof (t)[0])

static void
spaces_separate_words_and_runs_of_them_count_once(void)
{
	static const struct split_case t[] = {
		{ "assign me", { "assign", "me", NULL } },
		{ "  assign    me  ", { "assign", "me", NULL } },
		{ "one", { "one", NULL } },
		{ "", { NULL } },
		{ "     ", { NULL } },
		{ "tab\there", { "tab\there", NULL } },
		{ "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87", { "caf\xC3\xA9",
		    "\xE4\xB8\xAD\xE6\x96\x87", NULL } },
	};

	RUN_SPLIT(t);
}

static void
single_quotes_keep_everything_up_to_the_next_quote_literally(void)
{
	static const struct split_case t[] = {
		{ "assign 'Ana Souza'", { "assign", "Ana Souza", NULL } },
		{ "'a\\b' 'say \"hi\"'", { "a\\b", "say \"hi\"", NULL } },
		{ "''", { "", NULL } },
		{ "x '' y", { "x", "", "y", NULL } },
		{ "'  '", { "  ", NULL } },
	};

	RUN_SPLIT(t);
}

static void
double_quotes_unescape_only_a_quote_and_a_backslash(void)
{
	static const struct split_case t[] = {
		{ "\"Ana Souza\"", { "Ana Souza", NULL } },
		{ "\"say \\\"hi\\\"\"", { "say \"hi\"", NULL } },
		{ "\"a\\\\b\"", { "a\\b", NULL } },
		{ "\"a\\nb\"", { "a\\nb", NULL } },
		{ "\"O'Brien\"", { "O'Brien", NULL } },
		{ "\"\"", { "", NULL } },
	};

	RUN_SPLIT(t);
}

static void
a_backslash_outside_quotes_makes_the_next_character_literal(void)
{
	static const struct split_case t[] = {
		{ "Ana\\ Souza", { "Ana Souza", NULL } },
		{ "O\\'Brien", { "O'Brien", NULL } },
		{ "\\\"x\\\"", { "\"x\"", NULL } },
		{ "a\\\\b", { "a\\b", NULL } },
		{ "\\n", { "n", NULL } },
		{ "\\\xC3\xA9t\xC3\xA9", { "\xC3\xA9t\xC3\xA9", NULL } },
	};

	RUN_SPLIT(t);
}

static void
quoted_and_unquoted_parts_that_touch_make_one_word(void)
{
	static const struct split_case t[] = {
		{ "a'b c'\"d\"", { "ab cd", NULL } },
		{ "tag:'needs review'", { "tag:needs review", NULL } },
		{ "'a'\"b\"c\\ d e", { "abc d", "e", NULL } },
	};

	RUN_SPLIT(t);
}

static void
each_error_names_its_column_in_characters(void)
{
	static const struct error_case t[] = {
		{ "assign 'Ana", CMDPARSE_UNTERMINATED,
		    "column 8: unterminated quote" },
		{ "\"", CMDPARSE_UNTERMINATED, "column 1: unterminated quote" },
		{ "caf\xC3\xA9 \xE4\xB8\xAD \"x", CMDPARSE_UNTERMINATED,
		    "column 8: unterminated quote" },
		{ "'ok' \"no\\\"", CMDPARSE_UNTERMINATED,
		    "column 6: unterminated quote" },
		{ "ends with\\", CMDPARSE_TRAILING_BACKSLASH,
		    "column 10: nothing after the backslash" },
	};
	char **argv, *cause;
	size_t i, argc;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		cause = NULL;
		argv = (char **)&cause;	/* must be set NULL */
		argc = 99;
		rc = cmdparse_split(t[i].line, &argv, &argc, &cause);
		CHECK_INT(rc, t[i].rc);
		CHECK_STR(cause, t[i].cause);
		CHECK(argv == NULL);
		CHECK_INT(argc, 0);
		free(cause);
	}
}

static void
a_line_past_a_cap_is_refused(void)
{
	char line[CMDPARSE_MAX_BYTES + 2], **argv, *cause = NULL;
	size_t argc, i;

	/* CMDPARSE_MAX_WORDS words are fine, one more is not. */
	for (i = 0; i < CMDPARSE_MAX_WORDS; i++) {
		line[2 * i] = 'w';
		line[2 * i + 1] = ' ';
	}
	line[2 * i] = '\0';
	CHECK_INT(cmdparse_split(line, &argv, &argc, &cause), CMDPARSE_OK);
	CHECK_INT(argc, CMDPARSE_MAX_WORDS);
	cmdparse_free(&argv);
	line[2 * i] = 'x';
	line[2 * i + 1] = '\0';
	CHECK_INT(cmdparse_split(line, &argv, &argc, &cause),
	    CMDPARSE_TOO_MANY_WORDS);
	CHECK_STR(cause, "column 513: more than 256 words");
	free(cause);
	cause = NULL;

	memset(line, 'a', CMDPARSE_MAX_BYTES);
	line[CMDPARSE_MAX_BYTES] = '\0';
	CHECK_INT(cmdparse_split(line, &argv, &argc, &cause), CMDPARSE_OK);
	CHECK_INT(argc, 1);
	cmdparse_free(&argv);
	line[CMDPARSE_MAX_BYTES] = 'a';
	line[CMDPARSE_MAX_BYTES + 1] = '\0';
	CHECK_INT(cmdparse_split(line, &argv, &argc, &cause),
	    CMDPARSE_TOO_LONG);
	CHECK_STR(cause, "the line is longer than 4096 bytes");
	CHECK(argv == NULL);
	free(cause);

	/* A NULL cause is allowed. */
	CHECK_INT(cmdparse_split("'", &argv, &argc, NULL),
	    CMDPARSE_UNTERMINATED);
}

static void
the_partial_split_ends_with_the_word_the_cursor_is_in(void)
{
	static const struct partial_case t[] = {
		{ "", { "", NULL }, 0 },
		{ "ass", { "ass", NULL }, 0 },
		{ "assign ", { "assign", "", NULL }, 7 },
		{ "assign An", { "assign", "An", NULL }, 7 },
		{ "assign  'Ana S", { "assign", "Ana S", NULL }, 8 },
		{ "assign \"Ana \\\"S", { "assign", "Ana \"S", NULL }, 7 },
		{ "assign Ana\\ S", { "assign", "Ana S", NULL }, 7 },
		{ "assign Ana\\", { "assign", "Ana", NULL }, 7 },
		{ "assign 'Ana Souza' ", { "assign", "Ana Souza", "", NULL },
		    19 },
		{ "assign ''", { "assign", "", NULL }, 7 },
		{ "x\\ ", { "x ", NULL }, 0 },
	};
	char **argv;
	size_t i, argc, start;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		CHECK_INT(cmdparse_split_partial(t[i].line, strlen(t[i].line),
		    &argv, &argc, &start), CMDPARSE_OK);
		check_words(t[i].line, argv, argc, t[i].words);
		if (start != t[i].start)
			TEST_FAIL("\"%s\": start %zu, want %zu", t[i].line,
			    start, t[i].start);
		cmdparse_free(&argv);
	}
}

static void
the_partial_split_reads_only_the_bytes_before_the_cursor(void)
{
	const char *line = "assign 'Ana Souza' now";
	char **argv;
	size_t argc, start;

	CHECK_INT(cmdparse_split_partial(line, 10, &argv, &argc, &start),
	    CMDPARSE_OK);
	CHECK_INT(argc, 2);
	CHECK_STR(argv[1], "An");
	CHECK_INT(start, 7);
	cmdparse_free(&argv);
}

static void
quoting_gives_every_word_back_alone_and_among_others(void)
{
	static const char *const words[] = {
		"plain", "Ana Souza", "O'Brien", "", " ", "'", "\"", "\\",
		"a\\b", "say \"hi\"", "it's \"x\\y\"", "tab\there",
		"caf\xC3\xA9 cr\xC3\xA8me", "\xFF\xFE bad", "'quoted'",
		"trailing\\", "end'", NULL,
	};
	size_t n = sizeof words / sizeof words[0] - 1, i, argc, len = 0;
	char line[1024], *q, **argv, *cause = NULL;

	for (i = 0; i < n; i++) {
		q = cmdparse_quote(words[i]);
		CHECK_INT(cmdparse_split(q, &argv, &argc, &cause), CMDPARSE_OK);
		if (argc != 1 || strcmp(argv[0], words[i]) != 0)
			TEST_FAIL("\"%s\" quoted as %s does not come back",
			    words[i], q);
		cmdparse_free(&argv);
		memcpy(line + len, q, strlen(q));
		len += strlen(q);
		line[len++] = ' ';
		free(q);
	}
	line[len] = '\0';
	CHECK_INT(cmdparse_split(line, &argv, &argc, &cause), CMDPARSE_OK);
	check_words(line, argv, argc, words);
	cmdparse_free(&argv);
}

static void
quoting_leaves_a_plain_word_alone_and_prefers_single_quotes(void)
{
	static const struct {
		const char	*word;
		const char	*quoted;
	} t[] = {
		{ "Ana", "Ana" },
		{ "caf\xC3\xA9", "caf\xC3\xA9" },
		{ "Ana Souza", "'Ana Souza'" },
		{ "", "''" },
		{ "a\\b", "'a\\b'" },
		{ "O'Brien", "\"O'Brien\"" },
		{ "it's \"x\\y\"", "\"it's \\\"x\\\\y\\\"\"" },
	};
	size_t i;
	char *q;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		q = cmdparse_quote(t[i].word);
		CHECK_STR(q, t[i].quoted);
		free(q);
	}
}

static const struct test tests[] = {
	T(spaces_separate_words_and_runs_of_them_count_once),
	T(single_quotes_keep_everything_up_to_the_next_quote_literally),
	T(double_quotes_unescape_only_a_quote_and_a_backslash),
	T(a_backslash_outside_quotes_makes_the_next_character_literal),
	T(quoted_and_unquoted_parts_that_touch_make_one_word),
	T(each_error_names_its_column_in_characters),
	T(a_line_past_a_cap_is_refused),
	T(the_partial_split_ends_with_the_word_the_cursor_is_in),
	T(the_partial_split_reads_only_the_bytes_before_the_cursor),
	T(quoting_gives_every_word_back_alone_and_among_others),
	T(quoting_leaves_a_plain_word_alone_and_prefers_single_quotes),
};

TEST_MAIN(tests)
