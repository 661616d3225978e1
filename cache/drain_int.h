/*
 * Shared by the drainer's files only: drain.c (the loop, claims, outcomes,
 * payments), drain_zendesk.c and drain_statuspage.c (each backend's
 * answers and read-back rules). Nothing outside cache/drain*.c includes
 * this.
 */
#ifndef TDESK_DRAIN_INT_H
#define TDESK_DRAIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "cache/drain.h"
#include "api/http.h"
#include "api/model.h"
#include "cache/outbox.h"

/* One cache_drain call. */
struct drain {
	struct cache	*c;
	const struct drain_clients *cl;
	struct drain_options opt;		/* defaults filled in */
	struct drain_report *rep;
	int64_t		 zd_me;			/* the Zendesk token's user;
						 * 0: not asked yet */
	size_t		 nclaims;		/* rows claimed so far */
	struct drain_seen {
		int64_t	 id;
		int	 n;			/* times met this call */
	}		*seen;
	size_t		 nseen;
};

/* A claimed row and its payload. */
struct drain_row {
	struct outbox_row r;
	enum drain_backend be;
	enum outbox_claim claim;
	bool		 unsure;		/* an earlier send may have
						 * been applied and nothing
						 * has shown otherwise: give
						 * it back as an orphan */
	json_t		*p;			/* the payload */
	enum http_method method;
	const char	*path;			/* in p */
	json_t		*body;			/* in p */
};

enum drain_verdict {
	DRAIN_UNSET = 0,	/* nothing decided: a bug, recorded as an
				 * unknown outcome, never as done */
	DRAIN_DONE,		/* applied: store the record, mark done */
	DRAIN_FAILED,		/* refused: mark failed with reason */
	DRAIN_CONFLICT,		/* 409: mark conflict with conflict_json */
	DRAIN_RELEASE,		/* outcome unknown or not sent: give back
				 * (maybe_sent = the row's unsure) */
};

/* What became of a row; everything owned, freed by drain_outcome_clear. */
struct drain_outcome {
	enum drain_verdict v;
	char		*reason;		/* why (failed, released,
						 * conflict); NULL: none */
	char		*conflict_json;		/* conflict: the server's
						 * record; NULL: unknown */
	char		*note;			/* done, but worth saying */
	bool		 stop;			/* the backend is unavailable
						 * for the rest of the call */
	bool		 maybe_sent;		/* released: this send may have
						 * been applied (an orphan
						 * whatever the row's unsure) */
	bool		 late;			/* maybe_sent, and the request
						 * may still land (http
						 * response late): the
						 * read-back waits */
	bool		 certain;		/* failed: the backend's own
						 * answer shows the write was
						 * not applied, whatever an
						 * earlier send did */
	/* Records to store before the row is marked (any may be NULL). */
	struct ticket	*ticket;
	struct zendesk_comment_page *comments;	/* the comment a ticket
						 * write added (after the
						 * ticket: it hangs off it) */
	struct payment	*payment;
	struct incident	*incident;
	struct component *component;
	/* After a done row: later queued rows of the target to move on. */
	char		*rebase_stamp;		/* Zendesk: the updated_at our
						 * write made */
	int64_t		 rebase_comment;	/* Zendesk: the comment it
						 * made, which later rows'
						 * read-back leaves out; 0:
						 * none or unknown */
	char		*rebase_after;		/* Statuspage: the time of the
						 * update our write made */
};

void	 drain_outcome_clear(struct drain_outcome *);

/*
 * The debug log's lines of a row (cache/drain_log.c): "FMT" after its id,
 * backend, kind and target; its claim; its outcome, as recorded.
 */
void	 drain_log_row(const struct drain_row *, const char *fmt, ...)
	    TD_PRINTF(2, 3);
void	 drain_log_claim(const struct drain_row *);
void	 drain_log_outcome(const struct drain_row *,
	    const struct drain_outcome *);

/*
 * An answer that was not a success, into o: a definitive 4xx failed (but
 * a 401 waits, as below); not sent or unavailable (transient, breaker,
 * rate budget, a setup error) released and the backend stopped; an
 * unknown outcome released as an orphan (late when resp says so). resp
 * is the answer (NULL: none); cause is taken over.
 */
void	 drain_failure(enum http_result r, const struct http_response *resp,
	    char *cause, struct drain_outcome *o);

/*
 * A 2xx answer to a write that is not the answer the API promises (it
 * does not decode, or names another record): an unknown outcome, released
 * as an orphan to be read back (or resent with its Idempotency-Key) at
 * once, since the server has finished with the request. what is "PUT
 * /api/v2/tickets/1", why the decoder's message (taken over).
 */
void	 drain_undecodable(const char *backend, const char *what, char *why,
	    struct drain_outcome *o);

/*
 * A read made for read-back failed: a record that is gone (status 404;
 * pass 0 where a 404 means something else) fails the row, since the
 * write can never apply; anything else leaves the row as it is (an
 * orphan) and the backend alone for now. cause is taken over.
 */
void	 drain_read_failed(enum http_result r, long status, char *cause,
	    struct drain_outcome *o);

/*
 * Send a request on cl and keep the answer in *resp (the caller clears
 * it): method and path as given, query may be NULL, body JSON text or
 * NULL, key the Idempotency-Key or NULL, budget/budget_key for
 * http_request. Reads are retried by the http layer; writes sent once.
 */
enum http_result drain_http(struct drain *d, struct http_client *cl,
	    enum http_method m, const char *path, const char *query,
	    const char *body, const char *key, const char *budget,
	    const char *budget_key, struct http_response *resp, char **cause);

/* "PATCH /incidents/abc": the row's request, for messages; the caller frees. */
char	*drain_describe(const struct drain_row *dr);

/* The row's body as compact JSON text; the caller frees. */
char	*drain_body_text(const struct drain_row *dr);

/* JSON text of v (compact), or NULL for NULL; the caller frees. */
char	*drain_dump(const json_t *v);

/* s with runs of white space made one space and the ends trimmed. */
char	*drain_squash(const char *s);

/* Whether (secs, nsec) of t is strictly after the bound (bs, bn). */
bool	 drain_after(const struct timestamp *t, int64_t bs, int32_t bn);

/*
 * Later queued rows of dr's target: fn may change each payload and
 * returns true when it did; those rows are edited (cache_outbox_edit).
 */
typedef bool drain_rebase_fn(const char *kind, json_t *payload, void *arg);
int	 drain_rebase(struct drain *d, const struct drain_row *dr,
	    drain_rebase_fn *fn, void *arg, char **cause) TD_WUR;

/*
 * The outbox steps of the crash switch (TDESK_CRASH_AT, see drain.c):
 * called after a claim is committed, after a row's answer has arrived,
 * and after its outcome is committed.
 */
void	 drain_crash_point(const char *step);

/*
 * The row is about to be sent again after its read-back found nothing:
 * its crash window starts anew (cache_outbox_mark_resending). CACHE_OK,
 * or the cache's error.
 */
int	 drain_resending(struct drain *d, const struct drain_row *dr,
	    char **cause) TD_WUR;

/* Add a line to the report. */
void	 drain_say(struct drain *d, const char *fmt, ...) TD_PRINTF(2, 3);

/*
 * Zendesk (drain_zendesk.c). drain_zendesk_row: a ticket.update or
 * ticket.create (read back first when it is an orphan) into *o.
 * drain_zendesk_bulk: rows[0..n) ticket.bulk rows of one batch, claimed,
 * sent as one update_many (an orphan alone, after read-back), each
 * outcome into outs[i].
 */
int	 drain_zendesk_row(struct drain *d, struct drain_row *dr,
	    struct drain_outcome *o, char **cause) TD_WUR;
int	 drain_zendesk_bulk(struct drain *d, struct drain_row **rows, size_t n,
	    struct drain_outcome *outs, char **cause) TD_WUR;

/* Payments (drain_payments.c): a payment.resolve row into *o. */
int	 drain_payments_row(struct drain *d, struct drain_row *dr,
	    struct drain_outcome *o) TD_WUR;

/* Statuspage (drain_statuspage.c): any of its kinds into *o. */
int	 drain_statuspage_row(struct drain *d, struct drain_row *dr,
	    struct drain_outcome *o, char **cause) TD_WUR;

#endif
