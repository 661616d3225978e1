/*
 * Strict decoders for tdesk's payments review API (DESIGN.md §3, and
 * tdesk(1)). The contract is zendesk_decode.h's: the whole body in, *out
 * zeroed first and filled, 0; or -1 with *cause (the caller frees it)
 * naming the field's JSON path, and *out cleared.
 *
 * Amounts are decimal strings read exactly with money_from_json() in the
 * payment's currency, so an unknown currency, a JSON number, more decimal
 * places than the currency has, or a negative amount is an error naming
 * the field ("payment.expected_amount: \"15.467\": PLN allows 2 decimal
 * places"). Ids are strings. A reason or status this tdesk does not know
 * is kept as text (payment.other_reasons, PAYMENT_STATUS_OTHER), so a
 * newer backend's vocabulary shows instead of hiding every payment.
 */
#ifndef TDESK_PAYMENTS_DECODE_H
#define TDESK_PAYMENTS_DECODE_H

#include <stddef.h>

#include "api/model.h"
#include "api/xmalloc.h"

/* GET /v1/me: {"id","name","role"}. */
int	payments_decode_me(const char *body, size_t len,
	    struct payments_me *out, char **cause) TD_WUR;

/* GET /v1/flagged-payments: {"payments":[…],"next_cursor":string|null}. */
int	payments_decode_page(const char *body, size_t len,
	    struct payments_page *out, char **cause) TD_WUR;

/* GET /v1/flagged-payments/{id} and a resolution's 200: a Payment. */
int	payments_decode_payment(const char *body, size_t len,
	    struct payment *out, char **cause) TD_WUR;

/* A 4xx body: {"error","message"}, with "payment" on 409 version_conflict. */
int	payments_decode_error(const char *body, size_t len,
	    struct payments_error *out, char **cause) TD_WUR;

#endif
