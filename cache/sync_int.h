/*
 * Shared by the sync modules (cache/sync*.c) only: the state of one
 * round and the helpers every backend's round uses to count pages,
 * record an endpoint's health in sync_state and decide whether a failure
 * ends the round.
 */
#ifndef TDESK_SYNC_INT_H
#define TDESK_SYNC_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "cache/cache.h"
#include "api/http.h"
#include "cache/sync.h"

/* One round in progress. */
struct sync_run {
	struct cache	*c;
	struct http_client *cl;
	const struct sync_options *opt;
	struct sync_report *rep;
	enum sync_backend backend;
	const char	*name;		/* sync_backend_name(backend) */
	int		 rc;		/* the round's result so far */
	bool		 halt;		/* stop now: a failure that ends the
					 * round, a cache failure, a
					 * cancellation */
	char		**cause;	/* the first failure's message */
	int		 max_pages;	/* resolved from opt */
};

/* Sets up r for a round of backend; zeroes nothing in rep. */
void	 sync_run_init(struct sync_run *r, enum sync_backend backend,
	    struct cache *c, struct http_client *cl,
	    const struct sync_options *opt, struct sync_report *rep,
	    char **cause);

/*
 * Whether the client's breaker is open: the round is then not run,
 * r->rc is SYNC_ERR_BACKEND with result HTTP_BREAKER_OPEN (nothing is
 * written). True: skip.
 */
bool	 sync_breaker_open(struct sync_run *r);

/* Whether the caller asked to stop; sets r->rc and r->halt if so. */
bool	 sync_stopping(struct sync_run *r);

/*
 * A request to endpoint failed with result res and message msg (taken:
 * freed here). Records it on the endpoint (unless cancelled), keeps the
 * first failure in the report and *cause, and halts the round unless
 * the failure is a refusal of this endpoint only.
 */
void	 sync_failed(struct sync_run *r, const char *endpoint,
	    enum http_result res, char *msg);

/* A cache failure (msg taken): the round ends with SYNC_ERR_CACHE. */
void	 sync_cache_failed(struct sync_run *r, int rc, char *msg);

/*
 * The endpoint answered; changed: its pages changed rows this round.
 * Clears a stored error, and writes last_success when changed or when
 * the stored one is older than SYNC_PERSIST_S (see sync.h); nothing
 * otherwise.
 */
void	 sync_succeeded(struct sync_run *r, const char *endpoint,
	    bool changed);

/*
 * The endpoint's cursor is now cursor (NULL: none): written (with a
 * success) only when it differs from the stored one.
 */
void	 sync_set_cursor(struct sync_run *r, const char *endpoint,
	    const char *cursor);

/*
 * The sync state to store with a page of endpoint: the stored row with
 * cursor (copied; NULL keeps the stored one), no error, last_success now.
 * *st is the caller's to free (cache_sync_state_free). 0, or -1 after
 * sync_cache_failed.
 */
int	 sync_next_state(struct sync_run *r, const char *endpoint,
	    const char *cursor, struct cache_sync_state *st);

/* The stored cursor of endpoint (caller frees; NULL: none), or -1 after
 * sync_cache_failed. */
int	 sync_get_cursor(struct sync_run *r, const char *endpoint,
	    char **cursor);

/*
 * A page of endpoint was stored: counts it and its records, tells the
 * progress callback, then gives the caller's between hook its turn.
 * Returns false when the round must stop.
 */
bool	 sync_page_done(struct sync_run *r, const char *endpoint,
	    size_t records);

/* Rows the stats say changed. */
size_t	 sync_changed(const struct cache_store_stats *s);

/* A request is about to be made (counts it); false: stop instead. */
bool	 sync_request(struct sync_run *r);

/*
 * Whether a reference list kept under endpoint is due: asked
 * (refresh_lists), or never fetched. false after sync_cache_failed.
 */
bool	 sync_list_due(struct sync_run *r, const char *endpoint);

/*
 * Whether a one-off answer kept as endpoint's cursor (who we are) is due:
 * asked (refresh_lists), or never recorded. false when the cursor cannot
 * be read.
 */
bool	 sync_cursor_due(struct sync_run *r, const char *endpoint);

/* Unix seconds, now. */
int64_t	 sync_now(void);

#endif
