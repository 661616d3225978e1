/*
 * Payments review API request bodies: a resolution (accept, recalculate,
 * refund) with its refund amount as an exact decimal string.
 */
#include "api/payments_encode.h"

#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "api/decode.h"
#include "api/money.h"

int
payments_encode_resolution(const struct payment_resolution *r,
    const char *currency, char **json, char **cause)
{
	char amount[MONEY_BUFSIZE];
	const char *action = payment_action_name(r->action);
	json_t *root;

	*json = NULL;
	if (action == NULL) {
		xcause(cause, "resolution.action: not accept, recalculate or "
		    "refund");
		return -1;
	}
	if (r->note == NULL) {
		xcause(cause, "resolution.note: a resolution needs a note");
		return -1;
	}
	if (r->expected_version < 0) {
		xcause(cause, "resolution.expected_version: %lld is not a "
		    "version", (long long)r->expected_version);
		return -1;
	}
	if (r->has_refund_amount) {
		if (r->action != PAYMENT_ACTION_REFUND) {
			xcause(cause, "resolution.refund_amount: only a refund "
			    "has an amount");
			return -1;
		}
		if (money_exponent(currency) < 0) {
			xcause(cause, "resolution.refund_amount: unknown "
			    "currency");
			return -1;
		}
		if (r->refund_minor <= 0) {
			xcause(cause, "resolution.refund_amount: \"%s\": a "
			    "refund must be above zero", money_format(
			    r->refund_minor, currency, amount, sizeof amount));
			return -1;
		}
	}

	root = json_object();
	if (decode_put_string(root, "resolution", "action", action,
	    cause) != 0 ||
	    decode_put_string(root, "resolution", "note", r->note,
	    cause) != 0) {
		json_decref(root);
		return -1;
	}
	decode_put_int64(root, "expected_version", r->expected_version);
	if (r->has_refund_amount && decode_put_string(root, "resolution",
	    "refund_amount", money_format(r->refund_minor, currency, amount,
	    sizeof amount), cause) != 0) {
		json_decref(root);
		return -1;
	}
	*json = decode_dump(root);
	json_decref(root);
	return 0;
}
