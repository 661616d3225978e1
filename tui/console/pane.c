/*
 * The detail pane the tabs share and the cells of their list rows: what
 * pane.h says, drawn through ui.h.
 */
#include "tui/console/pane.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text/timefmt.h"

void
pane_clear(struct pane *p)
{
	size_t i;

	for (i = 0; i < p->nbuilt; i++)
		free(p->built[i].text);
	free(p->built);
	p->built = NULL;
	p->nbuilt = 0;
	p->lines = 0;
}

void
pane_free(struct pane *p)
{
	if (p == NULL)
		return;
	pane_clear(p);
	memset(p, 0, sizeof *p);
}

void
pane_record(struct pane *p, const char *key)
{
	if (strcmp(key, p->shown) != 0) {
		snprintf(p->shown, sizeof p->shown, "%s", key);
		p->top = 0;
	}
}

bool
pane_clamp(struct pane *p)
{
	int max = p->lines > p->height ? p->lines - p->height : 0;

	if (p->top <= max)
		return false;
	p->top = max;
	return true;
}

int
pane_scroll(struct pane *p, enum action a)
{
	int max = p->lines > p->height ? p->lines - p->height : 0;
	int page = p->height > 2 ? p->height - 1 : 1;

	switch (a) {
	case ACT_MOVE_DOWN:
		p->top = p->top < max ? p->top + 1 : max;
		return UI_REDRAW;
	case ACT_MOVE_UP:
		p->top = p->top > 0 ? p->top - 1 : 0;
		return UI_REDRAW;
	case ACT_PAGE_DOWN:
		p->top = p->top + page < max ? p->top + page : max;
		return UI_REDRAW;
	case ACT_PAGE_UP:
		p->top = p->top > page ? p->top - page : 0;
		return UI_REDRAW;
	case ACT_TOP:
		p->top = 0;
		return UI_REDRAW;
	case ACT_BOTTOM:
		p->top = max;
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

void
pane_corner(const struct pane *p)
{
	if (p->lines > p->r.h)
		ui_label(p->r.y + p->r.h - 1, p->r.x + p->r.w - 12, 12,
		    p->top + p->r.h >= p->lines ? "  (end)" : "  (more)", UI_DIM);
}

/* Starts a frame in r: the lines are counted from 0 again. */
static void
frame(struct pane *p, const struct ui_rect *r)
{
	p->r = *r;
	p->height = r->h;
	p->line = 0;
}

void
pane_show(struct pane *p, const struct ui_rect *r, bool focused,
    void (*fill)(struct pane *, void *), void *arg)
{
	int pass;

	for (pass = 0; pass < 2; pass++) {
		ui_clear(r, UI_NORMAL);
		frame(p, r);
		fill(p, arg);
		p->lines = p->line;
		if (!pane_clamp(p))
			break;
	}
	if (focused && r->w > 12)
		pane_corner(p);
}

int
pane_row(const struct pane *p)
{
	int i = p->line - p->top;

	return i >= 0 && i < p->r.h ? p->r.y + i : -1;
}

void
pane_blank(struct pane *p)
{
	p->line++;
}

/* One line through put (ui_text or ui_label), if it is in sight. */
static void
pane_put(struct pane *p, int indent, const char *s, enum ui_role role,
    int (*put)(int, int, int, const char *, enum ui_role))
{
	int y = pane_row(p);

	if (y >= 0 && indent < p->r.w)
		put(y, p->r.x + indent, p->r.w - indent, s, role);
	p->line++;
}

void
pane_text(struct pane *p, int indent, const char *s, enum ui_role role)
{
	pane_put(p, indent, s, role, ui_text);
}

void
pane_label(struct pane *p, int indent, const char *s, enum ui_role role)
{
	pane_put(p, indent, s, role, ui_label);
}

void
pane_wrap(struct pane *p, const char *label, int indent, const char *body,
    enum ui_role role)
{
	char **w;
	size_t n, i;
	int lead, y;

	w = ui_wrap(body != NULL ? body : "-", p->r.w - indent > 8 ?
	    p->r.w - indent : 8, &n);
	for (i = 0; i < n; i++) {
		if (i == 0 && label != NULL && (y = pane_row(p)) >= 0)
			ui_label(y, p->r.x + 1, PANE_LABEL_W, label, UI_LABEL);
		lead = (int)strspn(w[i], " ");
		pane_text(p, indent + lead, w[i] + lead, role);
	}
	ui_words_free(&w);
}

void
pane_field(struct pane *p, const char *label, const char *value,
    enum ui_role role)
{
	int y = pane_row(p);

	if (y >= 0) {
		ui_label(y, p->r.x + 1, PANE_LABEL_W, label, UI_LABEL);
		if (p->r.w > PANE_LABEL_W + 2)
			ui_text(y, p->r.x + PANE_LABEL_W + 2,
			    p->r.w - PANE_LABEL_W - 2,
			    value != NULL ? value : "-", role);
	}
	p->line++;
}

void
pane_add(struct pane *p, enum ui_role role, int indent, const char *fmt, ...)
{
	va_list ap;
	char *s, **lines;
	size_t n, i;
	int w = p->width - indent;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	lines = ui_wrap(s, w > 8 ? w : 8, &n);
	free(s);
	p->built = xreallocarray(p->built, p->nbuilt + n, sizeof *p->built);
	for (i = 0; i < n; i++) {
		p->built[p->nbuilt].text = lines[i];
		p->built[p->nbuilt].role = role;
		p->built[p->nbuilt].indent = indent;
		p->nbuilt++;
		lines[i] = NULL;
	}
	free(lines);
	p->lines = (int)p->nbuilt;
}

void
pane_draw_built(struct pane *p, const struct ui_rect *r)
{
	const struct pane_line *l;

	frame(p, r);
	for (p->line = p->top; p->line < p->top + r->h &&
	    (size_t)p->line < p->nbuilt; ) {
		l = &p->built[p->line];
		pane_text(p, 1 + l->indent, l->text, l->role);
	}
}

const char *
pane_when(struct app *app, int64_t t, char *buf, size_t size)
{
	char zones[96], age[32];

	if (t == 0)
		return "-";
	app_time(app, t, zones, sizeof zones);
	timefmt_age(t, app->now, age, sizeof age);
	snprintf(buf, size, "%s (%s%s)", zones, age, t <= app->now ? " ago" : "");
	return buf;
}

/* ---- The cells of a list row ------------------------------------------ */

const char *
pane_dot(void)
{
	return ui_utf8() ? " \xc2\xb7 " : " - ";
}

void
pane_shrink(int *w, int min, int *over)
{
	int cut;

	if (*over <= 0 || *w <= min)
		return;
	cut = *w - min < *over ? *w - min : *over;
	*w -= cut;
	*over -= cut;
	if (*w == 0)
		(*over)--;
}

void
pane_drop(int *w, int *over)
{
	if (*over <= 0 || *w == 0)
		return;
	*over -= *w + 1;
	*w = 0;
}

void
pane_cell(int y, int *x, int right, int w, const char *s, enum ui_role role)
{
	if (w > right - *x)
		w = right - *x;
	if (w <= 0)
		return;
	ui_text(y, *x, w, s, role);
	*x += w + 1;
}

void
pane_cell_label(int y, int *x, int right, int w, const char *s,
    bool align_right, enum ui_role role)
{
	char buf[64];

	if (w > right - *x)
		w = right - *x;
	if (w <= 0)
		return;
	snprintf(buf, sizeof buf, "%*s", align_right ? w : -w, s);
	ui_label(y, *x, w, buf, role);
	*x += w + 1;
}

void
pane_titles_begin(const struct ui_rect *l, int *x)
{
	ui_clear(&(struct ui_rect){ l->y, l->x, 1, l->w }, UI_NORMAL);
	*x = l->x + 1;
}

bool
pane_frame(struct app *app, const struct ui_layout *lo, const char *what,
    bool configured)
{
	char *s;

	if (lo->side_by_side)
		ui_vline(lo->list.y, lo->list.x + lo->list.w, lo->list.h);
	else
		ui_hline(lo->list.y + lo->list.h, lo->list.x, lo->list.w);
	if (configured)
		return true;
	s = xasprintf("%s not configured for profile %s: see tdesk.conf(5)",
	    what, app->profile->name);
	ui_clear(&lo->list, UI_NORMAL);
	ui_text(lo->list.y, lo->list.x + 1, lo->list.w - 1, s, UI_WARN);
	free(s);
	ui_clear(&lo->detail, UI_NORMAL);
	return false;
}
