/*
 * How a list tab is drawn: the part of the tab layer that needs the
 * screen, kept apart from tab.c so that the layer's logic is tested
 * without a terminal.
 */
#include "tui/console/tab.h"

#include <inttypes.h>
#include <stdio.h>

/* " · text" in the header at *x, moving it. */
static void
part(const struct ui_rect *r, int *x, const char *text)
{
	char buf[128];

	snprintf(buf, sizeof buf, "%s%s", pane_dot(), text);
	*x += ui_label(r->y, *x, r->x + r->w - *x, buf, UI_HEADER);
}

static void
header(struct tab *t, struct app *app, const struct ui_rect *r)
{
	const struct tab_ops *ops = t->ops;
	char buf[96];
	int x = r->x;

	ui_clear(r, UI_HEADER);
	snprintf(buf, sizeof buf, " %s", ops->title);
	x += ui_label(r->y, x, r->w, buf, UI_HEADER);
	if (ops->configured != NULL && !ops->configured(app))
		return;
	if (t->list.count >= 0) {
		snprintf(buf, sizeof buf, "%" PRId64 " %s%s", t->list.count,
		    ops->noun, t->list.count == 1 ? "" : "s");
		part(r, &x, buf);
	}
	if (ops->header != NULL)
		ops->header(t, r, &x);
	if (t->list.ntags > 0) {
		snprintf(buf, sizeof buf, "%zu tagged", t->list.ntags);
		part(r, &x, buf);
	}
	if (ops->read_only)
		part(r, &x, "read-only");
}

/* The pane's fill for a tab: the selected row, its detail, or why there
 * is none; then the tab's own lines (tab.h). */
static void
fill(struct pane *p, void *arg)
{
	struct tab *t = arg;
	const struct tab_ops *ops = t->ops;
	const void *row = list_selected(&t->list), *detail = NULL;
	char key[LIST_KEY_MAX];
	const char *why = NULL;

	if (row != NULL) {
		t->list.src->key(row, key);
		pane_record(p, key);
		if (t->detail.kind != NULL && (detail = tab_detail_get(&t->detail,
		    t->app, key)) == NULL)
			why = ops->gone;
	} else if (t->list.error != NULL)
		why = t->list.error;
	else
		why = t->filter != NULL && ops->empty_filtered != NULL ?
		    ops->empty_filtered : ops->empty;
	if (why != NULL) {
		pane_label(p, 1, why, UI_DIM);
		if (!ops->open_empty)
			return;
	}
	ops->fill(t, t->app, p, row, detail);
}

void
tab_draw(void *state, struct app *app, const struct ui_layout *lo)
{
	struct tab *t = state;
	struct ui_rect lr = lo->list;
	bool titles = lr.h > 2;	/* the column titles take a row */
	char what[64];

	header(t, app, &lo->header);
	snprintf(what, sizeof what, "%s are", t->ops->title);
	if (!pane_frame(app, lo, what, t->ops->configured == NULL ||
	    t->ops->configured(app)))
		return;
	if (titles) {
		lr.y++;
		lr.h--;
	}
	list_set_height(&t->list, lr.h);
	t->ops->columns(t, &lo->list, titles);
	list_draw(&t->list, app, &lr, app->focus == UI_FOCUS_LIST);
	tab_draw_detail(t, app, lo);
}

void
tab_draw_detail(struct tab *t, struct app *app, const struct ui_layout *lo)
{
	if (lo->detail.h > 0 && lo->detail.w > 0)
		pane_show(&t->pane, &lo->detail, app->focus == UI_FOCUS_DETAIL,
		    fill, t);
}
