/*
 * The filter language of every list: text such as
 * `status:open,pending assignee:none tag:billing updated>2d banner` parsed
 * into a ticket_query or payment_query. Pure: no cache, no clock of its own.
 */
#ifndef TDESK_FILTER_H
#define TDESK_FILTER_H

#include <stdint.h>

#include "query.h"
#include "xmalloc.h"

#define FILTER_MAX_LEN	4096	/* bytes of filter text accepted */

/*
 * The strings a parsed query borrows (tag, free words, currency). Zero it
 * before the first parse; filter_strings_free() frees and zeroes it.
 */
struct filter_strings {
	char		*tag;		/* ticket_query.tag */
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
