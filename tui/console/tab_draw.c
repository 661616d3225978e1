/*
 * How a list tab is drawn: the part of the tab layer that needs the
 * screen, kept apart from tab.c so that the layer's logic is tested
 * without a terminal.
 */
#include "tui/console/tab.h"

#include <inttypes.h>
#include <stdio.h>

#include "tui/text/text.h"

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
	const struct view *v = t->view;
	char buf[96];
	int x = r->x, room, w;

	ui_clear(r, UI_HEADER);
	snprintf(buf, sizeof buf, " %s", v->title);
	x += ui_label(r->y, x, r->w, buf, UI_HEADER);
	if (!tab_configured(v, app))
		return;
	if (t->list.count >= 0) {
		snprintf(buf, sizeof buf, "%" PRId64 " %s%s", t->list.count,
		    v->noun, t->list.count == 1 ? "" : "s");
		part(r, &x, buf);
	}
	if (t->filter != NULL) {
		part(r, &x, "filter: ");
		/* The user's own text, but it may hold anything pasted. */
		room = r->x + r->w - x;
		x += ui_text(r->y, x, room > 40 ? 40 : room, t->filter,
		    UI_HEADER);
	}
	if (t->word[0] != '\0') {
		part(r, &x, "");
		room = r->x + r->w - x;
		w = text_width(t->word);
		x += ui_text(r->y, x, w < room ? w : room, t->word, UI_HEADER);
	}
	if (t->list.ntags > 0) {
		snprintf(buf, sizeof buf, "%zu tagged", t->list.ntags);
		part(r, &x, buf);
	}
	if (v->read_only)
		part(r, &x, "read-only");
}

/* The pane's fill for a tab: the selected row, its detail, or why there
 * is none; then the tab's own lines (tab.h). */
static void
fill(struct pane *p, void *arg)
{
	struct tab *t = arg;
	const struct view *v = t->view;
	const void *row = list_selected(&t->list), *detail = NULL;
	char key[LIST_KEY_MAX];
	const char *why = NULL;

	if (row != NULL) {
		t->list.src->key(row, key);
		pane_record(p, key);
		if (t->detail.kind != NULL && (detail = tab_detail_get(&t->detail,
		    t->app, key)) == NULL)
			why = v->gone;
	} else if (t->list.error != NULL)
		why = t->list.error;
	else
		why = t->filter != NULL && v->empty_filtered != NULL ?
		    v->empty_filtered : v->empty;
	if (why != NULL) {
		pane_label(p, 1, why, UI_DIM);
		if (!v->open_empty)
			return;
	}
	t->ops->fill(t, t->app, p, row, detail);
}

void
tab_draw(void *state, struct app *app, const struct ui_layout *lo)
{
	struct tab *t = state;
	struct ui_rect lr = lo->list;
	bool titles = lr.h > 2;	/* the column titles take a row */
	char what[64];

	header(t, app, &lo->header);
	snprintf(what, sizeof what, "%s are", t->view->title);
	if (!pane_frame(app, lo, what, tab_configured(t->view, app)))
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
