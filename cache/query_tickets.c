/*
 * Ticket windows, counts and positions for the lists; one ticket with its
 * detail; windows over a ticket's conversation.
 *
 * How a window stays cheap with a million tickets: the statement picks its
 * rows from one index in list order and stops after limit rows, then
 * joins the names for those rows only.
 *  - no filter: tickets_updated (updated_at, and the rowid, which is the
 *    id) is read backwards from the key;
 *  - status, priority, assignee, group, organization: the (column,
 *    updated_at) index; a set of statuses (or priorities) is an IN list
 *    over json_each(?), for which SQLite reads each value's run of the
 *    index in order and stops each once it is past the limit; "assigned
 *    to anyone" is no index's run, so it is a test on the rows read;
 *  - tags: ticket_tags (tag, updated_at, ticket_id) of the first required
 *    tag drives, in list order; the other required tags and the excluded
 *    ones are probes of ticket_tags by (ticket_id, tag) for each row read;
 *  - words: the tickets whose subject or comments hold every word are
 *    found through the trigram FTS tables first, then ordered (a rare
 *    word: 1 ms on a million tickets); words found in a fifth of them
 *    make that set large (0.6 s). A word under three characters has no
 *    index at all: it is tested with instr() on the subject of each row
 *    the window reads, in the window's index order, until the window is
 *    full (see query.h).
 *    See tests/bench/bench_cache.c.
 * The statement is assembled from fixed fragments (query_int.h), one per
 * predicate that is set; values are always bound.
 */
#include "cache/query_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char	*name;
	unsigned	 bit;
} statuses[] = {
	{ "new", TICKET_STATUS_NEW },
	{ "open", TICKET_STATUS_OPEN },
	{ "pending", TICKET_STATUS_PENDING },
	{ "hold", TICKET_STATUS_HOLD },
	{ "solved", TICKET_STATUS_SOLVED },
	{ "closed", TICKET_STATUS_CLOSED },
};

unsigned
cache_ticket_status_bit(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof statuses / sizeof statuses[0]; i++) {
		if (strcmp(statuses[i].name, name) == 0)
			return statuses[i].bit;
	}
	return 0;
}

static const struct {
	const char	*name;
	unsigned	 bit;
} priorities[] = {
	{ "low", TICKET_PRIORITY_LOW },
	{ "normal", TICKET_PRIORITY_NORMAL },
	{ "high", TICKET_PRIORITY_HIGH },
	{ "urgent", TICKET_PRIORITY_URGENT },
	{ "none", TICKET_PRIORITY_NONE },
};

unsigned
cache_ticket_priority_bit(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof priorities / sizeof priorities[0];
	    i++) {
		if (strcmp(priorities[i].name, name) == 0)
			return priorities[i].bit;
	}
	return 0;
}

/* The bound values of a query: JSON texts built once per call. */
struct tq_args {
	char		*statuses;	/* ["open","new"], NULL: no filter */
	const char	*status;	/* the one status when only one is asked:
					 * an equality reads its index run in
					 * order with no merge at all */
	char		*priorities;	/* ["high","none"], NULL: no filter */
	const char	*priority;	/* the one priority, as status */
	char		*words;		/* ["płatn","zamów"]: words of three
					 * characters or more; NULL: none */
	int64_t		 nwords;
	char		*short_words;	/* ["決済"]: shorter words; NULL: none */
	bool		 nomatch;	/* a word is not UTF-8: nothing stored
					 * can hold it */
	const char	*tag;		/* the first required tag; NULL: none */
	char		*tags;		/* the other required tags; NULL: none */
	char		*not_tags;	/* the excluded tags; NULL: none */
	bool		 tagdrive;	/* ticket_tags drives the window */
};

static char *
json_text(json_t *v)
{
	return cache_json_text(v, "building a query");
}

/* Characters (not bytes) in the UTF-8 text s of len bytes. */
static size_t
utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* Appends tag to arr unless arr (or first) already holds it. */
static void
tag_add(json_t *arr, const char *first, const char *tag)
{
	size_t i;

	if (tag == NULL || (first != NULL && strcmp(first, tag) == 0))
		return;
	for (i = 0; i < json_array_size(arr); i++) {
		if (strcmp(json_string_value(json_array_get(arr, i)), tag) == 0)
			return;
	}
	json_array_append_new(arr, json_string(tag));
}

/* A JSON text of arr, or NULL (and arr freed) when it is empty. */
static char *
json_text_or_null(json_t *arr)
{
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		return NULL;
	}
	return json_text(arr);
}

/*
 * The required and excluded tags. A tag that is not UTF-8 cannot be
 * stored (jansson refuses it): required, nothing matches; excluded, it
 * rules nothing out.
 */
static void
tq_args_tags(const struct ticket_query *q, struct tq_args *a)
{
	json_t *arr, *v;
	size_t i;

	if (q->tag != NULL)
		a->tag = q->tag;
	for (i = 0; a->tag == NULL && i < q->ntags; i++)
		a->tag = q->tags[i];
	arr = json_array();
	for (i = 0; i < q->ntags; i++)
		tag_add(arr, a->tag, q->tags[i]);
	a->tags = json_text_or_null(arr);
	arr = json_array();
	for (i = 0; i < q->nnot_tags; i++) {
		if ((v = json_string(q->not_tags[i])) != NULL) {
			json_decref(v);
			tag_add(arr, NULL, q->not_tags[i]);
		}
	}
	a->not_tags = json_text_or_null(arr);
	if (a->tag != NULL && (v = json_string(a->tag)) != NULL)
		json_decref(v);
	else if (a->tag != NULL)
		a->nomatch = true;
	for (i = 0; i < q->ntags; i++) {
		if ((v = json_string(q->tags[i])) == NULL)
			a->nomatch = true;
		json_decref(v);
	}
}

static void
tq_args_make(const struct ticket_query *q, struct tq_args *a)
{
	const char *p, *start;
	json_t *arr, *shorts;
	size_t i;

	memset(a, 0, sizeof *a);
	if (q->statuses != 0) {
		arr = json_array();
		for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
			if (q->statuses & statuses[i].bit) {
				json_array_append_new(arr,
				    json_string(statuses[i].name));
				a->status = statuses[i].name;
			}
		}
		if (json_array_size(arr) != 1)
			a->status = NULL;
		a->statuses = json_text(arr);
	}
	if (q->priorities != 0) {
		arr = json_array();
		for (i = 0; i < sizeof priorities / sizeof priorities[0]; i++) {
			if (q->priorities & priorities[i].bit) {
				json_array_append_new(arr,
				    json_string(priorities[i].name));
				a->priority = priorities[i].name;
			}
		}
		if (json_array_size(arr) != 1)
			a->priority = NULL;
		a->priorities = json_text_or_null(arr);
	}
	if (q->text != NULL) {
		arr = json_array();
		shorts = json_array();
		for (p = q->text; *p != '\0';) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				p++;
			start = p;
			while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
			    *p != '\r')
				p++;
			if (p > start) {
				json_t *w = json_stringn(start, (size_t)(p - start));

				if (w == NULL)
					a->nomatch = true;
				else if (utf8_chars(start, (size_t)(p - start)) < 3)
					json_array_append_new(shorts, w);
				else
					json_array_append_new(arr, w);
			}
		}
		a->nwords = (int64_t)json_array_size(arr);
		a->words = json_text_or_null(arr);
		a->short_words = json_text_or_null(shorts);
	}
	tq_args_tags(q, a);
	a->tagdrive = a->tag != NULL && (q->sort == TICKET_SORT_UPDATED_DESC ||
	    q->sort == TICKET_SORT_UPDATED_ASC);
}

static void
tq_args_free(struct tq_args *a)
{
	free(a->statuses);
	free(a->priorities);
	free(a->words);
	free(a->short_words);
	free(a->tags);
	free(a->not_tags);
}

/*
 * Every word of three characters or more (:words) is looked up in the
 * trigram indexes as a quoted phrase, and the tickets that hold them all
 * are the set the window is read from.
 */
#define TEXT_FILTER \
	" AND t.id IN (SELECT m.tid FROM (" \
	"SELECT f.rowid AS tid, w.key AS k FROM json_each(:words) AS w " \
	"CROSS JOIN ticket_fts AS f WHERE " \
	"f.ticket_fts MATCH '\"' || replace(w.value, '\"', '\"\"') || '\"' " \
	"UNION ALL " \
	"SELECT c.ticket_id, w.key FROM json_each(:words) AS w " \
	"CROSS JOIN comment_fts AS f CROSS JOIN comments AS c " \
	"WHERE " \
	"f.comment_fts MATCH '\"' || replace(w.value, '\"', '\"\"') || '\"' " \
	"AND c.id = f.rowid " \
	") AS m GROUP BY m.tid HAVING count(DISTINCT m.k) = :nwords)"

/*
 * A shorter word (:short, a two-kanji word) cannot be looked up in a
 * trigram index: it is a test on each row read, the word in the subject
 * (ASCII case-folded; a NULL subject holds no word).
 */
#define SHORT_FILTER \
	" AND NOT EXISTS (SELECT 1 FROM json_each(:short) AS s WHERE " \
	"ifnull(instr(lower(t.subject), lower(s.value)), 0) = 0)"

/* The other required tags, and the excluded ones: probes by (ticket_id, tag). */
#define TAGS_FILTER \
	" AND NOT EXISTS (SELECT 1 FROM json_each(:tags) AS j WHERE NOT EXISTS " \
	"(SELECT 1 FROM ticket_tags AS g2 WHERE g2.ticket_id = t.id AND " \
	"g2.tag = j.value))"
#define NOT_TAGS_FILTER \
	" AND NOT EXISTS (SELECT 1 FROM json_each(:not_tags) AS j " \
	"CROSS JOIN ticket_tags AS g3 WHERE g3.ticket_id = t.id AND " \
	"g3.tag = j.value)"

/* How a priority is indexed (schema patch 3): NULL and "" are "none". */
#define PRIORITY_EXPR "coalesce(nullif(t.priority, ''), 'none')"

/*
 * FROM and WHERE: the driving table and every predicate that is set.
 * key_first: a key is given and the rows are read in descending order,
 * so the key, not updated_before, is where the index is read from.
 */
static void
tq_from_where(struct sqlbuf *b, const struct ticket_query *q,
    const struct tq_args *a, bool key_first)
{
	bool words = a->words != NULL;

	if (a->tagdrive)
		SQL_ADD(b, " FROM ticket_tags AS g CROSS JOIN tickets AS t "
		    "WHERE g.tag = :tag AND t.id = g.ticket_id");
	else
		SQL_ADD(b, " FROM tickets AS t WHERE 1");
	if (a->tag != NULL && !a->tagdrive)
		SQL_ADD(b, " AND EXISTS (SELECT 1 FROM ticket_tags AS g "
		    "WHERE g.ticket_id = t.id AND g.tag = :tag)");
	if (a->tags != NULL)
		SQL_ADD(b, TAGS_FILTER);
	if (a->not_tags != NULL)
		SQL_ADD(b, NOT_TAGS_FILTER);
	/*
	 * With words, the tickets that hold them are the smaller set: the
	 * column predicates get a unary + so that SQLite does not drive the
	 * window from their indexes and probe the words' matches for each of
	 * a status's hundreds of thousands of rows.
	 */
	if (a->status != NULL)
		SQL_ADD_IF(b, words, " AND +t.status = :status",
		    " AND t.status = :status");
	else if (a->statuses != NULL)
		SQL_ADD_IF(b, words,
		    " AND +t.status IN (SELECT value FROM json_each(:statuses))",
		    " AND t.status IN (SELECT value FROM json_each(:statuses))");
	if (a->priority != NULL)
		SQL_ADD_IF(b, words, " AND +" PRIORITY_EXPR " = :priority",
		    " AND " PRIORITY_EXPR " = :priority");
	else if (a->priorities != NULL)
		SQL_ADD_IF(b, words, " AND +" PRIORITY_EXPR
		    " IN (SELECT value FROM json_each(:priorities))",
		    " AND " PRIORITY_EXPR
		    " IN (SELECT value FROM json_each(:priorities))");
	/*
	 * Assigned to anyone: a range of the assignee index would come out of
	 * updated_at order (a sort of every assigned ticket before the first
	 * row), so it is a test on the rows read instead.
	 */
	if (q->assignee == TICKET_ASSIGNEE_SOME)
		SQL_ADD(b, " AND +t.assignee_id IS NOT NULL");
	else if (q->assignee == TICKET_ASSIGNEE_NONE)
		SQL_ADD_IF(b, words, " AND +t.assignee_id IS NULL",
		    " AND t.assignee_id IS NULL");
	else if (q->assignee == TICKET_ASSIGNEE_ID)
		SQL_ADD_IF(b, words, " AND +t.assignee_id = :assignee",
		    " AND t.assignee_id = :assignee");
	if (q->group_id != 0)
		SQL_ADD_IF(b, words, " AND +t.group_id = :group",
		    " AND t.group_id = :group");
	if (q->organization_id != 0)
		SQL_ADD_IF(b, words, " AND +t.organization_id = :organization",
		    " AND t.organization_id = :organization");
	if (q->requester_id != 0)
		SQL_ADD(b, " AND t.requester_id = :requester");
	if (q->updated_since != 0) {
		if (a->tagdrive)
			SQL_ADD(b, " AND g.updated_at >= :since");
		else
			SQL_ADD(b, " AND t.updated_at >= :since");
	}
	/*
	 * Read downwards from a key, the key (a row of the window, so below
	 * this bound already) is where the index is read from: SQLite would
	 * otherwise start at this bound and step over every row between it
	 * and the key. Read upwards, this bound is where the reading stops.
	 */
	if (q->updated_before != 0) {
		if (a->tagdrive)
			SQL_ADD_IF(b, key_first, " AND +g.updated_at < :before",
			    " AND g.updated_at < :before");
		else
			SQL_ADD_IF(b, key_first, " AND +t.updated_at < :before",
			    " AND t.updated_at < :before");
	}
	if (a->words != NULL)
		SQL_ADD(b, TEXT_FILTER);
	if (a->short_words != NULL)
		SQL_ADD(b, SHORT_FILTER);
	if (a->nomatch)
		SQL_ADD(b, " AND 0");
}

/* Whether the statement reads rows in descending order. */
static bool
tq_descending(enum ticket_sort sort, enum cache_dir dir)
{
	bool desc = sort == TICKET_SORT_UPDATED_DESC || sort == TICKET_SORT_ID_DESC;

	return dir == CACHE_FORWARD ? desc : !desc;
}

/* The keyset predicate: the rows past the key in reading order. */
static void
tq_keyset(struct sqlbuf *b, const struct ticket_query *q,
    const struct tq_args *a, bool desc)
{
	bool by_id = q->sort == TICKET_SORT_ID_DESC || q->sort == TICKET_SORT_ID_ASC;

	if (by_id)
		SQL_ADD_IF(b, desc, " AND t.id < :kid", " AND t.id > :kid");
	else if (a->tagdrive)
		SQL_ADD_IF(b, desc, " AND (g.updated_at, g.ticket_id) < (:kat, :kid)",
		    " AND (g.updated_at, g.ticket_id) > (:kat, :kid)");
	else
		SQL_ADD_IF(b, desc, " AND (t.updated_at, t.id) < (:kat, :kid)",
		    " AND (t.updated_at, t.id) > (:kat, :kid)");
}

static void
tq_order(struct sqlbuf *b, const struct ticket_query *q,
    const struct tq_args *a, bool desc)
{
	bool by_id = q->sort == TICKET_SORT_ID_DESC || q->sort == TICKET_SORT_ID_ASC;

	if (by_id)
		SQL_ADD_IF(b, desc, " ORDER BY t.id DESC", " ORDER BY t.id");
	else if (a->tagdrive)
		SQL_ADD_IF(b, desc, " ORDER BY g.updated_at DESC, g.ticket_id DESC",
		    " ORDER BY g.updated_at, g.ticket_id");
	else
		SQL_ADD_IF(b, desc, " ORDER BY t.updated_at DESC, t.id DESC",
		    " ORDER BY t.updated_at, t.id");
}

/* What a list row shows, over tickets AS tk and its joins. */
#define ROW_COLUMNS \
	"tk.id, tk.subject, tk.status, tk.priority, tk.requester_id, r.name, " \
	"tk.organization_id, o.name, o.billing_standing, tk.assignee_id, " \
	"a.name, tk.group_id, gr.name, tk.tags, tk.created_at, tk.updated_at, " \
	"tk.due_at, ifnull(sn.updated_at, 0)"
#define ROW_JOINS \
	" LEFT JOIN users AS r ON r.id = tk.requester_id" \
	" LEFT JOIN users AS a ON a.id = tk.assignee_id" \
	" LEFT JOIN organizations AS o ON o.id = tk.organization_id" \
	" LEFT JOIN groups AS gr ON gr.id = tk.group_id" \
	" LEFT JOIN ticket_seen AS sn ON sn.ticket_id = tk.id"

static void
row_fill(sqlite3_stmt *st, void *p)
{
	struct ticket_row *r = p;

	(void)cache_query_fill(st, 0, &record_ticket_row, r);
	if (r->tags == NULL)
		r->tags = xstrdup("");
}

ROW_CLEAR_FN(row_clear, record_ticket_row)

CACHE_ROWS_FREE_FN(cache_ticket_rows_free, ticket_row, row_clear)

struct cache_key
cache_ticket_row_key(const struct ticket_row *row)
{
	struct cache_key k = { row->updated_at, row->id };

	return k;
}

/*
 * The window statement: the ids of the window in reading order (inner),
 * then the list columns for those ids only. The outer query has no ORDER
 * BY; the rows are put in order in C, a sort of at most limit rows.
 */
static void
tq_window_sql(struct sqlbuf *b, const struct ticket_query *q,
    const struct tq_args *a, bool keyed, bool desc)
{
	SQL_ADD(b, "SELECT " ROW_COLUMNS " FROM (SELECT t.id AS id");
	tq_from_where(b, q, a, keyed && desc);
	if (keyed)
		tq_keyset(b, q, a, desc);
	tq_order(b, q, a, desc);
	SQL_ADD(b, " LIMIT :limit) AS w JOIN tickets AS tk ON tk.id = w.id" ROW_JOINS);
}

static int
tq_bind(struct cache *c, sqlite3_stmt *st, const struct ticket_query *q,
    const struct tq_args *a, const struct cache_key *key, int64_t limit,
    char **cause)
{
	if (cache_query_bind_text(st, ":tag", a->tag) != SQLITE_OK ||
	    cache_query_bind_text(st, ":tags", a->tags) != SQLITE_OK ||
	    cache_query_bind_text(st, ":not_tags", a->not_tags) != SQLITE_OK ||
	    cache_query_bind_text(st, ":statuses", a->statuses) != SQLITE_OK ||
	    cache_query_bind_text(st, ":status", a->status) != SQLITE_OK ||
	    cache_query_bind_text(st, ":priorities", a->priorities) != SQLITE_OK ||
	    cache_query_bind_text(st, ":priority", a->priority) != SQLITE_OK ||
	    cache_query_bind_int(st, ":assignee", q->assignee_id) != SQLITE_OK ||
	    cache_query_bind_int(st, ":group", q->group_id) != SQLITE_OK ||
	    cache_query_bind_int(st, ":organization", q->organization_id) != SQLITE_OK ||
	    cache_query_bind_int(st, ":requester", q->requester_id) != SQLITE_OK ||
	    cache_query_bind_int(st, ":since", q->updated_since) != SQLITE_OK ||
	    cache_query_bind_int(st, ":before", q->updated_before) != SQLITE_OK ||
	    cache_query_bind_text(st, ":words", a->words) != SQLITE_OK ||
	    cache_query_bind_text(st, ":short", a->short_words) != SQLITE_OK ||
	    cache_query_bind_int(st, ":nwords", a->nwords) != SQLITE_OK ||
	    (key != NULL &&
	    (cache_query_bind_int(st, ":kat", key->at) != SQLITE_OK ||
	    cache_query_bind_int(st, ":kid", key->id) != SQLITE_OK)) ||
	    cache_query_bind_int(st, ":limit", limit) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "binding a ticket query");
	return CACHE_OK;
}

/* A window's rows into each sort's order; one comparator per sort. */
static int
row_cmp_updated_desc(const void *a, const void *b)
{
	const struct ticket_row *x = a, *y = b;
	int r = (x->updated_at < y->updated_at) - (x->updated_at > y->updated_at);

	return r != 0 ? r : (x->id < y->id) - (x->id > y->id);
}

static int
row_cmp_updated_asc(const void *a, const void *b)
{
	return row_cmp_updated_desc(b, a);
}

static int
row_cmp_id_desc(const void *a, const void *b)
{
	const struct ticket_row *x = a, *y = b;

	return (x->id < y->id) - (x->id > y->id);
}

static int
row_cmp_id_asc(const void *a, const void *b)
{
	return row_cmp_id_desc(b, a);
}

static void
rows_sort(struct ticket_row *rows, size_t n, enum ticket_sort sort)
{
	int (*cmp)(const void *, const void *);

	switch (sort) {
	case TICKET_SORT_UPDATED_ASC:
		cmp = row_cmp_updated_asc;
		break;
	case TICKET_SORT_ID_DESC:
		cmp = row_cmp_id_desc;
		break;
	case TICKET_SORT_ID_ASC:
		cmp = row_cmp_id_asc;
		break;
	case TICKET_SORT_UPDATED_DESC:
	default:
		cmp = row_cmp_updated_desc;
		break;
	}
	if (n > 1)
		qsort(rows, n, sizeof *rows, cmp);
}

int
cache_tickets_window(struct cache *c, const struct ticket_query *q,
    const struct cache_key *key, enum cache_dir dir, size_t limit,
    struct ticket_row **rows, size_t *n, char **cause)
{
	struct sqlbuf b = { 0 };
	struct tq_args a;
	sqlite3_stmt *st = NULL;
	void *out = NULL;
	int rc;

	*rows = NULL;
	*n = 0;
	tq_args_make(q, &a);
	tq_window_sql(&b, q, &a, key != NULL, tq_descending(q->sort, dir));
	if ((rc = cache_query_prepare(c, b.s, NULL, &st,
	    "preparing a ticket window", cause)) != CACHE_OK ||
	    (rc = tq_bind(c, st, q, &a, key, cache_query_limit(limit),
	    cause)) != CACHE_OK)
		goto out;
	if ((rc = cache_query_collect(c, st, sizeof **rows, row_fill, row_clear,
	    &out, n, cause)) != CACHE_OK)
		goto out;
	*rows = out;
	rows_sort(*rows, *n, q->sort);
out:
	sqlite3_finalize(st);
	cache_query_sql_free(&b);
	tq_args_free(&a);
	return rc;
}

/* count(*) of the matching rows, or of those before key in q's order. */
static int
tq_count(struct cache *c, const struct ticket_query *q,
    const struct cache_key *key, int64_t *n, char **cause)
{
	struct sqlbuf b = { 0 };
	struct tq_args a;
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	tq_args_make(q, &a);
	SQL_ADD(&b, "SELECT count(*)");
	tq_from_where(&b, q, &a, key != NULL &&
	    tq_descending(q->sort, CACHE_BACKWARD));
	if (key != NULL)
		tq_keyset(&b, q, &a, tq_descending(q->sort, CACHE_BACKWARD));
	if ((rc = cache_query_prepare(c, b.s, NULL, &st,
	    "preparing a ticket count", cause)) == CACHE_OK &&
	    (rc = tq_bind(c, st, q, &a, key, 0, cause)) == CACHE_OK)
		rc = cache_query_count(c, st, n, "counting tickets", cause);
	sqlite3_finalize(st);
	cache_query_sql_free(&b);
	tq_args_free(&a);
	return rc;
}

int
cache_tickets_count(struct cache *c, const struct ticket_query *q, int64_t *n,
    char **cause)
{
	return tq_count(c, q, NULL, n, cause);
}

int
cache_tickets_position(struct cache *c, const struct ticket_query *q,
    const struct cache_key *key, int64_t *n, char **cause)
{
	return tq_count(c, q, key, n, cause);
}

int
cache_tickets_explain(struct cache *c, const struct ticket_query *q,
    const struct cache_key *key, enum cache_dir dir, char **plan, char **cause)
{
	struct sqlbuf b = { 0 }, out = { 0 };
	struct tq_args a;
	sqlite3_stmt *st = NULL;
	int rc = CACHE_OK, step;

	*plan = NULL;
	tq_args_make(q, &a);
	SQL_ADD(&b, "EXPLAIN QUERY PLAN ");
	tq_window_sql(&b, q, &a, key != NULL, tq_descending(q->sort, dir));
	if ((rc = cache_query_prepare(c, b.s, NULL, &st,
	    "explaining a ticket window", cause)) != CACHE_OK ||
	    (rc = tq_bind(c, st, q, &a, key, 50, cause)) != CACHE_OK)
		goto out;
	SQL_ADD(&out, "");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		size_t len = detail != NULL ? strlen(detail) : 0;

		/* Not SQL: the plan's own text, copied into the report. */
		if (out.len + len + 2 > out.cap) {
			out.cap = (out.len + len + 2) * 2;
			out.s = xreallocarray(out.s, out.cap, 1);
		}
		memcpy(out.s + out.len, detail != NULL ? detail : "", len);
		out.len += len;
		out.s[out.len++] = '\n';
		out.s[out.len] = '\0';
	}
	if (step != SQLITE_DONE) {
		rc = cache_sqlite_error(c, cause, "explaining a ticket window");
		cache_query_sql_free(&out);
		goto out;
	}
	*plan = out.s;
out:
	sqlite3_finalize(st);
	cache_query_sql_free(&b);
	tq_args_free(&a);
	return rc;
}

/* One ticket. */

int
cache_ticket_seen_mark(struct cache *c, int64_t ticket_id, int64_t updated_at,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = CACHE_OK;

	if (sqlite3_prepare_v2(cache_db(c), "INSERT INTO ticket_seen "
	    "(ticket_id, updated_at) VALUES (?1, ?2) ON CONFLICT (ticket_id) "
	    "DO UPDATE SET updated_at = excluded.updated_at", -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)ticket_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)updated_at) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "marking a ticket as seen");
	sqlite3_finalize(st);
	return rc;
}

void
cache_ticket_detail_clear(struct ticket_detail *d)
{
	record_clear(&record_ticket_detail, d);
}

int
cache_ticket_get(struct cache *c, int64_t id, struct ticket_detail *d,
    bool *found, char **cause)
{
	struct query_arg args[] = { QUERY_INT("?1", id), QUERY_END };
	sqlite3_stmt *st;
	int rc;

	memset(d, 0, sizeof *d);
	*found = false;
	if ((rc = cache_query_prepare(c, "SELECT " ROW_COLUMNS ", tk.type, "
	    "tk.updated_stamp, r.email, json_extract(tk.json, '$.description'), "
	    "tk.json FROM tickets AS tk" ROW_JOINS " WHERE tk.id = ?1", args,
	    &st, "reading a ticket", cause)) != CACHE_OK)
		return rc;
	if ((rc = cache_query_step(c, st, found, "reading a ticket", cause)) ==
	    CACHE_OK && *found) {
		(void)cache_query_fill(st, 0, &record_ticket_detail, d);
		if (d->row.tags == NULL)
			d->row.tags = xstrdup("");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Comments. */

ROW_FILL_BOOL_FN(comment_row_fill, comment_row, record_comment_row,
    public, 5)

ROW_CLEAR_FN(comment_row_clear, record_comment_row)

CACHE_ROWS_FREE_FN(cache_comment_rows_free, comment_row, comment_row_clear)

struct cache_key
cache_comment_row_key(const struct comment_row *row)
{
	struct cache_key k = { row->created_at, row->id };

	return k;
}

int
cache_comments_window(struct cache *c, int64_t ticket_id,
    const struct cache_key *key, enum cache_dir dir, size_t limit,
    struct comment_row **rows, size_t *n, char **cause)
{
	struct sqlbuf b = { 0 };
	sqlite3_stmt *st = NULL;
	void *out = NULL;
	int rc;

	*rows = NULL;
	*n = 0;
	SQL_ADD(&b, "SELECT cm.id, cm.author_id, u.name, u.role, cm.body, "
	    "cm.public, json_extract(cm.json, '$.via.channel'), "
	    "ifnull(cm.created_at, 0), "
	    "ifnull(json_array_length(cm.json, '$.attachments'), 0) "
	    "FROM comments AS cm LEFT JOIN users AS u ON u.id = cm.author_id "
	    "WHERE cm.ticket_id = :ticket");
	if (key != NULL)
		SQL_ADD_IF(&b, dir == CACHE_FORWARD,
		    " AND (ifnull(cm.created_at, 0), cm.id) > (:kat, :kid)",
		    " AND (ifnull(cm.created_at, 0), cm.id) < (:kat, :kid)");
	SQL_ADD_IF(&b, dir == CACHE_FORWARD,
	    " ORDER BY ifnull(cm.created_at, 0), cm.id LIMIT :limit",
	    " ORDER BY ifnull(cm.created_at, 0) DESC, cm.id DESC LIMIT :limit");
	if (sqlite3_prepare_v2(cache_db(c), b.s, -1, &st, NULL) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "preparing a comment window");
		goto out;
	}
	if (cache_query_bind_int(st, ":ticket", ticket_id) != SQLITE_OK ||
	    (key != NULL &&
	    (cache_query_bind_int(st, ":kat", key->at) != SQLITE_OK ||
	    cache_query_bind_int(st, ":kid", key->id) != SQLITE_OK)) ||
	    cache_query_bind_int(st, ":limit", cache_query_limit(limit)) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "binding a comment window");
		goto out;
	}
	if ((rc = cache_query_collect(c, st, sizeof **rows, comment_row_fill,
	    comment_row_clear, &out, n, cause)) != CACHE_OK)
		goto out;
	*rows = out;
	if (dir == CACHE_BACKWARD)
		cache_query_reverse(*rows, *n, sizeof **rows);
out:
	sqlite3_finalize(st);
	cache_query_sql_free(&b);
	return rc;
}
