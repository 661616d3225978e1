/*
 * The tab layer: the actions and commands every list tab shares, over
 * the tab's list widget and detail pane. No drawing here (see tab.h).
 */
#include "tui/console/tab.h"

#include <stdlib.h>
#include <string.h>

#include "tui/config/config.h"

bool
tab_contains(const char *s, const char *text)
{
	return s != NULL && strcasestr(s, text) != NULL;
}

const enum action tab_handles[] = {
	ACT_MOVE_DOWN, ACT_MOVE_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP,
	ACT_BOTTOM, ACT_OPEN, ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV,
	ACT_TAG, ACT_NONE,
};

static void
moved(struct tab *t)
{
	if (t->ops->moved != NULL)
		t->ops->moved(t);
}

int
tab_search(struct tab *t, struct app *app, const char *text)
{
	if (*text == '\0')
		return UI_REDRAW;
	if (!list_search(&t->list, text, CACHE_FORWARD))
		app_error(app, "Search: no %s after this one matches \"%s\"",
		    t->view->noun, text);
	moved(t);
	return UI_REDRAW;
}

static int
search_submit(struct app *app, void *arg, const char *text)
{
	return tab_search(arg, app, text);
}

static int
filter_submit(struct app *app, void *arg, const char *text)
{
	struct tab *t = arg;

	return t->ops->filter->set(t, app, text);
}

static int
tag_pattern_submit(struct app *app, void *arg, const char *text)
{
	struct tab *t = arg;

	return t->ops->filter->tag(t, app, text);
}

static int
prompt(struct tab *t, struct app *app, const char *label,
    const char *initial, app_prompt_fn *submit, app_complete_fn *complete)
{
	/* app_prompt copies the label. */
	app_prompt(app, &(struct app_prompt){
		.label = label,
		.initial = initial,
		.complete = complete,
		.complete_mode = t->view->prompt_mode,
		.submit = submit,
		.arg = t,
	});
	return UI_REDRAW;
}

static int
open_detail(struct tab *t, struct app *app)
{
	if (t->ops->open != NULL)
		return t->ops->open(t, app);
	if (list_selected(&t->list) == NULL && !t->view->open_empty)
		return UI_HANDLED;
	app->focus = UI_FOCUS_DETAIL;
	return UI_REDRAW;
}

bool
tab_configured(const struct view *v, const struct app *app)
{
	switch (v->backend) {
	case VIEW_BACKEND_STATUSPAGE:
		return app->profile->statuspage.url != NULL;
	case VIEW_BACKEND_PAYMENTS:
		return app->profile->payments.url != NULL;
	default:
		return true;
	}
}

void
tab_init(struct tab *t, const struct view *v, const struct tab_ops *ops,
    struct app *app)
{
	t->ops = ops;
	t->view = v;
	t->app = app;
	list_init(&t->list, ops->source, t);
	if ((t->detail.kind = ops->detail) != NULL)
		t->detail.data = xcalloc(1, ops->detail->size);
}

void *
tab_open(struct app *app, const struct view *v, const struct tab_ops *ops)
{
	struct tab *t = xcalloc(1, ops->size);

	tab_init(t, v, ops, app);
	return t;
}

void
tab_close(void **state)
{
	struct tab *t = *state;

	if (t == NULL)
		return;
	if (t->ops->free != NULL)
		t->ops->free(t);
	if (t->detail.kind != NULL) {
		tab_detail_forget(&t->detail);
		free(t->detail.data);
	}
	free(t->filter);
	list_free(&t->list);
	pane_free(&t->pane);
	free(*state);
	*state = NULL;
}

void
tab_reload(void *state, struct app *app)
{
	struct tab *t = state;

	if (!tab_configured(t->view, app))
		return;
	if (t->detail.kind != NULL)
		tab_detail_forget(&t->detail);
	if (t->ops->reload != NULL)
		t->ops->reload(t, app);
	list_reload(&t->list);
	moved(t);
}

int
tab_view_action(void *state, struct app *app, enum action a)
{
	struct tab *t = state;
	int r;

	if (!tab_configured(t->view, app))
		return UI_IGNORED;
	if (t->ops->action != NULL &&
	    (r = t->ops->action(t, app, a)) != UI_IGNORED)
		return r;
	return tab_action(t, app, a);
}

int
tab_action(struct tab *t, struct app *app, enum action a)
{
	char *label;
	int r;

	if (app->focus == UI_FOCUS_DETAIL &&
	    (r = pane_scroll(&t->pane, a)) != UI_IGNORED)
		return r;
	switch (a) {
	case ACT_OPEN:
		return open_detail(t, app);
	case ACT_TAG:
		list_tag_toggle_selected(&t->list);
		(void)list_action(&t->list, ACT_MOVE_DOWN);
		moved(t);
		return UI_REDRAW;
	case ACT_SEARCH:
		label = xasprintf("Search %ss: ", t->view->noun);
		r = prompt(t, app, label, NULL, search_submit, NULL);
		free(label);
		return r;
	case ACT_FILTER:
		if (t->ops->filter == NULL)
			break;
		return prompt(t, app, t->view->filter_label, t->filter,
		    filter_submit, t->ops->filter->complete);
	case ACT_TAG_PATTERN:
		if (t->ops->filter == NULL || t->ops->filter->tag == NULL)
			break;
		return prompt(t, app, t->view->tag_pattern_label, NULL,
		    tag_pattern_submit, NULL);
	default:
		break;
	}
	r = list_action(&t->list, a);
	if (r != UI_IGNORED)
		moved(t);
	else if (a == ACT_SEARCH_NEXT || a == ACT_SEARCH_PREV) {
		app_error(app, t->list.search == NULL ? "No search yet: / "
		    "searches" : "Search: no more matches");
		return UI_REDRAW;
	}
	return r;
}

static bool
listed(const struct tab *t, const char *name)
{
	const char *const *c;

	for (c = t->view->commands; c != NULL && *c != NULL; c++)
		if (strcmp(*c, name) == 0)
			return true;
	return false;
}

int
tab_command(struct tab *t, struct app *app, int argc, char **argv)
{
	const char *name = argv[0];
	char *text, *next;
	int i, r;

	if (!listed(t, name))
		return UI_IGNORED;
	if (strcmp(name, "untag-all") == 0) {
		list_tags_clear(&t->list);
		app_message(app, "No %s is tagged now", t->view->noun);
		return UI_REDRAW;
	}
	if (strcmp(name, "search") != 0 && !(strcmp(name, "filter") == 0 &&
	    t->ops->filter != NULL) && !(strcmp(name, "tag-pattern") == 0 &&
	    t->ops->filter != NULL && t->ops->filter->tag != NULL))
		return UI_IGNORED;
	/* The rest of the line is the search, filter or pattern. */
	text = xstrdup("");
	for (i = 1; i < argc; i++) {
		next = xasprintf("%s%s%s", text, i > 1 ? " " : "", argv[i]);
		free(text);
		text = next;
	}
	if (name[0] == 's')
		r = tab_search(t, app, text);
	else if (name[0] == 'f')
		r = t->ops->filter->set(t, app, text);
	else
		r = t->ops->filter->tag(t, app, text);
	free(text);
	return r;
}

int
tab_view_command(void *state, struct app *app, int argc, char **argv)
{
	struct tab *t = state;

	if (listed(t, argv[0]) && !tab_configured(t->view, app)) {
		app_error(app, "%s are not configured for this profile: see "
		    "tdesk.conf(5)", t->view->title);
		return UI_REDRAW;
	}
	return tab_command(t, app, argc, argv);
}

const void *
tab_detail_get(struct tab_detail *d, struct app *app, const char *id)
{
	char *cause = NULL;

	if (d->id != NULL && strcmp(d->id, id) == 0)
		return d->found ? d->data : NULL;
	tab_detail_forget(d);
	d->id = xstrdup(id);
	if (d->kind->io(app, id, d->data, &d->found, &cause) != CACHE_OK) {
		if (d->kind->name_id)
			app_error(app, "%s %s: %s", d->kind->what, id, cause);
		else
			app_error(app, "%s: %s", d->kind->what, cause);
		free(cause);
		memset(d->data, 0, d->kind->size);
		d->found = false;
	}
	return d->found ? d->data : NULL;
}

void
tab_detail_forget(struct tab_detail *d)
{
	if (d->id != NULL)
		(void)d->kind->io(NULL, NULL, d->data, NULL, NULL);
	free(d->id);
	d->id = NULL;
	d->found = false;
}
