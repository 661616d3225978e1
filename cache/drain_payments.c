/*
 * The payments backend's one write, payment.resolve: fresh or orphaned
 * alike it is sent with the row's Idempotency-Key, and the backend answers
 * a key it has seen as it did the first time (see drain.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "cache/drain_int.h"
#include "api/payments_decode.h"
#include "cache/store.h"

/* The payment a payment.resolve row is for ("target": "payment:<id>"). */
static const char *
target_id(const struct drain_row *dr)
{
	const char *t = dr->r.target;

	if (t == NULL || strncmp(t, "payment:", 8) != 0 || t[8] == '\0')
		return NULL;
	return t + 8;
}

/*
 * payment.resolve, fresh or orphaned alike: the row's Idempotency-Key
 * makes sending again safe, and the backend answers a key it has seen as
 * it did the first time.
 */
int
drain_payments_row(struct drain *d, struct drain_row *dr,
    struct drain_outcome *o)
{
	struct http_response resp;
	struct payments_error e;
	struct payment *pay;
	enum http_result r;
	char *body = drain_body_text(dr), *cause = NULL, *why = NULL, *what;

	r = drain_http(d, d->cl->payments, dr->method, dr->path, NULL, body,
	    dr->r.idempotency_key, NULL, NULL, &resp, &cause);
	free(body);
	what = drain_describe(dr);
	if (r == HTTP_OK) {
		/*
		 * Only the payment, decoded, says the resolution was made;
		 * anything else is resent with the same key, which the
		 * backend answers as the first time.
		 */
		pay = xcalloc(1, sizeof *pay);
		if (payments_decode_payment(resp.body != NULL ? resp.body : "",
		    resp.len, pay, &why) != 0) {
			free(pay);
			drain_undecodable("payments", what, why, o);
		} else if (target_id(dr) != NULL && (pay->id == NULL ||
		    strcmp(pay->id, target_id(dr)) != 0)) {
			drain_undecodable("payments", what, xasprintf("it is "
			    "payment %s", pay->id != NULL ? pay->id : "?"), o);
			payment_free(&pay);
		} else {
			o->v = DRAIN_DONE;
			o->payment = pay;
		}
	} else if (r == HTTP_CONFLICT) {
		o->v = DRAIN_CONFLICT;
		o->reason = cause;
		cause = NULL;
		if (payments_decode_error(resp.body != NULL ? resp.body : "",
		    resp.len, &e, &why) == 0) {
			if (e.has_payment) {
				json_t *root = decode_load(resp.body, resp.len, "conflict", NULL);

				o->conflict_json = drain_dump(json_object_get(root,
				    "payment"));
				json_decref(root);
				o->payment = xcalloc(1, sizeof *o->payment);
				*o->payment = e.payment;
				memset(&e.payment, 0, sizeof e.payment);
				e.has_payment = 0;
			}
			payments_error_clear(&e);
		} else
			free(why);
	} else if (r == HTTP_CLIENT_ERROR && resp.error_code != NULL &&
	    strcmp(resp.error_code, "idempotency_mismatch") == 0) {
		/* The key's first body was applied: this one never will be. */
		o->v = DRAIN_FAILED;
		o->certain = true;
		o->reason = xasprintf("%s; the backend holds this write's key "
		    "with another body, and applied that one, not this",
		    cause != NULL ? cause : "idempotency_mismatch");
		free(cause);
	} else {
		drain_failure(r, &resp, cause, o);
		/*
		 * A refusal of the key is this key's answer: the backend
		 * replays the first one, so nothing went through (but a
		 * 404 may mean the payment went since).
		 */
		o->certain = r == HTTP_CLIENT_ERROR && resp.status != 404;
	}
	http_response_clear(&resp);
	free(what);
	return CACHE_OK;
}
