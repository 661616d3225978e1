/*
 * What each tab's file gives the table of tabs (views.c): the functions
 * of its struct view, and the : commands its tab layer runs.
 */
#ifndef TDESK_VIEWS_H
#define TDESK_VIEWS_H

#include <stdint.h>

#include "tui/console/ui.h"

extern const char *const tickets_commands[];
extern const char *const payments_commands[];
extern const char *const outbox_commands[];

/* view_tickets.c */
void	*tickets_open(struct app *);
void	 tickets_draw(void *state, struct app *, const struct ui_layout *);
int	 tickets_command(void *state, struct app *, int argc, char **argv);
char	**tickets_complete(void *state, struct app *, const char *cmd,
	    int argi, const char *prefix);

/* view_payments.c */
void	*payments_open(struct app *);
int	 payments_command(void *state, struct app *, int argc, char **argv);
char	**payments_complete(void *state, struct app *, const char *cmd,
	    int argi, const char *prefix);

/* view_incidents.c */
void	*incidents_open(struct app *);

/* view_outbox.c */
void	*outbox_open(struct app *);
void	 outbox_draw(void *state, struct app *, const struct ui_layout *);
int	 outbox_command(void *state, struct app *, int argc, char **argv);
char	**outbox_complete(void *state, struct app *, const char *cmd,
	    int argi, const char *prefix);
int64_t	 outbox_badge(void *state, struct app *);

#endif
