/*
 * Shared by the action modules (cache/actions*.c) only: the checks and
 * the read-back bookkeeping a ticket write needs, whether it is queued
 * new, re-applied after a conflict or edited.
 */
#ifndef TDESK_ACTIONS_INT_H
#define TDESK_ACTIONS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "cache/cache.h"
#include "cache/outbox.h"
#include "cache/query.h"

/* Whether s is NULL or only white space (a comment with nothing to say). */
bool	 cache_action_blank(const char *s);

/*
 * A cached ticket that may be changed (cached, not closed, with an
 * updated_stamp): *d filled (the caller clears it), or CACHE_ERR saying
 * why not.
 */
int	 cache_action_ticket_writable(struct cache *c, int64_t id,
	    struct ticket_detail *d, char **cause) TD_WUR;

/*
 * The ids of ticket id's cached comments made at or after stamp, which
 * read-back knows are not a write's own (a new reference; NULL when
 * there are none or they are not cached).
 */
json_t	*cache_action_comments_since(struct cache *c, int64_t id,
	    const char *stamp);

/*
 * A ticket write (ticket.update, ticket.bulk) of row r, payload p, put on
 * the ticket as the cache now knows it: its current updated_stamp, and
 * the comments cached since then added to exclude_comments when the write
 * has a comment. CACHE_ERR when the ticket may no longer be changed.
 */
int	 cache_action_ticket_restamp(struct cache *c,
	    const struct outbox_row *r, json_t *p, char **cause) TD_WUR;

/* A payment resolution's payload p on the payment's current version. */
int	 cache_action_payment_restamp(struct cache *c,
	    const struct outbox_row *r, json_t *p, char **cause) TD_WUR;

#endif
