/*
 * Unit tests for tui/text/text.h: the sanitiser (tui/text/sanitize.c) against the
 * shared hostile strings and exact cases, and display width, clusters,
 * fitting and padding (tui/text/width.c).
 */
#include "test.h"
#include "hostile.h"
#include "tui/text/text.h"

#include <stdbool.h>
#include <stdint.h>

/* Every flag combination text_sanitize() takes. */
static const unsigned san_flag_sets[] = {
	0, TEXT_KEEP_LF, TEXT_KEEP_TAB, TEXT_KEEP_LF | TEXT_KEEP_TAB,
	TEXT_ASCII, TEXT_ASCII | TEXT_KEEP_LF, TEXT_ASCII | TEXT_KEEP_TAB,
	TEXT_ASCII | TEXT_KEEP_LF | TEXT_KEEP_TAB,
};

#define NSETS (sizeof san_flag_sets / sizeof san_flag_sets[0])

/*
 * Our own strict UTF-8 check, written apart from the code under test:
 * decode each sequence to its value, then require the shortest form, no
 * surrogate and nothing above U+10FFFF. Returns the number of code points,
 * or -1. With c1, a C1 code point (U+0080-U+009F) also fails.
 */
static long
utf8_count(const char *s, size_t len, bool c1)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, n;
	uint32_t v;
	long count = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			count++;
			continue;
		}
		if ((p[i] & 0xE0) == 0xC0) {
			n = 2;
			v = p[i] & 0x1F;
		} else if ((p[i] & 0xF0) == 0xE0) {
			n = 3;
			v = p[i] & 0x0F;
		} else if ((p[i] & 0xF8) == 0xF0) {
			n = 4;
			v = p[i] & 0x07;
		} else
			return -1;
		if (i + n > len)
			return -1;
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return -1;
			v = (v << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) ||
		    (n == 4 && v < 0x10000) || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF) || (c1 && v < 0xA0))
			return -1;
		i += n;
		count++;
	}
	return count;
}

/* Why out breaks text_sanitize()'s contract for flags, or NULL. */
static const char *
contract_broken(const char *out, unsigned flags)
{
	const unsigned char *p;
	size_t len = strlen(out);

	if (utf8_count(out, len, true) < 0)
		return "not valid UTF-8 or holds a C1 control";
	for (p = (const unsigned char *)out; *p != '\0'; p++) {
		if (*p == 0x1B)
			return "holds ESC";
		if (*p == 0x7F)
			return "holds DEL";
		if (*p == '\n' && !(flags & TEXT_KEEP_LF))
			return "holds LF without TEXT_KEEP_LF";
		if (*p == '\t' && !(flags & TEXT_KEEP_TAB))
			return "holds TAB without TEXT_KEEP_TAB";
		if (*p < 0x20 && *p != '\n' && *p != '\t')
			return "holds a C0 control";
		if (*p >= 0x80 && (flags & TEXT_ASCII))
			return "holds non-ASCII in ASCII mode";
	}
	return NULL;
}

/* ---- the sanitiser against the hostile strings ---- */

static void
every_hostile_string_sanitises_within_the_contract_in_every_mode(void)
{
	size_t i, k, len;
	const char *why;
	char *in, *out;

	for (i = 0; i < HOSTILE_COUNT; i++) {
		in = hostile_bytes(&hostile_strings[i], &len);
		for (k = 0; k < NSETS; k++) {
			out = text_sanitize(in, len, san_flag_sets[k], 0);
			why = contract_broken(out, san_flag_sets[k]);
			if (why != NULL)
				TEST_FAIL("%s, flags %#x: %s",
				    hostile_strings[i].name, san_flag_sets[k],
				    why);
			free(out);
		}
		out = text_sanitize_line(in, len, 0);
		if ((why = contract_broken(out, 0)) != NULL)
			TEST_FAIL("%s, line: %s", hostile_strings[i].name, why);
		free(out);
		free(in);
	}
}

static void
every_hostile_string_shows_its_visible_text_and_markers(void)
{
	const struct hostile *h;
	size_t i, len;
	char *in, *out;

	for (i = 0; i < HOSTILE_COUNT; i++) {
		h = &hostile_strings[i];
		if (h->shows == NULL)
			continue;
		in = hostile_bytes(h, &len);
		out = text_sanitize_line(in, len, 0);
		if (strstr(out, h->shows) == NULL)
			TEST_FAIL("%s: \"%.200s\" does not show \"%s\"",
			    h->name, out, h->shows);
		free(out);
		free(in);
	}
}

static void
no_hostile_payload_survives_in_any_mode(void)
{
	const struct hostile *h;
	size_t i, k, len;
	char *in, *out;

	for (i = 0; i < HOSTILE_COUNT; i++) {
		h = &hostile_strings[i];
		if (h->hides == NULL)
			continue;
		in = hostile_bytes(h, &len);
		for (k = 0; k < NSETS; k++) {
			out = text_sanitize(in, len, san_flag_sets[k], 0);
			if (strstr(out, h->hides) != NULL)
				TEST_FAIL("%s, flags %#x: \"%.200s\" shows "
				    "\"%s\"", h->name, san_flag_sets[k], out,
				    h->hides);
			free(out);
		}
		free(in);
	}
}

static void
the_hostile_table_has_at_least_forty_strings_and_a_1_mb_line(void)
{
	size_t i, big = 0;

	CHECK(HOSTILE_COUNT >= 40);
	for (i = 0; i < HOSTILE_COUNT; i++) {
		CHECK(hostile_strings[i].name != NULL);
		CHECK(hostile_strings[i].len > 0);
		if (hostile_strings[i].flags & HOSTILE_REPEAT)
			big++;
	}
	CHECK_INT(big, 1);
}

static void
a_1_mb_line_is_cut_at_the_cap_with_a_marker(void)
{
	const struct hostile *h = &hostile_strings[HOSTILE_COUNT - 1];
	size_t len, caps[] = { 0, 80, 1000 }, k;
	char *in, *out;

	CHECK(h->flags & HOSTILE_REPEAT);
	in = hostile_bytes(h, &len);
	CHECK_INT(len, HOSTILE_REPEAT_LEN);
	for (k = 0; k < sizeof caps / sizeof caps[0]; k++) {
		size_t cap = caps[k] ? caps[k] : TEXT_CAP_DEFAULT;

		out = text_sanitize(in, len, TEXT_KEEP_LF, caps[k]);
		CHECK(strlen(out) <= cap + strlen("⟨truncated⟩"));
		CHECK(strlen(out) + 3 * 4 > cap);	/* filled up first */
		CHECK_CONTAINS(out, "⟨truncated⟩");
		free(out);
	}
	out = text_sanitize(in, len, TEXT_ASCII, 0);
	CHECK_CONTAINS(out, "<truncated>");
	CHECK(strlen(out) <= TEXT_CAP_DEFAULT + strlen("<truncated>"));
	free(out);
	free(in);
}

/* ---- the sanitiser, exactly ---- */

static const struct san_case {
	const char	*in;
	size_t		 len;		/* 0: strlen */
	unsigned	 flags;
	const char	*want;
} san_cases[] = {
	/* line breaks and TAB by flag */
	{ "a\nb", 0, 0, "a b" },
	{ "a\nb", 0, TEXT_KEEP_LF, "a\nb" },
	{ "a\r\nb\rc", 0, TEXT_KEEP_LF, "a\nb\nc" },
	{ "a\r\nb", 0, 0, "a b" },
	{ "safe\rEVIL", 0, TEXT_KEEP_LF, "safe\nEVIL" },
	{ "a\tb", 0, 0, "a b" },
	{ "a\tb", 0, TEXT_KEEP_TAB, "a\tb" },
	{ "a\xe2\x80\xa9" "b", 0, TEXT_KEEP_LF, "a\nb" },
	{ "x\n\ny", 0, TEXT_KEEP_LF, "x\n\ny" },
	/* controls inside an escape sequence still break lines */
	{ "a\x1b[1\n2mb", 0, TEXT_KEEP_LF, "a\nb" },
	/* escape sequences */
	{ "\x1b[31mred\x1b[0m", 0, 0, "red" },
	{ "\x1b]0;t\x07x\x1b]0;t\x1b\\y", 0, 0, "xy" },
	{ "\x1b]0;t\xc2\x9cz", 0, 0, "z" },
	{ "\x1b]0;t\x18z", 0, 0, "z" },
	{ "\x1bP1;2|payload\x1b\\z", 0, 0, "z" },
	{ "\x1b\x1b[1mz", 0, 0, "z" },
	{ "\x1b(Bz", 0, 0, "z" },
	{ "\x1b#8z", 0, 0, "z" },
	{ "\x1b\xc3\xa9", 0, 0, "\xc3\xa9" },
	{ "\xc2\x9b" "1;2mz", 0, 0, "z" },
	{ "\x9b" "1m", 0, TEXT_ASCII, "?1m" },
	{ "a\x00" "b", 3, 0, "ab" },
	/* invisible characters */
	{ "evil\xe2\x80\xaetxt.exe", 0, 0, "evil⟨RLO⟩txt.exe" },
	{ "evil\xe2\x80\xaetxt.exe", 0, TEXT_ASCII, "evil<RLO>txt.exe" },
	{ "\xef\xbb\xbfstart", 0, 0, "start" },
	{ "\xef\xbb\xbf\xef\xbb\xbf", 0, 0, "⟨BOM⟩" },
	{ "\xe2\x81\xa4", 0, TEXT_ASCII, "<U+2064>" },
	{ "\xf3\xa0\x80\x81", 0, 0, "⟨U+E0001⟩" },
	/* ZWJ and ZWNJ where they belong */
	{ "👩\xe2\x80\x8d💻", 0, 0, "👩\xe2\x80\x8d💻" },
	{ "🏳\xef\xb8\x8f\xe2\x80\x8d🌈", 0, 0, "🏳\xef\xb8\x8f\xe2\x80\x8d🌈" },
	{ "👍🏽\xe2\x80\x8d👍", 0, 0, "👍🏽\xe2\x80\x8d👍" },
	{ "👩\xe2\x80\x8d", 0, 0, "👩⟨ZWJ⟩" },
	{ "\xe2\x80\x8d💻", 0, 0, "⟨ZWJ⟩💻" },
	{ "👩\xe2\x80\x8d\xe2\x80\x8d💻", 0, 0, "👩⟨ZWJ⟩⟨ZWJ⟩💻" },
	{ "می\xe2\x80\x8cخواهم", 0, 0, "می\xe2\x80\x8cخواهم" },
	{ "क्\xe2\x80\x8dष", 0, 0, "क्\xe2\x80\x8dष" },
	{ "a\xe2\x80\x8cخ", 0, 0, "a⟨ZWNJ⟩خ" },
	/* tag sequences: the flag of England, and smuggled ASCII */
	{ "🏴\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5\xf3\xa0\x81\xae"
	    "\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf", 0, 0,
	    "🏴\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5\xf3\xa0\x81\xae"
	    "\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf" },
	{ "🏴\xf3\xa0\x81\xbf\xf3\xa0\x81\xa7", 0, 0,
	    "🏴\xf3\xa0\x81\xbf⟨TAG⟩" },
	/* marks that would land on a neighbour get a base */
	{ "\xcc\x81", 0, 0, "\xe2\x97\x8c\xcc\x81" },
	{ "a\n\xcc\x81", 0, TEXT_KEEP_LF, "a\n\xe2\x97\x8c\xcc\x81" },
	{ "\xe2\x80\x8b\xcc\x81", 0, 0, "⟨ZWSP⟩\xe2\x97\x8c\xcc\x81" },
	{ "e\xcc\x81", 0, 0, "e\xcc\x81" },
	{ " \xcc\x81", 0, 0, " \xcc\x81" },
	/* invalid UTF-8: one U+FFFD per maximal subpart */
	{ "\xe0\x80\xaf", 0, TEXT_ASCII, "???" },
	{ "\xf0\x9f\x98", 0, 0, "\xef\xbf\xbd" },
	{ "\xf0\x9f\x98" "a", 0, 0, "\xef\xbf\xbd" "a" },
	{ "\xed\x9e\xa3", 0, 0, "\xed\x9e\xa3" },
	{ "\xf4\x8f\xbf\xbf", 0, 0, "\xf4\x8f\xbf\xbf" },
	{ "\xef\xbf\xbe", 0, 0, "\xef\xbf\xbe" },
	{ "\xee\x80\x80", 0, 0, "\xee\x80\x80" },
	/* ASCII mode: one "?" per grapheme cluster */
	{ "zażółć", 0, TEXT_ASCII, "za????" },
	{ "e\xcc\x81x", 0, TEXT_ASCII, "?x" },
	{ "👩\xe2\x80\x8d💻!", 0, TEXT_ASCII, "?!" },
	{ "🇵🇱", 0, TEXT_ASCII, "?" },
	{ "\xe2\x80\xae\xcc\x81", 0, TEXT_ASCII, "<RLO>?" },
	{ "日本\tx", 0, TEXT_ASCII | TEXT_KEEP_TAB, "??\tx" },
};

static void
the_sanitiser_gives_exactly_the_expected_text(void)
{
	const struct san_case *c;
	size_t i;
	char *out;

	for (i = 0; i < sizeof san_cases / sizeof san_cases[0]; i++) {
		c = &san_cases[i];
		out = text_sanitize(c->in, c->len ? c->len : strlen(c->in),
		    c->flags, 0);
		if (strcmp(out, c->want) != 0)
			TEST_FAIL("case %zu: got \"%s\", want \"%s\"", i, out,
			    c->want);
		free(out);
	}
}

static void
a_nul_terminated_string_and_null_input_are_accepted(void)
{
	char *a = text_sanitize("ab\x1b[1mc", TEXT_NUL, 0, 0);
	char *b = text_sanitize(NULL, 5, 0, 0);
	char *c = text_sanitize_line(NULL, 0, 0);

	CHECK_STR(a, "abc");
	CHECK_STR(b, "");
	CHECK_STR(c, "");
	free(a);
	free(b);
	free(c);
}

static void
a_single_line_squeezes_and_trims_spaces(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "  Re:\r\n\tPayment   failed \n", "Re: Payment failed" },
		{ "\n\n", "" },
		{ "a \x1b[1m b", "a b" },
		{ "a\xe2\x80\x8b b", "a⟨ZWSP⟩ b" },
		{ "x \xcc\x81", "x \xcc\x81" },
	};
	size_t i;
	char *out;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = text_sanitize_line(cases[i].in, TEXT_NUL, 0);
		CHECK_STR(out, cases[i].want);
		free(out);
	}
	out = text_sanitize_line(" ł\tx ", TEXT_NUL,
	    TEXT_ASCII | TEXT_KEEP_TAB);
	CHECK_STR(out, "? x");
	free(out);
}

static void
the_cap_applies_to_each_line_and_cuts_on_a_character_boundary(void)
{
	char *out;

	out = text_sanitize("aaaa\nbbbb\ncc", TEXT_NUL, TEXT_KEEP_LF, 2);
	CHECK_STR(out, "aa⟨truncated⟩\nbb⟨truncated⟩\ncc");
	free(out);
	out = text_sanitize("ab\xc5\x82", TEXT_NUL, 0, 3);	/* "abł" */
	CHECK_STR(out, "ab⟨truncated⟩");
	free(out);
	/* No room for the marker. */
	out = text_sanitize("a\xe2\x80\xae", TEXT_NUL, 0, 4);
	CHECK_STR(out, "a⟨truncated⟩");
	free(out);
	/* A ZWJ left joining nothing at the cut goes too. */
	out = text_sanitize("👩\xe2\x80\x8d💻", TEXT_NUL, 0, 8);
	CHECK_STR(out, "👩⟨truncated⟩");
	free(out);
	out = text_sanitize("abc", TEXT_NUL, 0, 3);
	CHECK_STR(out, "abc");
	free(out);
}

/* ---- UTF-8 ---- */

static void
the_decoder_reports_maximal_subparts_of_invalid_utf8(void)
{
	static const struct {
		const char *in;
		size_t len, want_len;
		uint32_t want_cp;
	} cases[] = {
		{ "A", 1, 1, 'A' },
		{ "\xc5\x82", 2, 2, 0x142 },
		{ "\xe6\x97\xa5", 3, 3, 0x65E5 },
		{ "\xf0\x9f\x98\x80", 4, 4, 0x1F600 },
		{ "\x80", 1, 1, TEXT_BAD_CP },
		{ "\xc0\xaf", 2, 1, TEXT_BAD_CP },
		{ "\xc2", 1, 1, TEXT_BAD_CP },
		{ "\xe0\x80\xaf", 3, 1, TEXT_BAD_CP },
		{ "\xe6\x97", 2, 2, TEXT_BAD_CP },
		{ "\xe6\x97" "a", 3, 2, TEXT_BAD_CP },
		{ "\xed\xa0\x80", 3, 1, TEXT_BAD_CP },
		{ "\xf0\x9f\x98", 3, 3, TEXT_BAD_CP },
		{ "\xf4\x90\x80\x80", 4, 1, TEXT_BAD_CP },
		{ "\xf5\x80", 2, 1, TEXT_BAD_CP },
		{ "\xff", 1, 1, TEXT_BAD_CP },
	};
	size_t i, n;
	uint32_t cp;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = text_utf8_decode(cases[i].in, cases[i].len, &cp);
		if (n != cases[i].want_len || cp != cases[i].want_cp)
			TEST_FAIL("case %zu: got %zu bytes U+%04X", i, n,
			    (unsigned)cp);
	}
	CHECK_INT(text_utf8_decode("", 0, &cp), 0);
}

static void
every_code_point_encodes_validly_and_decodes_back(void)
{
	uint32_t cp, back;
	char buf[4];
	size_t n;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = text_utf8_encode(cp, buf);
		if (utf8_count(buf, n, false) != 1 ||
		    text_utf8_decode(buf, n, &back) != n || back != cp) {
			TEST_FAIL("U+%04X does not round-trip", (unsigned)cp);
			return;
		}
	}
}

/* ---- width ---- */

static const struct width_case {
	const char	*s;
	int		 width;
} width_cases[] = {
	{ "", 0 },
	{ "abc", 3 },
	{ "zażółć gęślą jaźń", 17 },
	{ "日本語のテキスト", 16 },
	{ "支払いが失敗しました 15.46 PLN", 30 },
	{ "Pagamento não aprovado", 22 },
	{ "e\xcc\x81", 1 },				/* e + U+0301 */
	{ "a\xcc\x81\xcc\xa3\xcd\x9c", 1 },		/* stacked marks */
	{ "😀", 2 },
	{ "👩\xe2\x80\x8d💻", 2 },			/* ZWJ sequence */
	{ "👨\xe2\x80\x8d👩\xe2\x80\x8d👧\xe2\x80\x8d👦", 2 },
	{ "🏳\xef\xb8\x8f\xe2\x80\x8d🌈", 2 },		/* text-default base */
	{ "🇵🇱", 2 },
	{ "🇵", 1 },					/* lone indicator */
	{ "🇵🇱🇩", 3 },
	{ "👍🏽", 2 },					/* skin tone */
	{ "🏽", 2 },					/* modifier alone */
	{ "❤\xef\xb8\x8f", 1 },				/* VS16: no wider */
	{ "❤", 1 },
	{ "⌚\xef\xb8\x8e", 2 },				/* VS15 no narrower */
	{ "#\xef\xb8\x8f\xe2\x83\xa3", 1 },		/* keycap */
	{ "ＡＢＣ", 6 },				/* fullwidth Latin */
	{ "ｱｲｳ", 3 },					/* halfwidth kana */
	{ "한국어", 6 },
	{ "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", 2 },	/* conjoining jamo */
	{ "कि", 2 },					/* spacing mark */
	{ "क्ष", 2 },
	{ "\xf0\xa0\x80\x80", 2 },			/* CJK Ext. B */
	{ "\xf0\xb1\x8d\x90", 2 },			/* CJK Ext. H, 15.0 */
	{ "\xf0\x9f\xab\xa8", 2 },			/* U+1FAE8, 15.0 */
	{ "\xf0\x9f\xab\xa9", 2 },			/* reserved for emoji */
	{ "a\xf0\x91\xbc\x80", 1 },			/* Kawi mark, 15.0 */
	{ "\xe2\x80\x8b", 0 },				/* ZWSP */
	{ "\xc2\xad", 1 },				/* soft hyphen */
	{ "\xe2\x80\xa6", 1 },				/* ambiguous: narrow */
	{ "\x1b[1m", 4 },				/* ESC as U+FFFD */
	{ "\xff", 1 },
	{ "\xe6\x97", 1 },
	{ "Zażółć 日本 😀", 14 },
};

static void
width_is_counted_in_terminal_columns(void)
{
	size_t i;

	for (i = 0; i < sizeof width_cases / sizeof width_cases[0]; i++) {
		int got = text_width(width_cases[i].s);

		if (got != width_cases[i].width)
			TEST_FAIL("\"%s\": width %d, want %d", width_cases[i].s,
			    got, width_cases[i].width);
	}
	CHECK_INT(text_width(NULL), 0);
}

static void
code_points_alone_have_their_table_widths(void)
{
	CHECK_INT(text_cp_width('a'), 1);
	CHECK_INT(text_cp_width(0x1B), 1);
	CHECK_INT(text_cp_width(0x85), 1);
	CHECK_INT(text_cp_width(0x301), 0);
	CHECK_INT(text_cp_width(0x20DD), 0);	/* Me */
	CHECK_INT(text_cp_width(0x3042), 2);
	CHECK_INT(text_cp_width(0xFF21), 2);
	CHECK_INT(text_cp_width(0x1F600), 2);
	CHECK_INT(text_cp_width(0x1F1F5), 1);
	CHECK_INT(text_cp_width(0xFE0F), 0);
	CHECK_INT(text_cp_width(0x1160), 0);
	CHECK_INT(text_cp_width(0x110000), 1);
	CHECK(text_cp_extends(0x301));
	CHECK(text_cp_extends(0x200D));
	CHECK(text_cp_extends(0x93F));
	CHECK(!text_cp_extends('a'));
	CHECK(!text_cp_extends(0x200B));
	CHECK(text_cp_pictographic(0x1F600));
	CHECK(text_cp_pictographic(0x2764));
	CHECK(!text_cp_pictographic(0x1F3FD));
	CHECK(!text_cp_pictographic('#'));
}

static void
clusters_keep_marks_sequences_and_flag_pairs_together(void)
{
	static const struct {
		const char *s;
		size_t len;
		int width;
	} cases[] = {
		{ "e\xcc\x81x", 3, 1 },
		{ "👩\xe2\x80\x8d💻x", 11, 2 },
		{ "🇵🇱🇩", 8, 2 },
		{ "👍🏽x", 8, 2 },
		{ "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8x", 9, 2 },
		{ "\xff\xcc\x81", 1, 1 },
		{ "\x1b[", 1, 1 },
		{ "a\xe2\x80\x8b", 1, 1 },
		{ "👩\xe2\x80\x8d", 7, 2 },
		{ "a\xe2\x80\x8d💻", 4, 1 },
	};
	size_t i, n;
	int w;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = text_cluster(cases[i].s, strlen(cases[i].s), &w);
		if (n != cases[i].len || w != cases[i].width)
			TEST_FAIL("\"%s\": %zu bytes width %d, want %zu, %d",
			    cases[i].s, n, w, cases[i].len, cases[i].width);
	}
	CHECK_INT(text_cluster("", 0, &w), 0);
	CHECK_INT(w, 0);
}

/* ---- fitting and padding ---- */

static const struct fit_case {
	const char	*s;
	int		 cols;
	unsigned	 flags;
	const char	*want;
} fit_cases[] = {
	{ "abcdef", 4, 0, "abcd" },
	{ "abcdef", 4, TEXT_ELLIPSIS, "abc…" },
	{ "abcdef", 4, TEXT_ELLIPSIS | TEXT_ASCII, "abc~" },
	{ "abcd", 4, TEXT_ELLIPSIS, "abcd" },
	{ "abc", 1, TEXT_ELLIPSIS, "…" },
	{ "abc", 0, TEXT_ELLIPSIS, "" },
	{ "abc", -3, TEXT_PAD, "" },
	{ "\xcc\x81", 0, 0, "" },			/* fuzz find */
	{ "\xcc\x81xy", 1, TEXT_ELLIPSIS, "\xcc\x81…" },
	{ "日本語", 5, 0, "日本 " },
	{ "日本語", 5, TEXT_ELLIPSIS, "日本…" },
	{ "日本語", 4, TEXT_ELLIPSIS, "日…" },
	{ "日本語", 4, TEXT_ELLIPSIS | TEXT_PAD, "日… " },
	{ "日本語", 1, 0, " " },
	{ "ab", 4, TEXT_PAD, "ab  " },
	{ "ab", 4, TEXT_PAD | TEXT_RIGHT, "  ab" },
	{ "12345", 3, TEXT_PAD | TEXT_RIGHT | TEXT_ELLIPSIS, "12…" },
	{ "e\xcc\x81" "e\xcc\x81", 1, 0, "e\xcc\x81" },
	{ "👩\xe2\x80\x8d💻x", 2, 0, "👩\xe2\x80\x8d💻" },
	{ "👩\xe2\x80\x8d💻x", 1, 0, " " },
	{ "🇵🇱🇩", 3, 0, "🇵🇱🇩" },
	{ "🇵🇱🇩", 2, 0, "🇵🇱" },
	{ "a\x1b[1mb", 10, 0, "a\xef\xbf\xbd[1mb" },
	{ "a\tb\nc", 10, 0, "a b\xef\xbf\xbd" "c" },
	{ "a\xff" "b", 10, 0, "a\xef\xbf\xbd" "b" },
	{ "zażółć gęślą jaźń", 8, TEXT_ELLIPSIS, "zażółć …" },
};

static void
fit_cuts_pads_and_marks_exactly(void)
{
	size_t i;
	char *out;

	for (i = 0; i < sizeof fit_cases / sizeof fit_cases[0]; i++) {
		out = text_fit(fit_cases[i].s, fit_cases[i].cols,
		    fit_cases[i].flags);
		if (strcmp(out, fit_cases[i].want) != 0)
			TEST_FAIL("case %zu: \"%s\" in %d: got \"%s\", "
			    "want \"%s\"", i, fit_cases[i].s,
			    fit_cases[i].cols, out, fit_cases[i].want);
		free(out);
	}
	out = text_fit(NULL, 3, TEXT_PAD);
	CHECK_STR(out, "   ");
	free(out);
	out = text_pad("日本", 5, TEXT_RIGHT);
	CHECK_STR(out, " 日本");
	free(out);
}

/*
 * Fuzz find: text_fit() dropped the control in "👩 ZWJ DLE 💻", which
 * joined the emoji into one 2-column glyph, so TEXT_PAD came out 2 short.
 */
static void
fit_does_not_join_emoji_that_a_control_kept_apart(void)
{
	char *out = text_fit("👩\xe2\x80\x8d\x10💻", 6, TEXT_PAD);

	CHECK_INT(text_width(out), 6);
	CHECK_STR(out, "👩\xe2\x80\x8d\xef\xbf\xbd💻 ");
	free(out);
}

/* Strings of every kind that list columns hold. */
static const char *const fit_strings[] = {
	"Payment failed banner shown to customers in good standing",
	"支払いが失敗しました（15.46 PLN の注文）",
	"Płatność 15,45 zł zamiast 15,46 zł — zażółć gęślą jaźń",
	"Pagamento não aprovado: ação necessária",
	"👩\xe2\x80\x8d💻 on call 🇵🇱🇯🇵 👍🏽 done ✅",
	"e\xcc\x81\xcc\x81 a\xcc\x81 カ\xe3\x82\x99 한국어 ＡＢＣ",
	"🏳\xef\xb8\x8f\xe2\x80\x8d🌈❤\xef\xb8\x8f😀😀😀😀😀",
	"a日b本c語d",
	"",
	"x",
};

/*
 * Whether a cut of s after plen bytes splits a cluster, judged from the
 * code points at the cut without text_cluster(): before a mark, a
 * variation selector, a ZWJ or a skin tone, after a ZWJ, or between the
 * two regional indicators of a flag.
 */
static bool
splits_cluster(const char *s, size_t plen)
{
	size_t i = 0, n, ri = 0;
	uint32_t cp, prev = 0;

	while (i < plen) {
		n = text_utf8_decode(s + i, plen - i, &cp);
		ri = cp >= 0x1F1E6 && cp <= 0x1F1FF ? ri + 1 : 0;
		prev = cp;
		i += n;
	}
	if (s[plen] == '\0')
		return false;
	if (((unsigned char)s[plen] & 0xC0) == 0x80)
		return true;	/* inside a UTF-8 sequence */
	text_utf8_decode(s + plen, strlen(s + plen), &cp);
	return cp == 0x301 || cp == 0x3099 || cp == 0xFE0F || cp == 0x200D ||
	    (cp >= 0x1F3FB && cp <= 0x1F3FF) || prev == 0x200D ||
	    (ri % 2 == 1 && cp >= 0x1F1E6 && cp <= 0x1F1FF);
}

static void
fit_never_overflows_nor_splits_a_character_or_a_cluster(void)
{
	static const unsigned flag_sets[] = {
		0, TEXT_ELLIPSIS, TEXT_PAD, TEXT_PAD | TEXT_ELLIPSIS,
		TEXT_PAD | TEXT_RIGHT, TEXT_ELLIPSIS | TEXT_ASCII,
	};
	size_t i, k, plen, olen;
	int cols, w;
	char *out;

	for (i = 0; i < sizeof fit_strings / sizeof fit_strings[0]; i++) {
		for (cols = 0; cols <= 30; cols++) {
			plen = text_fit_prefix(fit_strings[i], cols, &w);
			if (w > cols || splits_cluster(fit_strings[i], plen))
				TEST_FAIL("prefix of \"%s\" in %d: %zu "
				    "bytes, %d", fit_strings[i], cols, plen, w);
			for (k = 0; k < sizeof flag_sets / sizeof flag_sets[0];
			    k++) {
				out = text_fit(fit_strings[i], cols,
				    flag_sets[k]);
				olen = strlen(out);
				w = text_width(out);
				if (w > cols || ((flag_sets[k] & TEXT_PAD) &&
				    w != cols))
					TEST_FAIL("\"%s\" in %d, flags %#x: "
					    "width %d", fit_strings[i], cols,
					    flag_sets[k], w);
				if (utf8_count(out, olen, true) < 0)
					TEST_FAIL("\"%s\" in %d: invalid UTF-8",
					    fit_strings[i], cols);
				/* Unpadded, uncut output is the prefix. */
				if (flag_sets[k] == 0 && w == text_width(
				    fit_strings[i]) && strcmp(out,
				    fit_strings[i]) != 0)
					TEST_FAIL("\"%s\" in %d changed",
					    fit_strings[i], cols);
				if (flag_sets[k] == 0 && strncmp(out,
				    fit_strings[i], plen) != 0)
					TEST_FAIL("\"%s\" in %d: not the "
					    "prefix", fit_strings[i], cols);
				free(out);
			}
		}
	}
}

static void
sanitised_hostile_strings_fit_every_width(void)
{
	size_t i, len;
	int cols, w;
	char *in, *clean, *out;

	for (i = 0; i < HOSTILE_COUNT; i++) {
		if (hostile_strings[i].flags & HOSTILE_REPEAT)
			continue;
		in = hostile_bytes(&hostile_strings[i], &len);
		clean = text_sanitize_line(in, len, 0);
		for (cols = 0; cols <= 30; cols += 3) {
			out = text_pad(clean, cols, TEXT_ELLIPSIS);
			w = text_width(out);
			if (w != cols || contract_broken(out, 0) != NULL)
				TEST_FAIL("%s in %d: width %d",
				    hostile_strings[i].name, cols, w);
			free(out);
		}
		free(clean);
		free(in);
	}
}

/* ---- escaping what a user typed ---- */

static void
escaping_shows_controls_and_invisible_characters_exactly(void)
{
	static const struct {
		const char	*in;
		size_t		 len;	/* 0: strlen */
		const char	*want;
	} rows[] = {
		{ "1\x1b[2J", 0, "1\\e[2J" },
		{ "a\x07" "b\x1b]52;c;eA==\x07", 0, "a\\ab\\e]52;c;eA==\\a" },
		{ "\t\n\r\v\f\b", 0, "\\t\\n\\r\\v\\f\\b" },
		{ "\x01\x1f\x7f", 0, "\\x01\\x1F\\x7F" },
		{ "a\0b", 3, "a\\x00b" },
		{ "\xc2\x9b" "31m", 0, "\\u009B31m" },	/* C1 CSI, as UTF-8 */
		{ "\x9b" "31m", 0, "\\x9B31m" },		/* a raw 0x9B byte */
		{ "\xe2\x80\xae" "gpj.exe", 0, "\\u202Egpj.exe" },
		{ "a\xe2\x80\x8b" "b\xe2\x81\xa0" "c", 0, "a\\u200Bb\\u2060c" },
		{ "\xef\xbb\xbf" "x", 0, "\\uFEFFx" },
		{ "\xe2\x80\xa8\xe2\x80\xa9", 0, "\\u2028\\u2029" },
		{ "\xf3\xa0\x81\x81", 0, "\\U000E0041" },	/* tag A */
		{ "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 0,
		  "\xf0\x9f\x91\xa9\\u200D\xf0\x9f\x92\xbb" },
		{ "\xcc\x81" "x", 0, "\\u0301x" },		/* a mark first */
		{ "\"\xcc\x81", 0, "\"\\u0301" },		/* after a quote */
		{ "e\xcc\x81", 0, "e\xcc\x81" },		/* on its letter */
		{ "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x91\x8d",
		  0, "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x91\x8d" },
		{ "back\\slash \\e", 0, "back\\slash \\e" },
		{ "\xc0\xaf", 0, "\\xC0\\xAF" },		/* overlong */
		{ "\xed\xa0\x80", 0, "\\xED\\xA0\\x80" },	/* surrogate */
		{ "\xf0\x9f\x91", 0, "\\xF0\\x9F\\x91" },	/* cut short */
		{ "", 0, "" },
	};
	size_t i;
	char *out;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		out = text_escape(rows[i].in, rows[i].len != 0 ? rows[i].len :
		    TEXT_NUL);
		if (strcmp(out, rows[i].want) != 0)
			TEST_FAIL("row %zu: got \"%s\", want \"%s\"", i, out,
			    rows[i].want);
		free(out);
	}
	out = text_escape(NULL, 0);
	CHECK_STR(out, "");
	free(out);
}

/* Whether cp is one the terminal would act on, or one that hides text. */
static bool
hides(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C ||
	    (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
	    (cp >= 0xE0000 && cp <= 0xE007F);
}

static void
every_hostile_string_escapes_to_visible_text_and_escaping_twice_changes_nothing(void)
{
	size_t i, j, len, olen, n;
	uint32_t cp;
	char *in, *out, *again;

	for (i = 0; i < HOSTILE_COUNT; i++) {
		in = hostile_bytes(&hostile_strings[i], &len);
		out = text_escape(in, len);
		olen = strlen(out);
		if (utf8_count(out, olen, true) < 0)
			TEST_FAIL("%s: not valid UTF-8, or a C1 control",
			    hostile_strings[i].name);
		for (j = 0; j < olen; j += n) {
			n = text_utf8_decode(out + j, olen - j, &cp);
			if (hides(cp)) {
				TEST_FAIL("%s: U+%04X at byte %zu",
				    hostile_strings[i].name, (unsigned)cp, j);
				break;
			}
		}
		again = text_escape(out, TEXT_NUL);
		if (strcmp(again, out) != 0)
			TEST_FAIL("%s: escaping twice changed it",
			    hostile_strings[i].name);
		free(again);
		free(out);
		free(in);
	}
}

static const struct test tests[] = {
	T(the_hostile_table_has_at_least_forty_strings_and_a_1_mb_line),
	T(every_hostile_string_sanitises_within_the_contract_in_every_mode),
	T(every_hostile_string_shows_its_visible_text_and_markers),
	T(no_hostile_payload_survives_in_any_mode),
	T(a_1_mb_line_is_cut_at_the_cap_with_a_marker),
	T(the_sanitiser_gives_exactly_the_expected_text),
	T(a_nul_terminated_string_and_null_input_are_accepted),
	T(a_single_line_squeezes_and_trims_spaces),
	T(the_cap_applies_to_each_line_and_cuts_on_a_character_boundary),
	T(the_decoder_reports_maximal_subparts_of_invalid_utf8),
	T(every_code_point_encodes_validly_and_decodes_back),
	T(width_is_counted_in_terminal_columns),
	T(code_points_alone_have_their_table_widths),
	T(clusters_keep_marks_sequences_and_flag_pairs_together),
	T(fit_cuts_pads_and_marks_exactly),
	T(fit_does_not_join_emoji_that_a_control_kept_apart),
	T(fit_never_overflows_nor_splits_a_character_or_a_cluster),
	T(sanitised_hostile_strings_fit_every_width),
	T(escaping_shows_controls_and_invisible_characters_exactly),
	T(every_hostile_string_escapes_to_visible_text_and_escaping_twice_changes_nothing),
};

TEST_MAIN(tests)
