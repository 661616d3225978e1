/*
 * Unit tests for api/http.c against the test backend over real HTTP:
 * creation checks, auth headers, User-Agent, compression, connection
 * reuse, the body cap, and what each fault (dropped, truncated, malformed,
 * wrongly typed, late) comes to for a read and for a write. Status codes
 * and Retry-After are in test_http_status.c.
 */
#include "test.h"
#include "apitest.h"

#include "api/http.h"
#include "api/model.h"
#include "api/payments.h"
#include "api/statuspage.h"
#include "api/zendesk.h"

static struct http_hooks hooks;
static struct http_policy policy;

/* A fresh fake clock and test policy; the backend reset. */
static void
setup(void)
{
	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
}

static struct http_client *
zd_admin(void)
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

static enum http_result
get(struct http_client *cl, const char *path, const char *query,
    struct http_response *resp, char **cause)
{
	struct http_request req;

	memset(&req, 0, sizeof req);
	req.method = HTTP_GET;
	req.path = path;
	req.query = query;
	req.retry = 1;
	return http_do(cl, &req, resp, cause);
}

/* PUT /api/v2/tickets/101 changing its priority. */
static enum http_result
put_ticket(struct http_client *cl, struct http_response *resp, char **cause)
{
	static const char body[] = "{\"ticket\":{\"priority\":\"high\"}}";
	struct http_request req;

	memset(&req, 0, sizeof req);
	req.method = HTTP_PUT;
	req.path = "/api/v2/tickets/101";
	req.body = body;
	req.body_len = sizeof body - 1;
	req.retry = 1;		/* ignored for writes */
	return http_do(cl, &req, resp, cause);
}

static void
http_client_refuses_plain_http_to_a_host_that_is_not_loopback(void)
{
	static const struct {
		const char	*url;
		int		 ok;
		const char	*why;
	} cases[] = {
		{ "http://example.com", 0, "loopback" },
		{ "http://127.0.0.1.evil.example", 0, "loopback" },
		{ "http://localhost.evil.example:80", 0, "loopback" },
		{ "http://10.0.0.1/zendesk", 0, "loopback" },
		{ "ftp://127.0.0.1", 0, "scheme" },
		{ "https://user:pw@acme.zendesk.com", 0, "credentials" },
		{ "https://acme.zendesk.com/?x=1", 0, "query" },
		{ "https://acme zendesk.com", 0, "space" },
		{ "https://acme.zendesk.com", 1, NULL },
		{ "https://acme.zendesk.com/", 1, NULL },
		{ "http://127.0.0.1:8080/zendesk", 1, NULL },
		{ "http://127.3.2.1", 1, NULL },
		{ "http://localhost:9", 1, NULL },
		{ "http://[::1]:9/x", 1, NULL },
		{ "http://[0:0:0:0:0:0:0:1]:9/x", 1, NULL },
		{ "http://[::0001]:9", 1, NULL },
		{ "http://[::ffff:127.0.0.1]:9", 1, NULL },
		{ "http://[::ffff:10.0.0.1]:9", 0, "loopback" },
		{ "http://[::2]:9", 0, "loopback" },
	};
	struct http_config cfg;
	struct http_client *cl;
	char *cause;
	size_t i;

	(void)apitest_start();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&cfg, 0, sizeof cfg);
		cfg.name = "zendesk";
		cfg.base_url = cases[i].url;
		cfg.auth = HTTP_AUTH_BEARER;
		cfg.secret = "s3cret-token";
		cause = NULL;
		cl = http_client_new(&cfg, &cause);
		if ((cl != NULL) != cases[i].ok)
			TEST_FAIL("%s: %s", cases[i].url, cause ? cause : "made");
		if (cl == NULL) {
			CHECK_CONTAINS(cause, "zendesk: ");
			CHECK_CONTAINS(cause, cases[i].why);
			CHECK(strstr(cause, "s3cret") == NULL);
		}
		http_client_free(&cl);
		free(cause);
	}
}

static void
http_client_refuses_a_token_with_a_newline_without_showing_it(void)
{
	struct http_client *cl;
	char *cause = NULL;

	setup();
	cl = zendesk_client_new("https://acme.zendesk.com", "a@b.test",
	    "tok\r\nX-Evil: 1", &policy, &hooks, &cause);
	CHECK(cl == NULL);
	CHECK_CONTAINS(cause, "token");
	CHECK(cause != NULL && strstr(cause, "tok\r") == NULL &&
	    strstr(cause, "Evil") == NULL);
	free(cause);
	cause = NULL;
	cl = zendesk_client_new("https://acme.zendesk.com", "a:b@c.test",
	    "tok", &policy, &hooks, &cause);
	CHECK(cl == NULL);
	CHECK_CONTAINS(cause, "email");
	free(cause);
}

static void
zendesk_api_token_goes_as_basic_auth_and_is_accepted(void)
{
	struct http_client *cl;
	struct user me;
	char *cause = NULL, *auth, *ua, *accept;

	setup();
	cl = zd_admin();
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_OK, cause);
	CHECK_INT(me.id, 40001);
	CHECK_STR(me.role, "admin");
	auth = apitest_last_header("authorization");
	ua = apitest_last_header("user-agent");
	accept = apitest_last_header("accept");
	CHECK_STR(auth, "Basic ***");
	CHECK_STR(ua, "tdesk/" TDESK_VERSION);
	CHECK_STR(accept, "application/json");
	user_clear(&me);
	free(auth);
	free(ua);
	free(accept);
	free(cause);
	http_client_free(&cl);
}

static void
zendesk_oauth_token_goes_as_bearer_and_is_accepted(void)
{
	struct http_client *cl;
	struct user me;
	char *cause = NULL, *url = apitest_url("/zendesk"), *auth;

	setup();
	cl = zendesk_client_new(url, NULL, APITEST_ZD_AGENT_TOKEN, &policy,
	    &hooks, &cause);
	CHECK(cl != NULL);
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_OK, cause);
	CHECK_INT(me.id, 40002);
	auth = apitest_last_header("authorization");
	CHECK_STR(auth, "Bearer ***");
	user_clear(&me);
	free(auth);
	free(url);
	free(cause);
	http_client_free(&cl);
}

static void
statuspage_key_goes_as_oauth_and_is_accepted(void)
{
	struct http_client *cl;
	struct statuspage_component_list l;
	char *cause = NULL, *url = apitest_url("/statuspage/v1"), *auth;

	setup();
	cl = statuspage_client_new(url, APITEST_SP_PAGE, APITEST_SP_KEY,
	    &policy, &hooks, &cause);
	CHECK(cl != NULL);
	CHECK_RESULT(statuspage_components(cl, 1, 100, &l, &cause), HTTP_OK,
	    cause);
	CHECK(l.ncomponents > 0);
	auth = apitest_last_header("authorization");
	CHECK_STR(auth, "OAuth ***");
	statuspage_component_list_clear(&l);
	free(auth);
	free(url);
	free(cause);
	http_client_free(&cl);
}

static void
payments_token_goes_as_bearer_and_is_accepted(void)
{
	struct http_client *cl;
	struct payments_me me;
	char *cause = NULL, *url = apitest_url("/payments"), *auth;

	setup();
	cl = payments_client_new(url, APITEST_PAY_TECH, &policy, &hooks,
	    &cause);
	CHECK(cl != NULL);
	CHECK_RESULT(payments_me(cl, &me, &cause), HTTP_OK, cause);
	CHECK_INT(me.role, PAYMENTS_ROLE_TECHNICIAN);
	auth = apitest_last_header("authorization");
	CHECK_STR(auth, "Bearer ***");
	payments_me_clear(&me);
	free(auth);
	free(url);
	free(cause);
	http_client_free(&cl);
}

static void
a_wrong_token_is_a_client_error_naming_the_backend_and_not_the_token(void)
{
	struct http_client *cl;
	struct http_health h;
	struct http_last last;
	struct user me;
	char *cause = NULL, *url = apitest_url("/zendesk");

	setup();
	cl = zendesk_client_new(url, APITEST_ZD_ADMIN, "wrong-sekrit-42",
	    &policy, &hooks, &cause);
	CHECK(cl != NULL);
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/users/me: "
	    "HTTP 401");
	CHECK_CONTAINS(cause, "credentials were refused");
	CHECK(cause != NULL && strstr(cause, "sekrit") == NULL);
	http_client_last(cl, &last);
	CHECK_INT(last.status, 401);
	CHECK_INT(last.attempts, 1);
	http_client_health(cl, &h);
	CHECK_INT(h.breaker, BREAKER_CLOSED);
	CHECK(strstr(h.last_error, "sekrit") == NULL);
	CHECK_CONTAINS(h.last_error, "HTTP 401");
	CHECK_INT(apitest_count("zendesk", "GET", "/users/me"), 1);
	free(url);
	free(cause);
	http_client_free(&cl);
}

static void
bodies_come_compressed_and_are_decoded(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL, *ae;
	json_t *root;

	setup();
	cl = zd_admin();
	CHECK_RESULT(get(cl, "/api/v2/tickets", "page%5Bsize%5D=100", &resp,
	    &cause), HTTP_OK, cause);
	CHECK_STR(resp.content_encoding, "gzip");
	CHECK(resp.len > 1024);
	root = json_loadb(resp.body, resp.len, 0, NULL);
	CHECK(json_is_array(json_object_get(root, "tickets")));
	ae = apitest_last_header("accept-encoding");
	CHECK_CONTAINS(ae, "gzip");
	json_decref(root);
	free(ae);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
the_second_request_reuses_the_connection_and_a_write_gets_its_own(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause), HTTP_OK,
	    cause);
	CHECK_INT(resp.new_connections, 1);
	http_response_clear(&resp);
	CHECK_RESULT(get(cl, "/api/v2/groups", NULL, &resp, &cause), HTTP_OK,
	    cause);
	CHECK_INT(resp.new_connections, 0);
	http_response_clear(&resp);
	CHECK_RESULT(put_ticket(cl, &resp, &cause), HTTP_OK, cause);
	CHECK_INT(resp.new_connections, 1);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
an_oversized_body_is_cut_off_at_the_cap(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	http_client_set_max_body(cl, 1 << 20);
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'oversized','bytes':2097152,'count':1}");
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TOO_LARGE, cause);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/users/me: "
	    "response body larger than 1048576 bytes");
	CHECK_INT(resp.attempts, 1);
	http_response_clear(&resp);
	free(cause);
	cause = NULL;
	/* The default cap, 32 MiB, against 64 MiB. */
	http_client_set_max_body(cl, 0);
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'oversized','count':1}");
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TOO_LARGE, cause);
	CHECK_CONTAINS(cause, "larger than 33554432 bytes");
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

/*
 * Bug: a 200 KB response header was reported as "Out of memory". libcurl
 * refuses a header line over CURL_MAX_HTTP_HEADER (100 KB); tdesk says
 * that, does not retry a read that would meet it again, and takes a write
 * that met it for an unknown outcome: it was sent (here it was applied).
 */
static void
regression_a_huge_response_header_is_reported_as_such(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'big_header','bytes':200000,'count':0}");
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TOO_LARGE, cause);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/users/me: "
	    "a response header larger than 100 KB");
	CHECK(cause != NULL && strstr(cause, "memory") == NULL);
	CHECK_INT(resp.attempts, 1);
	CHECK_INT(apitest_count("zendesk", "GET", "/users/me"), 1);
	http_response_clear(&resp);
	free(cause);
	cause = NULL;
	apitest_fault("{'match':{'backend':'zendesk','method':'PUT'},"
	    "'kind':'big_header','count':1}");
	CHECK_RESULT(put_ticket(cl, &resp, &cause), HTTP_UNKNOWN, cause);
	CHECK_CONTAINS(cause, "zendesk: PUT /zendesk/api/v2/tickets/101: "
	    "a response header larger than 100 KB; the request may have been "
	    "applied");
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_truncated_read_is_retried_and_succeeds(void)
{
	struct http_client *cl;
	struct ticket t;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/tickets/101'},"
	    "'kind':'truncate','count':1}");
	CHECK_RESULT(zendesk_ticket_get(cl, 101, &t, &cause), HTTP_OK, cause);
	CHECK_INT(t.id, 101);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/101"), 2);
	CHECK_INT(apitest_clk.nsleeps, 1);
	CHECK_INT(apitest_clk.sleeps[0], 1000);	/* full jitter at its top */
	ticket_clear(&t);
	free(cause);
	http_client_free(&cl);
}

static void
a_truncated_answer_to_a_write_is_an_unknown_outcome(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','method':'PUT'},"
	    "'kind':'truncate','count':1}");
	CHECK_RESULT(put_ticket(cl, &resp, &cause), HTTP_UNKNOWN, cause);
	CHECK_CONTAINS(cause, "may have been applied");
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	CHECK_INT(apitest_clk.nsleeps, 0);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_malformed_body_is_a_decode_error_with_the_decoders_message(void)
{
	struct http_client *cl;
	struct ticket t;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/tickets/101'},"
	    "'kind':'malformed','count':1}");
	CHECK_RESULT(zendesk_ticket_get(cl, 101, &t, &cause), HTTP_DECODE,
	    cause);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/tickets/101: ");
	CHECK_CONTAINS(cause, "JSON");
	CHECK_INT(t.id, 0);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/101"), 1);
	free(cause);
	http_client_free(&cl);
}

static void
wrong_types_are_a_decode_error_naming_the_field(void)
{
	struct http_client *cl;
	struct ticket t;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/tickets/101'},"
	    "'kind':'wrong_types','count':1}");
	CHECK_RESULT(zendesk_ticket_get(cl, 101, &t, &cause), HTTP_DECODE,
	    cause);
	CHECK_CONTAINS(cause, "ticket.");
	CHECK_CONTAINS(cause, "expected");
	free(cause);
	http_client_free(&cl);
}

static void
a_dropped_read_is_retried_and_succeeds(void)
{
	struct http_client *cl;
	struct user me;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	/* The first request opens a connection: no silent libcurl resend. */
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'drop','count':1}");
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_OK, cause);
	CHECK_INT(apitest_count("zendesk", "GET", "/users/me"), 2);
	CHECK_INT(apitest_clk.nsleeps, 1);
	user_clear(&me);
	free(cause);
	http_client_free(&cl);
}

static void
a_dropped_write_is_unknown_and_sent_exactly_once(void)
{
	struct http_client *cl;
	struct http_response resp;
	struct user me;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	/* A kept-alive connection first: libcurl would resend on it. */
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_OK, cause);
	user_clear(&me);
	apitest_fault("{'match':{'backend':'zendesk','method':'PUT'},"
	    "'kind':'drop','count':1}");
	CHECK_RESULT(put_ticket(cl, &resp, &cause), HTTP_UNKNOWN, cause);
	CHECK_CONTAINS(cause, "zendesk: PUT /zendesk/api/v2/tickets/101: ");
	CHECK_CONTAINS(cause, "may have been applied");
	CHECK_INT(resp.attempts, 1);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	CHECK_INT(apitest_clk.nsleeps, 0);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_refused_connection_is_transient_even_for_a_write(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	policy.max_attempts = 2;
	/* Port 1 on loopback: nothing listens there. */
	cl = zendesk_client_new("http://127.0.0.1:1", APITEST_ZD_ADMIN,
	    APITEST_ZD_ADMIN_TOKEN, &policy, &hooks, &cause);
	CHECK(cl != NULL);
	CHECK_RESULT(put_ticket(cl, &resp, &cause), HTTP_TRANSIENT, cause);
	CHECK_CONTAINS(cause, "zendesk: PUT /api/v2/tickets/101: ");
	http_response_clear(&resp);
	free(cause);
	cause = NULL;
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TRANSIENT, cause);
	CHECK_CONTAINS(cause, "gave up after 2 attempts");
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_late_answer_times_out_and_is_retried(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	policy.timeout_ms = 300;
	policy.max_attempts = 2;
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'delay','ms':1500,'count':1}");
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause), HTTP_OK,
	    cause);
	CHECK_INT(resp.attempts, 2);
	http_response_clear(&resp);
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'delay','ms':1500,'count':2}");
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TRANSIENT, cause);
	CHECK_CONTAINS(cause, "timed out");
	CHECK_CONTAINS(cause, "gave up after 2 attempts");
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

/* Milliseconds on the monotonic clock. */
static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The real clock and sleep, fixed dice: for timing a request. */
static void
setup_real_clock(void)
{
	setup();
	memset(&hooks, 0, sizeof hooks);
	apitest_clk.rnd = UINT32_MAX / 8;	/* backoff 1/8 of its top */
	hooks.random = apitest_random;
	hooks.arg = &apitest_clk;
}

/*
 * Bug: a hung server held a read for four 30 s stalls and the backoff
 * between them (126-156 s in sync --once). The request's deadline bounds
 * all of it, on the real clock.
 */
static void
regression_a_hung_server_holds_a_read_no_longer_than_its_deadline(void)
{
	struct http_client *cl;
	struct http_response resp;
	int64_t t0, took;
	char *cause = NULL;

	setup_real_clock();
	/* The old transfer limits: only the deadline is new. */
	policy.deadline_ms = 2000;
	policy.timeout_ms = 300000;
	policy.low_speed_time_s = 30;
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'delay','ms':20000,'count':0}");
	t0 = mono_ms();
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TRANSIENT, cause);
	took = mono_ms() - t0;
	if (took < 1900 || took > 3000)
		TEST_FAIL("the read took %lld ms, want about 2000",
		    (long long)took);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/users/me: ");
	CHECK_CONTAINS(cause, "timed out");
	CHECK_CONTAINS(cause, "gave up at the request's 2 s deadline after 1 "
	    "attempt)");
	CHECK_INT(resp.attempts, 1);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_stalled_transfer_ends_at_the_low_speed_limit_and_is_retried_within_the_deadline(void)
{
	struct http_client *cl;
	struct http_response resp;
	int64_t t0, took;
	char *cause = NULL;

	setup_real_clock();
	policy.deadline_ms = 4500;
	policy.low_speed_time_s = 1;
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'delay','ms':20000,'count':0}");
	t0 = mono_ms();
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TRANSIENT, cause);
	took = mono_ms() - t0;
	if (took > 5500)
		TEST_FAIL("the read took %lld ms, want at most 4500",
		    (long long)took);
	/* Each stall ends after about a second; a retry follows. */
	CHECK(resp.attempts >= 2 && resp.attempts <= 4);
	CHECK_CONTAINS(cause, "too slow");
	CHECK_INT(apitest_count("zendesk", "GET", "/users/me"), resp.attempts);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_hung_write_is_one_attempt_ending_at_the_deadline(void)
{
	struct http_client *cl;
	struct http_response resp;
	int64_t t0, took;
	char *cause = NULL;

	setup_real_clock();
	policy.deadline_ms = 1500;
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','method':'PUT'},"
	    "'kind':'delay','ms':20000,'count':0}");
	t0 = mono_ms();
	CHECK_RESULT(put_ticket(cl, &resp, &cause), HTTP_UNKNOWN, cause);
	took = mono_ms() - t0;
	if (took < 1400 || took > 2500)
		TEST_FAIL("the write took %lld ms, want about 1500",
		    (long long)took);
	CHECK_CONTAINS(cause, "may have been applied");
	CHECK_INT(resp.attempts, 1);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
after_a_timeout_a_client_that_stops_sends_nothing_more(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;
	int stop;

	for (stop = 0; stop <= 1; stop++) {
		setup_real_clock();
		policy.deadline_ms = 1000;
		policy.stop_after_timeout = stop;
		cl = zd_admin();
		apitest_fault("{'match':{'backend':'zendesk','path':"
		    "'/users/me'},'kind':'delay','ms':5000,'count':1}");
		CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
		    HTTP_TRANSIENT, cause);
		CHECK_CONTAINS(cause, "timed out");
		http_response_clear(&resp);
		free(cause);
		cause = NULL;
		/* The backend answers again; a write would go as well. */
		CHECK_RESULT(get(cl, "/api/v2/groups", NULL, &resp, &cause),
		    stop ? HTTP_TRANSIENT : HTTP_OK, cause);
		if (stop) {
			CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/"
			    "groups: not sent: an earlier request timed out");
			CHECK_INT(resp.attempts, 0);
		}
		http_response_clear(&resp);
		free(cause);
		cause = NULL;
		if (stop) {
			CHECK_RESULT(put_ticket(cl, &resp, &cause),
			    HTTP_TRANSIENT, cause);
			http_response_clear(&resp);
			free(cause);
			cause = NULL;
		}
		CHECK_INT(apitest_count("zendesk", NULL, "/groups"), !stop);
		CHECK_INT(apitest_count("zendesk", "PUT", NULL), 0);
		http_client_free(&cl);
	}
}

static void
a_redirect_is_not_followed(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_fault("{'match':{'backend':'zendesk','path':'/users/me'},"
	    "'kind':'status','status':302,'count':1}");
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_ERROR, cause);
	CHECK_CONTAINS(cause, "HTTP 302");
	CHECK_CONTAINS(cause, "does not follow redirects");
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 1);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
a_cancelled_client_stops_before_sending(void)
{
	struct http_client *cl;
	struct http_response resp;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	apitest_clk.cancel = 1;
	CHECK_RESULT(get(cl, "/api/v2/users/me", NULL, &resp, &cause),
	    HTTP_TRANSIENT, cause);
	CHECK_CONTAINS(cause, "cancelled");
	CHECK_INT(apitest_count("zendesk", NULL, NULL), 0);
	http_response_clear(&resp);
	free(cause);
	http_client_free(&cl);
}

static void
health_records_the_last_success_and_the_last_failure(void)
{
	struct http_client *cl;
	struct http_health h;
	struct user me;
	char *cause = NULL;

	setup();
	cl = zd_admin();
	http_client_health(cl, &h);
	CHECK_INT(h.last_success_ms, 0);
	CHECK_STR(h.last_error, "");
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_OK, cause);
	user_clear(&me);
	http_client_health(cl, &h);
	CHECK_INT(h.last_success_ms, apitest_clk.wall);
	apitest_fault("{'match':{'backend':'zendesk'},'kind':'status',"
	    "'status':503,'count':1}");
	CHECK_RESULT(zendesk_me(cl, &me, &cause), HTTP_OK, cause);
	user_clear(&me);
	http_client_health(cl, &h);
	CHECK_CONTAINS(h.last_error, "zendesk: GET /zendesk/api/v2/users/me: "
	    "HTTP 503: ServiceUnavailable: Injected fault: HTTP 503 "
	    "(retrying in 1 s)");
	CHECK(h.last_failure_ms > 0 && h.last_failure_ms <= h.last_success_ms);
	CHECK_INT(h.failures, 0);
	free(cause);
	http_client_free(&cl);
}

static void
query_strings_and_paths_are_percent_encoded(void)
{
	char *q = NULL, *e;

	http_query_add(&q, "page[size]", "100");
	http_query_add(&q, "cursor", "a+b/c=d&e f");
	http_query_add_int(&q, "start_time", -5);
	CHECK_STR(q, "page%5Bsize%5D=100&cursor=a%2Bb%2Fc%3Dd%26e%20f&"
	    "start_time=-5");
	e = http_escape("fp_1001-x.y~z");
	CHECK_STR(e, "fp_1001-x.y~z");
	free(e);
	e = http_escape("\xe6\x97\xa5/");
	CHECK_STR(e, "%E6%97%A5%2F");
	free(e);
	free(q);
}

#define U_FFFD "\xef\xbf\xbd"

/*
 * Bug: http_clean turned ESC into a space and kept the rest of the
 * sequence, so "\e]52;c;SGVsbG8=\a" left "]52;c;SGVsbG8=" in messages and
 * in the outbox's last_error. Sequences go whole now; lone controls
 * become spaces; what is not UTF-8 becomes U+FFFD; the cap holds.
 */
static void
backend_text_is_cleaned_and_cut_for_messages(void)
{
	static const struct {
		const char	*in;
		size_t		 len;	/* 0: strlen(in) */
		size_t		 max;
		const char	*want;
	} cases[] = {
		/* OSC 52 (clipboard), ended by BEL, by ST, in C1 form */
		{ "a\x1b]52;c;SGVsbG8=\ab", 0, 100, "ab" },
		{ "a\x1b]52;c;SGVsbG8=\x1b\\b", 0, 100, "ab" },
		{ "a\xc2\x9d" "52;c;SGVsbG8=\xc2\x9c" "b", 0, 100, "ab" },
		{ "a\x1b]0;PWNED\x07 value", 0, 100, "a value" },
		/* CSI: SGR, private modes, intermediates, the C1 form */
		{ "a\x1b[31mb\x1b[0m", 0, 100, "ab" },
		{ "x\x1b[?1049hy\x1b[1;2 qz", 0, 100, "xyz" },
		{ "x\xc2\x9b" "2Jy", 0, 100, "xy" },
		/* DCS (tmux passthrough of an OSC 52), its C1 form */
		{ "a\x1bPtmux;\x1b\x1b]52;c;eA==\a\x1b\\b", 0, 100, "ab" },
		{ "a\xc2\x90q#1;2\xc2\x9c" "b", 0, 100, "ab" },
		/* SOS, PM, APC, and their C1 forms */
		{ "a\x1bXsos\x1b\\b\x1b^pm\x1b\\c\x1b_apc\x1b\\d", 0, 100,
		  "abcd" },
		{ "a\xc2\x98sos\xc2\x9c" "b\xc2\x9epm\x07" "c\xc2\x9f" "apc\x1b\\d",
		  0, 100, "abcd" },
		/* two-byte sequences, and ESC with intermediates */
		{ "a\x1b" "cb\x1b" "7c\x1b(Bd\x1b#8e", 0, 100, "abcde" },
		/* unterminated: a string swallows the rest, so does CSI */
		{ "ok\x1b]52;c;SGVsbG8= and the rest", 0, 100, "ok" },
		{ "ok\xc2\x90 and the rest", 0, 100, "ok" },
		{ "ok\x1b_apc and more", 0, 100, "ok" },
		/* an ESC that is not ST ends a string and starts its own */
		{ "a\x1b]0;t\x1b[31mb", 0, 100, "ab" },
		{ "ok\x1b[12", 0, 100, "ok" },
		{ "ok\x1b", 0, 100, "ok" },
		/* a sequence broken, cancelled, or with a control inside */
		{ "a\x1b[3\xe6\x97\xa5" "b", 0, 100, "a\xe6\x97\xa5" "b" },
		{ "a\x1b[3\x18" "b\x1b]x\x1a" "c", 0, 100, "abc" },
		{ "a\x1b[3\n1mb", 0, 100, "a b" },
		{ "a\x1b[3\x7fmb", 0, 100, "ab" },
		/* other controls and DEL: a space each, as before */
		{ "a\tb\r\nc\x7f" "d\x07" "e\xc2\x85" "f", 0, 100, "a b  c d e f" },
		{ "a\0b", 3, 100, "a b" },
		/* not UTF-8: a replacement each, a raw 0x9b is no CSI */
		{ "a\xff" "b\xc0\xaf" "c", 0, 100, "a" U_FFFD "b" U_FFFD U_FFFD "c" },
		{ "a\xed\xa0\x80" "d", 0, 100, "a" U_FFFD U_FFFD U_FFFD "d" },
		{ "a\x9b" "2Jb", 0, 100, "a" U_FFFD "2Jb" },
		{ "a\xe6\x97", 0, 100, "a" U_FFFD U_FFFD },
		/* the cap, on a character boundary, "..." added */
		{ "\xe6\x97\xa5\xe6\x9c\xac", 0, 4, "\xe6\x97\xa5..." },
		{ "abcd", 0, 3, "abc..." },
		{ "abc", 0, 3, "abc" },
		{ "abc\x1b[31m", 0, 3, "abc" },
		{ "abc\x1b]52;c;SGVsbG8=", 0, 3, "abc" },
		{ "a\x1b[31mbcd", 0, 3, "abc..." },
		{ "ab\xff", 0, 4, "ab..." },
		{ "ab\r\n", 0, 3, "ab ..." },
		{ "", 0, 0, "" },
		{ "x", 0, 0, "..." },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = http_clean(cases[i].in, cases[i].len != 0 ? cases[i].len :
		    strlen(cases[i].in), cases[i].max);
		if (strcmp(s, cases[i].want) != 0)
			TEST_FAIL("case %zu: got \"%s\", want \"%s\"", i, s,
			    cases[i].want);
		free(s);
	}
}

static void
base64_matches_rfc_4648(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
		{ "agent@acme.test/token:zd-agent-token",
		  "YWdlbnRAYWNtZS50ZXN0L3Rva2VuOnpkLWFnZW50LXRva2Vu" },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = http_base64(cases[i].in, strlen(cases[i].in));
		CHECK_STR(s, cases[i].out);
		free(s);
	}
}

static const struct test tests[] = {
	T(http_client_refuses_plain_http_to_a_host_that_is_not_loopback),
	T(http_client_refuses_a_token_with_a_newline_without_showing_it),
	T(zendesk_api_token_goes_as_basic_auth_and_is_accepted),
	T(zendesk_oauth_token_goes_as_bearer_and_is_accepted),
	T(statuspage_key_goes_as_oauth_and_is_accepted),
	T(payments_token_goes_as_bearer_and_is_accepted),
	T(a_wrong_token_is_a_client_error_naming_the_backend_and_not_the_token),
	T(bodies_come_compressed_and_are_decoded),
	T(the_second_request_reuses_the_connection_and_a_write_gets_its_own),
	T(an_oversized_body_is_cut_off_at_the_cap),
	T(regression_a_huge_response_header_is_reported_as_such),
	T(a_truncated_read_is_retried_and_succeeds),
	T(a_truncated_answer_to_a_write_is_an_unknown_outcome),
	T(a_malformed_body_is_a_decode_error_with_the_decoders_message),
	T(wrong_types_are_a_decode_error_naming_the_field),
	T(a_dropped_read_is_retried_and_succeeds),
	T(a_dropped_write_is_unknown_and_sent_exactly_once),
	T(a_refused_connection_is_transient_even_for_a_write),
	T(a_late_answer_times_out_and_is_retried),
	T(regression_a_hung_server_holds_a_read_no_longer_than_its_deadline),
	T(a_stalled_transfer_ends_at_the_low_speed_limit_and_is_retried_within_the_deadline),
	T(a_hung_write_is_one_attempt_ending_at_the_deadline),
	T(after_a_timeout_a_client_that_stops_sends_nothing_more),
	T(a_redirect_is_not_followed),
	T(a_cancelled_client_stops_before_sending),
	T(health_records_the_last_success_and_the_last_failure),
	T(query_strings_and_paths_are_percent_encoded),
	T(backend_text_is_cleaned_and_cut_for_messages),
	T(base64_matches_rfc_4648),
};

TEST_MAIN(tests)
