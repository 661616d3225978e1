/*
 * The console: one event loop (app.c) over a set of views, each a tab of
 * the screen with a list pane and a detail pane. This header is what a
 * view sees of the console: the view interface, the drawing primitives
 * that measure text with our own width tables, and the console's
 * services (messages, prompts, confirmations, $EDITOR).
 *
 * Key handlers change state and return UI_* flags; only the loop draws.
 * A view never touches the network: it reads the cache and queues writes
 * through cache/actions.h, then asks the sync engine to drain.
 */
#ifndef TDESK_UI_H
#define TDESK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/config/action_list.h"
#include "cache/cache.h"
#include "tui/config/config.h"
#include "tui/config/keymap.h"
#include "cache/sync.h"
#include "api/xmalloc.h"

struct app;
struct tab_ops;
struct lineedit_history;

/* What a handler did; the loop acts on the bits. */
#define UI_IGNORED	0x00	/* not for this handler: try the next */
#define UI_HANDLED	0x01	/* done, nothing to redraw */
#define UI_REDRAW	0x02	/* the screen must be drawn again */
#define UI_RELOAD	0x04	/* re-read every view's windows (a write was queued) */
#define UI_QUIT		0x08	/* leave the console */

/* Colour roles; ui_attr() maps them to what the terminal can show. */
enum ui_role {
	UI_NORMAL = 0,
	UI_TAB,			/* an inactive tab */
	UI_TAB_ACTIVE,
	UI_HEADER,		/* a pane's title line */
	UI_SELECTED,		/* the selected row of the focused pane */
	UI_SELECTED_DIM,	/* the selected row of a pane without focus */
	UI_TAGGED,		/* a tagged row's marker */
	UI_DIM,			/* secondary text: ages, ids */
	UI_LABEL,		/* "Requester:" in a detail pane */
	UI_STATUS,		/* the status line */
	UI_PRODUCTION,		/* the environment when it is production */
	UI_GOOD,		/* healthy, good standing */
	UI_WARN,		/* stale, dunning, pending writes */
	UI_ERROR,		/* offline, failed, conflict, overdue */
	UI_NOTE,		/* an internal note */
	UI_PUBLIC,		/* a public reply */
	UI_BORDER,		/* pane separators */
	UI_ROLE_COUNT
};

/* A rectangle of the screen. */
struct ui_rect {
	int		 y, x;		/* top left */
	int		 h, w;		/* rows and columns; 0: nothing to draw */
};

enum ui_focus {
	UI_FOCUS_LIST = 0,
	UI_FOCUS_DETAIL,
};

/* Where a view draws, given by the loop for each frame. */
struct ui_layout {
	struct ui_rect	 header;	/* one line above the panes: the view's
					 * title, counts, filter */
	struct ui_rect	 list;
	struct ui_rect	 detail;
	bool		 side_by_side;	/* panes left and right, else stacked */
	enum ui_focus	 focus;
};

/*
 * An action of a view that is listed in "?" but has nothing built for it
 * yet: its key shows reason (what is missing, and what to use meanwhile)
 * instead of doing nothing. A unit test (test_view_actions) checks that
 * every default binding of a view's contexts is one the view handles or
 * has a reason for, or one the tab layer or the console handles.
 */
struct view_action {
	enum action	 action;
	const char	*reason;
};

/* The backend a tab reads: a profile without it has nothing to show
 * there, and the tab says so and takes no key. */
enum view_backend {
	VIEW_BACKEND_ANY = 0,		/* shown whatever the profile has */
	VIEW_BACKEND_STATUSPAGE,
	VIEW_BACKEND_PAYMENTS,
};

/*
 * A tab of the console: what the user sees of it (names, words, keys)
 * and its functions. Every function may be NULL except close, draw and
 * action, and open unless tab is set. State is what open (or tab_open)
 * returns; the console owns it and calls close at the end.
 */
struct view {
	const char	*name;		/* "tickets": ":tab tickets", help title */
	const char	*title;		/* "Tickets": the tab bar, the header's
					 * first word, "Tickets are not
					 * configured" */
	enum keymap_context ctx;	/* where its keys are looked up */
	enum view_backend backend;

	/* The words of a list tab (tui/console/tab.h): */
	const char	*noun;		/* "ticket": "no ticket after this one
					 * matches", "No ticket is tagged now",
					 * "Search tickets: " */
	const char	*filter_label;	/* "Filter payments: " */
	const char	*tag_pattern_label;	/* "Tag tickets matching: " */
	const char	*empty;		/* the detail with no row: "No flagged
					 * payment is in the cache." */
	const char	*empty_filtered;	/* the same with a filter: "No
						 * payment matches the filter." */
	const char	*gone;		/* the row's detail left the cache:
					 * "This payment is no longer in the
					 * cache." */
	unsigned	 prompt_mode;	/* APP_COMPLETE_* of the tab's prompts */
	bool		 read_only;	/* the header ends "· read-only" */
	/* The detail has lines to show with no row selected (the Incidents
	 * tab's components), so open focuses it even then. */
	bool		 open_empty;

	/* A list tab's code (tui/console/tab.h): opened by tab_open when
	 * the view has no open of its own. */
	const struct tab_ops *tab;
	void		*(*open)(struct app *, const struct view *);
	void		 (*close)(void **state);
	/* The cache changed (a sync stored rows, a write was queued): re-read
	 * the windows, keeping the selection. */
	void		 (*reload)(void *state, struct app *);
	void		 (*draw)(void *state, struct app *, const struct ui_layout *);
	/* An action from the keymap; the loop tried the global ones first
	 * only when this returns UI_IGNORED. */
	int		 (*action)(void *state, struct app *, enum action);
	/* ":name args" commands of this view (argv[0] is the name); UI_IGNORED
	 * for a name it does not know. */
	int		 (*command)(void *state, struct app *, int argc, char **argv);
	const char *const *commands;	/* its command names, for completion
					 * (and of the shared ones, those the
					 * tab layer runs for it);
					 * NULL-terminated; NULL: none */
	/* Words to complete for argument argi of command cmd (NULL-terminated
	 * array the caller frees with ui_words_free), NULL: none. */
	char		**(*complete)(void *state, struct app *, const char *cmd,
			    int argi, const char *prefix);
	/* The count the tab bar shows after the title, "Outbox (2)": what
	 * needs the user's eye on this tab; 0: no count shown. */
	int64_t		 (*badge)(void *state, struct app *);
	/* Of the actions of its own context and the list actions the tab
	 * layer leaves to it (filter, tag-pattern): those it handles, and
	 * why the others do nothing yet. ACT_NONE ends each. */
	const enum action *handles;
	const struct view_action *not_built;
};

extern const struct view view_tickets;
extern const struct view view_payments;
extern const struct view view_incidents;
extern const struct view view_outbox;

/* ---- Drawing ----------------------------------------------------------- */

/*
 * Untrusted text (from a backend, or anything the user did not type) at
 * (y, x), sanitised to one line and fitted to exactly cols columns:
 * padded with spaces, cut with an ellipsis. Every grapheme cluster is
 * drawn so that ncurses, the terminal and our width tables agree on its
 * width (a cluster the C library would measure differently, such as an
 * emoji ZWJ sequence, is drawn as its first character). Returns cols.
 */
int	 ui_text(int y, int x, int cols, const char *s, enum ui_role);

/* The same with extra attributes (A_BOLD, A_REVERSE...) over the role's. */
int	 ui_text_attr(int y, int x, int cols, const char *s, enum ui_role,
	    unsigned long attr);

/*
 * Trusted text the program made (labels, numbers, "synced 12 s ago"),
 * drawn as it is (no sanitising), cut to cols without padding; returns
 * the columns drawn. For ASCII and our own UTF-8 only.
 */
int	 ui_label(int y, int x, int cols, const char *s, enum ui_role);

/* Blank a rectangle with a role's background. */
void	 ui_clear(const struct ui_rect *, enum ui_role);

/* Lines between panes: "│"/"─", or "|"/"-" without a UTF-8 locale. */
void	 ui_vline(int y, int x, int h);
void	 ui_hline(int y, int x, int w);

/* The curses attribute of a role (colour pair, bold, reverse). */
unsigned long ui_attr(enum ui_role);

/*
 * Called once after initscr(): the locale's character set and the colour
 * roles. NO_COLOR (set and not empty, as no-color.org says) or a terminal
 * without colours gives monochrome.
 */
void	 ui_draw_init(void);

/* Whether the locale is UTF-8 (else ASCII output everywhere). */
bool	 ui_utf8(void);

/*
 * A multi-line body (a comment) sanitised and wrapped to cols columns at
 * spaces where possible, as an array of lines the caller frees with
 * ui_words_free; *n the count. Blank lines are kept.
 */
char	**ui_wrap(const char *body, int cols, size_t *n);

void	 ui_words_free(char ***words);

/* ---- The console's services to views ----------------------------------- */

struct app {
	struct config	*cfg;
	const struct config_profile *profile;
	struct cache	*cache;		/* the UI thread's connection */
	struct keymap	*keymap;
	struct sync_engine *engine;	/* NULL: no backend configured */
	struct sync_status status;	/* the engine's, as of the last wake */
	int64_t		 me;		/* the Zendesk user id of the token; 0:
					 * not known yet */
	int64_t		 now;		/* unix seconds, for this frame */
	enum ui_focus	 focus;		/* which pane keys go to */
	bool		 tag_prefix;	/* ";" was pressed: the next action
					 * applies to every tagged line */
	void		*priv;		/* the loop's own state (app.c) */
};

/* One-line message at the bottom; an error is shown in the error colour. */
void	 app_message(struct app *, const char *fmt, ...) TD_PRINTF(2, 3);
void	 app_error(struct app *, const char *fmt, ...) TD_PRINTF(2, 3);

/* Called with what the user typed at a prompt (never NULL), or not at all
 * when the prompt is cancelled. Returns UI_* flags. */
typedef int app_prompt_fn(struct app *, void *arg, const char *text);
/* Candidates for completing prefix, the word before the cursor, which is
 * word argi (from 0) of line (the whole text typed); a NULL-terminated
 * array freed with ui_words_free, or NULL. */
typedef char **app_complete_fn(struct app *, void *arg, const char *line,
	    int argi, const char *prefix);

/* How a prompt's line is cut into words for completion (the values of
 * lineedit.h's LINEEDIT_WORDS, _QUOTED, _WHOLE). */
#define APP_COMPLETE_WHOLE	0x2u	/* the answer is one value (a name) */
#define APP_COMPLETE_WORDS	0x0u	/* words split on spaces (tags) */
#define APP_COMPLETE_QUOTED	0x1u	/* the : line: quoted words */

struct app_prompt {
	const char	*label;		/* "Status: " (copied) */
	const char	*initial;	/* text to start with; NULL: empty */
	struct lineedit_history *history;	/* NULL: none */
	app_complete_fn	*complete;	/* NULL: no completion */
	unsigned	 complete_mode;	/* APP_COMPLETE_*: what a word is */
	app_prompt_fn	*submit;
	void		*arg;		/* for complete and submit */
	void		(*arg_free)(void *);	/* called once the prompt is
					 * done either way; NULL: none */
};

/* Opens a one-line prompt over the message line (copying p). */
void	 app_prompt(struct app *, const struct app_prompt *p);

/*
 * A yes/no question for anything that moves money or reaches customers:
 * "y" calls yes; anything else cancels and says so. question is shown as
 * it is (make it say what will happen and to how many).
 */
void	 app_confirm(struct app *, const char *question, app_prompt_fn *yes,
	    void *arg, void (*arg_free)(void *));

/*
 * Runs $VISUAL/$EDITOR on initial (suspending the screen and bringing it
 * back intact). Returns the new text (caller frees), or NULL when the
 * edit was cancelled (empty or unchanged buffer) or failed, with the
 * reason already shown as a message.
 */
char	*app_edit(struct app *, const char *initial, const char *suffix);

/* Ask the engine to send the outbox now (after queueing a write). */
void	 app_drain(struct app *);

/* The zones of the configuration, resolved before the sync thread ran:
 * "20:59 UTC | 13:59 PT" into buf. */
char	*app_time(struct app *, int64_t t, char *buf, size_t size);

/* The console, until the user quits: returns an enum exit_code. */
struct cli;
int	 console_run(const struct cli *);

#endif
