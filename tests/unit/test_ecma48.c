/*
 * Unit tests for api/ecma48.c: the strict UTF-8 decoder, and the parser's
 * verdict on each code point of text, controls and sequences. How
 * http_clean() uses them is in test_http.c.
 */
#include "test.h"

#include "api/ecma48.h"

static void
utf8_is_decoded_strictly(void)
{
	static const struct {
		const char	*in;
		size_t		 len;
		size_t		 n;
		uint32_t	 cp;
	} cases[] = {
		{ "A", 1, 1, 'A' },
		{ "", 1, 1, 0 },			/* NUL, given a length */
		{ "\xc2\x9b", 2, 2, 0x9B },		/* C1 CSI */
		{ "\xc3\xa9", 2, 2, 0xE9 },
		{ "\xe6\x97\xa5", 3, 3, 0x65E5 },
		{ "\xf0\x9f\x98\x80", 4, 4, 0x1F600 },
		{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF },
		{ "\xc0\x80", 2, 1, ECMA48_BAD_CP },	/* overlong NUL */
		{ "\xc1\xbf", 2, 1, ECMA48_BAD_CP },
		{ "\xe0\x80\xaf", 3, 1, ECMA48_BAD_CP },
		{ "\xf0\x80\x80\xaf", 4, 1, ECMA48_BAD_CP },
		{ "\xed\xa0\x80", 3, 1, ECMA48_BAD_CP },	/* a surrogate */
		{ "\xf4\x90\x80\x80", 4, 1, ECMA48_BAD_CP },	/* > U+10FFFF */
		{ "\xf5\x80\x80\x80", 4, 1, ECMA48_BAD_CP },
		{ "\xff", 1, 1, ECMA48_BAD_CP },
		{ "\x9b", 1, 1, ECMA48_BAD_CP },	/* raw 8-bit C1 */
		{ "\x80", 1, 1, ECMA48_BAD_CP },
		{ "\xe6\x97", 2, 1, ECMA48_BAD_CP },	/* cut short */
		{ "\xe6\x97\xa5", 2, 1, ECMA48_BAD_CP },	/* len cuts it */
		{ "\xe6" "A\xa5", 3, 1, ECMA48_BAD_CP },
	};
	size_t i, n;
	uint32_t cp;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = ecma48_utf8_decode(cases[i].in, cases[i].len, &cp);
		if (n != cases[i].n || cp != cases[i].cp)
			TEST_FAIL("case %zu: got %zu bytes, U+%04X; want %zu, "
			    "U+%04X", i, n, (unsigned)cp, cases[i].n,
			    (unsigned)cases[i].cp);
	}
	CHECK_INT(ecma48_utf8_decode("x", 0, &cp), 0);
}

/* Each code point's class as a letter: p print, c control, s sequence. */
static void
classes(const char *in, char *out, size_t size, enum ecma48_state *st)
{
	size_t i = 0, o = 0, len = strlen(in), n;
	uint32_t cp;

	*st = ECMA48_TEXT;
	while (i < len && o + 1 < size) {
		n = ecma48_utf8_decode(in + i, len - i, &cp);
		switch (ecma48_step(st, cp)) {
		case ECMA48_PRINT:
			out[o++] = 'p';
			break;
		case ECMA48_CONTROL:
			out[o++] = 'c';
			break;
		case ECMA48_SEQUENCE:
			out[o++] = 's';
			break;
		}
		i += n;
	}
	out[o] = '\0';
}

static void
each_code_point_is_text_a_control_or_part_of_a_sequence(void)
{
	static const struct {
		const char	*in;
		const char	*want;
		enum ecma48_state end;
	} cases[] = {
		{ "ab", "pp", ECMA48_TEXT },
		{ "a\tb\x7f\xc2\x85", "pcpcc", ECMA48_TEXT },
		{ "\x1b[1;31mx", "sssssssp", ECMA48_TEXT },
		{ "\xc2\x9b" "2Jx", "sssp", ECMA48_TEXT },
		{ "\x1b]52;c;eA==\x07x", "ssssssssssssp", ECMA48_TEXT },
		{ "\x1b]0;t\x1b\\x", "sssssssp", ECMA48_TEXT },
		{ "\xc2\x9d" "0;t\xc2\x9cx", "sssssp", ECMA48_TEXT },
		{ "\x1bPq\x1b\\x", "sssssp", ECMA48_TEXT },
		{ "\xc2\x90q\xc2\x9c" "x", "sssp", ECMA48_TEXT },
		{ "\x1bXa\x1b\\\x1b^b\x1b\\\x1b_c\x1b\\x",
		  "sssssssssssssssp", ECMA48_TEXT },
		{ "\xc2\x98" "a\xc2\x9e" "b\x07\xc2\x9f" "c\x18x",
		  "ssssssssp", ECMA48_TEXT },
		{ "\x1b" "7x\x1b(Bx", "sspsssp", ECMA48_TEXT },
		{ "\x1b[1\n2mx", "ssscssp", ECMA48_TEXT },
		{ "\x1b[1\xc3\xa9", "sssp", ECMA48_TEXT },	/* broken */
		{ "\x1b[1\xc2\x9b" "2J", "ssssss", ECMA48_TEXT },
		{ "\x1b[1\x18x", "ssssp", ECMA48_TEXT },	/* cancelled */
		{ "\x1b]0;x \x1b ", "ssssssss", ECMA48_ESC_INTER },
		{ "\x1b]52;c;never ended", "ssssssssssssssssss",
		  ECMA48_STRING },
		{ "\x1b[12", "ssss", ECMA48_CSI },
		{ "\x1b", "s", ECMA48_ESC },
		{ "\x1b]x\x1b", "ssss", ECMA48_STRING_ESC },
		{ "\xff" "a", "pp", ECMA48_TEXT },	/* shown replaced */
	};
	enum ecma48_state st;
	char got[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		classes(cases[i].in, got, sizeof got, &st);
		if (strcmp(got, cases[i].want) != 0 || st != cases[i].end)
			TEST_FAIL("case %zu: got %s ending in state %d, want %s "
			    "ending in %d", i, got, (int)st, cases[i].want,
			    (int)cases[i].end);
	}
}

static const struct test tests[] = {
	T(utf8_is_decoded_strictly),
	T(each_code_point_is_text_a_control_or_part_of_a_sequence),
};

TEST_MAIN(tests)
