/*
 * Unit tests for tui/console/list.c: the first window, moving a row, a page or to
 * an end, reloads that keep the selection while rows come and go, resizing,
 * search, tags, an empty source and a failing one. The source is in memory
 * (rows with ids 1..N in order, some deleted between reloads) and counts
 * the rows it hands out, and the heap is measured around each list's life,
 * so a leaked row or row array fails a check and not only under ASan.
 * Nothing is drawn: no terminal.
 */
#include "test.h"

#include <malloc.h>
#include <stdbool.h>

#include "tui/console/list.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/allocator_interface.h>
#endif

/* ---- An in-memory source ---------------------------------------------- */

#define MEM_MAX		400	/* ids 1..MEM_MAX at most */

struct mem {
	int		 n;		/* rows 1..n, less those gone */
	bool		 gone[MEM_MAX + 2];	/* deleted (or not yet added) */
	long		 live;		/* rows handed out and not yet freed */
	size_t		 max_limit;	/* the most rows one fetch asked for */
	int		 fetches;
	int		 find_from;	/* the last find's anchor id; 0: none */
	bool		 fail;		/* fetch fails */
	bool		 fail_quietly;	/* ... with no cause */
	bool		 find_fails;
	bool		 count_fails;
};

struct row {
	struct mem	*m;
	int		 id;
};

static struct row *
row_new(struct mem *m, int id)
{
	struct row *r = xmalloc(sizeof *r);

	r->m = m;
	r->id = id;
	m->live++;
	return r;
}

static void
mem_free_row(void *row)
{
	struct row *r = row;

	if (r == NULL) {
		TEST_FAIL("free_row(NULL)");
		return;
	}
	r->m->live--;
	free(r);
}

static int
mem_fetch(void *arg, const void *anchor, enum cache_dir dir, size_t limit,
    void ***rows, size_t *n, char **cause)
{
	struct mem *m = arg;
	const struct row *a = anchor;
	void **v, *t;
	size_t k = 0, i;
	int id;

	m->fetches++;
	if (limit > m->max_limit)
		m->max_limit = limit;
	if (m->fail) {
		*cause = m->fail_quietly ? NULL : xstrdup("the disk is on fire");
		return CACHE_ERR;
	}
	/* A new array even for no rows: the widget owns it and frees it. */
	v = xreallocarray(NULL, limit > 0 ? limit : 1, sizeof *v);
	if (dir == CACHE_FORWARD) {
		for (id = a != NULL ? a->id + 1 : 1; id <= m->n && k < limit;
		    id++)
			if (!m->gone[id])
				v[k++] = row_new(m, id);
	} else {
		for (id = a != NULL ? a->id - 1 : m->n; id >= 1 && k < limit;
		    id--)
			if (!m->gone[id])
				v[k++] = row_new(m, id);
		for (i = 0; i < k / 2; i++) {	/* into list order */
			t = v[i];
			v[i] = v[k - 1 - i];
			v[k - 1 - i] = t;
		}
	}
	*rows = v;
	*n = k;
	return CACHE_OK;
}

/* A row's text is "#id#": "7" matches 7, 17, 27...; "#7#" only 7. */
static bool
mem_matches(int id, const char *text)
{
	char buf[32];

	snprintf(buf, sizeof buf, "#%d#", id);
	return strstr(buf, text) != NULL;
}

static int
mem_find(void *arg, const void *anchor, enum cache_dir dir, const char *text,
    void **row, char **cause)
{
	struct mem *m = arg;
	const struct row *a = anchor;
	int id, step = dir == CACHE_FORWARD ? 1 : -1;

	*row = NULL;
	m->find_from = a != NULL ? a->id : 0;
	if (m->find_fails) {
		*cause = xstrdup("the index is gone");
		return CACHE_ERR;
	}
	id = a != NULL ? a->id + step : (dir == CACHE_FORWARD ? 1 : m->n);
	for (; id >= 1 && id <= m->n; id += step)
		if (!m->gone[id] && mem_matches(id, text)) {
			*row = row_new(m, id);
			break;
		}
	return CACHE_OK;
}

static void
mem_key(const void *row, char *buf)
{
	snprintf(buf, LIST_KEY_MAX, "t%d", ((const struct row *)row)->id);
}

static void
mem_draw(void *arg, struct app *app, const void *row, int y, int x, int cols,
    enum ui_role base)
{
	TEST_FAIL("a test drew a row");
}

static int
mem_count(void *arg, int64_t *n, char **cause)
{
	struct mem *m = arg;
	int id;

	if (m->count_fails) {
		*cause = xstrdup("cannot count");
		return CACHE_ERR;
	}
	*n = 0;
	for (id = 1; id <= m->n; id++)
		*n += !m->gone[id];
	return CACHE_OK;
}

static const struct list_source mem_source = {
	.fetch = mem_fetch,
	.find = mem_find,
	.free_row = mem_free_row,
	.key = mem_key,
	.draw = mem_draw,
	.count = mem_count,
};

/* The same rows with neither search nor count. */
static const struct list_source mem_source_bare = {
	.fetch = mem_fetch,
	.free_row = mem_free_row,
	.key = mem_key,
	.draw = mem_draw,
};

static void
mem_init(struct mem *m, int n)
{
	memset(m, 0, sizeof *m);
	if (n > MEM_MAX)
		TEST_FAIL("mem_init: %d rows, MEM_MAX is %d", n, MEM_MAX);
	m->n = n > MEM_MAX ? MEM_MAX : n;
}

/* Mark ids (0-terminated) gone, or back again. */
static void
mem_set_gone(struct mem *m, const int *ids, bool gone)
{
	for (; ids != NULL && *ids != 0; ids++)
		m->gone[*ids] = gone;
}

static int
mem_rows(const struct mem *m)
{
	int id, k = 0;

	for (id = 1; id <= m->n; id++)
		k += !m->gone[id];
	return k;
}

/* ---- Helpers ------------------------------------------------------------ */

/*
 * Bytes the program has on the heap now. Exact under ASan; glibc counts
 * the chunks it keeps in its per-thread cache as in use, so without ASan
 * only two moments in the same steady state compare (the same work done
 * once before both).
 */
static size_t
heap_in_use(void)
{
#ifdef TEST_ASAN
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#endif
}

static int
row_id(const void *row)
{
	return row != NULL ? ((const struct row *)row)->id : 0;
}

/* The window as "4 5 [6] 7 8", the selected row in brackets; "" empty. */
static const char *
win(const struct list *l)
{
	static char buf[2048];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n && len < sizeof buf - 32; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    i == l->sel ? "%s[%d]" : "%s%d", i > 0 ? " " : "",
		    row_id(l->rows[i]));
	return buf;
}

static void
open_list(struct list *l, const struct list_source *src, struct mem *m,
    int h)
{
	list_init(l, src, m);
	list_set_height(l, h);
}

/*
 * What must hold after every operation on a list over a source that did
 * not change since the last reload: every row handed out is in the
 * window, the window is as full as the list allows, its rows follow each
 * other in the list, the selection is in it and its key remembered, and
 * no fetch asked for more than a window (since the last check). what
 * names the operation.
 */
static void
check_window(const struct list *l, struct mem *m, const char *what)
{
	size_t i, h = l->height > 0 ? (size_t)l->height : 1;
	size_t want = (size_t)mem_rows(m) < h ? (size_t)mem_rows(m) : h;
	char key[LIST_KEY_MAX];
	int id;

	if (m->live != (long)l->n)
		TEST_FAIL("%s: %ld rows alive, %zu in the window", what,
		    m->live, l->n);
	if (m->max_limit > h)
		TEST_FAIL("%s: a fetch asked for %zu rows, window %zu", what,
		    m->max_limit, h);
	m->max_limit = 0;
	if (m->fail || l->error != NULL)
		return;
	if (l->n != want)
		TEST_FAIL("%s: window \"%s\" has %zu rows, want %zu", what,
		    win(l), l->n, want);
	for (i = 1; i < l->n; i++) {
		for (id = row_id(l->rows[i - 1]) + 1; id <= m->n && m->gone[id];
		    id++)
			;
		if (row_id(l->rows[i]) != id)
			TEST_FAIL("%s: window \"%s\" skips or repeats rows",
			    what, win(l));
	}
	if (l->n > 0 && l->sel >= l->n)
		TEST_FAIL("%s: selection %zu outside %zu rows", what, l->sel,
		    l->n);
	if (l->n > 0 && l->sel < l->n) {
		mem_key(l->rows[l->sel], key);
		if (strcmp(key, l->sel_key) != 0)
			TEST_FAIL("%s: sel_key \"%s\", selected \"%s\"", what,
			    l->sel_key, key);
	}
}

static enum action
key_action(char c)
{
	switch (c) {
	case 'j':	return ACT_MOVE_DOWN;
	case 'k':	return ACT_MOVE_UP;
	case 'f':	return ACT_PAGE_DOWN;
	case 'b':	return ACT_PAGE_UP;
	case 'g':	return ACT_TOP;
	case 'G':	return ACT_BOTTOM;
	case 'n':	return ACT_SEARCH_NEXT;
	case 'N':	return ACT_SEARCH_PREV;
	default:	return ACT_NONE;
	}
}

/*
 * Keys as in the default keymap (j k, f b for the pages, g G, n N), r for a
 * reload and t to toggle the tag of the selected row; the window is
 * checked after each one.
 */
static void
keys(struct list *l, struct mem *m, const char *s)
{
	char what[128];
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == 'r')
			list_reload(l);
		else if (s[i] == 't')
			list_tag_toggle_selected(l);
		else if (key_action(s[i]) != ACT_NONE)
			(void)list_action(l, key_action(s[i]));
		else {
			TEST_FAIL("unknown key '%c' in \"%s\"", s[i], s);
			continue;
		}
		snprintf(what, sizeof what, "\"%.*s\" (height %d, %d rows)",
		    (int)i + 1, s, l->height, mem_rows(m));
		check_window(l, m, what);
	}
}

/* Free the list; no row may be left. */
static void
close_list(struct list *l, struct mem *m)
{
	list_free(l);
	CHECK_INT(m->live, 0);
	CHECK(l->rows == NULL);
	CHECK_INT(l->n, 0);
	CHECK(l->tags == NULL);
	CHECK(l->search == NULL);
	CHECK(l->error == NULL);
}

/* ---- The first window --------------------------------------------------- */

static const struct {
	int		 rows, height;
	const char	*want;
} first_windows[] = {
	{ 30, 5, "[1] 2 3 4 5" },
	{ 5, 5, "[1] 2 3 4 5" },
	{ 3, 5, "[1] 2 3" },
	{ 1, 5, "[1]" },
	{ 0, 5, "" },
	{ 30, 1, "[1]" },
	{ 1, 1, "[1]" },
	{ 0, 1, "" },
};

static void
the_first_window_is_the_first_rows_with_the_first_selected(void)
{
	struct mem m;
	struct list l;
	size_t i;

	for (i = 0; i < sizeof first_windows / sizeof first_windows[0]; i++) {
		mem_init(&m, first_windows[i].rows);
		open_list(&l, &mem_source, &m, first_windows[i].height);
		if (strcmp(win(&l), first_windows[i].want) != 0)
			TEST_FAIL("%d rows, height %d: \"%s\", want \"%s\"",
			    first_windows[i].rows, first_windows[i].height,
			    win(&l), first_windows[i].want);
		check_window(&l, &m, "the first window");
		CHECK_INT(row_id(list_selected(&l)), first_windows[i].rows > 0);
		CHECK_INT(l.count, first_windows[i].rows);
		CHECK(l.error == NULL);
		close_list(&l, &m);
	}
}

/* ---- Moving ------------------------------------------------------------- */

static const struct {
	int		 rows, height;
	const char	*keys;
	const char	*want;
} moves[] = {
	/* A row at a time inside the window, then past its edges: the
	 * window slides by one and the selection stays at the edge. */
	{ 30, 5, "j", "1 [2] 3 4 5" },
	{ 30, 5, "jjjj", "1 2 3 4 [5]" },
	{ 30, 5, "jjjjj", "2 3 4 5 [6]" },
	{ 30, 5, "jjjjjjj", "4 5 6 7 [8]" },
	{ 30, 5, "jjjjjjjk", "4 5 6 [7] 8" },
	{ 30, 5, "jjjjjjjkkkk", "[4] 5 6 7 8" },
	{ 30, 5, "jjjjjjjkkkkk", "[3] 4 5 6 7" },
	{ 30, 5, "jjjjjjjkkkkkkkkkkk", "[1] 2 3 4 5" },
	{ 30, 5, "k", "[1] 2 3 4 5" },
	{ 30, 5, "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj", "26 27 28 29 [30]" },
	{ 30, 5, "Gkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "[1] 2 3 4 5" },
	/* A full page keeps the selection's place on screen. */
	{ 30, 5, "f", "[6] 7 8 9 10" },
	{ 30, 5, "jjf", "6 7 [8] 9 10" },
	{ 30, 5, "jjff", "11 12 [13] 14 15" },
	{ 30, 5, "jjffb", "6 7 [8] 9 10" },
	{ 30, 5, "Gb", "21 22 23 24 [25]" },
	{ 30, 5, "Gkkb", "21 22 [23] 24 25" },
	{ 30, 5, "fffff", "[26] 27 28 29 30" },
	/* A short last page selects the last row (the first going up)... */
	{ 12, 5, "jjff", "8 9 10 11 [12]" },
	{ 12, 5, "Gbb", "[1] 2 3 4 5" },
	{ 12, 5, "jjffkkkkb", "[3] 4 5 6 7" },	/* a full one */
	{ 12, 5, "jjffkkkkbb", "[1] 2 3 4 5" },
	/* ...and at the end nothing moves any more. */
	{ 12, 5, "jjfff", "8 9 10 11 [12]" },
	{ 12, 5, "Gf", "8 9 10 11 [12]" },
	{ 12, 5, "Gkkf", "8 9 10 11 [12]" },	/* as mutt: to the last */
	{ 12, 5, "b", "[1] 2 3 4 5" },
	{ 12, 5, "jjjb", "[1] 2 3 4 5" },
	/* Top and bottom: G shows the last rows with the last selected. */
	{ 30, 5, "G", "26 27 28 29 [30]" },
	{ 30, 5, "GG", "26 27 28 29 [30]" },
	{ 30, 5, "Gj", "26 27 28 29 [30]" },
	{ 30, 5, "Gk", "26 27 28 [29] 30" },
	{ 30, 5, "Gg", "[1] 2 3 4 5" },
	{ 30, 5, "jjjg", "[1] 2 3 4 5" },
	{ 30, 5, "fffjjg", "[1] 2 3 4 5" },
	/* Exactly a window of rows. */
	{ 5, 5, "jjjjjjj", "1 2 3 4 [5]" },
	{ 5, 5, "f", "1 2 3 4 [5]" },
	{ 5, 5, "G", "1 2 3 4 [5]" },
	{ 5, 5, "Gb", "[1] 2 3 4 5" },
	{ 5, 5, "Gkkkkkkk", "[1] 2 3 4 5" },
	/* Fewer rows than the window. */
	{ 3, 5, "jjjj", "1 2 [3]" },
	{ 3, 5, "G", "1 2 [3]" },
	{ 3, 5, "Gf", "1 2 [3]" },
	{ 3, 5, "Gkb", "[1] 2 3" },
	/* One row. */
	{ 1, 5, "jkfbGg", "[1]" },
	{ 1, 1, "jkfbGgjjkk", "[1]" },
	/* A window one row high. */
	{ 30, 1, "j", "[2]" },
	{ 30, 1, "jjk", "[2]" },
	{ 30, 1, "f", "[2]" },
	{ 30, 1, "ff", "[3]" },
	{ 30, 1, "ffb", "[2]" },
	{ 30, 1, "G", "[30]" },
	{ 30, 1, "Gj", "[30]" },
	{ 30, 1, "Gf", "[30]" },
	{ 30, 1, "Gb", "[29]" },
	{ 30, 1, "Gg", "[1]" },
	{ 30, 1, "kb", "[1]" },
	/* No rows at all. */
	{ 0, 5, "jkfbGgjk", "" },
	{ 0, 1, "jkfbGg", "" },
};

static void
moves_pages_and_ends_land_where_a_pager_would(void)
{
	struct mem m;
	struct list l;
	size_t i;

	for (i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		mem_init(&m, moves[i].rows);
		open_list(&l, &mem_source, &m, moves[i].height);
		keys(&l, &m, moves[i].keys);
		if (strcmp(win(&l), moves[i].want) != 0)
			TEST_FAIL("%d rows, height %d, \"%s\": \"%s\", want "
			    "\"%s\"", moves[i].rows, moves[i].height,
			    moves[i].keys, win(&l), moves[i].want);
		close_list(&l, &m);
	}
}

static const struct {
	int		 rows, height;
	const char	*keys;		/* first */
	enum action	 action;
	int		 want;
} action_flags[] = {
	{ 30, 5, "", ACT_MOVE_DOWN, UI_REDRAW },
	{ 30, 5, "jjjj", ACT_MOVE_DOWN, UI_REDRAW },	/* slides */
	{ 30, 5, "G", ACT_MOVE_DOWN, UI_HANDLED },	/* nothing after */
	{ 30, 5, "", ACT_MOVE_UP, UI_HANDLED },		/* nothing before */
	{ 30, 5, "G", ACT_MOVE_UP, UI_REDRAW },
	{ 30, 5, "f", ACT_MOVE_UP, UI_REDRAW },
	{ 30, 5, "", ACT_PAGE_DOWN, UI_REDRAW },
	{ 30, 5, "G", ACT_PAGE_UP, UI_REDRAW },
	{ 30, 5, "", ACT_BOTTOM, UI_REDRAW },
	{ 30, 5, "G", ACT_TOP, UI_REDRAW },
	{ 0, 5, "", ACT_MOVE_DOWN, UI_HANDLED },
	{ 0, 5, "", ACT_MOVE_UP, UI_HANDLED },
	{ 0, 5, "", ACT_PAGE_DOWN, UI_HANDLED },
	{ 0, 5, "", ACT_PAGE_UP, UI_HANDLED },
	/* Not the list's: the caller tries its own. */
	{ 30, 5, "", ACT_QUIT, UI_IGNORED },
	{ 30, 5, "", ACT_OPEN, UI_IGNORED },
	{ 30, 5, "", ACT_TAG, UI_IGNORED },
	{ 30, 5, "", ACT_NONE, UI_IGNORED },
	/* A search again with no search yet. */
	{ 30, 5, "", ACT_SEARCH_NEXT, UI_IGNORED },
	{ 30, 5, "", ACT_SEARCH_PREV, UI_IGNORED },
};

static void
each_list_action_says_whether_the_screen_changed(void)
{
	struct mem m;
	struct list l;
	size_t i;
	const char *name;
	int got;

	for (i = 0; i < sizeof action_flags / sizeof action_flags[0]; i++) {
		mem_init(&m, action_flags[i].rows);
		open_list(&l, &mem_source, &m, action_flags[i].height);
		keys(&l, &m, action_flags[i].keys);
		got = list_action(&l, action_flags[i].action);
		name = action_name(action_flags[i].action);
		if (got != action_flags[i].want)
			TEST_FAIL("\"%s\" then %s: got %#x, want %#x",
			    action_flags[i].keys, name != NULL ? name : "none",
			    got, action_flags[i].want);
		check_window(&l, &m, "the action");
		close_list(&l, &m);
	}
}

/* ---- Reloading ---------------------------------------------------------- */

#define IDS(...)	((const int []){ __VA_ARGS__, 0 })

struct reload_case {
	int		 rows, height;
	const int	*missing;	/* not there at first */
	const char	*keys;		/* then */
	const char	*before;	/* the window then */
	const int	*deleted;	/* then these go */
	const int	*added;		/* and these come */
	const char	*want;		/* the window after a reload */
};

static void
run_reload_cases(const struct reload_case *c, size_t n)
{
	struct mem m;
	struct list l;
	size_t i;

	for (i = 0; i < n; i++) {
		mem_init(&m, c[i].rows);
		mem_set_gone(&m, c[i].missing, true);
		open_list(&l, &mem_source, &m, c[i].height);
		keys(&l, &m, c[i].keys);
		if (strcmp(win(&l), c[i].before) != 0)
			TEST_FAIL("case %zu, \"%s\": the window is \"%s\", "
			    "the case expects \"%s\"", i, c[i].keys, win(&l),
			    c[i].before);
		mem_set_gone(&m, c[i].deleted, true);
		mem_set_gone(&m, c[i].added, false);
		list_reload(&l);
		check_window(&l, &m, "the reload");
		if (strcmp(win(&l), c[i].want) != 0)
			TEST_FAIL("case %zu: \"%s\" reloaded to \"%s\", want "
			    "\"%s\"", i, c[i].before, win(&l), c[i].want);
		CHECK_INT(l.count, mem_rows(&m));
		close_list(&l, &m);
	}
}

static const struct reload_case reload_keeps[] = {
	/* Nothing changed. */
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", NULL, NULL, "4 5 6 [7] 8" },
	{ 30, 5, NULL, "", "[1] 2 3 4 5", NULL, NULL, "[1] 2 3 4 5" },
	{ 30, 5, NULL, "G", "26 27 28 29 [30]", NULL, NULL, "26 27 28 29 [30]" },
	{ 30, 1, NULL, "jjj", "[4]", NULL, NULL, "[4]" },
	/* Rows deleted above and below the selection, on screen and off. */
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", IDS(5), NULL, "3 4 6 [7] 8" },
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", IDS(8), NULL, "4 5 6 [7] 9" },
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", IDS(1, 2, 20), NULL,
	    "4 5 6 [7] 8" },
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", IDS(4, 5, 6, 8), NULL,
	    "1 2 3 [7] 9" },
	/* Rows added above and below. */
	{ 30, 5, IDS(6), "jjjjjjjk", "4 5 7 [8] 9", NULL, IDS(6), "5 6 7 [8] 9" },
	{ 30, 5, IDS(9), "jjjjjjjk", "4 5 6 [7] 8", NULL, IDS(9), "4 5 6 [7] 8" },
	{ 30, 5, IDS(2, 3), "jjjj", "1 4 5 6 [7]", NULL, IDS(2, 3),
	    "3 4 5 6 [7]" },
	/* Rows above the selection gone near the top: it moves up, since
	 * nothing is left to fill above it. */
	{ 30, 5, NULL, "jjj", "1 2 3 [4] 5", IDS(2, 3), NULL, "1 [4] 5 6 7" },
};

static void
a_reload_keeps_the_selected_row_at_its_place_on_screen(void)
{
	run_reload_cases(reload_keeps,
	    sizeof reload_keeps / sizeof reload_keeps[0]);
}

static const struct reload_case reload_backfills[] = {
	/* Rows after the selection gone at the end: the window is filled
	 * from above, the selected row still selected. */
	{ 10, 5, NULL, "Gkk", "6 7 [8] 9 10", IDS(9, 10), NULL, "4 5 6 7 [8]" },
	{ 10, 5, NULL, "Gkk", "6 7 [8] 9 10", IDS(10), NULL, "5 6 7 [8] 9" },
	{ 10, 5, NULL, "Gkk", "6 7 [8] 9 10", IDS(6, 7), NULL, "4 5 [8] 9 10" },
	{ 10, 3, NULL, "Gkk", "[8] 9 10", IDS(9, 10), NULL, "6 7 [8]" },
	/* Fewer rows than the window are left. */
	{ 7, 5, NULL, "G", "3 4 5 6 [7]", IDS(1, 2, 3), NULL, "4 5 6 [7]" },
	{ 7, 5, NULL, "Gkk", "3 4 [5] 6 7", IDS(6, 7), NULL, "1 2 3 4 [5]" },
	{ 7, 5, NULL, "Gkk", "3 4 [5] 6 7", IDS(1, 2, 3, 4, 6, 7), NULL, "[5]" },
};

static void
a_reload_near_the_end_fills_the_window_from_above(void)
{
	run_reload_cases(reload_backfills,
	    sizeof reload_backfills / sizeof reload_backfills[0]);
}

/*
 * When the selected row itself is gone the one that took its place is
 * selected, at the same place on screen: the row that followed it, or
 * the one before it when nothing followed.
 */
static const struct reload_case reload_selected_gone[] = {
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", IDS(7), NULL, "4 5 6 [8] 9" },
	{ 30, 5, NULL, "jjjjjjjk", "4 5 6 [7] 8", IDS(7, 8), NULL,
	    "4 5 6 [9] 10" },
	{ 30, 5, NULL, "jjjjjjjkkkk", "[4] 5 6 7 8", IDS(4), NULL,
	    "[5] 6 7 8 9" },
	{ 30, 5, NULL, "jjjj", "1 2 3 4 [5]", IDS(5), NULL, "1 2 3 4 [6]" },
	{ 30, 1, NULL, "jjj", "[4]", IDS(4), NULL, "[5]" },
	{ 10, 5, NULL, "G", "6 7 8 9 [10]", IDS(10), NULL, "5 6 7 8 [9]" },
	/* Everything gone. */
	{ 10, 5, NULL, "jj", "1 2 [3] 4 5",
	    IDS(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), NULL, "" },
};

static void
a_reload_after_the_selected_row_went_keeps_its_place_on_screen(void)
{
	run_reload_cases(reload_selected_gone,
	    sizeof reload_selected_gone / sizeof reload_selected_gone[0]);
}

/*
 * Found by this suite: when the selected row is gone and the window had to
 * shift (filled from above at the end of the list, or short of rows above
 * near the top), window_around selects the old screen index of the
 * shifted window: a row that was never next to the gone one, and with the
 * selection at the top of the window and nothing after it, an empty window
 * although the list has rows (the one row fetched before it is dropped as
 * "the extra row" before the backfill, which needs a row to start from).
 * The row that followed the gone one should be selected, or the one before
 * it when nothing followed.
 */
static const struct reload_case reload_selected_gone_bugs[] = {
	{ 10, 5, NULL, "Gkk", "6 7 [8] 9 10", IDS(8), NULL, "5 6 7 [9] 10" },
	{ 10, 5, NULL, "Gkk", "6 7 [8] 9 10", IDS(8, 9, 10), NULL,
	    "3 4 5 6 [7]" },
	{ 10, 3, NULL, "Gkk", "[8] 9 10", IDS(8, 9, 10), NULL, "5 6 [7]" },
	{ 5, 1, NULL, "G", "[5]", IDS(5), NULL, "[4]" },
	{ 30, 5, NULL, "jjj", "1 2 3 [4] 5", IDS(2, 4), NULL, "1 3 [5] 6 7" },
};

static void
a_reload_selects_the_gone_rows_neighbour_when_the_window_shifts(void)
{
	run_reload_cases(reload_selected_gone_bugs,
	    sizeof reload_selected_gone_bugs / sizeof reload_selected_gone_bugs[0]);
}

static void
a_reload_of_an_emptied_list_shows_the_rows_that_come_back(void)
{
	struct mem m;
	struct list l;
	int id;

	mem_init(&m, 10);
	open_list(&l, &mem_source, &m, 5);
	keys(&l, &m, "jj");
	for (id = 1; id <= 10; id++)
		m.gone[id] = true;
	keys(&l, &m, "r");
	CHECK_STR(win(&l), "");
	CHECK(list_selected(&l) == NULL);
	CHECK_INT(l.count, 0);
	keys(&l, &m, "jkfbGgr");
	m.gone[4] = m.gone[7] = false;
	keys(&l, &m, "r");
	CHECK_STR(win(&l), "[4] 7");
	close_list(&l, &m);
}

/* ---- Resizing ----------------------------------------------------------- */

struct resize_case {
	int		 rows, height;
	const char	*keys;
	const char	*before;	/* the window then */
	int		 to;		/* the new height */
	const char	*want;
};

static void
run_resize_cases(const struct resize_case *c, size_t n)
{
	struct mem m;
	struct list l;
	size_t i;

	for (i = 0; i < n; i++) {
		mem_init(&m, c[i].rows);
		open_list(&l, &mem_source, &m, c[i].height);
		keys(&l, &m, c[i].keys);
		if (strcmp(win(&l), c[i].before) != 0)
			TEST_FAIL("case %zu, \"%s\": the window is \"%s\", "
			    "the case expects \"%s\"", i, c[i].keys, win(&l),
			    c[i].before);
		list_set_height(&l, c[i].to);
		CHECK_INT(l.height, c[i].to > 0 ? c[i].to : 1);
		check_window(&l, &m, "the new height");
		if (strcmp(win(&l), c[i].want) != 0)
			TEST_FAIL("\"%s\" at height %d: \"%s\", want \"%s\"",
			    c[i].before, c[i].to, win(&l), c[i].want);
		/* And it moves on from there as a list of that height. */
		keys(&l, &m, "jkfbGg");
		close_list(&l, &m);
	}
}

static const struct resize_case resizes[] = {
	/* Smaller, the selection still on screen. */
	{ 100, 10, "jj", "1 2 [3] 4 5 6 7 8 9 10", 3, "1 2 [3]" },
	{ 30, 5, "jjjjjjjk", "4 5 6 [7] 8", 4, "4 5 6 [7]" },
	/* Larger: the rows below come into view, or above at the end. */
	{ 100, 3, "jjjjj", "4 5 [6]", 6, "4 5 [6] 7 8 9" },
	{ 100, 3, "jjjjjk", "4 [5] 6", 6, "4 [5] 6 7 8 9" },
	{ 10, 3, "G", "8 9 [10]", 6, "5 6 7 8 9 [10]" },
	{ 4, 2, "G", "3 [4]", 10, "1 2 3 [4]" },
	{ 30, 1, "jjj", "[4]", 3, "[4] 5 6" },
	/* The same. */
	{ 30, 5, "jjjjjjjk", "4 5 6 [7] 8", 5, "4 5 6 [7] 8" },
};

static void
a_new_height_keeps_the_selected_row_on_screen(void)
{
	run_resize_cases(resizes, sizeof resizes / sizeof resizes[0]);
}

/*
 * Regression: shrinking the pane past the selection re-anchored the window
 * on the row at the new last line, and the selected row was lost (fixed in
 * e620d16). It is the last row on screen now.
 */
static const struct resize_case resizes_past_selection[] = {
	{ 100, 10, "jjjjjjjj", "1 2 3 4 5 6 7 8 [9] 10", 3, "7 8 [9]" },
	{ 100, 10, "jjjjjjjjjk", "1 2 3 4 5 6 7 8 [9] 10", 3, "7 8 [9]" },
	{ 100, 10, "jjjjjjjjjjj", "3 4 5 6 7 8 9 10 11 [12]", 3,
	    "10 11 [12]" },
	{ 100, 10, "fjjjjj", "11 12 13 14 15 [16] 17 18 19 20", 4,
	    "13 14 15 [16]" },
	{ 30, 5, "jjj", "1 2 3 [4] 5", 1, "[4]" },
	{ 30, 5, "jjj", "1 2 3 [4] 5", 0, "[4]" },	/* 0 is 1 */
	{ 30, 5, "G", "26 27 28 29 [30]", 2, "29 [30]" },
	{ 5, 5, "G", "1 2 3 4 [5]", 2, "4 [5]" },
};

static void
regression_shrinking_past_the_selection_keeps_the_selected_row(void)
{
	run_resize_cases(resizes_past_selection,
	    sizeof resizes_past_selection / sizeof resizes_past_selection[0]);
}

static void
the_same_height_again_reads_nothing(void)
{
	struct mem m;
	struct list l;
	int before;

	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	keys(&l, &m, "jjjjjjj");
	before = m.fetches;
	list_set_height(&l, 5);
	CHECK_INT(m.fetches, before);
	CHECK_STR(win(&l), "4 5 6 7 [8]");
	close_list(&l, &m);
}

/* ---- Search ------------------------------------------------------------- */

enum step_kind { SEARCH_FWD, SEARCH_BACK, AGAIN_NEXT, AGAIN_PREV };

static const struct {
	const char	*keys;		/* first, on 30 rows, height 5 */
	enum step_kind	 kind;
	const char	*text;		/* SEARCH_* */
	int		 want_ret;	/* bool for a search, UI_* for again */
	int		 from;		/* the id the source searched from */
	const char	*want;
} searches[] = {
	/* Forward from the selection; the match takes its place on screen. */
	{ "", SEARCH_FWD, "7", 1, 1, "[7] 8 9 10 11" },
	{ "jj", SEARCH_FWD, "7", 1, 3, "5 6 [7] 8 9" },
	{ "jjjj", SEARCH_FWD, "#12#", 1, 5, "8 9 10 11 [12]" },
	/* The search starts after the selected row, as mutt's does. */
	{ "jjjjjj", SEARCH_FWD, "7", 1, 7, "13 14 15 16 [17]" },
	{ "jj", SEARCH_FWD, "3", 1, 3, "11 12 [13] 14 15" },
	/* Backward, before the selected row. */
	{ "G", SEARCH_BACK, "7", 1, 30, "23 24 25 26 [27]" },
	{ "Gkk", SEARCH_BACK, "22", 1, 28, "20 21 [22] 23 24" },
	{ "jj", SEARCH_BACK, "3", 0, 3, "1 2 [3] 4 5" },
	/* Near the ends the window does not run past the list. */
	{ "", SEARCH_FWD, "#30#", 1, 1, "26 27 28 29 [30]" },
	{ "G", SEARCH_BACK, "#1#", 1, 30, "[1] 2 3 4 5" },
	{ "Gkk", SEARCH_BACK, "#2#", 1, 28, "1 [2] 3 4 5" },
	/* No match: nothing moves. */
	{ "jj", SEARCH_FWD, "nope", 0, 3, "1 2 [3] 4 5" },
	{ "G", SEARCH_FWD, "7", 0, 30, "26 27 28 29 [30]" },
	{ "", SEARCH_BACK, "7", 0, 1, "[1] 2 3 4 5" },
};

static void
a_search_finds_the_next_match_after_the_selected_row(void)
{
	struct mem m;
	struct list l;
	size_t i;
	bool got;

	for (i = 0; i < sizeof searches / sizeof searches[0]; i++) {
		mem_init(&m, 30);
		open_list(&l, &mem_source, &m, 5);
		keys(&l, &m, searches[i].keys);
		got = list_search(&l, searches[i].text,
		    searches[i].kind == SEARCH_FWD ? CACHE_FORWARD :
		    CACHE_BACKWARD);
		check_window(&l, &m, "the search");
		if ((int)got != searches[i].want_ret ||
		    m.find_from != searches[i].from ||
		    strcmp(win(&l), searches[i].want) != 0)
			TEST_FAIL("\"%s\" then %s \"%s\": %s from %d to "
			    "\"%s\", want %s from %d to \"%s\"",
			    searches[i].keys, searches[i].kind == SEARCH_FWD ?
			    "/" : "?", searches[i].text, got ? "found" :
			    "none", m.find_from, win(&l),
			    searches[i].want_ret ? "found" : "none",
			    searches[i].from, searches[i].want);
		CHECK_STR(l.search, searches[i].text);
		CHECK(l.error == NULL);
		close_list(&l, &m);
	}
}

static void
search_next_and_prev_go_on_from_the_selected_row(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	CHECK(list_search(&l, "7", CACHE_FORWARD));
	CHECK_STR(win(&l), "[7] 8 9 10 11");
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_INT(m.find_from, 7);
	CHECK_STR(win(&l), "[17] 18 19 20 21");
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_STR(win(&l), "26 [27] 28 29 30");
	/* No match after the last: no wrap, nothing moves. */
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_IGNORED);
	CHECK_INT(m.find_from, 27);
	CHECK_STR(win(&l), "26 [27] 28 29 30");
	CHECK_INT(list_action(&l, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_INT(m.find_from, 27);
	CHECK_STR(win(&l), "16 [17] 18 19 20");
	/* Moving in between: the next search starts from the new row. */
	keys(&l, &m, "jjj");
	CHECK_STR(win(&l), "16 17 18 19 [20]");
	CHECK_INT(list_action(&l, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_INT(m.find_from, 20);
	CHECK_STR(win(&l), "13 14 15 16 [17]");
	/* A search for a new text replaces the one n repeats. */
	CHECK(list_search(&l, "#3#", CACHE_BACKWARD));
	CHECK_STR(l.search, "#3#");
	CHECK_STR(win(&l), "1 2 [3] 4 5");
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_IGNORED);
	CHECK_STR(win(&l), "1 2 [3] 4 5");
	close_list(&l, &m);
}

static bool
mem_match(const void *row, const char *text)
{
	return mem_matches(((const struct row *)row)->id, text);
}

/* The rows with match but no find: the widget reads on and asks. */
static const struct list_source mem_source_match = {
	.fetch = mem_fetch,
	.match = mem_match,
	.free_row = mem_free_row,
	.key = mem_key,
	.draw = mem_draw,
	.count = mem_count,
};

static void
a_source_with_only_match_is_searched_a_window_at_a_time(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 300);
	open_list(&l, &mem_source_match, &m, 5);
	/* Past several windows read for the scan, both ways. */
	CHECK(list_search(&l, "#150#", CACHE_FORWARD));
	m.max_limit = 0;	/* the scan reads more than a window */
	check_window(&l, &m, "the scan forward");
	CHECK_STR(win(&l), "[150] 151 152 153 154");
	CHECK(list_search(&l, "#7#", CACHE_BACKWARD));
	m.max_limit = 0;
	check_window(&l, &m, "the scan backward");
	CHECK_STR(win(&l), "[7] 8 9 10 11");
	CHECK_INT(list_action(&l, ACT_SEARCH_PREV), UI_IGNORED);
	CHECK(!list_search(&l, "nope", CACHE_FORWARD));
	m.max_limit = 0;
	check_window(&l, &m, "a scan that found nothing");
	CHECK_STR(win(&l), "[7] 8 9 10 11");
	close_list(&l, &m);
}

static void
a_search_needs_text_rows_and_a_searchable_source(void)
{
	struct mem m;
	struct list l;

	/* No text. */
	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	CHECK(!list_search(&l, "", CACHE_FORWARD));
	CHECK(!list_search(&l, NULL, CACHE_FORWARD));
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_IGNORED);
	CHECK_STR(win(&l), "[1] 2 3 4 5");
	close_list(&l, &m);

	/* An empty list: the source searches from the start. */
	mem_init(&m, 0);
	open_list(&l, &mem_source, &m, 5);
	CHECK(!list_search(&l, "7", CACHE_FORWARD));
	CHECK_INT(m.find_from, 0);
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_IGNORED);
	CHECK_STR(win(&l), "");
	check_window(&l, &m, "a search in no rows");
	close_list(&l, &m);

	/* A source that cannot search. */
	mem_init(&m, 30);
	open_list(&l, &mem_source_bare, &m, 5);
	CHECK(!list_search(&l, "7", CACHE_FORWARD));
	CHECK_STR(win(&l), "[1] 2 3 4 5");
	CHECK_INT(l.count, -1);
	close_list(&l, &m);
}

static void
a_search_that_fails_keeps_the_window_and_says_why(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	keys(&l, &m, "jj");
	m.find_fails = true;
	CHECK(!list_search(&l, "7", CACHE_FORWARD));
	CHECK_STR(l.error, "the index is gone");
	CHECK_STR(win(&l), "1 2 [3] 4 5");
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_IGNORED);
	CHECK_INT(m.live, 5);
	m.find_fails = false;
	CHECK_INT(list_action(&l, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_STR(win(&l), "5 6 [7] 8 9");
	CHECK_INT(m.live, 5);
	close_list(&l, &m);
}

/* ---- Tags --------------------------------------------------------------- */

static void
tags_are_set_toggled_and_cleared_by_key(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	CHECK(!list_tagged(&l, "t1"));
	keys(&l, &m, "tjjt");
	CHECK(list_tagged(&l, "t1"));
	CHECK(list_tagged(&l, "t3"));
	CHECK(!list_tagged(&l, "t2"));
	CHECK_INT(l.ntags, 2);
	keys(&l, &m, "t");
	CHECK(!list_tagged(&l, "t3"));
	CHECK_INT(l.ntags, 1);
	/* Tags are keys: they stay through moves and reloads. */
	keys(&l, &m, "ffffGtgr");
	CHECK(list_tagged(&l, "t1"));
	CHECK(list_tagged(&l, "t30"));
	CHECK_INT(l.ntags, 2);
	/* Setting twice is one tag; unsetting an untagged key is nothing. */
	list_tag_set(&l, "t7", true);
	list_tag_set(&l, "t7", true);
	CHECK_INT(l.ntags, 3);
	list_tag_set(&l, "t8", false);
	CHECK_INT(l.ntags, 3);
	list_tag_set(&l, "t7", false);
	CHECK(!list_tagged(&l, "t7"));
	CHECK_INT(l.ntags, 2);
	list_tags_clear(&l);
	CHECK_INT(l.ntags, 0);
	CHECK(l.tags == NULL);
	CHECK(!list_tagged(&l, "t1"));
	list_tags_clear(&l);
	keys(&l, &m, "t");
	CHECK(list_tagged(&l, "t1"));
	close_list(&l, &m);
}

static void
many_tags_stay_sorted_and_are_each_found(void)
{
	struct mem m;
	struct list l;
	char key[LIST_KEY_MAX];
	int i, k;
	size_t j;

	mem_init(&m, 0);
	open_list(&l, &mem_source, &m, 5);
	/* 1000 keys in a scrambled order (7919 is prime to 1000). */
	for (i = 0; i < 1000; i++) {
		k = (i * 7919) % 1000;
		snprintf(key, sizeof key, "key-%d", k);
		list_tag_set(&l, key, true);
	}
	CHECK_INT(l.ntags, 1000);
	for (j = 1; j < l.ntags; j++)
		if (strcmp(l.tags[j - 1], l.tags[j]) >= 0)
			TEST_FAIL("tags[%zu] \"%s\" not before \"%s\"", j - 1,
			    l.tags[j - 1], l.tags[j]);
	for (k = 0; k < 1000; k++) {
		snprintf(key, sizeof key, "key-%d", k);
		if (!list_tagged(&l, key))
			TEST_FAIL("\"%s\" is not tagged", key);
	}
	CHECK(!list_tagged(&l, "key-1000"));
	CHECK(!list_tagged(&l, "key-"));
	CHECK(!list_tagged(&l, ""));
	CHECK(!list_tagged(&l, "a"));
	CHECK(!list_tagged(&l, "z"));
	/* Every other one off. */
	for (k = 0; k < 1000; k += 2) {
		snprintf(key, sizeof key, "key-%d", k);
		list_tag_set(&l, key, false);
	}
	CHECK_INT(l.ntags, 500);
	for (k = 0; k < 1000; k++) {
		snprintf(key, sizeof key, "key-%d", k);
		if (list_tagged(&l, key) != (k % 2 == 1))
			TEST_FAIL("\"%s\" tagged: %d", key,
			    list_tagged(&l, key));
	}
	for (j = 1; j < l.ntags; j++)
		if (strcmp(l.tags[j - 1], l.tags[j]) >= 0)
			TEST_FAIL("tags[%zu] \"%s\" not before \"%s\"", j - 1,
			    l.tags[j - 1], l.tags[j]);
	/* Tags outlive nothing: list_free clears them (close_list checks). */
	close_list(&l, &m);
}

/* ---- Empty and failing sources ------------------------------------------ */

static void
an_empty_list_takes_every_action_and_selects_nothing(void)
{
	static const enum action all[] = {
		ACT_MOVE_DOWN, ACT_MOVE_UP, ACT_PAGE_DOWN, ACT_PAGE_UP,
		ACT_TOP, ACT_BOTTOM, ACT_SEARCH_NEXT, ACT_SEARCH_PREV,
	};
	struct mem m;
	struct list l;
	size_t i;

	mem_init(&m, 0);
	open_list(&l, &mem_source, &m, 5);
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		(void)list_action(&l, all[i]);
		check_window(&l, &m, action_name(all[i]));
	}
	list_tag_toggle_selected(&l);
	CHECK_INT(l.ntags, 0);
	list_reload(&l);
	list_set_height(&l, 3);
	list_set_height(&l, 9);
	CHECK(list_selected(&l) == NULL);
	CHECK_STR(win(&l), "");
	CHECK_INT(l.count, 0);
	CHECK(l.error == NULL);
	CHECK_INT(m.live, 0);
	/* Rows arrive: a reload shows them. */
	m.n = 8;
	keys(&l, &m, "r");
	CHECK_STR(win(&l), "[1] 2 3 4 5 6 7 8");
	close_list(&l, &m);
}

static void
a_list_that_cannot_be_read_keeps_the_error_and_stays_usable(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 30);
	m.fail = true;
	open_list(&l, &mem_source, &m, 5);
	CHECK_STR(win(&l), "");
	CHECK_STR(l.error, "the disk is on fire");
	CHECK(list_selected(&l) == NULL);
	keys(&l, &m, "jkfbGgntr");
	CHECK_STR(l.error, "the disk is on fire");
	/* Without a word from the source, the widget has its own. */
	m.fail_quietly = true;
	keys(&l, &m, "r");
	CHECK_STR(l.error, "cannot read the cache");
	/* It can be read again: the error goes. */
	m.fail = m.fail_quietly = false;
	keys(&l, &m, "r");
	CHECK(l.error == NULL);
	CHECK_STR(win(&l), "[1] 2 3 4 5");
	close_list(&l, &m);
}

static const struct {
	const char	*keys;		/* first, on 30 rows, height 5 */
	const char	*failing;	/* these fail where they read */
	const char	*want;
} failing_moves[] = {
	{ "jjjj", "j", "1 2 3 4 [5]" },
	{ "f", "k", "[6] 7 8 9 10" },
	{ "jj", "f", "1 2 [3] 4 5" },
	{ "fjj", "b", "6 7 [8] 9 10" },
	{ "fjj", "G", "6 7 [8] 9 10" },
	{ "fjj", "g", "6 7 [8] 9 10" },
	/* Inside the window nothing is read: those moves still work. */
	{ "fjj", "jjjjkkkkkkfbGg", "[6] 7 8 9 10" },
};

static void
a_move_that_cannot_read_keeps_the_window_and_the_selection(void)
{
	struct mem m;
	struct list l;
	size_t i;

	for (i = 0; i < sizeof failing_moves / sizeof failing_moves[0]; i++) {
		mem_init(&m, 30);
		open_list(&l, &mem_source, &m, 5);
		keys(&l, &m, failing_moves[i].keys);
		m.fail = true;
		keys(&l, &m, failing_moves[i].failing);
		if (strcmp(win(&l), failing_moves[i].want) != 0)
			TEST_FAIL("\"%s\" then \"%s\" failing: \"%s\", want "
			    "\"%s\"", failing_moves[i].keys,
			    failing_moves[i].failing, win(&l),
			    failing_moves[i].want);
		CHECK_STR(l.error, "the disk is on fire");
		/* The next read that works clears the error. */
		m.fail = false;
		keys(&l, &m, "G");
		CHECK(l.error == NULL);
		close_list(&l, &m);
	}
}

static void
a_count_that_fails_is_unknown_until_one_works(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	CHECK_INT(l.count, 30);
	m.count_fails = true;
	m.gone[3] = true;
	list_reload(&l);
	CHECK_INT(l.count, -1);
	CHECK_STR(win(&l), "[1] 2 4 5 6");
	CHECK_INT(m.live, 5);
	m.count_fails = false;
	list_reload(&l);
	CHECK_INT(l.count, 29);
	close_list(&l, &m);
}

/*
 * Found by this suite: a reload that cannot read the cache drops the
 * window (list_reload frees it before reading), and the next reload that
 * can starts again from the top: the selected row is lost although
 * sel_key is "kept while the window is empty". It should come back.
 */
static void
a_reload_after_one_that_could_not_read_comes_back_to_the_selected_row(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 30);
	open_list(&l, &mem_source, &m, 5);
	keys(&l, &m, "fjj");
	CHECK_STR(win(&l), "6 7 [8] 9 10");
	m.fail = true;
	keys(&l, &m, "r");
	CHECK_STR(l.error, "the disk is on fire");
	m.fail = false;
	keys(&l, &m, "r");
	CHECK(l.error == NULL);
	CHECK_INT(row_id(list_selected(&l)), 8);
	close_list(&l, &m);
}

/* ---- Memory ------------------------------------------------------------- */

/* Every kind of operation, the source failing now and then. */
static void
session(void)
{
	struct mem m;
	struct list l;

	mem_init(&m, 100);
	open_list(&l, &mem_source, &m, 7);
	keys(&l, &m, "jjjjjjjjjjffbGkkkkkkkkkbbgfffjt");
	keys(&l, &m, "Gjjffgkkbb");	/* at the ends: empty fetches */
	CHECK(list_search(&l, "9", CACHE_FORWARD));
	keys(&l, &m, "nnnNNtjt");
	CHECK(!list_search(&l, "nope", CACHE_BACKWARD));
	m.gone[50] = m.gone[51] = m.gone[99] = true;
	list_reload(&l);
	keys(&l, &m, "Gkkkkr");
	list_set_height(&l, 3);
	keys(&l, &m, "jjkkfbr");
	list_set_height(&l, 20);
	keys(&l, &m, "gGfbr");
	m.fail = true;
	keys(&l, &m, "jfGr");
	m.fail = false;
	keys(&l, &m, "r");
	m.find_fails = true;
	(void)list_search(&l, "1", CACHE_FORWARD);
	m.find_fails = false;
	m.count_fails = true;
	keys(&l, &m, "r");
	list_tag_set(&l, "t1000", true);
	close_list(&l, &m);
}

static void
a_long_session_leaves_nothing_on_the_heap(void)
{
	size_t before;
	int i;

	session();
	before = heap_in_use();
	for (i = 0; i < 5; i++)
		session();
	CHECK_INT(heap_in_use(), before);
}

/*
 * Regression: an empty fetch's array leaked (move-down at the last row,
 * move-up at the first, a reload's backfill with nothing before; fixed in
 * 24666b7). The source hands out a new array even for no rows, and the
 * heap must be as it was after each such move.
 */
static void
regression_an_empty_fetch_array_is_freed(void)
{
	static const struct {
		int		 rows, height;
		const char	*keys;		/* to get there */
		const char	*again;		/* repeated: empty fetches */
	} cases[] = {
		{ 30, 5, "G", "j" },
		{ 30, 5, "", "k" },
		{ 30, 1, "G", "j" },
		{ 3, 5, "G", "j" },
		{ 3, 5, "", "k" },
		{ 3, 5, "", "r" },	/* the backfill finds nothing */
		{ 3, 5, "G", "r" },
		{ 12, 5, "G", "f" },
		{ 12, 5, "", "b" },
		{ 0, 5, "", "jkfbGgr" },
	};
	struct mem m;
	struct list l;
	size_t i, at;
	int k;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mem_init(&m, cases[i].rows);
		open_list(&l, &mem_source, &m, cases[i].height);
		keys(&l, &m, cases[i].keys);
		keys(&l, &m, cases[i].again);	/* the window's size now */
		at = heap_in_use();
		for (k = 0; k < 50; k++)
			keys(&l, &m, cases[i].again);
		if (heap_in_use() != at)
			TEST_FAIL("%d rows, height %d, \"%s\" then \"%s\" 50 "
			    "times: %zu bytes more on the heap",
			    cases[i].rows, cases[i].height, cases[i].keys,
			    cases[i].again, heap_in_use() - at);
		close_list(&l, &m);
	}
}

static const struct test tests[] = {
	T(the_first_window_is_the_first_rows_with_the_first_selected),
	T(moves_pages_and_ends_land_where_a_pager_would),
	T(each_list_action_says_whether_the_screen_changed),
	T(a_reload_keeps_the_selected_row_at_its_place_on_screen),
	T(a_reload_near_the_end_fills_the_window_from_above),
	T(a_reload_after_the_selected_row_went_keeps_its_place_on_screen),
	T(a_reload_selects_the_gone_rows_neighbour_when_the_window_shifts),
	T(a_reload_of_an_emptied_list_shows_the_rows_that_come_back),
	T(a_new_height_keeps_the_selected_row_on_screen),
	T(regression_shrinking_past_the_selection_keeps_the_selected_row),
	T(the_same_height_again_reads_nothing),
	T(a_search_finds_the_next_match_after_the_selected_row),
	T(search_next_and_prev_go_on_from_the_selected_row),
	T(a_source_with_only_match_is_searched_a_window_at_a_time),
	T(a_search_needs_text_rows_and_a_searchable_source),
	T(a_search_that_fails_keeps_the_window_and_says_why),
	T(tags_are_set_toggled_and_cleared_by_key),
	T(many_tags_stay_sorted_and_are_each_found),
	T(an_empty_list_takes_every_action_and_selects_nothing),
	T(a_list_that_cannot_be_read_keeps_the_error_and_stays_usable),
	T(a_move_that_cannot_read_keeps_the_window_and_the_selection),
	T(a_count_that_fails_is_unknown_until_one_works),
	T(a_reload_after_one_that_could_not_read_comes_back_to_the_selected_row),
	T(a_long_session_leaves_nothing_on_the_heap),
	T(regression_an_empty_fetch_array_is_freed),
};

TEST_MAIN(tests)
