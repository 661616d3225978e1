/*
 * Unit tests for tui/console/tab.c, the layer under every list tab:
 * search and n/N up to the ends, tag and tag-then-move, tag by pattern,
 * untag all, the filter, opening and scrolling the detail, and which
 * shared commands a tab takes. The tab is in memory (rows 1..N named
 * "row N", odd or even) with a filter of its own ("odd", "even"); the
 * prompts are answered by keys through the real prompt. Nothing is
 * drawn: no terminal.
 */
#include "test.h"

#include <stdbool.h>

#include "tui/console/console.h"
#include "tui/console/prompt.h"
#include "tui/console/tab.h"
#include "tui/config/config.h"

/* ---- An in-memory tab ---------------------------------------------------- */

#define MEM_MAX		100

struct mem {
	struct tab	 tab;		/* first, as tab_close wants it */
	int		 n;		/* rows 1..n */
	int		 parity;	/* the filter: -1 none, 0 even, 1 odd */
	int		 moved;		/* ops->moved calls */
	int		 filters;	/* ops->filter calls that took */
	int		 reloads;	/* ops->reload calls */
	int		 own;		/* ops->action calls */
	bool		*freed;		/* set by ops->free */
};

struct row {
	int		 id;
	char		 name[16];	/* "row 7" */
};

static bool
shown(const struct mem *m, int id)
{
	return m->parity < 0 || id % 2 == m->parity;
}

static int
mem_fetch(void *arg, const void *anchor, enum cache_dir dir, size_t limit,
    void ***rows, size_t *n, char **cause)
{
	struct mem *m = arg;
	const struct row *a = anchor;
	struct row *r;
	void **v, *t;
	size_t k = 0, i;
	int id, step = dir == CACHE_FORWARD ? 1 : -1;

	(void)cause;
	v = xreallocarray(NULL, limit > 0 ? limit : 1, sizeof *v);
	id = a != NULL ? a->id + step : dir == CACHE_FORWARD ? 1 : m->n;
	for (; id >= 1 && id <= m->n && k < limit; id += step) {
		if (!shown(m, id))
			continue;
		r = xmalloc(sizeof *r);
		r->id = id;
		snprintf(r->name, sizeof r->name, "row %d", id);
		v[k++] = r;
	}
	if (dir == CACHE_BACKWARD)
		for (i = 0; i < k / 2; i++) {
			t = v[i];
			v[i] = v[k - 1 - i];
			v[k - 1 - i] = t;
		}
	*rows = v;
	*n = k;
	return CACHE_OK;
}

static bool
mem_match(const void *row, const char *text)
{
	return tab_contains(((const struct row *)row)->name, text);
}

static void
mem_key(const void *row, char *buf)
{
	snprintf(buf, LIST_KEY_MAX, "%d", ((const struct row *)row)->id);
}

static void
mem_draw(void *arg, struct app *app, const void *row, int y, int x, int cols,
    enum ui_role base)
{
	(void)arg, (void)app, (void)row, (void)y, (void)x, (void)cols;
	(void)base;
	TEST_FAIL("a test drew a row");
}

static const struct list_source mem_source = {
	.fetch = mem_fetch,
	.match = mem_match,
	.free_row = free,
	.key = mem_key,
	.draw = mem_draw,
};

/* "odd", "even" or nothing; anything else is refused. */
static int
mem_filter(void *arg, struct app *app, const char *text)
{
	struct mem *m = arg;
	int parity;

	if (text == NULL || *text == '\0')
		parity = -1;
	else if (strcmp(text, "odd") == 0)
		parity = 1;
	else if (strcmp(text, "even") == 0)
		parity = 0;
	else {
		app_error(app, "Filter: \"%s\" is neither odd nor even", text);
		return UI_REDRAW;
	}
	m->parity = parity;
	free(m->tab.filter);
	m->tab.filter = parity >= 0 ? xstrdup(text) : NULL;
	m->filters++;
	list_restart(&m->tab.list);
	return UI_REDRAW;
}

/* Tags the rows whose id ends in the digit typed. */
static int
mem_tag_pattern(void *arg, struct app *app, const char *text)
{
	struct mem *m = arg;
	char key[LIST_KEY_MAX];
	int id;

	(void)app;
	for (id = 1; id <= m->n; id++)
		if (shown(m, id) && text[0] != '\0' && id % 10 == text[0] - '0') {
			snprintf(key, sizeof key, "%d", id);
			list_tag_set(&m->tab.list, key, true);
		}
	return UI_REDRAW;
}

static void
mem_moved(void *arg)
{
	((struct mem *)arg)->moved++;
}

static const char *const all_commands[] = {
	"filter", "search", "tag-pattern", "untag-all", "other", NULL,
};

static const struct view full_view = {
	.name = "rows",
	.title = "Rows",
	.noun = "row",
	.prompt_mode = APP_COMPLETE_WHOLE,
	.commands = all_commands,
	.filter_label = "Filter: ",
	.tag_pattern_label = "Tag rows matching: ",
};

static const struct tab_filter mem_filters = {
	.set = mem_filter,
	.tag = mem_tag_pattern,
};

static const struct tab_ops full_ops = {
	.source = &mem_source,
	.filter = &mem_filters,
	.moved = mem_moved,
};

/* A tab with neither filter nor pattern nor commands (the Outbox's),
 * whose backend the profile may lack. */
static struct config_profile profile = {
	.name = "test",
	.payments = { .url = "http://127.0.0.1:1" },
};

/* Its own action: move-down is taken before the list's. */
static int
mem_action(void *arg, struct app *a, enum action act)
{
	struct mem *m = arg;

	(void)a;
	if (act != ACT_MOVE_DOWN)
		return UI_IGNORED;
	m->own++;
	return UI_HANDLED;
}

static void
mem_reload(void *arg, struct app *a)
{
	struct mem *m = arg;

	(void)a;
	m->reloads++;
	m->n--;			/* the last row went */
}

static void
mem_free(void *arg)
{
	struct mem *m = arg;

	*m->freed = true;
}

static const struct view view_view = {
	.name = "rows",
	.title = "Rows",
	.backend = VIEW_BACKEND_PAYMENTS,
	.noun = "row",
};

static const struct tab_ops view_ops = {
	.source = &mem_source,
	.moved = mem_moved,
	.action = mem_action,
	.reload = mem_reload,
	.free = mem_free,
};

static const struct view bare_view = {
	.name = "rows",
	.title = "Rows",
	.noun = "row",
};

static const struct tab_ops bare_ops = {
	.source = &mem_source,
};

static struct app app;
static struct app_priv priv;

static void
mem_open(struct mem *m, const struct view *v, const struct tab_ops *ops, int n,
    int height)
{
	memset(m, 0, sizeof *m);
	memset(&app, 0, sizeof app);
	memset(&priv, 0, sizeof priv);
	app.priv = &priv;
	app.keymap = keymap_new_default();
	app.profile = &profile;
	profile.payments.url = "http://127.0.0.1:1";
	m->n = n;
	m->parity = -1;
	tab_init(&m->tab, v, ops, &app);
	list_set_height(&m->tab.list, height);
}

static void
mem_close(struct mem *m)
{
	list_free(&m->tab.list);
	pane_free(&m->tab.pane);
	free(m->tab.filter);
	prompt_free(&priv.prompt);
	prompt_free(&priv.next_prompt);
	keymap_free(&app.keymap);
}

static int
sel(const struct mem *m)
{
	const struct row *r = list_selected(&m->tab.list);

	return r != NULL ? r->id : 0;
}

static int
act(struct mem *m, enum action a)
{
	priv.msg[0] = '\0';
	return tab_action(&m->tab, &app, a);
}

/* Answers the open prompt: text typed after what it holds, then Enter. */
static int
answer(const char *text)
{
	bool done = false;
	int r = 0;

	if (priv.prompt == NULL) {
		TEST_FAIL("no prompt is open to answer \"%s\"", text);
		return 0;
	}
	for (; *text != '\0'; text++)
		r |= prompt_key(priv.prompt, &app, keymap_key_canon(*text),
		    (uint32_t)*text, &done);
	r |= prompt_key(priv.prompt, &app, keymap_key_canon('\r'), '\r', &done);
	if (!done)
		TEST_FAIL("Enter did not finish the prompt");
	prompt_free(&priv.prompt);
	return r;
}

/* A command line: "filter odd" as argv. */
static int
command(struct mem *m, const char *line)
{
	char *copy = xstrdup(line), *argv[8], *s = copy;
	int argc = 0, r;

	while (argc < 8 && (argv[argc] = strsep(&s, " ")) != NULL)
		argc++;
	priv.msg[0] = '\0';
	r = tab_command(&m->tab, &app, argc, argv);
	free(copy);
	return r;
}

/* ---- Tests ----------------------------------------------------------------- */

static void
a_search_goes_forward_from_the_selection_and_n_and_N_go_on(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 40, 10);
	CHECK_INT(act(&m, ACT_SEARCH), UI_REDRAW);
	answer("3");		/* row 3 */
	CHECK_INT(sel(&m), 3);
	CHECK(m.moved > 0);
	CHECK_INT(act(&m, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_INT(sel(&m), 13);
	CHECK_INT(act(&m, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_INT(sel(&m), 23);
	CHECK_INT(act(&m, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_INT(sel(&m), 13);
	CHECK_INT(act(&m, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_INT(sel(&m), 3);
	mem_close(&m);
}

static void
a_search_stops_at_either_end_and_says_so(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 40, 10);
	CHECK_INT(tab_search(&m.tab, &app, "row 39"), UI_REDRAW);
	CHECK_INT(sel(&m), 39);
	/* The list does not wrap: past the last match is an error. */
	CHECK_INT(act(&m, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_STR(priv.msg, "Search: no more matches");
	CHECK(priv.msg_error);
	CHECK_INT(sel(&m), 39);
	CHECK_INT(act(&m, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_STR(priv.msg, "Search: no more matches");
	CHECK_INT(tab_search(&m.tab, &app, "row 7"), UI_REDRAW);
	CHECK_STR(priv.msg, "Search: no row after this one matches \"row 7\"");
	CHECK_INT(sel(&m), 39);
	CHECK_INT(act(&m, ACT_TOP), UI_REDRAW);
	CHECK_INT(act(&m, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_STR(priv.msg, "Search: no more matches");
	CHECK_INT(sel(&m), 1);
	mem_close(&m);
}

static void
n_before_any_search_says_there_is_none_yet(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 5, 10);
	CHECK_INT(act(&m, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_STR(priv.msg, "No search yet: / searches");
	CHECK_INT(act(&m, ACT_SEARCH_PREV), UI_REDRAW);
	CHECK_STR(priv.msg, "No search yet: / searches");
	/* An empty search is no search. */
	CHECK_INT(tab_search(&m.tab, &app, ""), UI_REDRAW);
	CHECK_INT(act(&m, ACT_SEARCH_NEXT), UI_REDRAW);
	CHECK_STR(priv.msg, "No search yet: / searches");
	mem_close(&m);
}

static void
tag_toggles_the_selected_row_then_moves_down(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 5, 10);
	CHECK_INT(act(&m, ACT_TAG), UI_REDRAW);
	CHECK(list_tagged(&m.tab.list, "1"));
	CHECK_INT(sel(&m), 2);
	CHECK_INT(act(&m, ACT_TAG), UI_REDRAW);
	CHECK_INT(m.tab.list.ntags, 2);
	CHECK_INT(act(&m, ACT_MOVE_UP), UI_REDRAW);
	CHECK_INT(act(&m, ACT_TAG), UI_REDRAW);
	CHECK(!list_tagged(&m.tab.list, "2"));
	CHECK_INT(m.tab.list.ntags, 1);
	/* At the last row the tag is set and the selection stays. */
	CHECK_INT(act(&m, ACT_BOTTOM), UI_REDRAW);
	CHECK_INT(act(&m, ACT_TAG), UI_REDRAW);
	CHECK(list_tagged(&m.tab.list, "5"));
	CHECK_INT(sel(&m), 5);
	mem_close(&m);
}

static void
tag_by_pattern_and_untag_all_go_through_the_tab(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 30, 10);
	CHECK_INT(act(&m, ACT_TAG_PATTERN), UI_REDRAW);
	answer("4");
	CHECK_INT(m.tab.list.ntags, 3);	/* 4, 14, 24 */
	CHECK(list_tagged(&m.tab.list, "14"));
	CHECK_INT(command(&m, "tag-pattern 5"), UI_REDRAW);
	CHECK_INT(m.tab.list.ntags, 6);
	CHECK_INT(command(&m, "untag-all"), UI_REDRAW);
	CHECK_INT(m.tab.list.ntags, 0);
	CHECK_STR(priv.msg, "No row is tagged now");
	mem_close(&m);
}

static void
the_filter_narrows_the_list_and_a_bad_one_keeps_the_last(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 10, 10);
	CHECK_INT(act(&m, ACT_FILTER), UI_REDRAW);
	answer("odd");
	CHECK_STR(m.tab.filter, "odd");
	CHECK_INT(sel(&m), 1);
	CHECK_INT(act(&m, ACT_MOVE_DOWN), UI_REDRAW);
	CHECK_INT(sel(&m), 3);
	/* The prompt starts from the filter in force: Enter keeps it. */
	CHECK_INT(act(&m, ACT_FILTER), UI_REDRAW);
	answer("");
	CHECK_STR(m.tab.filter, "odd");
	CHECK_INT(m.filters, 2);
	CHECK_INT(command(&m, "filter prime"), UI_REDRAW);
	CHECK(priv.msg_error);
	CHECK_STR(m.tab.filter, "odd");
	CHECK_INT(m.filters, 2);
	CHECK_INT(command(&m, "filter even"), UI_REDRAW);
	CHECK_INT(sel(&m), 2);
	/* No words: no filter. */
	CHECK_INT(command(&m, "filter"), UI_REDRAW);
	CHECK_STR(m.tab.filter, NULL);
	CHECK_INT(m.tab.list.n, 10);
	mem_close(&m);
}

static void
a_tab_without_filter_or_pattern_leaves_those_keys_and_commands(void)
{
	struct mem m;

	mem_open(&m, &bare_view, &bare_ops, 10, 10);
	CHECK_INT(act(&m, ACT_FILTER), UI_IGNORED);
	CHECK_INT(act(&m, ACT_TAG_PATTERN), UI_IGNORED);
	CHECK(priv.prompt == NULL);
	/* Its commands list is empty: the shared ones are not its own. */
	CHECK_INT(command(&m, "filter odd"), UI_IGNORED);
	CHECK_INT(command(&m, "search row"), UI_IGNORED);
	CHECK_INT(command(&m, "untag-all"), UI_IGNORED);
	CHECK_INT(act(&m, ACT_SEARCH), UI_REDRAW);
	answer("row 5");
	CHECK_INT(sel(&m), 5);
	mem_close(&m);
}

static void
only_the_shared_commands_are_run_by_the_layer(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 10, 10);
	CHECK_INT(command(&m, "other"), UI_IGNORED);	/* listed, not shared */
	CHECK_INT(command(&m, "nothing"), UI_IGNORED);
	CHECK_INT(command(&m, "search row 4"), UI_REDRAW);
	CHECK_INT(sel(&m), 4);
	mem_close(&m);
}

static void
open_focuses_the_detail_only_with_a_row_unless_it_has_more(void)
{
	static const struct view open_empty_view = {
		.name = "rows",
		.title = "Rows",
		.noun = "row",
		.open_empty = true,
	};
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 0, 10);
	CHECK_INT(act(&m, ACT_OPEN), UI_HANDLED);
	CHECK_INT(app.focus, UI_FOCUS_LIST);
	mem_close(&m);
	mem_open(&m, &open_empty_view, &full_ops, 0, 10);
	CHECK_INT(act(&m, ACT_OPEN), UI_REDRAW);
	CHECK_INT(app.focus, UI_FOCUS_DETAIL);
	mem_close(&m);
	mem_open(&m, &full_view, &full_ops, 3, 10);
	CHECK_INT(act(&m, ACT_OPEN), UI_REDRAW);
	CHECK_INT(app.focus, UI_FOCUS_DETAIL);
	mem_close(&m);
}

static void
the_detail_scrolls_within_its_lines_while_it_has_the_focus(void)
{
	struct mem m;

	mem_open(&m, &full_view, &full_ops, 5, 10);
	/* What the last frame drew: 25 lines in a pane 10 high. */
	m.tab.pane.lines = 25;
	m.tab.pane.height = 10;
	CHECK_INT(act(&m, ACT_MOVE_DOWN), UI_REDRAW);
	CHECK_INT(sel(&m), 2);		/* the list has the focus */
	CHECK_INT(m.tab.pane.top, 0);
	app.focus = UI_FOCUS_DETAIL;
	CHECK_INT(act(&m, ACT_MOVE_DOWN), UI_REDRAW);
	CHECK_INT(m.tab.pane.top, 1);
	CHECK_INT(sel(&m), 2);
	CHECK_INT(act(&m, ACT_BOTTOM), UI_REDRAW);
	CHECK_INT(m.tab.pane.top, 15);
	CHECK_INT(act(&m, ACT_MOVE_DOWN), UI_REDRAW);
	CHECK_INT(m.tab.pane.top, 15);
	CHECK_INT(act(&m, ACT_PAGE_UP), UI_REDRAW);
	CHECK_INT(m.tab.pane.top, 6);
	CHECK_INT(act(&m, ACT_PAGE_UP), UI_REDRAW);
	CHECK_INT(m.tab.pane.top, 0);
	CHECK_INT(act(&m, ACT_MOVE_UP), UI_REDRAW);
	CHECK_INT(m.tab.pane.top, 0);
	/* n still moves the list. */
	CHECK_INT(tab_search(&m.tab, &app, "row 4"), UI_REDRAW);
	CHECK_INT(sel(&m), 4);
	mem_close(&m);
}

static void
the_view_functions_run_the_tabs_hooks_around_the_shared_ones(void)
{
	struct mem *m = xcalloc(1, sizeof *m);
	void *state = m;
	bool freed = false;

	mem_open(m, &view_view, &view_ops, 5, 10);
	m->freed = &freed;
	/* Its own actions first, then the shared ones. */
	CHECK_INT(tab_view_action(state, &app, ACT_MOVE_DOWN), UI_HANDLED);
	CHECK_INT(m->own, 1);
	CHECK_INT(sel(m), 1);
	CHECK_INT(tab_view_action(state, &app, ACT_BOTTOM), UI_REDRAW);
	CHECK_INT(sel(m), 5);
	/* A reload runs the hook, then reads the rows again. */
	CHECK_INT(act(m, ACT_TOP), UI_REDRAW);
	m->moved = 0;
	tab_reload(state, &app);
	CHECK_INT(m->reloads, 1);
	CHECK_INT(m->tab.list.n, 4);
	CHECK_INT(sel(m), 1);
	CHECK(m->moved > 0);
	/* Without its backend the tab reads nothing and takes no key. */
	profile.payments.url = NULL;
	tab_reload(state, &app);
	CHECK_INT(m->reloads, 1);
	CHECK_INT(tab_view_action(state, &app, ACT_BOTTOM), UI_IGNORED);
	CHECK_INT(sel(m), 1);
	/* Close frees what the tab holds (its hook, then the layer's parts:
	 * the filter's text here, which the leak check would see), then the
	 * state. */
	m->tab.filter = xstrdup("odd");
	prompt_free(&priv.prompt);
	keymap_free(&app.keymap);
	tab_close(&state);
	CHECK(freed);
	CHECK(state == NULL);
}

/* A view's : command refuses the shared ones it lists while the profile
 * lacks its backend, and runs them once it has it. */
static void
a_views_commands_wait_for_its_backend(void)
{
	static const char *const commands[] = { "search", NULL };
	static const struct view v = {
		.name = "rows",
		.title = "Rows",
		.backend = VIEW_BACKEND_PAYMENTS,
		.noun = "row",
		.commands = commands,
	};
	struct mem m;
	char *argv[] = { "search", "row", "7" };

	mem_open(&m, &v, &full_ops, 10, 10);
	profile.payments.url = NULL;
	priv.msg[0] = '\0';
	CHECK_INT(tab_view_command(&m, &app, 3, argv), UI_REDRAW);
	CHECK_STR(priv.msg, "Rows are not configured for this profile: see "
	    "tdesk.conf(5)");
	CHECK(priv.msg_error);
	CHECK_INT(sel(&m), 1);
	/* Not one it lists: not the layer's to refuse. */
	argv[0] = "other";
	CHECK_INT(tab_view_command(&m, &app, 3, argv), UI_IGNORED);
	argv[0] = "search";
	profile.payments.url = "http://127.0.0.1:1";
	CHECK_INT(tab_view_command(&m, &app, 3, argv), UI_REDRAW);
	CHECK_INT(sel(&m), 7);
	mem_close(&m);
}

static const struct test tests[] = {
	T(a_views_commands_wait_for_its_backend),
	T(a_search_goes_forward_from_the_selection_and_n_and_N_go_on),
	T(a_search_stops_at_either_end_and_says_so),
	T(n_before_any_search_says_there_is_none_yet),
	T(tag_toggles_the_selected_row_then_moves_down),
	T(tag_by_pattern_and_untag_all_go_through_the_tab),
	T(the_filter_narrows_the_list_and_a_bad_one_keeps_the_last),
	T(a_tab_without_filter_or_pattern_leaves_those_keys_and_commands),
	T(only_the_shared_commands_are_run_by_the_layer),
	T(open_focuses_the_detail_only_with_a_row_unless_it_has_more),
	T(the_detail_scrolls_within_its_lines_while_it_has_the_focus),
	T(the_view_functions_run_the_tabs_hooks_around_the_shared_ones),
};

TEST_MAIN(tests)
