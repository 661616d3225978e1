/*
 * The sync engine: brings the three backends into the cache. One round
 * per backend, callable on its own (tdesk sync --once, the tests), and a
 * background engine that runs the rounds on their own thread, drains the
 * outbox after each, and tells the console what it did through a status
 * snapshot and a file descriptor the event loop polls.
 *
 * Errors: functions returning int return enum sync_err (0 = ok) and set
 * *cause (the caller frees it) on failure, as in cache.h.
 *
 * What a round keeps in the cache besides the rows (sync_state, backend
 * and endpoint):
 *  zendesk    me              cursor: the token's user id (the user is in
 *                             users, with its role): "mine" views
 *             tickets/cursor  cursor: the incremental export's after_cursor
 *             tickets/list    cursor: the agents' fallback list's
 *                             page[after] (see tickets/mode)
 *             tickets/mode    cursor: "list" once the export answered 403
 *                             (an agent's token); absent: the export
 *             groups, organizations, macros, users/staff, users/lookup,
 *             comments        no cursor: health only
 *             comments/<id>   cursor: the ticket's version (its
 *                             generated_timestamp, else updated_at, in
 *                             decimal) when its comments were last
 *                             fetched; written with the last comment page
 *  statuspage incidents, incidents/unresolved, components, templates:
 *                             health only
 *  payments   me              cursor: the role as sent (first_line,
 *                             technician, admin)
 *             flagged         cursor: the newest updated_at stored
 *                             (RFC 3339 as sent)
 *
 * Freshness: every endpoint's last_error and last_error_at are written
 * when a request fails (and a success clears last_error). last_success is
 * written with the rows when a page changed something; a round that
 * finds nothing new writes nothing, except that an endpoint whose stored
 * last_success is more than SYNC_PERSIST_S old gets it moved (at most one
 * small write per endpoint every ten minutes, so another process reading
 * sync_state sees the cache is being kept). The engine's status snapshot
 * holds the exact in-memory times.
 */
#ifndef TDESK_SYNC_H
#define TDESK_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "api/http.h"
#include "cache/outbox.h"
#include "cache/store.h"
#include "api/xmalloc.h"

/* First Zendesk export of a cache: tickets changed in the last 30 days. */
#define SYNC_ZENDESK_WINDOW_S	(30 * 86400)
/* sync_options.zendesk_window_s: the whole account. */
#define SYNC_WINDOW_ALL		(-1)

/* Background intervals between rounds, per backend. */
#define SYNC_ZENDESK_INTERVAL_MS	30000
#define SYNC_STATUSPAGE_INTERVAL_MS	30000
#define SYNC_PAYMENTS_INTERVAL_MS	60000
/* Reference lists (groups, organizations, macros, staff, templates, the
 * current users) are fetched again after this long. */
#define SYNC_LISTS_INTERVAL_MS		600000

/* Tickets whose comments are fetched ahead, at most, per round. */
#define SYNC_COMMENTS_AHEAD	50
/* Pages of one endpoint per round; a backlog goes on in the next round. */
#define SYNC_MAX_PAGES		10
/* A no-change round moves a stored last_success older than this. */
#define SYNC_PERSIST_S		600

/* Room for a message in struct sync_backend_status and sync_status. */
#define SYNC_MESSAGE_MAX	512

/* Macro requests waiting at most (sync_request_macro): ACTION_BULK_MAX
 * and more, so a macro applied to every ticket of a bulk selection fits. */
#define SYNC_MACRO_QUEUE	128

enum sync_backend {
	SYNC_ZENDESK = 0,
	SYNC_STATUSPAGE,
	SYNC_PAYMENTS,
	SYNC_NBACKENDS
};

/* "zendesk", "statuspage", "payments"; "?" out of range. */
const char *sync_backend_name(enum sync_backend);

enum sync_err {
	SYNC_OK = 0,
	SYNC_ERR_BACKEND,	/* a request failed: recorded in sync_state,
				 * the cache at its last good state; the
				 * details are in sync_report */
	SYNC_ERR_CACHE,		/* the cache failed (I/O, lock timeout):
				 * nothing half-stored */
	SYNC_ERR_CANCELLED,	/* stopped by sync_options.cancelled */
};

/* Where a round is, for a progress line ("zendesk: tickets/cursor: 3
 * pages, 2,841 records"). Valid during the callback only. */
struct sync_progress {
	enum sync_backend backend;
	const char	*endpoint;	/* as in sync_state */
	size_t		 pages;		/* pages stored so far this round */
	size_t		 records;	/* records received so far */
	size_t		 changed;	/* rows inserted, updated or deleted */
};

typedef void sync_progress_fn(void *arg, const struct sync_progress *);

/* How a round runs. Zeroed: the defaults below. Strings borrowed. */
struct sync_options {
	const char	*billing_field;	/* zendesk.billing_field; NULL: none */
	int64_t		 zendesk_window_s;	/* first export from now minus
						 * this; 0: SYNC_ZENDESK_WINDOW_S;
						 * SYNC_WINDOW_ALL: everything */
	bool		 refresh_lists;	/* fetch the reference lists too;
					 * a cache without them gets them
					 * anyway */
	int		 comments_ahead;	/* 0: SYNC_COMMENTS_AHEAD; < 0:
						 * none */
	int		 max_pages;	/* per endpoint; 0: SYNC_MAX_PAGES */
	sync_progress_fn *progress;	/* after each page; NULL: none */
	int		(*cancelled)(void *arg);	/* asked between
					 * requests: non-zero stops the round
					 * with SYNC_ERR_CANCELLED; NULL: never */
	void		(*between)(void *arg);	/* called between pages, no
					 * transaction open: the engine
					 * serves comment requests there;
					 * NULL: none */
	void		*arg;		/* for the three callbacks */
};

/* What a round did. Zero it before the round; the counts add up. */
struct sync_report {
	size_t		 requests;	/* calls made */
	size_t		 pages;		/* pages stored */
	size_t		 records;	/* records received */
	struct cache_store_stats stats;	/* what storing them did */
	bool		 more;		/* stopped at max_pages with more to
					 * fetch: run another round */
	enum http_result result;	/* the first failure's; HTTP_OK */
	long		 status;	/* its HTTP status; 0: none */
	int64_t		 retry_in_ms;	/* breaker or rate limit: when to
					 * come back; 0: none */
};

/*
 * One round for one backend against the cache c, over the client made
 * for it (zendesk_client_new, statuspage_client_new, payments_client_new),
 * on the calling thread; blocking (see http.h).
 *
 * Zendesk: the current user (with refresh_lists, or when not cached);
 * tickets from the incremental export (GET /api/v2/incremental/tickets/
 * cursor, include=users,groups,organizations), from the stored cursor or
 * on a first run from now minus the window; a 403 there switches the
 * cache to the agents' fallback, GET /api/v2/tickets?page[size]=100&
 * sort=updated_at walked on from its stored page[after], for good
 * (tickets/mode), with the users and organizations those tickets name
 * fetched by GET /api/v2/users/show_many and /organizations/show_many.
 * With refresh_lists: groups, organizations (billing standing from
 * billing_field), active macros and staff (GET /api/v2/users?role[]=agent&
 * role[]=admin). Once the tickets are caught up: the comments of up to
 * comments_ahead of the most recently updated tickets (among the 200
 * newest) changed since their comments were last fetched.
 *
 * Statuspage: unresolved incidents, the newest incidents (25; 100 with
 * refresh_lists), with their updates; every component (the list is
 * complete: components gone from it are removed); with refresh_lists,
 * incident templates (likewise complete).
 *
 * Payments: /v1/me (with refresh_lists, or when not cached) for the role;
 * flagged payments changed since the stored cursor (from a second before
 * it: a page of records already stored writes nothing), page by page.
 *
 * A backend whose breaker is open is not called: SYNC_ERR_BACKEND with
 * result HTTP_BREAKER_OPEN and retry_in_ms, nothing written. A failed
 * request is recorded on its endpoint; a refusal (4xx, an answer that
 * does not decode or is too large) lets the round go on with the other
 * endpoints, anything else (unreachable, 5xx, 401, rate limited) ends it.
 * The round's result is then SYNC_ERR_BACKEND with *cause the first
 * failure ("zendesk: GET /api/v2/groups: HTTP 500 ...").
 */
int	 sync_zendesk_round(struct cache *c, struct http_client *cl,
	    const struct sync_options *opt, struct sync_report *rep,
	    char **cause) TD_WUR;
int	 sync_statuspage_round(struct cache *c, struct http_client *cl,
	    const struct sync_options *opt, struct sync_report *rep,
	    char **cause) TD_WUR;
int	 sync_payments_round(struct cache *c, struct http_client *cl,
	    const struct sync_options *opt, struct sync_report *rep,
	    char **cause) TD_WUR;

/*
 * Every comment of one ticket, now (the console opened it), fetching
 * the ticket first if it is not cached. Failures as above, recorded on
 * the endpoint "comments".
 */
int	 sync_zendesk_comments(struct cache *c, struct http_client *cl,
	    int64_t ticket_id, const struct sync_options *opt,
	    struct sync_report *rep, char **cause) TD_WUR;

/* ---- The background engine ------------------------------------------ */

/*
 * Threading contract:
 *  - sync_engine_start makes one thread that owns a cache connection of
 *    its own (cache_open of the same path and identity) and the clients
 *    handed to it; no SQLite connection and no http client is shared
 *    with the caller;
 *  - every other function here is for the caller's thread (the console's
 *    event loop) and never waits on the network or on the engine's
 *    work: they take a mutex held only to copy a few fields;
 *  - sync_engine_stop asks the thread to stop, aborts the transfer in
 *    flight (through sync_hook_cancelled, below) and joins it: it returns
 *    within about a second whatever the backends are doing (libcurl asks
 *    whether to abort an idle transfer about once a second).
 *
 * The console polls sync_engine_fd for POLLIN: readable when the status
 * changed (a round started or ended, a page was stored, health changed,
 * the outbox was drained). It then calls sync_engine_ack, reads the
 * status with sync_engine_status, and re-reads its windows over the
 * cache when status.changes moved.
 */

enum sync_state {
	SYNC_STATE_OFF = 0,	/* not configured */
	SYNC_STATE_IDLE,	/* the last round succeeded; waiting */
	SYNC_STATE_SYNCING,	/* a round is running */
	SYNC_STATE_OFFLINE,	/* the last round failed in a way that may
				 * pass: unreachable, timeouts, 5xx, rate
				 * limited */
	SYNC_STATE_ERROR,	/* the backend refused: credentials, 4xx,
				 * answers tdesk cannot read */
	SYNC_STATE_BREAKER_OPEN, /* too many failures: nothing sent until
				 * retry_in_ms */
};

/* "off", "idle", "syncing", "offline", "error", "circuit open". */
const char *sync_state_name(enum sync_state);

struct sync_backend_status {
	bool		 configured;
	enum sync_state	 state;
	char		 endpoint[48];	/* syncing: what; else "" */
	size_t		 pages;		/* of the round running, else of
					 * the last one */
	size_t		 records;
	size_t		 changed;
	bool		 more;		/* a backlog: the next round is now */
	int64_t		 last_success_ms;	/* unix ms of the last good
						 * round (from sync_state until
						 * this process had one); 0:
						 * never */
	int64_t		 next_attempt_ms;	/* unix ms the next round is
						 * due; 0: none planned */
	int64_t		 retry_in_ms;	/* breaker open: until the probe */
	int		 failures;	/* rounds failed in a row */
	char		 last_error[SYNC_MESSAGE_MAX];	/* the last failed
						 * round's message; "" after
						 * a success */
	int64_t		 last_error_ms;	/* unix ms; 0: none */
};

struct sync_status {
	struct sync_backend_status backends[SYNC_NBACKENDS];
	struct outbox_counts outbox;	/* after the last round or drain */
	char		 drain_error[SYNC_MESSAGE_MAX];	/* the last drain's
						 * failure; "": none */
	uint64_t	 changes;	/* moves whenever rows were stored */
	char		 notice[SYNC_MESSAGE_MAX];	/* the outcome of the
						 * last console request, in
						 * words ("macro 'Close and
						 * thank' queued for ticket
						 * 101"); holds text from a
						 * backend (a macro's title):
						 * sanitise it; "": none yet */
	bool		 notice_error;	/* notice says what failed */
	uint64_t	 notice_seq;	/* moves with each notice: show the
					 * notice when it moved, even if the
					 * text is the same as before */
};

struct sync_config {
	const char	*cache_path;	/* the profile's cache file */
	const struct cache_identity *identity;	/* as the caller opened it */
	struct http_client *zendesk;	/* handed over: the engine owns and
					 * frees them, from the call on (even
					 * when it fails); NULL: not
					 * configured */
	struct http_client *statuspage;
	struct http_client *payments;
	const char	*billing_field;	/* copied; NULL: none */
	int64_t		 zendesk_window_s;	/* as in sync_options */
	int64_t		 interval_ms[SYNC_NBACKENDS];	/* 0: the
						 * SYNC_*_INTERVAL_MS */
	int64_t		 lists_interval_ms;	/* 0: SYNC_LISTS_INTERVAL_MS */
	int		 comments_ahead;	/* as in sync_options */
	int		 max_pages;		/* as in sync_options */
	bool		 no_drain;	/* never call cache_drain (tests) */
	int64_t		 readback_delay_s;	/* as in drain_options */
};

struct sync_engine;

/*
 * Opens the engine's cache connection and starts its thread, which runs
 * a first round of every configured backend at once. NULL with *cause
 * set when the cache cannot be opened or the thread not made.
 */
struct sync_engine *sync_engine_start(const struct sync_config *cfg,
	    char **cause) TD_WUR;

/* Stops the thread (see above), frees everything, NULLs *e. NULL-safe. */
void	 sync_engine_stop(struct sync_engine **e);

/* Readable when something changed; see above. Owned by the engine. */
int	 sync_engine_fd(const struct sync_engine *e);

/* Empties the fd (call before reading the status, so no change is lost). */
void	 sync_engine_ack(struct sync_engine *e);

/* A copy of the status. */
void	 sync_engine_status(struct sync_engine *e, struct sync_status *out);

/* Run every backend's round now (the user pressed "sync"). */
void	 sync_request_now(struct sync_engine *e);

/* Drain the outbox now (the console just queued a write). */
void	 sync_request_drain(struct sync_engine *e);

/*
 * Fetch one ticket's comments now, ahead of any round in progress (served
 * between its pages). The latest requests are kept when many pile up.
 */
void	 sync_request_comments(struct sync_engine *e, int64_t ticket_id);

/*
 * Apply Zendesk macro macro_id to ticket ticket_id, without the caller
 * waiting on the network: the request joins a FIFO that the engine's
 * thread serves between pages (as comment requests) or at once when
 * idle. For each, in the order asked: GET /api/v2/tickets/{id}/macros/
 * {mid}/apply (zendesk_macro_apply), then cache_action_ticket_macro
 * queues the write (checked against the cached ticket as every action
 * is), then the outbox is drained. Each request ends in one notice in
 * the status (notice, notice_error, notice_seq) and a wake-up of the fd:
 * "macro 'Close and thank' queued for ticket 101", or why it was not
 * ("... not applied: HTTP 404 ...", "... not queued: ticket 101 is
 * closed ..."). The FIFO holds SYNC_MACRO_QUEUE requests; one more is
 * refused at once with an error notice (nothing waits, nothing older is
 * dropped), as is a request with an id that is not one, or without a
 * Zendesk client.
 */
void	 sync_request_macro(struct sync_engine *e, int64_t ticket_id,
	    int64_t macro_id);

/*
 * The http_hooks.cancelled to make the engine's clients with: on the
 * engine's thread it answers whether the engine is stopping, on any other
 * thread 0; arg is ignored. A client made without it still works, but
 * sync_engine_stop then waits for its transfer in flight (up to the
 * policy's timeouts). (Hooks are copied when a client is made, so the
 * engine cannot add this to a client handed to it.)
 */
int	 sync_hook_cancelled(void *arg);

#endif
