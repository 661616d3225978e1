/*
 * libFuzzer target for tui/console/lineedit.h: the input is a program of editing
 * operations (actions, typed code points, pasted bytes, completion with
 * candidates made from the input, history, views of any width). After
 * each one the line must be valid UTF-8 without controls, within its cap,
 * with the cursor on a grapheme-cluster boundary within it, and every view
 * must fit its width and show the cursor.
 */
#include "tui/console/lineedit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum action fuzz_actions[] = {
	ACT_PROMPT_LEFT, ACT_PROMPT_RIGHT, ACT_PROMPT_HOME, ACT_PROMPT_END,
	ACT_PROMPT_BACKSPACE, ACT_PROMPT_DELETE, ACT_PROMPT_KILL_LINE,
	ACT_PROMPT_DELETE_WORD, ACT_PROMPT_HISTORY_PREV,
	ACT_PROMPT_HISTORY_NEXT, ACT_PROMPT_SUBMIT, ACT_PROMPT_CANCEL,
	ACT_PROMPT_COMPLETE, ACT_QUIT,
};

/* Code points that join, split and widen clusters. */
static const uint32_t fuzz_cps[] = {
	'a', ' ', '\'', '"', '\\', 0x0301, 0x0323, 0x200D, 0x200C, 0xFE0F,
	0x1F469, 0x1F4BB, 0x1F44D, 0x1F3FD, 0x1F1F5, 0x1F1F1, 0x4E2D, 0x1100,
	0x1161, 0x11AB, 0xAC00, 0x0915, 0x093F, 0x2764, 0xE0067, 0xE007F,
	0x202E, 0x1B, 0x9B, 0x7F, 0, 0xD800, 0x110000, 0xFFFD,
};

#define FUZZ_MAX_OPS	256	/* operations one input runs */

#define FUZZ_N(t)	(sizeof (t) / sizeof (t)[0])

/* The bytes the operations read from. */
struct fuzz_in {
	const uint8_t	*p;
	size_t		 len;
	size_t		 at;
};

static unsigned
fuzz_byte(struct fuzz_in *in)
{
	return in->at < in->len ? in->p[in->at++] : 0;
}

/* Up to max bytes of the input, as a pointer and a length. */
static const char *
fuzz_chunk(struct fuzz_in *in, size_t max, size_t *len)
{
	const char *s;

	*len = fuzz_byte(in) % (max + 1);
	s = (const char *)in->p + in->at;
	if (*len > in->len - in->at)
		*len = in->len - in->at;
	in->at += *len;
	return s;
}

/* Strict UTF-8 with no control code point, written apart from width.c. */
static bool
fuzz_clean_utf8(const unsigned char *p, size_t len)
{
	size_t i = 0, k, n;
	uint32_t v;

	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7F)
				return false;
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

/* Whether pos is where a cluster begins (or the end), splitting from 0. */
static bool
fuzz_boundary(const char *s, size_t len, size_t pos)
{
	size_t i = 0;

	while (i < pos)
		i += text_cluster(s + i, len - i, NULL);
	return i == pos;
}

/* Display width of s[from, to), both boundaries. */
static long
fuzz_width(const char *s, size_t from, size_t to)
{
	long w = 0;
	int cw;

	while (from < to) {
		from += text_cluster(s + from, to - from, &cw);
		w += cw;
	}
	return w;
}

static void
fuzz_check(const struct lineedit *le)
{
	const char *s = lineedit_text(le);
	size_t len = lineedit_len(le), cur = lineedit_cursor(le);

	if (len > LINEEDIT_CAP || strlen(s) != len || cur > len)
		abort();
	if (!fuzz_clean_utf8((const unsigned char *)s, len))
		abort();
	if (!fuzz_boundary(s, len, cur))
		abort();
}

static void
fuzz_view(const struct lineedit *le, int cols, size_t *start)
{
	const char *s = lineedit_text(le);
	size_t len = lineedit_len(le), cur = lineedit_cursor(le), shown;
	int col;

	shown = lineedit_view(le, cols, start, &col);
	if (*start > len || shown > len - *start)
		abort();
	if (cols <= 0) {
		if (shown != 0 || col != 0)
			abort();
		return;
	}
	if (!fuzz_boundary(s, len, *start) ||
	    !fuzz_boundary(s, len, *start + shown))
		abort();
	if (cur < *start || cur > *start + shown)
		abort();
	if (col < 0 || col > cols - 1 || col != fuzz_width(s, *start, cur))
		abort();
	if (fuzz_width(s, *start, *start + shown) > cols)
		abort();
}

/* Candidates made from the word and the input: quotes, spaces, junk. */
static void
fuzz_completer(const char *const *words, size_t index,
    struct lineedit_candidates *out, void *arg)
{
	struct fuzz_in *in = arg;
	const char *w = words[index], *chunk;
	size_t n, len, i;
	char buf[300];

	n = fuzz_byte(in) % 5;
	for (i = 0; i < n; i++) {
		chunk = fuzz_chunk(in, 40, &len);
		/* A candidate mostly begins with the word, as completers do. */
		if (fuzz_byte(in) & 1)
			snprintf(buf, sizeof buf, "%.200s%.*s", w, (int)len,
			    chunk);
		else
			snprintf(buf, sizeof buf, "%.*s", (int)len, chunk);
		lineedit_candidates_add(out, buf);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lineedit_history *hist = lineedit_history_new();
	struct lineedit *le = lineedit_new(hist);
	struct lineedit_candidates *c;
	struct fuzz_in in = { data, size, 0 };
	const char *chunk;
	char big[LINEEDIT_CAP + 64];
	size_t start = 0, len, i;
	uint32_t cp;
	unsigned op, ops;

	/*
	 * Every check is linear in the line, so a long program of a full
	 * line is slow; FUZZ_MAX_OPS keeps runs many and short.
	 */
	for (ops = 0; in.at < in.len && ops < FUZZ_MAX_OPS; ops++) {
		op = fuzz_byte(&in);
		switch (op % 10) {
		case 0:
		case 1:
			(void)lineedit_action(le,
			    fuzz_actions[fuzz_byte(&in) % FUZZ_N(fuzz_actions)]);
			break;
		case 2:
			(void)lineedit_insert_cp(le,
			    fuzz_cps[fuzz_byte(&in) % FUZZ_N(fuzz_cps)]);
			break;
		case 3:
			cp = fuzz_byte(&in) << 16;
			cp |= fuzz_byte(&in) << 8;
			cp |= fuzz_byte(&in);
			(void)lineedit_insert_cp(le, cp);
			break;
		case 4:
			chunk = fuzz_chunk(&in, 64, &len);
			(void)lineedit_insert(le, chunk, len);
			break;
		case 5:
			c = lineedit_complete(le, fuzz_completer, &in,
			    fuzz_byte(&in) % 3);
			if (c->n > LINEEDIT_CANDIDATES_MAX ||
			    (c->selected != LINEEDIT_NONE &&
			    c->selected >= c->n))
				abort();
			lineedit_candidates_free(&c);
			break;
		case 6:
			fuzz_view(le, (int)(fuzz_byte(&in) % 48) - 2, &start);
			break;
		case 7:
			lineedit_history_add(hist, lineedit_text(le));
			if (op & 0x80)
				(void)lineedit_set(le, "");
			break;
		case 8:
			/* A paste that passes the cap. */
			chunk = fuzz_chunk(&in, 16, &len);
			for (i = 0; len > 0 && i + len < sizeof big; i += len)
				memcpy(big + i, chunk, len);
			(void)lineedit_insert(le, big, i);
			break;
		case 9:
			chunk = fuzz_chunk(&in, 64, &len);
			memcpy(big, chunk, len);
			big[len] = '\0';
			(void)lineedit_set(le, big);
			break;
		}
		fuzz_check(le);
	}
	for (i = 0; i < 8; i++)
		fuzz_view(le, (int)(i * 7) - 1, &start);
	lineedit_free(&le);
	lineedit_history_free(&hist);
	return 0;
}
