/*
 * Strict decoders for the payments review API: the signed-in user, pages
 * of flagged payments, one payment, error bodies. Every amount is read
 * exactly, through money_from_json(), in the payment's currency.
 */
#include "api/payments_decode.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/fields.h"
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

/*
 * The version and the currency, checked before the first amount: every
 * amount is read in the currency.
 */
static int
payments_check(const json_t *v, const char *path, const struct payment *pay,
    char **cause)
{
	char p[DECODE_PATH_MAX], q[QUOTE_BUFSIZE];

	if (pay->version < 0) {
		xcause(cause, "%s: %lld: a version cannot be negative",
		    decode_join(p, sizeof p, path, "version"),
		    (long long)pay->version);
		return -1;
	}
	if (money_exponent(pay->currency) < 0) {
		xcause(cause, "%s: unknown currency %s",
		    decode_join(p, sizeof p, path, "currency"),
		    quote_for_message(pay->currency, strlen(pay->currency),
		    QUOTE_BYTES, 0, q));
		return -1;
	}
	return 0;
}

/* The payment's hand: the amounts, the reasons, the status. */
static int
payments_hand(const json_t *v, const char *path, const struct field *f,
    void *rec, const void *arg, char **cause)
{
	struct payment *pay = rec;
	int present, rc;

	switch (f->type) {
	case FIELD_MONEY:
		if (f->off == offsetof(struct payment, expected_minor) &&
		    payments_check(v, path, pay, cause) != 0)
			return -1;
		if (f->off != offsetof(struct payment, fee_minor))
			return payments_amount(v, path, f->key,
			    f->flags & DECODE_MAYBE, pay->currency,
			    (int64_t *)(void *)((char *)rec + f->off), &present,
			    cause);
		rc = payments_amount(v, path, f->key, f->flags & DECODE_MAYBE,
		    pay->currency, &pay->fee_minor, &pay->has_fee, cause);
		if (!pay->has_fee)
			pay->fee_minor = 0;
		return rc;
	case FIELD_STRING:
		if (decode_string(v, path, f->key, f->flags & DECODE_MAYBE,
		    &pay->status_text, cause) != 0)
			return -1;
		pay->status = payment_status_from_name(pay->status_text);
		return 0;
	default:
		return payments_reasons(v, path, pay, cause);
	}
}

static const struct record_hand payments_payment = {
	&record_payment, payments_hand
};

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

	if (record_decode(&record_payments_me, root, path, out, NULL, NULL,
	    cause) != 0)
		return -1;
	out->role = payments_role_from_name(out->role_text);
	return 0;
}

/* The hand of a page and of an error: the payments they carry. */
static int
payments_body_hand(const json_t *v, const char *path, const struct field *f,
    void *rec, const void *arg, char **cause)
{
	struct payments_error *e = rec;
	char p[DECODE_PATH_MAX];
	const json_t *pay;

	if (f->type == FIELD_RECORDS)
		return record_decode_records(v, path, f, rec,
		    record_decode_hand, &payments_payment, cause);
	if (decode_object(v, path, f->key, DECODE_MAYBE, &pay, cause) != 0)
		return -1;
	if (pay == NULL)
		return 0;
	if (record_decode_hand(pay, decode_join(p, sizeof p, path, f->key),
	    &e->payment, &payments_payment, cause) != 0)
		return -1;
	e->has_payment = 1;
	return 0;
}

/* A page or an error body, from the record table in arg. */
static int
payments_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	return record_decode(arg, root, path, item, payments_body_hand, NULL,
	    cause);
}

/* ---- Entry points ----------------------------------------------------- */

DECODE_DEFINE(payments_decode_me, struct payments_me, JSON_OBJECT, "me", "me",
    payments_me_body, NULL, payments_me_clear)

DECODE_DEFINE(payments_decode_page, struct payments_page, JSON_OBJECT,
    "payments page", "", payments_body, &record_payments_page,
    payments_page_clear)

DECODE_DEFINE(payments_decode_payment, struct payment, JSON_OBJECT, "payment",
    "payment", record_decode_hand, &payments_payment, payment_clear)

DECODE_DEFINE(payments_decode_error, struct payments_error, JSON_OBJECT,
    "error body", "", payments_body, &record_payments_error,
    payments_error_clear)
