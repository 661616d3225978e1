/*
 * The one-line editor: a fixed buffer with an index of its grapheme
 * clusters, rebuilt after every change, so that moving, deleting and
 * scrolling by cluster are lookups. See lineedit.h.
 */
#include "tui/console/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "tui/text/cmdparse.h"
#include "tui/text/text.h"
#include "api/xmalloc.h"

/* Cluster offsets are 16 bits: the cap must stay below 65535. */
_Static_assert(LINEEDIT_CAP < 65535, "cluster index is 16 bits");

struct lineedit {
	char		 buf[LINEEDIT_CAP + 1];	/* the line, NUL-terminated */
	size_t		 len;		/* bytes in buf */
	size_t		 cursor;	/* byte offset, on a cluster boundary */
	size_t		 n;		/* clusters in buf */
	uint16_t	 bound[LINEEDIT_CAP + 1]; /* bound[i]: where cluster i
						   * begins; bound[n] = len */
	uint16_t	 width[LINEEDIT_CAP];	/* display width of cluster i */

	struct lineedit_history *hist;	/* may be NULL */
	size_t		 recall;	/* entry shown, 0 the newest, or
					 * LINEEDIT_NONE: the line is the user's */
	char		*saved;		/* the line typed before recalling */

	struct lineedit_candidates *cycle; /* what Tab cycles through; NULL
					    * when the last thing done was
					    * not a completion with several */
	size_t		 cycle_start;	/* where the completed word begins */
	char		*cycle_word;	/* that word as the first Tab left it */
	unsigned	 cycle_flags;	/* LINEEDIT_QUOTED: quote candidates */
};

struct lineedit_history {
	char		*v[LINEEDIT_HISTORY_MAX];	/* v[0] the oldest */
	size_t		 n;
};

static const char lineedit_replacement[] = "\xEF\xBF\xBD";	/* U+FFFD */

/* ---- the cluster index ---- */

static void
lineedit_reindex(struct lineedit *le)
{
	size_t i = 0, k;
	int w;

	le->n = 0;
	while (i < le->len) {
		k = text_cluster(le->buf + i, le->len - i, &w);
		le->bound[le->n] = (uint16_t)i;
		le->width[le->n] = (uint16_t)(w < 0 ? 0 : w);
		le->n++;
		i += k;
	}
	le->bound[le->n] = (uint16_t)le->len;
}

/* The cluster pos is in: the last i with bound[i] <= pos (n at the end). */
static size_t
lineedit_index(const struct lineedit *le, size_t pos)
{
	size_t lo = 0, hi = le->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (le->bound[mid] <= pos)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * Put the cursor at pos, or, inside a cluster, at the end of that cluster
 * (after an insertion: what was typed is before the cursor) or its start
 * (after a deletion: what follows the gap is after it).
 */
static void
lineedit_place(struct lineedit *le, size_t pos, bool forward)
{
	size_t i;

	if (pos > le->len)
		pos = le->len;
	i = lineedit_index(le, pos);
	if (le->bound[i] != pos && forward)
		i++;
	le->cursor = le->bound[i];
}

/* ---- changing the text ---- */

static bool
lineedit_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/*
 * Clean len bytes of s into out (room bytes at most): controls dropped,
 * ill-formed UTF-8 as U+FFFD, whole code points only. Returns the bytes
 * written; *full says whether something did not fit.
 */
static size_t
lineedit_clean(const char *s, size_t len, char *out, size_t room, bool *full)
{
	size_t i = 0, o = 0, k;
	uint32_t cp;

	*full = false;
	while (i < len) {
		k = text_utf8_decode(s + i, len - i, &cp);
		if (cp != TEXT_BAD_CP && lineedit_is_control(cp)) {
			i += k;
			continue;
		}
		if (cp == TEXT_BAD_CP) {
			if (room - o < 3) {
				*full = true;
				break;
			}
			memcpy(out + o, lineedit_replacement, 3);
			o += 3;
		} else {
			if (room - o < k) {
				*full = true;
				break;
			}
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	return o;
}

/*
 * Replace bytes [from, to) with n bytes of clean text (the caller knows it
 * fits), reindex, and put the cursor after the new text.
 */
static void
lineedit_splice(struct lineedit *le, size_t from, size_t to, const char *s,
    size_t n)
{
	memmove(le->buf + from + n, le->buf + to, le->len - to);
	memcpy(le->buf + from, s, n);
	le->len = le->len - (to - from) + n;
	le->buf[le->len] = '\0';
	lineedit_reindex(le);
	lineedit_place(le, from + n, n > 0);
}

/* Replace the whole line with text, cursor at its end. */
static enum lineedit_result
lineedit_load(struct lineedit *le, const char *text)
{
	char tmp[LINEEDIT_CAP];
	size_t n;
	bool full;

	n = lineedit_clean(text, text != NULL ? strlen(text) : 0, tmp,
	    sizeof tmp, &full);
	le->len = 0;
	lineedit_splice(le, 0, 0, tmp, n);
	return full ? LINEEDIT_FULL : LINEEDIT_OK;
}

static void
lineedit_cycle_end(struct lineedit *le)
{
	lineedit_candidates_free(&le->cycle);
	free(le->cycle_word);
	le->cycle_word = NULL;
}

/* ---- the line ---- */

struct lineedit *
lineedit_new(struct lineedit_history *hist)
{
	struct lineedit *le = xcalloc(1, sizeof *le);

	le->hist = hist;
	le->recall = LINEEDIT_NONE;
	return le;
}

void
lineedit_free(struct lineedit **lep)
{
	struct lineedit *le;

	if (lep == NULL || (le = *lep) == NULL)
		return;
	lineedit_cycle_end(le);
	free(le->saved);
	free(le);
	*lep = NULL;
}

const char *
lineedit_text(const struct lineedit *le)
{
	return le->buf;
}

size_t
lineedit_len(const struct lineedit *le)
{
	return le->len;
}

size_t
lineedit_cursor(const struct lineedit *le)
{
	return le->cursor;
}

enum lineedit_result
lineedit_set(struct lineedit *le, const char *text)
{
	lineedit_cycle_end(le);
	free(le->saved);
	le->saved = NULL;
	le->recall = LINEEDIT_NONE;
	return lineedit_load(le, text);
}

enum lineedit_result
lineedit_insert(struct lineedit *le, const char *s, size_t len)
{
	char tmp[LINEEDIT_CAP];
	size_t n;
	bool full;

	lineedit_cycle_end(le);
	n = lineedit_clean(s, len, tmp, LINEEDIT_CAP - le->len, &full);
	lineedit_splice(le, le->cursor, le->cursor, tmp, n);
	return full ? LINEEDIT_FULL : LINEEDIT_OK;
}

enum lineedit_result
lineedit_insert_cp(struct lineedit *le, uint32_t cp)
{
	char enc[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	n = text_utf8_encode(cp, enc);
	return lineedit_insert(le, enc, n);
}

/* Delete bytes [from, to); the cursor goes to from. */
static void
lineedit_delete(struct lineedit *le, size_t from, size_t to)
{
	if (from < to)
		lineedit_splice(le, from, to, "", 0);
}

static bool
lineedit_is_space(const struct lineedit *le, size_t i)
{
	return le->bound[i + 1] - le->bound[i] == 1 &&
	    le->buf[le->bound[i]] == ' ';
}

static void
lineedit_delete_word(struct lineedit *le)
{
	size_t i = lineedit_index(le, le->cursor);

	while (i > 0 && lineedit_is_space(le, i - 1))
		i--;
	while (i > 0 && !lineedit_is_space(le, i - 1))
		i--;
	lineedit_delete(le, le->bound[i], le->cursor);
}

static void
lineedit_recall(struct lineedit *le, bool older)
{
	size_t count;

	count = le->hist != NULL ? lineedit_history_count(le->hist) : 0;
	if (le->recall != LINEEDIT_NONE && le->recall >= count)
		le->recall = count > 0 ? count - 1 : LINEEDIT_NONE;
	if (older) {
		if (count == 0)
			return;
		if (le->recall == LINEEDIT_NONE) {
			free(le->saved);
			le->saved = xstrdup(le->buf);
			le->recall = 0;
		} else if (le->recall + 1 < count)
			le->recall++;
		else
			return;	/* at the oldest: stay */
		lineedit_load(le, lineedit_history_get(le->hist, le->recall));
		return;
	}
	if (le->recall == LINEEDIT_NONE)
		return;
	if (le->recall == 0) {
		lineedit_load(le, le->saved);
		free(le->saved);
		le->saved = NULL;
		le->recall = LINEEDIT_NONE;
		return;
	}
	le->recall--;
	lineedit_load(le, lineedit_history_get(le->hist, le->recall));
}

bool
lineedit_action(struct lineedit *le, enum action action)
{
	size_t i = lineedit_index(le, le->cursor);

	switch (action) {
	case ACT_PROMPT_LEFT:
		if (i > 0)
			le->cursor = le->bound[i - 1];
		break;
	case ACT_PROMPT_RIGHT:
		if (i < le->n)
			le->cursor = le->bound[i + 1];
		break;
	case ACT_PROMPT_HOME:
		le->cursor = 0;
		break;
	case ACT_PROMPT_END:
		le->cursor = le->len;
		break;
	case ACT_PROMPT_BACKSPACE:
		if (i > 0)
			lineedit_delete(le, le->bound[i - 1], le->cursor);
		break;
	case ACT_PROMPT_DELETE:
		if (i < le->n)
			lineedit_delete(le, le->cursor, le->bound[i + 1]);
		break;
	case ACT_PROMPT_KILL_LINE:
		lineedit_delete(le, 0, le->len);
		break;
	case ACT_PROMPT_DELETE_WORD:
		lineedit_delete_word(le);
		break;
	case ACT_PROMPT_HISTORY_PREV:
	case ACT_PROMPT_HISTORY_NEXT:
		lineedit_recall(le, action == ACT_PROMPT_HISTORY_PREV);
		break;
	default:
		return false;	/* the console's, and completion is not here */
	}
	lineedit_cycle_end(le);
	return true;
}

/* ---- history ---- */

struct lineedit_history *
lineedit_history_new(void)
{
	return xcalloc(1, sizeof (struct lineedit_history));
}

void
lineedit_history_free(struct lineedit_history **hp)
{
	size_t i;

	if (hp == NULL || *hp == NULL)
		return;
	for (i = 0; i < (*hp)->n; i++)
		free((*hp)->v[i]);
	free(*hp);
	*hp = NULL;
}

void
lineedit_history_add(struct lineedit_history *h, const char *line)
{
	if (line == NULL || line[strspn(line, " \t\r\n")] == '\0')
		return;
	if (h->n > 0 && strcmp(h->v[h->n - 1], line) == 0)
		return;
	if (h->n == LINEEDIT_HISTORY_MAX) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
		h->n--;
	}
	h->v[h->n++] = xstrdup(line);
}

size_t
lineedit_history_count(const struct lineedit_history *h)
{
	return h->n;
}

const char *
lineedit_history_get(const struct lineedit_history *h, size_t i)
{
	return i < h->n ? h->v[h->n - 1 - i] : NULL;
}

/* ---- completion ---- */

void
lineedit_candidates_add(struct lineedit_candidates *c, const char *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->v[i], s) == 0)
			return;
	}
	if (c->n == LINEEDIT_CANDIDATES_MAX) {
		c->truncated = true;
		return;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->v = xreallocarray(c->v, c->alloc, sizeof *c->v);
	}
	c->v[c->n++] = xstrdup(s);
}

void
lineedit_candidates_free(struct lineedit_candidates **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	xfree_strings((*cp)->v, (*cp)->n);
	free(*cp);
	*cp = NULL;
}

static struct lineedit_candidates *
lineedit_candidates_new(void)
{
	struct lineedit_candidates *c = xcalloc(1, sizeof *c);

	c->selected = LINEEDIT_NONE;
	return c;
}

static struct lineedit_candidates *
lineedit_candidates_dup(const struct lineedit_candidates *c)
{
	struct lineedit_candidates *d = lineedit_candidates_new();
	size_t i;

	for (i = 0; i < c->n; i++)
		lineedit_candidates_add(d, c->v[i]);
	d->selected = c->selected;
	d->truncated = c->truncated;
	return d;
}

/*
 * The words of buf[0..len) split on spaces, the last the one at len ("" if
 * none), as a NULL-terminated array; *start is where the last begins.
 */
static char **
lineedit_split_spaces(const char *buf, size_t len, size_t *argc,
    size_t *start)
{
	char **v;
	size_t n = 0, i = 0, j;

	/* At most one word per two bytes, plus the last. */
	v = xcalloc(len / 2 + 3, sizeof *v);
	for (;;) {
		while (i < len && buf[i] == ' ')
			i++;
		for (j = i; j < len && buf[j] != ' '; j++)
			continue;
		if (j == len) {
			v[n++] = xstrndup(buf + i, j - i);
			*start = i;
			break;
		}
		v[n++] = xstrndup(buf + i, j - i);
		i = j;
	}
	*argc = n;
	return v;
}

/*
 * Replace [from, cursor) with text (cleaned) and, if space, a trailing
 * space (or step over the one after the cursor). Returns false, changing
 * nothing, when the result would pass the cap.
 */
static bool
lineedit_replace_word(struct lineedit *le, size_t from, const char *text,
    bool space)
{
	char tmp[LINEEDIT_CAP];
	size_t n, room;
	bool full, step = false;

	if (space && le->buf[le->cursor] == ' ') {
		space = false;
		step = true;
	}
	room = LINEEDIT_CAP - (le->len - (le->cursor - from));
	n = lineedit_clean(text, strlen(text), tmp, sizeof tmp, &full);
	if (full || n + (space ? 1 : 0) > room)
		return false;
	if (space)
		tmp[n++] = ' ';
	lineedit_splice(le, from, le->cursor, tmp, n);
	if (step)
		lineedit_place(le, le->cursor + 1, true);
	return true;
}

/* s quoted for the ":" line; with open, a closing quote is left off. */
static char *
lineedit_quote(const char *s, unsigned flags, bool open)
{
	char *q;
	size_t n;

	if (!(flags & LINEEDIT_QUOTED))
		return xstrdup(s);
	q = cmdparse_quote(s);
	n = strlen(q);
	if (open && strcmp(q, s) != 0 && n >= 2 && q[n - 1] == q[0])
		q[n - 1] = '\0';
	return q;
}

/* The longest common prefix of the candidates, in whole UTF-8 sequences. */
static size_t
lineedit_common_prefix(const struct lineedit_candidates *c)
{
	size_t len = strlen(c->v[0]), i, k;

	for (i = 1; i < c->n; i++) {
		for (k = 0; k < len && c->v[i][k] == c->v[0][k]; k++)
			continue;
		len = k;
	}
	while (len > 0 && ((unsigned char)c->v[0][len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* The next step of a Tab cycle. */
static struct lineedit_candidates *
lineedit_cycle_step(struct lineedit *le)
{
	struct lineedit_candidates *c = le->cycle;
	char *text;

	if (c->selected == LINEEDIT_NONE)
		c->selected = 0;
	else if (++c->selected == c->n)
		c->selected = LINEEDIT_NONE;
	if (c->selected == LINEEDIT_NONE)
		text = xstrdup(le->cycle_word);
	else
		text = lineedit_quote(c->v[c->selected], le->cycle_flags,
		    false);
	(void)lineedit_replace_word(le, le->cycle_start, text, false);
	free(text);
	return lineedit_candidates_dup(c);
}

struct lineedit_candidates *
lineedit_complete(struct lineedit *le, lineedit_completer_fn *fn, void *arg,
    unsigned flags)
{
	struct lineedit_candidates *c;
	char **words = NULL, *text;
	size_t argc, start = 0, lcp;

	if (le->cycle != NULL)
		return lineedit_cycle_step(le);
	c = lineedit_candidates_new();
	if (flags & LINEEDIT_WHOLE) {
		words = xcalloc(2, sizeof *words);
		words[0] = xstrndup(le->buf, le->cursor);
		argc = 1;
	} else if (flags & LINEEDIT_QUOTED) {
		if (cmdparse_split_partial(le->buf, le->cursor, &words, &argc,
		    &start) != CMDPARSE_OK)
			return c;	/* past the caps: nothing to offer */
	} else
		words = lineedit_split_spaces(le->buf, le->cursor, &argc,
		    &start);
	/* Adding const to both levels needs the cast (C11 6.5.16.1). */
	fn((const char *const *)words, argc - 1, c, arg);

	if (c->n == 1) {
		text = lineedit_quote(c->v[0], flags, false);
		(void)lineedit_replace_word(le, start, text,
		    !(flags & LINEEDIT_WHOLE));
		free(text);
	} else if (c->n > 1) {
		lcp = lineedit_common_prefix(c);
		if (lcp > strlen(words[argc - 1])) {
			text = xstrndup(c->v[0], lcp);
			free(words[argc - 1]);
			words[argc - 1] = lineedit_quote(text, flags, true);
			free(text);
			(void)lineedit_replace_word(le, start, words[argc - 1],
			    false);
		}
		le->cycle = lineedit_candidates_dup(c);
		le->cycle_start = start;
		le->cycle_word = xstrndup(le->buf + start, le->cursor - start);
		le->cycle_flags = flags;
	}
	cmdparse_free(&words);
	return c;
}

/* ---- the view ---- */

size_t
lineedit_view(const struct lineedit *le, int cols, size_t *start,
    int *cursor_col)
{
	size_t ci = lineedit_index(le, le->cursor), si, j;
	long w = 0, tail = 0, cw, used = 0;

	*cursor_col = 0;
	if (cols <= 0) {
		*start = le->cursor;
		return 0;
	}
	si = lineedit_index(le, *start < le->cursor ? *start : le->cursor);
	cw = ci < le->n && le->width[ci] > 1 ? le->width[ci] : 1;
	for (j = si; j < ci; j++)
		w += le->width[j];
	/* Scroll right until the cursor's cell is in view. */
	while (si < ci && w + cw > cols)
		w -= le->width[si++];
	/*
	 * Scroll left while the rest of the line still fits, with the cell
	 * after its end kept free wherever the cursor is: the text then does
	 * not shift when the cursor leaves the end.
	 */
	for (j = si; j < le->n; j++)
		tail += le->width[j];
	tail++;
	while (si > 0 && tail + le->width[si - 1] <= cols) {
		si--;
		tail += le->width[si];
		w += le->width[si];
	}
	for (j = si; j < le->n && used + le->width[j] <= cols; j++)
		used += le->width[j];
	*start = le->bound[si];
	*cursor_col = (int)w;
	return (size_t)(le->bound[j] - le->bound[si]);
}
