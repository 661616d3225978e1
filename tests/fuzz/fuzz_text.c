/*
 * libFuzzer target for tui/text/text.h: the first byte picks a line cap, the
 * rest is untrusted text. Sanitised in every flag combination, the output
 * must keep text_sanitize()'s contract and the cap, and sanitising it again
 * must change nothing; fitted to any width, sanitised or raw text must
 * stay within the width and be valid UTF-8 without control bytes.
 */
#include "tui/text/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_MARKER_MAX	16	/* bytes of "⟨truncated⟩", and more */

static const unsigned fuzz_san_flags[] = {
	0, TEXT_KEEP_LF, TEXT_KEEP_TAB, TEXT_KEEP_LF | TEXT_KEEP_TAB,
	TEXT_ASCII, TEXT_ASCII | TEXT_KEEP_LF, TEXT_ASCII | TEXT_KEEP_TAB,
	TEXT_ASCII | TEXT_KEEP_LF | TEXT_KEEP_TAB,
};

static const unsigned fuzz_fit_flags[] = {
	0, TEXT_ELLIPSIS, TEXT_PAD | TEXT_ELLIPSIS, TEXT_PAD | TEXT_RIGHT,
	TEXT_ELLIPSIS | TEXT_ASCII,
};

static const int fuzz_widths[] = { 0, 1, 2, 3, 5, 8, 13, 40 };

#define FUZZ_N(t)	(sizeof (t) / sizeof (t)[0])

/* Strict UTF-8, written apart from tui/text/width.c's decoder; no C1 at all. */
static bool
fuzz_valid_utf8(const unsigned char *p, size_t len)
{
	size_t i = 0, k, n;
	uint32_t v;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xE0) == 0xC0)
			n = 2;
		else if ((p[i] & 0xF0) == 0xE0)
			n = 3;
		else if ((p[i] & 0xF8) == 0xF0)
			n = 4;
		else
			return false;
		if (i + n > len)
			return false;
		v = p[i] & (0x7F >> n);
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			v = (v << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 2 && v < 0xA0) || (n == 3 && v < 0x800) ||
		    (n == 4 && v < 0x10000) || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}

/* text_sanitize()'s contract for flags, and every line within the cap. */
static void
fuzz_check_sanitised(const char *out, unsigned flags, size_t cap)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t len = strlen(out), line = 0, i;

	if (!fuzz_valid_utf8(p, len))
		abort();
	for (i = 0; i < len; i++) {
		if (p[i] == '\n') {
			if (!(flags & TEXT_KEEP_LF))
				abort();
			line = 0;
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7F)
			abort();
		if (p[i] == '\t' && !(flags & TEXT_KEEP_TAB))
			abort();
		if (p[i] >= 0x80 && (flags & TEXT_ASCII))
			abort();
		if (++line > cap + FUZZ_MARKER_MAX)
			abort();
	}
}

/* Fitted text: valid, no control byte, within (or with TEXT_PAD at) cols. */
static void
fuzz_check_fit(const char *s)
{
	const unsigned char *p;
	size_t i, k, plen;
	int w, pw;
	char *out;

	for (i = 0; i < FUZZ_N(fuzz_widths); i++) {
		plen = text_fit_prefix(s, fuzz_widths[i], &pw);
		if (pw > fuzz_widths[i] || plen > strlen(s))
			abort();
		for (k = 0; k < FUZZ_N(fuzz_fit_flags); k++) {
			out = text_fit(s, fuzz_widths[i], fuzz_fit_flags[k]);
			w = text_width(out);
			if (w > fuzz_widths[i])
				abort();
			if ((fuzz_fit_flags[k] & TEXT_PAD) &&
			    w != fuzz_widths[i])
				abort();
			if (!fuzz_valid_utf8((const unsigned char *)out,
			    strlen(out)))
				abort();
			for (p = (const unsigned char *)out; *p != '\0'; p++) {
				if (*p < 0x20 || *p == 0x7F)
					abort();
			}
			free(out);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	size_t len, cap, i;
	char *out, *again, *raw;

	if (size == 0)
		return 0;
	/* 0: the default cap; else a small one, so cuts are common. */
	cap = (data[0] & 0x0F) * 5;
	text = (const char *)data + 1;
	len = size - 1;

	for (i = 0; i < FUZZ_N(fuzz_san_flags); i++) {
		out = text_sanitize(text, len, fuzz_san_flags[i], cap);
		fuzz_check_sanitised(out, fuzz_san_flags[i],
		    cap ? cap : TEXT_CAP_DEFAULT);
		if (i == 0 || i == 4)
			fuzz_check_fit(out);
		free(out);

		/* Uncut, sanitised text is a fixed point. */
		out = text_sanitize(text, len, fuzz_san_flags[i], SIZE_MAX / 2);
		again = text_sanitize(out, TEXT_NUL, fuzz_san_flags[i],
		    SIZE_MAX / 2);
		if (strcmp(out, again) != 0)
			abort();
		free(again);
		free(out);
	}

	out = text_sanitize_line(text, len, 0);
	fuzz_check_sanitised(out, 0, TEXT_CAP_DEFAULT);
	if (len > 0 && (out[0] == ' ' || (out[0] != '\0' &&
	    out[strlen(out) - 1] == ' ') || strstr(out, "  ") != NULL))
		abort();
	fuzz_check_fit(out);
	free(out);

	/* text_fit() promises its output contract for raw text too. */
	raw = malloc(len + 1);
	if (raw == NULL)
		abort();
	memcpy(raw, text, len);
	raw[len] = '\0';
	fuzz_check_fit(raw);
	free(raw);
	return 0;
}
