/*
 * Storing flagged payments from the payments review API, with each one's
 * history and the Zendesk tickets it is linked to.
 */
#include "cache/store_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A column of the row: struct payment's member m, column k (fields.h). */
#define COL(m, k, t, fl)	FIELD_AT(payment, m, k, FIELD_##t, fl)

/* The reasons column: known reasons by name, then the unknown ones as sent. */
static char *
reasons_text(const struct payment *p)
{
	struct string_array a = { 0 };
	unsigned bit;
	size_t i;
	char *s;

	a.items = xreallocarray(NULL, 8 + p->other_reasons.n, sizeof *a.items);
	for (bit = 1; bit <= PAYMENT_REASON_DUPLICATE; bit <<= 1) {
		if ((p->reasons & bit) && payment_reason_name(bit) != NULL)
			a.items[a.n++] = (char *)(uintptr_t)payment_reason_name(bit);
	}
	for (i = 0; i < p->other_reasons.n; i++)
		a.items[a.n++] = p->other_reasons.items[i];
	s = cache_store_join(&a);
	free(a.items);
	return s;
}

static const char *
status_text(const struct payment *p)
{
	const char *s = p->status_text != NULL ? p->status_text :
	    payment_status_name(p->status);

	return s != NULL ? s : "unknown";
}

/* The columns a table cannot say: status, fee and reasons. */
static int
bind_hand(sqlite3_stmt *st, int col, const struct field *f, const void *rec)
{
	const struct payment *p = rec;
	char *reasons;
	int rc;

	switch (f->type) {
	case FIELD_MONEY:
		return p->has_fee ? sqlite3_bind_int64(st, col,
		    (sqlite3_int64)p->fee_minor) : sqlite3_bind_null(st, col);
	case FIELD_STRINGS:
		reasons = reasons_text(p);
		rc = sqlite3_bind_text(st, col, reasons, -1, SQLITE_TRANSIENT);
		free(reasons);
		return rc;
	default:
		return sqlite3_bind_text(st, col, status_text(p), -1,
		    SQLITE_STATIC);
	}
}

static const struct field payment_cols[] = {
	COL(id, "id", STRING, 0),
	COL(order_id, "order_id", STRING, 0),
	COL(version, "version", INT64, 0),
	COL(status_text, "status", STRING, FIELD_ENC_HAND),
	COL(provider, "provider", STRING, 0),
	COL(currency, "currency", STRING, 0),
	COL(expected_minor, "expected_minor", MONEY, 0),
	COL(received_minor, "received_minor", MONEY, 0),
	COL(fee_minor, "fee_minor", MONEY, FIELD_ENC_HAND),
	COL(other_reasons, "reasons", STRINGS, FIELD_ENC_HAND),
	COL(customer.name, "customer_name", STRING, 0),
	COL(customer.email, "customer_email", STRING, 0),
	COL(customer.zendesk_user_id, "zendesk_user_id", ID, 0),
	COL(received_at, "received_at", TIME, 0),
	COL(flagged_at, "flagged_at", TIME, STORE_SECS),
	COL(auto_cancel_at, "auto_cancel_at", TIME, 0),
	COL(updated_at, "updated_at", TIME, 0),
};

static store_hook payment_children;

/* The amounts are in its currency: a payment without one is refused. */
static int
payment_check(struct cache *c, sqlite3_stmt **more, const void *rec,
    struct cache_store_stats *stats, char **cause)
{
	const struct payment *p = rec;

	(void)more;
	(void)stats;
	if (p->id == NULL || p->currency == NULL) {
		xcause(cause, "cache %s: a payment without an id or currency",
		    cache_filename(c));
		return CACHE_ERR;
	}
	return CACHE_OK;
}

/* The version the backend bumps on every change orders two copies best. */
static const struct store_row payment_kind = {
	"SELECT json, updated_at, version FROM payments WHERE id = ?1",
	"INSERT INTO payments (id, order_id, version, status, provider, "
	"currency, expected_minor, received_minor, fee_minor, reasons, "
	"customer_name, customer_email, zendesk_user_id, received_at, "
	"flagged_at, auto_cancel_at, updated_at, json) VALUES (?1, ?2, ?3, "
	"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
	"ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, "
	"version = excluded.version, status = excluded.status, "
	"provider = excluded.provider, currency = excluded.currency, "
	"expected_minor = excluded.expected_minor, "
	"received_minor = excluded.received_minor, "
	"fee_minor = excluded.fee_minor, reasons = excluded.reasons, "
	"customer_name = excluded.customer_name, "
	"customer_email = excluded.customer_email, "
	"zendesk_user_id = excluded.zendesk_user_id, "
	"received_at = excluded.received_at, flagged_at = excluded.flagged_at, "
	"auto_cancel_at = excluded.auto_cancel_at, "
	"updated_at = excluded.updated_at, json = excluded.json "
	"WHERE payments.json IS NOT excluded.json",
	payment_cols, sizeof payment_cols / sizeof payment_cols[0],
	offsetof(struct payment, updated_at), offsetof(struct payment, version),
	"storing a payment", bind_hand, &record_payment,
	cache_store_json_payment_hand, NULL, payment_check, payment_children
};

/*
 * Replaces a written payment's history and ticket links with the ones it
 * carries: more[0..3] delete and add history, delete and add links.
 */
static int
payment_children(struct cache *c, sqlite3_stmt **more, const void *rec,
    struct cache_store_stats *stats, char **cause)
{
	const struct payment *p = rec;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	(void)stats;
	if ((rc = cache_store_stmt(c, &more[0],
	    "DELETE FROM payment_history WHERE payment_id = ?1", cause)) != CACHE_OK ||
	    (rc = cache_store_stmt(c, &more[2],
	    "DELETE FROM payment_tickets WHERE payment_id = ?1", cause)) != CACHE_OK)
		return rc;
	if (sqlite3_bind_text(more[0], 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(more[2], 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "storing a payment's history");
	if ((rc = cache_store_step(c, more[0], "storing a payment's history",
	    cause)) != CACHE_OK ||
	    (rc = cache_store_step(c, more[2], "storing a payment's tickets",
	    cause)) != CACHE_OK)
		return rc;
	for (i = 0; i < p->nhistory; i++) {
		const struct payment_event *e = &p->history[i];

		if ((rc = cache_store_stmt(c, &more[1],
		    "INSERT INTO payment_history (payment_id, seq, at, actor, "
		    "action, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", cause)) != CACHE_OK)
			return rc;
		st = more[1];
		if (sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, (sqlite3_int64)i) != SQLITE_OK ||
		    cache_store_bind_time(st, 3, &e->at) != SQLITE_OK ||
		    cache_store_bind_text(st, 4, e->actor) != SQLITE_OK ||
		    cache_store_bind_text(st, 5, e->action) != SQLITE_OK ||
		    cache_store_bind_text(st, 6, e->note) != SQLITE_OK)
			return cache_sqlite_error(c, cause, "storing payment history");
		if ((rc = cache_store_step(c, st, "storing payment history",
		    cause)) != CACHE_OK)
			return rc;
	}
	for (i = 0; i < p->ticket_ids.n; i++) {
		/* A ticket listed twice is one link. */
		if ((rc = cache_store_stmt(c, &more[3],
		    "INSERT INTO payment_tickets (payment_id, ticket_id) "
		    "VALUES (?1, ?2) ON CONFLICT DO NOTHING", cause)) != CACHE_OK)
			return rc;
		st = more[3];
		if (sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2,
		    (sqlite3_int64)p->ticket_ids.items[i]) != SQLITE_OK)
			return cache_sqlite_error(c, cause, "storing payment tickets");
		if ((rc = cache_store_step(c, st, "storing payment tickets",
		    cause)) != CACHE_OK)
			return rc;
	}
	return CACHE_OK;
}

STORE_PAGE_FN(cache_store_payments_page, "payments", payments_page,
    payment_kind, payments, npayments)
STORE_ONE_FN(cache_store_payment, "payments", payment, payment_kind)
