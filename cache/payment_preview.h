/*
 * What resolving a flagged payment does to the money, said before it is
 * queued: the checks a resolution must pass, the labelled lines of its
 * preview (the command line prints them, the Payments tab's confirmation
 * shows them), and who may resolve at all (the payments role).
 */
#ifndef TDESK_PAYMENT_PREVIEW_H
#define TDESK_PAYMENT_PREVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "api/model.h"
#include "cache/cache.h"
#include "cache/query.h"

/* Lines a preview has at most. */
#define PAYMENT_PREVIEW_LINES	8

struct payment_preview_line {
	const char	*label;		/* "payment", "expected", …: static */
	char		*text;		/* owned */
};

struct payment_preview {
	struct payment_preview_line lines[PAYMENT_PREVIEW_LINES];
	size_t		 nlines;
};

/*
 * Whether action (with refund_minor for a refund; NULL: all received) may
 * be queued on payment d: it is still flagged, its currency is known, a
 * refund is above zero and at most what was received, and only a refund
 * has an amount. cache_action_payment_resolve() asks the same. Returns
 * CACHE_OK, or CACHE_ERR with *cause set.
 */
int	 cache_payment_resolvable(const struct payment_detail *d,
	    enum payment_action action, const int64_t *refund_minor,
	    char **cause) TD_WUR;

/*
 * The money effect of action on d, exactly, as labelled lines: the
 * payment and its order, the customer, what was expected, what was
 * received, the difference, and what the customer ends up with. Refuses
 * (CACHE_ERR, *cause) what cache_payment_resolvable() refuses. On success
 * the caller frees pv with cache_payment_preview_clear().
 */
int	 cache_payment_preview(const struct payment_detail *d,
	    enum payment_action action, const int64_t *refund_minor,
	    struct payment_preview *pv, char **cause) TD_WUR;
void	 cache_payment_preview_clear(struct payment_preview *pv);

/*
 * An account number with its middle hidden: "PL61 1090 … 2874" becomes
 * "PL61…2874" (spaces dropped, the first four and last four kept). buf
 * gets at least 16 bytes.
 */
char	*cache_payment_mask_account(const char *account, char *buf,
	    size_t size);

/*
 * The payments role of this profile's user as the last sync stored it
 * from GET /v1/me, the name as sent ("technician"); *role is NULL when no
 * sync has read it yet. The caller frees *role.
 */
int	 cache_payments_role(struct cache *c, char **role, char **cause) TD_WUR;

/*
 * Whether role (as cache_payments_role() gives it) may resolve payments:
 * technician and admin may. Otherwise 0 with *cause naming the role needed
 * and the role this profile has, or saying to sync first when the role is
 * not known; 1 when it may.
 */
int	 cache_payments_may_resolve(const char *role, char **cause);

#endif
