/*
 * What a queued write means, for whoever shows it: the labelled rows of
 * what it sets against what the server has now, and what a retry of it
 * does. The Outbox tab and tdesk outbox show|retry ask these functions,
 * so neither parses a request body nor holds a retry policy of its own.
 */
#ifndef TDESK_OUTBOX_DESCRIBE_H
#define TDESK_OUTBOX_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "cache/outbox.h"

/* One field the write sets. Strings are as stored: sanitise to show them. */
struct outbox_desc_row {
	char		*label;		/* "status", "assignee", "tags"… */
	char		*this_write;	/* what the write sets: "pending" */
	char		*server_now;	/* the server's value; NULL: the
					 * server's version is not known, or
					 * it has no such field */
};

struct outbox_desc {
	char		*summary;	/* "ticket.update to ticket:132" */
	bool		 parses;	/* false: the stored request is not
					 * JSON; only summary is set */
	char		*request;	/* "PUT /api/v2/tickets/132" */
	int64_t		 macro_id;	/* the macro whose changes it
					 * applies; 0: none */
	char		*note;		/* "It also adds a public reply.";
					 * NULL: nothing more */
	char		*comment;	/* a ticket.update's comment text,
					 * which its edit opens; NULL: none */
	char		*body;		/* the request body, pretty JSON,
					 * as stored (for an editor) */
	char		*body_shown;	/* the same, every string cleaned */
	char		*based_on;	/* the server's version the write was
					 * based on (a stamp, a version);
					 * NULL: it carries none */
	bool		 server_known;	/* the server's version is stored
					 * (a conflict brought it) */
	bool		 server_cached;	/* server_now and server_version
					 * are the cache's copy of the
					 * target, as of the last sync (a
					 * row not in conflict) */
	char		*server_version; /* its stamp or version; NULL:
					 * unknown */
	char		*server_shown;	/* the server's version, pretty JSON,
					 * cleaned; the stored text itself
					 * when it does not parse; NULL: none
					 * stored */
	struct outbox_desc_row *rows;
	size_t		 nrows;
};

/*
 * Cleans a string for showing (the console's and the command line's
 * sanitiser): returns a new string the describer frees. NULL: strings are
 * kept as they are.
 */
typedef char	*(*outbox_clean_fn)(const char *s, size_t len);

/*
 * Describes row r (as read by cache_outbox_get or a list): parses its
 * stored request, and, for a row in conflict, the server's version the
 * drainer stored with it (for another row, the cache's copy of the
 * target), into rows of (field, this write, the server now). An
 * assignee is named from the cached users. Every kind of actions.h is
 * described; a request that does not parse gives parses false. Free with
 * cache_outbox_desc_clear.
 */
void	 cache_outbox_describe_row(struct cache *c, const struct outbox_row *r,
	    outbox_clean_fn clean, struct outbox_desc *out);

/* The same for row id; *found false (and *out zeroed) when there is none. */
int	 cache_outbox_describe(struct cache *c, int64_t id,
	    outbox_clean_fn clean, struct outbox_desc *out, bool *found,
	    char **cause) TD_WUR;
void	 cache_outbox_desc_clear(struct outbox_desc *);

/*
 * Where row r stands, as a sentence: "failed after 2 attempts", "being
 * sent now (attempt 1)", "outcome unknown: nobody is sending it and it
 * may have reached zendesk". The caller frees.
 */
char	*cache_outbox_state_text(const struct outbox_row *r);

/*
 * Why row r is shown, at unix time now: what is not known of it (it may
 * already have been applied, and when it is read back), then why it
 * failed or that it met a conflict; NULL when there is nothing to say (a
 * row waiting its turn). The caller frees.
 */
char	*cache_outbox_reason(const struct outbox_row *r, int64_t now);

/* What a retry of a row does. */
enum outbox_retry {
	OUTBOX_RETRY_REFUSE = 0,	/* nothing: the reason says why */
	OUTBOX_RETRY_QUEUED,		/* nothing to change: it is queued
					 * and the next drain sends it */
	OUTBOX_RETRY_REQUEUE,		/* failed: queued again as it is
					 * (one that may have been applied
					 * is read back before it is sent) */
	OUTBOX_RETRY_REAPPLY,		/* conflict: put on the server's
					 * current version and queued again,
					 * once the user has seen the rows
					 * and confirmed */
};

/*
 * The retry policy, for the Outbox tab and tdesk outbox retry alike:
 * what a retry of r does, and *why (a sentence after "write N ", static)
 * when it is refused or nothing to do. Refused: a row being sent by a
 * live process (wait for its outcome), an orphan (its outcome is not
 * known: the next drain reads it back first), a done row, and a conflict
 * of a kind that carries no version to re-apply it on. why may be NULL.
 */
enum outbox_retry cache_outbox_retry_plan(const struct outbox_row *r,
	    const char **why);

/*
 * Retries row id as cache_outbox_retry_plan says, reading the row afresh:
 * a failed row by cache_outbox_retry, a conflict by cache_action_reapply,
 * and only when confirmed (the user saw the rows and said yes; a row
 * that met a conflict since is refused, to be looked at again). *done is
 * what was done. Refused and nothing-to-do rows are CACHE_ERR with *cause
 * ("write 5 is being sent right now: …"); errors as in cache.h.
 */
/*
 * The question asked before a retry re-applies conflicts, the same on the
 * console and the command line, into buf: of write r alone when n is 1,
 * else of n writes of which reapply are in conflict. It names the profile
 * and its environment (NULL: none set), as a re-apply writes over what a
 * colleague changed on that desk: "work (production): re-apply write 5
 * on ticket:132 over the server's version? [y/N] ".
 */
void	 cache_outbox_reapply_question(const struct outbox_row *r, size_t n,
	    size_t reapply, const char *profile, const char *environment,
	    char *buf, size_t size);

int	 cache_outbox_retry_run(struct cache *c, int64_t id, bool confirmed,
	    enum outbox_retry *done, char **cause) TD_WUR;

#endif
