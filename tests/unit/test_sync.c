/*
 * Unit tests for the sync rounds (cache/sync*.c) against the test
 * backend over real HTTP, on temp-file caches: a first sync of the demo
 * scenario, a re-sync that resumes from the cursor and writes nothing,
 * changes picked up, the agents' fallback, the fault matrix per backend,
 * the breaker, and one ticket's comments on request.
 */
#include "test.h"
#include "apitest.h"

#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "cache/cache.h"
#include "cache/cache_int.h"
#include "api/http.h"
#include "api/payments.h"
#include "cache/query.h"
#include "api/statuspage.h"
#include "cache/sync.h"
#include "api/zendesk.h"

/* ---- a cache and three clients ----------------------------------------- */

struct env {
	char		*dir;
	char		*path;
	char		*zd_url;
	char		*sp_url;
	char		*pay_url;
	const char	*zd_email;
	struct cache	*c;
	struct http_client *zd;
	struct http_client *sp;
	struct http_client *pay;
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

static bool
env_open_cache(struct env *e)
{
	struct cache_identity id = {
		.zendesk_url = e->zd_url,
		.zendesk_account = e->zd_email,
		.statuspage_url = e->sp_url,
		.statuspage_page = APITEST_SP_PAGE,
		.payments_url = e->pay_url,
	};
	char *cause = NULL;

	if (cache_open(e->path, &id, &e->c, &cause) != CACHE_OK) {
		TEST_FAIL("cache_open: %s", cause);
		free(cause);
		return false;
	}
	return true;
}

static void
env_clients(struct env *e, const char *zd_token)
{
	char *cause = NULL;

	e->zd = zendesk_client_new(e->zd_url, e->zd_email, zd_token, &e->policy,
	    &e->hooks, &cause);
	e->sp = statuspage_client_new(e->sp_url, APITEST_SP_PAGE, APITEST_SP_KEY,
	    &e->policy, &e->hooks, &cause);
	e->pay = payments_client_new(e->pay_url, APITEST_PAY_TECH, &e->policy,
	    &e->hooks, &cause);
	if (e->zd == NULL || e->sp == NULL || e->pay == NULL)
		TEST_FAIL("client: %s", cause);
	free(cause);
}

static void
env_free_clients(struct env *e)
{
	http_client_free(&e->zd);
	http_client_free(&e->sp);
	http_client_free(&e->pay);
}

/*
 * A reset backend, a new cache, clients with fake time (sleeps are
 * instant), two attempts per read and a breaker that stays out of the way.
 */
static bool
env_new(struct env *e, bool agent)
{
	const char *base = getenv("TMPDIR");

	memset(e, 0, sizeof *e);
	apitest_reset();
	if (base == NULL || *base != '/')
		base = "/tmp";
	e->dir = xasprintf("%s/tdesk-test-sync.XXXXXX", base);
	if (mkdtemp(e->dir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", e->dir, strerror(errno));
		exit(2);
	}
	e->path = xasprintf("%s/c.db", e->dir);
	e->zd_url = apitest_url("/zendesk");
	e->sp_url = apitest_url("/statuspage/v1");
	e->pay_url = apitest_url("/payments");
	e->zd_email = agent ? APITEST_ZD_AGENT : APITEST_ZD_ADMIN;
	e->hooks = apitest_hooks();
	e->policy = apitest_policy();
	e->policy.max_attempts = 2;
	e->policy.timeout_ms = 500;
	e->policy.low_speed_time_s = 2;
	e->policy.breaker_threshold = 1000;
	env_clients(e, agent ? APITEST_ZD_AGENT_TOKEN : APITEST_ZD_ADMIN_TOKEN);
	return env_open_cache(e);
}

static void
env_free(struct env *e)
{
	env_free_clients(e);
	cache_close(&e->c);
	if (e->dir != NULL &&
	    nftw(e->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "# cannot remove %s\n", e->dir);
	free(e->dir);
	free(e->path);
	free(e->zd_url);
	free(e->sp_url);
	free(e->pay_url);
	memset(e, 0, sizeof *e);
}

static struct sync_options
opts(void)
{
	struct sync_options o;

	memset(&o, 0, sizeof o);
	o.billing_field = "billing_status";
	o.refresh_lists = true;
	return o;
}

typedef int round_fn(struct cache *, struct http_client *,
    const struct sync_options *, struct sync_report *, char **);

/* One round of b; refresh: the reference lists too (as sync --once). */
static int
run_lists(struct env *e, enum sync_backend b, bool refresh,
    struct sync_report *rep)
{
	static round_fn *const fn[SYNC_NBACKENDS] = {
		sync_zendesk_round, sync_statuspage_round, sync_payments_round,
	};
	struct http_client *cl[SYNC_NBACKENDS] = { e->zd, e->sp, e->pay };
	struct sync_options o = opts();
	struct sync_report r;
	char *cause = NULL;
	int rc;

	o.refresh_lists = refresh;
	memset(&r, 0, sizeof r);
	rc = fn[b](e->c, cl[b], &o, &r, &cause);
	if (rc != SYNC_OK && rc != SYNC_ERR_BACKEND)
		TEST_FAIL("%s round: %d: %s", sync_backend_name(b), rc, cause);
	if (rep != NULL)
		*rep = r;
	free(cause);
	return rc;
}

static int
run(struct env *e, enum sync_backend b, struct sync_report *rep)
{
	return run_lists(e, b, true, rep);
}

/* Every backend once; all must succeed. */
static void
sync_all(struct env *e)
{
	int b, rc;

	for (b = 0; b < SYNC_NBACKENDS; b++) {
		if ((rc = run(e, (enum sync_backend)b, NULL)) != SYNC_OK)
			TEST_FAIL("%s round: %d", sync_backend_name(
			    (enum sync_backend)b), rc);
	}
}

/* ---- reading the cache --------------------------------------------------- */

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

static char *
sql_text(struct cache *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(cache_db(c), sql, -1, &st, NULL) != SQLITE_OK) {
		TEST_FAIL("%s: %s", sql, sqlite3_errmsg(cache_db(c)));
		return NULL;
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* Every row of every table a sync fills, in key order. */
static const char *const all_rows[] = {
	"SELECT * FROM tickets ORDER BY id",
	"SELECT * FROM comments ORDER BY id",
	"SELECT * FROM users ORDER BY id",
	"SELECT * FROM groups ORDER BY id",
	"SELECT * FROM organizations ORDER BY id",
	"SELECT * FROM macros ORDER BY id",
	"SELECT * FROM ticket_tags ORDER BY 1, 2, 3",
	"SELECT * FROM payments ORDER BY id",
	"SELECT * FROM payment_history ORDER BY 1, 2",
	"SELECT * FROM payment_tickets ORDER BY 1, 2",
	"SELECT * FROM incidents ORDER BY id",
	"SELECT * FROM incident_updates ORDER BY id",
	"SELECT * FROM incident_components ORDER BY 1, 2",
	"SELECT * FROM components ORDER BY id",
	"SELECT * FROM incident_templates ORDER BY id",
	NULL
};

/* FNV-1a over every column of every row: "the cache is unchanged". */
static uint64_t
checksum(struct cache *c)
{
	const char *const *q;
	const unsigned char *s;
	sqlite3_stmt *st;
	uint64_t h = 14695981039346656037ULL;
	int i, n;

	for (q = all_rows; *q != NULL; q++) {
		st = NULL;
		if (sqlite3_prepare_v2(cache_db(c), *q, -1, &st, NULL) !=
		    SQLITE_OK) {
			TEST_FAIL("%s: %s", *q, sqlite3_errmsg(cache_db(c)));
			continue;
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			n = sqlite3_column_count(st);
			for (i = 0; i < n; i++) {
				s = sqlite3_column_text(st, i);
				for (; s != NULL && *s != '\0'; s++)
					h = (h ^ *s) * 1099511628211ULL;
				h = (h ^ 0x1f) * 1099511628211ULL;
			}
		}
		sqlite3_finalize(st);
	}
	return h;
}

/* The sync_state row of (backend, endpoint); free with cache_sync_state_free. */
static struct cache_sync_state
state(struct cache *c, const char *backend, const char *endpoint)
{
	struct cache_sync_state st;
	char *cause = NULL;

	if (cache_sync_state_get(c, backend, endpoint, &st, &cause) != CACHE_OK)
		TEST_FAIL("sync state: %s", cause);
	free(cause);
	return st;
}

/* PRAGMA data_version of the file, read through a connection of its own. */
static long long
data_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- the backend's side -------------------------------------------------- */

static size_t
ctl_array_size(const char *path, const char *key)
{
	json_t *j = apitest_ctl("GET", path, NULL);
	size_t n = json_array_size(json_object_get(j, key));

	json_decref(j);
	return n;
}

/* The backend's comment count over every ticket. */
static size_t
backend_comments(void)
{
	json_t *all = apitest_ctl("GET", "/state?what=tickets", NULL), *t;
	size_t i, n = 0;
	char *p;

	json_array_foreach(json_object_get(all, "tickets"), i, t) {
		p = xasprintf("/state?what=tickets&id=%lld", (long long)
		    json_integer_value(json_object_get(t, "id")));
		n += ctl_array_size(p, "comments");
		free(p);
	}
	json_decref(all);
	return n;
}

/* Requests to backend whose path holds sub and whose query has key. */
static int
count_query(const char *sub, const char *key)
{
	json_t *list = apitest_requests(), *e, *path;
	size_t i;
	int n = 0;

	json_array_foreach(list, i, e) {
		path = json_object_get(e, "path");
		if (json_is_string(path) &&
		    strstr(json_string_value(path), sub) != NULL &&
		    json_object_get(json_object_get(e, "query"), key) != NULL)
			n++;
	}
	json_decref(list);
	return n;
}

static json_t *
scenario(void)
{
	json_error_t err;
	json_t *j = json_load_file("tests/backend/scenarios/demo.json", 0,
	    &err);

	if (j == NULL)
		TEST_FAIL("demo.json: %s", err.text);
	return j;
}

/* ---- a first sync, a second, a change ------------------------------------ */

static void
a_first_sync_fills_every_table_from_the_demo_scenario(void)
{
	struct env e;
	json_t *demo = scenario(), *zd, *v, *o;
	json_t *incs = apitest_ctl("GET", "/state?what=incidents", NULL);
	json_t *pays = apitest_ctl("GET", "/state?what=payments", NULL);
	struct cache_sync_state st;
	size_t i, staff = 0, macros = 0, updates = 0, history = 0;
	const char *role;

	if (!env_new(&e, false))
		return;
	sync_all(&e);
	zd = json_object_get(demo, "zendesk");
	json_array_foreach(json_object_get(zd, "users"), i, v) {
		role = json_string_value(json_object_get(v, "role"));
		staff += role != NULL && strcmp(role, "end-user") != 0;
	}
	json_array_foreach(json_object_get(zd, "macros"), i, v)
		macros += !json_is_false(json_object_get(v, "active"));
	json_array_foreach(json_object_get(incs, "incidents"), i, v)
		updates += json_array_size(json_object_get(v,
		    "incident_updates"));
	json_array_foreach(json_object_get(pays, "payments"), i, v)
		history += json_array_size(json_object_get(v, "history"));

	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets"),
	    ctl_array_size("/state?what=tickets", "tickets"));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM comments"),
	    backend_comments());
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM groups"),
	    json_array_size(json_object_get(zd, "groups")));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM organizations"),
	    json_array_size(json_object_get(zd, "organizations")));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM macros"), macros);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM users "
	    "WHERE role IN ('agent', 'admin')"), staff);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets AS t "
	    "WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = t.requester_id)"),
	    0);
	/* Billing standing, from the configured organization field. */
	json_array_foreach(json_object_get(zd, "organizations"), i, o) {
		sqlite3_stmt *q = NULL;
		const char *want = json_string_value(json_object_get(
		    json_object_get(o, "organization_fields"),
		    "billing_status"));

		if (sqlite3_prepare_v2(cache_db(e.c), "SELECT billing_standing "
		    "FROM organizations WHERE id = ?1", -1, &q, NULL) !=
		    SQLITE_OK)
			continue;
		sqlite3_bind_int64(q, 1, json_integer_value(json_object_get(o,
		    "id")));
		if (sqlite3_step(q) != SQLITE_ROW)
			TEST_FAIL("organization %lld not cached", (long long)
			    json_integer_value(json_object_get(o, "id")));
		else
			CHECK_STR((const char *)sqlite3_column_text(q, 0), want);
		sqlite3_finalize(q);
	}
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM incidents"),
	    json_array_size(json_object_get(incs, "incidents")));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM incident_updates"), updates);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM components"),
	    ctl_array_size("/state?what=components", "components"));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM incident_templates"),
	    json_array_size(json_object_get(json_object_get(demo, "statuspage"),
	    "templates")));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM payments"),
	    json_array_size(json_object_get(pays, "payments")));
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM payment_history"), history);
	/* The demo links the Polish billing-outage ticket to its incident. */
	{
		struct incident_row *rows = NULL;
		char *why = NULL;
		size_t n = 0;

		CHECK_INT(cache_ticket_incidents(e.c, 111, 10, &rows, &n, &why),
		    CACHE_OK);
		CHECK_INT(n, 1);
		if (n == 1)
			CHECK_STR(rows[0].id, "p8rtnr0ut4ge");
		cache_incident_rows_free(&rows, n);
		free(why);
	}

	st = state(e.c, "zendesk", "me");
	CHECK_STR(st.cursor, "40001");
	cache_sync_state_free(&st);
	st = state(e.c, "payments", "me");
	CHECK_STR(st.cursor, "technician");
	cache_sync_state_free(&st);
	st = state(e.c, "zendesk", "tickets/cursor");
	CHECK(st.cursor != NULL && st.last_success > 0 && st.last_error == NULL);
	cache_sync_state_free(&st);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM sync_state "
	    "WHERE last_error IS NOT NULL"), 0);
	json_decref(demo);
	json_decref(incs);
	json_decref(pays);
	env_free(&e);
}

static void
a_second_sync_resumes_from_the_cursor_and_writes_nothing_when_nothing_changed(void)
{
	struct env e;
	sqlite3 *other = NULL;
	long long dv, tc;
	uint64_t sum;

	if (!env_new(&e, false))
		return;
	sync_all(&e);
	cache_close(&e.c);
	if (!env_open_cache(&e))
		goto out;
	if (sqlite3_open_v2(e.path, &other, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		TEST_FAIL("open: %s", sqlite3_errmsg(other));
		goto out;
	}
	apitest_ctl0("DELETE", "/requests", NULL);
	dv = data_version(other);
	tc = sqlite3_total_changes(cache_db(e.c));
	sum = checksum(e.c);
	sync_all(&e);

	CHECK(count_query("/incremental/tickets/cursor", "cursor") >= 1);
	CHECK_INT(count_query("/incremental/tickets/cursor", "start_time"), 0);
	CHECK_INT(count_query("/flagged-payments", "updated_after"), 1);
	/* Comments are fresh: none fetched again. */
	CHECK_INT(apitest_count("zendesk", "GET", "/comments"), 0);
	CHECK_INT(sqlite3_total_changes(cache_db(e.c)), tc);
	CHECK_INT(data_version(other), dv);
	CHECK(checksum(e.c) == sum);
out:
	sqlite3_close(other);
	env_free(&e);
}

static void
a_change_at_the_server_is_picked_up_by_the_next_round(void)
{
	struct env e;
	char *s;

	if (!env_new(&e, false))
		return;
	sync_all(&e);
	apitest_ctl0("POST", "/zendesk/tickets/101",
	    "{'subject': 'Banner fixed?', 'comment': {'body': 'Checking "
	    "again', 'public': true}}");
	apitest_ctl0("POST", "/payments/fp_1001", "{'received_amount': '15.46'}");
	apitest_ctl0("DELETE", "/requests", NULL);
	sync_all(&e);

	s = sql_text(e.c, "SELECT subject FROM tickets WHERE id = 101");
	CHECK_STR(s, "Banner fixed?");
	free(s);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM comments "
	    "WHERE ticket_id = 101 AND body = 'Checking again'"), 1);
	/* Only the changed ticket's comments were fetched again. */
	CHECK_INT(apitest_count("zendesk", "GET", "/comments"), 1);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/101/comments"), 1);
	CHECK_INT(sql_int(e.c, "SELECT received_minor FROM payments "
	    "WHERE id = 'fp_1001'"), 1546);
	env_free(&e);
}

static void
an_agent_token_falls_back_to_the_ticket_list_and_stays_there(void)
{
	struct env e;
	struct cache_sync_state st;

	if (!env_new(&e, true))
		return;
	CHECK_INT(run(&e, SYNC_ZENDESK, NULL), SYNC_OK);
	CHECK_INT(apitest_count("zendesk", "GET", "/incremental/"), 1);
	CHECK(count_query("/api/v2/tickets", "page[size]") >= 1);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets"),
	    ctl_array_size("/state?what=tickets", "tickets"));
	/* No sideloads there: requesters and organizations looked up. */
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets AS t "
	    "WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = t.requester_id)"),
	    0);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets AS t "
	    "WHERE organization_id IS NOT NULL AND NOT EXISTS "
	    "(SELECT 1 FROM organizations WHERE id = t.organization_id)"), 0);
	CHECK(sql_int(e.c, "SELECT count(*) FROM comments") > 0);
	st = state(e.c, "zendesk", "tickets/mode");
	CHECK_STR(st.cursor, "list");
	cache_sync_state_free(&st);
	st = state(e.c, "zendesk", "me");
	CHECK_STR(st.cursor, "40002");
	cache_sync_state_free(&st);

	apitest_ctl0("POST", "/zendesk/tickets/102", "{'priority': 'urgent'}");
	apitest_ctl0("DELETE", "/requests", NULL);
	CHECK_INT(run(&e, SYNC_ZENDESK, NULL), SYNC_OK);
	CHECK_INT(apitest_count("zendesk", "GET", "/incremental/"), 0);
	CHECK(count_query("/api/v2/tickets", "page[after]") >= 1);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets WHERE id = 102 "
	    "AND priority = 'urgent'"), 1);
	env_free(&e);
}

static void
a_ticket_opened_gets_its_comments_even_when_not_cached(void)
{
	struct env e;
	struct sync_options o = opts();
	struct sync_report rep;
	char *cause = NULL;

	if (!env_new(&e, false))
		return;
	memset(&rep, 0, sizeof rep);
	CHECK_INT(sync_zendesk_comments(e.c, e.zd, 131, &o, &rep, &cause),
	    SYNC_OK);
	free(cause);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets WHERE id = 131"), 1);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM comments "
	    "WHERE ticket_id = 131"),
	    ctl_array_size("/state?what=tickets&id=131", "comments"));
	CHECK(rep.pages >= 1);
	env_free(&e);
}

/* ---- text jansson refused ------------------------------------------------ */

/* U+FFFD in UTF-8, where a \u0000 or a lone surrogate was. */
#define FFFD "\xef\xbf\xbd"

/*
 * Touch every ticket but 101 and 102, so those two are the oldest changes
 * but for the closed tickets (which take no change; the demo has two).
 */
static void
touch_other_tickets(void)
{
	json_t *all = apitest_ctl("GET", "/state?what=tickets", NULL), *t;
	const char *status;
	json_int_t id;
	char path[64];
	size_t i;

	json_array_foreach(json_object_get(all, "tickets"), i, t) {
		id = json_integer_value(json_object_get(t, "id"));
		status = json_string_value(json_object_get(t, "status"));
		if (id == 101 || id == 102 ||
		    (status != NULL && strcmp(status, "closed") == 0))
			continue;
		snprintf(path, sizeof path, "/zendesk/tickets/%lld",
		    (long long)id);
		apitest_ctl0("POST", path, "{}");
	}
	json_decref(all);
}

/* The sync_state row says the endpoint synced, and holds no error. */
static void
check_synced(struct cache *c, const char *backend, const char *endpoint,
    bool cursor)
{
	struct cache_sync_state st = state(c, backend, endpoint);

	if (st.last_success == 0 || st.last_error != NULL ||
	    (cursor && st.cursor == NULL))
		TEST_FAIL("%s %s: last_success %lld, cursor %s, last_error %s",
		    backend, endpoint, (long long)st.last_success,
		    st.cursor != NULL ? st.cursor : "(null)",
		    st.last_error != NULL ? st.last_error : "(null)");
	cache_sync_state_free(&st);
}

static void
a_zendesk_subject_or_name_with_u0000_or_a_lone_surrogate_no_longer_stops_the_sync(void)
{
	/* Regression: one record with \u0000 stopped a backend's sync for good. */
	struct env e;
	struct sync_report rep;
	char *s;

	if (!env_new(&e, false))
		return;
	/*
	 * Five tickets a page, the two bad ones (and their requesters, in the
	 * users sideload) on the first: every other ticket changes after them.
	 */
	apitest_ctl0("POST", "/paging", "{'max': 5}");
	apitest_ctl0("POST", "/zendesk/users", "{'id': 49001, 'name': "
	    "'Zofia\\u0000 Wi\\u015bniewska'}");
	apitest_ctl0("POST", "/zendesk/users", "{'id': 49002, 'name': "
	    "'\\udc00Jo\\u00e3o\\ud800'}");
	apitest_ctl0("POST", "/zendesk/tickets/101", "{'subject': "
	    "'Pix\\u0000 failed', 'requester_id': 49001, 'comment': "
	    "{'body': 'Paguei\\u0000 duas vezes', 'public': true}}");
	apitest_ctl0("POST", "/zendesk/tickets/102", "{'subject': "
	    "'Fatura \\ud800 atrasada \\ud83d\\ude00', 'requester_id': 49002}");
	touch_other_tickets();

	CHECK_INT(run(&e, SYNC_ZENDESK, &rep), SYNC_OK);
	CHECK(rep.pages >= 7);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets"),
	    ctl_array_size("/state?what=tickets", "tickets"));
	s = sql_text(e.c, "SELECT subject FROM tickets WHERE id = 101");
	CHECK_STR(s, "Pix" FFFD " failed");
	free(s);
	s = sql_text(e.c, "SELECT subject FROM tickets WHERE id = 102");
	CHECK_STR(s, "Fatura " FFFD " atrasada \xf0\x9f\x98\x80");
	free(s);
	s = sql_text(e.c, "SELECT name FROM users WHERE id = 49001");
	CHECK_STR(s, "Zofia" FFFD " Wi\xc5\x9bniewska");
	free(s);
	s = sql_text(e.c, "SELECT name FROM users WHERE id = 49002");
	CHECK_STR(s, FFFD "Jo\xc3\xa3o" FFFD);
	free(s);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM comments WHERE ticket_id "
	    "= 101 AND body = 'Paguei' || char(65533) || ' duas vezes'"), 1);
	check_synced(e.c, "zendesk", "tickets/cursor", true);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM sync_state "
	    "WHERE last_error IS NOT NULL"), 0);

	/* The cursor moved past them: the next round brings nothing new. */
	memset(&rep, 0, sizeof rep);
	CHECK_INT(run(&e, SYNC_ZENDESK, &rep), SYNC_OK);
	CHECK_INT(rep.stats.inserted, 0);
	CHECK_INT(count_query("/incremental/tickets/cursor", "start_time"), 1);
	env_free(&e);
}

static void
a_statuspage_incident_or_update_with_u0000_or_a_lone_surrogate_no_longer_stops_the_sync(void)
{
	/* Regression: one record with \u0000 stopped a backend's sync for good. */
	json_t *incs, *v;
	struct env e;
	char body[128], *s;
	const char *st;
	size_t i, unresolved = 0;
	int k;

	if (!env_new(&e, false))
		return;
	/*
	 * Over a hundred unresolved incidents, so /incidents/unresolved takes
	 * two pages (Statuspage's pages are 100, and a short one is the last);
	 * the two bad ones are the newest: the first page.
	 */
	for (k = 0; k < STATUSPAGE_PAGE_MAX; k++) {
		snprintf(body, sizeof body, "{'name': 'Filler %d', 'body': "
		    "'Investigating.'}", k);
		apitest_ctl0("POST", "/statuspage/incidents", body);
	}
	apitest_ctl0("POST", "/statuspage/incidents", "{'name': "
	    "'Billing\\u0000 down', 'body': 'Partner \\ud800 outage'}");
	apitest_ctl0("POST", "/statuspage/incidents", "{'name': "
	    "'\\udc00Atraso no Pix', 'body': 'Investigando\\u0000.'}");

	CHECK_INT(run(&e, SYNC_STATUSPAGE, NULL), SYNC_OK);
	CHECK_INT(count_query("/incidents/unresolved", "page"), 2);
	incs = apitest_ctl("GET", "/state?what=incidents", NULL);
	json_array_foreach(json_object_get(incs, "incidents"), i, v) {
		sqlite3_stmt *q = NULL;

		st = json_string_value(json_object_get(v, "status"));
		if (st == NULL || strcmp(st, "resolved") == 0 ||
		    !json_is_null(json_object_get(v, "scheduled_for")))
			continue;
		unresolved++;
		if (sqlite3_prepare_v2(cache_db(e.c), "SELECT 1 FROM incidents "
		    "WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(q, 1, json_string_value(json_object_get(v,
		    "id")), -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_ROW)
			TEST_FAIL("unresolved incident %s not cached",
			    json_string_value(json_object_get(v, "id")));
		sqlite3_finalize(q);
	}
	CHECK(unresolved > STATUSPAGE_PAGE_MAX);
	json_decref(incs);
	s = sql_text(e.c, "SELECT name FROM incidents WHERE name LIKE "
	    "'Billing%down'");
	CHECK_STR(s, "Billing" FFFD " down");
	free(s);
	s = sql_text(e.c, "SELECT name FROM incidents WHERE name LIKE "
	    "'%Atraso no Pix'");
	CHECK_STR(s, FFFD "Atraso no Pix");
	free(s);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM incident_updates WHERE "
	    "body IN ('Partner ' || char(65533) || ' outage', "
	    "'Investigando' || char(65533) || '.')"), 2);
	check_synced(e.c, "statuspage", "incidents/unresolved", false);
	check_synced(e.c, "statuspage", "incidents", false);
	env_free(&e);
}

static void
a_payment_customer_name_with_u0000_or_a_lone_surrogate_no_longer_stops_the_sync(void)
{
	/* Regression: one record with \u0000 stopped a backend's sync for good. */
	json_t *pays, *v;
	struct env e;
	struct sync_report rep;
	char path[64], *s;
	size_t i;

	if (!env_new(&e, false))
		return;
	/* Five a page, the two bad ones first: every other one changes after. */
	apitest_ctl0("POST", "/paging", "{'max': 5}");
	apitest_ctl0("POST", "/payments", "{'id': 'fp_nul', 'customer': "
	    "{'id': 'cus_1', 'name': 'Zofia\\u0000 Wi\\u015bniewska', "
	    "'email': null, 'zendesk_user_id': null}}");
	apitest_ctl0("POST", "/payments", "{'id': 'fp_lone', 'customer': "
	    "{'id': 'cus_2', 'name': 'Jo\\ud800o \\udc00', "
	    "'email': null, 'zendesk_user_id': null}}");
	pays = apitest_ctl("GET", "/state?what=payments", NULL);
	json_array_foreach(json_object_get(pays, "payments"), i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));

		if (id == NULL || strcmp(id, "fp_nul") == 0 ||
		    strcmp(id, "fp_lone") == 0)
			continue;
		snprintf(path, sizeof path, "/payments/%s", id);
		apitest_ctl0("POST", path, "{}");
	}
	json_decref(pays);

	memset(&rep, 0, sizeof rep);
	CHECK_INT(run(&e, SYNC_PAYMENTS, &rep), SYNC_OK);
	CHECK(count_query("/v1/flagged-payments", "cursor") >= 2);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM payments"),
	    ctl_array_size("/state?what=payments", "payments"));
	s = sql_text(e.c, "SELECT customer_name FROM payments "
	    "WHERE id = 'fp_nul'");
	CHECK_STR(s, "Zofia" FFFD " Wi\xc5\x9bniewska");
	free(s);
	s = sql_text(e.c, "SELECT customer_name FROM payments "
	    "WHERE id = 'fp_lone'");
	CHECK_STR(s, "Jo" FFFD "o " FFFD);
	free(s);
	check_synced(e.c, "payments", "flagged", true);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM sync_state "
	    "WHERE last_error IS NOT NULL"), 0);
	env_free(&e);
}

/* ---- the fault matrix ---------------------------------------------------- */

struct fault_case {
	enum sync_backend backend;
	const char	*rule;		/* the fault rule, ' for " */
	const char	*endpoint;	/* the sync_state row it lands on */
	const char	*in_message;	/* the path the message names */
	bool		 quiet;		/* a reference list: the rounds
					 * refresh them, and nothing changes
					 * at the server meanwhile (the round
					 * goes on past a refused list and
					 * would store it) */
};

#define ZD_EXPORT "'backend': 'zendesk', 'path': 'incremental/tickets/cursor'"
#define SP_UNRES "'backend': 'statuspage', 'path': 'incidents/unresolved'"
#define PAY_FLAG "'backend': 'payments', 'path': '/v1/flagged-payments'"

#define FAULTS(B, M, EP, MSG)						\
	{ B, "{'match': {" M "}, 'kind': 'status', 'status': 401, "	\
	    "'count': 0}", EP, MSG, false },				\
	{ B, "{'match': {" M "}, 'kind': 'status', 'status': 404, "	\
	    "'count': 0}", EP, MSG, false },					\
	{ B, "{'match': {" M "}, 'kind': 'status', 'status': 422, "	\
	    "'count': 0}", EP, MSG, false },					\
	{ B, "{'match': {" M "}, 'kind': 'status', 'status': 429, "	\
	    "'retry_after': '2', 'count': 0}", EP, MSG, false },		\
	{ B, "{'match': {" M "}, 'kind': 'status', 'status': 500, "	\
	    "'count': 0}", EP, MSG, false },					\
	{ B, "{'match': {" M "}, 'kind': 'status', 'status': 503, "	\
	    "'count': 0}", EP, MSG, false },					\
	{ B, "{'match': {" M "}, 'kind': 'delay', 'ms': 1200, "		\
	    "'count': 0}", EP, MSG, false },					\
	{ B, "{'match': {" M "}, 'kind': 'drop', 'count': 0}", EP, MSG, false }, \
	{ B, "{'match': {" M "}, 'kind': 'truncate', 'count': 0}", EP, MSG, false }, \
	{ B, "{'match': {" M "}, 'kind': 'malformed', 'count': 0}", EP, MSG, false }, \
	{ B, "{'match': {" M "}, 'kind': 'wrong_types', 'count': 0}", EP, MSG, false }, \
	{ B, "{'match': {" M "}, 'kind': 'oversized', 'bytes': 2000000, " \
	    "'count': 0}", EP, MSG, false }

static const struct fault_case fault_cases[] = {
	FAULTS(SYNC_ZENDESK, ZD_EXPORT, "tickets/cursor",
	    "/api/v2/incremental/tickets/cursor"),
	/* 403 on the export is the agents' fallback: a 403 elsewhere. */
	{ SYNC_ZENDESK, "{'match': {'backend': 'zendesk', 'path': "
	    "'/api/v2/groups'}, 'kind': 'status', 'status': 403, 'count': 0}",
	    "groups", "/api/v2/groups", true },
	FAULTS(SYNC_STATUSPAGE, SP_UNRES, "incidents/unresolved",
	    "/incidents/unresolved"),
	{ SYNC_STATUSPAGE, "{'match': {" SP_UNRES "}, 'kind': 'status', "
	    "'status': 403, 'count': 0}", "incidents/unresolved",
	    "/incidents/unresolved", false },
	{ SYNC_STATUSPAGE, "{'match': {" SP_UNRES "}, 'kind': 'status', "
	    "'status': 420, 'retry_after': '1', 'count': 0}",
	    "incidents/unresolved", "/incidents/unresolved", false },
	FAULTS(SYNC_PAYMENTS, PAY_FLAG, "flagged", "/v1/flagged-payments"),
	{ SYNC_PAYMENTS, "{'match': {" PAY_FLAG "}, 'kind': 'status', "
	    "'status': 403, 'count': 0}", "flagged", "/v1/flagged-payments", false },
};

/* Something new at each backend, so a faulted page would carry rows. */
static void
server_changes(int k)
{
	char body[128];

	snprintf(body, sizeof body, "{'subject': 'Fault case %d'}", k);
	apitest_ctl0("POST", "/zendesk/tickets/103", body);
	snprintf(body, sizeof body, "{'order_id': 'ZAM-FAULT-%d'}", k);
	apitest_ctl0("POST", "/payments/fp_1002", body);
}

static void
each_fault_leaves_the_cache_as_it_was_and_says_where_it_happened(void)
{
	struct env e;
	struct sync_report rep;
	struct cache_sync_state st;
	const struct fault_case *f;
	struct http_client *cl;
	const char *name;
	uint64_t sum;
	size_t k;
	int rc;

	if (!env_new(&e, false))
		return;
	sync_all(&e);
	for (k = 0; k < sizeof fault_cases / sizeof fault_cases[0]; k++) {
		f = &fault_cases[k];
		name = sync_backend_name(f->backend);
		cl = f->backend == SYNC_ZENDESK ? e.zd :
		    f->backend == SYNC_STATUSPAGE ? e.sp : e.pay;
		if (!f->quiet)
			server_changes((int)k);
		sum = checksum(e.c);
		apitest_fault(f->rule);
		http_client_set_max_body(cl, 1 << 20);
		rc = run_lists(&e, f->backend, f->quiet, &rep);
		http_client_set_max_body(cl, 0);
		apitest_ctl0("DELETE", "/faults", NULL);
		if (rc != SYNC_ERR_BACKEND || rep.result == HTTP_OK)
			TEST_FAIL("case %zu (%s): round gave %d/%s, want a "
			    "failure", k, f->rule, rc,
			    http_result_name(rep.result));
		if (checksum(e.c) != sum)
			TEST_FAIL("case %zu (%s): the cache changed", k, f->rule);
		st = state(e.c, name, f->endpoint);
		if (st.last_error == NULL || strstr(st.last_error, name) !=
		    st.last_error || strstr(st.last_error, f->in_message) ==
		    NULL || st.last_error_at == 0)
			TEST_FAIL("case %zu (%s): last_error \"%s\"", k, f->rule,
			    st.last_error != NULL ? st.last_error : "(null)");
		cache_sync_state_free(&st);

		if ((rc = run_lists(&e, f->backend, f->quiet, &rep)) != SYNC_OK)
			TEST_FAIL("case %zu (%s): the next round gave %d/%s", k,
			    f->rule, rc, http_result_name(rep.result));
		st = state(e.c, name, f->endpoint);
		if (st.last_error != NULL)
			TEST_FAIL("case %zu: error kept: %s", k, st.last_error);
		cache_sync_state_free(&st);
	}
	/* And the changes made meanwhile all arrived. */
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM tickets WHERE id = 103 "
	    "AND subject LIKE 'Fault case %'"), 1);
	env_free(&e);
}

/* ---- the breaker --------------------------------------------------------- */

static void
an_open_breaker_sends_nothing_until_the_cooldown_then_one_probe(void)
{
	struct env e;
	struct sync_report rep;
	int i, n;

	if (!env_new(&e, false))
		return;
	http_client_free(&e.pay);
	e.policy.breaker_threshold = 3;
	e.policy.max_attempts = 1;
	e.policy.breaker_cooldown_ms = 30000;
	e.pay = payments_client_new(e.pay_url, APITEST_PAY_TECH, &e.policy,
	    &e.hooks, NULL);
	apitest_fault("{'match': {'backend': 'payments'}, 'kind': 'status', "
	    "'status': 500, 'count': 0}");
	for (i = 0; i < 3; i++)
		CHECK_INT(run(&e, SYNC_PAYMENTS, NULL), SYNC_ERR_BACKEND);
	CHECK_INT(apitest_count("payments", NULL, NULL), 3);

	for (i = 0; i < 3; i++) {
		CHECK_INT(run(&e, SYNC_PAYMENTS, &rep), SYNC_ERR_BACKEND);
		CHECK_INT(rep.result, HTTP_BREAKER_OPEN);
		CHECK(rep.retry_in_ms > 0);
	}
	CHECK_INT(apitest_count("payments", NULL, NULL), 3);

	/* The cooldown passes: one probe, which fails, and it opens again. */
	apitest_advance(30001);
	CHECK_INT(run(&e, SYNC_PAYMENTS, NULL), SYNC_ERR_BACKEND);
	CHECK_INT(apitest_count("payments", NULL, NULL), 4);
	CHECK_INT(run(&e, SYNC_PAYMENTS, &rep), SYNC_ERR_BACKEND);
	CHECK_INT(rep.result, HTTP_BREAKER_OPEN);
	CHECK_INT(apitest_count("payments", NULL, NULL), 4);

	/* The backend recovers; after the (doubled) cooldown the probe
	 * succeeds and the round goes on. */
	apitest_ctl0("DELETE", "/faults", NULL);
	apitest_advance(60001);
	CHECK_INT(run(&e, SYNC_PAYMENTS, NULL), SYNC_OK);
	n = apitest_count("payments", NULL, NULL);
	CHECK(n >= 6);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM payments"),
	    ctl_array_size("/state?what=payments", "payments"));
	env_free(&e);
}

/* ---- progress and cancellation ------------------------------------------- */

struct seen {
	int		 calls;
	size_t		 pages;
	int		 cancel_after;	/* pages; 0: never */
};

static void
on_progress(void *arg, const struct sync_progress *p)
{
	struct seen *s = arg;

	s->calls++;
	s->pages = p->pages;
	CHECK(p->endpoint != NULL && *p->endpoint != '\0');
}

static int
on_cancelled(void *arg)
{
	struct seen *s = arg;

	return s->cancel_after > 0 && s->calls >= s->cancel_after;
}

static void
progress_is_reported_per_page_and_a_cancel_stops_the_round(void)
{
	struct env e;
	struct sync_options o = opts();
	struct sync_report rep;
	struct seen s = { 0 };
	char *cause = NULL;

	if (!env_new(&e, false))
		return;
	o.progress = on_progress;
	o.cancelled = on_cancelled;
	o.arg = &s;
	memset(&rep, 0, sizeof rep);
	CHECK_INT(sync_zendesk_round(e.c, e.zd, &o, &rep, &cause), SYNC_OK);
	CHECK(s.calls > 3);
	CHECK_INT(s.pages, rep.pages);
	CHECK(rep.records > 0 && rep.stats.inserted > 0);

	cache_close(&e.c);
	unlink(e.path);
	if (!env_open_cache(&e))
		goto out;
	memset(&s, 0, sizeof s);
	s.cancel_after = 1;
	memset(&rep, 0, sizeof rep);
	CHECK_INT(sync_zendesk_round(e.c, e.zd, &o, &rep, &cause),
	    SYNC_ERR_CANCELLED);
	CHECK_INT(s.calls, 1);
	CHECK_INT(sql_int(e.c, "SELECT count(*) FROM sync_state "
	    "WHERE last_error IS NOT NULL"), 0);
out:
	free(cause);
	env_free(&e);
}

static const struct test tests[] = {
	T(a_first_sync_fills_every_table_from_the_demo_scenario),
	T(a_second_sync_resumes_from_the_cursor_and_writes_nothing_when_nothing_changed),
	T(a_change_at_the_server_is_picked_up_by_the_next_round),
	T(an_agent_token_falls_back_to_the_ticket_list_and_stays_there),
	T(a_ticket_opened_gets_its_comments_even_when_not_cached),
	T(a_zendesk_subject_or_name_with_u0000_or_a_lone_surrogate_no_longer_stops_the_sync),
	T(a_statuspage_incident_or_update_with_u0000_or_a_lone_surrogate_no_longer_stops_the_sync),
	T(a_payment_customer_name_with_u0000_or_a_lone_surrogate_no_longer_stops_the_sync),
	T(each_fault_leaves_the_cache_as_it_was_and_says_where_it_happened),
	T(an_open_breaker_sends_nothing_until_the_cooldown_then_one_probe),
	T(progress_is_reported_per_page_and_a_cancel_stops_the_round),
};

TEST_MAIN(tests)
