/*
 * Unit tests for the background sync engine (cache/sync_thread.c) against
 * the test backend: it syncs on its own thread and wakes the fd, its
 * status shows progress then idle, requests (comments, now, drain) are
 * served promptly, a breaker shows, and stop returns within a second
 * even with a request hanging.
 */
#include "test.h"
#include "apitest.h"

#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "cache/actions.h"
#include "cache/cache.h"
#include "cache/cache_int.h"
#include "api/http.h"
#include "cache/outbox.h"
#include "api/payments.h"
#include "cache/sync.h"
#include "api/zendesk.h"

struct env {
	char		*dir;
	char		*path;
	char		*zd_url;
	char		*pay_url;
	struct cache_identity id;
	struct cache	*c;		/* the test's own connection */
	struct sync_engine *engine;
	struct http_policy policy;
	struct http_hooks hooks;
};

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A reset backend and a new cache the test also opens itself. */
static bool
env_new(struct env *e)
{
	const char *base = getenv("TMPDIR");
	char *cause = NULL;

	memset(e, 0, sizeof *e);
	apitest_reset();
	if (base == NULL || *base != '/')
		base = "/tmp";
	e->dir = xasprintf("%s/tdesk-test-engine.XXXXXX", base);
	if (mkdtemp(e->dir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", e->dir, strerror(errno));
		exit(2);
	}
	e->path = xasprintf("%s/c.db", e->dir);
	e->zd_url = apitest_url("/zendesk");
	e->pay_url = apitest_url("/payments");
	e->id.zendesk_url = e->zd_url;
	e->id.zendesk_account = APITEST_ZD_ADMIN;
	e->id.payments_url = e->pay_url;
	e->policy = apitest_policy();
	e->policy.max_attempts = 2;
	e->policy.backoff_base_ms = 50;
	e->policy.timeout_ms = 60000;
	memset(&e->hooks, 0, sizeof e->hooks);
	e->hooks.cancelled = sync_hook_cancelled;
	if (cache_open(e->path, &e->id, &e->c, &cause) != CACHE_OK) {
		TEST_FAIL("cache_open: %s", cause);
		free(cause);
		return false;
	}
	return true;
}

/*
 * Starts the engine on the cache with Zendesk (and payments when pay)
 * clients made with sync_hook_cancelled.
 */
static bool
env_start(struct env *e, bool pay, struct sync_config *cfg)
{
	char *cause = NULL;

	cfg->cache_path = e->path;
	cfg->identity = &e->id;
	cfg->billing_field = "billing_status";
	cfg->zendesk = zendesk_client_new(e->zd_url, APITEST_ZD_ADMIN,
	    APITEST_ZD_ADMIN_TOKEN, &e->policy, &e->hooks, &cause);
	if (pay)
		cfg->payments = payments_client_new(e->pay_url,
		    APITEST_PAY_TECH, &e->policy, &e->hooks, &cause);
	if (cfg->zendesk == NULL || (pay && cfg->payments == NULL)) {
		TEST_FAIL("client: %s", cause);
		free(cause);
		return false;
	}
	if ((e->engine = sync_engine_start(cfg, &cause)) == NULL) {
		TEST_FAIL("sync_engine_start: %s", cause);
		free(cause);
		return false;
	}
	return true;
}

static void
env_free(struct env *e)
{
	sync_engine_stop(&e->engine);
	cache_close(&e->c);
	if (e->dir != NULL &&
	    nftw(e->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "# cannot remove %s\n", e->dir);
	free(e->dir);
	free(e->path);
	free(e->zd_url);
	free(e->pay_url);
	memset(e, 0, sizeof *e);
}

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

typedef bool status_pred(const struct sync_status *, void *arg);

/*
 * Polls the engine's fd until pred holds for the status (checked after
 * each wake-up), for at most ms. *woke counts the wake-ups.
 */
static bool
wait_status(struct env *e, status_pred *pred, void *arg, int64_t ms,
    struct sync_status *st, int *woke)
{
	struct pollfd p = { .fd = sync_engine_fd(e->engine), .events = POLLIN };
	int64_t until = now_ms() + ms;

	sync_engine_status(e->engine, st);
	while (!pred(st, arg)) {
		if (now_ms() >= until)
			return false;
		if (poll(&p, 1, 50) > 0 && (p.revents & POLLIN)) {
			if (woke != NULL)
				(*woke)++;
			sync_engine_ack(e->engine);
		}
		sync_engine_status(e->engine, st);
	}
	return true;
}

static bool
idle_with_success(const struct sync_status *st, void *arg)
{
	const enum sync_backend *b = arg;

	return st->backends[*b].state == SYNC_STATE_IDLE &&
	    st->backends[*b].last_success_ms > 0;
}

static bool
both_idle(const struct sync_status *st, void *arg)
{
	enum sync_backend z = SYNC_ZENDESK, p = SYNC_PAYMENTS;

	(void)arg;
	return idle_with_success(st, &z) && idle_with_success(st, &p);
}

static bool
zendesk_syncing(const struct sync_status *st, void *arg)
{
	(void)arg;
	return st->backends[SYNC_ZENDESK].state == SYNC_STATE_SYNCING;
}

/* Waits (polling the cache) until sql counts at least want, for ms. */
static bool
wait_count(struct env *e, const char *sql, long long want, int64_t ms)
{
	int64_t until = now_ms() + ms;

	while (sql_int(e->c, sql) < want) {
		if (now_ms() >= until)
			return false;
		usleep(20000);
	}
	return true;
}

static bool
wait_requests(const char *backend, const char *sub, int want, int64_t ms)
{
	int64_t until = now_ms() + ms;

	while (apitest_count(backend, "GET", sub) < want) {
		if (now_ms() >= until)
			return false;
		usleep(20000);
	}
	return true;
}

/* ---- tests --------------------------------------------------------------- */

static void
the_engine_syncs_in_the_background_and_wakes_the_fd(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	const struct sync_backend_status *z;
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	int woke = 0;

	if (!env_new(&e))
		return;
	/* A slow first page, so the round is seen running. */
	apitest_fault("{'match': {'backend': 'zendesk', 'path': 'incremental'}, "
	    "'kind': 'delay', 'ms': 400, 'count': 1}");
	if (!env_start(&e, true, &cfg))
		goto out;
	pfd.fd = sync_engine_fd(e.engine);
	CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN) != 0);
	if (!wait_status(&e, zendesk_syncing, NULL, 5000, &st, NULL))
		TEST_FAIL("never saw zendesk syncing");
	if (!wait_status(&e, both_idle, NULL, 20000, &st, &woke)) {
		TEST_FAIL("not idle: zendesk %s \"%s\", payments %s \"%s\"",
		    sync_state_name(st.backends[SYNC_ZENDESK].state),
		    st.backends[SYNC_ZENDESK].last_error,
		    sync_state_name(st.backends[SYNC_PAYMENTS].state),
		    st.backends[SYNC_PAYMENTS].last_error);
		goto out;
	}
	z = &st.backends[SYNC_ZENDESK];
	CHECK(z->configured && st.backends[SYNC_PAYMENTS].configured);
	CHECK(!st.backends[SYNC_STATUSPAGE].configured);
	CHECK_INT(st.backends[SYNC_STATUSPAGE].state, SYNC_STATE_OFF);
	CHECK(z->pages > 0 && z->records > 0 && z->changed > 0);
	CHECK_STR(z->last_error, "");
	CHECK(z->next_attempt_ms > z->last_success_ms);
	CHECK(st.changes > 0);
	CHECK(woke > 0);
	/* Read through the test's own connection. */
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets"), 32);
	CHECK(sql_int(e.c, "SELECT count(*) FROM payments") > 0);
	CHECK(sql_int(e.c, "SELECT count(*) FROM comments") > 0);
out:
	env_free(&e);
}

static void
a_comment_request_is_served_promptly(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;
	uint64_t changes;
	int64_t t0;

	if (!env_new(&e))
		return;
	cfg.comments_ahead = -1;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM comments"), 0);
	changes = st.changes;
	t0 = now_ms();
	sync_request_comments(e.engine, 131);
	if (!wait_count(&e, "SELECT count(*) FROM comments WHERE ticket_id = 131",
	    1, 3000))
		TEST_FAIL("no comments of 131 after 3 s");
	CHECK(now_ms() - t0 < 2000);
	CHECK_INT(apitest_count("zendesk", "GET", "/comments"), 1);
	sync_engine_status(e.engine, &st);
	CHECK(st.changes > changes);
out:
	env_free(&e);
}

static void
a_request_now_runs_a_round_before_its_interval(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;

	if (!env_new(&e))
		return;
	cfg.interval_ms[SYNC_ZENDESK] = 3600000;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	CHECK_INT(apitest_count("zendesk", "GET", "/incremental/"), 1);
	sync_request_now(e.engine);
	if (!wait_requests("zendesk", "/incremental/", 2, 3000))
		TEST_FAIL("no second export request after a request for now");
out:
	env_free(&e);
}

static bool
queued_one(const struct sync_status *st, void *arg)
{
	(void)arg;
	return st->outbox.queued == 1;
}

static bool
done_one(const struct sync_status *st, void *arg)
{
	(void)arg;
	return st->outbox.done == 1 && st->outbox.queued == 0;
}

static void
a_drain_request_sends_what_the_console_queued(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;
	int64_t row = 0;
	char *cause = NULL;

	if (!env_new(&e))
		return;
	cfg.interval_ms[SYNC_ZENDESK] = 3600000;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	if (cache_action_ticket_comment(e.c, 131, "Sent from the outbox",
	    true, &row, &cause) != CACHE_OK) {
		TEST_FAIL("queue a comment: %s", cause);
		free(cause);
		goto out;
	}
	sync_request_drain(e.engine);
	if (!wait_status(&e, done_one, NULL, 5000, &st, NULL))
		TEST_FAIL("outbox: %lld queued, %lld done, %lld failed: %s",
		    (long long)st.outbox.queued, (long long)st.outbox.done,
		    (long long)st.outbox.failed, st.drain_error);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/131"), 1);
out:
	env_free(&e);
}

static void
the_outbox_counts_reach_the_status_without_a_drainer(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;
	int64_t id = 0;
	char *cause = NULL;

	if (!env_new(&e))
		return;
	cfg.no_drain = true;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	CHECK_INT(st.outbox.queued, 0);
	if (cache_outbox_enqueue(e.c, "zendesk", "ticket:101", "ticket.update",
	    "{}", NULL, &id, &cause) != CACHE_OK) {
		TEST_FAIL("enqueue: %s", cause);
		free(cause);
		goto out;
	}
	sync_request_drain(e.engine);
	if (!wait_status(&e, queued_one, NULL, 3000, &st, NULL))
		TEST_FAIL("outbox count not seen: %lld",
		    (long long)st.outbox.queued);
out:
	env_free(&e);
}

static bool
payments_breaker(const struct sync_status *st, void *arg)
{
	(void)arg;
	return st->backends[SYNC_PAYMENTS].state == SYNC_STATE_BREAKER_OPEN;
}

static void
an_open_breaker_shows_in_the_status_with_its_retry(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	const struct sync_backend_status *p;

	if (!env_new(&e))
		return;
	e.policy.breaker_threshold = 1;
	e.policy.max_attempts = 1;
	apitest_fault("{'match': {'backend': 'payments'}, 'kind': 'status', "
	    "'status': 503, 'count': 0}");
	cfg.interval_ms[SYNC_PAYMENTS] = 100;
	if (!env_start(&e, true, &cfg))
		goto out;
	if (!wait_status(&e, payments_breaker, NULL, 10000, &st, NULL)) {
		TEST_FAIL("payments: %s",
		    sync_state_name(st.backends[SYNC_PAYMENTS].state));
		goto out;
	}
	p = &st.backends[SYNC_PAYMENTS];
	CHECK(p->retry_in_ms > 0);
	CHECK(p->failures >= 1);
	CHECK_CONTAINS(p->last_error, "payments: GET");
	CHECK_CONTAINS(p->last_error, "503");
	/* Rounds every 100 ms, but nothing is sent while it is open. */
	usleep(400000);
	CHECK_INT(apitest_count("payments", NULL, NULL), 1);
out:
	env_free(&e);
}

static void
stop_returns_within_a_second_while_a_request_hangs(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	int64_t t0, took;

	if (!env_new(&e))
		return;
	apitest_fault("{'match': {'backend': 'zendesk', 'path': 'incremental'}, "
	    "'kind': 'delay', 'ms': 30000, 'count': 0}");
	if (!env_start(&e, false, &cfg))
		goto out;
	if (!wait_requests("zendesk", "/incremental/", 1, 5000))
		TEST_FAIL("the export request never arrived");
	usleep(200000);
	t0 = now_ms();
	sync_engine_stop(&e.engine);
	took = now_ms() - t0;
	if (took >= 1000)
		TEST_FAIL("stop took %lld ms", (long long)took);
out:
	apitest_ctl0("DELETE", "/faults", NULL);
	env_free(&e);
}

static void
a_start_on_a_cache_of_other_backends_fails_and_frees_the_clients(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct cache_identity other;
	char *cause = NULL;

	if (!env_new(&e))
		return;
	other = e.id;
	other.zendesk_account = "someone@else.test";
	cfg.cache_path = e.path;
	cfg.identity = &other;
	cfg.zendesk = zendesk_client_new(e.zd_url, APITEST_ZD_ADMIN,
	    APITEST_ZD_ADMIN_TOKEN, &e.policy, &e.hooks, &cause);
	CHECK(sync_engine_start(&cfg, &cause) == NULL);
	CHECK_CONTAINS(cause, "someone@else.test");
	free(cause);
	env_free(&e);
}

/* ---- macros -------------------------------------------------------------- */

static bool
notices_at_least(const struct sync_status *st, void *arg)
{
	return st->notice_seq >= *(const uint64_t *)arg;
}

/* The outbox rows' targets in id order, as "ticket:111 ticket:112". */
static char *
outbox_targets(struct cache *c)
{
	struct outbox_row *rows = NULL;
	char *s = xstrdup(""), *t, *cause = NULL;
	size_t n = 0, i;

	if (cache_outbox_list(c, 0x1f, 0, 100, &rows, &n, &cause) != CACHE_OK)
		TEST_FAIL("outbox: %s", cause);
	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s%s", s, i ? " " : "", rows[i].target);
		free(s);
		s = t;
	}
	cache_outbox_rows_free(&rows, n);
	free(cause);
	return s;
}

static void
a_macro_request_is_resolved_queued_drained_and_told_in_order(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;
	uint64_t want;
	char *targets;

	if (!env_new(&e))
		return;
	cfg.interval_ms[SYNC_ZENDESK] = 3600000;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	CHECK_INT(st.notice_seq, 0);
	CHECK_STR(st.notice, "");
	want = 1;
	sync_request_macro(e.engine, 111, 50002);
	if (!wait_status(&e, notices_at_least, &want, 5000, &st, NULL)) {
		TEST_FAIL("no notice after 5 s");
		goto out;
	}
	CHECK_STR(st.notice, "macro 'Billing outage: maintenance mode reply' "
	    "queued for ticket 111");
	CHECK(!st.notice_error);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/111/macros/50002/"
	    "apply"), 1);
	if (!wait_status(&e, done_one, NULL, 5000, &st, NULL))
		TEST_FAIL("the macro's write was not drained: %lld queued, %lld "
		    "done: %s", (long long)st.outbox.queued,
		    (long long)st.outbox.done, st.drain_error);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/111"), 1);

	/* Three at once: served in the order asked, each told. */
	want = st.notice_seq + 3;
	sync_request_macro(e.engine, 113, 50002);
	sync_request_macro(e.engine, 112, 50002);
	sync_request_macro(e.engine, 114, 50002);
	if (!wait_status(&e, notices_at_least, &want, 5000, &st, NULL))
		TEST_FAIL("not three more notices after 5 s");
	CHECK_STR(st.notice, "macro 'Billing outage: maintenance mode reply' "
	    "queued for ticket 114");
	targets = outbox_targets(e.c);
	CHECK_STR(targets, "ticket:111 ticket:113 ticket:112 ticket:114");
	free(targets);
out:
	env_free(&e);
}

static void
a_macro_that_cannot_be_applied_or_queued_is_told_as_an_error(void)
{
	static const struct {
		int64_t		 ticket, macro;
		const char	*notice;
	} rows[] = {
		{ 111, 59999, "macro 59999 for ticket 111 not applied: " },
		{ 144, 50002, "macro 'Billing outage: maintenance mode reply' for "
		  "ticket 144 not queued: ticket 144 is closed" },
		{ 0, 50002, "macro 50002 for ticket 0 not applied: not a ticket "
		  "and macro id" },
		{ 111, -1, "macro -1 for ticket 111 not applied: not a ticket" },
	};
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;
	uint64_t want;
	size_t i;

	if (!env_new(&e))
		return;
	cfg.interval_ms[SYNC_ZENDESK] = 3600000;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		want = st.notice_seq + 1;
		sync_request_macro(e.engine, rows[i].ticket, rows[i].macro);
		if (!wait_status(&e, notices_at_least, &want, 5000, &st, NULL))
			TEST_FAIL("%s: no notice after 5 s", rows[i].notice);
		CHECK_CONTAINS(st.notice, rows[i].notice);
		CHECK(st.notice_error);
	}
	CHECK_INT(st.outbox.queued + st.outbox.done, 0);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM outbox"), 0);
out:
	env_free(&e);
}

static void
a_macro_request_beyond_the_queue_is_refused_at_once(void)
{
	struct env e;
	struct sync_config cfg = { 0 };
	struct sync_status st;
	enum sync_backend z = SYNC_ZENDESK;
	int64_t until;
	int i;

	if (!env_new(&e))
		return;
	cfg.interval_ms[SYNC_ZENDESK] = 3600000;
	if (!env_start(&e, false, &cfg) ||
	    !wait_status(&e, idle_with_success, &z, 20000, &st, NULL))
		goto out;
	/* The first request hangs at the backend while the queue fills. */
	apitest_fault("{'match': {'backend': 'zendesk', 'path': "
	    "'macros/50001/apply'}, 'kind': 'delay', 'ms': 3000, 'count': 1}");
	sync_request_macro(e.engine, 101, 50001);
	until = now_ms() + 3000;
	while (apitest_count("zendesk", "GET", "/macros/50001/apply") < 1 &&
	    now_ms() < until)
		usleep(10000);
	for (i = 0; i < SYNC_MACRO_QUEUE; i++)
		sync_request_macro(e.engine, 101, 59999);
	sync_engine_status(e.engine, &st);
	CHECK_INT(st.notice_seq, 0);	/* the first is still in flight */
	sync_request_macro(e.engine, 102, 50006);
	sync_engine_status(e.engine, &st);
	CHECK_INT(st.notice_seq, 1);
	CHECK(st.notice_error);
	CHECK_STR(st.notice, "macro 50006 for ticket 102 not applied: 128 "
	    "macros are already waiting; try again once they are done");
out:
	env_free(&e);
}

static const struct test tests[] = {
	T(the_engine_syncs_in_the_background_and_wakes_the_fd),
	T(a_comment_request_is_served_promptly),
	T(a_request_now_runs_a_round_before_its_interval),
	T(a_drain_request_sends_what_the_console_queued),
	T(the_outbox_counts_reach_the_status_without_a_drainer),
	T(an_open_breaker_shows_in_the_status_with_its_retry),
	T(stop_returns_within_a_second_while_a_request_hangs),
	T(a_start_on_a_cache_of_other_backends_fails_and_frees_the_clients),
	T(a_macro_request_is_resolved_queued_drained_and_told_in_order),
	T(a_macro_that_cannot_be_applied_or_queued_is_told_as_an_error),
	T(a_macro_request_beyond_the_queue_is_refused_at_once),
};

TEST_MAIN(tests)
