/*
 * Unit tests for the cache foundation: paths, opening (permissions, schema
 * version, identity guard), schema, full-text search, transactions and the
 * sync state.
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
#include "cache/query.h"
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

/* A fresh private directory under $TMPDIR; remove with tmp_remove. */
static char *
tmp_make(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (base == NULL || *base != '/')
		base = "/tmp";
	dir = xasprintf("%s/tdesk-test-cache.XXXXXX", base);
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

static char *
file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, got;
	char chunk[4096];

	if (f == NULL)
		return NULL;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf = xreallocarray(buf, n + got, 1);
		memcpy(buf + n, chunk, got);
		n += got;
	}
	fclose(f);
	*len = n;
	return buf != NULL ? buf : xstrdup("");
}

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static unsigned
mode_of(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return 0xffff;
	return (unsigned)(sb.st_mode & 07777);
}

/* What must not change when an open is refused. */
struct snapshot {
	char		*bytes;
	size_t		 len;
	struct timespec	 mtime;
	bool		 wal, shm;
};

static void
snapshot_take(const char *path, struct snapshot *s)
{
	struct stat sb;
	char *p;

	s->bytes = file_read(path, &s->len);
	stat(path, &sb);
	s->mtime = sb.st_mtim;
	p = xasprintf("%s-wal", path);
	s->wal = exists(p);
	free(p);
	p = xasprintf("%s-shm", path);
	s->shm = exists(p);
	free(p);
}

/* The file's bytes, mtime and companions are as they were. */
static bool
snapshot_same(const char *path, struct snapshot *s)
{
	struct snapshot now;
	bool same;

	snapshot_take(path, &now);
	same = now.bytes != NULL && s->bytes != NULL && now.len == s->len &&
	    memcmp(now.bytes, s->bytes, s->len) == 0 &&
	    now.mtime.tv_sec == s->mtime.tv_sec &&
	    now.mtime.tv_nsec == s->mtime.tv_nsec &&
	    now.wal == s->wal && now.shm == s->shm;
	free(now.bytes);
	free(s->bytes);
	s->bytes = NULL;
	return same;
}

static struct cache *
open_ok(const char *path, const struct cache_identity *id)
{
	struct cache *c = NULL;
	char *cause = NULL;
	int rc;

	rc = cache_open(path, id, &c, &cause);
	if (rc != CACHE_OK)
		TEST_FAIL("cache_open %s: %d: %s", path, rc, cause ? cause : "");
	free(cause);
	return c;
}

/* One integer from a query with an optional text parameter; -999 on error. */
static long long
sql_int(sqlite3 *db, const char *sql, const char *param)
{
	sqlite3_stmt *st = NULL;
	long long v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		TEST_FAIL("prepare %s: %s", sql, sqlite3_errmsg(db));
		return v;
	}
	if (param != NULL)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		TEST_FAIL("step %s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

/* Runs SQL; returns the SQLite result code. */
static int
sql_run(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static void
sql_ok(sqlite3 *db, const char *sql)
{
	if (sql_run(db, sql) != SQLITE_OK)
		TEST_FAIL("%s: %s", sql, sqlite3_errmsg(db));
}

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		TEST_FAIL("raw open %s: %s", path, sqlite3_errmsg(db));
	return db;
}

static void
ticket_put(struct cache *c, long long id, const char *subject)
{
	sqlite3 *db = cache_db(c);
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "INSERT INTO tickets (id, subject, status, json) "
	    "VALUES (?1, ?2, 'open', '{}') ON CONFLICT (id) DO UPDATE SET "
	    "subject = excluded.subject", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		TEST_FAIL("ticket_put %lld: %s", id, sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

static void
comment_put(struct cache *c, long long id, long long ticket, const char *body)
{
	sqlite3 *db = cache_db(c);
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "INSERT INTO comments (id, ticket_id, body, json) "
	    "VALUES (?1, ?2, ?3, '{}') ON CONFLICT (id) DO UPDATE SET "
	    "body = excluded.body", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, ticket) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		TEST_FAIL("comment_put %lld: %s", id, sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

/*
 * The tickets whose subject or a comment contains text (as an FTS5 phrase):
 * the id found, 0 for none, -1 for more than one.
 */
static long long
fts_find(struct cache *c, const char *text)
{
	sqlite3 *db = cache_db(c);
	sqlite3_stmt *st = NULL;
	char *phrase = xasprintf("\"%s\"", text);
	long long found = 0;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT rowid FROM ticket_fts "
	    "WHERE ticket_fts MATCH ?1 UNION "
	    "SELECT c.ticket_id FROM comment_fts "
	    "JOIN comments c ON c.id = comment_fts.rowid "
	    "WHERE comment_fts MATCH ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC) != SQLITE_OK) {
		TEST_FAIL("fts prepare: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		found = found == 0 ? sqlite3_column_int64(st, 0) : -1;
	if (rc != SQLITE_DONE)
		TEST_FAIL("fts step: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	free(phrase);
	return found;
}

static void
fts_integrity(struct cache *c)
{
	sql_ok(cache_db(c), "INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')");
	sql_ok(cache_db(c), "INSERT INTO comment_fts (comment_fts) VALUES ('integrity-check')");
}

/* Saves and restores HOME and XDG_DATA_HOME around a test. */
struct env_saved {
	char	*home, *xdg;
};

static void
env_save(struct env_saved *e)
{
	const char *h = getenv("HOME"), *x = getenv("XDG_DATA_HOME");

	e->home = h != NULL ? xstrdup(h) : NULL;
	e->xdg = x != NULL ? xstrdup(x) : NULL;
}

static void
env_restore(struct env_saved *e)
{
	if (e->home != NULL)
		setenv("HOME", e->home, 1);
	else
		unsetenv("HOME");
	if (e->xdg != NULL)
		setenv("XDG_DATA_HOME", e->xdg, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(e->home);
	free(e->xdg);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const struct cache_identity acme = {
	.zendesk_url = "https://acme.zendesk.com",
	.zendesk_account = "agent@acme.com",
	.statuspage_url = "https://api.statuspage.io/v1",
	.statuspage_page = "8m2l51279rpl",
	.payments_url = "https://payments.acme.internal",
};

/* Schema. */

static void
a_fresh_memory_cache_has_every_table_index_and_the_newest_version(void)
{
	static const struct {
		const char	*type, *name;
	} want[] = {
		{ "table", "tickets" }, { "table", "comments" },
		{ "table", "users" }, { "table", "groups" },
		{ "table", "organizations" }, { "table", "macros" },
		{ "table", "payments" }, { "table", "payment_history" },
		{ "table", "payment_tickets" }, { "table", "incidents" },
		{ "table", "incident_updates" }, { "table", "components" },
		{ "table", "incident_templates" }, { "table", "outbox" },
		{ "table", "sync_state" }, { "table", "identity" },
		{ "table", "ticket_fts" }, { "table", "comment_fts" },
		{ "table", "ticket_seen" },
		{ "index", "tickets_priority_updated" },
		{ "trigger", "tickets_seen_delete" },
		{ "index", "tickets_status_updated" },
		{ "index", "tickets_assignee_updated" },
		{ "index", "tickets_group_updated" },
		{ "index", "tickets_updated" },
		{ "index", "tickets_organization_updated" },
		{ "index", "comments_ticket_created" },
		{ "index", "payments_status_flagged" },
		{ "index", "payments_updated" },
		{ "index", "payment_tickets_ticket" },
		{ "index", "incidents_status_updated" },
		{ "index", "incident_updates_incident_created" },
		{ "index", "outbox_state" }, { "index", "outbox_target" },
		{ "index", "outbox_idempotency_key" },
		{ "trigger", "tickets_fts_insert" },
		{ "trigger", "tickets_fts_update" },
		{ "trigger", "tickets_fts_delete" },
		{ "trigger", "comments_fts_insert" },
		{ "trigger", "comments_fts_update" },
		{ "trigger", "comments_fts_delete" },
	};
	struct cache *c = open_ok(":memory:", NULL);
	sqlite3_stmt *st = NULL;
	size_t i;

	if (c == NULL)
		return;
	CHECK(sqlite3_prepare_v2(cache_db(c), "SELECT count(*) FROM sqlite_master "
	    "WHERE type = ?1 AND name = ?2", -1, &st, NULL) == SQLITE_OK);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		sqlite3_bind_text(st, 1, want[i].type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, want[i].name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
			TEST_FAIL("no %s %s", want[i].type, want[i].name);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	CHECK_INT(cache_schema_version(c), CACHE_SCHEMA_VERSION);
	CHECK_INT(cache_schema_newest(), CACHE_SCHEMA_VERSION);
	CHECK_INT(sql_int(cache_db(c), "PRAGMA application_id", NULL),
	    CACHE_APPLICATION_ID);
	cache_close(&c);
	CHECK(c == NULL);
}

static void
every_schema_patch_ends_by_setting_its_own_version(void)
{
	char want[64];
	const char *const *sql;
	int k;

	for (k = 1; k <= CACHE_SCHEMA_VERSION; k++) {
		CHECK((sql = cache_schema_patch(k)) != NULL);
		if (sql == NULL)
			continue;
		while (sql[1] != NULL)
			sql++;
		snprintf(want, sizeof want, "PRAGMA user_version = %d;", k);
		CHECK_CONTAINS(*sql, want);
	}
	CHECK(cache_schema_patch(0) == NULL);
	CHECK(cache_schema_patch(CACHE_SCHEMA_VERSION + 1) == NULL);
}

static void
the_connection_has_foreign_keys_and_normal_sync_until_told_full(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	char *cause = NULL;

	if (c == NULL)
		return;
	CHECK_INT(sql_int(cache_db(c), "PRAGMA foreign_keys", NULL), 1);
	CHECK_INT(sql_int(cache_db(c), "PRAGMA recursive_triggers", NULL), 1);
	CHECK_INT(sql_int(cache_db(c), "PRAGMA synchronous", NULL), 1);
	CHECK_INT(cache_set_synchronous_full(c, true, &cause), CACHE_OK);
	CHECK_INT(sql_int(cache_db(c), "PRAGMA synchronous", NULL), 2);
	CHECK_INT(cache_set_synchronous_full(c, false, &cause), CACHE_OK);
	CHECK_INT(sql_int(cache_db(c), "PRAGMA synchronous", NULL), 1);

	/* Inside a transaction SQLite refuses: an error, not a silent no-op. */
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_OK);
	CHECK_INT(cache_set_synchronous_full(c, true, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "inside a transaction");
	CHECK_INT(cache_tx_rollback(c, NULL), CACHE_OK);
	free(cause);
	cache_close(&c);
}

static void
money_columns_refuse_a_real_number(void)
{
	static const struct {
		const char	*sql;
		int		 ok;
	} rows[] = {
		{ "INSERT INTO payments (id, version, status, currency, "
		  "expected_minor, received_minor, json) "
		  "VALUES ('p_1', 1, 'flagged', 'PLN', 1546, 1545, '{}')", 1 },
		{ "INSERT INTO payments (id, version, status, currency, "
		  "expected_minor, received_minor, json) "
		  "VALUES ('p_2', 1, 'flagged', 'PLN', 15.46, 1545, '{}')", 0 },
		{ "INSERT INTO payments (id, version, status, currency, "
		  "expected_minor, received_minor, fee_minor, json) "
		  "VALUES ('p_3', 1, 'flagged', 'EUR', 1000, 1000, 0.01, '{}')", 0 },
		{ "INSERT INTO payments (id, version, status, currency, "
		  "expected_minor, received_minor, fee_minor, json) "
		  "VALUES ('p_4', 1, 'flagged', 'EUR', 1000, 999, NULL, '{}')", 1 },
	};
	struct cache *c = open_ok(":memory:", NULL);
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if ((sql_run(cache_db(c), rows[i].sql) == SQLITE_OK) != rows[i].ok)
			TEST_FAIL("row %zu: want %s: %s", i,
			    rows[i].ok ? "accepted" : "refused", rows[i].sql);
	}
	cache_close(&c);
}

static void
the_outbox_refuses_an_unknown_state_and_never_reuses_an_id(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	sqlite3 *db;

	if (c == NULL)
		return;
	db = cache_db(c);
	sql_ok(db, "INSERT INTO outbox (created_at, backend, target, kind, "
	    "payload, updated_at) VALUES (1, 'zendesk', 'ticket:1', "
	    "'ticket.update', '{}', 1)");
	CHECK(sql_run(db, "UPDATE outbox SET state = 'lost'") != SQLITE_OK);
	CHECK(sql_run(db, "INSERT INTO outbox (created_at, backend, target, kind, "
	    "payload, updated_at) VALUES (1, 'zendesk', 'ticket:1', "
	    "'ticket.update', 'not json', 1)") != SQLITE_OK);
	sql_ok(db, "DELETE FROM outbox");
	sql_ok(db, "INSERT INTO outbox (created_at, backend, target, kind, "
	    "payload, updated_at) VALUES (1, 'zendesk', 'ticket:1', "
	    "'ticket.update', '{}', 1)");
	CHECK_INT(sql_int(db, "SELECT max(id) FROM outbox", NULL), 2);
	cache_close(&c);
}

static void
an_upsert_keeps_a_tickets_comments_and_a_delete_takes_them(void)
{
	struct cache *c = open_ok(":memory:", NULL);

	if (c == NULL)
		return;
	ticket_put(c, 7, "first");
	comment_put(c, 70, 7, "hello");
	ticket_put(c, 7, "second");
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM comments", NULL), 1);
	sql_ok(cache_db(c), "DELETE FROM tickets WHERE id = 7");
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM comments", NULL), 0);
	cache_close(&c);
}

/* Full-text search. */

static void
search_finds_a_ticket_by_a_word_in_its_subject_or_in_a_comment(void)
{
	struct cache *c = open_ok(":memory:", NULL);

	if (c == NULL)
		return;
	ticket_put(c, 1, "Payment failed banner shown");
	ticket_put(c, 2, "Cannot log in");
	comment_put(c, 10, 2, "The password reset email never arrived");
	comment_put(c, 11, 1, "Customer is in good standing");
	CHECK_INT(fts_find(c, "banner"), 1);
	CHECK_INT(fts_find(c, "BANNER"), 1);
	CHECK_INT(fts_find(c, "password reset"), 2);
	CHECK_INT(fts_find(c, "standing"), 1);
	CHECK_INT(fts_find(c, "refund"), 0);
	cache_close(&c);
}

static void
search_finds_polish_words_in_any_case_and_by_their_stem(void)
{
	static const struct {
		const char	*query;
		long long	 want;
	} rows[] = {
		{ "płatność", 3 },		/* as written */
		{ "PŁATNOŚĆ", 3 },		/* upper case folds */
		{ "płatnoś", 3 },		/* a stem finds płatność and płatności */
		{ "zapłaciłem", 4 },		/* a word in a comment */
		{ "Łódź", 4 },
		{ "não foi aprovado", 5 },	/* Portuguese */
	};
	struct cache *c = open_ok(":memory:", NULL);
	size_t i;

	if (c == NULL)
		return;
	ticket_put(c, 3, "Płatność odrzucona");
	ticket_put(c, 4, "Zamówienie 15,46 zł");
	comment_put(c, 40, 4, "Zapłaciłem 15,45 zł z konta w Łodzi, oddział ŁÓDŹ");
	ticket_put(c, 5, "Pagamento");
	comment_put(c, 50, 5, "O pagamento não foi aprovado");
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (fts_find(c, rows[i].query) != rows[i].want)
			TEST_FAIL("\"%s\": got %lld, want %lld", rows[i].query,
			    fts_find(c, rows[i].query), rows[i].want);
	}
	cache_close(&c);
}

static void
search_finds_a_japanese_substring_of_three_characters(void)
{
	struct cache *c = open_ok(":memory:", NULL);

	if (c == NULL)
		return;
	ticket_put(c, 6, "決済が失敗しました");
	comment_put(c, 60, 6, "お客様の口座残高は十分です");
	CHECK_INT(fts_find(c, "失敗し"), 6);
	CHECK_INT(fts_find(c, "口座残高"), 6);
	CHECK_INT(fts_find(c, "成功し"), 0);
	cache_close(&c);
}

static void
search_stays_in_step_after_update_delete_and_replace(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	sqlite3 *db;

	if (c == NULL)
		return;
	db = cache_db(c);
	ticket_put(c, 8, "Refund requested");
	comment_put(c, 80, 8, "Customer overpaid twice");
	ticket_put(c, 8, "Duplicate charge");
	comment_put(c, 80, 8, "Customer was charged twice");
	CHECK_INT(fts_find(c, "Refund"), 0);
	CHECK_INT(fts_find(c, "Duplicate"), 8);
	CHECK_INT(fts_find(c, "overpaid"), 0);
	CHECK_INT(fts_find(c, "charged"), 8);
	fts_integrity(c);

	/* INSERT OR REPLACE deletes first; recursive triggers keep FTS right. */
	sql_ok(db, "INSERT OR REPLACE INTO tickets (id, subject, json) "
	    "VALUES (8, 'Replaced subject', '{}')");
	CHECK_INT(fts_find(c, "Duplicate"), 0);
	CHECK_INT(fts_find(c, "Replaced"), 8);
	fts_integrity(c);

	ticket_put(c, 9, "Another ticket about charges");
	comment_put(c, 90, 9, "Zwrot środków");
	sql_ok(db, "DELETE FROM tickets WHERE id = 9");
	CHECK_INT(fts_find(c, "Another"), 0);
	CHECK_INT(fts_find(c, "środków"), 0);
	fts_integrity(c);
	cache_close(&c);
}

/* Transactions. */

static void
cache_tx_begin_takes_the_write_lock_at_once_and_waits_only_the_busy_timeout(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	struct cache *c = open_ok(path, &acme);
	sqlite3 *other;
	double t0, waited;

	if (c == NULL)
		goto out;
	other = raw_open(path);
	sql_ok(other, "BEGIN IMMEDIATE");
	cache_set_busy_timeout(c, 100);
	t0 = now_ms();
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_ERR_BUSY);
	waited = now_ms() - t0;
	if (waited < 90 || waited > 3000)
		TEST_FAIL("waited %.0f ms for a 100 ms busy timeout", waited);
	CHECK_CONTAINS(cause, "is locked");
	CHECK_CONTAINS(cause, "100 ms");
	CHECK_CONTAINS(cause, path);
	CHECK(!cache_tx_open(c));
	free(cause);
	cause = NULL;

	/* A deferred BEGIN would have succeeded above; once free, it works. */
	sql_ok(other, "ROLLBACK");
	sqlite3_close(other);
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_OK);
	CHECK(cache_tx_open(c));
	CHECK_INT(cache_tx_commit(c, &cause), CACHE_OK);
	CHECK(!cache_tx_open(c));
	cache_close(&c);
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

static void
a_nested_transaction_is_refused_and_a_stray_rollback_is_harmless(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	char *cause = NULL;

	if (c == NULL)
		return;
	CHECK_INT(cache_tx_rollback(c, &cause), CACHE_OK);
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_OK);
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "already open");
	CHECK(cache_tx_open(c));
	CHECK_INT(cache_tx_rollback(c, NULL), CACHE_OK);
	CHECK(!cache_tx_open(c));
	free(cause);
	cache_close(&c);
}

/* Sync state. */

static void
reopening_a_file_cache_finds_the_cursors_and_etags_per_endpoint(void)
{
	static const struct {
		const char	*backend, *endpoint, *cursor, *etag, *error;
		int64_t		 success, error_at;
	} rows[] = {
		{ "zendesk", "tickets/cursor", "MTU3NjYxMzUzOS4wfHw0Njd8", NULL,
		  NULL, 1700000000, 0 },
		{ "zendesk", "users", "eyJvIjoibmljZV9pZCJ9", "W/\"5f1e\"",
		  "HTTP 429: retry after 60 s", 1700000100, 1700000200 },
		{ "statuspage", "incidents/unresolved", NULL, "\"abc123\"",
		  NULL, 1700000300, 0 },
		{ "payments", "flagged-payments", "2024-05-01T10:00:00Z|p_9", NULL,
		  NULL, 1700000400, 0 },
	};
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	struct cache_sync_state st;
	struct cache *c;
	size_t i;

	if ((c = open_ok(path, &acme)) == NULL)
		goto out;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		st = (struct cache_sync_state){ .cursor = (char *)(uintptr_t)rows[i].cursor,
		    .etag = (char *)(uintptr_t)rows[i].etag,
		    .last_error = (char *)(uintptr_t)rows[i].error,
		    .last_success = rows[i].success, .last_error_at = rows[i].error_at };
		CHECK_INT(cache_sync_state_put(c, rows[i].backend,
		    rows[i].endpoint, &st, &cause), CACHE_OK);
	}
	cache_close(&c);

	if ((c = open_ok(path, &acme)) == NULL)
		goto out;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CHECK_INT(cache_sync_state_get(c, rows[i].backend,
		    rows[i].endpoint, &st, &cause), CACHE_OK);
		CHECK_STR(st.cursor, rows[i].cursor);
		CHECK_STR(st.etag, rows[i].etag);
		CHECK_STR(st.last_error, rows[i].error);
		CHECK_INT(st.last_success, rows[i].success);
		CHECK_INT(st.last_error_at, rows[i].error_at);
		cache_sync_state_free(&st);
		CHECK(st.cursor == NULL && st.etag == NULL);
	}
	cache_close(&c);
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

static void
a_missing_sync_state_is_empty_not_an_error(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	struct cache_sync_state st;
	char *cause = NULL;

	if (c == NULL)
		return;
	CHECK_INT(cache_sync_state_get(c, "zendesk", "never", &st, &cause), CACHE_OK);
	CHECK(st.cursor == NULL && st.etag == NULL && st.last_error == NULL);
	CHECK_INT(st.last_success, 0);
	CHECK_INT(st.last_error_at, 0);
	cache_sync_state_free(&st);
	free(cause);
	cache_close(&c);
}

static void
sync_state_put_joins_an_open_transaction_and_rolls_back_with_it(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	struct cache_sync_state st = { .cursor = (char *)(uintptr_t)"c1" };
	char *cause = NULL;

	if (c == NULL)
		return;
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_OK);
	CHECK_INT(cache_sync_state_put(c, "zendesk", "tickets", &st, &cause), CACHE_OK);
	CHECK(cache_tx_open(c));
	CHECK_INT(cache_tx_rollback(c, &cause), CACHE_OK);
	CHECK_INT(cache_sync_state_get(c, "zendesk", "tickets", &st, &cause), CACHE_OK);
	CHECK(st.cursor == NULL);
	cache_sync_state_free(&st);

	st.cursor = (char *)(uintptr_t)"c2";
	CHECK_INT(cache_sync_state_put(c, "zendesk", "tickets", &st, &cause), CACHE_OK);
	CHECK(!cache_tx_open(c));
	CHECK_INT(cache_sync_state_get(c, "zendesk", "tickets", &st, &cause), CACHE_OK);
	CHECK_STR(st.cursor, "c2");
	cache_sync_state_free(&st);
	free(cause);
	cache_close(&c);
}

/* Collects "backend/endpoint=cursor" for each row into a buffer. */
static int
collect_row(const char *backend, const char *endpoint,
    const struct cache_sync_state *st, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 256 - len, "%s/%s=%s;", backend, endpoint,
	    st->cursor != NULL ? st->cursor : "-");
	return 0;
}

static void
sync_state_each_visits_every_endpoint_in_order(void)
{
	struct cache *c = open_ok(":memory:", NULL);
	struct cache_sync_state st = { .cursor = (char *)(uintptr_t)"p9" };
	char buf[256] = "", *cause = NULL;

	if (c == NULL)
		return;
	CHECK_INT(cache_sync_state_put(c, "statuspage", "incidents", &st, &cause), CACHE_OK);
	st.cursor = NULL;
	CHECK_INT(cache_sync_state_put(c, "zendesk", "tickets", &st, &cause), CACHE_OK);
	st.cursor = (char *)(uintptr_t)"z1";
	CHECK_INT(cache_sync_state_put(c, "payments", "flagged", &st, &cause), CACHE_OK);
	CHECK_INT(cache_sync_state_each(c, collect_row, buf, &cause), CACHE_OK);
	CHECK_STR(buf, "payments/flagged=z1;statuspage/incidents=p9;zendesk/tickets=-;");
	free(cause);
	cache_close(&c);
}

/* Schema patch 3: what the user has seen. */

static void
a_version_2_cache_is_patched_to_3_and_seen_marks_survive_a_reopen(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	const char *const *sql;
	struct ticket_detail d;
	struct cache *c;
	sqlite3 *db = NULL;
	bool found = false;
	int k;

	/* A file as a build of schema 2 left it, with a ticket in it. */
	CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) == SQLITE_OK);
	for (k = 1; k <= 2; k++) {
		for (sql = cache_schema_patch(k); sql != NULL && *sql != NULL; sql++)
			sql_ok(db, *sql);
	}
	sql_ok(db, "INSERT INTO tickets (id, subject, status, updated_at, json) "
	    "VALUES (7, 'old', 'open', 1700000000, '{\"tags\":[\"x\"]}')");
	CHECK_INT(sql_int(db, "PRAGMA user_version", NULL), 2);
	sqlite3_close(db);
	CHECK(chmod(path, 0600) == 0);

	if ((c = open_ok(path, NULL)) == NULL)
		goto out;
	CHECK_INT(cache_schema_version(c), CACHE_SCHEMA_VERSION);
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM tickets", NULL), 1);
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM ticket_seen", NULL), 0);
	CHECK_INT(cache_ticket_seen_mark(c, 7, 1700000000, &cause), CACHE_OK);
	CHECK_INT(cache_ticket_seen_mark(c, 8, 1700000050, &cause), CACHE_OK);
	cache_close(&c);

	if ((c = open_ok(path, NULL)) == NULL)
		goto out;
	CHECK_INT(cache_ticket_get(c, 7, &d, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_INT(d.row.seen_updated_at, 1700000000);
	cache_ticket_detail_clear(&d);
	/* A ticket removed from the cache takes its mark with it. */
	sql_ok(cache_db(c), "DELETE FROM tickets WHERE id = 7");
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM ticket_seen "
	    "WHERE ticket_id = 7", NULL), 0);
	CHECK_INT(sql_int(cache_db(c), "SELECT updated_at FROM ticket_seen "
	    "WHERE ticket_id = 8", NULL), 1700000050);
	cache_close(&c);
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

/* Schema version guard. */

static void
a_newer_cache_is_refused_and_left_byte_for_byte_untouched(void)
{
	static const struct {
		const char	*how;
		const char	*journal;	/* journal mode the newer tdesk left */
		bool		 live;		/* it still has the file open */
	} rows[] = {
		{ "closed, WAL", "PRAGMA journal_mode = WAL", false },
		{ "closed, rollback journal", "PRAGMA journal_mode = DELETE", false },
		{ "open elsewhere, newer version still in the WAL",
		  "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0", true },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
		char *cause = NULL, *want, *bump;
		struct cache *c = open_ok(path, &acme);
		struct snapshot snap;
		sqlite3 *newer;

		cache_close(&c);
		newer = raw_open(path);
		sql_ok(newer, rows[i].journal);
		bump = xasprintf("CREATE TABLE added_later (x); "
		    "PRAGMA user_version = %d", CACHE_SCHEMA_VERSION + 1);
		sql_ok(newer, bump);
		free(bump);
		if (!rows[i].live) {
			sqlite3_close(newer);
			newer = NULL;
		}
		snapshot_take(path, &snap);
		usleep(20 * 1000);	/* so a write would show in the mtime */

		CHECK_INT(cache_open(path, &acme, &c, &cause), CACHE_ERR_NEWER);
		CHECK(c == NULL);
		want = xasprintf("cache %s was written by a newer tdesk (schema %d, "
		    "this build knows up to %d); upgrade tdesk or remove the file",
		    path, CACHE_SCHEMA_VERSION + 1, CACHE_SCHEMA_VERSION);
		CHECK_STR(cause, want);
		free(cause);
		cause = NULL;
		/* A command that only reads refuses it the same way. */
		CHECK_INT(cache_open_readonly(path, &acme, &c, &cause),
		    CACHE_ERR_NEWER);
		CHECK(c == NULL);
		CHECK_STR(cause, want);
		if (!snapshot_same(path, &snap))
			TEST_FAIL("%s: the file or its -wal/-shm changed", rows[i].how);
		free(want);
		free(cause);
		if (newer != NULL)
			sqlite3_close(newer);
		free(path);
		tmp_remove(dir);
	}
}

static void
a_file_that_is_not_a_tdesk_cache_is_refused_untouched(void)
{
	static const struct {
		const char	*how;
		const char	*sql;		/* NULL: write junk instead */
	} rows[] = {
		{ "junk", NULL },
		{ "another program's tables", "CREATE TABLE notes (x)" },
		{ "another application id", "PRAGMA application_id = 42" },
		{ "a version but no application id", "PRAGMA user_version = 1" },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
		char *cause = NULL;
		struct cache *c = NULL;
		struct snapshot snap;
		sqlite3 *db = NULL;
		FILE *f;

		if (rows[i].sql == NULL) {
			f = fopen(path, "w");
			fputs("this is not a database, but it is long enough to "
			    "have a header of one hundred bytes................"
			    "..................................................", f);
			fclose(f);
		} else if (sqlite3_open(path, &db) == SQLITE_OK) {
			sql_ok(db, rows[i].sql);
			sqlite3_close(db);
		}
		chmod(path, 0600);
		snapshot_take(path, &snap);
		CHECK_INT(cache_open(path, &acme, &c, &cause), CACHE_ERR_NOT_CACHE);
		if (cause == NULL || strstr(cause, path) == NULL)
			TEST_FAIL("%s: %s", rows[i].how, cause ? cause : "(null)");
		CHECK_CONTAINS(cause, "remove it or use another profile");
		free(cause);
		cause = NULL;
		CHECK_INT(cache_open_readonly(path, &acme, &c, &cause),
		    CACHE_ERR_NOT_CACHE);
		CHECK_CONTAINS(cause, "remove it or use another profile");
		if (!snapshot_same(path, &snap))
			TEST_FAIL("%s: the file changed", rows[i].how);
		free(cause);
		free(path);
		tmp_remove(dir);
	}
}

/* Identity guard. */

static void
a_cache_filled_from_other_backends_is_refused_naming_both(void)
{
	static const struct {
		const char		*how;
		struct cache_identity	 now;
		const char		*message;	/* after "cache PATH " */
	} rows[] = {
		{ "another zendesk",
		  { .zendesk_url = "https://b.zendesk.com",
		    .zendesk_account = "agent@acme.com" },
		  "was filled from zendesk https://acme.zendesk.com (agent@acme.com) "
		  "but profile points at https://b.zendesk.com (agent@acme.com); "
		  "use another profile or remove the cache" },
		{ "another agent on the same zendesk",
		  { .zendesk_url = "https://acme.zendesk.com",
		    .zendesk_account = "other@acme.com" },
		  "was filled from zendesk https://acme.zendesk.com (agent@acme.com) "
		  "but profile points at https://acme.zendesk.com (other@acme.com); "
		  "use another profile or remove the cache" },
		{ "another statuspage page",
		  { .statuspage_url = "https://api.statuspage.io/v1",
		    .statuspage_page = "test0page000" },
		  "was filled from statuspage https://api.statuspage.io/v1 "
		  "(page 8m2l51279rpl) but profile points at "
		  "https://api.statuspage.io/v1 (page test0page000); "
		  "use another profile or remove the cache" },
		{ "another payments service",
		  { .payments_url = "https://payments.staging.internal" },
		  "was filled from payments https://payments.acme.internal but "
		  "profile points at https://payments.staging.internal; "
		  "use another profile or remove the cache" },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
		char *cause = NULL, *want;
		struct cache *c = open_ok(path, &acme);
		struct snapshot snap;

		cache_close(&c);
		snapshot_take(path, &snap);
		CHECK_INT(cache_open(path, &rows[i].now, &c, &cause),
		    CACHE_ERR_IDENTITY);
		CHECK(c == NULL);
		want = xasprintf("cache %s %s", path, rows[i].message);
		if (cause == NULL || strcmp(cause, want) != 0)
			TEST_FAIL("%s:\n#   got  %s\n#   want %s", rows[i].how,
			    cause ? cause : "(null)", want);
		free(cause);
		cause = NULL;
		CHECK_INT(cache_open_readonly(path, &rows[i].now, &c, &cause),
		    CACHE_ERR_IDENTITY);
		CHECK_STR(cause, want);
		if (!snapshot_same(path, &snap))
			TEST_FAIL("%s: the file changed", rows[i].how);
		free(want);
		free(cause);
		free(path);
		tmp_remove(dir);
	}
}

static void
an_unrecorded_backend_is_recorded_and_an_unconfigured_one_ignored(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	struct cache_identity zendesk_only = {
		.zendesk_url = acme.zendesk_url,
		.zendesk_account = acme.zendesk_account,
	}, other_page = acme;
	struct cache *c;

	other_page.statuspage_page = "another";
	if ((c = open_ok(path, &zendesk_only)) == NULL)
		goto out;
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM identity", NULL), 1);
	cache_close(&c);

	/* Statuspage and payments configured later: recorded now. */
	if ((c = open_ok(path, &acme)) == NULL)
		goto out;
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM identity", NULL), 3);
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM identity WHERE "
	    "backend = 'statuspage' AND account = ?1", acme.statuspage_page), 1);
	cache_close(&c);

	/* Recorded but not configured now: fine, and still recorded. */
	if ((c = open_ok(path, &zendesk_only)) == NULL)
		goto out;
	cache_close(&c);
	CHECK_INT(cache_open(path, &other_page, &c, &cause), CACHE_ERR_IDENTITY);
	CHECK_CONTAINS(cause, "(page 8m2l51279rpl)");
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

static void
identity_urls_and_emails_compare_as_the_same_server_and_person(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	struct cache_identity written = {
		.zendesk_url = "HTTPS://Acme.Zendesk.com:443/",
		.zendesk_account = "Agent@Acme.com",
	};
	struct cache *c;

	if ((c = open_ok(path, &written)) != NULL)
		cache_close(&c);
	if ((c = open_ok(path, &acme)) != NULL)
		cache_close(&c);
	free(path);
	tmp_remove(dir);
}

static void
urls_are_normalised_before_comparing(void)
{
	static const struct {
		const char	*in, *out;
	} rows[] = {
		{ "https://acme.zendesk.com", "https://acme.zendesk.com" },
		{ "HTTPS://ACME.Zendesk.COM/", "https://acme.zendesk.com" },
		{ "https://acme.zendesk.com:443", "https://acme.zendesk.com" },
		{ "https://acme.zendesk.com:8443/", "https://acme.zendesk.com:8443" },
		{ "http://localhost:80//", "http://localhost" },
		{ "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
		{ "https://api.statuspage.io/v1/", "https://api.statuspage.io/v1" },
		{ "https://Host/Case/Path/", "https://host/Case/Path" },
		{ "https://[::1]:443/x", "https://[::1]/x" },
		{ "https://[::1]/", "https://[::1]" },
		{ "https://h/p/?q=A/", "https://h/p?q=A/" },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = cache_identity_normalise_url(rows[i].in);
		CHECK_STR(got, rows[i].out);
		free(got);
	}
}

/* Permissions. */

static void
new_files_are_0600_and_the_directory_0700_whatever_the_umask(void)
{
	static const mode_t masks[] = { 022, 000, 077 };
	struct env_saved env;
	mode_t old;
	size_t i;

	env_save(&env);
	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		char *dir = tmp_make(), *xdg = xasprintf("%s/xdg/data", dir);
		char *path, *p, *cause = NULL;
		struct cache *c = NULL;

		setenv("XDG_DATA_HOME", xdg, 1);
		old = umask(masks[i]);
		path = cache_path_for_profile("acme", &cause);
		CHECK(path != NULL);
		if (path != NULL && (c = open_ok(path, &acme)) != NULL) {
			/* Write something so the -wal and -shm files exist. */
			ticket_put(c, 1, "umask");
			p = xasprintf("%s/xdg", dir);
			CHECK_INT(mode_of(p), 0700);
			free(p);
			CHECK_INT(mode_of(xdg), 0700);
			p = xasprintf("%s/tdesk", xdg);
			CHECK_INT(mode_of(p), 0700);
			free(p);
			CHECK_INT(mode_of(path), 0600);
			p = xasprintf("%s-wal", path);
			CHECK_INT(mode_of(p), 0600);
			free(p);
			p = xasprintf("%s-shm", path);
			CHECK_INT(mode_of(p), 0600);
			free(p);
			cache_close(&c);
		}
		umask(old);
		if (test_failed)
			printf("#   under umask %03o\n", (unsigned)masks[i]);
		free(cause);
		free(path);
		free(xdg);
		tmp_remove(dir);
	}
	env_restore(&env);
}

static void
a_cache_file_open_to_others_is_refused_with_the_chmod_command(void)
{
	static const struct {
		const char	*file;		/* suffix of the file made too open */
		mode_t		 mode;
		const char	*dir;		/* directory name inside the temp dir */
	} rows[] = {
		{ "", 0640, "d" },
		{ "", 0604, "d" },
		{ "", 0660, "d" },
		{ "", 0644, "it's mine" },	/* the command quotes the path */
		{ "-wal", 0644, "d" },
		{ "-shm", 0640, "d" },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *tmp = tmp_make(), *dir = xasprintf("%s/%s", tmp, rows[i].dir);
		char *path = xasprintf("%s/c.db", dir), *file, *cause = NULL;
		char *quoted, *want;
		struct cache *c = NULL;
		FILE *f;

		mkdir(dir, 0700);
		if ((c = open_ok(path, &acme)) != NULL)
			cache_close(&c);
		file = xasprintf("%s%s", path, rows[i].file);
		if ((f = fopen(file, "a")) != NULL)
			fclose(f);
		chmod(file, rows[i].mode);
		CHECK_INT(cache_open(path, &acme, &c, &cause), CACHE_ERR_PERM);
		CHECK(c == NULL);
		quoted = cache_path_shell_quote(file);
		want = xasprintf("chmod 600 %s", quoted);
		/* The message ends with the command, exactly. */
		if (cause == NULL || strlen(cause) < strlen(want) ||
		    strcmp(cause + strlen(cause) - strlen(want), want) != 0)
			TEST_FAIL("%s%s %04o: got \"%s\", want it to end with "
			    "\"%s\"", rows[i].dir, rows[i].file,
			    (unsigned)rows[i].mode, cause ? cause : "(null)", want);
		CHECK_CONTAINS(cause, "too open");
		free(want);
		free(quoted);
		free(cause);
		free(file);
		free(path);
		free(dir);
		tmp_remove(tmp);
	}
}

static void
shell_quoting_leaves_plain_paths_and_quotes_the_rest(void)
{
	static const struct {
		const char	*in, *out;
	} rows[] = {
		{ "/home/a/.local/share/tdesk/acme.db", "/home/a/.local/share/tdesk/acme.db" },
		{ "/tmp/with space/c.db", "'/tmp/with space/c.db'" },
		{ "/tmp/it's/c.db", "'/tmp/it'\\''s/c.db'" },
		{ "/tmp/$HOME/c.db", "'/tmp/$HOME/c.db'" },
		{ "", "''" },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = cache_path_shell_quote(rows[i].in);
		CHECK_STR(got, rows[i].out);
		free(got);
	}
}

/* Paths. */

static void
profile_names_that_would_escape_the_directory_are_refused(void)
{
	static const struct {
		const char	*name;
		const char	*why;
	} rows[] = {
		{ "", "empty" },
		{ ".", "starts with '.'" },
		{ "..", "starts with '.'" },
		{ ".hidden", "starts with '.'" },
		{ "../acme", "starts with '.'" },
		{ "a/b", "contains '/'" },
		{ "/etc/passwd", "contains '/'" },
		{ "acme/..", "contains '/'" },
		{ "line\nbreak", "control character" },
		{ "esc\033[2J", "control character" },
	};
	struct env_saved env;
	char *dir = tmp_make(), *cause, *path, longname[130];
	size_t i;

	env_save(&env);
	setenv("XDG_DATA_HOME", dir, 1);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cause = NULL;
		path = cache_path_for_profile(rows[i].name, &cause);
		if (path != NULL)
			TEST_FAIL("row %zu accepted: %s", i, path);
		CHECK_CONTAINS(cause, "invalid profile name");
		CHECK_CONTAINS(cause, rows[i].why);
		free(path);
		free(cause);
	}
	cause = NULL;
	CHECK(cache_path_for_profile(NULL, &cause) == NULL);
	free(cause);
	/* Control characters are not echoed back to the terminal. */
	cause = NULL;
	CHECK(cache_path_for_profile("esc\033]0;pwned\007", &cause) == NULL);
	CHECK(cause != NULL && strchr(cause, '\033') == NULL);
	free(cause);
	cause = NULL;
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK(cache_path_for_profile(longname, &cause) == NULL);
	CHECK_CONTAINS(cause, "longer than 128 bytes");
	free(cause);
	/* Ordinary names, dots inside and UTF-8 included, are fine. */
	cause = NULL;
	path = cache_path_for_profile("acme.prod-2_łódź", &cause);
	CHECK(path != NULL);
	free(path);
	free(cause);
	env_restore(&env);
	tmp_remove(dir);
}

static void
the_cache_path_honours_xdg_data_home_then_home(void)
{
	static const struct {
		const char	*xdg;		/* relative to the temp dir; NULL unset */
		bool		 xdg_relative;	/* set to a relative value instead */
		const char	*want;		/* relative to the temp dir */
	} rows[] = {
		{ "xdg", false, "xdg/tdesk/acme.db" },
		{ NULL, false, "home/.local/share/tdesk/acme.db" },
		{ "", false, "home/.local/share/tdesk/acme.db" },
		{ "relative/data", true, "home/.local/share/tdesk/acme.db" },
	};
	struct env_saved env;
	size_t i;

	env_save(&env);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *dir = tmp_make(), *home = xasprintf("%s/home", dir);
		char *xdg = NULL, *want, *got, *cause = NULL;

		setenv("HOME", home, 1);
		if (rows[i].xdg == NULL)
			unsetenv("XDG_DATA_HOME");
		else if (rows[i].xdg_relative || *rows[i].xdg == '\0')
			setenv("XDG_DATA_HOME", rows[i].xdg, 1);
		else {
			xdg = xasprintf("%s/%s", dir, rows[i].xdg);
			setenv("XDG_DATA_HOME", xdg, 1);
		}
		want = xasprintf("%s/%s", dir, rows[i].want);
		got = cache_path_for_profile("acme", &cause);
		CHECK_STR(got, want);
		if (got != NULL) {
			*strrchr(got, '/') = '\0';
			CHECK_INT(mode_of(got), 0700);
		}
		free(got);
		free(want);
		free(cause);
		free(xdg);
		free(home);
		tmp_remove(dir);
	}
	env_restore(&env);
}

static void
an_existing_tdesk_directory_open_to_others_is_tightened_to_0700(void)
{
	struct env_saved env;
	char *dir = tmp_make(), *tdesk = xasprintf("%s/tdesk", dir);
	char *path, *cause = NULL;

	env_save(&env);
	setenv("XDG_DATA_HOME", dir, 1);
	mkdir(tdesk, 0700);
	chmod(tdesk, 0755);
	chmod(dir, 0755);
	path = cache_path_for_profile("acme", &cause);
	CHECK(path != NULL);
	CHECK_INT(mode_of(tdesk), 0700);
	CHECK_INT(mode_of(dir), 0755);		/* not ours: left alone */
	free(path);
	free(cause);
	free(tdesk);
	env_restore(&env);
	tmp_remove(dir);
}

static void
a_second_connection_opens_an_open_cache_without_patching_again(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	struct cache *ui = open_ok(path, &acme), *sync = NULL;

	if (ui != NULL) {
		ticket_put(ui, 1, "seen by both");
		sync = open_ok(path, &acme);
	}
	if (sync != NULL) {
		CHECK_INT(sql_int(cache_db(sync), "SELECT count(*) FROM tickets", NULL), 1);
		CHECK_INT(sql_int(cache_db(sync), "SELECT journal_mode = 'wal' "
		    "FROM pragma_journal_mode", NULL), 1);
		CHECK_INT(cache_schema_version(sync), CACHE_SCHEMA_VERSION);
		cache_close(&sync);
	}
	cache_close(&ui);
	free(path);
	tmp_remove(dir);
}

/* Read-only opens and a full disk. */

static void
a_read_only_open_writes_nothing_and_refuses_a_write_transaction(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	struct cache_sync_state st = { .cursor = (char *)"c1" };
	struct cache *c = open_ok(path, &acme);
	struct snapshot snap;
	struct stat sb;

	if (c == NULL)
		goto out;
	CHECK_INT(cache_sync_state_put(c, "zendesk", "tickets", &st, &cause),
	    CACHE_OK);
	cache_close(&c);
	snapshot_take(path, &snap);
	usleep(20 * 1000);	/* so a write would show in the mtime */

	CHECK_INT(cache_open_readonly(path, &acme, &c, &cause), CACHE_OK);
	if (c == NULL)
		goto out;
	CHECK(cache_readonly(c));
	CHECK_INT(cache_schema_version(c), CACHE_SCHEMA_VERSION);
	memset(&st, 0, sizeof st);
	CHECK_INT(cache_sync_state_get(c, "zendesk", "tickets", &st, &cause),
	    CACHE_OK);
	CHECK_STR(st.cursor, "c1");
	cache_sync_state_free(&st);
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is open read-only");
	free(cause);
	cause = NULL;
	st.cursor = (char *)"c2";
	CHECK(cache_sync_state_put(c, "zendesk", "tickets", &st, &cause) !=
	    CACHE_OK);
	free(cause);
	cause = NULL;
	CHECK(sql_run(cache_db(c), "DELETE FROM sync_state") != SQLITE_OK);
	cache_close(&c);
	/* SQLite's read-only mode leaves a -wal and -shm; the file itself is as it was. */
	snap.wal = snap.shm = true;
	if (!snapshot_same(path, &snap))
		TEST_FAIL("the cache file changed");
	if (stat(path, &sb) == 0)
		CHECK_INT(sb.st_mode & 07777, 0600);
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

static void
a_read_only_open_of_a_missing_or_old_cache_asks_for_the_write_that_makes_it(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	const char *const *sql;
	struct snapshot snap;
	struct cache *c = NULL;
	sqlite3 *db = NULL;
	char *want;
	int k;

	CHECK_INT(cache_open_readonly(path, &acme, &c, &cause), CACHE_ERR_UPGRADE);
	want = xasprintf("cache %s does not exist yet", path);
	CHECK_STR(cause, want);
	free(want);
	free(cause);
	cause = NULL;
	CHECK(!exists(path));

	/* A file as a build of schema 2 left it. */
	CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) == SQLITE_OK);
	for (k = 1; k <= 2; k++) {
		for (sql = cache_schema_patch(k); sql != NULL && *sql != NULL; sql++)
			sql_ok(db, *sql);
	}
	sqlite3_close(db);
	CHECK(chmod(path, 0600) == 0);
	snapshot_take(path, &snap);
	CHECK_INT(cache_open_readonly(path, &acme, &c, &cause), CACHE_ERR_UPGRADE);
	CHECK(c == NULL);
	want = xasprintf("cache %s has schema 2, older than this tdesk's %d: it "
	    "must be upgraded, which a read-only open cannot do", path,
	    CACHE_SCHEMA_VERSION);
	CHECK_STR(cause, want);
	free(want);
	if (!snapshot_same(path, &snap))
		TEST_FAIL("the old cache changed");
	/* The read-write open patches it; then it opens read-only. */
	if ((c = open_ok(path, &acme)) != NULL)
		cache_close(&c);
	free(cause);
	cause = NULL;
	CHECK_INT(cache_open_readonly(path, &acme, &c, &cause), CACHE_OK);
	cache_close(&c);
	free(cause);
	free(path);
	tmp_remove(dir);
}

static void
a_read_only_open_sees_what_a_writer_with_the_cache_open_committed(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	struct cache *w = open_ok(path, &acme), *r = NULL;

	if (w == NULL)
		goto out;
	sql_ok(cache_db(w), "PRAGMA wal_autocheckpoint = 0");
	ticket_put(w, 1, "only in the -wal");
	CHECK_INT(cache_open_readonly(path, &acme, &r, &cause), CACHE_OK);
	if (r != NULL) {
		CHECK_INT(sql_int(cache_db(r), "SELECT count(*) FROM tickets "
		    "WHERE subject = ?1", "only in the -wal"), 1);
		ticket_put(w, 2, "committed while the reader is open");
		CHECK_INT(sql_int(cache_db(r), "SELECT count(*) FROM tickets",
		    NULL), 2);
	}
	cache_close(&r);
	cache_close(&w);
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

static void
a_full_disk_is_named_as_such_and_the_write_is_rolled_back(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir), *cause = NULL;
	struct cache_sync_state st = { 0 };
	struct cache *c = open_ok(path, &acme);
	char *big, *want;

	if (c == NULL)
		goto out;
	/*
	 * SQLITE_FULL without filling a disk: the database may not grow past
	 * its pages. The shell suite integration/diskfull fills one for real.
	 */
	sql_ok(cache_db(c), "PRAGMA max_page_count = 1");
	sql_ok(cache_db(c), "PRAGMA max_page_count = 0");	/* clamps to the size */
	big = xmalloc(256 * 1024);
	memset(big, 'x', 256 * 1024 - 1);
	big[256 * 1024 - 1] = '\0';
	st.cursor = big;
	CHECK_INT(cache_sync_state_put(c, "zendesk", "tickets", &st, &cause),
	    CACHE_ERR_FULL);
	want = xasprintf("cache %s: disk is full (", path);
	CHECK_CONTAINS(cause, want);
	CHECK_CONTAINS(cause, "free some space and try again");
	free(want);
	free(big);
	CHECK(!cache_tx_open(c));
	memset(&st, 0, sizeof st);
	free(cause);
	cause = NULL;
	CHECK_INT(cache_sync_state_get(c, "zendesk", "tickets", &st, &cause),
	    CACHE_OK);
	CHECK(st.cursor == NULL);
	cache_sync_state_free(&st);
	CHECK_INT(sql_int(cache_db(c), "SELECT count(*) FROM pragma_integrity_check "
	    "WHERE integrity_check = 'ok'", NULL), 1);
	cache_close(&c);
out:
	free(cause);
	free(path);
	tmp_remove(dir);
}

static const struct test tests[] = {
	T(a_fresh_memory_cache_has_every_table_index_and_the_newest_version),
	T(every_schema_patch_ends_by_setting_its_own_version),
	T(the_connection_has_foreign_keys_and_normal_sync_until_told_full),
	T(money_columns_refuse_a_real_number),
	T(the_outbox_refuses_an_unknown_state_and_never_reuses_an_id),
	T(an_upsert_keeps_a_tickets_comments_and_a_delete_takes_them),
	T(search_finds_a_ticket_by_a_word_in_its_subject_or_in_a_comment),
	T(search_finds_polish_words_in_any_case_and_by_their_stem),
	T(search_finds_a_japanese_substring_of_three_characters),
	T(search_stays_in_step_after_update_delete_and_replace),
	T(cache_tx_begin_takes_the_write_lock_at_once_and_waits_only_the_busy_timeout),
	T(a_nested_transaction_is_refused_and_a_stray_rollback_is_harmless),
	T(reopening_a_file_cache_finds_the_cursors_and_etags_per_endpoint),
	T(a_missing_sync_state_is_empty_not_an_error),
	T(sync_state_each_visits_every_endpoint_in_order),
	T(sync_state_put_joins_an_open_transaction_and_rolls_back_with_it),
	T(a_version_2_cache_is_patched_to_3_and_seen_marks_survive_a_reopen),
	T(a_newer_cache_is_refused_and_left_byte_for_byte_untouched),
	T(a_file_that_is_not_a_tdesk_cache_is_refused_untouched),
	T(a_cache_filled_from_other_backends_is_refused_naming_both),
	T(an_unrecorded_backend_is_recorded_and_an_unconfigured_one_ignored),
	T(identity_urls_and_emails_compare_as_the_same_server_and_person),
	T(urls_are_normalised_before_comparing),
	T(new_files_are_0600_and_the_directory_0700_whatever_the_umask),
	T(a_cache_file_open_to_others_is_refused_with_the_chmod_command),
	T(shell_quoting_leaves_plain_paths_and_quotes_the_rest),
	T(profile_names_that_would_escape_the_directory_are_refused),
	T(the_cache_path_honours_xdg_data_home_then_home),
	T(an_existing_tdesk_directory_open_to_others_is_tightened_to_0700),
	T(a_second_connection_opens_an_open_cache_without_patching_again),
	T(a_read_only_open_writes_nothing_and_refuses_a_write_transaction),
	T(a_read_only_open_of_a_missing_or_old_cache_asks_for_the_write_that_makes_it),
	T(a_read_only_open_sees_what_a_writer_with_the_cache_open_committed),
	T(a_full_disk_is_named_as_such_and_the_write_is_rolled_back),
};

TEST_MAIN(tests)
