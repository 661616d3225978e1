/*
 * The filter language of every list: text such as
 * `status:open,pending -tag:spam priority>=high updated>2d banner` parsed
 * into a ticket_query or payment_query. Pure: no cache, no clock of its own.
 *
 * Ticket terms (all must hold):
 *   status:new,open   status<solved (also <=, >, >=, in Zendesk's order
 *                     new open pending hold solved closed)
 *   priority:high,urgent  priority:none (no priority)  priority>=high (also
 *                     <=, >, <; in the order low normal high urgent, which
 *                     leaves out none)
 *   assignee:me  assignee:ID  assignee:none  assignee:any or assignee:some
 *                     (assigned to anyone)
 *   group:ID  org:ID  organization:ID  requester:ID
 *   tag:NAME          each tag: term is required
 *   updated>2h  updated>=2026-11-20  updated<7d  updated<=2026-11-20
 *                     ages (s, min, h, d, w) count back from now; a date
 *                     is a UTC day
 *   sort:updated  sort:-updated  sort:id  sort:-id
 *   a free word       found in the subject or a comment (see query.h)
 * A leading - (or !) negates a term: -status:closed (every other status),
 * -priority:low, -tag:spam (excluded), -assignee:none (assigned to
 * anyone), -assignee:some (unassigned), -updated>2h (= updated<=2h).
 * Other keys and free words cannot be negated.
 */
#ifndef TDESK_FILTER_H
#define TDESK_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "cache/query.h"
#include "api/xmalloc.h"

#define FILTER_MAX_LEN	4096	/* bytes of filter text accepted */

/*
 * The strings a parsed query borrows (tags, free words, currency). Zero it
 * before the first parse; filter_strings_free() frees and zeroes it.
 */
struct filter_strings {
	char		**tags;		/* ticket_query.tags, ntags of them */
	size_t		 ntags;
	char		**not_tags;	/* ticket_query.not_tags */
	size_t		 nnot_tags;
	char		*text;		/* ticket_query.text: the free words */
	char		*currency;	/* payment_query.currency */
};

void	 filter_strings_free(struct filter_strings *);

/*
 * Adds the terms of text to *q, which the caller zeroes first: calling
 * again with more text narrows the same query (a view, then --filter).
 * Terms are combined with AND. me is the current user's id for
 * `assignee:me` (0: not known), now the time relative ages count back
 * from (unix seconds). q's strings point into *owned.
 *
 * Returns 0, or -1 with *cause set to "column N: message" (N counts
 * characters from 1 in text); *q may then be partly filled.
 */
int	 filter_tickets(const char *text, int64_t me, int64_t now,
	    struct ticket_query *q, struct filter_strings *owned,
	    char **cause) TD_WUR;

/* The same for payments: status, reason, currency and sort. */
int	 filter_payments(const char *text, struct payment_query *q,
	    struct filter_strings *owned, char **cause) TD_WUR;

#endif
