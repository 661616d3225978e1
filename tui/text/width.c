/*
 * Display width: UTF-8 decoding, the width and cluster class of a code
 * point from our own Unicode 15.0 tables, grapheme clusters, and cutting
 * and padding text to a number of terminal columns. See text.h.
 */
#include "tui/text/text.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/xmalloc.h"

/* A code point's class in width_tables.h; one not listed is narrow. */
enum width_class {
	TW_NARROW,	/* 1 column, starts a cluster */
	TW_WIDE,	/* 2 columns: East Asian Wide/Fullwidth, emoji */
	TW_MARK,	/* 0 columns, extends a cluster: Mn, Me, Hangul V/T */
	TW_SPACING,	/* 1 column, extends a cluster: Mc */
	TW_ZERO,	/* 0 columns, on its own: Cf (bidi, ZWSP, tags...) */
};

struct width_range {
	uint32_t	lo;
	uint32_t	hi;
	unsigned char	cls;	/* enum width_class */
};

struct width_span {
	uint32_t	lo;
	uint32_t	hi;
};

/* width_range_find() reads a width_range's head as a width_span. */
_Static_assert(offsetof(struct width_range, lo) == offsetof(struct width_span,
    lo) && offsetof(struct width_range, hi) == offsetof(struct width_span, hi),
    "a width_range begins as a width_span");

#include "tui/text/width_tables.h"

#define WIDTH_NTABLE(t)	(sizeof (t) / sizeof (t)[0])

#define CP_ZWNJ		0x200Cu
#define CP_ZWJ		0x200Du

static const char width_replacement[] = "\xEF\xBF\xBD";	/* U+FFFD */

/*
 * The well-formed lead bytes and the range of the byte after each
 * (Unicode 15, table 3-7). The second byte's range excludes overlong forms
 * (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and values over U+10FFFF
 * (F4 90..BF); C0, C1 and F5..FF never start a sequence.
 */
static const struct {
	unsigned char	 first, last;	/* the lead bytes of this row */
	unsigned char	 need;		/* continuation bytes that follow */
	unsigned char	 lo, hi;	/* the second byte's range */
} utf8_leads[] = {
	{ 0xC2, 0xDF, 1, 0x80, 0xBF },
	{ 0xE0, 0xE0, 2, 0xA0, 0xBF },
	{ 0xE1, 0xEC, 2, 0x80, 0xBF },
	{ 0xED, 0xED, 2, 0x80, 0x9F },
	{ 0xEE, 0xEF, 2, 0x80, 0xBF },
	{ 0xF0, 0xF0, 3, 0x90, 0xBF },
	{ 0xF1, 0xF3, 3, 0x80, 0xBF },
	{ 0xF4, 0xF4, 3, 0x80, 0x8F },
};

size_t
text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo, hi;
	size_t need, i, k;
	uint32_t c;

	*cp = TEXT_BAD_CP;
	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	for (k = 0; k < WIDTH_NTABLE(utf8_leads); k++) {
		if (p[0] >= utf8_leads[k].first && p[0] <= utf8_leads[k].last)
			break;
	}
	if (k == WIDTH_NTABLE(utf8_leads))
		return 1;
	need = utf8_leads[k].need;
	lo = utf8_leads[k].lo;
	hi = utf8_leads[k].hi;
	/* The lead keeps its low 6 - need bits: 1F, 0F or 07. */
	c = p[0] & (0x7F >> (need + 1));
	/* A byte out of range ends the maximal subpart before it (3.9). */
	for (i = 1; i <= need; i++) {
		if (i >= len || p[i] < lo || p[i] > hi)
			return i;
		c = (c << 6) | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need + 1;
}

size_t
text_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * The row of a table sorted by range that holds cp, or n if none does.
 * Every row begins as a struct width_span does; size is a row's size.
 */
static size_t
width_range_find(const void *tab, size_t n, size_t size, uint32_t cp)
{
	struct width_span s;
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&s, (const char *)tab + mid * size, sizeof s);
		if (cp < s.lo)
			hi = mid;
		else if (cp > s.hi)
			lo = mid + 1;
		else
			return mid;
	}
	return n;
}

static enum width_class
width_class_of(uint32_t cp)
{
	size_t n = WIDTH_NTABLE(width_classes), i;

	if (cp < width_classes[0].lo)
		return TW_NARROW;
	i = width_range_find(width_classes, n, sizeof width_classes[0], cp);
	return i < n ? (enum width_class)width_classes[i].cls : TW_NARROW;
}

static bool
width_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

static bool
width_is_regional(uint32_t cp)
{
	return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

static bool
width_is_modifier(uint32_t cp)
{
	return cp >= 0x1F3FB && cp <= 0x1F3FF;
}

/* Hangul leading consonants: they join a following L, LV or LVT. */
static bool
width_is_hangul_l(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C);
}

static bool
width_is_hangul_syllable(uint32_t cp)
{
	return cp >= 0xAC00 && cp <= 0xD7A3;
}

int
text_cp_width(uint32_t cp)
{
	if (width_is_control(cp))
		return 1;	/* never written raw: text_fit() draws U+FFFD */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 1;	/* not a character: drawn as U+FFFD */
	switch (width_class_of(cp)) {
	case TW_WIDE:
		return 2;
	case TW_MARK:
	case TW_ZERO:
		return 0;
	case TW_NARROW:
	case TW_SPACING:
		break;
	}
	return 1;
}

bool
text_cp_extends(uint32_t cp)
{
	enum width_class cls;

	if (cp == CP_ZWJ || cp == CP_ZWNJ || (cp >= 0xE0020 && cp <= 0xE007F))
		return true;
	cls = width_class_of(cp);
	return cls == TW_MARK || cls == TW_SPACING;
}

bool
text_cp_pictographic(uint32_t cp)
{
	size_t n = WIDTH_NTABLE(width_ext_pict);

	return width_range_find(width_ext_pict, n, sizeof width_ext_pict[0],
	    cp) < n;
}

/*
 * A simplified UAX #29 extended grapheme cluster, as terminals draw them:
 * GB9/9a (marks, ZWJ), GB11 (emoji ZWJ sequences), GB12/13 (regional
 * indicator pairs), L x (L | LV | LVT) for Hangul (V and T are marks in
 * our tables), and an emoji modifier after an emoji. No Prepend (GB9b):
 * prepended concatenation marks are drawn as characters of their own.
 */
size_t
text_cluster(const char *s, size_t len, int *width)
{
	uint32_t c;
	size_t i, n;
	int w;
	bool emoji, after_zwj = false, zwj_seq = false, ri, hangul_l;

	if (width != NULL)
		*width = 0;
	if (len == 0)
		return 0;
	if ((unsigned char)s[0] >= 0x20 && (unsigned char)s[0] < 0x7F &&
	    (len == 1 || (unsigned char)s[1] < 0x80)) {
		if (width != NULL)
			*width = 1;	/* ASCII: nothing ASCII extends it */
		return 1;
	}
	i = text_utf8_decode(s, len, &c);
	if (c == TEXT_BAD_CP || width_is_control(c)) {
		if (width != NULL)
			*width = 1;	/* text_fit() draws it as U+FFFD */
		return i;
	}
	w = text_cp_width(c);
	emoji = text_cp_pictographic(c);
	ri = width_is_regional(c);
	hangul_l = width_is_hangul_l(c);
	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &c);
		if (c == TEXT_BAD_CP)
			break;
		if (emoji && after_zwj && text_cp_pictographic(c)) {
			zwj_seq = true;
			after_zwj = false;
		} else if (emoji && width_is_modifier(c))
			after_zwj = false;	/* 👍🏽 is one glyph */
		else if (text_cp_extends(c)) {
			w += text_cp_width(c);	/* 1 for spacing marks */
			after_zwj = c == CP_ZWJ;
			ri = hangul_l = false;
		} else if (ri && width_is_regional(c)) {
			w += text_cp_width(c);
			ri = false;
		} else if (hangul_l && (width_is_hangul_l(c) ||
		    width_is_hangul_syllable(c))) {
			w += text_cp_width(c);
			hangul_l = width_is_hangul_l(c);
		} else
			break;
		i += n;
	}
	if (zwj_seq)
		w = 2;
	if (width != NULL)
		*width = w;
	return i;
}

int
text_width(const char *s)
{
	size_t len, i = 0, n;
	long long total = 0;
	int w;

	if (s == NULL)
		return 0;
	len = strlen(s);
	while (i < len) {
		n = text_cluster(s + i, len - i, &w);
		total += w;
		i += n;
	}
	return total > INT_MAX ? INT_MAX : (int)total;
}

size_t
text_fit_prefix(const char *s, int cols, int *width)
{
	size_t len, i = 0, n;
	int w, used = 0;

	if (width != NULL)
		*width = 0;
	if (s == NULL || cols <= 0)
		return 0;
	len = strlen(s);
	while (i < len) {
		n = text_cluster(s + i, len - i, &w);
		if (w > cols - used)
			break;
		used += w;
		i += n;
	}
	if (width != NULL)
		*width = used;
	return i;
}

/*
 * Append to out the whole clusters of s that fit in cols columns, a TAB as
 * a space and any other control or invalid byte as U+FFFD: dropping one
 * could join what it separated (👩 ZWJ, DLE, 💻 would become 👩‍💻 and
 * lose two columns). Returns the width written; *cut says whether any of
 * s is left.
 */
static int
width_copy(const char *s, size_t len, int cols, char *out, size_t *olen,
    bool *cut)
{
	size_t i = 0, n;
	uint32_t c;
	int w, used = 0;

	*cut = false;
	while (i < len) {
		n = text_cluster(s + i, len - i, &w);
		if (w > cols - used) {
			*cut = true;
			break;
		}
		text_utf8_decode(s + i, n, &c);
		if (c == '\t')
			out[(*olen)++] = ' ';
		else if (c == TEXT_BAD_CP || width_is_control(c)) {
			memcpy(out + *olen, width_replacement, 3);
			*olen += 3;
		} else {
			memcpy(out + *olen, s + i, n);
			*olen += n;
		}
		used += w;
		i += n;
	}
	return used;
}

char *
text_fit(const char *s, int cols, unsigned flags)
{
	const char *ellipsis = flags & TEXT_ASCII ? "~" : "\xE2\x80\xA6";
	size_t len, olen = 0, size;
	char *out;
	int used, room;
	bool cut;

	if (cols <= 0)
		return xstrdup("");	/* nothing fits, not even a mark */
	if (s == NULL)
		s = "";
	len = strlen(s);
	/*
	 * Room for the prefix that fits, each byte of it at most 3 (U+FFFD),
	 * and the spaces or "…" after it.
	 */
	size = text_fit_prefix(s, cols, NULL);
	if (size > (SIZE_MAX - (size_t)cols - 8) / 3)
		fatal("text_fit: %zu bytes is too long", size);
	size = size * 3 + (size_t)cols + 8;
	out = xmalloc(size);

	used = width_copy(s, len, cols, out, &olen, &cut);
	if (cut && (flags & TEXT_ELLIPSIS)) {
		olen = 0;
		used = width_copy(s, len, cols - 1, out, &olen, &cut);
		memcpy(out + olen, ellipsis, strlen(ellipsis));
		olen += strlen(ellipsis);
		used++;
	} else if (cut) {
		/* The next cluster straddles the edge: spaces stand for it. */
		memset(out + olen, ' ', (size_t)(cols - used));
		olen += (size_t)(cols - used);
		used = cols;
	}
	if ((flags & TEXT_PAD) && used < cols) {
		room = cols - used;
		if (flags & TEXT_RIGHT) {
			memmove(out + room, out, olen);
			memset(out, ' ', (size_t)room);
		} else
			memset(out + olen, ' ', (size_t)room);
		olen += (size_t)room;
	}
	out[olen] = '\0';
	return out;
}

char *
text_pad(const char *s, int cols, unsigned flags)
{
	return text_fit(s, cols, flags | TEXT_PAD);
}
