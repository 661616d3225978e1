/*
 * Unit tests for api/breaker.c, the state machine alone, and the breaker
 * in a client against the test backend: it opens after N failures, sends
 * nothing while open (the backend's request log does not grow), lets
 * exactly one probe through when half-open, and closes on its success.
 * Time is the fake clock's.
 */
#include "test.h"
#include "apitest.h"

#include "api/breaker.h"
#include "api/http.h"
#include "api/model.h"
#include "api/zendesk.h"

static void
breaker_opens_after_threshold_consecutive_failures(void)
{
	struct breaker b;
	int64_t wait;

	breaker_init(&b, 3, 1000, 8000);
	CHECK(breaker_allow(&b, 0, NULL));
	breaker_failure(&b, 0);
	breaker_failure(&b, 0);
	breaker_success(&b);		/* the count starts again */
	breaker_failure(&b, 0);
	breaker_failure(&b, 0);
	CHECK_INT(b.state, BREAKER_CLOSED);
	CHECK(breaker_allow(&b, 0, NULL));
	breaker_failure(&b, 10);
	CHECK_INT(b.state, BREAKER_OPEN);
	CHECK(!breaker_allow(&b, 500, &wait));
	CHECK_INT(wait, 510);
	CHECK_INT(breaker_retry_in(&b, 500), 510);
	CHECK_STR(breaker_state_name(b.state), "open");
}

static void
breaker_half_open_lets_exactly_one_probe_through(void)
{
	struct breaker b;
	int64_t wait = -1;

	breaker_init(&b, 1, 1000, 8000);
	breaker_failure(&b, 0);
	CHECK(breaker_allow(&b, 1000, NULL));	/* the probe */
	CHECK_INT(b.state, BREAKER_HALF_OPEN);
	CHECK(!breaker_allow(&b, 1001, &wait));
	CHECK_INT(wait, 0);
	CHECK(!breaker_allow(&b, 5000, NULL));
	breaker_success(&b);
	CHECK_INT(b.state, BREAKER_CLOSED);
	CHECK_INT(b.failures, 0);
	CHECK(breaker_allow(&b, 5001, NULL));
	CHECK(breaker_allow(&b, 5002, NULL));
}

static void
breaker_failed_probe_reopens_for_twice_as_long_up_to_the_cap(void)
{
	struct breaker b;
	int64_t now = 0;
	static const int64_t waits[] = { 2000, 4000, 8000, 8000 };
	size_t i;

	breaker_init(&b, 2, 1000, 8000);
	breaker_failure(&b, now);
	breaker_failure(&b, now);
	CHECK_INT(breaker_retry_in(&b, now), 1000);
	for (i = 0; i < sizeof waits / sizeof waits[0]; i++) {
		now += breaker_retry_in(&b, now);
		CHECK(breaker_allow(&b, now, NULL));
		breaker_failure(&b, now);
		CHECK_INT(b.state, BREAKER_OPEN);
		CHECK_INT(breaker_retry_in(&b, now), waits[i]);
	}
	now += 8000;
	CHECK(breaker_allow(&b, now, NULL));
	breaker_success(&b);
	breaker_failure(&b, now);
	breaker_failure(&b, now);
	CHECK_INT(breaker_retry_in(&b, now), 1000);	/* back to the start */
}

static void
breaker_release_gives_the_probe_back(void)
{
	struct breaker b;

	breaker_init(&b, 1, 1000, 1000);
	breaker_failure(&b, 0);
	CHECK(breaker_allow(&b, 1000, NULL));
	breaker_release(&b);
	CHECK_INT(b.state, BREAKER_HALF_OPEN);
	CHECK(breaker_allow(&b, 1000, NULL));
	CHECK(!breaker_allow(&b, 1000, NULL));
}

/* ---- in a client, against the backend -------------------------------- */

static struct http_hooks hooks;
static struct http_policy policy;

static struct http_client *
client(void)
{
	struct http_client *cl;
	char *url, *cause = NULL;

	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
	policy.breaker_threshold = 3;
	policy.breaker_cooldown_ms = 30000;
	policy.breaker_cooldown_max_ms = 120000;
	url = apitest_url("/zendesk");
	cl = zendesk_client_new(url, APITEST_ZD_ADMIN, APITEST_ZD_ADMIN_TOKEN,
	    &policy, &hooks, &cause);
	if (cl == NULL)
		TEST_FAIL("zendesk_client_new: %s", cause);
	free(cause);
	free(url);
	return cl;
}

/* zendesk_me(), expecting want; the cause is returned (caller frees). */
static char *
me(struct http_client *cl, enum http_result want)
{
	struct user u;
	char *cause = NULL;

	CHECK_RESULT(zendesk_me(cl, &u, &cause), want, cause);
	user_clear(&u);
	return cause;
}

static void
a_client_opens_after_n_failures_and_sends_nothing_while_open(void)
{
	struct http_client *cl = client();
	struct http_health h;
	char *cause;

	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':503,'count':0}");
	/* A 4-attempt read: 3 failures open the breaker, the 4th is not
	 * sent. */
	cause = me(cl, HTTP_TRANSIENT);
	CHECK_CONTAINS(cause, "circuit open, retry in 30 s");
	free(cause);
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 3);
	http_client_health(cl, &h);
	CHECK_INT(h.breaker, BREAKER_OPEN);
	CHECK_INT(h.failures, 3);
	CHECK(h.retry_in_ms > 0 && h.retry_in_ms <= 30000);
	cause = me(cl, HTTP_BREAKER_OPEN);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/users/me: circuit "
	    "open after 3 consecutive failures, retry in ");
	free(cause);
	apitest_advance(20000);
	cause = me(cl, HTTP_BREAKER_OPEN);
	free(cause);
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 3);
	http_client_free(&cl);
}

static void
a_client_probes_once_when_half_open_and_closes_on_success(void)
{
	struct http_client *cl = client();
	struct http_health h;
	char *cause;

	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':500,'count':0}");
	free(me(cl, HTTP_TRANSIENT));
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 3);
	apitest_advance(30000 + 1);
	/* The probe fails: one request, then open again, for 60 s. */
	cause = me(cl, HTTP_TRANSIENT);
	CHECK_CONTAINS(cause, "circuit open, retry in 60 s");
	free(cause);
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 4);
	http_client_health(cl, &h);
	CHECK_INT(h.breaker, BREAKER_OPEN);
	CHECK_INT(h.retry_in_ms, 60000);
	/* The backend recovers; the next probe closes the breaker. */
	apitest_ctl0("DELETE", "/faults", NULL);
	apitest_advance(60000);
	free(me(cl, HTTP_OK));
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 5);
	http_client_health(cl, &h);
	CHECK_INT(h.breaker, BREAKER_CLOSED);
	CHECK_INT(h.failures, 0);
	CHECK_INT(h.retry_in_ms, 0);
	free(me(cl, HTTP_OK));
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 6);
	http_client_free(&cl);
}

static void
client_errors_and_rate_limits_do_not_open_the_breaker(void)
{
	struct http_client *cl = client();
	struct http_health h;
	int i;

	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':404,'count':5}");
	for (i = 0; i < 5; i++)
		free(me(cl, HTTP_CLIENT_ERROR));
	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':429,'retry_after':'1','count':3}");
	free(me(cl, HTTP_OK));
	http_client_health(cl, &h);
	CHECK_INT(h.breaker, BREAKER_CLOSED);
	CHECK_INT(h.failures, 0);
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 9);
	http_client_free(&cl);
}

static void
a_client_error_answering_the_probe_closes_the_breaker(void)
{
	struct http_client *cl = client();
	struct http_health h;

	apitest_fault("{'match':{'backend':'zendesk'},'kind':'drop',"
	    "'count':3}");
	free(me(cl, HTTP_TRANSIENT));
	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':404,'count':1}");
	apitest_advance(30000);
	free(me(cl, HTTP_CLIENT_ERROR));
	http_client_health(cl, &h);
	CHECK_INT(h.breaker, BREAKER_CLOSED);
	http_client_free(&cl);
}

static const struct test tests[] = {
	T(breaker_opens_after_threshold_consecutive_failures),
	T(breaker_half_open_lets_exactly_one_probe_through),
	T(breaker_failed_probe_reopens_for_twice_as_long_up_to_the_cap),
	T(breaker_release_gives_the_probe_back),
	T(a_client_opens_after_n_failures_and_sends_nothing_while_open),
	T(a_client_probes_once_when_half_open_and_closes_on_success),
	T(client_errors_and_rate_limits_do_not_open_the_breaker),
	T(a_client_error_answering_the_probe_closes_the_breaker),
};

TEST_MAIN(tests)
