/*
 * The outbox: every write a user makes is a row here, committed durably
 * before anything is sent, then claimed, sent and marked by a drainer.
 * The protocol that makes "kill -9 at any point loses no action and sends
 * none twice" true is described at the top of cache/outbox.c.
 *
 * States: queued -> sending -> done | failed | conflict; failed and
 * conflict go back to queued by cache_outbox_retry or cache_outbox_edit.
 * Writes to one target ("ticket:123") are sent in the order they were
 * queued, and a row that is sending, failed or in conflict holds back the
 * later rows of its target.
 *
 * Every function that changes a row runs its own transaction with
 * synchronous=FULL (calling one inside an open transaction is CACHE_ERR)
 * and leaves the connection at synchronous=NORMAL. Errors as in cache.h.
 */
#ifndef TDESK_OUTBOX_H
#define TDESK_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"

/* Hex digits of a generated Idempotency-Key (128 random bits). */
#define OUTBOX_KEY_LEN	32

enum outbox_state {
	OUTBOX_QUEUED = 0,
	OUTBOX_SENDING,
	OUTBOX_DONE,
	OUTBOX_FAILED,
	OUTBOX_CONFLICT,
};

/* "queued"...; and back: 0, or -1 for a name that is not a state. */
const char *cache_outbox_state_name(enum outbox_state);
int	 cache_outbox_state_from_name(const char *, enum outbox_state *) TD_WUR;

struct outbox_row {
	int64_t		 id;
	int64_t		 created_at;
	int64_t		 updated_at;
	char		*backend;		/* zendesk statuspage payments */
	char		*target;		/* ticket:123, payment:p_1… */
	char		*kind;			/* ticket.update, payment.resolve… */
	char		*payload;		/* JSON text, as queued */
	enum outbox_state state;
	int64_t		 attempts;		/* times claimed for sending */
	char		*idempotency_key;	/* NULL: the backend takes none */
	char		*last_error;		/* failed: why; NULL otherwise */
	char		*conflict_json;		/* conflict: the server's
						 * version; NULL otherwise */
	int64_t		 claim_pid;		/* sending: the claimer; 0: none */
	int64_t		 claimed_at;		/* sending: when; 0: none */
	bool		 orphaned;		/* sending with no live claimer:
						 * the request may or may not
						 * have reached the backend;
						 * read back before resending */
	bool		 unsure;		/* an earlier send may have
						 * been applied and no
						 * read-back has shown
						 * otherwise; kept through
						 * failed, retry and edit */
	int64_t		 readback_at;		/* unix s before which it is
						 * not read back (a request
						 * may still land); 0: at
						 * once */
};

void	 cache_outbox_row_clear(struct outbox_row *);

/*
 * Whether the row's write may already have been applied: an orphan, or
 * a row whose unknown outcome no read-back has settled. The user is told
 * so, and the drainer reads the target back before it sends again.
 */
bool	 cache_outbox_maybe_applied(const struct outbox_row *);

/*
 * Whether such a row is waiting for its readback_at at unix time now
 * (cache_outbox_next passes it over until then).
 */
bool	 cache_outbox_waiting(const struct outbox_row *, int64_t now);

/*
 * The state as the user is shown it: the state's name, but "unknown" for
 * an orphan (sending, and nobody is: its outcome is not known yet).
 */
const char *cache_outbox_shown_state(const struct outbox_row *);

/*
 * What the user must know of a row that may already have been applied,
 * at unix time now ("may already have been applied: read back in 2 min,
 * once the request can no longer land, before it is sent again"); NULL
 * for any other row. The caller frees.
 */
char	*cache_outbox_unsure_note(const struct outbox_row *, int64_t now);
void	 cache_outbox_rows_free(struct outbox_row **rows, size_t n);

/*
 * Queues a write and returns once it is on disk (synchronous=FULL). For
 * backend "payments" a NULL key is replaced by a fresh random 128-bit key
 * in lower-case hex, stored with the row, so every send of this row
 * carries the same Idempotency-Key; a key given is stored as it is (it
 * must be unique). Other backends take no key: pass NULL. payload must be
 * valid JSON; target and kind must not be empty. *id is the new row's id
 * (never reused, even after a drop).
 */
int	 cache_outbox_enqueue(struct cache *c, const char *backend,
	    const char *target, const char *kind, const char *payload,
	    const char *idempotency_key, int64_t *id, char **cause) TD_WUR;

/* One row by id; *found false (and *out zeroed) when there is none. */
int	 cache_outbox_get(struct cache *c, int64_t id, struct outbox_row *out,
	    bool *found, char **cause) TD_WUR;

/*
 * The row a drainer should work on next, oldest first, of backend (NULL:
 * any): a queued row heading its target, or an orphaned sending row
 * heading its target (out->orphaned). Rows claimed by a live process
 * (this one included), rows waiting for their readback_at and rows held
 * back by an earlier row of their target are passed over. Changes
 * nothing; *found false when none.
 */
int	 cache_outbox_next(struct cache *c, const char *backend,
	    struct outbox_row *out, bool *found, char **cause) TD_WUR;

enum outbox_claim {
	OUTBOX_NOT_CLAIMED = 0,	/* another process has it, it was done,
				 * failed or dropped meanwhile, or an
				 * earlier row of its target came first */
	OUTBOX_CLAIMED,		/* queued -> sending: send it */
	OUTBOX_CLAIMED_UNSURE,	/* queued -> sending, but an earlier send
				 * may have been applied (the row's
				 * unsure, as the claim found it): read
				 * back before sending */
	OUTBOX_CLAIMED_ORPHAN,	/* an orphaned sending row is now ours: it
				 * may have been applied; read the target
				 * back (or resend with its idempotency
				 * key) before sending again */
};

/*
 * Claims row id for this process: queued -> sending, or takes over an
 * orphaned sending row (which marks it unsure); attempts is incremented.
 * Whether the row is unsure is told by the claim itself, read in its
 * transaction, never by a row read before it.
 * The claim is on disk (synchronous=FULL) when this returns, so call it
 * BEFORE the request goes out. A row found claimed by a live process is
 * left alone. settle_s: should this process die with the request on its
 * way, the orphan is not read back for this many seconds (readback_at).
 */
int	 cache_outbox_mark_sending(struct cache *c, int64_t id,
	    int64_t settle_s, enum outbox_claim *result, char **cause) TD_WUR;

/*
 * The outcome of a row this process claimed (CACHE_ERR if the row is not
 * sending under this process's claim). failed and conflict mean the
 * backend certainly did not apply the write (an error answer, a 409): an
 * unknown outcome (a timeout, a lost response) is not a failure, see
 * cache_outbox_release. conflict_json is the server's version of the
 * target (valid JSON, or NULL).
 */
int	 cache_outbox_mark_done(struct cache *c, int64_t id, char **cause) TD_WUR;
int	 cache_outbox_mark_failed(struct cache *c, int64_t id,
	    const char *reason, char **cause) TD_WUR;

/*
 * failed, but an earlier send may have been applied: a read-back could
 * not tell (the target is gone, the backend errs). The row stays unsure:
 * a retry reads back again before it sends, and a drop warns.
 */
int	 cache_outbox_mark_failed_unsure(struct cache *c, int64_t id,
	    const char *reason, char **cause) TD_WUR;
int	 cache_outbox_mark_conflict(struct cache *c, int64_t id,
	    const char *conflict_json, char **cause) TD_WUR;

/*
 * Gives back a row this process claimed without an outcome. maybe_sent
 * false: the request certainly did not leave (connection refused, breaker
 * open, rate budget spent): the row is queued again. maybe_sent true (a
 * timeout, a reset after sending): the row stays sending with no claimer,
 * an orphan that the next drain reads back before resending. reason is
 * kept in last_error (NULL: none).
 */
int	 cache_outbox_release(struct cache *c, int64_t id, bool maybe_sent,
	    const char *reason, char **cause) TD_WUR;

/*
 * The row this process claimed is about to be sent again after a
 * read-back (time has passed since its claim): should this process die
 * with the request on its way, the orphan is not read back for settle_s
 * from now. On disk (synchronous=FULL) when this returns.
 */
int	 cache_outbox_mark_resending(struct cache *c, int64_t id,
	    int64_t settle_s, char **cause) TD_WUR;

/*
 * cache_outbox_release with maybe_sent true, and the orphan not read back
 * before readback_at (unix seconds; 0: at once): a copy of the request
 * may still be on its way (our timeout, a gateway's 504).
 */
int	 cache_outbox_release_unknown(struct cache *c, int64_t id,
	    int64_t readback_at, const char *reason, char **cause) TD_WUR;

/*
 * failed or conflict -> queued, same payload and idempotency key (a
 * backend that saw the key answers as it did the first time), unsure
 * kept: a row that may have been applied is read back before it is sent.
 * Other states: CACHE_ERR with a message saying why.
 */
int	 cache_outbox_retry(struct cache *c, int64_t id, char **cause) TD_WUR;

/*
 * A new payload for a queued, failed or conflicting row, which is queued
 * again. A row with an idempotency key gets a new one: the backend would
 * refuse the old key with another body (idempotency_mismatch), and the old
 * body certainly was not applied (queued, failed, conflict). An unsure row
 * keeps its key and its unsure flag: if the old body was applied the
 * backend refuses the new one with idempotency_mismatch instead of
 * applying both.
 */
int	 cache_outbox_edit(struct cache *c, int64_t id, const char *payload,
	    char **cause) TD_WUR;

/*
 * Removes a row for good. A row being sent by a live process is refused
 * (CACHE_ERR: let it finish, then drop it). An orphaned sending row or an
 * unsure one may be dropped: *maybe_sent is then true, because the write
 * may have reached the backend, and the user must be told so. Any other
 * row is dropped with *maybe_sent false. Later rows of its target are no
 * longer held back by it.
 */
int	 cache_outbox_drop(struct cache *c, int64_t id, bool *maybe_sent,
	    char **cause) TD_WUR;

/*
 * A window of rows in id order after after_id (0: from the first), of the
 * states in mask (bits 1u << enum outbox_state; 0: every state but done).
 */
int	 cache_outbox_list(struct cache *c, unsigned mask, int64_t after_id,
	    size_t limit, struct outbox_row **rows, size_t *n, char **cause) TD_WUR;

/*
 * The window before: the last limit rows of mask with an id below
 * before_id (0: from the end), still in ascending id order, so a list can
 * scroll up or open at its newest rows. *rows is NULL when *n is 0; free
 * with cache_outbox_rows_free.
 */
int	 cache_outbox_list_before(struct cache *c, unsigned mask,
	    int64_t before_id, size_t limit, struct outbox_row **rows,
	    size_t *n, char **cause) TD_WUR;

/* How many rows are in the states of mask (as for the lists): an index count. */
int	 cache_outbox_count(struct cache *c, unsigned mask, int64_t *n,
	    char **cause) TD_WUR;

struct outbox_counts {
	int64_t		 queued;
	int64_t		 sending;
	int64_t		 failed;
	int64_t		 conflict;
	int64_t		 done;
	int64_t		 unknown;	/* of the queued and sending, the
					 * writes that may already have been
					 * applied and that nobody is sending
					 * now: a read-back settles them */
};

int	 cache_outbox_counts(struct cache *c, struct outbox_counts *out,
	    char **cause) TD_WUR;

/* Removes done rows last changed before older_than (unix seconds). */
int	 cache_outbox_prune(struct cache *c, int64_t older_than,
	    int64_t *removed, char **cause) TD_WUR;

#endif
