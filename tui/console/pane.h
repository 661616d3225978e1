/*
 * The detail pane every tab shows beside its list: lines of text drawn
 * into a rectangle, scrolled with the list's keys while the pane has the
 * focus, with "(more)" or "(end)" in its corner. Also the cells of the
 * list rows the tabs draw in columns.
 */
#ifndef TDESK_PANE_H
#define TDESK_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/console/list.h"
#include "tui/console/ui.h"

#define PANE_LABEL_W	12	/* the label column of pane_field */

/* One line of a built pane (pane_add). */
struct pane_line {
	char		*text;		/* untrusted: drawn sanitised */
	enum ui_role	 role;
	int		 indent;	/* columns */
};

/*
 * A detail pane. The view keeps it between frames, zeroed to start
 * (xcalloc), and frees it with pane_free. It is either drawn afresh
 * every frame (pane_show, with pane_text and the like) or built once
 * with pane_add and drawn from its lines (pane_draw_built).
 */
struct pane {
	/* Kept between frames. */
	int		 top;		/* lines scrolled off */
	int		 lines;		/* lines at the last draw or build */
	int		 height;	/* rows at the last draw */
	char		 shown[LIST_KEY_MAX];	/* the record top belongs to */

	/* A built pane's lines, wrapped to width columns. */
	struct pane_line *built;
	size_t		 nbuilt;
	int		 width;

	/* While a frame is drawn. */
	struct ui_rect	 r;
	int		 line;		/* index of the next line */
};

/* Frees a built pane's lines; the scroll position stays. */
/*
 * The frame of a tab: the line between its panes, and, when the profile
 * leaves its backend out (configured false), the message saying so
 * ("Payments are", "Zendesk is" ... "not configured"). Returns false then:
 * the tab draws nothing else.
 */
bool	 pane_frame(struct app *, const struct ui_layout *lo, const char *what,
	    bool configured);

void	 pane_clear(struct pane *);
/* Frees what the pane holds and zeroes it; NULL does nothing. */
void	 pane_free(struct pane *);

/*
 * The record the pane shows, by its list key: another one than last
 * time scrolls back to the top; the same one (a reload, a resize) keeps
 * the scroll.
 */
void	 pane_record(struct pane *, const char *key);

/* Clamps top so the last screenful is full (the pane got taller or its
 * text shorter); whether top moved. */
bool	 pane_clamp(struct pane *);

/* The list's moves (down, up, pages, top, bottom) on the pane's lines:
 * UI_REDRAW, or UI_IGNORED for any other action. */
int	 pane_scroll(struct pane *, enum action);

/* "(more)" or "(end)" in the bottom right corner when the lines do not
 * fit the last frame's rectangle. */
void	 pane_corner(const struct pane *);

/*
 * A frame of a pane drawn afresh: r cleared, then fill draws the lines
 * from the top (a line at a time with pane_text and the like, which
 * leave out the lines scrolled off), then again if that scrolled it back
 * (pane_clamp); the corner when focused and wider than 12 columns.
 */
void	 pane_show(struct pane *, const struct ui_rect *r, bool focused,
	    void (*fill)(struct pane *, void *arg), void *arg);

/* The screen row of the pane's next line, or -1 when it is not shown. */
int	 pane_row(const struct pane *);
void	 pane_blank(struct pane *);
/* One line of untrusted text from column indent. */
void	 pane_text(struct pane *, int indent, const char *s, enum ui_role);
/* One line of our own text. */
void	 pane_label(struct pane *, int indent, const char *s, enum ui_role);
/*
 * Untrusted text (NULL: "-") wrapped to the pane from column indent; the
 * first line goes after label (our own text, NULL: none) in the label
 * column. The leading spaces of a line (JSON's indentation) are kept as
 * indentation, since a drawn line loses them.
 */
void	 pane_wrap(struct pane *, const char *label, int indent,
	    const char *body, enum ui_role);
/* "Label        value" with an untrusted value (NULL: "-") cut to one
 * line. */
void	 pane_field(struct pane *, const char *label, const char *value,
	    enum ui_role);

/*
 * Adds untrusted text to a built pane, formatted and wrapped to its
 * width less indent (8 columns at least), each line with role and
 * indent.
 */
void	 pane_add(struct pane *, enum ui_role, int indent, const char *fmt,
	    ...) TD_PRINTF(4, 5);
/* A frame of a built pane: its lines from top, one column in. */
void	 pane_draw_built(struct pane *, const struct ui_rect *r);

/* A time in the configured zones with its age, "… (5 min ago)"; "-" for
 * 0. Returns buf or that "-". */
const char *pane_when(struct app *, int64_t t, char *buf, size_t size);

/* What parts of a header line are set apart with: " · ", or " - "
 * without a UTF-8 locale. */
const char *pane_dot(void);

/* ---- The cells of a list row ------------------------------------------ */

/* Takes up to *over columns off *w, down to min; 0 drops the cell and the
 * space after it. */
void	 pane_shrink(int *w, int min, int *over);
/* Drops the cell (and the space after it) when columns are short. */
void	 pane_drop(int *w, int *over);
/* A cell of untrusted text w columns wide at *x, cut at right, then a
 * space; nothing for w 0. */
void	 pane_cell(int y, int *x, int right, int w, const char *s,
	    enum ui_role);
/* Our own text in a cell, right-aligned or not. */
void	 pane_cell_label(int y, int *x, int right, int w, const char *s,
	    bool align_right, enum ui_role);

/* Starts the column titles in the first row of l: cleared, and *x past
 * the tag marker's column, so that titles stand over their cells. */
void	 pane_titles_begin(const struct ui_rect *l, int *x);

#endif
