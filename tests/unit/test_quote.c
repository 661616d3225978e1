/*
 * quote_for_message(): the one way untrusted text is quoted in a message,
 * in both its forms (a backend's bytes, the configuration file's text).
 */
#include "test.h"

#include "api/quote.h"

struct quote_case {
	const char	*name;
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	size_t		 max;
	int		 flags;
	const char	*want;
};

static const struct quote_case cases[] = {
	{ "plain text is quoted", "abc", 0, QUOTE_BYTES, 0, "\"abc\"" },
	{ "empty text is two quotes", "", 0, QUOTE_BYTES, 0, "\"\"" },
	{ "quotes and backslashes are escaped", "a\"b\\c", 0, QUOTE_BYTES, 0,
	    "\"a\\\"b\\\\c\"" },
	{ "an escape sequence is hex", "\x1b[2J\x07", 0, QUOTE_BYTES, 0,
	    "\"\\x1b[2J\\x07\"" },
	{ "tab, newline and DEL are hex", "a\tb\nc\x7f", 0, QUOTE_BYTES, 0,
	    "\"a\\x09b\\x0ac\\x7f\"" },
	{ "bytes past ASCII are hex", "z\xc3\xa9", 0, QUOTE_BYTES, 0,
	    "\"z\\xc3\\xa9\"" },
	{ "a NUL inside len is shown, not an end", "a\0b", 3, QUOTE_BYTES, 0,
	    "\"a\\x00b\"" },
	{ "forty bytes are not cut",
	    "0123456789012345678901234567890123456789", 0, QUOTE_BYTES, 0,
	    "\"0123456789012345678901234567890123456789\"" },
	{ "past forty bytes the cut is marked after the quote",
	    "0123456789012345678901234567890123456789overflow", 0, QUOTE_BYTES,
	    0, "\"0123456789012345678901234567890123456789\"..." },
	{ "a cut may split a character in bytes", "ab\xc3\xa9", 0, 3, 0,
	    "\"ab\\xc3\"..." },

	{ "text keeps characters past ASCII", "z\xc3\xa9", 0, 64, QUOTE_TEXT,
	    "\"z\xc3\xa9\"" },
	{ "text writes tab and newline as the file does", "a\tb\nc", 0, 64,
	    QUOTE_TEXT, "\"a\\tb\\nc\"" },
	{ "text escapes quotes and backslashes", "a\"b\\c", 0, 64, QUOTE_TEXT,
	    "\"a\\\"b\\\\c\"" },
	{ "text shows other controls as hex", "a\x1b" "b\x7f", 0, 64,
	    QUOTE_TEXT, "\"a\\x1bb\\x7f\"" },
	{ "text is cut inside the quotes", "abcdef", 0, 4, QUOTE_TEXT,
	    "\"abcd...\"" },
	{ "text is cut before a character, not inside it", "ab\xc3\xa9z", 0,
	    3, QUOTE_TEXT, "\"ab...\"" },
	{ "text is cut after a whole character", "ab\xc3\xa9z", 0, 4,
	    QUOTE_TEXT, "\"ab\xc3\xa9...\"" },
	{ "text at the cap is not cut", "abcd", 0, 4, QUOTE_TEXT,
	    "\"abcd\"" },
};

static void
quoting_matches_the_table(void)
{
	char out[QUOTE_SIZE(64)];
	const struct quote_case *c;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = &cases[i];
		quote_for_message(c->in, c->len != 0 ? c->len : strlen(c->in),
		    c->max, c->flags, out);
		if (strcmp(out, c->want) != 0)
			TEST_FAIL("%s: got %s, want %s", c->name, out, c->want);
	}
}

static void
the_worst_case_fits_the_buffer(void)
{
	char in[200], out[QUOTE_SIZE(64) + 16];
	size_t max[] = { QUOTE_BYTES, 64 }, i;
	int flags[] = { 0, QUOTE_TEXT }, f;
	unsigned char fill[] = { 0x01, '"', 0x7f };

	for (f = 0; f < 2; f++) {
		for (i = 0; i < sizeof fill; i++) {
			memset(in, fill[i], sizeof in);
			memset(out, 'X', sizeof out);
			quote_for_message(in, sizeof in, max[f], flags[f], out);
			CHECK(strlen(out) < QUOTE_SIZE(max[f]));
			CHECK(out[QUOTE_SIZE(max[f])] == 'X');
		}
	}
}

static void
the_output_never_holds_a_control(void)
{
	char in[256], out[QUOTE_SIZE(256)];
	size_t i;
	int f;

	for (i = 0; i < sizeof in; i++)
		in[i] = (char)i;
	for (f = 0; f < 2; f++) {
		quote_for_message(in, sizeof in, 256, f, out);
		for (i = 0; out[i] != '\0'; i++) {
			if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
				TEST_FAIL("flags %d: control 0x%02x at %zu", f,
				    (unsigned char)out[i], i);
		}
	}
}

static const struct test tests[] = {
	T(quoting_matches_the_table),
	T(the_worst_case_fits_the_buffer),
	T(the_output_never_holds_a_control),
};

TEST_MAIN(tests)
