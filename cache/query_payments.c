/*
 * Payment windows and counts for the review queue, one payment with its
 * history and linked tickets, and the payments linked to a ticket.
 *
 * Windows read payments_status_flagged (status, flagged_at, id) or
 * payments_status_cancel (status, ifnull(auto_cancel_at, INT64_MAX), id)
 * in order when filtered by status, which the queue always is in
 * practice; without a status filter they sort the matching rows, fine for
 * a review queue of thousands. "Never auto-cancels" sorts as INT64_MAX so
 * that it comes last and the keyset never meets a NULL.
 */
#include "cache/query_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NEVER "9223372036854775807"	/* INT64_MAX: no auto-cancel */
/* The auto-cancel sort key, exactly as payments_status_cancel indexes it. */
#define CANCEL_AT "ifnull(p.auto_cancel_at, " NEVER ")"

#define PAYMENT_COLUMNS \
	"p.id, p.order_id, p.version, p.status, p.provider, p.currency, " \
	"p.expected_minor, p.received_minor, p.fee_minor, p.reasons, " \
	"p.customer_name, p.customer_email, p.zendesk_user_id, p.received_at, " \
	"p.flagged_at, p.auto_cancel_at, p.updated_at"
#define PAYMENT_NCOLUMNS 17

static void
payment_row_fill(sqlite3_stmt *st, void *p)
{
	struct payment_row *r = p;

	(void)cache_query_fill(st, 0, &record_payment_row, r);
	r->has_fee = sqlite3_column_type(st, 8) != SQLITE_NULL;
	if (r->reasons == NULL)
		r->reasons = xstrdup("");
}

ROW_CLEAR_FN(payment_row_clear, record_payment_row)

CACHE_ROWS_FREE_FN(cache_payment_rows_free, payment_row, payment_row_clear)

struct payment_key
cache_payment_row_key(const struct payment_row *row, enum payment_sort sort)
{
	struct payment_key k;

	k.id = row->id;
	if (sort == PAYMENT_SORT_CANCEL_ASC)
		k.at = row->auto_cancel_at != 0 ? row->auto_cancel_at : INT64_MAX;
	else
		k.at = row->flagged_at;
	return k;
}

/* The bound lists of a query, as JSON arrays of names; NULL: no filter. */
static void
pq_lists(const struct payment_query *q, char **statuses, char **reasons)
{
	json_t *a;
	unsigned bit;
	int s;

	*statuses = *reasons = NULL;
	if (q->statuses != 0) {
		a = json_array();
		for (s = PAYMENT_STATUS_FLAGGED; s <= PAYMENT_STATUS_EXPIRED; s++) {
			const char *name = payment_status_name((enum payment_status)s);

			if ((q->statuses & (1u << s)) && name != NULL)
				json_array_append_new(a, json_string(name));
		}
		*statuses = json_dumps(a, JSON_COMPACT);
		json_decref(a);
	}
	if (q->reasons != 0) {
		a = json_array();
		for (bit = 1; bit <= PAYMENT_REASON_DUPLICATE; bit <<= 1) {
			if ((q->reasons & bit) && payment_reason_name(bit) != NULL)
				json_array_append_new(a,
				    json_string(payment_reason_name(bit)));
		}
		*reasons = json_dumps(a, JSON_COMPACT);
		json_decref(a);
	}
	if ((q->statuses != 0 && *statuses == NULL) ||
	    (q->reasons != 0 && *reasons == NULL))
		fatal("out of memory building a query");
}

static void
pq_where(struct sqlbuf *b, const struct payment_query *q)
{
	SQL_ADD(b, " FROM payments AS p WHERE 1");
	if (q->statuses != 0)
		SQL_ADD(b, " AND p.status IN (SELECT value FROM json_each(:statuses))");
	if (q->reasons != 0)
		SQL_ADD(b, " AND EXISTS (SELECT 1 FROM json_each(:reasons) AS r "
		    "WHERE instr(' ' || p.reasons || ' ', ' ' || r.value || ' ') > 0)");
	if (q->currency != NULL)
		SQL_ADD(b, " AND p.currency = :currency");
}

static int
pq_bind(struct cache *c, sqlite3_stmt *st, const struct payment_query *q,
    const char *statuses, const char *reasons, const struct payment_key *key,
    int64_t limit, char **cause)
{
	if (cache_query_bind_text(st, ":statuses", statuses) != SQLITE_OK ||
	    cache_query_bind_text(st, ":reasons", reasons) != SQLITE_OK ||
	    cache_query_bind_text(st, ":currency", q->currency) != SQLITE_OK ||
	    (key != NULL &&
	    (cache_query_bind_int(st, ":kat", key->at) != SQLITE_OK ||
	    cache_query_bind_text(st, ":kid", key->id != NULL ? key->id : "") !=
	    SQLITE_OK)) ||
	    cache_query_bind_int(st, ":limit", limit) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "binding a payment query");
	return CACHE_OK;
}

int
cache_payments_window(struct cache *c, const struct payment_query *q,
    const struct payment_key *key, enum cache_dir dir, size_t limit,
    struct payment_row **rows, size_t *n, char **cause)
{
	struct sqlbuf b = { 0 };
	sqlite3_stmt *st = NULL;
	char *statuses, *reasons;
	void *out = NULL;
	bool fwd = dir == CACHE_FORWARD;
	int rc;

	*rows = NULL;
	*n = 0;
	pq_lists(q, &statuses, &reasons);
	SQL_ADD(&b, "SELECT " PAYMENT_COLUMNS);
	pq_where(&b, q);
	if (q->sort == PAYMENT_SORT_CANCEL_ASC) {
		if (key != NULL)
			SQL_ADD_IF(&b, fwd,
			    " AND (" CANCEL_AT ", p.id) > (:kat, :kid)",
			    " AND (" CANCEL_AT ", p.id) < (:kat, :kid)");
		SQL_ADD_IF(&b, fwd, " ORDER BY " CANCEL_AT ", p.id",
		    " ORDER BY " CANCEL_AT " DESC, p.id DESC");
	} else {
		if (key != NULL)
			SQL_ADD_IF(&b, fwd, " AND (p.flagged_at, p.id) < (:kat, :kid)",
			    " AND (p.flagged_at, p.id) > (:kat, :kid)");
		SQL_ADD_IF(&b, fwd, " ORDER BY p.flagged_at DESC, p.id DESC",
		    " ORDER BY p.flagged_at, p.id");
	}
	SQL_ADD(&b, " LIMIT :limit");
	if ((rc = cache_query_prepare(c, b.s, NULL, &st,
	    "preparing a payment window", cause)) != CACHE_OK ||
	    (rc = pq_bind(c, st, q, statuses, reasons, key,
	    cache_query_limit(limit), cause)) != CACHE_OK)
		goto out;
	if ((rc = cache_query_collect(c, st, sizeof **rows, payment_row_fill,
	    payment_row_clear, &out, n, cause)) != CACHE_OK)
		goto out;
	*rows = out;
	if (!fwd)
		cache_query_reverse(*rows, *n, sizeof **rows);
out:
	sqlite3_finalize(st);
	cache_query_sql_free(&b);
	free(statuses);
	free(reasons);
	return rc;
}

int
cache_payments_count(struct cache *c, const struct payment_query *q,
    int64_t *n, char **cause)
{
	struct sqlbuf b = { 0 };
	sqlite3_stmt *st = NULL;
	char *statuses, *reasons;
	int rc;

	*n = 0;
	pq_lists(q, &statuses, &reasons);
	SQL_ADD(&b, "SELECT count(*)");
	pq_where(&b, q);
	if ((rc = cache_query_prepare(c, b.s, NULL, &st,
	    "preparing a payment count", cause)) == CACHE_OK &&
	    (rc = pq_bind(c, st, q, statuses, reasons, NULL, 0, cause)) ==
	    CACHE_OK)
		rc = cache_query_count(c, st, n, "counting payments", cause);
	sqlite3_finalize(st);
	cache_query_sql_free(&b);
	free(statuses);
	free(reasons);
	return rc;
}

/* One payment. */

ROW_FILL_FN(event_fill, record_payment_event_row)
ROW_CLEAR_FN(event_clear, record_payment_event_row)
ROW_FILL_FN(link_fill, record_payment_ticket_row)
ROW_CLEAR_FN(link_clear, record_payment_ticket_row)

void
cache_payment_detail_clear(struct payment_detail *d)
{
	payment_row_clear(&d->row);
	free(d->expected_reference);
	free(d->received_reference);
	free(d->expected_account);
	free(d->received_account);
	cache_rows_free(d->history, d->nhistory, sizeof *d->history,
	    event_clear);
	cache_rows_free(d->tickets, d->ntickets, sizeof *d->tickets, link_clear);
	free(d->json);
	memset(d, 0, sizeof *d);
}

/* The payment's own columns: its row, the four details, its record. */
static void
payment_detail_fill(sqlite3_stmt *st, void *p)
{
	struct payment_detail *d = p;

	payment_row_fill(st, &d->row);
	d->expected_reference = cache_query_text(st, PAYMENT_NCOLUMNS);
	d->received_reference = cache_query_text(st, PAYMENT_NCOLUMNS + 1);
	d->expected_account = cache_query_text(st, PAYMENT_NCOLUMNS + 2);
	d->received_account = cache_query_text(st, PAYMENT_NCOLUMNS + 3);
	d->json = cache_query_text(st, PAYMENT_NCOLUMNS + 4);
}

int
cache_payment_get(struct cache *c, const char *id, struct payment_detail *d,
    bool *found, char **cause)
{
	struct query_arg args[] = { QUERY_TEXT("?1", id), QUERY_END };
	void *hist = NULL, *links = NULL;
	int rc;

	memset(d, 0, sizeof *d);
	if ((rc = cache_query_one(c, "SELECT " PAYMENT_COLUMNS ", "
	    "json_extract(p.json, '$.expected_reference'), "
	    "json_extract(p.json, '$.received_reference'), "
	    "json_extract(p.json, '$.expected_account'), "
	    "json_extract(p.json, '$.received_account'), p.json "
	    "FROM payments AS p WHERE p.id = ?1", args, payment_detail_fill, d,
	    found, "reading a payment", cause)) != CACHE_OK || !*found)
		return rc;
	if ((rc = cache_query_rows(c, "SELECT ifnull(at, 0), actor, action, "
	    "note FROM payment_history WHERE payment_id = ?1 ORDER BY seq", args,
	    sizeof *d->history, event_fill, event_clear, &hist, &d->nhistory,
	    "reading a payment", cause)) != CACHE_OK)
		goto fail;
	d->history = hist;
	if ((rc = cache_query_rows(c, "SELECT pt.ticket_id, t.subject, "
	    "t.status FROM payment_tickets AS pt LEFT JOIN tickets AS t "
	    "ON t.id = pt.ticket_id WHERE pt.payment_id = ?1 "
	    "ORDER BY pt.ticket_id", args, sizeof *d->tickets, link_fill,
	    link_clear, &links, &d->ntickets, "reading a payment",
	    cause)) != CACHE_OK)
		goto fail;
	d->tickets = links;
	return CACHE_OK;
fail:
	*found = false;
	cache_payment_detail_clear(d);
	return rc;
}

ROW_TICKET_ROWS_FN(cache_ticket_payments, payment_row,
    "SELECT " PAYMENT_COLUMNS " FROM payments AS p WHERE p.id IN ("
    "SELECT payment_id FROM payment_tickets WHERE ticket_id = :ticket UNION "
    "SELECT id FROM payments WHERE zendesk_user_id = "
    "(SELECT requester_id FROM tickets WHERE id = :ticket)) "
    "ORDER BY p.flagged_at DESC, p.id DESC LIMIT :limit",
    payment_row_fill, payment_row_clear, "reading a ticket's payments")
