/*
 * The Tickets tab: the queues (built-in views and the configuration's),
 * a ticket list over the cache, and the ticket's detail: who asked, their
 * billing standing, linked payments and incidents, and the conversation.
 * The writes a ticket takes are in ticket_actions.c.
 */
#include "tui/views/view_tickets.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text/filter.h"
#include "tui/console/list.h"
#include "api/money.h"
#include "tui/console/pane.h"
#include "cache/query.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"
#include "tui/views/views.h"

/* Views every profile has, before the configuration's own. */
static const struct {
	const char	*name;
	const char	*filter;
} builtin_views[] = {
	{ "unassigned",	"status:new,open,pending,hold assignee:none" },
	{ "mine",	"status:new,open,pending,hold assignee:me" },
	{ "open",	"status:open" },
	{ "pending",	"status:pending" },
	{ "recent",	"updated>24h" },
	{ "all",	"" },
};
#define NBUILTIN (sizeof builtin_views / sizeof builtin_views[0])

/* View counts are refreshed at most this often: each is a count query,
 * up to 50 ms on a million tickets (make bench). */
#define COUNTS_EVERY_S	10
/* Comments shown in the detail: the latest ones. */
#define DETAIL_COMMENTS	200

size_t
tickets_nviews(const struct app *app)
{
	return NBUILTIN + app->cfg->nviews;
}

const char *
tickets_view_name(const struct app *app, size_t i)
{
	if (i < NBUILTIN)
		return builtin_views[i].name;
	return app->cfg->views[i - NBUILTIN].name;
}

static const char *
view_filter(const struct app *app, size_t i)
{
	if (i < NBUILTIN)
		return builtin_views[i].filter;
	return app->cfg->views[i - NBUILTIN].filter;
}

/* ---- The list source ---------------------------------------------------- */

static int
src_fetch(void *arg, const void *anchor, enum cache_dir dir, size_t limit,
    void ***rows, size_t *n, char **cause)
{
	struct tickets *t = arg;
	struct ticket_row *v = NULL;
	struct cache_key key;
	int r;

	if (anchor != NULL)
		key = cache_ticket_row_key(anchor);
	r = cache_tickets_window(t->tab.app->cache, &t->q, anchor != NULL ? &key :
	    NULL, dir, limit, &v, n, cause);
	return list_fetched(r, v, *n, sizeof *v, rows);
}

TAB_ROW_FREE(src_free, struct ticket_row, cache_ticket_rows_free)

static void
src_key(const void *row, char *buf)
{
	snprintf(buf, LIST_KEY_MAX, "%" PRId64, ((const struct ticket_row *)row)->id);
}

/* The query with the search words added to its own. */
static int
src_find(void *arg, const void *anchor, enum cache_dir dir, const char *text,
    void **row, char **cause)
{
	struct tickets *t = arg;
	struct ticket_query q = t->q;
	struct ticket_row *v = NULL;
	struct cache_key key;
	char *words = NULL;
	size_t n = 0;
	int r;

	*row = NULL;
	if (t->q.text != NULL && t->q.text[0] != '\0')
		words = xasprintf("%s %s", t->q.text, text);
	q.text = words != NULL ? words : text;
	if (anchor != NULL)
		key = cache_ticket_row_key(anchor);
	r = cache_tickets_window(t->tab.app->cache, &q, anchor != NULL ? &key :
	    NULL, dir, 1, &v, &n, cause);
	free(words);
	if (r != CACHE_OK)
		return r;
	if (n > 0)
		*row = v;	/* a 1-element array, freed by src_free */
	else
		free(v);
	return CACHE_OK;
}

static int
src_count(void *arg, int64_t *n, char **cause)
{
	struct tickets *t = arg;

	return cache_tickets_count(t->tab.app->cache, &t->q, n, cause);
}

/* "urg" "high" "norm" "low" "-". */
static const char *
short_priority(const char *p)
{
	if (p == NULL)
		return "-";
	if (strcmp(p, "urgent") == 0)
		return "urg";
	if (strcmp(p, "normal") == 0)
		return "norm";
	return p;
}

bool
tickets_changed_since_seen(const struct ticket_row *r)
{
	return r->seen_updated_at != 0 && r->updated_at > r->seen_updated_at;
}

static void
src_draw(void *arg, struct app *app, const void *row, int y, int x, int cols,
    enum ui_role base)
{
	const struct ticket_row *r = row;
	enum ui_role role;
	char id[24], age[32], when[40];
	int right = x + cols, listw = cols + 1;	/* with the tag marker */

	(void)arg;
	/* Markers: tagged, then with no space between, changed on the
	 * server since opened. */
	pane_cell(y, &x, right, 1, tickets_changed_since_seen(r) ? "*" : " ",
	    base == UI_NORMAL ? UI_WARN : base);
	snprintf(id, sizeof id, "%" PRId64, r->id);
	pane_cell(y, &x, right, 7, id, base == UI_NORMAL ? UI_DIM : base);
	role = base;
	if (base == UI_NORMAL && r->priority != NULL &&
	    strcmp(r->priority, "urgent") == 0)
		role = UI_ERROR;
	else if (base == UI_NORMAL && r->priority != NULL &&
	    strcmp(r->priority, "high") == 0)
		role = UI_WARN;
	pane_cell(y, &x, right, 4, short_priority(r->priority), role);
	pane_cell(y, &x, right, 7, r->status, base);
	if (r->due_at != 0) {
		timefmt_age(r->due_at, app->now, age, sizeof age);
		snprintf(when, sizeof when, "%s%s", r->due_at < app->now ?
		    "late " : "due ", r->due_at < app->now ? age : age + 3);
		role = base == UI_NORMAL ? (r->due_at < app->now ? UI_ERROR :
		    UI_WARN) : base;
	} else {
		timefmt_age(r->updated_at, app->now, when, sizeof when);
		role = base == UI_NORMAL ? UI_DIM : base;
	}
	pane_cell(y, &x, right, 9, when, role);
	if (listw >= 60)
		pane_cell(y, &x, right, listw >= 100 ? 18 : 14,
		    r->requester_name != NULL ? r->requester_name : "?", base);
	pane_cell(y, &x, right, right - x, r->subject != NULL ? r->subject :
	    "(no subject)", base);
}

TAB_SOURCE(tickets_list_source, .find = src_find);

/* ---- Views and filters -------------------------------------------------- */

/*
 * The query of view i narrowed by the typed filter. On a parse error the
 * query is left as it was and *cause says where.
 */
static int
compile(struct tickets *t, size_t view, const char *extra, char **cause)
{
	struct ticket_query q;
	struct filter_strings owned;
	char *c = NULL;

	memset(&q, 0, sizeof q);
	memset(&owned, 0, sizeof owned);
	if (filter_tickets(view_filter(t->tab.app, view), t->tab.app->me, t->tab.app->now,
	    &q, &owned, &c) != 0) {
		xcause(cause, "view %s: %s", tickets_view_name(t->tab.app, view), c);
		free(c);
		filter_strings_free(&owned);
		return -1;
	}
	if (extra != NULL && *extra != '\0' && filter_tickets(extra,
	    t->tab.app->me, t->tab.app->now, &q, &owned, &c) != 0) {
		xcause(cause, "filter: %s", c);
		free(c);
		filter_strings_free(&owned);
		return -1;
	}
	filter_strings_free(&t->owned);
	t->owned = owned;
	t->q = q;
	t->view = view;
	free(t->tab.filter);
	t->tab.filter = extra != NULL && *extra != '\0' ? xstrdup(extra) : NULL;
	return 0;
}

int
tickets_set_view(struct tickets *t, size_t view, const char *extra)
{
	char *cause = NULL;

	if (compile(t, view, extra, &cause) != 0) {
		app_error(t->tab.app, "%s", cause);
		free(cause);
		return UI_REDRAW;
	}
	t->me_compiled = t->tab.app->me;
	list_tags_clear(&t->tab.list);
	list_restart(&t->tab.list);
	t->counts_at = 0;
	tickets_detail_reset(t);
	return UI_REDRAW;
}

static void
update_counts(struct tickets *t)
{
	struct ticket_query q;
	struct filter_strings owned;
	char *cause = NULL;
	size_t i, n = tickets_nviews(t->tab.app);

	if (t->counts_at != 0 && t->tab.app->now - t->counts_at < COUNTS_EVERY_S)
		return;
	t->counts_at = t->tab.app->now;
	t->counts = xreallocarray(t->counts, n, sizeof *t->counts);
	for (i = 0; i < n; i++) {
		memset(&q, 0, sizeof q);
		memset(&owned, 0, sizeof owned);
		t->counts[i] = -1;
		if (filter_tickets(view_filter(t->tab.app, i), t->tab.app->me,
		    t->tab.app->now, &q, &owned, &cause) == 0 &&
		    cache_tickets_count(t->tab.app->cache, &q, &t->counts[i],
		    &cause) != CACHE_OK)
			t->counts[i] = -1;
		free(cause);
		cause = NULL;
		filter_strings_free(&owned);
	}
}

/* ---- Open, reload, close ------------------------------------------------ */

static const struct tab_ops tickets_tab;

void *
tickets_open(struct app *app, const struct view *v)
{
	struct tickets *t = xcalloc(1, sizeof *t);

	tab_init(&t->tab, v, &tickets_tab, app);
	/* The queue first-line support starts the day with: unassigned. */
	if (compile(t, 0, NULL, NULL) != 0)
		(void)compile(t, NBUILTIN - 1, NULL, NULL);
	t->me_compiled = app->me;
	return t;
}

static void
tickets_free(void *arg)
{
	struct tickets *t = arg;

	filter_strings_free(&t->owned);
	free(t->counts);
}

/* Before the rows are read again: "assignee:me" could not be compiled
 * before sync knew who "me" is. */
static void
tickets_recompile(void *arg, struct app *app)
{
	struct tickets *t = arg;
	char *cause = NULL;

	if (t->me_compiled == app->me)
		return;
	if (compile(t, t->view, t->tab.filter, &cause) != 0)
		free(cause);
	t->me_compiled = app->me;
}

/* ---- Drawing ------------------------------------------------------------- */

/*
 * The header: the tagged count and the typed filter at the right (they
 * matter before a ";" action, so they are never pushed off), the views
 * with their counts in what is left.
 */
static void
draw_header(struct tickets *t, const struct ui_rect *r)
{
	char buf[128], *extra = NULL, *clean;
	size_t i, n = tickets_nviews(t->tab.app);
	int x = r->x, end = r->x + r->w, ew = 0, w, room;

	update_counts(t);
	ui_clear(r, UI_HEADER);
	if (t->tab.list.ntags > 0 && t->tab.filter != NULL)
		extra = xasprintf("%zu tagged \xc2\xb7 filter: %s ", t->tab.list.ntags,
		    t->tab.filter);
	else if (t->tab.list.ntags > 0)
		extra = xasprintf("%zu tagged ", t->tab.list.ntags);
	else if (t->tab.filter != NULL)
		extra = xasprintf("filter: %s ", t->tab.filter);
	if (extra != NULL) {
		clean = text_sanitize_line(extra, TEXT_NUL, ui_utf8() ? 0 :
		    TEXT_ASCII);
		ew = text_width(clean) + 1;
		if (ew > r->w / 2)
			ew = r->w / 2;
		ui_text(r->y, end - ew + 1, ew - 1, clean, UI_WARN);
		end -= ew;
		free(clean);
		free(extra);
	}
	for (i = 0; i < n && x < end; i++) {
		if (t->counts[i] >= 0)
			snprintf(buf, sizeof buf, "%s %" PRId64,
			    tickets_view_name(t->tab.app, i), t->counts[i]);
		else
			snprintf(buf, sizeof buf, "%s",
			    tickets_view_name(t->tab.app, i));
		/* Config view names are the user's text: drawn sanitised. */
		clean = text_sanitize_line(buf, TEXT_NUL, ui_utf8() ? 0 :
		    TEXT_ASCII);
		w = text_width(clean);
		room = end - x;
		ui_label(r->y, x, room, " ", i == t->view ? UI_TAB_ACTIVE :
		    UI_HEADER);
		ui_text(r->y, x + 1, w < room - 1 ? w : room - 1, clean,
		    i == t->view ? UI_TAB_ACTIVE : UI_HEADER);
		if (x + 1 + w < end)
			ui_label(r->y, x + 1 + w, 1, " ", i == t->view ?
			    UI_TAB_ACTIVE : UI_HEADER);
		x += w + 2;
		free(clean);
	}
}

void
tickets_draw(void *state, struct app *app, const struct ui_layout *lo)
{
	struct tickets *t = state;

	draw_header(t, &lo->header);
	if (!pane_frame(app, lo, "Zendesk is",
	    app->profile->zendesk.url != NULL))
		return;
	list_set_height(&t->tab.list, lo->list.h);
	list_draw(&t->tab.list, app, &lo->list, lo->focus == UI_FOCUS_LIST);
	tickets_detail_draw(t, &lo->detail, lo->focus == UI_FOCUS_DETAIL);
}

/* ---- Keys and commands --------------------------------------------------- */

static int
on_filter(void *arg, struct app *app, const char *text)
{
	struct tickets *t = arg;

	(void)app;
	return tickets_set_view(t, t->view, text);
}

static int
on_view(struct app *app, void *arg, const char *text)
{
	struct tickets *t = arg;
	size_t i, n = tickets_nviews(app);

	for (i = 0; i < n; i++)
		if (strcmp(tickets_view_name(app, i), text) == 0)
			return tickets_set_view(t, i, NULL);
	app_error(app, "No view named \"%s\" (Tab completes the names)", text);
	return UI_REDRAW;
}

static char **
complete_view(struct app *app, void *arg, const char *line, int argi,
    const char *prefix)
{
	char **v = NULL;
	size_t i, n = 0, len = strlen(prefix);

	(void)arg;
	(void)line;
	if (argi != 0)
		return NULL;
	for (i = 0; i < tickets_nviews(app); i++) {
		if (strncmp(tickets_view_name(app, i), prefix, len) != 0)
			continue;
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = xstrdup(tickets_view_name(app, i));
		v[n] = NULL;
	}
	return v;
}

/* Tags every ticket matching the view and text, up to TAG_PATTERN_MAX. */
static int
on_tag_pattern(void *arg, struct app *app, const char *text)
{
	struct tickets *t = arg;
	struct ticket_query q = t->q;
	struct filter_strings owned;
	struct ticket_row *rows = NULL;
	struct cache_key key;
	char *cause = NULL, k[LIST_KEY_MAX];
	size_t n = 0, i, total = 0;
	bool more = true, have_key = false;

	memset(&owned, 0, sizeof owned);
	if (*text != '\0' && filter_tickets(text, app->me, app->now, &q, &owned,
	    &cause) != 0) {
		app_error(app, "Tag matching: %s", cause);
		free(cause);
		filter_strings_free(&owned);
		return UI_REDRAW;
	}
	while (more && total < TAG_PATTERN_MAX) {
		if (cache_tickets_window(app->cache, &q, have_key ? &key : NULL,
		    CACHE_FORWARD, 200, &rows, &n, &cause) != CACHE_OK) {
			app_error(app, "Tag matching: %s", cause);
			free(cause);
			break;
		}
		for (i = 0; i < n && total < TAG_PATTERN_MAX; i++, total++) {
			snprintf(k, sizeof k, "%" PRId64, rows[i].id);
			list_tag_set(&t->tab.list, k, true);
		}
		more = n == 200;
		if (n > 0) {
			key = cache_ticket_row_key(&rows[n - 1]);
			have_key = true;
		}
		cache_ticket_rows_free(&rows, n);
	}
	filter_strings_free(&owned);
	if (total >= TAG_PATTERN_MAX)
		app_message(app, "Tagged the first %d matching tickets (the most "
		    "one command tags); %zu tagged in all", TAG_PATTERN_MAX,
		    t->tab.list.ntags);
	else
		app_message(app, "Tagged %zu matching tickets; %zu tagged in all",
		    total, t->tab.list.ntags);
	return UI_REDRAW;
}

static int
on_open(void *arg, struct app *app)
{
	(void)app;
	return tickets_detail_open(arg);
}

static void
on_moved(void *arg)
{
	tickets_detail_reset(arg);
}

/* Its own actions; the shared ones are the tab layer's. */
static int
tickets_action(void *arg, struct app *app, enum action a)
{
	struct tickets *t = arg;
	size_t n = tickets_nviews(app);

	switch (a) {
	case ACT_VIEW_NEXT:
		return tickets_set_view(t, (t->view + 1) % n, NULL);
	case ACT_VIEW_PREV:
		return tickets_set_view(t, (t->view + n - 1) % n, NULL);
	case ACT_VIEW_PICK:
		app_prompt(app, &(struct app_prompt){
			.label = "View: ",
			.complete = complete_view,
			.complete_mode = APP_COMPLETE_WHOLE,
			.submit = on_view,
			.arg = t,
		});
		return UI_REDRAW;
	default:
		break;
	}
	return tickets_write_action(t, a);
}

static const struct tab_filter tickets_filter = {
	.set = on_filter,
	.tag = on_tag_pattern,
};

static const struct tab_ops tickets_tab = {
	.source = &tickets_list_source,
	.filter = &tickets_filter,
	.open = on_open,
	.moved = on_moved,
	.action = tickets_action,
	.reload = tickets_recompile,
	.free = tickets_free,
};

int
tickets_command(void *state, struct app *app, int argc, char **argv)
{
	struct tickets *t = state;
	int r;

	if (strcmp(argv[0], "view") == 0) {
		if (argc != 2) {
			app_error(app, "Usage: view NAME");
			return UI_REDRAW;
		}
		return on_view(app, t, argv[1]);
	}
	if ((r = tab_command(&t->tab, app, argc, argv)) != UI_IGNORED)
		return r;
	return tickets_write_command(t, argc, argv);
}

char **
tickets_complete(void *state, struct app *app, const char *cmd, int argi,
    const char *prefix)
{
	if (strcmp(cmd, "view") == 0 && argi == 1)
		return complete_view(app, state, cmd, 0, prefix);
	return tickets_write_complete(state, cmd, argi, prefix);
}
