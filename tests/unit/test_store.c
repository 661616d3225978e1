/*
 * Unit tests for the cache store: pages and their cursors in one
 * transaction, re-syncs that write nothing, full-text search and tag
 * lookups kept in step, deleted tickets, comments, payments, incidents.
 */
#include "test.h"

#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cache/cache_int.h"
#include "api/model.h"
#include "cache/store.h"
#include "api/xmalloc.h"

/* Helpers. */

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static char *
tmp_make(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (base == NULL || *base != '/')
		base = "/tmp";
	dir = xasprintf("%s/tdesk-test-store.XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
		exit(2);
	}
	return dir;
}

static void
tmp_remove(char *dir)
{
	if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "# cannot remove %s: %s\n", dir, strerror(errno));
	free(dir);
}

static struct cache *
open_ok(const char *path)
{
	struct cache *c = NULL;
	char *cause = NULL;

	if (cache_open(path, NULL, &c, &cause) != CACHE_OK) {
		TEST_FAIL("cache_open %s: %s", path, cause);
		free(cause);
		return NULL;
	}
	return c;
}

/* The first column of the first row of sql as an integer; -1 on error. */
static long long
sql_int(struct cache *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(cache_db(c), sql, -1, &st, NULL) != SQLITE_OK) {
		TEST_FAIL("%s: %s", sql, sqlite3_errmsg(cache_db(c)));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row as text (caller frees); NULL if none. */
static char *
sql_text(struct cache *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(cache_db(c), sql, -1, &st, NULL) != SQLITE_OK) {
		TEST_FAIL("%s: %s", sql, sqlite3_errmsg(cache_db(c)));
		return NULL;
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void
sql_ok(struct cache *c, const char *sql)
{
	if (sqlite3_exec(cache_db(c), sql, NULL, NULL, NULL) != SQLITE_OK)
		TEST_FAIL("%s: %s", sql, sqlite3_errmsg(cache_db(c)));
}

/* Tickets whose subject contains text (an FTS5 phrase): a count. */
static long long
fts_count(struct cache *c, const char *text)
{
	sqlite3_stmt *st = NULL;
	char *phrase = xasprintf("\"%s\"", text);
	long long n = -1;

	if (sqlite3_prepare_v2(cache_db(c), "SELECT count(*) FROM ticket_fts "
	    "WHERE ticket_fts MATCH ?1", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		TEST_FAIL("fts: %s", sqlite3_errmsg(cache_db(c)));
	sqlite3_finalize(st);
	free(phrase);
	return n;
}

static void
fts_integrity(struct cache *c)
{
	sql_ok(c, "INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')");
	sql_ok(c, "INSERT INTO comment_fts (comment_fts) VALUES ('integrity-check')");
}

static void
ts_set(struct timestamp *t, int64_t secs)
{
	time_t tt = (time_t)secs;
	struct tm tm;
	char buf[32];

	timestamp_clear(t);
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	t->text = xstrdup(buf);
	t->secs = secs;
}

static void
strings_set(struct string_array *a, const char *const *items)
{
	size_t n = 0;

	string_array_clear(a);
	while (items != NULL && items[n] != NULL)
		n++;
	a->items = n ? xcalloc(n, sizeof *a->items) : NULL;
	for (a->n = 0; a->n < n; a->n++)
		a->items[a->n] = xstrdup(items[a->n]);
}

#define T0 1714557600	/* 2024-05-01T10:00:00Z */

static void
ticket_fill(struct ticket *t, int64_t id, const char *subject,
    const char *status, int64_t updated, const char *const *tags)
{
	memset(t, 0, sizeof *t);
	t->id = id;
	t->subject = xstrdup(subject);
	t->status = xstrdup(status);
	t->priority = xstrdup("normal");
	t->requester_id = 100 + id % 3;
	t->assignee_id = id % 2 ? 900 : 0;
	t->group_id = 50;
	t->organization_id = 7;
	ts_set(&t->created_at, T0);
	ts_set(&t->updated_at, updated);
	t->generated_timestamp = updated;
	strings_set(&t->tags, tags);
}

static void
user_fill(struct user *u, int64_t id, const char *name, const char *role)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	u->name = xstrdup(name);
	u->role = xstrdup(role);
	u->active = 1;
	ts_set(&u->updated_at, T0);
}

static void
org_fill(struct organization *o, int64_t id, const char *name,
    const char *standing, int64_t updated)
{
	memset(o, 0, sizeof *o);
	o->id = id;
	o->name = xstrdup(name);
	o->billing_standing = standing != NULL ? xstrdup(standing) : NULL;
	ts_set(&o->updated_at, updated);
}

static const char *const no_tags[] = { NULL };
static const char *const billing_tags[] = { "billing", "vip", NULL };

/*
 * An export page of n tickets (ids 1..n, updated at T0 + id), two users, a
 * group and an organization. Free with zendesk_export_page_clear.
 */
static void
export_make(struct zendesk_export_page *p, size_t n)
{
	size_t i;

	memset(p, 0, sizeof *p);
	p->tickets = xcalloc(n, sizeof *p->tickets);
	p->ntickets = n;
	for (i = 0; i < n; i++) {
		char *subject = xasprintf("Pagamento falhou %zu", i + 1);

		ticket_fill(&p->tickets[i], (int64_t)i + 1, subject, "open",
		    T0 + (int64_t)i + 1, i % 2 ? billing_tags : no_tags);
		free(subject);
	}
	p->users = xcalloc(2, sizeof *p->users);
	p->nusers = 2;
	user_fill(&p->users[0], 100, "Ana Souza", "end-user");
	user_fill(&p->users[1], 900, "Kenji Agent", "agent");
	p->groups = xcalloc(1, sizeof *p->groups);
	p->ngroups = 1;
	p->groups[0].id = 50;
	p->groups[0].name = xstrdup("Billing");
	p->organizations = xcalloc(1, sizeof *p->organizations);
	p->norganizations = 1;
	org_fill(&p->organizations[0], 7, "Acme", "good_standing", T0);
	p->after_cursor = xstrdup("cursor-1");
}

static struct cache_sync_state
cursor(const char *s, int64_t when)
{
	struct cache_sync_state st = { 0 };

	st.cursor = (char *)(uintptr_t)s;
	st.last_success = when;
	return st;
}

static int
store_export(struct cache *c, const struct zendesk_export_page *p,
    const char *cur, int64_t when, struct cache_store_stats *stats)
{
	struct cache_sync_state next = cursor(cur, when);
	char *cause = NULL;
	int rc;

	rc = cache_store_zendesk_export_page(c, p, "tickets/cursor", &next, stats,
	    &cause);
	if (rc != CACHE_OK)
		printf("# store: %s\n", cause);
	free(cause);
	return rc;
}

static char *
cursor_of(struct cache *c, const char *endpoint)
{
	struct cache_sync_state st;
	char *cause = NULL, *cur;

	if (cache_sync_state_get(c, "zendesk", endpoint, &st, &cause) != CACHE_OK) {
		TEST_FAIL("sync state: %s", cause);
		free(cause);
		return NULL;
	}
	cur = st.cursor != NULL ? xstrdup(st.cursor) : NULL;
	cache_sync_state_free(&st);
	return cur;
}

/* Tests: pages and cursors. */

static void
an_export_page_stores_tickets_people_and_its_cursor_together(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_export_page p;
	struct cache_store_stats stats = { 0 };
	char *cur, *s;

	if (c == NULL)
		return;
	export_make(&p, 4);
	CHECK_INT(store_export(c, &p, "cursor-1", T0, &stats), CACHE_OK);
	CHECK_INT(stats.inserted, 4 + 2 + 1 + 1);
	CHECK_INT(stats.updated, 0);
	CHECK_INT(stats.unchanged, 0);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM tickets"), 4);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM users"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM groups"), 1);
	CHECK_INT(sql_int(c, "SELECT updated_at FROM tickets WHERE id = 3"), T0 + 3);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM tickets WHERE id = 2 AND "
	    "assignee_id IS NULL AND requester_id = 102"), 1);
	s = sql_text(c, "SELECT tags FROM tickets WHERE id = 2");
	CHECK_STR(s, "billing vip");
	free(s);
	s = sql_text(c, "SELECT updated_stamp FROM tickets WHERE id = 1");
	CHECK_STR(s, "2024-05-01T10:00:01Z");
	free(s);
	s = sql_text(c, "SELECT json_extract(json, '$.subject') FROM tickets "
	    "WHERE id = 4");
	CHECK_STR(s, "Pagamento falhou 4");
	free(s);
	cur = cursor_of(c, "tickets/cursor");
	CHECK_STR(cur, "cursor-1");
	free(cur);
	CHECK_INT(fts_count(c, "falhou"), 4);
	fts_integrity(c);
	zendesk_export_page_clear(&p);
	cache_close(&c);
}

static void
a_page_that_fails_midway_stores_neither_rows_nor_cursor(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_export_page p;
	struct cache_sync_state next = cursor("cursor-2", T0 + 60);
	char *cause = NULL, *cur;

	if (c == NULL)
		return;
	export_make(&p, 2);
	CHECK_INT(store_export(c, &p, "cursor-1", T0, NULL), CACHE_OK);
	zendesk_export_page_clear(&p);

	/* The next page: two new tickets, a changed one, then a bad one. */
	export_make(&p, 5);
	free(p.tickets[0].subject);
	p.tickets[0].subject = xstrdup("changed subject");
	ts_set(&p.tickets[0].updated_at, T0 + 100);
	sql_ok(c, "CREATE TRIGGER refuse_four BEFORE INSERT ON tickets "
	    "WHEN new.id = 4 BEGIN SELECT RAISE(ABORT, 'ticket 4 refused'); END");
	CHECK_INT(cache_store_zendesk_export_page(c, &p, "tickets/cursor", &next,
	    NULL, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket 4 refused");
	free(cause);
	CHECK(!cache_tx_open(c));
	CHECK_INT(sql_int(c, "SELECT count(*) FROM tickets"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM tickets WHERE "
	    "subject = 'changed subject'"), 0);
	CHECK_INT(fts_count(c, "changed"), 0);
	cur = cursor_of(c, "tickets/cursor");
	CHECK_STR(cur, "cursor-1");
	free(cur);

	/* Without the fault the same page lands whole. */
	sql_ok(c, "DROP TRIGGER refuse_four");
	CHECK_INT(cache_store_zendesk_export_page(c, &p, "tickets/cursor", &next,
	    NULL, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM tickets"), 5);
	cur = cursor_of(c, "tickets/cursor");
	CHECK_STR(cur, "cursor-2");
	free(cur);
	fts_integrity(c);
	zendesk_export_page_clear(&p);
	cache_close(&c);
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

static long long
data_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
re_storing_the_same_page_writes_nothing_at_all(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	char *wal = xasprintf("%s-wal", path);
	struct cache *c = open_ok(path);
	struct zendesk_export_page p;
	struct cache_store_stats stats = { 0 };
	sqlite3 *other = NULL;
	long long changes, version, last_success;
	off_t db_size, wal_size;

	if (c == NULL)
		goto out;
	export_make(&p, 20);
	CHECK_INT(store_export(c, &p, "cursor-1", T0, NULL), CACHE_OK);
	CHECK(sqlite3_open_v2(path, &other, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	version = data_version(other);
	changes = sqlite3_total_changes(cache_db(c));
	db_size = file_size(path);
	wal_size = file_size(wal);
	last_success = sql_int(c, "SELECT last_success FROM sync_state");

	/* The same page and cursor, fetched a minute later. */
	CHECK_INT(store_export(c, &p, "cursor-1", T0 + 60, &stats), CACHE_OK);
	CHECK_INT(stats.inserted, 0);
	CHECK_INT(stats.updated, 0);
	CHECK_INT(stats.unchanged, 20 + 2 + 1 + 1);
	CHECK_INT(sqlite3_total_changes(cache_db(c)), changes);
	CHECK_INT(data_version(other), version);
	CHECK_INT(file_size(path), db_size);
	CHECK_INT(file_size(wal), wal_size);
	CHECK_INT(sql_int(c, "SELECT last_success FROM sync_state"), last_success);

	/* A new cursor alone is written, and nothing else. */
	CHECK_INT(store_export(c, &p, "cursor-2", T0 + 120, &stats), CACHE_OK);
	CHECK_INT(sqlite3_total_changes(cache_db(c)), changes + 1);
	CHECK(data_version(other) != version);
	CHECK_INT(sql_int(c, "SELECT last_success FROM sync_state"), T0 + 120);
	zendesk_export_page_clear(&p);
out:
	sqlite3_close(other);
	cache_close(&c);
	free(wal);
	free(path);
	tmp_remove(dir);
}

static void
an_updated_ticket_is_found_by_its_new_subject_and_not_its_old(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_export_page p;
	struct cache_store_stats stats = { 0 };

	if (c == NULL)
		return;
	export_make(&p, 3);
	CHECK_INT(store_export(c, &p, "cursor-1", T0, NULL), CACHE_OK);
	CHECK_INT(fts_count(c, "Pagamento falhou 2"), 1);
	free(p.tickets[1].subject);
	p.tickets[1].subject = xstrdup("Płatność nie przeszła");
	ts_set(&p.tickets[1].updated_at, T0 + 500);
	p.tickets[1].generated_timestamp = T0 + 500;
	CHECK_INT(store_export(c, &p, "cursor-2", T0, &stats), CACHE_OK);
	CHECK_INT(stats.updated, 1);
	CHECK_INT(stats.unchanged, 2 + 2 + 1 + 1);
	CHECK_INT(fts_count(c, "Pagamento falhou 2"), 0);
	CHECK_INT(fts_count(c, "płatnoś"), 1);
	CHECK_INT(sql_int(c, "SELECT updated_at FROM tickets WHERE id = 2"), T0 + 500);
	fts_integrity(c);
	zendesk_export_page_clear(&p);
	cache_close(&c);
}

static void
an_older_copy_of_a_ticket_never_overwrites_a_newer_one(void)
{
	struct cache *c = open_ok(":memory:");
	struct cache_store_stats stats = { 0 };
	struct ticket t;
	char *cause = NULL, *s;

	if (c == NULL)
		return;
	ticket_fill(&t, 9, "after the write", "pending", T0 + 900, no_tags);
	CHECK_INT(cache_store_ticket(c, &t, &stats, &cause), CACHE_OK);
	ticket_clear(&t);
	/* The export page fetched before the write arrives afterwards. */
	ticket_fill(&t, 9, "before the write", "open", T0 + 800, no_tags);
	CHECK_INT(cache_store_ticket(c, &t, &stats, &cause), CACHE_OK);
	CHECK_INT(stats.inserted, 1);
	CHECK_INT(stats.unchanged, 1);
	s = sql_text(c, "SELECT subject || ' ' || status FROM tickets WHERE id = 9");
	CHECK_STR(s, "after the write pending");
	free(s);
	ticket_clear(&t);

	/* Without generated_timestamp on either side, updated_at decides. */
	ticket_fill(&t, 9, "newer still", "solved", T0 + 950, no_tags);
	t.generated_timestamp = 0;
	CHECK_INT(cache_store_ticket(c, &t, &stats, &cause), CACHE_OK);
	CHECK_INT(stats.updated, 1);
	ticket_clear(&t);
	cache_close(&c);
}

static void
a_ticket_deleted_upstream_leaves_the_cache_with_its_comments(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_export_page p;
	struct zendesk_comment_page cp = { 0 };
	struct cache_store_stats stats = { 0 };
	char *cause = NULL;

	if (c == NULL)
		return;
	export_make(&p, 3);
	CHECK_INT(store_export(c, &p, "cursor-1", T0, NULL), CACHE_OK);
	cp.comments = xcalloc(1, sizeof *cp.comments);
	cp.ncomments = 1;
	cp.comments[0].id = 5001;
	cp.comments[0].author_id = 100;
	cp.comments[0].body = xstrdup("o banner apareceu para todos");
	cp.comments[0].public = 1;
	ts_set(&cp.comments[0].created_at, T0 + 10);
	CHECK_INT(cache_store_zendesk_comment_page(c, 2, &cp, NULL, NULL, NULL,
	    &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM ticket_tags WHERE ticket_id = 2"), 2);

	free(p.tickets[1].status);
	p.tickets[1].status = xstrdup("deleted");
	CHECK_INT(store_export(c, &p, "cursor-2", T0, &stats), CACHE_OK);
	CHECK_INT(stats.deleted, 1);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM tickets WHERE id = 2"), 0);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM comments"), 0);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM ticket_tags WHERE ticket_id = 2"), 0);
	CHECK_INT(fts_count(c, "Pagamento falhou 2"), 0);
	fts_integrity(c);

	/* Deleting it again, or one never cached, changes nothing. */
	stats.deleted = stats.unchanged = 0;
	CHECK_INT(store_export(c, &p, "cursor-2", T0, &stats), CACHE_OK);
	CHECK_INT(stats.deleted, 0);
	zendesk_comment_page_clear(&cp);
	zendesk_export_page_clear(&p);
	cache_close(&c);
}

static void
comments_are_added_and_a_redacted_body_replaces_the_old_one(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_export_page p;
	struct zendesk_comment_page cp = { 0 };
	struct cache_store_stats stats = { 0 };
	char *cause = NULL;
	size_t i;

	if (c == NULL)
		return;
	export_make(&p, 1);
	CHECK_INT(store_export(c, &p, "cursor-1", T0, NULL), CACHE_OK);
	cp.comments = xcalloc(3, sizeof *cp.comments);
	cp.ncomments = 2;
	for (i = 0; i < 3; i++) {
		cp.comments[i].id = 7000 + (int64_t)i;
		cp.comments[i].ticket_id = 999;	/* ignored: the page's ticket wins */
		cp.comments[i].author_id = i == 2 ? -1 : 100;
		cp.comments[i].body = xasprintf("カード番号 %zu を確認", i);
		cp.comments[i].public = i != 1;
		ts_set(&cp.comments[i].created_at, T0 + (int64_t)i);
	}
	CHECK_INT(cache_store_zendesk_comment_page(c, 1, &cp, NULL, NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(stats.inserted, 2);

	/* The next fetch: the first comment redacted, a third one added. */
	free(cp.comments[0].body);
	cp.comments[0].body = xstrdup("カード番号 ▇▇▇▇ を確認");
	cp.ncomments = 3;
	CHECK_INT(cache_store_zendesk_comment_page(c, 1, &cp, NULL, NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(stats.inserted, 3);
	CHECK_INT(stats.updated, 1);
	CHECK_INT(stats.unchanged, 1);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM comments WHERE ticket_id = 1"), 3);
	CHECK_INT(sql_int(c, "SELECT public FROM comments WHERE id = 7001"), 0);
	CHECK_INT(sql_int(c, "SELECT author_id FROM comments WHERE id = 7002"), -1);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM comment_fts "
	    "WHERE comment_fts MATCH '\"番号 0\"'"), 0);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM comment_fts "
	    "WHERE comment_fts MATCH '\"▇▇▇\"'"), 1);
	fts_integrity(c);

	/* The comments of a ticket that is not cached are refused, whole. */
	CHECK_INT(cache_store_zendesk_comment_page(c, 424242, &cp, NULL, NULL,
	    NULL, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket 424242 is not cached");
	free(cause);
	zendesk_comment_page_clear(&cp);
	zendesk_export_page_clear(&p);
	cache_close(&c);
}

static void
tag_lookups_follow_a_ticket_s_tags_and_updated_at(void)
{
	static const char *const other[] = { "vip", "refund", "refund", NULL };
	struct cache *c = open_ok(":memory:");
	struct ticket t;
	char *cause = NULL;

	if (c == NULL)
		return;
	ticket_fill(&t, 1, "s", "open", T0, billing_tags);
	CHECK_INT(cache_store_ticket(c, &t, NULL, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM ticket_tags WHERE ticket_id = 1 "
	    "AND updated_at = 1714557600"), 2);
	ticket_clear(&t);
	ticket_fill(&t, 1, "s", "open", T0 + 5, other);
	CHECK_INT(cache_store_ticket(c, &t, NULL, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM ticket_tags WHERE ticket_id = 1"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM ticket_tags "
	    "WHERE tag = 'billing'"), 0);
	CHECK_INT(sql_int(c, "SELECT updated_at FROM ticket_tags WHERE tag = 'refund'"),
	    T0 + 5);
	ticket_clear(&t);
	cache_close(&c);
}

static void
organizations_keep_their_billing_standing(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_organization_page op = { 0 };
	struct cache_sync_state next = cursor("orgs-1", T0);
	struct cache_store_stats stats = { 0 };
	char *cause = NULL, *s;

	if (c == NULL)
		return;
	op.organizations = xcalloc(2, sizeof *op.organizations);
	op.norganizations = 2;
	org_fill(&op.organizations[0], 7, "Acme", "dunning", T0);
	org_fill(&op.organizations[1], 8, "Kowalski sp. z o.o.", NULL, T0);
	CHECK_INT(cache_store_zendesk_organization_page(c, &op, "organizations",
	    &next, &stats, &cause), CACHE_OK);
	s = sql_text(c, "SELECT billing_standing FROM organizations WHERE id = 7");
	CHECK_STR(s, "dunning");
	free(s);
	CHECK_INT(sql_int(c, "SELECT billing_standing IS NULL FROM organizations "
	    "WHERE id = 8"), 1);
	free(op.organizations[0].billing_standing);
	op.organizations[0].billing_standing = xstrdup("good_standing");
	ts_set(&op.organizations[0].updated_at, T0 + 1);
	CHECK_INT(cache_store_organization(c, &op.organizations[0], &stats, &cause),
	    CACHE_OK);
	CHECK_INT(stats.updated, 1);
	s = sql_text(c, "SELECT billing_standing FROM organizations WHERE id = 7");
	CHECK_STR(s, "good_standing");
	free(s);
	zendesk_organization_page_clear(&op);
	cache_close(&c);
}

static void
users_groups_and_macros_pages_store_and_resync_quietly(void)
{
	struct cache *c = open_ok(":memory:");
	struct zendesk_user_page up = { 0 };
	struct zendesk_group_page gp = { 0 };
	struct zendesk_macro_page mp = { 0 };
	struct cache_store_stats stats = { 0 };
	char *cause = NULL;
	long long changes;

	if (c == NULL)
		return;
	up.users = xcalloc(1, sizeof *up.users);
	up.nusers = 1;
	user_fill(&up.users[0], 900, "Kenji Agent", "agent");
	gp.groups = xcalloc(1, sizeof *gp.groups);
	gp.ngroups = 1;
	gp.groups[0].id = 50;
	gp.groups[0].name = xstrdup("Billing");
	mp.macros = xcalloc(1, sizeof *mp.macros);
	mp.nmacros = 1;
	mp.macros[0].id = 31;
	mp.macros[0].title = xstrdup("Ask for the payment reference");
	mp.macros[0].active = 1;
	mp.macros[0].actions = xstrdup("[{\"field\":\"status\",\"value\":\"pending\"}]");
	CHECK_INT(cache_store_zendesk_user_page(c, &up, "users", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(cache_store_zendesk_group_page(c, &gp, "groups", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(cache_store_zendesk_macro_page(c, &mp, "macros", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(stats.inserted, 3);
	CHECK_INT(sql_int(c, "SELECT json_extract(json, '$.actions[0].value') = "
	    "'pending' FROM macros WHERE id = 31"), 1);
	changes = sqlite3_total_changes(cache_db(c));
	CHECK_INT(cache_store_zendesk_user_page(c, &up, "users", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(cache_store_zendesk_group_page(c, &gp, "groups", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(cache_store_zendesk_macro_page(c, &mp, "macros", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(stats.unchanged, 3);
	CHECK_INT(sqlite3_total_changes(cache_db(c)), changes);
	zendesk_user_page_clear(&up);
	zendesk_group_page_clear(&gp);
	zendesk_macro_page_clear(&mp);
	cache_close(&c);
}

/* Payments. */

static void
payment_fill(struct payment *p, const char *id, int64_t version,
    int64_t expected, int64_t received)
{
	static const int64_t tickets[] = { 2, 3, 3 };
	size_t i;

	memset(p, 0, sizeof *p);
	p->id = xstrdup(id);
	p->order_id = xstrdup("ord-15");
	p->version = version;
	p->customer.id = xstrdup("cus-1");
	p->customer.name = xstrdup("Zofia Nowak");
	p->customer.zendesk_user_id = 101;
	p->provider = xstrdup("przelewy");
	p->currency = xstrdup("PLN");
	p->expected_minor = expected;
	p->received_minor = received;
	p->has_fee = 1;
	p->fee_minor = 1;
	p->reasons = PAYMENT_REASON_UNDERPAID | PAYMENT_REASON_FEE_ROUNDING;
	p->other_reasons.items = xcalloc(1, sizeof *p->other_reasons.items);
	p->other_reasons.items[0] = xstrdup("chargeback_risk");
	p->other_reasons.n = 1;
	p->status = PAYMENT_STATUS_FLAGGED;
	p->status_text = xstrdup("flagged");
	ts_set(&p->flagged_at, T0);
	ts_set(&p->updated_at, T0 + version);
	p->ticket_ids.items = xcalloc(3, sizeof *p->ticket_ids.items);
	for (i = 0; i < 3; i++)
		p->ticket_ids.items[i] = tickets[i];
	p->ticket_ids.n = 3;
	p->history = xcalloc(2, sizeof *p->history);
	p->nhistory = 1;
	for (i = 0; i < 2; i++) {
		ts_set(&p->history[i].at, T0 + (int64_t)i);
		p->history[i].actor = xstrdup(i ? "tech@acme" : "system");
		p->history[i].action = xstrdup(i ? "note" : "flagged");
	}
}

static void
payments_are_stored_in_minor_units_with_history_and_ticket_links(void)
{
	struct cache *c = open_ok(":memory:");
	struct payments_page pp = { 0 };
	struct cache_sync_state next = cursor("pay-1", T0);
	struct cache_store_stats stats = { 0 };
	char *cause = NULL, *s;
	long long changes;

	if (c == NULL)
		return;
	pp.payments = xcalloc(1, sizeof *pp.payments);
	pp.npayments = 1;
	payment_fill(&pp.payments[0], "p_1546", 1, 1546, 1545);
	CHECK_INT(cache_store_payments_page(c, &pp, "flagged-payments", &next,
	    &stats, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT expected_minor FROM payments"), 1546);
	CHECK_INT(sql_int(c, "SELECT typeof(received_minor) = 'integer' "
	    "FROM payments"), 1);
	CHECK_INT(sql_int(c, "SELECT fee_minor FROM payments"), 1);
	CHECK_INT(sql_int(c, "SELECT zendesk_user_id FROM payments"), 101);
	s = sql_text(c, "SELECT reasons FROM payments");
	CHECK_STR(s, "underpaid fee_rounding chargeback_risk");
	free(s);
	s = sql_text(c, "SELECT json_extract(json, '$.expected_amount') || ' ' || "
	    "json_extract(json, '$.received_amount') FROM payments");
	CHECK_STR(s, "15.46 15.45");
	free(s);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM payment_tickets"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM payment_history"), 1);
	s = sql_text(c, "SELECT cursor FROM sync_state WHERE backend = 'payments'");
	CHECK_STR(s, "pay-1");
	free(s);

	/* Unchanged: nothing written. */
	changes = sqlite3_total_changes(cache_db(c));
	CHECK_INT(cache_store_payment(c, &pp.payments[0], &stats, &cause), CACHE_OK);
	CHECK_INT(sqlite3_total_changes(cache_db(c)), changes);

	/* Accepted by a technician: version 2, a longer history, one link. */
	pp.payments[0].version = 2;
	pp.payments[0].nhistory = 2;
	pp.payments[0].ticket_ids.n = 1;
	pp.payments[0].status = PAYMENT_STATUS_ACCEPTED;
	free(pp.payments[0].status_text);
	pp.payments[0].status_text = xstrdup("accepted");
	CHECK_INT(cache_store_payment(c, &pp.payments[0], &stats, &cause), CACHE_OK);
	CHECK_INT(stats.updated, 1);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM payment_history"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM payment_tickets"), 1);
	s = sql_text(c, "SELECT status FROM payments");
	CHECK_STR(s, "accepted");
	free(s);

	/* An older copy (version 1) does not undo it. */
	pp.payments[0].version = 1;
	CHECK_INT(cache_store_payment(c, &pp.payments[0], &stats, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT version FROM payments"), 2);
	payments_page_clear(&pp);
	cache_close(&c);
}

/* Incidents. */

static void
incident_fill(struct incident *in, const char *id, size_t nupdates)
{
	size_t i;

	memset(in, 0, sizeof *in);
	in->id = xstrdup(id);
	in->name = xstrdup("Billing partner outage");
	in->status = xstrdup(nupdates > 1 ? "identified" : "investigating");
	in->impact = xstrdup("major");
	ts_set(&in->created_at, T0);
	ts_set(&in->updated_at, T0 + (int64_t)nupdates);
	in->updates = xcalloc(nupdates, sizeof *in->updates);
	in->nupdates = nupdates;
	for (i = 0; i < nupdates; i++) {
		struct incident_update *u = &in->updates[nupdates - 1 - i];

		u->id = xasprintf("upd-%zu", i);
		u->status = xstrdup(i ? "identified" : "investigating");
		u->body = xasprintf("Next update in 30 minutes (%zu)", i);
		ts_set(&u->created_at, T0 + (int64_t)i);
		ts_set(&u->display_at, T0 + (int64_t)i);
	}
	in->components = xcalloc(1, sizeof *in->components);
	in->ncomponents = 1;
	in->components[0].id = xstrdup("cmp-billing");
	in->components[0].name = xstrdup("Billing");
	in->components[0].status = xstrdup("under_maintenance");
}

static void
incidents_are_stored_with_updates_and_components_and_keep_our_reminder(void)
{
	struct cache *c = open_ok(":memory:");
	struct statuspage_incident_list l = { 0 };
	struct cache_store_stats stats = { 0 };
	char *cause = NULL, *s;
	long long changes;

	if (c == NULL)
		return;
	l.incidents = xcalloc(1, sizeof *l.incidents);
	l.nincidents = 1;
	incident_fill(&l.incidents[0], "inc-1", 1);
	CHECK_INT(cache_store_incidents(c, &l, "incidents/unresolved", NULL,
	    &stats, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM incident_updates "
	    "WHERE incident_id = 'inc-1'"), 1);
	s = sql_text(c, "SELECT status FROM incident_components");
	CHECK_STR(s, "under_maintenance");
	free(s);
	sql_ok(c, "UPDATE incidents SET next_update_due = 1714559400");

	changes = sqlite3_total_changes(cache_db(c));
	CHECK_INT(cache_store_incident(c, &l.incidents[0], &stats, &cause), CACHE_OK);
	CHECK_INT(sqlite3_total_changes(cache_db(c)), changes);

	statuspage_incident_list_clear(&l);
	l.incidents = xcalloc(1, sizeof *l.incidents);
	l.nincidents = 1;
	incident_fill(&l.incidents[0], "inc-1", 2);
	CHECK_INT(cache_store_incidents(c, &l, "incidents/unresolved", NULL,
	    &stats, &cause), CACHE_OK);
	CHECK_INT(stats.updated, 1);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM incident_updates"), 2);
	CHECK_INT(sql_int(c, "SELECT next_update_due FROM incidents"), 1714559400);
	s = sql_text(c, "SELECT status FROM incidents");
	CHECK_STR(s, "identified");
	free(s);

	/* An update Statuspage no longer lists is gone. */
	free(l.incidents[0].updates[0].id);
	l.incidents[0].updates[0].id = xstrdup("upd-9");
	ts_set(&l.incidents[0].updated_at, T0 + 50);
	CHECK_INT(cache_store_incident(c, &l.incidents[0], &stats, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM incident_updates "
	    "WHERE id IN ('upd-0', 'upd-9')"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM incident_updates"), 2);
	statuspage_incident_list_clear(&l);
	cache_close(&c);
}

static void
a_complete_component_or_template_list_removes_the_ones_no_longer_listed(void)
{
	struct cache *c = open_ok(":memory:");
	struct statuspage_component_list cl = { 0 };
	struct statuspage_template_list tl = { 0 };
	struct cache_store_stats stats = { 0 };
	char *cause = NULL;
	size_t i;

	if (c == NULL)
		return;
	cl.components = xcalloc(3, sizeof *cl.components);
	cl.ncomponents = 3;
	tl.templates = xcalloc(2, sizeof *tl.templates);
	tl.ntemplates = 2;
	for (i = 0; i < 3; i++) {
		cl.components[i].id = xasprintf("cmp-%zu", i);
		cl.components[i].name = xasprintf("Component %zu", i);
		cl.components[i].status = xstrdup("operational");
		cl.components[i].position = (int64_t)i;
	}
	for (i = 0; i < 2; i++) {
		tl.templates[i].id = xasprintf("tpl-%zu", i);
		tl.templates[i].name = xasprintf("Template %zu", i);
		tl.templates[i].body = xstrdup("We are investigating.");
	}
	CHECK_INT(cache_store_components(c, &cl, true, "components", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(cache_store_templates(c, &tl, true, "templates", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(stats.inserted, 5);
	cl.ncomponents = 2;
	tl.ntemplates = 1;
	CHECK_INT(cache_store_components(c, &cl, false, "components", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM components"), 3);
	CHECK_INT(cache_store_components(c, &cl, true, "components", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(cache_store_templates(c, &tl, true, "templates", NULL, &stats,
	    &cause), CACHE_OK);
	CHECK_INT(stats.deleted, 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM components"), 2);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM incident_templates"), 1);
	cl.ncomponents = 3;
	tl.ntemplates = 2;
	statuspage_component_list_clear(&cl);
	statuspage_template_list_clear(&tl);
	cache_close(&c);
}

static void
storing_inside_an_open_transaction_is_refused(void)
{
	struct cache *c = open_ok(":memory:");
	struct ticket t;
	char *cause = NULL;

	if (c == NULL)
		return;
	ticket_fill(&t, 1, "s", "open", T0, no_tags);
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_OK);
	CHECK_INT(cache_store_ticket(c, &t, NULL, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "inside an open transaction");
	free(cause);
	CHECK_INT(cache_tx_rollback(c, NULL), CACHE_OK);
	ticket_clear(&t);
	cache_close(&c);
}

static const struct test tests[] = {
	T(an_export_page_stores_tickets_people_and_its_cursor_together),
	T(a_page_that_fails_midway_stores_neither_rows_nor_cursor),
	T(re_storing_the_same_page_writes_nothing_at_all),
	T(an_updated_ticket_is_found_by_its_new_subject_and_not_its_old),
	T(an_older_copy_of_a_ticket_never_overwrites_a_newer_one),
	T(a_ticket_deleted_upstream_leaves_the_cache_with_its_comments),
	T(comments_are_added_and_a_redacted_body_replaces_the_old_one),
	T(tag_lookups_follow_a_ticket_s_tags_and_updated_at),
	T(organizations_keep_their_billing_standing),
	T(users_groups_and_macros_pages_store_and_resync_quietly),
	T(payments_are_stored_in_minor_units_with_history_and_ticket_links),
	T(incidents_are_stored_with_updates_and_components_and_keep_our_reminder),
	T(a_complete_component_or_template_list_removes_the_ones_no_longer_listed),
	T(storing_inside_an_open_transaction_is_refused),
};

TEST_MAIN(tests)
