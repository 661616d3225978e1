/*
 * Storing flagged payments from the payments review API, with each one's
 * history and the Zendesk tickets it is linked to.
 */
#include "cache/store_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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
int
cache_store_payment_bind(sqlite3_stmt *st, int col, const struct field *f,
    const void *rec)
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


/*
 * Replaces a written payment's history and ticket links with the ones it
 * carries: more[0..3] delete and add history, delete and add links.
 */
int
cache_store_payment_children(struct cache *c, sqlite3_stmt **more,
    const void *rec, struct cache_store_stats *stats, char **cause)
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
    store_kind_payment, payments, npayments)
STORE_ONE_FN(cache_store_payment, "payments", payment, store_kind_payment)
