/*
 * Storing flagged payments from the payments review API, with each one's
 * history and the Zendesk tickets it is linked to.
 */
#include "cache/store_int.h"

#include <stdlib.h>
#include <string.h>

struct pay_stmts {
	sqlite3_stmt	*prior, *up;
	sqlite3_stmt	*hist_del, *hist_add;
	sqlite3_stmt	*link_del, *link_add;
};

static void
pay_stmts_free(struct pay_stmts *s)
{
	sqlite3_finalize(s->prior);
	sqlite3_finalize(s->up);
	sqlite3_finalize(s->hist_del);
	sqlite3_finalize(s->hist_add);
	sqlite3_finalize(s->link_del);
	sqlite3_finalize(s->link_add);
	memset(s, 0, sizeof *s);
}

/* The version the backend bumps on every change orders two copies best. */
static const char prior_sql[] =
    "SELECT json, updated_at, version FROM payments WHERE id = ?1";
static const char up_sql[] =
    "INSERT INTO payments (id, order_id, version, status, provider, currency, "
    "expected_minor, received_minor, fee_minor, reasons, customer_name, "
    "customer_email, zendesk_user_id, received_at, flagged_at, auto_cancel_at, "
    "updated_at, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?18) "
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
    "WHERE payments.json IS NOT excluded.json";

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

static int
bind_payment(struct cache *c, sqlite3_stmt *st, const struct payment *p,
    const char *reasons, const char *json, char **cause)
{
	if (cache_store_bind_text(st, 1, p->id) != SQLITE_OK ||
	    cache_store_bind_text(st, 2, p->order_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)p->version) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, status_text(p), -1, SQLITE_STATIC) != SQLITE_OK ||
	    cache_store_bind_text(st, 5, p->provider) != SQLITE_OK ||
	    cache_store_bind_text(st, 6, p->currency) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 7, (sqlite3_int64)p->expected_minor) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 8, (sqlite3_int64)p->received_minor) != SQLITE_OK ||
	    (p->has_fee ? sqlite3_bind_int64(st, 9, (sqlite3_int64)p->fee_minor) :
	    sqlite3_bind_null(st, 9)) != SQLITE_OK ||
	    sqlite3_bind_text(st, 10, reasons, -1, SQLITE_STATIC) != SQLITE_OK ||
	    cache_store_bind_text(st, 11, p->customer.name) != SQLITE_OK ||
	    cache_store_bind_text(st, 12, p->customer.email) != SQLITE_OK ||
	    cache_store_bind_id(st, 13, p->customer.zendesk_user_id) != SQLITE_OK ||
	    cache_store_bind_time(st, 14, &p->received_at) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 15, (sqlite3_int64)p->flagged_at.secs) != SQLITE_OK ||
	    cache_store_bind_time(st, 16, &p->auto_cancel_at) != SQLITE_OK ||
	    cache_store_bind_time(st, 17, &p->updated_at) != SQLITE_OK ||
	    sqlite3_bind_text(st, 18, json, -1, SQLITE_STATIC) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "storing a payment");
	return CACHE_OK;
}

/* Replaces the payment's history and ticket links with the ones it carries. */
static int
payment_children(struct cache *c, struct pay_stmts *s, const struct payment *p,
    char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = cache_store_stmt(c, &s->hist_del,
	    "DELETE FROM payment_history WHERE payment_id = ?1", cause)) != CACHE_OK ||
	    (rc = cache_store_stmt(c, &s->link_del,
	    "DELETE FROM payment_tickets WHERE payment_id = ?1", cause)) != CACHE_OK)
		return rc;
	if (sqlite3_bind_text(s->hist_del, 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s->link_del, 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "storing a payment's history");
	if ((rc = cache_store_step(c, s->hist_del, "storing a payment's history",
	    cause)) != CACHE_OK ||
	    (rc = cache_store_step(c, s->link_del, "storing a payment's tickets",
	    cause)) != CACHE_OK)
		return rc;
	for (i = 0; i < p->nhistory; i++) {
		const struct payment_event *e = &p->history[i];

		if ((rc = cache_store_stmt(c, &s->hist_add,
		    "INSERT INTO payment_history (payment_id, seq, at, actor, "
		    "action, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", cause)) != CACHE_OK)
			return rc;
		st = s->hist_add;
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
		if ((rc = cache_store_stmt(c, &s->link_add,
		    "INSERT INTO payment_tickets (payment_id, ticket_id) "
		    "VALUES (?1, ?2) ON CONFLICT DO NOTHING", cause)) != CACHE_OK)
			return rc;
		st = s->link_add;
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

static int
payment_row(struct cache *c, struct pay_stmts *s, const struct payment *p,
    struct cache_store_stats *stats, char **cause)
{
	enum store_outcome what = STORE_UNCHANGED;
	char *json, *reasons = NULL;
	int rc;

	if (p->id == NULL || p->currency == NULL) {
		xcause(cause, "cache %s: a payment without an id or currency",
		    cache_filename(c));
		return CACHE_ERR;
	}
	json = cache_store_json_payment(p);
	if ((rc = cache_store_decide(c, &s->prior, prior_sql, 0, p->id, json,
	    p->updated_at.secs, p->version, &what, cause)) != CACHE_OK ||
	    what == STORE_UNCHANGED)
		goto out;
	reasons = reasons_text(p);
	if ((rc = cache_store_stmt(c, &s->up, up_sql, cause)) != CACHE_OK ||
	    (rc = bind_payment(c, s->up, p, reasons, json, cause)) != CACHE_OK ||
	    (rc = cache_store_step(c, s->up, "storing a payment", cause)) != CACHE_OK)
		goto out;
	rc = payment_children(c, s, p, cause);
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(reasons);
	free(json);
	return rc;
}

struct payment_list {
	const struct payment	*payments;
	size_t			 n;
};

static int
payment_list(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct payment_list *l = arg;
	struct pay_stmts s = { 0 };
	size_t i;
	int rc = CACHE_OK;

	for (i = 0; rc == CACHE_OK && i < l->n; i++)
		rc = payment_row(c, &s, &l->payments[i], stats, cause);
	pay_stmts_free(&s);
	return rc;
}

int
cache_store_payments_page(struct cache *c, const struct payments_page *page,
    const char *endpoint, const struct cache_sync_state *next,
    struct cache_store_stats *stats, char **cause)
{
	struct payment_list l = { page->payments, page->npayments };

	return cache_store_page(c, "payments", endpoint, next, payment_list, &l,
	    stats, cause);
}

int
cache_store_payment(struct cache *c, const struct payment *p,
    struct cache_store_stats *stats, char **cause)
{
	struct payment_list l = { p, 1 };

	return cache_store_page(c, "payments", NULL, NULL, payment_list, &l, stats,
	    cause);
}
