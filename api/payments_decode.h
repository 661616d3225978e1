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

#include "api/decoder.h"
#include "api/model.h"

/* GET /v1/me: {"id","name","role"}. */
DECODE_DECLARE(payments_decode_me, struct payments_me);

/* GET /v1/flagged-payments: {"payments":[…],"next_cursor":string|null}. */
DECODE_DECLARE(payments_decode_page, struct payments_page);

/* GET /v1/flagged-payments/{id} and a resolution's 200: a Payment. */
DECODE_DECLARE(payments_decode_payment, struct payment);

/* A 4xx body: {"error","message"}, with "payment" on 409 version_conflict. */
DECODE_DECLARE(payments_decode_error, struct payments_error);

#endif
