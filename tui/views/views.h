/*
 * What each tab's file gives the table of tabs (views.c): its tab_ops
 * (tui/console/tab.h) and the functions of its struct view.
 */
#ifndef TDESK_VIEWS_H
#define TDESK_VIEWS_H

#include <stdint.h>

#include "tui/console/tab.h"
#include "tui/console/ui.h"

/* view_tickets.c */
void	*tickets_open(struct app *, const struct view *);
void	 tickets_draw(void *state, struct app *, const struct ui_layout *);
int	 tickets_command(void *state, struct app *, int argc, char **argv);
char	**tickets_complete(void *state, struct app *, const char *cmd,
	    int argi, const char *prefix);

/* view_incidents.c */
extern const struct tab_ops incidents_tab;

/* view_payments.c */
extern const struct tab_ops payments_tab;
char	**payments_complete(void *state, struct app *, const char *cmd,
	    int argi, const char *prefix);

/* view_outbox.c */
extern const struct tab_ops outbox_tab;
void	 outbox_draw(void *state, struct app *, const struct ui_layout *);
int	 outbox_command(void *state, struct app *, int argc, char **argv);
char	**outbox_complete(void *state, struct app *, const char *cmd,
	    int argi, const char *prefix);
int64_t	 outbox_badge(void *state, struct app *);

#endif
