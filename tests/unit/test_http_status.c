/*
 * Unit tests for api/http.c's reading of status codes, for each backend,
 * for a read and for a write, and for its retries: Retry-After in seconds
 * and as an HTTP date, clamped, full-jitter backoff, and no wait past the
 * bound. Sleeps go to the fake clock, so the assertions are on the sleeps
 * asked for, not on wall time.
 */
#include "test.h"
#include "apitest.h"

#include <time.h>

#include "api/http.h"
#include "api/payments.h"
#include "api/statuspage.h"
#include "api/zendesk.h"

static struct http_hooks hooks;
static struct http_policy policy;

enum backend { ZD, SP, PAY, NBACKENDS };

static const char *const backend_names[NBACKENDS] = {
	"zendesk", "statuspage", "payments"
};

static struct http_client *
client(enum backend b)
{
	struct http_client *cl = NULL;
	char *url, *cause = NULL;

	switch (b) {
	case ZD:
		url = apitest_url("/zendesk");
		cl = zendesk_client_new(url, APITEST_ZD_ADMIN,
		    APITEST_ZD_ADMIN_TOKEN, &policy, &hooks, &cause);
		break;
	case SP:
		url = apitest_url("/statuspage/v1");
		cl = statuspage_client_new(url, APITEST_SP_PAGE, APITEST_SP_KEY,
		    &policy, &hooks, &cause);
		break;
	default:
		url = apitest_url("/payments");
		cl = payments_client_new(url, APITEST_PAY_TECH, &policy,
		    &hooks, &cause);
		break;
	}
	if (cl == NULL)
		TEST_FAIL("client: %s", cause);
	free(cause);
	free(url);
	return cl;
}

/* A read (GET) or a write of each backend, as http_do() requests. */
static struct http_request
request(enum backend b, int write)
{
	struct http_request r;

	memset(&r, 0, sizeof r);
	r.retry = 1;
	switch (b) {
	case ZD:
		r.method = write ? HTTP_PUT : HTTP_GET;
		r.path = write ? "/api/v2/tickets/101" : "/api/v2/users/me";
		r.body = write ? "{\"ticket\":{\"priority\":\"high\"}}" : NULL;
		break;
	case SP:
		r.method = write ? HTTP_PATCH : HTTP_GET;
		r.path = write ? "/incidents/p8rtnr0ut4ge" : "/incidents";
		r.body = write ? "{\"incident\":{\"body\":\"Still on it.\"}}" :
		    NULL;
		break;
	default:
		r.method = write ? HTTP_POST : HTTP_GET;
		r.path = write ? "/v1/flagged-payments/fp_1001/resolution" :
		    "/v1/me";
		r.body = write ? "{\"action\":\"accept\",\"note\":\"ok\","
		    "\"expected_version\":1}" : NULL;
		r.idempotency_key = write ? "tdesk-test-key-1" : NULL;
		break;
	}
	r.body_len = r.body != NULL ? strlen(r.body) : 0;
	return r;
}

static void
setup(void)
{
	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
	policy.max_attempts = 2;
}

/* Fault: every request to backend b answers status (+ extra JSON). */
static void
fault_status(enum backend b, int status, const char *extra, int count)
{
	char *rule;

	rule = xasprintf("{'match':{'backend':'%s'},'kind':'status',"
	    "'status':%d,'count':%d%s}", backend_names[b], status, count,
	    extra != NULL ? extra : "");
	apitest_fault(rule);
	free(rule);
}

static void
each_status_is_classified_for_each_backend_read_and_write(void)
{
	static const struct {
		int		 status;
		const char	*extra;
		enum http_result read, write;
		int		 sp_differs;	/* Statuspage: 420 is a
						 * rate limit */
	} cases[] = {
		{ 401, NULL, HTTP_CLIENT_ERROR, HTTP_CLIENT_ERROR, 0 },
		{ 403, NULL, HTTP_CLIENT_ERROR, HTTP_CLIENT_ERROR, 0 },
		{ 404, NULL, HTTP_CLIENT_ERROR, HTTP_CLIENT_ERROR, 0 },
		{ 409, NULL, HTTP_CLIENT_ERROR, HTTP_CLIENT_ERROR, 0 },
		{ 422, NULL, HTTP_CLIENT_ERROR, HTTP_CLIENT_ERROR, 0 },
		{ 429, ",'retry_after':'2'", HTTP_TRANSIENT, HTTP_TRANSIENT, 0 },
		{ 429, ",'retry_after_date_in':3", HTTP_TRANSIENT,
		  HTTP_TRANSIENT, 0 },
		{ 420, NULL, HTTP_CLIENT_ERROR, HTTP_CLIENT_ERROR, 1 },
		{ 500, NULL, HTTP_TRANSIENT, HTTP_UNKNOWN, 0 },
		{ 503, NULL, HTTP_TRANSIENT, HTTP_TRANSIENT, 0 },
	};
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	enum http_result want, got;
	char *cause, want_text[64];
	size_t i;
	int b, w, sent;
	time_t t0, t1;

	for (b = 0; b < NBACKENDS; b++) {
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			for (w = 0; w <= 1; w++) {
				setup();
				cl = client((enum backend)b);
				fault_status((enum backend)b, cases[i].status,
				    cases[i].extra, 0);
				req = request((enum backend)b, w);
				want = w ? cases[i].write : cases[i].read;
				if (b == SP && cases[i].sp_differs)
					want = HTTP_TRANSIENT;
				cause = NULL;
				t0 = time(NULL);
				got = http_do(cl, &req, &resp, &cause);
				t1 = time(NULL);
				if (got != want)
					TEST_FAIL("%s %s HTTP %d: got %s, want "
					    "%s (%s)", backend_names[b],
					    w ? "write" : "read",
					    cases[i].status,
					    http_result_name(got),
					    http_result_name(want), cause);
				snprintf(want_text, sizeof want_text,
				    "%s: ", backend_names[b]);
				CHECK_CONTAINS(cause, want_text);
				snprintf(want_text, sizeof want_text,
				    "HTTP %d", cases[i].status);
				CHECK_CONTAINS(cause, want_text);
				CHECK_INT(resp.status, cases[i].status);
				/* Reads retried when transient, writes once. */
				sent = want == HTTP_TRANSIENT && !w ? 2 : 1;
				CHECK_INT(resp.attempts, sent);
				CHECK_INT(apitest_count(backend_names[b], NULL,
				    NULL), sent);
				/* A date is read against the fake clock, which
				 * started at the real time when the client was
				 * made: the seconds the backend took to answer
				 * (a loaded machine) are added to it. */
				if (cases[i].status == 429)
					CHECK(resp.retry_after_s >= 1 &&
					    resp.retry_after_s <= 3 + (t1 - t0) + 1);
				http_response_clear(&resp);
				free(cause);
				http_client_free(&cl);
			}
		}
	}
}

static void
a_409_to_a_write_is_a_conflict_through_http_send(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	struct http_last last;
	char *cause = NULL;

	setup();
	cl = client(ZD);
	fault_status(ZD, 409, NULL, 0);
	req = request(ZD, 1);
	CHECK_RESULT(http_send(cl, &req, &resp, &cause), HTTP_CONFLICT, cause);
	http_client_last(cl, &last);
	CHECK_INT(last.result, HTTP_CONFLICT);
	CHECK_STR(last.error_code, "DatabaseConflict");
	http_response_clear(&resp);
	free(cause);
	cause = NULL;
	req = request(ZD, 0);
	CHECK_RESULT(http_send(cl, &req, &resp, &cause), HTTP_CLIENT_ERROR,
	    cause);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_plain_text_error_body_is_quoted_cleanly(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	char *cause = NULL;

	setup();
	cl = client(ZD);
	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':404,'body':'No such page\\u001b[2J\\nsecond line'}");
	req = request(ZD, 0);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_CLIENT_ERROR,
	    cause);
	CHECK_CONTAINS(cause, "HTTP 404: No such page");
	CHECK(cause != NULL && strstr(cause, "second") == NULL &&
	    strchr(cause, '\x1b') == NULL && strstr(cause, "[2J") == NULL);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

/*
 * Bug: an escape sequence in a backend's error text lost only its ESC, so
 * the rest ("]52;c;SGVsbG8=") showed in the message and in the outbox's
 * last_error.
 */
static void
an_escape_sequence_in_an_error_body_goes_whole(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	struct http_last last;
	struct http_health h;
	char *cause = NULL;

	setup();
	cl = client(ZD);
	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':422,'body':{'error':'Record\\u001b[8mInvalid',"
	    "'description':'Bad \\u001b]52;c;SGVsbG8=\\u0007value \\u009b31m"
	    "red'}}");
	req = request(ZD, 1);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_CLIENT_ERROR,
	    cause);
	CHECK_CONTAINS(cause, "HTTP 422: RecordInvalid: Bad value red");
	CHECK(cause != NULL && strstr(cause, "52;") == NULL &&
	    strstr(cause, "SGVsbG8") == NULL && strstr(cause, "31m") == NULL);
	CHECK_STR(resp.error_code, "RecordInvalid");
	http_client_last(cl, &last);
	CHECK_STR(last.error_code, "RecordInvalid");
	http_client_health(cl, &h);
	CHECK(strstr(h.last_error, "SGVsbG8") == NULL);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
retry_after_in_seconds_is_what_the_retry_waits(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	char *cause = NULL;

	setup();
	cl = client(ZD);
	fault_status(ZD, 503, ",'retry_after':'7'", 1);
	req = request(ZD, 0);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_OK, cause);
	CHECK_INT(resp.attempts, 2);
	CHECK_INT(apitest_clk.nsleeps, 1);
	CHECK_INT(apitest_clk.sleeps[0], 7000);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
retry_after_as_an_http_date_is_what_the_retry_waits(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	char *cause = NULL;

	setup();
	cl = client(PAY);
	fault_status(PAY, 429, ",'retry_after_date_in':20", 1);
	req = request(PAY, 0);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_OK, cause);
	CHECK_INT(resp.attempts, 2);
	CHECK_INT(apitest_clk.nsleeps, 1);
	/* The date has whole seconds, the clock milliseconds. */
	CHECK(apitest_clk.sleeps[0] >= 18000 && apitest_clk.sleeps[0] <= 21000);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
retry_after_is_clamped_to_the_policys_range(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	char *cause = NULL;

	setup();
	policy.max_wait_ms = 3600 * 1000;
	policy.deadline_ms = 3600 * 1000;
	cl = client(ZD);
	fault_status(ZD, 503, ",'retry_after':'0'", 1);
	fault_status(ZD, 503, ",'retry_after':'100000'", 1);
	req = request(ZD, 0);
	policy.max_attempts = 3;
	http_client_free(&cl);
	cl = client(ZD);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_OK, cause);
	CHECK_INT(apitest_clk.nsleeps, 2);
	CHECK_INT(apitest_clk.sleeps[0], 1000);
	CHECK_INT(apitest_clk.sleeps[1], 300000);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
backoff_doubles_with_full_jitter_up_to_the_cap(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	char *cause = NULL;

	setup();
	policy.max_attempts = 5;
	policy.backoff_cap_ms = 5000;
	cl = client(ZD);
	fault_status(ZD, 502, NULL, 4);
	req = request(ZD, 0);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_OK, cause);
	CHECK_INT(apitest_clk.nsleeps, 4);
	CHECK_INT(apitest_clk.sleeps[0], 1000);
	CHECK_INT(apitest_clk.sleeps[1], 2000);
	CHECK_INT(apitest_clk.sleeps[2], 4000);
	CHECK_INT(apitest_clk.sleeps[3], 5000);
	http_response_clear(&resp);
	/* Other dice, other waits: a quarter of each ceiling, rounded down. */
	apitest_clk.nsleeps = 0;
	apitest_clk.rnd = UINT32_MAX / 4;
	fault_status(ZD, 502, NULL, 2);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_OK, cause);
	CHECK_INT(apitest_clk.nsleeps, 2);
	CHECK_INT(apitest_clk.sleeps[0], 249);
	CHECK_INT(apitest_clk.sleeps[1], 499);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_retry_after_past_the_wait_bound_returns_with_when_to_come_back(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	struct http_last last;
	char *cause = NULL;

	setup();
	cl = client(ZD);
	fault_status(ZD, 503, ",'retry_after':'120'", 1);
	req = request(ZD, 0);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_TRANSIENT, cause);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/users/me: "
	    "HTTP 503: ServiceUnavailable: Injected fault: HTTP 503 "
	    "(retry in 120 s)");
	CHECK_INT(resp.attempts, 1);
	CHECK_INT(apitest_clk.nsleeps, 0);
	http_client_last(cl, &last);
	CHECK_INT(last.retry_in_ms, 120000);
	CHECK_INT(last.status, 503);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
no_backoff_or_retry_after_wait_passes_the_deadline(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	struct http_last last;
	char *cause = NULL;

	setup();
	policy.max_attempts = 4;
	policy.deadline_ms = 5000;
	cl = client(ZD);
	/* Backoff 1 s, 2 s, then 4 s would leave no second to try in. */
	fault_status(ZD, 502, NULL, 0);
	req = request(ZD, 0);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_TRANSIENT, cause);
	CHECK_INT(resp.attempts, 3);
	CHECK_INT(apitest_clk.nsleeps, 2);
	CHECK_INT(apitest_clk.sleeps[0], 1000);
	CHECK_INT(apitest_clk.sleeps[1], 2000);
	CHECK_CONTAINS(cause, "HTTP 502: BadGateway");
	CHECK_CONTAINS(cause, "(gave up at the request's 5 s deadline after 3 "
	    "attempts)");
	http_response_clear(&resp);
	free(cause);
	cause = NULL;
	/* A Retry-After past it is not waited: the caller learns when. */
	apitest_ctl0("DELETE", "/faults", NULL);
	apitest_clk.nsleeps = 0;
	fault_status(ZD, 503, ",'retry_after':'7'", 1);
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_TRANSIENT, cause);
	CHECK_INT(resp.attempts, 1);
	CHECK_INT(apitest_clk.nsleeps, 0);
	CHECK_CONTAINS(cause, "(retry in 7 s)");
	http_client_last(cl, &last);
	CHECK_INT(last.retry_in_ms, 7000);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
the_retry_log_line_names_backend_endpoint_status_and_wait(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct http_request req;
	struct http_health h;
	char *cause = NULL;

	setup();
	cl = client(ZD);
	fault_status(ZD, 503, ",'retry_after':'4'", 1);
	req = request(ZD, 0);
	req.path = "/api/v2/incremental/tickets/cursor";
	req.query = "start_time=1";
	CHECK_RESULT(http_do(cl, &req, &resp, &cause), HTTP_OK, cause);
	http_client_health(cl, &h);
	CHECK_STR(h.last_error, "zendesk: GET /zendesk/api/v2/incremental/"
	    "tickets/cursor: HTTP 503: ServiceUnavailable: Injected fault: "
	    "HTTP 503 (retrying in 4 s)");
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static const struct test tests[] = {
	T(each_status_is_classified_for_each_backend_read_and_write),
	T(a_409_to_a_write_is_a_conflict_through_http_send),
	T(a_plain_text_error_body_is_quoted_cleanly),
	T(an_escape_sequence_in_an_error_body_goes_whole),
	T(retry_after_in_seconds_is_what_the_retry_waits),
	T(retry_after_as_an_http_date_is_what_the_retry_waits),
	T(retry_after_is_clamped_to_the_policys_range),
	T(backoff_doubles_with_full_jitter_up_to_the_cap),
	T(a_retry_after_past_the_wait_bound_returns_with_when_to_come_back),
	T(no_backoff_or_retry_after_wait_passes_the_deadline),
	T(the_retry_log_line_names_backend_endpoint_status_and_wait),
};

TEST_MAIN(tests)
