/*
 * The Incidents tab: the Statuspage incidents the cache holds, unresolved
 * first, with when the next update is due; the selected incident's
 * updates and affected components, and every component's status below.
 * Read-only for now (posting updates is a later change).
 */
#include "tui/console/ui.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/tab.h"
#include "cache/query.h"
#include "tui/text/timefmt.h"
#include "tui/views/views.h"

#define COMPONENTS_MAX	500	/* components listed below the detail */

/* A list row: the incident, and where it is in the list (incidents are
 * read by offset). */
struct incident_item {
	struct incident_row *row;	/* a 1-element array */
	size_t		 offset;
};

/* Column widths for a list cols wide; the name takes what is left. */
struct incident_cols {
	int		 status, impact, name, updated, due;
};

struct incidents_view {
	struct tab	 tab;		/* first: the list, pane and detail
					 * the tab layer keeps */
	struct incident_cols cols;	/* the columns of this frame */
	struct component_row *components;	/* every component, page order */
	size_t		 ncomponents;
};

/* A component's status in the colour it deserves. */
static enum ui_role
component_role(const char *status)
{
	if (status == NULL)
		return UI_DIM;
	if (strcmp(status, "operational") == 0)
		return UI_GOOD;
	if (strcmp(status, "partial_outage") == 0 ||
	    strcmp(status, "major_outage") == 0)
		return UI_ERROR;
	return UI_WARN;
}

/* Unresolved incidents in the error colour, scheduled maintenance in the
 * warning one, the rest dim. */
static enum ui_role
status_role(const struct incident_row *r)
{
	static const char *const maintenance[] = {
		"scheduled", "in_progress", "verifying",
	};
	size_t i;

	if (r->resolved)
		return UI_DIM;
	for (i = 0; i < sizeof maintenance / sizeof maintenance[0]; i++)
		if (r->status != NULL && strcmp(r->status, maintenance[i]) == 0)
			return UI_WARN;
	return UI_ERROR;
}

/* When the next update is due: "in 12 min", "5 min late", "-". */
static const char *
due_text(const struct incident_row *r, int64_t now, char *buf, size_t size,
    enum ui_role *role)
{
	char age[24];

	*role = UI_DIM;
	if (r->resolved || r->next_update_due == 0)
		return "-";
	timefmt_age(r->next_update_due, now, age, sizeof age);
	if (r->next_update_due >= now) {
		snprintf(buf, size, "%s", age);
		*role = r->next_update_due - now < 600 ? UI_WARN : UI_NORMAL;
	} else {
		snprintf(buf, size, "%s late", age);
		*role = UI_ERROR;
	}
	return buf;
}

/* ---- The list source ------------------------------------------------------------ */

static struct incident_item *
item_new(const struct incident_row *r, size_t offset)
{
	struct incident_item *it = xmalloc(sizeof *it);

	it->row = xmalloc(sizeof *it->row);
	*it->row = *r;
	it->offset = offset;
	return it;
}

static void
src_free(void *row)
{
	struct incident_item *it = row;

	cache_incident_rows_free(&it->row, 1);
	free(it);
}

/* n rows from offset, each an item of its own. */
static int
window(struct incidents_view *st, size_t offset, size_t limit, void ***out,
    size_t *n, char **cause)
{
	struct incident_row *rows = NULL;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (limit == 0)
		return CACHE_OK;
	if ((rc = cache_incidents_window(st->tab.app->cache, offset, limit, &rows, n,
	    cause)) != CACHE_OK)
		return rc;
	if (*n > 0)
		*out = xreallocarray(NULL, *n, sizeof **out);
	for (i = 0; i < *n; i++)
		(*out)[i] = item_new(&rows[i], offset + i);
	free(rows);		/* the rows' strings moved to the items */
	return CACHE_OK;
}

static int
src_count(void *arg, int64_t *count, char **cause)
{
	struct incidents_view *st = arg;

	return cache_incidents_count(st->tab.app->cache, count, cause);
}

static int
src_fetch(void *arg, const void *anchor, enum cache_dir dir, size_t limit,
    void ***out, size_t *n, char **cause)
{
	struct incidents_view *st = arg;
	const struct incident_item *a = anchor;
	size_t end;
	int64_t total;
	int rc;

	if (dir == CACHE_FORWARD)
		return window(st, a != NULL ? a->offset + 1 : 0, limit, out, n,
		    cause);
	if (a != NULL)
		end = a->offset;
	else {
		if ((rc = src_count(arg, &total, cause)) != CACHE_OK)
			return rc;
		end = (size_t)total;
	}
	return window(st, end > limit ? end - limit : 0, end > limit ? limit :
	    end, out, n, cause);
}

static void
src_key(const void *row, char *buf)
{
	const struct incident_item *it = row;

	snprintf(buf, LIST_KEY_MAX, "%s", it->row->id != NULL ? it->row->id :
	    "");
}

static bool
src_match(const void *row, const char *text)
{
	const struct incident_item *it = row;

	return tab_contains(it->row->name, text) ||
	    tab_contains(it->row->status, text) ||
	    tab_contains(it->row->impact, text) ||
	    tab_contains(it->row->id, text);
}


static void
columns(int cols, struct incident_cols *c)
{
	int over;

	c->status = 13;
	c->impact = cols >= 110 ? 11 : 8;
	c->updated = 7;
	c->due = 12;
	/* The tag marker, then each cell and a space; 20 for the name. */
	over = 1 + c->status + 1 + c->impact + 1 + c->updated + 1 + c->due +
	    1 + 20 - cols;
	pane_drop(&c->updated, &over);
	pane_shrink(&c->status, 10, &over);
	pane_drop(&c->impact, &over);
	c->name = 20 - over > 0 ? 20 - over : 0;
}

static void
src_draw(void *arg, struct app *app, const void *row, int y, int x, int cols,
    enum ui_role base)
{
	struct incidents_view *st = arg;
	const struct incident_cols *c = &st->cols;
	const struct incident_row *r = ((const struct incident_item *)row)->row;
	enum ui_role role;
	char age[48];
	const char *due;
	int right = x + cols;

	pane_cell(y, &x, right, c->status, r->status, base != UI_NORMAL ? base :
	    status_role(r));
	pane_cell(y, &x, right, c->impact, r->impact, base != UI_NORMAL ? base :
	    r->resolved ? UI_DIM : UI_NORMAL);
	pane_cell(y, &x, right, c->name, r->name, base);
	timefmt_age(r->updated_at, app->now, age, sizeof age);
	pane_cell_label(y, &x, right, c->updated, r->updated_at != 0 ? age : "-",
	    true, base == UI_NORMAL ? UI_DIM : base);
	due = due_text(r, app->now, age, sizeof age, &role);
	pane_cell_label(y, &x, right, c->due, due, true, base == UI_NORMAL ? role :
	    base);
}

static TAB_SOURCE(incidents_source, .match = src_match);

/* The column titles over the rows, when the list has room for them. */
static void
titles_draw(void *arg, const struct ui_rect *l, bool titles)
{
	struct incidents_view *st = arg;
	const struct incident_cols *c = &st->cols;
	int y = l->y, x, right = l->x + l->w;

	columns(l->w, &st->cols);
	if (!titles)
		return;
	pane_titles_begin(l, &x);
	pane_cell_label(y, &x, right, c->status, "STATUS", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->impact, "IMPACT", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->name, "NAME", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->updated, "UPDATED", true, UI_LABEL);
	pane_cell_label(y, &x, right, c->due, "NEXT UPDATE", true, UI_LABEL);
}

/* ---- The detail pane ------------------------------------------------------------- */

/* A component's name and status: "  API               major_outage". */
static void
pane_component(struct pane *p, const struct component_row *c)
{
	int y = pane_row(p), nw = p->r.w / 2;

	if (y >= 0 && p->r.w > 4) {
		ui_text(y, p->r.x + 2, nw - 3, c->name, UI_NORMAL);
		ui_text(y, p->r.x + nw, p->r.w - nw, c->status,
		    component_role(c->status));
	}
	p->line++;
}

/* The detail cache's reading and clearing (tab.h). */
TAB_DETAIL(incident_detail, struct incident_detail, cache_incident_get,
    cache_incident_detail_clear, "Incident", false);

static void
detail_incident(struct pane *p, struct app *app, const struct incident_detail *d)
{
	const struct incident_row *r = &d->row;
	char buf[320], t[160];
	enum ui_role role;
	size_t i;

	pane_wrap(p, NULL, 1, r->name, UI_HEADER);
	pane_field(p, "Status", r->status, r->resolved ? UI_GOOD :
	    status_role(r));
	pane_field(p, "Impact", r->impact, UI_NORMAL);
	pane_field(p, "Started", pane_when(app, r->created_at, t, sizeof t),
	    UI_NORMAL);
	pane_field(p, "Updated", pane_when(app, r->updated_at, t, sizeof t),
	    UI_NORMAL);
	if (r->resolved_at != 0)
		pane_field(p, "Resolved", pane_when(app, r->resolved_at, t, sizeof t),
		    UI_NORMAL);
	if (!r->resolved && r->next_update_due != 0) {
		(void)due_text(r, app->now, buf, sizeof buf, &role);
		pane_field(p, "Next update", pane_when(app, r->next_update_due, t,
		    sizeof t), role == UI_ERROR ? UI_ERROR : UI_NORMAL);
	}
	if (d->ncomponents > 0) {
		pane_blank(p);
		pane_label(p, 1, "Affected components", UI_HEADER);
	}
	for (i = 0; i < d->ncomponents; i++)
		pane_component(p, &d->components[i]);
	pane_blank(p);
	snprintf(buf, sizeof buf, "Updates, newest first (%zu)", d->nupdates);
	pane_label(p, 1, d->nupdates > 0 ? buf : "No update posted yet",
	    UI_HEADER);
	for (i = 0; i < d->nupdates; i++) {
		const struct incident_update_row *u = &d->updates[i];
		int64_t at = u->display_at != 0 ? u->display_at : u->created_at;

		if (i > 0)
			pane_blank(p);
		app_time(app, at, t, sizeof t);
		snprintf(buf, sizeof buf, "[%s] %s", u->status != NULL ?
		    u->status : "?", t);
		pane_text(p, 1, buf, UI_LABEL);
		pane_wrap(p, NULL, 3, u->body, UI_NORMAL);
	}
}

/* The selected incident's detail (when there is one: the tab layer
 * says why not), then every component: the tab's fill (tab.h). */
static void
detail_fill(void *arg, struct app *app, struct pane *p, const void *row,
    const void *detail)
{
	struct incidents_view *st = arg;
	size_t i;

	(void)row;
	if (detail != NULL)
		detail_incident(p, app, detail);
	pane_blank(p);
	pane_label(p, 1, st->ncomponents > 0 ? "All components" :
	    "No component is in the cache", UI_HEADER);
	for (i = 0; i < st->ncomponents; i++)
		pane_component(p, &st->components[i]);
}

/* ---- The view ---------------------------------------------------------------------- */

static void
incidents_free(void *arg)
{
	struct incidents_view *st = arg;

	cache_component_rows_free(&st->components, st->ncomponents);
}

/* The cache changed: every component's status below the detail is read
 * again (the tab layer reads the detail again). */
static void
incidents_reread(void *arg, struct app *app)
{
	struct incidents_view *st = arg;
	char *cause = NULL;

	cache_component_rows_free(&st->components, st->ncomponents);
	st->ncomponents = 0;
	if (cache_components_window(app->cache, 0, COMPONENTS_MAX,
	    &st->components, &st->ncomponents, &cause) != CACHE_OK) {
		st->ncomponents = 0;
		free(cause);
	}
}

const struct tab_ops incidents_tab = {
	TAB_STATE(struct incidents_view, &incidents_source, &incident_detail),
	.reload = incidents_reread,
	.free = incidents_free,
	.columns = titles_draw,
	.fill = detail_fill,
};

