/*
 * The one list widget every list pane plugs into: scrolling, selection,
 * tagging and search over a source that reads windows of rows from the
 * cache. The widget holds only the rows on screen, so a list of a million
 * tickets costs what a list of twenty does: moving past the edge asks the
 * source for the rows just after (or before) the last one shown.
 *
 * Rows are opaque to the widget; the source fetches, draws, frees and
 * names them. A row's key (tag_key) is its identity: the selection is
 * kept across reloads by key, and tags are a set of keys.
 */
#ifndef TDESK_LIST_H
#define TDESK_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/query.h"
#include "tui/console/ui.h"

#define LIST_KEY_MAX	96	/* bytes of a row key, NUL included */

struct list_source {
	/*
	 * Up to limit rows just after (CACHE_FORWARD) or just before
	 * (CACHE_BACKWARD) anchor in the list's order, anchor excluded;
	 * anchor NULL: the first (or last) rows. *rows is a new array of *n
	 * rows in list order, each freed with free_row. Returns a CACHE_*
	 * code with *cause set on failure.
	 */
	int		 (*fetch)(void *arg, const void *anchor,
			    enum cache_dir dir, size_t limit, void ***rows,
			    size_t *n, char **cause);
	/*
	 * The first row after (or before) anchor that matches text, or
	 * *row NULL; anchor NULL: from the start (or end). NULL: the list
	 * cannot be searched.
	 */
	int		 (*find)(void *arg, const void *anchor,
			    enum cache_dir dir, const char *text, void **row,
			    char **cause);
	/*
	 * Whether row matches text: for a list without a query to search
	 * with, the widget reads on a window at a time and asks this (used
	 * when find is NULL). NULL with find NULL: no search.
	 */
	bool		 (*match)(const void *row, const char *text);
	void		 (*free_row)(void *row);
	/* The row's identity, NUL-terminated into buf[LIST_KEY_MAX]. */
	void		 (*key)(const void *row, char *buf);
	/*
	 * One row's cells at (y, x), cols wide. What every row has is
	 * drawn already: the row cleared in base (UI_NORMAL, or the
	 * selection's role) and its tag marker in the column before x;
	 * cells are drawn in base where it is not UI_NORMAL.
	 */
	void		 (*draw)(void *arg, struct app *, const void *row,
			    int y, int x, int cols, enum ui_role base);
	/* Rows in the list; NULL: not known. */
	int		 (*count)(void *arg, int64_t *n, char **cause);
};

struct list {
	const struct list_source *src;
	void		*arg;		/* for the source's functions */
	void		**rows;		/* the window: at most height rows */
	size_t		 n;
	size_t		 sel;		/* index of the selected row in rows */
	int		 height;	/* rows the pane shows */
	char		 sel_key[LIST_KEY_MAX];	/* the selected row's key,
					 * kept while the window is empty */
	char		**tags;		/* sorted keys of the tagged rows */
	size_t		 ntags;
	char		*search;	/* the last search; NULL: none */
	int64_t		 count;		/* from src->count; -1: unknown */
	char		*error;		/* the last fetch's failure; NULL */
};

void	 list_init(struct list *, const struct list_source *, void *arg);

/*
 * For a source's fetch: n records of size bytes each (an array from the
 * cache, freed here) as n list rows, each a copy that is a 1-element array
 * of its own (so the cache's *_rows_free(&row, 1) frees it). NULL when n
 * is 0.
 */
void	**list_split(void *records, size_t n, size_t size);
/*
 * A fetch's end: rc is the cache's answer to the window read; when it is
 * CACHE_OK, the n records of size bytes become *rows (list_split).
 * Returns rc.
 */
int	 list_fetched(int rc, void *records, size_t n, size_t size,
	    void ***rows);
void	 list_free(struct list *);

/* Re-read the window (the cache changed), keeping the selected row and
 * its place on screen. */
void	 list_reload(struct list *);

/* Start again from the first row (the list's query changed). */
void	 list_restart(struct list *);

/* The pane is h rows high now: re-read, keeping the selection visible. */
void	 list_set_height(struct list *, int h);

/*
 * The list actions: move, page, top, bottom, search-next and -prev.
 * Returns UI_* flags (UI_IGNORED for an action that is not a list's).
 * A search with no previous search text returns UI_IGNORED too.
 */
int	 list_action(struct list *, enum action);

/* Search for text from the selected row on; false when none matched. */
bool	 list_search(struct list *, const char *text, enum cache_dir dir);

/* The selected row, or NULL when the list is empty. */
const void *list_selected(const struct list *);

/* Draw the window into r; rows with no data leave the rest blank. */
void	 list_draw(struct list *, struct app *, const struct ui_rect *r,
	    bool focused);

/* Tags: by row key. */
bool	 list_tagged(const struct list *, const char *key);
void	 list_tag_set(struct list *, const char *key, bool on);
void	 list_tag_toggle_selected(struct list *);
void	 list_tags_clear(struct list *);

#endif
