/*
 * The help overlay ("?"): the keys of the current tab, as the keymap
 * describes them, scrolled with the list keys and closed with q, ? or Esc.
 */
#include "tui/console/console.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/xmalloc.h"

void
help_draw(struct app *app)
{
	struct help *h = console_priv(app)->help;
	struct ui_rect r = { 1, 0, LINES - 3, COLS };
	size_t i;

	ui_clear(&r, UI_NORMAL);
	ui_text(r.y, r.x, r.w, h->title, UI_HEADER);
	for (i = 0; (int)i < r.h - 2 && h->top + i < h->n; i++)
		ui_label(r.y + 1 + (int)i, r.x + 1, r.w - 2, h->lines[h->top + i],
		    UI_NORMAL);
	ui_label(r.y + r.h - 1, r.x, r.w,
	    "j/k scroll \xc2\xb7 q, ? or Esc closes", UI_DIM);
}

void
help_free(struct help **hp)
{
	struct help *h = *hp;

	if (h == NULL)
		return;
	xfree_strings(h->lines, h->n);
	free(h->title);
	free(h);
	*hp = NULL;
}

void
help_open(struct app *app)
{
	struct app_priv *p = console_priv(app);
	const struct view *v = p->views[p->cur];
	struct help *h = xcalloc(1, sizeof *h);
	char *buf = NULL, *line, *nl;
	size_t len = 0;
	FILE *f;

	h->title = xasprintf(" Keys of the %s tab (context %s, then list and "
	    "global); unbound actions can be bound in ~/.config/tdesk/keys",
	    v->title, keymap_context_name(v->ctx));
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream: %s", strerror(errno));
	keymap_describe(app->keymap, f, v->ctx);
	fclose(f);
	for (line = buf; line != NULL && *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		h->lines = xreallocarray(h->lines, h->n + 1, sizeof *h->lines);
		h->lines[h->n++] = xstrdup(line);
	}
	free(buf);
	help_free(&p->help);
	p->help = h;
}

int
help_action(struct app *app, enum action a)
{
	struct help *h = console_priv(app)->help;
	size_t page = LINES > 6 ? (size_t)LINES - 6 : 1;
	size_t max = h->n > page ? h->n - page : 0;

	switch (a) {
	case ACT_MOVE_DOWN:
		if (h->top < max)
			h->top++;
		break;
	case ACT_MOVE_UP:
		if (h->top > 0)
			h->top--;
		break;
	case ACT_PAGE_DOWN:
		h->top = h->top + page < max ? h->top + page : max;
		break;
	case ACT_PAGE_UP:
		h->top = h->top > page ? h->top - page : 0;
		break;
	case ACT_TOP:
		h->top = 0;
		break;
	case ACT_BOTTOM:
		h->top = max;
		break;
	case ACT_QUIT:
	case ACT_BACK:
	case ACT_HELP:
		help_free(&console_priv(app)->help);
		break;
	default:
		break;
	}
	return UI_REDRAW;
}
