/*
 * Unit tests for the outbox: durable enqueue, idempotency keys, order per
 * target, exclusive claims across connections and processes, live and
 * dead claimers, release, retry, edit, drop, lists and counts.
 */
#include "test.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cache/cache_int.h"
#include "cache/outbox.h"
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
	dir = xasprintf("%s/tdesk-test-outbox.XXXXXX", base);
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
	}
	return c;
}

static int64_t
enqueue(struct cache *c, const char *backend, const char *target,
    const char *payload)
{
	char *cause = NULL;
	int64_t id = 0;

	if (cache_outbox_enqueue(c, backend, target, "ticket.update", payload,
	    NULL, &id, &cause) != CACHE_OK) {
		TEST_FAIL("enqueue %s: %s", target, cause);
		free(cause);
	}
	return id;
}

static enum outbox_claim
claim(struct cache *c, int64_t id)
{
	enum outbox_claim r = OUTBOX_NOT_CLAIMED;
	char *cause = NULL;

	if (cache_outbox_mark_sending(c, id, 0, &r, &cause) != CACHE_OK) {
		TEST_FAIL("claim %lld: %s", (long long)id, cause);
		free(cause);
	}
	return r;
}

/* The id of the next row, 0 for none; *orphaned says how it was found. */
static int64_t
next_id(struct cache *c, const char *backend, bool *orphaned)
{
	struct outbox_row r;
	char *cause = NULL;
	bool found;
	int64_t id = 0;

	if (cache_outbox_next(c, backend, &r, &found, &cause) != CACHE_OK) {
		TEST_FAIL("next: %s", cause);
		free(cause);
		return -1;
	}
	if (found)
		id = r.id;
	if (orphaned != NULL)
		*orphaned = found && r.orphaned;
	cache_outbox_row_clear(&r);
	return id;
}

static enum outbox_state
state_of(struct cache *c, int64_t id)
{
	struct outbox_row r;
	enum outbox_state s = OUTBOX_DONE;
	char *cause = NULL;
	bool found;

	if (cache_outbox_get(c, id, &r, &found, &cause) != CACHE_OK || !found)
		TEST_FAIL("get %lld: %s", (long long)id, cause ? cause : "none");
	else
		s = r.state;
	free(cause);
	cache_outbox_row_clear(&r);
	return s;
}

static long long
sql_int(struct cache *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(cache_db(c), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		TEST_FAIL("%s: %s", sql, sqlite3_errmsg(cache_db(c)));
	sqlite3_finalize(st);
	return v;
}

static bool
is_hex32(const char *k)
{
	size_t i;

	if (k == NULL || strlen(k) != OUTBOX_KEY_LEN)
		return false;
	for (i = 0; i < OUTBOX_KEY_LEN; i++) {
		if (!((k[i] >= '0' && k[i] <= '9') || (k[i] >= 'a' && k[i] <= 'f')))
			return false;
	}
	return true;
}

/* Reads exactly n bytes from fd; false on EOF or error. */
static bool
read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	ssize_t got;

	while (n > 0) {
		got = read(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		n -= (size_t)got;
	}
	return true;
}

/* Tests: enqueue. */

static void
an_enqueued_write_survives_its_process_being_killed(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	struct cache *c = open_ok(path);
	struct outbox_row r;
	int64_t ids[2] = { 0, 0 };
	char *cause = NULL;
	bool found;
	int fds[2], status;
	pid_t pid;

	cache_close(&c);
	if (pipe(fds) != 0) {
		TEST_FAIL("pipe: %s", strerror(errno));
		goto out;
	}
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct cache *cc = NULL;

		close(fds[0]);
		if (cache_open(path, NULL, &cc, NULL) != CACHE_OK ||
		    cache_outbox_enqueue(cc, "zendesk", "ticket:7", "ticket.comment",
		    "{\"body\":\"Olá\"}", NULL, &ids[0], NULL) != CACHE_OK ||
		    cache_outbox_enqueue(cc, "payments", "payment:p_1",
		    "payment.resolve", "{\"action\":\"refund\"}", NULL, &ids[1],
		    NULL) != CACHE_OK)
			_exit(2);
		if (write(fds[1], ids, sizeof ids) != (ssize_t)sizeof ids)
			_exit(3);
		/* No close, no cleanup: as if killed right after enqueue returned. */
		raise(SIGKILL);
		_exit(4);
	}
	close(fds[1]);
	CHECK(read_full(fds[0], ids, sizeof ids));
	close(fds[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	if ((c = open_ok(path)) == NULL)
		goto out;
	CHECK_INT(cache_outbox_get(c, ids[0], &r, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_STR(r.payload, "{\"body\":\"Olá\"}");
	CHECK_STR(r.target, "ticket:7");
	CHECK_INT(r.state, OUTBOX_QUEUED);
	CHECK(r.idempotency_key == NULL);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_outbox_get(c, ids[1], &r, &found, &cause), CACHE_OK);
	CHECK(found && is_hex32(r.idempotency_key));
	cache_outbox_row_clear(&r);

	/* The connection is back at NORMAL once the write is on disk. */
	CHECK(enqueue(c, "zendesk", "ticket:8", "{}") > ids[1]);
	CHECK_INT(sql_int(c, "PRAGMA synchronous"), 1);
	cache_close(&c);
out:
	free(path);
	tmp_remove(dir);
}

static void
idempotency_keys_are_unique_32_hex_and_stored_before_any_send(void)
{
	struct cache *c = open_ok(":memory:");
	struct outbox_row r;
	char *cause = NULL;
	int64_t id;
	bool found;
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < 200; i++) {
		char *target = xasprintf("payment:p_%d", i);

		CHECK(enqueue(c, "payments", target, "{\"action\":\"accept\"}") > 0);
		free(target);
	}
	CHECK_INT(sql_int(c, "SELECT count(DISTINCT idempotency_key) FROM outbox"), 200);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM outbox WHERE "
	    "length(idempotency_key) = 32 AND idempotency_key GLOB "
	    "'[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*' "
	    "AND NOT idempotency_key GLOB '*[^0-9a-f]*'"), 200);
	CHECK_INT(cache_outbox_get(c, 1, &r, &found, &cause), CACHE_OK);
	CHECK(is_hex32(r.idempotency_key));
	CHECK_INT(r.attempts, 0);
	cache_outbox_row_clear(&r);

	/* Zendesk and Statuspage take none; a key given is kept as it is. */
	id = enqueue(c, "statuspage", "incident:abc", "{}");
	CHECK_INT(sql_int(c, "SELECT count(*) FROM outbox WHERE "
	    "idempotency_key IS NULL"), 1);
	CHECK_INT(cache_outbox_enqueue(c, "payments", "payment:x", "payment.resolve",
	    "{}", "tdesk-resolve-42", &id, &cause), CACHE_OK);
	CHECK_INT(cache_outbox_get(c, id, &r, &found, &cause), CACHE_OK);
	CHECK_STR(r.idempotency_key, "tdesk-resolve-42");
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_outbox_enqueue(c, "payments", "payment:y", "payment.resolve",
	    "{}", "tdesk-resolve-42", &id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "UNIQUE");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_enqueue(c, "payments", "payment:y", "payment.resolve",
	    "{}", "two\r\nlines", &id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "visible ASCII");
	free(cause);
	cache_close(&c);
}

static void
enqueue_refuses_bad_json_an_unknown_backend_and_an_open_transaction(void)
{
	struct cache *c = open_ok(":memory:");
	char *cause = NULL;
	int64_t id;

	if (c == NULL)
		return;
	CHECK_INT(cache_outbox_enqueue(c, "zendesk", "ticket:1", "ticket.update",
	    "{not json", NULL, &id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "json_valid");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_enqueue(c, "jira", "issue:1", "issue.update", "{}",
	    NULL, &id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "CHECK");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_enqueue(c, "zendesk", "", "ticket.update", "{}",
	    NULL, &id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "needs a backend, a target");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_tx_begin(c, &cause), CACHE_OK);
	CHECK_INT(cache_outbox_enqueue(c, "zendesk", "ticket:1", "ticket.update",
	    "{}", NULL, &id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "not inside an open transaction");
	free(cause);
	CHECK_INT(cache_tx_rollback(c, NULL), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT count(*) FROM outbox"), 0);
	cache_close(&c);
}

/* Tests: order. */

static void
writes_to_a_target_go_in_order_and_a_failure_holds_back_the_rest(void)
{
	struct cache *c = open_ok(":memory:");
	int64_t a1, a2, a3, b1, p1;
	char *cause = NULL;
	bool maybe;

	if (c == NULL)
		return;
	a1 = enqueue(c, "zendesk", "ticket:1", "{\"n\":1}");
	a2 = enqueue(c, "zendesk", "ticket:1", "{\"n\":2}");
	b1 = enqueue(c, "zendesk", "ticket:2", "{}");
	a3 = enqueue(c, "zendesk", "ticket:1", "{\"n\":3}");
	p1 = enqueue(c, "payments", "payment:p_1", "{}");

	CHECK_INT(next_id(c, NULL, NULL), a1);
	CHECK_INT(next_id(c, "payments", NULL), p1);
	/* A later row of a target cannot be claimed ahead of an earlier one. */
	CHECK_INT(claim(c, a2), OUTBOX_NOT_CLAIMED);
	CHECK_INT(claim(c, a1), OUTBOX_CLAIMED);
	CHECK_INT(state_of(c, a1), OUTBOX_SENDING);
	CHECK_INT(next_id(c, "zendesk", NULL), b1);	/* a2 waits for a1 */

	CHECK_INT(cache_outbox_mark_failed(c, a1, "422 RecordInvalid", &cause),
	    CACHE_OK);
	CHECK_INT(next_id(c, "zendesk", NULL), b1);	/* still held back */
	CHECK_INT(claim(c, b1), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_done(c, b1, &cause), CACHE_OK);
	CHECK_INT(next_id(c, "zendesk", NULL), 0);
	CHECK_INT(claim(c, a2), OUTBOX_NOT_CLAIMED);

	/* Retried, a1 goes first again; then a conflict on a2 holds a3. */
	CHECK_INT(cache_outbox_retry(c, a1, &cause), CACHE_OK);
	CHECK_INT(next_id(c, "zendesk", NULL), a1);
	CHECK_INT(claim(c, a1), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_done(c, a1, &cause), CACHE_OK);
	CHECK_INT(next_id(c, "zendesk", NULL), a2);
	CHECK_INT(claim(c, a2), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_conflict(c, a2,
	    "{\"ticket\":{\"id\":1,\"updated_at\":\"2024-05-01T10:00:00Z\"}}",
	    &cause), CACHE_OK);
	CHECK_INT(next_id(c, "zendesk", NULL), 0);
	CHECK_INT(sql_int(c, "SELECT json_extract(conflict_json, '$.ticket.id') "
	    "FROM outbox WHERE state = 'conflict'"), 1);

	/* Dropping the conflicting row lets a3 go. */
	CHECK_INT(cache_outbox_drop(c, a2, &maybe, &cause), CACHE_OK);
	CHECK(!maybe);
	CHECK_INT(next_id(c, "zendesk", NULL), a3);
	CHECK_INT(next_id(c, NULL, NULL), a3);
	cache_close(&c);
}

/* Tests: claims. */

static void
a_claim_is_exclusive_between_two_connections_to_one_file(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	struct cache *a = open_ok(path), *b = open_ok(path);
	int64_t id, id2;

	if (a == NULL || b == NULL)
		goto out;
	id = enqueue(a, "zendesk", "ticket:1", "{}");
	id2 = enqueue(b, "zendesk", "ticket:2", "{}");
	CHECK_INT(claim(a, id), OUTBOX_CLAIMED);
	CHECK_INT(claim(b, id), OUTBOX_NOT_CLAIMED);
	CHECK_INT(claim(a, id), OUTBOX_NOT_CLAIMED);	/* not twice either */
	CHECK_INT(next_id(b, NULL, NULL), id2);
	CHECK_INT(sql_int(b, "SELECT attempts FROM outbox WHERE id = 1"), 1);
	CHECK_INT(sql_int(b, "SELECT claim_pid FROM outbox WHERE id = 1"), getpid());
out:
	cache_close(&a);
	cache_close(&b);
	free(path);
	tmp_remove(dir);
}

/*
 * Eight processes open the file and, released together, all try to claim
 * one row; each reports what it got and stays alive (its claim live) until
 * every one has tried, so none can take the row over as an orphan.
 */
static void
of_eight_live_processes_racing_for_one_row_exactly_one_claims_it(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	struct cache *c = open_ok(path);
	pid_t pids[8];
	int go[2], results[2], release[2], i, claimed = 0, errors = 0, status;
	int64_t id;
	bool orphaned;

	if (c == NULL || pipe(go) != 0 || pipe(results) != 0 ||
	    pipe(release) != 0)
		goto out;
	id = enqueue(c, "payments", "payment:p_1", "{\"action\":\"refund\"}");
	fflush(stdout);
	for (i = 0; i < 8; i++) {
		if ((pids[i] = fork()) == 0) {
			struct cache *cc = NULL;
			enum outbox_claim r = OUTBOX_NOT_CLAIMED;
			char byte = 'e';

			close(go[1]);
			close(results[0]);
			close(release[1]);
			if (cache_open(path, NULL, &cc, NULL) == CACHE_OK) {
				(void)!read(go[0], &byte, 1);	/* EOF: all go at once */
				byte = 'e';
				if (cache_outbox_mark_sending(cc, id, 0, &r,
				    NULL) == CACHE_OK)
					byte = r == OUTBOX_NOT_CLAIMED ? 'n' : 'c';
			}
			(void)!write(results[1], &byte, 1);
			(void)!read(release[0], &byte, 1);	/* alive until told */
			cache_close(&cc);
			_exit(0);
		}
	}
	close(go[0]);
	close(results[1]);
	close(release[0]);
	close(go[1]);
	for (i = 0; i < 8; i++) {
		char byte;

		if (!read_full(results[0], &byte, 1) || byte == 'e')
			errors++;
		else if (byte == 'c')
			claimed++;
	}
	CHECK_INT(errors, 0);
	CHECK_INT(claimed, 1);
	CHECK_INT(sql_int(c, "SELECT attempts FROM outbox"), 1);
	CHECK_INT(next_id(c, NULL, NULL), 0);	/* claimed by a live process */
	close(release[1]);
	close(results[0]);
	for (i = 0; i < 8; i++)
		waitpid(pids[i], &status, 0);

	/* Its claimer has exited: the row is an orphan for the next drain. */
	CHECK_INT(next_id(c, NULL, &orphaned), id);
	CHECK(orphaned);
	CHECK_INT(claim(c, id), OUTBOX_CLAIMED_ORPHAN);
	CHECK_INT(sql_int(c, "SELECT attempts FROM outbox"), 2);
out:
	cache_close(&c);
	free(path);
	tmp_remove(dir);
}

static void
a_live_claimer_keeps_its_row_and_a_dead_one_leaves_an_orphan(void)
{
	char *dir = tmp_make(), *path = xasprintf("%s/c.db", dir);
	struct cache *c = open_ok(path);
	struct outbox_row r;
	int ready[2], hold[2], status, tries;
	char byte = 0, *cause = NULL;
	int64_t id, later;
	bool orphaned, found, maybe;
	pid_t pid;

	if (c == NULL || pipe(ready) != 0 || pipe(hold) != 0)
		goto out;
	id = enqueue(c, "zendesk", "ticket:5", "{\"comment\":\"x\"}");
	later = enqueue(c, "zendesk", "ticket:5", "{\"status\":\"solved\"}");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct cache *cc = NULL;
		enum outbox_claim res = OUTBOX_NOT_CLAIMED;

		close(ready[0]);
		close(hold[1]);
		if (cache_open(path, NULL, &cc, NULL) != CACHE_OK ||
		    cache_outbox_mark_sending(cc, id, 0, &res, NULL) != CACHE_OK ||
		    res != OUTBOX_CLAIMED)
			_exit(2);
		byte = 1;
		(void)!write(ready[1], &byte, 1);
		(void)!read(hold[0], &byte, 1);	/* "sending" until killed */
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	CHECK(read_full(ready[0], &byte, 1));

	/* Live: passed over, not claimable, not droppable. */
	CHECK_INT(next_id(c, NULL, NULL), 0);
	CHECK_INT(claim(c, id), OUTBOX_NOT_CLAIMED);
	CHECK_INT(claim(c, later), OUTBOX_NOT_CLAIMED);
	CHECK_INT(cache_outbox_drop(c, id, &maybe, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "being sent by process");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_mark_done(c, id, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "by another process");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_get(c, id, &r, &found, &cause), CACHE_OK);
	CHECK(found && r.state == OUTBOX_SENDING && !r.orphaned);
	CHECK_INT(r.claim_pid, pid);
	cache_outbox_row_clear(&r);

	/* Killed mid-send and not yet reaped (a zombie): already dead. */
	kill(pid, SIGKILL);
	for (tries = 0; tries < 200 && next_id(c, NULL, &orphaned) != id; tries++)
		usleep(5000);
	CHECK_INT(next_id(c, NULL, &orphaned), id);
	CHECK(orphaned);
	waitpid(pid, &status, 0);
	close(ready[0]);
	close(hold[1]);

	/* Reaped: still an orphan; taking it over says it may have been sent. */
	CHECK_INT(next_id(c, NULL, &orphaned), id);
	CHECK(orphaned);
	CHECK_INT(claim(c, id), OUTBOX_CLAIMED_ORPHAN);
	CHECK_INT(claim(c, id), OUTBOX_NOT_CLAIMED);	/* ours now, and live */
	CHECK_INT(sql_int(c, "SELECT attempts FROM outbox WHERE id = 1"), 2);
	CHECK_INT(cache_outbox_mark_done(c, id, &cause), CACHE_OK);
	CHECK_INT(next_id(c, NULL, NULL), later);
out:
	cache_close(&c);
	free(path);
	tmp_remove(dir);
}

static void
a_claim_left_by_an_earlier_process_or_boot_is_dead(void)
{
	struct cache *c = open_ok(":memory:");
	sqlite3_stmt *st = NULL;
	char *cause = NULL;
	int64_t id;
	bool orphaned;
	size_t i;
	struct {
		const char	*how;
		long long	 pid;
		const char	*token;
	} rows[] = {
		{ "our pid, another start", (long long)getpid(), "-:1" },
		{ "pid 1, before a reboot", 1,
		  "00000000-0000-0000-0000-000000000000:1" },
		{ "released, no claimer", 0, NULL },
		{ "a pid that cannot exist", 2147483647, "-:-" },
	};

	if (c == NULL)
		return;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *target = xasprintf("ticket:%zu", i);

		id = enqueue(c, "zendesk", target, "{}");
		free(target);
		if (sqlite3_prepare_v2(cache_db(c), "UPDATE outbox SET "
		    "state = 'sending', claim_pid = ?2, claim_token = ?3 "
		    "WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
			TEST_FAIL("prepare: %s", sqlite3_errmsg(cache_db(c)));
			break;
		}
		sqlite3_bind_int64(st, 1, id);
		if (rows[i].pid != 0)
			sqlite3_bind_int64(st, 2, rows[i].pid);
		else
			sqlite3_bind_null(st, 2);
		if (rows[i].token != NULL)
			sqlite3_bind_text(st, 3, rows[i].token, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		CHECK(sqlite3_step(st) == SQLITE_DONE);
		sqlite3_finalize(st);
		if (next_id(c, NULL, &orphaned) != id || !orphaned)
			TEST_FAIL("%s: not an orphan", rows[i].how);
		if (claim(c, id) != OUTBOX_CLAIMED_ORPHAN)
			TEST_FAIL("%s: not taken over", rows[i].how);
		CHECK_INT(cache_outbox_mark_done(c, id, &cause), CACHE_OK);
	}
	cache_close(&c);
}

static void
a_release_requeues_an_unsent_row_and_orphans_a_maybe_sent_one(void)
{
	struct cache *c = open_ok(":memory:");
	struct outbox_row r;
	char *cause = NULL;
	int64_t id;
	bool orphaned, found;

	if (c == NULL)
		return;
	id = enqueue(c, "statuspage", "incident:abc", "{\"status\":\"monitoring\"}");
	CHECK_INT(claim(c, id), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_release(c, id, false, "circuit open", &cause), CACHE_OK);
	CHECK_INT(state_of(c, id), OUTBOX_QUEUED);
	CHECK_INT(next_id(c, NULL, &orphaned), id);
	CHECK(!orphaned);

	CHECK_INT(claim(c, id), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_release(c, id, true, "timeout after 30 s", &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_get(c, id, &r, &found, &cause), CACHE_OK);
	CHECK(r.state == OUTBOX_SENDING && r.orphaned && r.claim_pid == 0);
	CHECK_STR(r.last_error, "timeout after 30 s");
	cache_outbox_row_clear(&r);
	CHECK_INT(next_id(c, NULL, &orphaned), id);
	CHECK(orphaned);
	CHECK_INT(claim(c, id), OUTBOX_CLAIMED_ORPHAN);
	CHECK_INT(sql_int(c, "SELECT attempts FROM outbox"), 3);

	/* A release or an outcome needs the claim. */
	CHECK_INT(cache_outbox_mark_done(c, id, &cause), CACHE_OK);
	CHECK_INT(cache_outbox_release(c, id, false, NULL, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is done, not being sent by this process");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_mark_failed(c, 999, "x", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "no outbox row 999");
	free(cause);
	cache_close(&c);
}

/* Tests: the user's decisions. */

static void
retry_edit_and_drop_apply_only_where_they_make_sense(void)
{
	struct cache *c = open_ok(":memory:");
	struct outbox_row r;
	char *cause = NULL, *old_key;
	int64_t pay, tk, orphan, again;
	bool found, maybe;

	if (c == NULL)
		return;
	pay = enqueue(c, "payments", "payment:p_1", "{\"action\":\"accept\"}");
	tk = enqueue(c, "zendesk", "ticket:3", "{\"status\":\"open\"}");
	orphan = enqueue(c, "zendesk", "ticket:4", "{}");

	/* Retry: only failed or conflict. */
	CHECK_INT(cache_outbox_retry(c, pay, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is queued; only failed or conflicting");
	free(cause);
	cause = NULL;
	CHECK_INT(claim(c, pay), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_conflict(c, pay, "not json {", &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT json_valid(conflict_json) FROM outbox "
	    "WHERE id = 1"), 1);
	CHECK_INT(cache_outbox_get(c, pay, &r, &found, &cause), CACHE_OK);
	old_key = xstrdup(r.idempotency_key);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_outbox_retry(c, pay, &cause), CACHE_OK);
	CHECK_INT(cache_outbox_get(c, pay, &r, &found, &cause), CACHE_OK);
	CHECK(r.state == OUTBOX_QUEUED && r.conflict_json == NULL);
	CHECK_STR(r.idempotency_key, old_key);		/* same body, same key */
	cache_outbox_row_clear(&r);

	/* Edit: a new body is a new key; not while sending. */
	CHECK_INT(cache_outbox_edit(c, pay, "{\"action\":\"refund\"}", &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_get(c, pay, &r, &found, &cause), CACHE_OK);
	CHECK_STR(r.payload, "{\"action\":\"refund\"}");
	CHECK(is_hex32(r.idempotency_key) && strcmp(r.idempotency_key, old_key) != 0);
	cache_outbox_row_clear(&r);
	free(old_key);
	CHECK_INT(claim(c, tk), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_edit(c, tk, "{}", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is sending; only queued, failed or conflicting");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_mark_failed(c, tk, "403 Forbidden", &cause), CACHE_OK);
	CHECK_INT(cache_outbox_edit(c, tk, "{\"status\":\"pending\"}", &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_get(c, tk, &r, &found, &cause), CACHE_OK);
	CHECK(r.state == OUTBOX_QUEUED && r.idempotency_key == NULL &&
	    r.last_error == NULL);
	cache_outbox_row_clear(&r);

	/* Drop: an orphan may go, and says it may have been sent. */
	CHECK_INT(claim(c, orphan), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_release(c, orphan, true, "reset", &cause), CACHE_OK);
	CHECK_INT(cache_outbox_drop(c, orphan, &maybe, &cause), CACHE_OK);
	CHECK(maybe);
	CHECK_INT(cache_outbox_drop(c, orphan, &maybe, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "no outbox row 3");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_drop(c, pay, &maybe, &cause), CACHE_OK);
	CHECK(!maybe);

	/* Ids are never reused after a drop. */
	again = enqueue(c, "zendesk", "ticket:9", "{}");
	CHECK_INT(again, 4);
	cache_close(&c);
}

static void
counts_lists_and_pruning_see_every_state(void)
{
	struct cache *c = open_ok(":memory:");
	struct outbox_counts k;
	struct outbox_row *rows = NULL;
	char *cause = NULL;
	int64_t ids[6], removed;
	size_t n, i;

	if (c == NULL)
		return;
	for (i = 0; i < 6; i++) {
		char *target = xasprintf("ticket:%zu", i);

		ids[i] = enqueue(c, "zendesk", target, "{}");
		free(target);
	}
	CHECK_INT(claim(c, ids[0]), OUTBOX_CLAIMED);
	CHECK_INT(claim(c, ids[1]), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_done(c, ids[1], &cause), CACHE_OK);
	CHECK_INT(claim(c, ids[2]), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_failed(c, ids[2], "500", &cause), CACHE_OK);
	CHECK_INT(claim(c, ids[3]), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_mark_conflict(c, ids[3], "{}", &cause), CACHE_OK);
	CHECK_INT(cache_outbox_counts(c, &k, &cause), CACHE_OK);
	CHECK_INT(k.queued, 2);
	CHECK_INT(k.sending, 1);
	CHECK_INT(k.done, 1);
	CHECK_INT(k.failed, 1);
	CHECK_INT(k.conflict, 1);

	/* Every state but done, two at a time by id. */
	CHECK_INT(cache_outbox_list(c, 0, 0, 2, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(rows[0].id, ids[0]);
		CHECK_INT(rows[1].id, ids[2]);
		CHECK_STR(rows[1].last_error, "500");
	}
	cache_outbox_rows_free(&rows, n);
	CHECK_INT(cache_outbox_list(c, 0, ids[2], 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 3);
	cache_outbox_rows_free(&rows, n);
	CHECK_INT(cache_outbox_list(c, 1u << OUTBOX_DONE, 0, 10, &rows, &n, &cause),
	    CACHE_OK);
	CHECK_INT(n, 1);
	cache_outbox_rows_free(&rows, n);

	CHECK_INT(cache_outbox_prune(c, (int64_t)time(NULL) - 3600, &removed,
	    &cause), CACHE_OK);
	CHECK_INT(removed, 0);
	CHECK_INT(cache_outbox_prune(c, (int64_t)time(NULL) + 1, &removed, &cause),
	    CACHE_OK);
	CHECK_INT(removed, 1);
	CHECK_STR(cache_outbox_state_name(OUTBOX_CONFLICT), "conflict");
	cache_close(&c);
}

static void
outbox_windows_page_both_ways_and_agree_with_the_count(void)
{
	static const struct {
		const char	*name;
		unsigned	 mask;
	} masks[] = {
		{ "every state but done", 0 },
		{ "done only", 1u << OUTBOX_DONE },
		{ "failed and conflict", 1u << OUTBOX_FAILED | 1u << OUTBOX_CONFLICT },
		{ "every state", 0x1f },
		{ "queued", 1u << OUTBOX_QUEUED },
		{ "a bit that is no state", 1u << 9 },
	};
	static const size_t pages[] = { 1, 4, 100 };
	struct cache *c = open_ok(":memory:");
	enum outbox_state st[23];
	struct outbox_row *rows = NULL;
	int64_t ids[23], want[23], got[24], count, before;
	char *cause = NULL;
	size_t i, m, p, n, nwant, ngot;

	if (c == NULL)
		return;
	for (i = 0; i < 23; i++) {
		char *target = xasprintf("ticket:%zu", i);

		ids[i] = enqueue(c, "zendesk", target, "{}");
		free(target);
		st[i] = (enum outbox_state)(i % 5);
		if (st[i] != OUTBOX_QUEUED)
			CHECK_INT(claim(c, ids[i]), OUTBOX_CLAIMED);
		if (st[i] == OUTBOX_DONE)
			CHECK_INT(cache_outbox_mark_done(c, ids[i], &cause), CACHE_OK);
		else if (st[i] == OUTBOX_FAILED)
			CHECK_INT(cache_outbox_mark_failed(c, ids[i], "no", &cause),
			    CACHE_OK);
		else if (st[i] == OUTBOX_CONFLICT)
			CHECK_INT(cache_outbox_mark_conflict(c, ids[i], "{}", &cause),
			    CACHE_OK);
	}
	for (m = 0; m < sizeof masks / sizeof masks[0]; m++) {
		unsigned mask = masks[m].mask != 0 ? masks[m].mask :
		    ~(1u << OUTBOX_DONE);

		nwant = 0;
		for (i = 0; i < 23; i++) {
			if (mask & (1u << st[i]))
				want[nwant++] = ids[i];
		}
		CHECK_INT(cache_outbox_count(c, masks[m].mask, &count, &cause),
		    CACHE_OK);
		if (count != (int64_t)nwant)
			TEST_FAIL("%s: count %lld, want %zu", masks[m].name,
			    (long long)count, nwant);
		for (p = 0; p < sizeof pages / sizeof pages[0]; p++) {
			/* Backward from the end: each window in ascending order. */
			ngot = 0;
			before = 0;
			for (;;) {
				if (cache_outbox_list_before(c, masks[m].mask, before,
				    pages[p], &rows, &n, &cause) != CACHE_OK) {
					TEST_FAIL("%s: %s", masks[m].name, cause);
					break;
				}
				for (i = 1; i < n; i++) {
					if (rows[i - 1].id >= rows[i].id)
						TEST_FAIL("%s: a window out of order",
						    masks[m].name);
				}
				for (i = n; i-- > 0 && ngot < 24;)
					got[ngot++] = rows[i].id;
				if (n > 0)
					before = rows[0].id;
				cache_outbox_rows_free(&rows, n);
				if (n < pages[p])
					break;
			}
			if (ngot != nwant)
				TEST_FAIL("%s, page %zu: %zu rows backward, want %zu",
				    masks[m].name, pages[p], ngot, nwant);
			for (i = 0; i < ngot && i < nwant; i++) {
				if (got[i] != want[nwant - 1 - i]) {
					TEST_FAIL("%s, page %zu: backward row %zu is "
					    "%lld", masks[m].name, pages[p], i,
					    (long long)got[i]);
					break;
				}
			}
			/* Forward from the start gives the same rows. */
			ngot = 0;
			before = 0;
			for (;;) {
				if (cache_outbox_list(c, masks[m].mask, before,
				    pages[p], &rows, &n, &cause) != CACHE_OK) {
					TEST_FAIL("%s: %s", masks[m].name, cause);
					break;
				}
				for (i = 0; i < n && ngot < 24; i++)
					got[ngot++] = rows[i].id;
				if (n > 0)
					before = rows[n - 1].id;
				cache_outbox_rows_free(&rows, n);
				if (n < pages[p])
					break;
			}
			if (ngot != nwant || (nwant > 0 &&
			    memcmp(got, want, nwant * sizeof *got) != 0))
				TEST_FAIL("%s, page %zu: forward differs",
				    masks[m].name, pages[p]);
		}
	}
	/* A window before the first id is empty, and a middle one ends below it. */
	CHECK_INT(cache_outbox_list_before(c, 0x1f, ids[0], 10, &rows, &n, &cause),
	    CACHE_OK);
	CHECK_INT(n, 0);
	CHECK(rows == NULL);
	CHECK_INT(cache_outbox_list_before(c, 0x1f, ids[10], 3, &rows, &n, &cause),
	    CACHE_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(rows[0].id, ids[7]);
		CHECK_INT(rows[2].id, ids[9]);
	}
	cache_outbox_rows_free(&rows, n);
	free(cause);
	cache_close(&c);
}

/* Tests: what is not known of a write. */

static void
a_failed_read_back_keeps_may_have_been_applied_through_retry_and_drop(void)
{
	struct cache *c = open_ok(":memory:");
	struct outbox_row r;
	char *cause = NULL, *key, *note;
	int64_t pay, tk, now = (int64_t)time(NULL);
	bool found, maybe, orphaned;

	if (c == NULL)
		return;
	pay = enqueue(c, "payments", "payment:p_1", "{\"action\":\"refund\"}");
	tk = enqueue(c, "zendesk", "ticket:3", "{\"status\":\"open\"}");

	/* An unknown outcome, then a read-back that cannot tell (a 404). */
	CHECK_INT(claim(c, tk), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_release(c, tk, true, "reset", &cause), CACHE_OK);
	CHECK_INT(claim(c, tk), OUTBOX_CLAIMED_ORPHAN);
	CHECK_INT(cache_outbox_mark_failed_unsure(c, tk, "read-back: HTTP 404",
	    &cause), CACHE_OK);
	CHECK_INT(cache_outbox_get(c, tk, &r, &found, &cause), CACHE_OK);
	CHECK(r.state == OUTBOX_FAILED && r.unsure && !r.orphaned);
	CHECK(cache_outbox_maybe_applied(&r));
	CHECK_STR(cache_outbox_shown_state(&r), "failed");
	note = cache_outbox_unsure_note(&r, now);
	CHECK_CONTAINS(note, "a retry reads it back");
	free(note);
	cache_outbox_row_clear(&r);

	/* A retry keeps it: the next claim is told so, and reads back. */
	CHECK_INT(cache_outbox_retry(c, tk, &cause), CACHE_OK);
	CHECK_INT(cache_outbox_get(c, tk, &r, &found, &cause), CACHE_OK);
	CHECK(r.state == OUTBOX_QUEUED && r.unsure);
	cache_outbox_row_clear(&r);
	CHECK_INT(next_id(c, "zendesk", &orphaned), tk);
	CHECK_INT(claim(c, tk), OUTBOX_CLAIMED_UNSURE);
	CHECK_INT(cache_outbox_get(c, tk, &r, &found, &cause), CACHE_OK);
	CHECK(r.unsure);
	cache_outbox_row_clear(&r);
	/* Only an outcome that shows the backend's state clears it. */
	CHECK_INT(cache_outbox_mark_done(c, tk, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT unsure FROM outbox WHERE id = 2"), 0);

	/* Unsure, a payments row keeps its key through an edit. */
	CHECK_INT(claim(c, pay), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_release(c, pay, true, "reset", &cause), CACHE_OK);
	CHECK_INT(claim(c, pay), OUTBOX_CLAIMED_ORPHAN);
	CHECK_INT(cache_outbox_mark_failed_unsure(c, pay, "HTTP 404", &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_get(c, pay, &r, &found, &cause), CACHE_OK);
	key = xstrdup(r.idempotency_key);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_outbox_edit(c, pay, "{\"action\":\"accept\"}", &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_get(c, pay, &r, &found, &cause), CACHE_OK);
	CHECK_STR(r.idempotency_key, key);
	CHECK(r.unsure);
	cache_outbox_row_clear(&r);
	free(key);

	/* And a drop warns. */
	CHECK_INT(cache_outbox_drop(c, pay, &maybe, &cause), CACHE_OK);
	CHECK(maybe);
	cache_close(&c);
}

static void
an_orphan_is_not_read_back_before_its_request_can_no_longer_land(void)
{
	struct cache *c = open_ok(":memory:");
	struct outbox_row r;
	struct outbox_counts n;
	char *cause = NULL, *note;
	int64_t a, b, now = (int64_t)time(NULL);
	bool found, orphaned;

	if (c == NULL)
		return;
	a = enqueue(c, "statuspage", "incident:abc", "{\"body\":\"slow\"}");
	b = enqueue(c, "statuspage", "incident:def", "{\"body\":\"next\"}");
	CHECK_INT(claim(c, a), OUTBOX_CLAIMED);
	CHECK_INT(cache_outbox_release_unknown(c, a, now + 100, "timed out",
	    &cause), CACHE_OK);
	CHECK_INT(cache_outbox_get(c, a, &r, &found, &cause), CACHE_OK);
	CHECK(r.orphaned && r.unsure && r.readback_at == now + 100);
	CHECK(cache_outbox_waiting(&r, now));
	CHECK(!cache_outbox_waiting(&r, now + 100));
	CHECK_STR(cache_outbox_shown_state(&r), "unknown");
	note = cache_outbox_unsure_note(&r, now);
	CHECK_CONTAINS(note, "read back in 100 s");
	free(note);
	cache_outbox_row_clear(&r);
	/* Passed over while it waits; the other target goes on. */
	CHECK_INT(next_id(c, "statuspage", &orphaned), b);
	CHECK(!orphaned);
	/* Counted as unknown, not as queued or sending work. */
	CHECK_INT(cache_outbox_counts(c, &n, &cause), CACHE_OK);
	CHECK_INT(n.unknown, 1);
	CHECK_INT(n.sending, 1);
	CHECK_INT(n.queued, 1);

	/* A claim records how long its request may take to land. */
	CHECK_INT(cache_outbox_mark_sending(c, b, 60, &(enum outbox_claim){ 0 },
	    &cause), CACHE_OK);
	CHECK(sql_int(c, "SELECT readback_at - claimed_at FROM outbox "
	    "WHERE id = 2") == 60);
	CHECK_INT(cache_outbox_mark_done(c, b, &cause), CACHE_OK);
	CHECK_INT(sql_int(c, "SELECT readback_at IS NULL FROM outbox "
	    "WHERE id = 2"), 1);

	/* Released at once (the server had finished): read back at once. */
	CHECK_INT(claim(c, a), OUTBOX_CLAIMED_ORPHAN);
	CHECK_INT(cache_outbox_release_unknown(c, a, 0, "not JSON", &cause),
	    CACHE_OK);
	CHECK_INT(next_id(c, "statuspage", &orphaned), a);
	CHECK(orphaned);
	cache_close(&c);
}

static const struct test tests[] = {
	T(an_enqueued_write_survives_its_process_being_killed),
	T(idempotency_keys_are_unique_32_hex_and_stored_before_any_send),
	T(enqueue_refuses_bad_json_an_unknown_backend_and_an_open_transaction),
	T(writes_to_a_target_go_in_order_and_a_failure_holds_back_the_rest),
	T(a_claim_is_exclusive_between_two_connections_to_one_file),
	T(of_eight_live_processes_racing_for_one_row_exactly_one_claims_it),
	T(a_live_claimer_keeps_its_row_and_a_dead_one_leaves_an_orphan),
	T(a_claim_left_by_an_earlier_process_or_boot_is_dead),
	T(a_release_requeues_an_unsent_row_and_orphans_a_maybe_sent_one),
	T(retry_edit_and_drop_apply_only_where_they_make_sense),
	T(counts_lists_and_pruning_see_every_state),
	T(outbox_windows_page_both_ways_and_agree_with_the_count),
	T(a_failed_read_back_keeps_may_have_been_applied_through_retry_and_drop),
	T(an_orphan_is_not_read_back_before_its_request_can_no_longer_land),
};

TEST_MAIN(tests)
