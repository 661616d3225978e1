/*
 * Shared by the store modules (cache/store_*.c) only: the canonical JSON
 * of each record, and the helpers every store function uses to upsert one
 * row, count what happened and keep a page and its cursor in one
 * transaction.
 */
#ifndef TDESK_STORE_INT_H
#define TDESK_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "cache/cache_int.h"
#include "api/fields.h"
#include "api/model.h"
#include "cache/store.h"

/*
 * store_json.c: a record as compact JSON text with a fixed key order, so
 * the same record always gives the same bytes and "has it changed?" is a
 * string comparison. Keys follow the backend's names; absent values
 * (NULL strings, 0 ids, timestamps without text) are null; timestamps are
 * the text as sent; amounts are decimal strings in the payment's
 * currency. Never NULL; the caller frees.
 */
char	*cache_store_json(const struct record *, const void *rec,
	    record_enc_fn *hand);
char	*cache_store_json_incident_update(const struct incident_update *,
	    const char *incident_id);

/* The hands of the records a table cannot fully say. */
void	 cache_store_json_payment_hand(json_t *, const struct field *,
	    const void *rec);
void	 cache_store_json_incident_hand(json_t *, const struct field *,
	    const void *rec);

/* store_common.c. */

/* What an upsert found: the row was new, differed, or was left alone. */
enum store_outcome {
	STORE_INSERTED,
	STORE_UPDATED,
	STORE_UNCHANGED,
};

/* Adds one outcome to a page's counts. */
void	 cache_store_count(struct cache_store_stats *, enum store_outcome);

/*
 * Whether a record needs writing. prior_sql selects (json, v1, v2) of the
 * row with id ?1 (bound as sid when sid is not NULL, else as id), where v1
 * is its updated_at and v2 a finer version (tickets' generated_timestamp)
 * or NULL. Sets *out to STORE_INSERTED (no row), STORE_UNCHANGED (the same
 * json, or an older record: v2 lower when both have one, else v1 lower
 * when both have one) or STORE_UPDATED. A 0 version is "unknown".
 */
int	 cache_store_decide(struct cache *c, sqlite3_stmt **prior,
	    const char *prior_sql, int64_t id, const char *sid, const char *json,
	    int64_t v1, int64_t v2, enum store_outcome *out, char **cause) TD_WUR;

/*
 * Prepares sql once into *st (kept across rows of a page; finalize with
 * sqlite3_finalize), or resets and clears it for the next row.
 */
int	 cache_store_stmt(struct cache *c, sqlite3_stmt **st, const char *sql,
	    char **cause) TD_WUR;

/* Finalizes the n statements at all[0..n-1] and sets each to NULL. */
void	 cache_store_finalize(sqlite3_stmt **const *all, size_t n);

/* Runs a prepared, bound statement that returns no row. */
int	 cache_store_step(struct cache *c, sqlite3_stmt *st, const char *what,
	    char **cause) TD_WUR;

/* Binders that store "absent" as NULL: a NULL string, a 0 id or time. */
int	 cache_store_bind_text(sqlite3_stmt *, int col, const char *);
int	 cache_store_bind_id(sqlite3_stmt *, int col, int64_t);
int	 cache_store_bind_time(sqlite3_stmt *, int col, const struct timestamp *);

/*
 * One kind of row, described once: how to read the stored copy, how to
 * upsert, and the columns the upsert binds (?1, ?2, … in order, then the
 * json last), each a field of the record (fields.h; key: the column).
 * Binding by type: STRING as text, ID and a FIELD_ZNULL INT64 with 0 as
 * NULL, INT64 as is, BOOL as 0/1, TIME as its unix time (NULL without
 * text; STORE_SECS: 0 then; STORE_TEXT: the text as sent), STRINGS
 * joined by spaces. A FIELD_ENC_HAND column goes to bind.
 */
#define STORE_SECS	(1 << 8)
#define STORE_TEXT	(1 << 9)
#define STORE_NOTNULL	(1 << 10)	/* a STRING the row cannot do without */

/*
 * What a kind does around each row of a list besides the upsert: before,
 * a check (or the row's own handling: return STORE_DONE to skip the
 * upsert); after, the row's children. more are STORE_NMORE statements of
 * the list's own, NULL until prepared with cache_store_stmt(), finalized
 * when the list is done.
 */
#define STORE_NMORE	4
#define STORE_DONE	(-1)
typedef int store_hook(struct cache *c, sqlite3_stmt **more, const void *rec,
	    struct cache_store_stats *stats, char **cause);

struct store_row {
	const char	*prior_sql;	/* for cache_store_decide(), ?1 the
					 * first column; NULL: always write */
	const char	*up_sql;
	const struct field *cols;
	size_t		 ncols;
	long		 v1;		/* offsetof the struct timestamp that
					 * versions the record; -1: none */
	long		 v2;		/* offsetof an int64_t finer version;
					 * -1: none */
	const char	*what;		/* "storing a user", for messages */
	int		(*bind)(sqlite3_stmt *, int col, const struct field *,
			    const void *rec);

	/* The rest serves cache_store_rows() only. */
	const struct record *record;	/* the json column: record_encode() */
	record_enc_fn	*hand;		/* of its FIELD_ENC_HAND fields */
	const char	*refused;	/* "an incident without an id": why
					 * a row with a NULL STORE_NOTNULL
					 * column is refused */
	store_hook	*before;	/* NULL: none */
	store_hook	*after;		/* when the row was written; NULL:
					 * none */
};

/*
 * Store rec as a row of kind r: unless prior_sql is NULL, decide with the
 * first column as the id (text for a STRING) and stop if the stored copy
 * is the same or newer; else upsert. *prior and *up are the page's
 * prepared statements (cache_store_stmt). json is taken over and freed.
 * The outcome is counted in stats (NULL: not) and set in *what (NULL: not
 * wanted).
 */
int	 cache_store_row(struct cache *c, const struct store_row *r,
	    sqlite3_stmt **prior, sqlite3_stmt **up, const void *rec,
	    char *json, struct cache_store_stats *stats,
	    enum store_outcome *what, char **cause) TD_WUR;

/* store_rows.c: every kind of row the cache holds. */
extern const struct store_row store_kind_ticket, store_kind_user,
	    store_kind_group, store_kind_organization, store_kind_macro,
	    store_kind_comment, store_kind_incident, store_kind_incident_update,
	    store_kind_component, store_kind_template, store_kind_payment;

/* The hooks those kinds name, in the store module of their backend. */
store_hook	cache_store_ticket_delete;	/* store_zendesk.c */
store_hook	cache_store_incident_children;	/* store_statuspage.c */
store_hook	cache_store_payment_children;	/* store_payments.c */
int		cache_store_payment_bind(sqlite3_stmt *, int col,
		    const struct field *, const void *rec);

/* n records of one kind, each size bytes, at items. */
struct store_list {
	const struct store_row *kind;
	const void	*items;
	size_t		 n;
	size_t		 size;
};

/*
 * Stores each record of l in turn (its json from kind->record), inside
 * the caller's transaction; stops at the first failure.
 */
int	 cache_store_rows(struct cache *c, const struct store_list *l,
	    struct cache_store_stats *stats, char **cause) TD_WUR;

/* Items joined by single spaces (the tags and reasons columns); caller frees. */
char	*cache_store_join(const struct string_array *);

/*
 * One page in one transaction: BEGIN IMMEDIATE, fn(c, arg, &stats, cause),
 * then the endpoint's sync state (unless endpoint is NULL), COMMIT. On any
 * failure everything is rolled back and *stats is left as it was; on
 * success the page's counts are added to *stats (NULL: not wanted).
 *
 * The sync state row is written only when it would change: the cursor,
 * ETag or error differ from the stored ones, or the page changed a row
 * (then last_success moves too). A page that brought nothing new with the
 * same cursor leaves the file untouched.
 */
typedef int store_page_fn(struct cache *c, const void *arg,
	    struct cache_store_stats *stats, char **cause);
int	 cache_store_page(struct cache *c, const char *backend,
	    const char *endpoint, const struct cache_sync_state *next,
	    store_page_fn *fn, const void *arg, struct cache_store_stats *stats,
	    char **cause) TD_WUR;

/* cache_store_rows() of l as one page (cache_store_page). */
int	 cache_store_list(struct cache *c, const char *backend,
	    const char *endpoint, const struct cache_sync_state *next,
	    const struct store_list *l, struct cache_store_stats *stats,
	    char **cause) TD_WUR;

/*
 * The public store functions of a page of one kind, and of one record of
 * it: the list of page->items (page->n of them), or of the one record.
 */
#define STORE_PAGE_FN(name, backend, type, kind, items, n)		\
int									\
name(struct cache *c, const struct type *page, const char *endpoint,	\
    const struct cache_sync_state *next, struct cache_store_stats *stats, \
    char **cause)							\
{									\
	struct store_list l = { &(kind), page->items, page->n,		\
	    sizeof *page->items };					\
									\
	return cache_store_list(c, backend, endpoint, next, &l, stats,	\
	    cause);							\
}
#define STORE_ONE_FN(name, backend, type, kind)				\
int									\
name(struct cache *c, const struct type *rec,				\
    struct cache_store_stats *stats, char **cause)			\
{									\
	struct store_list l = { &(kind), rec, 1, sizeof *rec };		\
									\
	return cache_store_list(c, backend, NULL, NULL, &l, stats, cause); \
}

#endif
