/*
 * Request bodies tdesk sends to the payments review API.
 */
#ifndef TDESK_PAYMENTS_ENCODE_H
#define TDESK_PAYMENTS_ENCODE_H

#include "api/model.h"
#include "api/xmalloc.h"

/*
 * POST /v1/flagged-payments/{id}/resolution: {"action","note",
 * "expected_version"[,"refund_amount"]}, the refund amount written as a
 * decimal string in currency (money_format). A refund amount is allowed
 * only for a refund, and must be above zero. Returns 0 with *json set (the
 * caller frees it), or -1 with *cause set (the caller frees it) and *json
 * NULL.
 */
int	payments_encode_resolution(const struct payment_resolution *r,
	    const char *currency, char **json, char **cause) TD_WUR;

#endif
