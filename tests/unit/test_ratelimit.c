/*
 * Unit tests for api/ratelimit.c (sliding-window token buckets, keys,
 * pauses), and the budgets of the Zendesk and Statuspage clients against
 * the test backend: counted from the backend's request log and from the
 * fake clock, never from wall time (but one Statuspage check runs on the
 * real clock, for the backend's own limiter to judge).
 */
#include "test.h"
#include "apitest.h"

#include "api/http.h"
#include "api/model.h"
#include "api/ratelimit.h"
#include "api/statuspage.h"
#include "api/zendesk.h"

static void
a_budget_gives_count_tokens_then_waits_for_the_oldest_to_return(void)
{
	struct ratelimit *rl = ratelimit_new();
	int i;

	CHECK(ratelimit_define(rl, "export", 10, 60000) == 0);
	for (i = 0; i < 10; i++) {
		CHECK_INT(ratelimit_wait(rl, "export", NULL, 1000 + i * 100), 0);
		ratelimit_take(rl, "export", NULL, 1000 + i * 100);
	}
	CHECK_INT(ratelimit_wait(rl, "export", NULL, 2000), 59000);
	CHECK_INT(ratelimit_wait(rl, "export", NULL, 61000), 0);
	ratelimit_take(rl, "export", NULL, 61000);
	/* The second token came back 100 ms after the first. */
	CHECK_INT(ratelimit_wait(rl, "export", NULL, 61000), 100);
	ratelimit_free(&rl);
	CHECK(rl == NULL);
}

static void
a_budget_holds_in_every_window_whatever_the_timing(void)
{
	struct ratelimit *rl = ratelimit_new();
	int64_t times[400], now = 0, w;
	uint32_t x = 12345;
	int n = 0, i, j, in;

	CHECK(ratelimit_define(rl, "b", 10, 60000) == 0);
	while (n < 400) {
		x = x * 1103515245u + 12345u;
		now += (x >> 16) % 9000;
		if ((w = ratelimit_wait(rl, "b", NULL, now)) > 0)
			now += w;
		CHECK_INT(ratelimit_wait(rl, "b", NULL, now), 0);
		ratelimit_take(rl, "b", NULL, now);
		times[n++] = now;
	}
	for (i = 0; i < n; i++) {
		for (in = 0, j = i; j < n && times[j] < times[i] + 60000; j++)
			in++;
		if (in > 10)
			TEST_FAIL("%d requests in the 60 s from %lld", in,
			    (long long)times[i]);
	}
	ratelimit_free(&rl);
}

static void
keys_have_buckets_of_their_own(void)
{
	struct ratelimit *rl = ratelimit_new();
	char key[16];
	int i;

	CHECK(ratelimit_define(rl, "update", 2, 600000) == 0);
	ratelimit_take(rl, "update", "101", 0);
	ratelimit_take(rl, "update", "101", 0);
	CHECK_INT(ratelimit_wait(rl, "update", "101", 0), 600000);
	CHECK_INT(ratelimit_wait(rl, "update", "102", 0), 0);
	/* Many tickets later, 101's bucket still holds. */
	for (i = 0; i < 2000; i++) {
		snprintf(key, sizeof key, "t%d", i);
		ratelimit_take(rl, "update", key, 1000 + i);
	}
	CHECK_INT(ratelimit_wait(rl, "update", "101", 5000), 595000);
	CHECK_INT(ratelimit_wait(rl, "update", "101", 600000), 0);
	ratelimit_free(&rl);
}

static void
a_pause_holds_even_an_unlimited_budget(void)
{
	struct ratelimit *rl = ratelimit_new();

	CHECK(ratelimit_define(rl, "all", 0, 0) == 0);
	ratelimit_take(rl, "all", NULL, 0);
	CHECK_INT(ratelimit_wait(rl, "all", NULL, 0), 0);
	ratelimit_pause(rl, "all", NULL, 0, 30000);
	ratelimit_pause(rl, "all", NULL, 0, 10000);	/* no shorter */
	CHECK_INT(ratelimit_wait(rl, "all", NULL, 1000), 29000);
	CHECK_INT(ratelimit_wait(rl, "all", NULL, 30000), 0);
	CHECK_INT(ratelimit_wait(rl, "never-defined", "x", 0), 0);
	CHECK(ratelimit_define(rl, "bad", -1, 1000) != 0);
	CHECK(ratelimit_define(rl, "bad", 5, 0) != 0);
	CHECK(ratelimit_define(rl, "bad", RATELIMIT_MAX_COUNT + 1, 1) != 0);
	ratelimit_free(&rl);
}

/* ---- the clients' budgets, against the backend ----------------------- */

static struct http_hooks hooks;
static struct http_policy policy;

static struct http_client *
zd(void)
{
	struct http_client *cl;
	char *url = apitest_url("/zendesk"), *cause = NULL;

	cl = zendesk_client_new(url, APITEST_ZD_ADMIN, APITEST_ZD_ADMIN_TOKEN,
	    &policy, &hooks, &cause);
	if (cl == NULL)
		TEST_FAIL("zendesk_client_new: %s", cause);
	free(cause);
	free(url);
	return cl;
}

static void
setup(void)
{
	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
}

static enum http_result
export(struct http_client *cl, char **cause)
{
	struct zendesk_export_page p;
	enum http_result r;

	r = zendesk_export_page(cl, 1, NULL, 1, NULL, &p, cause);
	zendesk_export_page_clear(&p);
	return r;
}

static void
twelve_exports_in_a_minute_send_at_most_ten_in_any_minute(void)
{
	struct http_client *cl;
	int64_t sent[12], t0;
	char *cause = NULL;
	int i, j, in;

	setup();
	cl = zd();
	t0 = apitest_clk.mono;
	for (i = 0; i < 12; i++) {
		apitest_advance(2000);	/* 12 calls, one every 2 s */
		CHECK_RESULT(export(cl, &cause), HTTP_OK, cause);
		/* A call waits before it sends, never after. */
		sent[i] = apitest_clk.mono;
	}
	CHECK_INT(apitest_count("zendesk", "GET", "/incremental/"), 12);
	/* Only the 11th waited: 40 s, until the 1st's token came back. */
	CHECK_INT(apitest_clk.nsleeps, 1);
	CHECK_INT(apitest_clk.sleeps[0], 40000);
	for (i = 0; i < 12; i++) {
		for (in = 0, j = i; j < 12 && sent[j] < sent[i] + 60000; j++)
			in++;
		if (in > 10)
			TEST_FAIL("%d exports in the minute from +%lld ms", in,
			    (long long)(sent[i] - t0));
	}
	CHECK_INT(sent[10], sent[0] + 60000);
	free(cause);
	http_client_free(&cl);
}

static void
a_budget_that_may_not_wait_refuses_and_the_backend_sees_no_429(void)
{
	struct http_client *cl;
	struct http_last last;
	char *cause = NULL;
	int i, ok = 0, limited = 0;

	setup();
	policy.max_wait_ms = 0;
	cl = zd();
	apitest_ctl0("POST", "/ratelimits", "{'enabled':true}");
	for (i = 0; i < 12; i++) {
		switch (export(cl, &cause)) {
		case HTTP_OK:
			ok++;
			break;
		case HTTP_RATE_LIMITED:
			limited++;
			CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/"
			    "incremental/tickets/cursor: rate budget "
			    "exhausted, next slot in 60 s");
			break;
		default:
			TEST_FAIL("export: %s", cause);
		}
		free(cause);
		cause = NULL;
	}
	CHECK_INT(ok, 10);
	CHECK_INT(limited, 2);
	http_client_last(cl, &last);
	CHECK_INT(last.result, HTTP_RATE_LIMITED);
	CHECK_INT(last.retry_in_ms, 60000);
	CHECK_INT(apitest_count("zendesk", "GET", "/incremental/"), 10);
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 10);
	apitest_ctl0("POST", "/ratelimits", "{'enabled':false}");
	http_client_free(&cl);
}

static void
a_429_pauses_that_budget_for_its_retry_after(void)
{
	struct http_client *cl;
	char *cause = NULL;

	setup();
	policy.deadline_ms = 60000;	/* room for the 30 s pause */
	cl = zd();
	apitest_fault("{'match':{'backend':'zendesk','path':'/incremental/'},"
	    "'kind':'status','status':429,'retry_after':'30','count':1}");
	/* A read waits out the pause and goes again. */
	CHECK_RESULT(export(cl, &cause), HTTP_OK, cause);
	CHECK_INT(apitest_clk.nsleeps, 1);
	CHECK_INT(apitest_clk.sleeps[0], 30000);
	http_client_free(&cl);
	/* One that may not wait finds the budget paused, and sends nothing. */
	policy.max_wait_ms = 0;
	cl = zd();
	apitest_ctl0("DELETE", "/requests", NULL);
	apitest_fault("{'match':{'backend':'zendesk','path':'/incremental/'},"
	    "'kind':'status','status':429,'retry_after':'30','count':1}");
	CHECK_RESULT(export(cl, &cause), HTTP_TRANSIENT, cause);
	CHECK_CONTAINS(cause, "HTTP 429");
	free(cause);
	cause = NULL;
	apitest_advance(10000);
	CHECK_RESULT(export(cl, &cause), HTTP_RATE_LIMITED, cause);
	CHECK_CONTAINS(cause, "next slot in 20 s");
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 1);
	free(cause);
	cause = NULL;
	apitest_advance(20000);
	CHECK_RESULT(export(cl, &cause), HTTP_OK, cause);
	free(cause);
	http_client_free(&cl);
}

static void
ticket_updates_stay_within_the_per_ticket_limit(void)
{
	struct http_client *cl;
	struct ticket_update u;
	struct zendesk_ticket_update_result res;
	char *cause = NULL;
	int i;

	setup();
	cl = zd();
	apitest_ctl0("POST", "/ratelimits", "{'enabled':true}");
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_PRIORITY;
	for (i = 0; i < ZENDESK_UPDATES_PER_TICKET; i++) {
		u.priority = i % 2 ? "high" : "low";
		CHECK_RESULT(zendesk_ticket_update(cl, 105, &u, &res, &cause),
		    HTTP_OK, cause);
		zendesk_ticket_update_result_clear(&res);
	}
	/* The 31st would wait ten minutes: refused, nothing sent. */
	CHECK_RESULT(zendesk_ticket_update(cl, 105, &u, &res, &cause),
	    HTTP_RATE_LIMITED, cause);
	CHECK_CONTAINS(cause, "next slot in 600 s");
	free(cause);
	cause = NULL;
	/* Another ticket has its own budget. */
	CHECK_RESULT(zendesk_ticket_update(cl, 112, &u, &res, &cause),
	    HTTP_OK, cause);
	zendesk_ticket_update_result_clear(&res);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/105"), 30);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 31);
	apitest_ctl0("POST", "/ratelimits", "{'enabled':false}");
	free(cause);
	http_client_free(&cl);
}

static struct http_client *
sp(const struct http_hooks *h)
{
	struct http_client *cl;
	char *url = apitest_url("/statuspage/v1"), *cause = NULL;

	cl = statuspage_client_new(url, APITEST_SP_PAGE, APITEST_SP_KEY,
	    &policy, h, &cause);
	if (cl == NULL)
		TEST_FAIL("statuspage_client_new: %s", cause);
	free(cause);
	free(url);
	return cl;
}

static void
statuspage_requests_go_one_a_second(void)
{
	struct http_client *cl;
	struct statuspage_component_list l;
	char *cause = NULL;
	int i;

	setup();
	cl = sp(&hooks);
	for (i = 0; i < 4; i++) {
		CHECK_RESULT(statuspage_components(cl, 1, 100, &l, &cause),
		    HTTP_OK, cause);
		statuspage_component_list_clear(&l);
	}
	CHECK_INT(apitest_clk.nsleeps, 3);
	for (i = 0; i < 3; i++)
		CHECK_INT(apitest_clk.sleeps[i], 1000);
	free(cause);
	http_client_free(&cl);
}

static void
statuspage_on_the_real_clock_never_meets_the_backends_420(void)
{
	struct http_client *cl;
	struct statuspage_incident_list l;
	char *cause = NULL;
	int i;

	setup();
	apitest_ctl0("POST", "/ratelimits",
	    "{'enabled':true,'statuspage_status':420}");
	cl = sp(NULL);
	for (i = 0; i < 3; i++) {
		CHECK_RESULT(statuspage_incidents_unresolved(cl, 1, 100, &l,
		    &cause), HTTP_OK, cause);
		statuspage_incident_list_clear(&l);
	}
	CHECK_INT(apitest_count("statuspage", NULL, NULL), 3);
	apitest_ctl0("POST", "/ratelimits", "{'enabled':false}");
	free(cause);
	http_client_free(&cl);
}

static const struct test tests[] = {
	T(a_budget_gives_count_tokens_then_waits_for_the_oldest_to_return),
	T(a_budget_holds_in_every_window_whatever_the_timing),
	T(keys_have_buckets_of_their_own),
	T(a_pause_holds_even_an_unlimited_budget),
	T(twelve_exports_in_a_minute_send_at_most_ten_in_any_minute),
	T(a_budget_that_may_not_wait_refuses_and_the_backend_sees_no_429),
	T(a_429_pauses_that_budget_for_its_retry_after),
	T(ticket_updates_stay_within_the_per_ticket_limit),
	T(statuspage_requests_go_one_a_second),
	T(statuspage_on_the_real_clock_never_meets_the_backends_420),
};

TEST_MAIN(tests)
