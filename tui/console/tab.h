/*
 * The tab layer under every list tab: what the Tickets, Payments,
 * Incidents and Outbox tabs do alike around their list widget (list.h)
 * and detail pane (pane.h), written once. A tab supplies its rows (the
 * list's source), its filter compiler, its detail and its own actions;
 * this layer runs the shared actions (open, search and n/N, tag, tag
 * then move, tag by pattern, filter, scrolling the detail) and the
 * shared commands (:search, :filter, :tag-pattern, :untag-all).
 *
 * Nothing here draws: the layer changes the list and the pane and
 * returns UI_* flags, so a unit test drives it without a terminal
 * (tests/unit/test_tab.c), as tmux's mode-tree.c and htop's Panel.c
 * keep the shared behaviour of their lists apart from what each list
 * shows.
 */
#ifndef TDESK_TAB_H
#define TDESK_TAB_H

#include <stdbool.h>

#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/ui.h"

/* A tab's filter language: what F and :filter set, what its words
 * complete to, and what :tag-pattern (T) tags by. */
struct tab_filter {
	/*
	 * A new filter (NULL or blank: none), compiled by the tab: on an
	 * error the tab says so and keeps the old one. Returns UI_* flags.
	 */
	int		 (*set)(void *arg, struct app *, const char *text);
	/* Tags every row that matches a filter; NULL: the tab cannot. */
	int		 (*tag)(void *arg, struct app *, const char *text);
	app_complete_fn	*complete;	/* the prompt's words; NULL: none */
};

struct tab_ops {
	/* For tab_open: the tab's state, a struct that begins with its
	 * struct tab, is size bytes; its rows come from source (whose arg
	 * is the state) and its selected row's detail is read as detail
	 * says (NULL: the tab reads none, or reads it its own way). */
	size_t		 size;
	const struct list_source *source;
	const struct tab_detail_kind *detail;

	const struct tab_filter *filter;	/* NULL: the tab has none */
	/* Opens the selected row's detail; NULL: the focus moves to the
	 * detail pane. */
	int		 (*open)(void *arg, struct app *);
	/* The selection moved, the tags or the rows changed: what the tab
	 * built for the old selection is stale. NULL: nothing to do. */
	void		 (*moved)(void *arg);

	/* For the view functions tab_close, tab_reload and tab_view_action,
	 * each NULL for nothing: */
	/* The tab's own actions, tried before the shared ones. */
	int		 (*action)(void *arg, struct app *, enum action);
	/* The cache changed: re-read what the tab holds besides its rows
	 * (before the rows are read again). */
	void		 (*reload)(void *arg, struct app *);
	/* Frees what the tab holds besides its struct tab (which the
	 * layer frees: the list, the pane, the filter text, the detail). */
	void		 (*free)(void *arg);

	/* For tab_draw (tab_draw.c), which draws the header (the view's
	 * title, the count, the filter, the tagged, read-only), the list and
	 * the detail of a tab that gives these: */
	/* The list's column widths for list->w columns, and their titles
	 * on the list's first row when titles. */
	void		 (*columns)(void *arg, const struct ui_rect *list,
			    bool titles);
	/*
	 * The selected row's detail, a line at a time, for tab_draw. The
	 * layer has recorded the row in the pane and read its detail
	 * (ops->detail, read by the row's key: a tab with a detail kind
	 * keys its rows by the id the cache reads the detail with). When
	 * there is no row, or no detail for it, the layer says so in the
	 * pane's first line (the list's error, or the view's gone,
	 * empty_filtered or empty) and calls fill only for a view with
	 * open_empty, with row or detail NULL.
	 */
	void		 (*fill)(void *arg, struct app *, struct pane *,
			    const void *row, const void *detail);
};

/*
 * What a tab reads for its selected row (the Payments and Incidents
 * tabs' detail): read once per row and kept until the selection moves or
 * the cache changes, so that drawing a frame reads nothing.
 */
struct tab_detail_kind {
	size_t		 size;		/* of the tab's detail struct */
	/*
	 * Reads id's detail into data, *found false when the cache has
	 * none: a CACHE_* code, *cause set on failure. id NULL: clears
	 * what a read left in data (CACHE_OK).
	 */
	int		 (*io)(struct app *, const char *id, void *data,
			    bool *found, char **cause);
	const char	*what;		/* "Payment": "Payment: cause" */
	bool		 name_id;	/* "Payment ID: cause" */
};

struct tab_detail {
	const struct tab_detail_kind *kind;	/* NULL: none */
	void		*data;		/* kind->size bytes */
	char		*id;		/* whose detail data holds; NULL: none */
	bool		 found;
};

/*
 * The part every list tab's state begins with (so that the state and its
 * struct tab are one pointer, the arg of the ops and of the source).
 */
struct tab {
	const struct tab_ops *ops;
	const struct view *view;	/* its words and : commands */
	struct app	*app;
	struct list	 list;		/* the tab's list widget */
	struct pane	 pane;		/* its detail pane: scrolled here */
	char		*filter;	/* the filter's text (ops->filter);
					 * NULL: none */
	char		 word[32];	/* what the tab says of itself in its
					 * header, after the filter (the
					 * Payments tab: the role); "": nothing.
					 * May come from a backend: drawn
					 * sanitised */
	struct tab_detail detail;	/* ops->detail's, of the selection */
};

/* The actions tab_action handles in every tab (ACT_NONE ends); filter and
 * tag-pattern are each tab's to declare, as not every tab has them. */
extern const enum action tab_handles[];

/* Sets up a tab's state t (zeroed) for view v and ops: its list over
 * ops->source, its pane, its detail. */
void	 tab_init(struct tab *t, const struct view *v, const struct tab_ops *,
	    struct app *);
/* A new state of ops->size bytes, set up by tab_init: a view's open for
 * a tab that needs nothing more. */
void	*tab_open(struct app *, const struct view *, const struct tab_ops *);

/* Whether the profile has the view's backend (struct view). */
bool	 tab_configured(const struct view *, const struct app *);

/*
 * A view's close, reload and action for a tab whose state begins with
 * its struct tab: close frees what ops->free does, then the tab's parts
 * and the state; reload forgets the detail and re-reads the rows,
 * keeping the selection; action runs ops->action, then tab_action.
 */
void	 tab_close(void **state);
void	 tab_reload(void *state, struct app *);
int	 tab_view_action(void *state, struct app *, enum action);

/*
 * The shared actions, as a tab's action function calls it after its own:
 * returns UI_* flags, UI_IGNORED for an action no list takes (the loop
 * then tries the global ones). Search-next and -prev with no search yet,
 * or none left, say so.
 */
int	 tab_action(struct tab *, struct app *, enum action);

/*
 * A view's draw for a tab whose state begins with its struct tab: the
 * header (title, count, ops->header, tags, read-only), the frame, the
 * column titles over the list when it has room, the list, the detail.
 */
void	 tab_draw(void *state, struct app *, const struct ui_layout *);
/* The detail pane alone, for a tab that draws the rest its own way. */
void	 tab_draw_detail(struct tab *, struct app *, const struct ui_layout *);

/*
 * The shared commands the tab lists in ops->commands (argv[0] the name):
 * UI_* flags, UI_IGNORED for any other name. The words after the name
 * are joined with spaces into the text.
 */
int	 tab_command(struct tab *, struct app *, int argc, char **argv);
/* A view's command for a tab whose commands are all shared: tab_command,
 * but one the tab lists is refused, said so, when the profile lacks the
 * view's backend. */
int	 tab_view_command(void *state, struct app *, int argc, char **argv);

/* Searches forward from the selection for text ("": nothing), saying so
 * when no row matches. The / prompt's submit; UI_* flags. */
int	 tab_search(struct tab *, struct app *, const char *text);

/*
 * Defines name, a struct tab_detail_kind over the cache's typed get and
 * clear of one detail struct type, as tmux's RB_GENERATE writes a
 * tree's functions for one type: the adaptor is the same for every tab
 * but for the types. what and name_id as in the struct.
 */
#define TAB_DETAIL(name, type, get, clear, what, name_id)		\
static int								\
name##_io(struct app *app, const char *id, void *d, bool *found,	\
    char **cause)							\
{									\
	if (id == NULL) {						\
		clear(d);						\
		return CACHE_OK;					\
	}								\
	return get(app->cache, id, d, found, cause);			\
}									\
static const struct tab_detail_kind name = {				\
	sizeof(type), name##_io, what, name_id				\
}

/*
 * Defines name, a list source's free_row for rows of type, which the
 * cache frees n at a time with free_rows (list_split made each row a
 * 1-element array of its own).
 */
#define TAB_ROW_FREE(name, type, free_rows)				\
static void								\
name(void *row)								\
{									\
	type *r = row;							\
									\
	free_rows(&r, 1);						\
}

/*
 * Defines name, the list source of a tab whose functions are called
 * src_fetch, src_free, src_key, src_draw and src_count, searched by the
 * designated initialiser search (".match = src_match" or ".find =
 * src_find"). Static or not as the tab needs it.
 */
#define TAB_SOURCE(name, search)					\
const struct list_source name = {				\
	.fetch = src_fetch,						\
	search,								\
	.free_row = src_free,						\
	.key = src_key,							\
	.draw = src_draw,						\
	.count = src_count,						\
}

/*
 * Defines name, the list source of a tab whose state is struct S and
 * whose rows are struct R (arrays of which the cache gives, and frees
 * with free_rows), over the tab's typed functions, so that a tab's code
 * takes its own types and not void pointers:
 *
 *	int  P_fetch(struct S *, const struct R *anchor, enum cache_dir,
 *	    size_t limit, struct R **rows, size_t *n, char **cause);
 *	void P_key(const struct R *, char *buf);	 (LIST_KEY_MAX bytes)
 *	int  P_count(struct S *, int64_t *n, char **cause);
 *	bool P_match(const struct R *, const char *text);
 *	void P_draw(struct S *, struct app *, const struct R *, int y,
 *	    int x, int cols, enum ui_role base);
 *
 * each as list.h's struct list_source describes it.
 */
#define TAB_SOURCE_OF(name, S, R, P, free_rows)				\
static int								\
name##_fetch(void *arg, const void *anchor, enum cache_dir dir,		\
    size_t limit, void ***rows, size_t *n, char **cause)		\
{									\
	struct R *v = NULL;						\
	int rc;								\
									\
	*rows = NULL;							\
	*n = 0;								\
	rc = P##_fetch(arg, anchor, dir, limit, &v, n, cause);		\
	return list_fetched(rc, v, *n, sizeof *v, rows);		\
}									\
TAB_ROW_FREE(name##_free, struct R, free_rows)				\
static void								\
name##_key(const void *row, char *buf)					\
{									\
	P##_key(row, buf);						\
}									\
static int								\
name##_count(void *arg, int64_t *n, char **cause)			\
{									\
	return P##_count(arg, n, cause);				\
}									\
static bool								\
name##_match(const void *row, const char *text)				\
{									\
	return P##_match(row, text);					\
}									\
static void								\
name##_draw(void *arg, struct app *app, const void *row, int y, int x,	\
    int cols, enum ui_role base)					\
{									\
	P##_draw(arg, app, row, y, x, cols, base);			\
}									\
static const struct list_source name = {				\
	.fetch = name##_fetch,						\
	.match = name##_match,						\
	.free_row = name##_free,					\
	.key = name##_key,						\
	.draw = name##_draw,						\
	.count = name##_count,						\
}

/* A tab_ops' first fields for tab_open: the state's type, its source and
 * its detail kind (NULL: none). */
#define TAB_STATE(type, src, detail_kind)				\
	.size = sizeof(type),						\
	.source = (src),						\
	.detail = (detail_kind)

/* The functions of a struct view over a tab, drawn by draw (tab_draw or
 * the tab's own). */
#define TAB_VIEW_FUNCS(draw_fn)						\
	.close = tab_close,						\
	.reload = tab_reload,						\
	.draw = (draw_fn),						\
	.action = tab_view_action

/* id's detail (read on the first call for id), or NULL when the cache
 * has none or reading failed (which is said). */
const void *tab_detail_get(struct tab_detail *, struct app *, const char *id);

/* The selection moved or the cache changed: the detail is read again. */
void	 tab_detail_forget(struct tab_detail *);

/* Whether s (NULL: no) holds text, ignoring ASCII case: for a source's
 * match. */
bool	 tab_contains(const char *s, const char *text);

#endif
