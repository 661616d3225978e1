/*
 * The drainer: sends the outbox's rows (queued by actions.h) to their
 * backends, one claim at a time, and records each outcome, so that a
 * write is sent once even when the process is killed at any point (the
 * protocol is at the top of outbox.c; the read-back rules at the top of
 * drain.c).
 *
 * Blocking: it waits on the network (see http.h). For the sync thread and
 * the command line, never the console's event loop.
 */
#ifndef TDESK_DRAIN_H
#define TDESK_DRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "api/http.h"

enum drain_backend {
	DRAIN_ZENDESK = 0,
	DRAIN_STATUSPAGE,
	DRAIN_PAYMENTS,
	DRAIN_NBACKENDS,
};

/* "zendesk", "statuspage", "payments": the outbox's backend names. */
const char *cache_drain_backend_name(enum drain_backend);

/* The backends' clients; borrowed for the call. */
struct drain_clients {
	struct http_client *zendesk;	/* NULL: not configured: its rows
					 * wait */
	struct http_client *statuspage;	/* NULL: likewise */
	struct http_client *payments;	/* NULL: likewise */
	const char	*billing_field;	/* zendesk.billing_field (NULL:
					 * none); for the organizations a
					 * write's answer may carry */
	int64_t		 zendesk_user_id; /* the Zendesk token's user, whose
					 * comments read-back looks for; 0:
					 * asked of /users/me when needed */
};

/* Knobs; a NULL options pointer means all defaults. */
struct drain_options {
	size_t		 max_rows;	/* stop after this many rows
					 * (claims); 0: no limit */
	int64_t		 job_poll_ms;	/* a bulk job's status is read every
					 * this often: 0: 500 ms */
	int64_t		 job_wait_ms;	/* and for at most this long before
					 * its outcome counts as unknown
					 * (read back later): 0: 60 s */
	int64_t		 max_wait_ms;	/* the longest wait for a rate budget
					 * per request (http_request
					 * max_wait_ms): 0: the policy's */
	int64_t		 readback_delay_s; /* a write not answered in time
					 * may still land this long after:
					 * its read-back waits so long (and
					 * a crashed sender's orphan so long
					 * after its claim). 0:
					 * DRAIN_READBACK_DELAY_S;
					 * DRAIN_READBACK_AT_ONCE: none */
};

/* The default wait before an unanswered write is read back. */
#define DRAIN_READBACK_DELAY_S	120
#define DRAIN_READBACK_AT_ONCE	(-1)

/* What one backend's rows came to in one drain. */
struct drain_counts {
	size_t		 done;		/* applied (sent, or found applied
					 * by read-back) */
	size_t		 failed;	/* refused by the backend */
	size_t		 conflict;	/* 409: the user decides */
	size_t		 released;	/* given back: queued again, or
					 * orphaned to be read back */
	size_t		 waiting;	/* of those, orphans whose read-back
					 * waits (readback_delay_s) */
	bool		 stopped;	/* unavailable (transient failure,
					 * breaker, rate budget): its other
					 * rows wait for the next drain */
};

struct drain_report {
	struct drain_counts backend[DRAIN_NBACKENDS];
	char		**messages;	/* nmessages lines: one per row not
					 * done and per backend stopped,
					 * "outbox row 12 (ticket.update
					 * ticket:101): zendesk: PUT ...:
					 * HTTP 422: ..."; never a secret */
	size_t		 nmessages;
};

void	 cache_drain_report_clear(struct drain_report *);

/*
 * Sends what can be sent now: repeatedly takes the oldest row heading its
 * target (cache_outbox_next) of each configured backend in turn, claims it
 * (cache_outbox_mark_sending), sends it or, for an orphan, reads the
 * target back first, and records the outcome, until no backend has a row
 * it can send. A backend that is unavailable is left alone for the rest
 * of the call and its row given back unsent; a row whose outcome stays
 * unknown is read back at most once more in the same call.
 *
 * *report (zeroed first; the caller clears it) says what happened. Rows
 * that fail, conflict or are released are not errors: CACHE_OK. An error
 * is the cache failing (CACHE_ERR*, *cause set): draining stops, and a row
 * claimed then stays claimed until this process exits (then it is an
 * orphan, read back by the next drainer).
 *
 * Test-only: TDESK_CRASH_AT=k in the environment kills the process
 * (SIGKILL) at the k-th outbox step it reaches; see drain.c.
 */
int	 cache_drain(struct cache *c, const struct drain_clients *clients,
	    const struct drain_options *opt, struct drain_report *report,
	    char **cause) TD_WUR;

#endif
