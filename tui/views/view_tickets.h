/*
 * The Tickets tab's parts, shared by its three files: the list and its
 * views (view_tickets.c), the detail pane (ticket_detail.c) and the
 * writes (ticket_actions.c).
 */
#ifndef TDESK_VIEW_TICKETS_H
#define TDESK_VIEW_TICKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/text/filter.h"
#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/tab.h"
#include "cache/query.h"
#include "tui/console/ui.h"

/* The most tickets one tag-pattern (T) tags. */
#define TAG_PATTERN_MAX	1000

struct tickets {
	struct tab	 tab;		/* first: the list, the detail pane
					 * and the filter's text the tab layer
					 * keeps */
	struct ticket_query q;		/* the view's filter and the typed one */
	struct filter_strings owned;	/* strings q points to */
	size_t		 view;		/* index: built-ins, then the config's */
	int64_t		 me_compiled;	/* app->me when q was compiled */
	int64_t		*counts;	/* per view; -1: unknown */
	int64_t		 counts_at;	/* when counted; 0: recount */

	/* The detail pane (tab.pane): built for detail_id, dropped when the
	 * selection moves or the cache changes, rebuilt when drawn. */
	int64_t		 detail_id;	/* 0: not built */
};

/* The ticket list's source; its arg is the struct tickets (app, q). */
extern const struct list_source tickets_list_source;

size_t	 tickets_nviews(const struct app *);
const char *tickets_view_name(const struct app *, size_t i);

/* Switches to view i narrowed by extra (NULL: none). UI_* flags. */
int	 tickets_set_view(struct tickets *, size_t view, const char *extra);

/* Whether the ticket changed on the server since the agent opened it. */
bool	 tickets_changed_since_seen(const struct ticket_row *);

/* The detail pane. */
void	 tickets_detail_reset(struct tickets *);
void	 tickets_detail_draw(struct tickets *, const struct ui_rect *,
	    bool focused);
int	 tickets_detail_open(struct tickets *);

/*
 * The writes: reply, note, assign, status, priority, tags, macro, on the
 * selected ticket or (after ";") on every tagged one. UI_IGNORED for an
 * action that is not one of them.
 */
int	 tickets_write_action(struct tickets *, enum action);
/* ":status solved", ":assign NAME"...; UI_IGNORED for other names. */
int	 tickets_write_command(struct tickets *, int argc, char **argv);
char	**tickets_write_complete(struct tickets *, const char *cmd, int argi,
	    const char *prefix);

#endif
