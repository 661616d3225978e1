/*
 * What the console's own files share and no view sees: the loop's state
 * (app.c), the status line and tab bar (status.c), the help overlay
 * (help.c) and the ":" command line (cmdline.c).
 */
#ifndef TDESK_CONSOLE_H
#define TDESK_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "tui/console/ui.h"

#define NVIEWS		4
#define MESSAGE_MAX	512

struct prompt;
struct timefmt_table;

/* The "?" overlay: the current tab's keys, one line each. */
struct help {
	char		**lines;
	size_t		 n;
	size_t		 top;		/* the first line shown */
	char		*title;
};

struct app_priv {
	const struct view *views[NVIEWS];
	void		*state[NVIEWS];
	bool		 stale[NVIEWS];	/* the cache changed since it was read */
	int		 cur;
	struct timefmt_table *zones;
	char		 msg[MESSAGE_MAX];
	bool		 msg_error;
	struct prompt	*prompt;
	struct prompt	*next_prompt;	/* opened by a prompt's callback */
	struct help	*help;
	struct lineedit_history *cmd_history;
	char		*inc_name;	/* the status line's incident; NULL: none */
	int64_t		 inc_due;	/* its next update; 0: none set */
	bool		 inc_stale;	/* read it again before drawing */
	uint64_t	 changes_seen;
	uint64_t	 notice_seen;
	bool		 quit;
	bool		 full_redraw;
};

static inline struct app_priv *
console_priv(struct app *app)
{
	return app->priv;
}

/* app.c: the actions the console handles in every tab (ACT_NONE ends). */
extern const enum action console_handles[];

/* app.c: make tab i the current one (nothing for a tab that is not). */
void	 console_switch_tab(struct app *, int i);

/* status.c: the tab bar (line 0) and the status line at y. */
void	 status_draw_tabs(struct app *);
void	 status_draw(struct app *, int y);

/* help.c: the "?" overlay of the current tab; its keys while it is open. */
void	 help_open(struct app *);
void	 help_free(struct help **);
void	 help_draw(struct app *);
int	 help_action(struct app *, enum action);

/* cmdline.c: the ":" prompt, with completion and the global commands. */
void	 cmdline_open(struct app *);

#endif
