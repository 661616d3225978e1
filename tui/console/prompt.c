/*
 * The prompt: a line editor on the bottom row, its candidates above it
 * after Tab, and yes/no questions that take one key.
 */
#include "tui/console/prompt.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/config/keymap.h"
#include "tui/console/lineedit.h"
#include "tui/text/text.h"

struct prompt {
	char		*label;		/* our text, or a question */
	bool		 confirm;	/* a yes/no question */
	struct lineedit	*le;
	struct lineedit_history *history;
	app_complete_fn	*complete;
	unsigned	 complete_mode;
	app_prompt_fn	*submit;
	void		*arg;
	void		(*arg_free)(void *);
	struct lineedit_candidates *cands;	/* shown above; NULL: none */
	size_t		 start;		/* lineedit_view's scroll position */
	struct app	*app;		/* while completing */
};

struct prompt *
prompt_new(const struct app_prompt *ap)
{
	struct prompt *p = xcalloc(1, sizeof *p);

	p->label = xstrdup(ap->label != NULL ? ap->label : "");
	p->history = ap->history;
	p->le = lineedit_new(ap->history);
	if (ap->initial != NULL)
		(void)lineedit_set(p->le, ap->initial);
	p->complete = ap->complete;
	p->complete_mode = ap->complete_mode;
	p->submit = ap->submit;
	p->arg = ap->arg;
	p->arg_free = ap->arg_free;
	return p;
}

struct prompt *
prompt_new_confirm(const char *question, app_prompt_fn *yes, void *arg,
    void (*arg_free)(void *))
{
	struct prompt *p = xcalloc(1, sizeof *p);

	p->label = xstrdup(question);
	p->confirm = true;
	p->submit = yes;
	p->arg = arg;
	p->arg_free = arg_free;
	return p;
}

void
prompt_free(struct prompt **pp)
{
	struct prompt *p = *pp;

	if (p == NULL)
		return;
	if (p->arg_free != NULL)
		p->arg_free(p->arg);
	lineedit_free(&p->le);
	lineedit_candidates_free(&p->cands);
	free(p->label);
	free(p);
	*pp = NULL;
}

/* lineedit's completer, calling the prompt's. */
static void
completer(const char *const *words, size_t index,
    struct lineedit_candidates *out, void *arg)
{
	struct prompt *p = arg;
	char **v;
	size_t i;

	v = p->complete(p->app, p->arg, lineedit_text(p->le), (int)index,
	    words[index]);
	for (i = 0; v != NULL && v[i] != NULL; i++)
		lineedit_candidates_add(out, v[i]);
	ui_words_free(&v);
}

const enum action prompt_handles[] = {
	ACT_PROMPT_SUBMIT, ACT_PROMPT_CANCEL, ACT_PROMPT_COMPLETE, ACT_NONE,
};

int
prompt_key(struct prompt *p, struct app *app, int key, uint32_t cp,
    bool *done)
{
	enum action a;
	int r;

	*done = false;
	if (p->confirm) {
		*done = true;
		if (cp == 'y' || cp == 'Y')
			return p->submit(app, p->arg, "y") | UI_REDRAW;
		app_message(app, "Cancelled");
		return UI_REDRAW;
	}
	a = key >= 0 ? keymap_lookup(app->keymap, CTX_PROMPT, key) : ACT_NONE;
	switch (a) {
	case ACT_PROMPT_SUBMIT:
		*done = true;
		if (p->history != NULL)
			lineedit_history_add(p->history, lineedit_text(p->le));
		r = p->submit(app, p->arg, lineedit_text(p->le));
		return r | UI_REDRAW;
	case ACT_PROMPT_CANCEL:
		*done = true;
		app_message(app, "Cancelled");
		return UI_REDRAW;
	case ACT_PROMPT_COMPLETE:
		if (p->complete == NULL) {
			beep();
			return UI_HANDLED;
		}
		lineedit_candidates_free(&p->cands);
		p->app = app;
		p->cands = lineedit_complete(p->le, completer, p, p->complete_mode);
		if (p->cands->n == 0) {
			lineedit_candidates_free(&p->cands);
			beep();
		} else if (p->cands->n == 1)
			lineedit_candidates_free(&p->cands);
		return UI_REDRAW;
	case ACT_NONE:
		break;
	default:
		if (lineedit_action(p->le, a)) {
			lineedit_candidates_free(&p->cands);
			return UI_REDRAW;
		}
		break;
	}
	/* A character to type: printable ASCII, or any other code point. */
	if (cp >= 0x20 && cp != 0x7f) {
		lineedit_candidates_free(&p->cands);
		if (lineedit_insert_cp(p->le, cp) == LINEEDIT_FULL)
			beep();
		return UI_REDRAW;
	}
	return UI_HANDLED;
}

/* The candidates, as many as fit in the rows above the prompt. */
static void
draw_candidates(struct prompt *p, int y, int cols, int max_above)
{
	const struct lineedit_candidates *c = p->cands;
	int row, x, w, rows = 0, used;
	size_t i;

	/* Lay them out in columns of the widest's width. */
	for (i = 0, w = 1; i < c->n; i++) {
		int cw = text_width(c->v[i]);

		if (cw > w)
			w = cw;
	}
	w += 2;
	if (w > cols)
		w = cols;
	{
		size_t per = (size_t)(cols / w > 0 ? cols / w : 1);

		rows = (int)((c->n + per - 1) / per);
		if (rows > max_above)
			rows = max_above;
		if (rows < 1)
			return;
		for (row = 0; row < rows; row++)
			ui_clear(&(struct ui_rect){ y - rows + row, 0, 1, cols },
			    UI_STATUS);
		for (i = 0; i < c->n && i / per < (size_t)rows; i++) {
			row = y - rows + (int)(i / per);
			x = (int)(i % per) * w;
			used = cols - x < w ? cols - x : w - 2;
			ui_text(row, x, used, c->v[i], i == c->selected ?
			    UI_SELECTED : UI_STATUS);
		}
	}
}

void
prompt_draw(struct prompt *p, int y, int cols, int max_above)
{
	char *clean, *shown;
	size_t len;
	int lw, cur = 0;

	/* The label is ours, but a question may quote a name: sanitised. */
	clean = text_sanitize(p->label, TEXT_NUL, ui_utf8() ? 0 : TEXT_ASCII, 0);
	lw = text_width(clean);
	/* A question takes the whole line; a prompt leaves room to type. */
	if (p->confirm && lw > cols - 1)
		lw = cols - 1 > 0 ? cols - 1 : 0;
	else if (!p->confirm && lw > cols - 10)
		lw = cols - 10 > 0 ? cols - 10 : 0;
	if (p->confirm && text_width(clean) > cols - 1 && max_above > 0) {
		/* A long question is wrapped upwards over the rows above,
		 * so it is read whole, [y/N] included. */
		size_t n, i, first;
		char **lines = ui_wrap(clean, cols - 1, &n);
		int row;

		first = n > (size_t)max_above + 1 ? n - (size_t)max_above - 1 : 0;
		for (i = first, row = y - (int)(n - 1 - first); i < n; i++, row++)
			ui_text(row, 0, cols, lines[i], UI_WARN);
		move(y, text_width(lines[n - 1]) < cols ?
		    text_width(lines[n - 1]) : cols - 1);
		ui_words_free(&lines);
		free(clean);
		return;
	}
	ui_text(y, 0, lw, clean, p->confirm ? UI_WARN : UI_LABEL);
	free(clean);
	if (p->confirm) {
		move(y, lw < cols ? lw : cols - 1);
		return;
	}
	if (p->cands != NULL)
		draw_candidates(p, y, cols, max_above);
	len = lineedit_view(p->le, cols - lw - 1, &p->start, &cur);
	shown = xstrndup(lineedit_text(p->le) + p->start, len);
	ui_text(y, lw, cols - lw, shown, UI_NORMAL);
	free(shown);
	move(y, lw + cur);
}
