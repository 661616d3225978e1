/*
 * Strict decoders for the payments review API: the signed-in user, pages
 * of flagged payments, one payment, error bodies. Every amount is read
 * exactly, through money_from_json(), in the payment's currency.
 */
#include "api/payments_decode.h"

#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/money.h"
#include "api/quote.h"

/*
 * The amount at o[key] in minor units of currency. Absent or null is
 * allowed only when flags say so, leaving *present 0. Negative amounts are
 * refused: nothing in a payment is owed below zero.
 */
static int
payments_amount(const json_t *o, const char *path, const char *key, int flags,
    const char *currency, int64_t *minor, int *present, char **cause)
{
	char p[DECODE_PATH_MAX], buf[MONEY_BUFSIZE], *why = NULL;
	const json_t *v = json_object_get(o, key);

	decode_join(p, sizeof p, path, key);
	*present = 0;
	if (v == NULL && (flags & DECODE_OPTIONAL))
		return 0;
	if (v != NULL && json_is_null(v) && (flags & DECODE_NULLABLE))
		return 0;
	if (v == NULL) {
		xcause(cause, "%s: missing (expected a decimal string amount)",
		    p);
		return -1;
	}
	if (money_from_json(v, currency, minor, &why) != 0) {
		xcause(cause, "%s: %s", p, why);
		free(why);
		return -1;
	}
	if (*minor < 0) {
		xcause(cause, "%s: \"%s\": an amount cannot be negative", p,
		    money_format(*minor, currency, buf, sizeof buf));
		return -1;
	}
	*present = 1;
	return 0;
}

static int
payments_customer(const json_t *o, const char *path,
    struct payment_customer *c, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *v;

	decode_join(p, sizeof p, path, "customer");
	if (decode_object(o, path, "customer", DECODE_REQUIRED, &v,
	    cause) != 0 ||
	    decode_string(v, p, "id", DECODE_REQUIRED, &c->id, cause) != 0 ||
	    decode_string(v, p, "name", DECODE_REQUIRED, &c->name,
	    cause) != 0 ||
	    decode_string(v, p, "email", DECODE_MAYBE, &c->email, cause) != 0 ||
	    decode_id(v, p, "zendesk_user_id", DECODE_MAYBE,
	    &c->zendesk_user_id, cause) != 0)
		return -1;
	return 0;
}

static int
payments_event(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct payment_event *e = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_time(v, path, "at", DECODE_REQUIRED, &e->at, cause) != 0 ||
	    decode_string(v, path, "actor", DECODE_REQUIRED, &e->actor,
	    cause) != 0 ||
	    decode_string(v, path, "action", DECODE_REQUIRED, &e->action,
	    cause) != 0 ||
	    decode_string(v, path, "note", DECODE_MAYBE, &e->note, cause) != 0)
		return -1;
	return 0;
}

/* Known reasons become bits; the rest are kept, in order, as text. */
static int
payments_reasons(const json_t *o, const char *path, struct payment *pay,
    char **cause)
{
	struct string_array all = { NULL, 0 };
	size_t i;
	unsigned bit;

	if (decode_strings(o, path, "reasons", DECODE_REQUIRED, &all,
	    cause) != 0)
		return -1;
	for (i = 0; i < all.n; i++) {
		if ((bit = payment_reason_from_name(all.items[i])) != 0) {
			pay->reasons |= bit;
			continue;
		}
		pay->other_reasons.items = xreallocarray(
		    pay->other_reasons.items, pay->other_reasons.n + 1,
		    sizeof *pay->other_reasons.items);
		pay->other_reasons.items[pay->other_reasons.n++] =
		    all.items[i];
		all.items[i] = NULL;
	}
	string_array_clear(&all);
	return 0;
}

static int
payments_payment(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct payment *pay = item;
	char p[DECODE_PATH_MAX], q[QUOTE_BUFSIZE];
	int present;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &pay->id,
	    cause) != 0 ||
	    decode_string(v, path, "order_id", DECODE_REQUIRED, &pay->order_id,
	    cause) != 0 ||
	    decode_int64(v, path, "version", DECODE_REQUIRED, &pay->version,
	    cause) != 0 ||
	    payments_customer(v, path, &pay->customer, cause) != 0 ||
	    decode_string(v, path, "provider", DECODE_REQUIRED, &pay->provider,
	    cause) != 0 ||
	    decode_string(v, path, "currency", DECODE_REQUIRED, &pay->currency,
	    cause) != 0)
		return -1;
	if (pay->version < 0) {
		xcause(cause, "%s: %lld: a version cannot be negative",
		    decode_join(p, sizeof p, path, "version"),
		    (long long)pay->version);
		return -1;
	}

	/* The currency first: every amount is read in it. */
	if (money_exponent(pay->currency) < 0) {
		xcause(cause, "%s: unknown currency %s",
		    decode_join(p, sizeof p, path, "currency"),
		    quote_for_message(pay->currency, strlen(pay->currency),
		    QUOTE_BYTES, 0, q));
		return -1;
	}
	if (payments_amount(v, path, "expected_amount", DECODE_REQUIRED,
	    pay->currency, &pay->expected_minor, &present, cause) != 0 ||
	    payments_amount(v, path, "received_amount", DECODE_REQUIRED,
	    pay->currency, &pay->received_minor, &present, cause) != 0 ||
	    payments_amount(v, path, "fee_amount", DECODE_MAYBE,
	    pay->currency, &pay->fee_minor, &pay->has_fee, cause) != 0 ||
	    decode_string(v, path, "expected_reference", DECODE_MAYBE,
	    &pay->expected_reference, cause) != 0 ||
	    decode_string(v, path, "received_reference", DECODE_MAYBE,
	    &pay->received_reference, cause) != 0 ||
	    decode_string(v, path, "expected_account", DECODE_MAYBE,
	    &pay->expected_account, cause) != 0 ||
	    decode_string(v, path, "received_account", DECODE_MAYBE,
	    &pay->received_account, cause) != 0 ||
	    payments_reasons(v, path, pay, cause) != 0 ||
	    decode_string(v, path, "status", DECODE_REQUIRED,
	    &pay->status_text, cause) != 0 ||
	    decode_time(v, path, "received_at", DECODE_MAYBE,
	    &pay->received_at, cause) != 0 ||
	    decode_time(v, path, "flagged_at", DECODE_REQUIRED,
	    &pay->flagged_at, cause) != 0 ||
	    decode_time(v, path, "auto_cancel_at", DECODE_MAYBE,
	    &pay->auto_cancel_at, cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_REQUIRED,
	    &pay->updated_at, cause) != 0 ||
	    decode_ids(v, path, "ticket_ids", DECODE_MAYBE, &pay->ticket_ids,
	    cause) != 0 ||
	    DECODE_RECORDS(v, path, "history", DECODE_MAYBE, pay->history,
	    pay->nhistory, payments_event, NULL, cause) != 0)
		return -1;
	if (!pay->has_fee)
		pay->fee_minor = 0;
	pay->status = payment_status_from_name(pay->status_text);
	return 0;
}

/* ---- Bodies ----------------------------------------------------------- */

/*
 * The tops of the bodies, as decode_body() calls them (a Payment is
 * decoded by payments_payment). A failure leaves item for the entry
 * point's clear function.
 */

static int
payments_me_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct payments_me *out = item;

	if (decode_string(root, path, "id", DECODE_REQUIRED, &out->id,
	    cause) != 0 ||
	    decode_string(root, path, "name", DECODE_REQUIRED, &out->name,
	    cause) != 0 ||
	    decode_string(root, path, "role", DECODE_REQUIRED, &out->role_text,
	    cause) != 0)
		return -1;
	out->role = payments_role_from_name(out->role_text);
	return 0;
}

static int
payments_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct payments_page *out = item;

	if (DECODE_RECORDS(root, path, "payments", DECODE_REQUIRED,
	    out->payments, out->npayments, payments_payment, arg,
	    cause) != 0 ||
	    decode_string(root, path, "next_cursor", DECODE_NULLABLE,
	    &out->next_cursor, cause) != 0)
		return -1;
	return 0;
}

static int
payments_error_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct payments_error *out = item;
	const json_t *pay;

	if (decode_string(root, path, "error", DECODE_REQUIRED, &out->error,
	    cause) != 0 ||
	    decode_string(root, path, "message", DECODE_MAYBE, &out->message,
	    cause) != 0 ||
	    decode_object(root, path, "payment", DECODE_MAYBE, &pay,
	    cause) != 0)
		return -1;
	if (pay != NULL) {
		if (payments_payment(pay, "payment", &out->payment, NULL,
		    cause) != 0)
			return -1;
		out->has_payment = 1;
	}
	return 0;
}

/* ---- Entry points ----------------------------------------------------- */

int
payments_decode_me(const char *body, size_t len, struct payments_me *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "me", "me",
	    payments_me_body, out, NULL, payments_me_clear, cause);
}

int
payments_decode_page(const char *body, size_t len, struct payments_page *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "payments page", "",
	    payments_page_body, out, NULL, payments_page_clear, cause);
}

int
payments_decode_payment(const char *body, size_t len, struct payment *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "payment", "payment",
	    payments_payment, out, NULL, payment_clear, cause);
}

int
payments_decode_error(const char *body, size_t len, struct payments_error *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "error body", "",
	    payments_error_body, out, NULL, payments_error_clear, cause);
}
