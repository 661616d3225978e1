/*
 * Fixtures shared by the drainer's test suites (test_drain.c,
 * test_drain_lost.c): a temp cache file and clients per test against the
 * test backend (apitest.h), records loaded from the backend into the
 * cache, the usual actions, and what the backend's state and request log
 * say. Include test.h and apitest.h first.
 */
#ifndef TDESK_TEST_DRAIN_H
#define TDESK_TEST_DRAIN_H

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <unistd.h>

#include "cache/actions.h"
#include "cache/cache.h"
#include "cache/drain.h"
#include "cache/outbox.h"
#include "api/payments.h"
#include "cache/query.h"
#include "api/statuspage.h"
#include "cache/store.h"
#include "api/zendesk.h"

#define DRAINTEST_FN	__attribute__((unused)) static

static char		*dir;		/* this test's temp directory */
static char		*dbpath;	/* its cache file */
static struct http_hooks hooks;
static struct http_policy policy;

DRAINTEST_FN int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Clients for the three backends (the agent and technician tokens). */
DRAINTEST_FN void
clients_new(struct drain_clients *dc)
{
	char *zu = apitest_url("/zendesk"), *su = apitest_url("/statuspage/v1");
	char *pu = apitest_url("/payments"), *cause = NULL;

	memset(dc, 0, sizeof *dc);
	dc->zendesk = zendesk_client_new(zu, APITEST_ZD_AGENT,
	    APITEST_ZD_AGENT_TOKEN, &policy, &hooks, &cause);
	if (dc->zendesk == NULL)
		TEST_FAIL("zendesk client: %s", cause);
	dc->statuspage = statuspage_client_new(su, APITEST_SP_PAGE,
	    APITEST_SP_KEY, &policy, &hooks, &cause);
	if (dc->statuspage == NULL)
		TEST_FAIL("statuspage client: %s", cause);
	dc->payments = payments_client_new(pu, APITEST_PAY_TECH, &policy, &hooks,
	    &cause);
	if (dc->payments == NULL)
		TEST_FAIL("payments client: %s", cause);
	dc->billing_field = "billing_status";
	free(cause);
	free(zu);
	free(su);
	free(pu);
}

DRAINTEST_FN void
clients_free(struct drain_clients *dc)
{
	http_client_free(&dc->zendesk);
	http_client_free(&dc->statuspage);
	http_client_free(&dc->payments);
}

DRAINTEST_FN struct cache *
cache_at(const char *path)
{
	struct cache *c = NULL;
	char *cause = NULL;

	if (cache_open(path, NULL, &c, &cause) != CACHE_OK) {
		TEST_FAIL("cache_open %s: %s", path, cause);
		free(cause);
	}
	return c;
}

/* A reset backend, a new cache file and clients for one test. */
DRAINTEST_FN struct cache *
setup(struct drain_clients *dc)
{
	const char *base = getenv("TMPDIR");

	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
	if (base == NULL || *base != '/')
		base = "/tmp";
	dir = xasprintf("%s/tdesk-test-drain.XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		exit(2);
	}
	dbpath = xasprintf("%s/t.db", dir);
	clients_new(dc);
	return cache_at(dbpath);
}

DRAINTEST_FN void
teardown(struct cache **c, struct drain_clients *dc)
{
	cache_close(c);
	clients_free(dc);
	if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stdout, "# cannot remove %s\n", dir);
	free(dir);
	free(dbpath);
	dir = dbpath = NULL;
}

DRAINTEST_FN void
load_ticket(struct cache *c, struct drain_clients *dc, int64_t id)
{
	struct ticket t;
	char *cause = NULL;

	if (zendesk_ticket_get(dc->zendesk, id, &t, &cause) != HTTP_OK ||
	    cache_store_ticket(c, &t, NULL, &cause) != CACHE_OK)
		TEST_FAIL("loading ticket %lld: %s", (long long)id, cause);
	ticket_clear(&t);
	free(cause);
}

DRAINTEST_FN void
load_payment(struct cache *c, struct drain_clients *dc, const char *id)
{
	struct payment p;
	char *cause = NULL;

	if (payments_get(dc->payments, id, &p, &cause) != HTTP_OK ||
	    cache_store_payment(c, &p, NULL, &cause) != CACHE_OK)
		TEST_FAIL("loading payment %s: %s", id, cause);
	payment_clear(&p);
	free(cause);
}

DRAINTEST_FN void
load_incident(struct cache *c, struct drain_clients *dc, const char *id)
{
	struct incident in;
	char *cause = NULL;

	if (statuspage_incident_get(dc->statuspage, id, &in, &cause) != HTTP_OK ||
	    cache_store_incident(c, &in, NULL, &cause) != CACHE_OK)
		TEST_FAIL("loading incident %s: %s", id, cause);
	incident_clear(&in);
	free(cause);
}

/*
 * Drain, expecting no cache error; *rep is the caller's to clear. An
 * unknown outcome is read back at once: the wait before it has tests of
 * its own, which pass their own readback_delay_s.
 */
DRAINTEST_FN void
drain(struct cache *c, const struct drain_clients *dc,
    struct drain_report *rep)
{
	struct drain_options opt;
	char *cause = NULL;

	memset(&opt, 0, sizeof opt);
	opt.job_poll_ms = 5;
	opt.readback_delay_s = DRAIN_READBACK_AT_ONCE;
	if (cache_drain(c, dc, &opt, rep, &cause) != CACHE_OK)
		TEST_FAIL("cache_drain: %s", cause);
	free(cause);
}

/* Drain once and throw the report away. */
DRAINTEST_FN void
drain1(struct cache *c, const struct drain_clients *dc)
{
	struct drain_report rep;

	drain(c, dc, &rep);
	cache_drain_report_clear(&rep);
}

DRAINTEST_FN struct outbox_row
row_get(struct cache *c, int64_t id)
{
	struct outbox_row r;
	bool found = false;

	if (cache_outbox_get(c, id, &r, &found, NULL) != CACHE_OK || !found)
		TEST_FAIL("outbox row %lld is missing", (long long)id);
	return r;
}

DRAINTEST_FN enum outbox_state
state_of(struct cache *c, int64_t id)
{
	struct outbox_row r = row_get(c, id);
	enum outbox_state s = r.state;

	cache_outbox_row_clear(&r);
	return s;
}

#define CHECK_STATE(c, id, want) do {					\
	struct outbox_row r_ = row_get((c), (id));			\
	if (r_.state != (want))						\
		TEST_FAIL("row %lld: %s, want %s (%s)", (long long)(id), \
		    cache_outbox_state_name(r_.state),			\
		    cache_outbox_state_name(want), r_.last_error ?	\
		    r_.last_error : "no error");			\
	cache_outbox_row_clear(&r_);					\
} while (0)

/* Comments on ticket tid at the backend whose body is body. */
DRAINTEST_FN int
comments_with(int64_t tid, const char *body)
{
	char path[80];
	json_t *st, *list, *cm;
	size_t i;
	int n = 0;

	snprintf(path, sizeof path, "/state?what=tickets&id=%lld", (long long)tid);
	if ((st = apitest_ctl("GET", path, NULL)) == NULL)
		return -1;
	list = json_object_get(st, "comments");
	json_array_foreach(list, i, cm) {
		if (apitest_str_is(json_object_get(cm, "body"), body))
			n++;
	}
	json_decref(st);
	return n;
}

/* A field of ticket tid at the backend, as a new string ("" for null). */
DRAINTEST_FN char *
ticket_field(int64_t tid, const char *field)
{
	char path[80], *out;
	json_t *st, *v;

	snprintf(path, sizeof path, "/state?what=tickets&id=%lld", (long long)tid);
	if ((st = apitest_ctl("GET", path, NULL)) == NULL)
		return xstrdup("");
	v = json_object_get(json_object_get(st, "ticket"), field);
	out = json_is_string(v) ? xstrdup(json_string_value(v)) :
	    json_is_integer(v) ? xasprintf("%lld",
	    (long long)json_integer_value(v)) : xstrdup("");
	json_decref(st);
	return out;
}

DRAINTEST_FN int
refunds_of(const char *pid)
{
	json_t *st = apitest_ctl("GET", "/state?what=refunds", NULL), *r;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(st, "refunds"), i, r) {
		if (apitest_str_is(json_object_get(r, "payment_id"), pid))
			n++;
	}
	json_decref(st);
	return n;
}

/* The incident at the backend (a new reference), or NULL. */
DRAINTEST_FN json_t *
incident_state(const char *iid)
{
	json_t *st = apitest_ctl("GET", "/state?what=incidents", NULL), *in;
	json_t *out = NULL;
	size_t i;

	json_array_foreach(json_object_get(st, "incidents"), i, in) {
		if (apitest_str_is(json_object_get(in, "id"), iid))
			out = json_incref(in);
	}
	json_decref(st);
	return out;
}

DRAINTEST_FN int
incident_updates_with(const char *iid, const char *body)
{
	json_t *in = incident_state(iid), *u;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(in, "incident_updates"), i, u) {
		if (apitest_str_is(json_object_get(u, "body"), body))
			n++;
	}
	json_decref(in);
	return n;
}

/* Requests that reached the backend with a status (not dropped or lost). */
DRAINTEST_FN int
answered(const char *backend, const char *method, const char *sub)
{
	json_t *list = apitest_requests(), *e, *path;
	size_t i;
	int n = 0;

	json_array_foreach(list, i, e) {
		path = json_object_get(e, "path");
		if (apitest_str_is(json_object_get(e, "backend"), backend) &&
		    apitest_str_is(json_object_get(e, "method"), method) &&
		    json_is_string(path) && strstr(json_string_value(path),
		    sub) != NULL && json_is_integer(json_object_get(e, "status")))
			n++;
	}
	json_decref(list);
	return n;
}

DRAINTEST_FN int64_t
comment(struct cache *c, int64_t tid, const char *body)
{
	char *cause = NULL;
	int64_t row = 0;

	if (cache_action_ticket_comment(c, tid, body, true, &row, &cause) !=
	    CACHE_OK)
		TEST_FAIL("comment on %lld: %s", (long long)tid, cause);
	free(cause);
	return row;
}

DRAINTEST_FN int64_t
refund(struct cache *c, const char *pid)
{
	char *cause = NULL;
	int64_t row = 0;

	if (cache_action_payment_resolve(c, pid, PAYMENT_ACTION_REFUND,
	    "paid twice", NULL, &row, &cause) != CACHE_OK)
		TEST_FAIL("refund %s: %s", pid, cause);
	free(cause);
	return row;
}

DRAINTEST_FN int64_t
incident_update(struct cache *c, const char *iid, const char *status,
    const char *body)
{
	struct incident_change ch;
	char *cause = NULL;
	int64_t row = 0;

	memset(&ch, 0, sizeof ch);
	ch.status = status;
	ch.body = body;
	ch.deliver_notifications = -1;
	if (cache_action_incident_update(c, iid, &ch, &row, &cause) != CACHE_OK)
		TEST_FAIL("incident update %s: %s", iid, cause);
	free(cause);
	return row;
}

/* Whether any report line holds s. */
DRAINTEST_FN bool
said(const struct drain_report *rep, const char *s)
{
	size_t i;

	for (i = 0; i < rep->nmessages; i++) {
		if (strstr(rep->messages[i], s) != NULL)
			return true;
	}
	return false;
}

#endif
