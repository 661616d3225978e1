/*
 * The list widget: a window of rows over a source, moved a row or a page
 * at a time by asking the source for the rows beyond its edges.
 */
#include "tui/console/list.h"

#include <stdlib.h>
#include <string.h>

#include "api/xmalloc.h"

void
list_init(struct list *l, const struct list_source *src, void *arg)
{
	memset(l, 0, sizeof *l);
	l->src = src;
	l->arg = arg;
	l->height = 1;
	l->count = -1;
}

/* Rows read at a time while searching with the source's match. */
#define LIST_SCAN_CHUNK	64

void **
list_split(void *records, size_t n, size_t size)
{
	const char *r = records;
	void **v = NULL;
	size_t i;

	if (n > 0)
		v = xreallocarray(NULL, n, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i] = xmalloc(size);
		memcpy(v[i], r + i * size, size);
	}
	free(records);
	return v;
}

int
list_fetched(int rc, void *records, size_t n, size_t size, void ***rows)
{
	if (rc == CACHE_OK)
		*rows = list_split(records, n, size);
	return rc;
}

static void
rows_free(const struct list *l, void **rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		l->src->free_row(rows[i]);
	free(rows);
}

void
list_free(struct list *l)
{
	rows_free(l, l->rows, l->n);
	l->rows = NULL;
	l->n = 0;
	list_tags_clear(l);
	free(l->search);
	free(l->error);
	l->search = l->error = NULL;
}

static void
set_error(struct list *l, char *cause)
{
	free(l->error);
	l->error = cause;
}

/* The source's rows around anchor; false (with the error kept) on failure. */
static bool
fetch(struct list *l, const void *anchor, enum cache_dir dir, size_t limit,
    void ***rows, size_t *n)
{
	char *cause = NULL;

	*rows = NULL;
	*n = 0;
	if (limit == 0)
		return true;
	if (l->src->fetch(l->arg, anchor, dir, limit, rows, n, &cause) !=
	    CACHE_OK) {
		set_error(l, cause != NULL ? cause : xstrdup("cannot read the cache"));
		return false;
	}
	set_error(l, NULL);
	return true;
}

static void
remember_selection(struct list *l)
{
	if (l->n > 0)
		l->src->key(l->rows[l->sel], l->sel_key);
}

/* Replace the window; the selection index is clamped. */
static void
set_window(struct list *l, void **rows, size_t n, size_t sel)
{
	rows_free(l, l->rows, l->n);
	l->rows = rows;
	l->n = n;
	l->sel = n == 0 ? 0 : (sel < n ? sel : n - 1);
	remember_selection(l);
}

static size_t
height(const struct list *l)
{
	return l->height > 0 ? (size_t)l->height : 1;
}

/* Join two arrays of rows: a then b (both freed as arrays, not rows). */
static void **
join(void **a, size_t na, void **b, size_t nb)
{
	void **v = xreallocarray(NULL, na + nb + 1, sizeof *v);

	if (na > 0)
		memcpy(v, a, na * sizeof *v);
	if (nb > 0)
		memcpy(v + na, b, nb * sizeof *v);
	free(a);
	free(b);
	return v;
}

/*
 * A window of height rows with anchor at screen index at (or as close
 * as the list allows), anchor included afresh from the source: the rows
 * before it, then the rows from it on. When anchor has disappeared the
 * window is the rows around where it was.
 */
static void
window_around(struct list *l, const void *anchor, size_t at, const char *key)
{
	void **before = NULL, **after = NULL, **v, **more;
	size_t nb = 0, na = 0, nm = 0, h = height(l), i, sel;
	char k[LIST_KEY_MAX];

	if (at >= h)
		at = h - 1;
	if (anchor == NULL) {
		if (!fetch(l, NULL, CACHE_FORWARD, h, &after, &na))
			return;
		set_window(l, after, na, 0);
		return;
	}
	/*
	 * The anchor itself is read afresh by continuing after the row just
	 * before it, so at least one row before it is fetched even when it
	 * goes at the top; with none before it, the list starts with it.
	 */
	if (!fetch(l, anchor, CACHE_BACKWARD, at > 0 ? at : 1, &before, &nb))
		return;
	if (!fetch(l, nb > 0 ? before[nb - 1] : NULL, CACHE_FORWARD,
	    h - (nb < at ? nb : at), &after, &na)) {
		rows_free(l, before, nb);
		return;
	}
	/* The extra row is not shown, unless nothing came after it: the
	 * anchor and every row after it are gone. */
	if (at == 0 && nb > 0 && na > 0) {
		l->src->free_row(before[0]);
		nb = 0;
	}
	v = join(before, nb, after, na);
	na += nb;
	/* Short of a full window at the end: take more from before. */
	if (na < h && na > 0 &&
	    fetch(l, v[0], CACHE_BACKWARD, h - na, &more, &nm)) {
		v = join(more, nm, v, na);
		na += nm;
	} else
		nm = 0;
	/* Where the anchor was, if it is gone: the row that followed it. */
	sel = nb + nm;
	if (sel >= na)
		sel = na > 0 ? na - 1 : 0;
	for (i = 0; i < na && key != NULL && key[0] != '\0'; i++) {
		l->src->key(v[i], k);
		if (strcmp(k, key) == 0) {
			sel = i;
			break;
		}
	}
	set_window(l, v, na, sel);
}

static void
update_count(struct list *l)
{
	char *cause = NULL;
	int64_t n;

	if (l->src->count == NULL) {
		l->count = -1;
		return;
	}
	if (l->src->count(l->arg, &n, &cause) == CACHE_OK)
		l->count = n;
	else {
		l->count = -1;
		set_error(l, cause);
	}
}

/*
 * Re-read the window with the selected row at screen index at. The old
 * window stays until the new one has been read: a read that fails (a
 * busy cache) leaves the selection where it was.
 */
static void
reload_at(struct list *l, size_t at)
{
	char key[LIST_KEY_MAX];

	update_count(l);
	if (l->n == 0) {
		window_around(l, NULL, 0, NULL);
		return;
	}
	/* The anchor is the old copy of the selected row: its sort key says
	 * where it was, and its identity finds it again. set_window() frees
	 * it with the old window, after its last use. */
	memcpy(key, l->sel_key, sizeof key);
	window_around(l, l->rows[l->sel], at, key);
}

void
list_restart(struct list *l)
{
	rows_free(l, l->rows, l->n);
	l->rows = NULL;
	l->n = 0;
	l->sel = 0;
	l->sel_key[0] = '\0';
	reload_at(l, 0);
}

void
list_reload(struct list *l)
{
	reload_at(l, l->sel);
}

void
list_set_height(struct list *l, int h)
{
	size_t old = height(l);

	if (h < 1)
		h = 1;
	l->height = h;
	if ((size_t)h == old && l->n > 0)
		return;
	/* The selected row stays selected; shrinking past it puts it on the
	 * new last line. */
	reload_at(l, l->sel < (size_t)h ? l->sel : (size_t)h - 1);
}

/*
 * One row on (down) or back (up): within the rows shown, or past the end
 * by fetching one more row, which drops the row at the other end when the
 * page is full.
 */
static int
move(struct list *l, enum cache_dir dir)
{
	bool fwd = dir == CACHE_FORWARD;
	void **more;
	size_t nm;

	if (l->n == 0)
		return UI_HANDLED;
	if (fwd ? l->sel + 1 < l->n : l->sel > 0) {
		l->sel = fwd ? l->sel + 1 : l->sel - 1;
		remember_selection(l);
		return UI_REDRAW;
	}
	if (!fetch(l, l->rows[fwd ? l->n - 1 : 0], dir, 1, &more, &nm))
		return UI_REDRAW;
	if (nm == 0) {
		free(more);
		return UI_HANDLED;
	}
	l->rows = fwd ? join(l->rows, l->n, more, nm) :
	    join(more, nm, l->rows, l->n);
	l->n += nm;
	if (l->n > height(l)) {
		if (fwd) {
			l->src->free_row(l->rows[0]);
			memmove(l->rows, l->rows + 1,
			    (l->n - 1) * sizeof *l->rows);
		} else
			l->src->free_row(l->rows[l->n - 1]);
		l->n--;
	}
	l->sel = fwd ? l->n - 1 : 0;
	remember_selection(l);
	return UI_REDRAW;
}

/*
 * A page on: the rows after the last one shown (before the first, going
 * back). A full page keeps the selection's place on screen; a short one
 * (the list ends) selects the last row (the first, going back).
 */
static int
page(struct list *l, enum cache_dir dir)
{
	void **more;
	size_t nm, h = height(l), keep, i;

	if (l->n == 0)
		return UI_HANDLED;
	if (!fetch(l, dir == CACHE_FORWARD ? l->rows[l->n - 1] : l->rows[0],
	    dir, h, &more, &nm))
		return UI_REDRAW;
	keep = h - nm < l->n ? h - nm : l->n;	/* old rows that stay */
	if (dir == CACHE_FORWARD) {
		for (i = 0; i < l->n - keep; i++)
			l->src->free_row(l->rows[i]);
		memmove(l->rows, l->rows + (l->n - keep), keep * sizeof *l->rows);
		l->rows = join(l->rows, keep, more, nm);
	} else {
		for (i = keep; i < l->n; i++)
			l->src->free_row(l->rows[i]);
		l->rows = join(more, nm, l->rows, keep);
	}
	l->n = keep + nm;
	if (nm < h)
		l->sel = dir == CACHE_FORWARD ? l->n - 1 : 0;
	else if (l->sel >= l->n)
		l->sel = l->n - 1;
	remember_selection(l);
	return UI_REDRAW;
}

static int
edge(struct list *l, enum cache_dir dir)
{
	void **v;
	size_t n;

	if (!fetch(l, NULL, dir, height(l), &v, &n))
		return UI_REDRAW;
	set_window(l, v, n, dir == CACHE_FORWARD ? 0 : (n > 0 ? n - 1 : 0));
	return UI_REDRAW;
}

/*
 * The source's find for a source that only has match: reads on from
 * anchor a window at a time until a row matches. *row NULL: none.
 */
static int
scan(struct list *l, const void *anchor, enum cache_dir dir,
    const char *text, void **row, char **cause)
{
	void **rows = NULL, *from = NULL;
	size_t n = 0, k, i;
	int rc;

	*row = NULL;
	for (;;) {
		rc = l->src->fetch(l->arg, from != NULL ? from : anchor, dir,
		    LIST_SCAN_CHUNK, &rows, &n, cause);
		if (from != NULL)
			l->src->free_row(from);
		from = NULL;
		if (rc != CACHE_OK)
			return rc;
		for (k = 0; k < n && *row == NULL; k++) {
			i = dir == CACHE_FORWARD ? k : n - 1 - k;
			if (l->src->match(rows[i], text)) {
				*row = rows[i];
				rows[i] = NULL;
			}
		}
		if (*row == NULL && n == LIST_SCAN_CHUNK) {
			i = dir == CACHE_FORWARD ? n - 1 : 0;
			from = rows[i];
			rows[i] = NULL;
		}
		for (i = 0; i < n; i++)
			if (rows[i] != NULL)
				l->src->free_row(rows[i]);
		free(rows);
		if (from == NULL)
			return CACHE_OK;
	}
}

bool
list_search(struct list *l, const char *text, enum cache_dir dir)
{
	void *row = NULL;
	char *cause = NULL, key[LIST_KEY_MAX];

	if ((l->src->find == NULL && l->src->match == NULL) || text == NULL ||
	    *text == '\0')
		return false;
	if (l->search != text) {
		free(l->search);
		l->search = xstrdup(text);
	}
	if ((l->src->find != NULL ? l->src->find(l->arg, l->n > 0 ?
	    l->rows[l->sel] : NULL, dir, l->search, &row, &cause) :
	    scan(l, l->n > 0 ? l->rows[l->sel] : NULL, dir, l->search, &row,
	    &cause)) != CACHE_OK) {
		set_error(l, cause);
		return false;
	}
	if (row == NULL)
		return false;
	l->src->key(row, key);
	window_around(l, row, l->sel, key);
	l->src->free_row(row);
	return true;
}

/* The moving actions: each a step of some size in one direction. */
static const struct {
	enum action	 a;
	int		 (*go)(struct list *, enum cache_dir);
	enum cache_dir	 dir;
} list_moves[] = {
	{ ACT_MOVE_DOWN,	move,	CACHE_FORWARD },
	{ ACT_MOVE_UP,		move,	CACHE_BACKWARD },
	{ ACT_PAGE_DOWN,	page,	CACHE_FORWARD },
	{ ACT_PAGE_UP,		page,	CACHE_BACKWARD },
	{ ACT_TOP,		edge,	CACHE_FORWARD },
	{ ACT_BOTTOM,		edge,	CACHE_BACKWARD },
};

int
list_action(struct list *l, enum action a)
{
	size_t i;

	for (i = 0; i < sizeof list_moves / sizeof list_moves[0]; i++) {
		if (list_moves[i].a == a)
			return list_moves[i].go(l, list_moves[i].dir);
	}
	switch (a) {
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (l->search == NULL)
			return UI_IGNORED;
		if (!list_search(l, l->search, a == ACT_SEARCH_NEXT ?
		    CACHE_FORWARD : CACHE_BACKWARD))
			return UI_IGNORED;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

const void *
list_selected(const struct list *l)
{
	return l->n > 0 ? l->rows[l->sel] : NULL;
}

void
list_draw(struct list *l, struct app *app, const struct ui_rect *r,
    bool focused)
{
	char key[LIST_KEY_MAX];
	enum ui_role base;
	size_t i;
	int y;

	ui_clear(r, UI_NORMAL);
	for (i = 0; i < l->n && (int)i < r->h; i++) {
		y = r->y + (int)i;
		base = UI_NORMAL;
		if (i == l->sel)
			base = focused ? UI_SELECTED : UI_SELECTED_DIM;
		ui_clear(&(struct ui_rect){ y, r->x, 1, r->w }, base);
		if (l->ntags > 0 && r->w > 0) {
			l->src->key(l->rows[i], key);
			if (list_tagged(l, key))
				ui_label(y, r->x, 1, "+", base == UI_NORMAL ?
				    UI_TAGGED : base);
		}
		/* The tag marker's column, then the source's cells. */
		l->src->draw(l->arg, app, l->rows[i], y, r->x + 1, r->w - 1,
		    base);
	}
	if (l->n == 0 && r->h > 0)
		ui_label(r->y, r->x + 1, r->w - 1, l->error != NULL ?
		    "(the cache could not be read)" : "(nothing here)", UI_DIM);
}

/* ---- Tags ------------------------------------------------------------- */

/* The index of key in the sorted tags, or where it would go. */
static size_t
tag_find(const struct list *l, const char *key, bool *found)
{
	size_t lo = 0, hi = l->ntags, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(l->tags[mid], key);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
list_tagged(const struct list *l, const char *key)
{
	bool found;

	(void)tag_find(l, key, &found);
	return found;
}

void
list_tag_set(struct list *l, const char *key, bool on)
{
	bool found;
	size_t i = tag_find(l, key, &found);

	if (on && !found) {
		l->tags = xreallocarray(l->tags, l->ntags + 1, sizeof *l->tags);
		memmove(l->tags + i + 1, l->tags + i,
		    (l->ntags - i) * sizeof *l->tags);
		l->tags[i] = xstrdup(key);
		l->ntags++;
	} else if (!on && found) {
		free(l->tags[i]);
		memmove(l->tags + i, l->tags + i + 1,
		    (l->ntags - i - 1) * sizeof *l->tags);
		l->ntags--;
	}
}

void
list_tag_toggle_selected(struct list *l)
{
	char key[LIST_KEY_MAX];

	if (l->n == 0)
		return;
	l->src->key(l->rows[l->sel], key);
	list_tag_set(l, key, !list_tagged(l, key));
}

void
list_tags_clear(struct list *l)
{
	xfree_strings(l->tags, l->ntags);
	l->tags = NULL;
	l->ntags = 0;
}
