/*
 * The drainer's fault matrix: every kind of write (a comment, a bulk
 * update, a new ticket, a payment resolution, a new incident, an incident
 * update, a component change, a postmortem draft and its publication)
 * meets every answer that does not prove it was applied, at the test
 * backend: a captive portal's 200 that applied nothing, a login page or
 * an empty body after the write was applied, JSON cut short under an
 * honest Content-Length, bytes that are not UTF-8, a server slower than
 * the request's timeout, a gateway's 504, a proxy that drops the client
 * while the origin goes on, and a read-back that fails with a 404 or a
 * 500.
 *
 * For each case: no row is ever marked done while the backend lacks its
 * write, and once the fault is over (the user retrying what failed, as the
 * Outbox asks), every write has been applied exactly once.
 */
#include "test.h"
#include "apitest.h"
#include "test_drain.h"

#include <time.h>

#define SLOW_TIMEOUT_MS	500	/* the clients' timeout in the slow case */
#define SLOW_DELAY_MS	1500	/* the server's delay: it applies after that */
#define SLOW_SETTLE_S	3	/* readback_delay_s: well past the delay */
#define RESET_APPLY_MS	1000	/* a dropped client's request applied then */

/* ---- What the backend applied ------------------------------------------ */

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

/*
 * Whether a request log entry was applied by the backend: it was served
 * (not refused by a status fault, not dropped) and succeeded, or its
 * answer was lost after it was applied.
 */
static bool
entry_applied(json_t *e)
{
	const char *fault = json_string_value(json_object_get(e, "fault"));
	json_t *st = json_object_get(e, "status");

	if (fault != NULL && (strcmp(fault, "status") == 0 ||
	    strcmp(fault, "drop") == 0))
		return false;
	if (apitest_str_is(st, "lost"))
		return true;
	return json_is_integer(st) && json_integer_value(st) >= 200 &&
	    json_integer_value(st) < 300;
}

/*
 * Applied requests of backend with method whose path ends with tail; with
 * ticket non-zero, only update_many bodies naming that ticket.
 */
static int
applied_requests(const char *backend, const char *method, const char *tail,
    int64_t ticket)
{
	json_t *list = apitest_requests(), *e, *t;
	const char *path;
	size_t i, k;
	int n = 0;

	json_array_foreach(list, i, e) {
		path = json_string_value(json_object_get(e, "path"));
		if (!apitest_str_is(json_object_get(e, "backend"), backend) ||
		    !apitest_str_is(json_object_get(e, "method"), method) ||
		    path == NULL || !ends_with(path, tail) || !entry_applied(e))
			continue;
		if (ticket == 0) {
			n++;
			continue;
		}
		json_array_foreach(json_object_get(json_object_get(e, "body"),
		    "tickets"), k, t) {
			if (json_is_integer(json_object_get(t, "id")) &&
			    json_integer_value(json_object_get(t, "id")) == ticket)
				n++;
		}
	}
	json_decref(list);
	return n;
}

/* ---- The kinds of write ------------------------------------------------ */

#define MAX_ROWS	2

struct kind {
	const char	*name;
	const char	*backend;
	const char	*method;	/* of the write */
	const char	*path;		/* the fault's regex for the write */
	const char	*readback;	/* the fault's regex for its read-back
					 * GET; NULL: none (payments resend) */
	bool		 gone_fails;	/* a 404 on that GET means the target
					 * is gone: the row fails, unsure */
	/* Queue the write (after any preparation): its rows into rows[]. */
	size_t		(*queue)(struct cache *, struct drain_clients *,
			    int64_t *rows);
	/* How often the backend applied the write of row i. */
	int		(*applied)(size_t i);
};

static const char comment_text[] = "Matrix: we refunded the second charge.";

static size_t
q_comment(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	load_ticket(c, dc, 113);
	rows[0] = comment(c, 113, comment_text);
	return 1;
}

static int
a_comment(size_t i)
{
	(void)i;
	return comments_with(113, comment_text);
}

static const int64_t bulk_ids[MAX_ROWS] = { 122, 123 };
static char *bulk_tags[] = { "matrix_bulk" };

static size_t
q_bulk(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	struct ticket_update u;
	char *cause = NULL;

	load_ticket(c, dc, bulk_ids[0]);
	load_ticket(c, dc, bulk_ids[1]);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_ADD_TAGS;
	u.additional_tags.items = bulk_tags;
	u.additional_tags.n = 1;
	if (cache_action_ticket_bulk(c, bulk_ids, 2, &u, &rows[0], &cause) !=
	    CACHE_OK)
		TEST_FAIL("bulk: %s", cause);
	free(cause);
	rows[1] = rows[0] + 1;
	return 2;
}

/* A bulk row is applied by a job or by a PUT of its ticket alone. */
static int
a_bulk(size_t i)
{
	char tail[32];

	snprintf(tail, sizeof tail, "/tickets/%" PRId64, bulk_ids[i]);
	return applied_requests("zendesk", "PUT", "/update_many", bulk_ids[i]) +
	    applied_requests("zendesk", "PUT", tail, 0);
}

static size_t
q_create(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	struct ticket_update u;
	char marker[ACTION_MARKER_SIZE], *cause = NULL;

	(void)dc;
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_REQUESTER;
	u.comment_body = xstrdup("Matrix: a refund asked by phone.");
	u.requester_id = 41002;
	if (cache_action_ticket_create(c, &u, marker, &rows[0], &cause) !=
	    CACHE_OK)
		TEST_FAIL("create: %s", cause);
	ticket_update_clear(&u);
	free(cause);
	return 1;
}

static int
a_create(size_t i)
{
	(void)i;
	return applied_requests("zendesk", "POST", "/api/v2/tickets", 0);
}

static size_t
q_payment(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	load_payment(c, dc, "fp_1003");
	rows[0] = refund(c, "fp_1003");
	return 1;
}

static int
a_payment(size_t i)
{
	(void)i;
	return refunds_of("fp_1003");
}

static size_t
q_incident_create(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	struct incident_change ch;
	char *cause = NULL;

	(void)dc;
	memset(&ch, 0, sizeof ch);
	ch.name = "Matrix: notifications delayed";
	ch.status = "investigating";
	ch.body = "E-mail notifications are late.";
	ch.deliver_notifications = -1;
	if (cache_action_incident_create(c, &ch, &rows[0], &cause) != CACHE_OK)
		TEST_FAIL("incident create: %s", cause);
	free(cause);
	return 1;
}

static int
a_incident_create(size_t i)
{
	(void)i;
	return applied_requests("statuspage", "POST", "/incidents", 0);
}

static const char update_text[] = "Matrix: the billing partner is back.";

static size_t
q_incident_update(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	load_incident(c, dc, "p8rtnr0ut4ge");
	rows[0] = incident_update(c, "p8rtnr0ut4ge", "monitoring", update_text);
	return 1;
}

static int
a_incident_update(size_t i)
{
	(void)i;
	return incident_updates_with("p8rtnr0ut4ge", update_text);
}

static size_t
q_component(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	struct component_change cc;
	char *cause = NULL;

	(void)dc;
	memset(&cc, 0, sizeof cc);
	cc.status = "under_maintenance";
	if (cache_action_component_update(c, "web1app8q3ls", &cc, &rows[0],
	    &cause) != CACHE_OK)
		TEST_FAIL("component: %s", cause);
	free(cause);
	return 1;
}

static int
a_component(size_t i)
{
	(void)i;
	return applied_requests("statuspage", "PATCH", "/components/web1app8q3ls",
	    0);
}

static size_t
q_draft(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	char *cause = NULL;

	(void)dc;
	if (cache_action_postmortem_draft(c, "ch4tdb0mix3d", "Matrix: chat read "
	    "statuses from a test database.", &rows[0], &cause) != CACHE_OK)
		TEST_FAIL("draft: %s", cause);
	free(cause);
	return 1;
}

static int
a_draft(size_t i)
{
	(void)i;
	return applied_requests("statuspage", "PUT",
	    "/incidents/ch4tdb0mix3d/postmortem", 0);
}

/* The banner incident's postmortem: drafted, not yet published. */
static size_t
q_publish(struct cache *c, struct drain_clients *dc, int64_t *rows)
{
	char *cause = NULL;

	load_incident(c, dc, "b4nner4udnce");
	if (cache_action_postmortem_publish(c, "b4nner4udnce", false, true,
	    NULL, &rows[0], &cause) != CACHE_OK)
		TEST_FAIL("publish: %s", cause);
	free(cause);
	return 1;
}

static int
a_publish(size_t i)
{
	(void)i;
	return applied_requests("statuspage", "PUT",
	    "/incidents/b4nner4udnce/postmortem/publish", 0);
}

static const struct kind kinds[] = {
	{ "comment", "zendesk", "PUT", "/tickets/113$", "/tickets/113$", true,
	    q_comment, a_comment },
	{ "bulk update", "zendesk", "PUT", "update_many", "/tickets/122$", true,
	    q_bulk, a_bulk },
	{ "new ticket", "zendesk", "POST", "/api/v2/tickets$",
	    "/api/v2/tickets$", false, q_create, a_create },
	{ "payment resolution", "payments", "POST", "/resolution$", NULL, true,
	    q_payment, a_payment },
	{ "new incident", "statuspage", "POST", "/incidents$", "/incidents$",
	    false, q_incident_create, a_incident_create },
	{ "incident update", "statuspage", "PATCH", "/incidents/p8rtnr0ut4ge$",
	    "/incidents/p8rtnr0ut4ge$", true, q_incident_update,
	    a_incident_update },
	{ "component", "statuspage", "PATCH", "/components/web1app8q3ls$",
	    "/components/web1app8q3ls$", true, q_component, a_component },
	{ "postmortem draft", "statuspage", "PUT", "/postmortem$",
	    "/incidents/ch4tdb0mix3d$", true, q_draft, a_draft },
	{ "postmortem publication", "statuspage", "PUT", "/postmortem/publish$",
	    "/incidents/b4nner4udnce$", true, q_publish, a_publish },
};

/* ---- The faults -------------------------------------------------------- */

enum fault_id {
	F_PORTAL,		/* 200 text/html, nothing applied */
	F_LOGIN_APPLIED,	/* applied, then a login page */
	F_EMPTY_APPLIED,	/* applied, then an empty 200 */
	F_EMPTY_PORTAL,		/* an empty 200, nothing applied */
	F_CUT_SHORT,		/* applied, JSON cut under an honest length */
	F_NOT_UTF8,		/* applied, a byte that is not UTF-8 */
	F_SLOW,			/* applied after the client's timeout */
	F_GATEWAY,		/* a gateway's 504, nothing applied */
	F_RESET,		/* the client dropped, applied afterwards */
	F_READBACK_404,		/* answer lost, then the read-back is a 404 */
	F_READBACK_500,		/* answer lost, then the read-back errs */
	F_COUNT,
};

static const char *const fault_names[F_COUNT] = {
	[F_PORTAL] = "a captive portal's 200 (nothing applied)",
	[F_LOGIN_APPLIED] = "a login page's 200 after the write was applied",
	[F_EMPTY_APPLIED] = "an empty 200 after the write was applied",
	[F_EMPTY_PORTAL] = "an empty 200 with nothing applied",
	[F_CUT_SHORT] = "JSON cut short under an honest Content-Length",
	[F_NOT_UTF8] = "an answer that is not UTF-8",
	[F_SLOW] = "a server slower than the request's timeout",
	[F_GATEWAY] = "a gateway's 504 (nothing applied)",
	[F_RESET] = "a proxy dropping the client while the origin applies it",
	[F_READBACK_404] = "a lost answer, then a read-back that is a 404",
	[F_READBACK_500] = "a lost answer, then a read-back that fails",
};

static void
fault_on_write(const struct kind *k, const char *rest)
{
	char *rule = xasprintf("{'match': {'backend': '%s', 'method': '%s', "
	    "'path': '%s'}, 'count': 1, %s}", k->backend, k->method, k->path,
	    rest);

	apitest_fault(rule);
	free(rule);
}

/* The read-back fault for k (payments: its resend), count 0: forever. */
static void
fault_on_readback(const struct kind *k, int status)
{
	char *rule;

	if (k->readback == NULL)
		rule = xasprintf("{'match': {'backend': '%s', 'method': '%s', "
		    "'path': '%s'}, 'count': 0, 'kind': 'status', 'status': %d}",
		    k->backend, k->method, k->path, status);
	else
		rule = xasprintf("{'match': {'backend': '%s', 'method': 'GET', "
		    "'path': '%s'}, 'count': 0, 'kind': 'status', 'status': %d}",
		    k->backend, k->readback, status);
	apitest_fault(rule);
	free(rule);
}

static void
install(const struct kind *k, enum fault_id f)
{
	switch (f) {
	case F_PORTAL:
		fault_on_write(k, "'kind': 'status', 'status': 200, 'content_type': "
		    "'text/html', 'body': '<html><body><h1>Welcome to Hotel "
		    "Wi-Fi</h1><a href=/login>Sign in</a></body></html>'");
		break;
	case F_LOGIN_APPLIED:
		fault_on_write(k, "'kind': 'malformed', 'content_type': "
		    "'text/html', 'body': '<!DOCTYPE html><html><title>Sign in "
		    "- SSO</title></html>'");
		break;
	case F_EMPTY_APPLIED:
		fault_on_write(k, "'kind': 'malformed', 'body': ''");
		break;
	case F_EMPTY_PORTAL:
		fault_on_write(k, "'kind': 'status', 'status': 200, 'body': ''");
		break;
	case F_CUT_SHORT:
		fault_on_write(k, "'kind': 'truncate', 'fraction': 0.6, "
		    "'honest_length': true");
		break;
	case F_NOT_UTF8:
		fault_on_write(k, "'kind': 'invalid_utf8'");
		break;
	case F_SLOW: {
		char *rest = xasprintf("'kind': 'delay', 'ms': %d",
		    SLOW_DELAY_MS);

		fault_on_write(k, rest);
		free(rest);
		break;
	}
	case F_GATEWAY:
		fault_on_write(k, "'kind': 'status', 'status': 504, 'body': "
		    "'<html><body>504 Gateway Time-out</body></html>'");
		break;
	case F_RESET: {
		char *rest = xasprintf("'kind': 'reset_then_apply', 'ms': %d",
		    RESET_APPLY_MS);

		fault_on_write(k, rest);
		free(rest);
		break;
	}
	case F_READBACK_404:
	case F_READBACK_500:
		fault_on_write(k, "'kind': 'lost_response'");
		fault_on_readback(k, f == F_READBACK_404 ? 404 : 500);
		break;
	default:
		break;
	}
}

/* ---- One case ----------------------------------------------------------- */

/* Every done row's write is at the backend; false (said) otherwise. */
static bool
none_done_unapplied(struct cache *c, const struct kind *k, const int64_t *rows,
    size_t n, const char *when)
{
	size_t i;
	bool good = true;

	for (i = 0; i < n; i++) {
		if (state_of(c, rows[i]) == OUTBOX_DONE && k->applied(i) < 1) {
			TEST_FAIL("%s: row %" PRId64 " is done, but the backend "
			    "does not have its write", when, rows[i]);
			good = false;
		}
	}
	return good;
}

static void
drain_with(struct cache *c, const struct drain_clients *dc, int64_t settle)
{
	struct drain_options opt;
	struct drain_report rep;
	char *cause = NULL;

	memset(&opt, 0, sizeof opt);
	opt.job_poll_ms = 5;
	opt.readback_delay_s = settle;
	if (cache_drain(c, dc, &opt, &rep, &cause) != CACHE_OK)
		TEST_FAIL("cache_drain: %s", cause);
	free(cause);
	cache_drain_report_clear(&rep);
}

static void
run_case(const struct kind *k, enum fault_id f)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	int64_t rows[MAX_ROWS], settle = DRAIN_READBACK_AT_ONCE;
	char *cause = NULL;
	size_t n, i;
	int round, sent = 0;
	bool waits = f == F_SLOW || f == F_GATEWAY || f == F_RESET;

	if (f == F_SLOW) {
		/* Clients whose requests give up before the server answers. */
		clients_free(&dc);
		policy.timeout_ms = SLOW_TIMEOUT_MS;
		clients_new(&dc);
	}
	if (waits)
		settle = SLOW_SETTLE_S;
	n = k->queue(c, &dc, rows);
	install(k, f);
	drain_with(c, &dc, settle);
	none_done_unapplied(c, k, rows, n, "after the fault");

	if (waits) {
		/* At once, nothing is read back: the request may still land. */
		for (i = 0; i < n; i++) {
			r = row_get(c, rows[i]);
			if (r.state == OUTBOX_DONE) {
				cache_outbox_row_clear(&r);
				continue;
			}
			CHECK(cache_outbox_waiting(&r, (int64_t)time(NULL)));
			cache_outbox_row_clear(&r);
		}
		sent = apitest_count(k->backend, k->method, NULL) +
		    apitest_count(k->backend, "GET", NULL);
		drain_with(c, &dc, settle);
		CHECK_INT(apitest_count(k->backend, k->method, NULL) +
		    apitest_count(k->backend, "GET", NULL), sent);
		none_done_unapplied(c, k, rows, n, "straight after the timeout");
		sleep((unsigned)settle + 1);
	}
	if (f == F_READBACK_404 || f == F_READBACK_500) {
		/*
		 * The read-back cannot tell: never sent as new, never done.
		 * A 404 of the target itself fails the row, still unsure; a
		 * failing read leaves it an orphan.
		 */
		r = row_get(c, rows[0]);
		CHECK(cache_outbox_maybe_applied(&r));
		if (f == F_READBACK_404 && k->gone_fails)
			CHECK_INT(r.state, OUTBOX_FAILED);
		else
			CHECK(r.state == OUTBOX_SENDING && r.orphaned);
		cache_outbox_row_clear(&r);
		drain_with(c, &dc, settle);
		none_done_unapplied(c, k, rows, n, "while the read-back fails");
		apitest_ctl0("DELETE", "/faults", NULL);
		/* The breaker those failures opened lets a probe through. */
		apitest_advance(600000);
	}

	/* Over: drain, retrying what failed as the user would, until done. */
	for (round = 0; round < 6; round++) {
		bool all = true;

		for (i = 0; i < n; i++) {
			r = row_get(c, rows[i]);
			if (r.state == OUTBOX_FAILED) {
				/* Only a row that may have been applied fails
				 * here: a retry must read it back first. */
				CHECK(r.unsure);
				if (cache_outbox_retry(c, r.id, &cause) != CACHE_OK)
					TEST_FAIL("retry: %s", cause);
				free(cause);
				cause = NULL;
			}
			if (r.state != OUTBOX_DONE)
				all = false;
			cache_outbox_row_clear(&r);
		}
		if (all)
			break;
		drain_with(c, &dc, settle);
		none_done_unapplied(c, k, rows, n, "after the fault");
	}
	for (i = 0; i < n; i++) {
		CHECK_STATE(c, rows[i], OUTBOX_DONE);
		CHECK_INT(k->applied(i), 1);
	}
	policy = apitest_policy();
	teardown(&c, &dc);
}

/* ---- Answers that decode, but are not this write's ------------------ */

/* A fault rule answering 200 with body (JSON) to method path of backend. */
static void
fault_answer(const char *backend, const char *method, const char *path,
    json_t *body)
{
	json_t *rule = json_pack("{s{ssssss}sssisiso}", "match", "backend",
	    backend, "method", method, "path", path, "kind", "status", "count",
	    1, "status", 200, "body", body);
	char *text = json_dumps(rule, JSON_COMPACT), *out, *o;
	const char *t;

	/* apitest_ctl reads ' as ": an apostrophe in a string stays one. */
	out = xmalloc(strlen(text) * 6 + 1);
	for (t = text, o = out; *t != '\0'; t++) {
		if (*t == '\'') {
			memcpy(o, "\\u0027", 6);
			o += 6;
		} else
			*o++ = *t;
	}
	*o = '\0';
	apitest_fault(out);
	free(out);
	free(text);
	json_decref(rule);
}

static void
an_answer_naming_another_ticket_is_not_taken_for_the_write(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct http_request req;
	struct http_response resp;
	char *cause = NULL;
	json_t *other;
	int64_t row;

	load_ticket(c, &dc, 113);
	/* Ticket 101, as the API shows it: a misrouted answer. */
	memset(&req, 0, sizeof req);
	req.method = HTTP_GET;
	req.path = "/api/v2/tickets/101";
	if (http_do(dc.zendesk, &req, &resp, &cause) != HTTP_OK ||
	    (other = json_loads(resp.body, 0, NULL)) == NULL) {
		TEST_FAIL("GET ticket 101: %s", cause != NULL ? cause : "?");
		http_response_clear(&resp);
		teardown(&c, &dc);
		return;
	}
	http_response_clear(&resp);
	fault_answer("zendesk", "PUT", "/tickets/113$", other);
	row = comment(c, 113, comment_text);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(comments_with(113, comment_text), 1);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/113"), 2);
	free(cause);
	teardown(&c, &dc);
}

static void
a_postmortem_published_before_is_not_taken_for_a_republication(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	char *cause = NULL;
	int64_t row;

	/* Published 18 h ago; its republication meets a captive portal. */
	load_incident(c, &dc, "ch4tdb0mix3d");
	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'PUT', "
	    "'path': '/postmortem/publish$'}, 'count': 1, 'kind': 'status', "
	    "'status': 200, 'body': '<html>Sign in</html>'}");
	CHECK_INT(cache_action_postmortem_publish(c, "ch4tdb0mix3d", false,
	    false, NULL, &row, &cause), CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(applied_requests("statuspage", "PUT",
	    "/incidents/ch4tdb0mix3d/postmortem/publish", 0), 1);
	free(cause);
	teardown(&c, &dc);
}

static const struct test extra[] = {
	T(an_answer_naming_another_ticket_is_not_taken_for_the_write),
	T(a_postmortem_published_before_is_not_taken_for_a_republication),
};

int
main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	size_t nk = sizeof kinds / sizeof kinds[0], i, failed = 0, t = 0;
	int f;

	(void)argc;
	(void)test_run;		/* one TAP line a case, printed here */
	base = base != NULL ? base + 1 : argv[0];
	printf("1..%zu\n", nk * F_COUNT + sizeof extra / sizeof extra[0]);
	for (i = 0; i < nk; i++) {
		for (f = 0; f < F_COUNT; f++) {
			test_failed = 0;
			run_case(&kinds[i], (enum fault_id)f);
			if (test_failed)
				failed++;
			printf("%s %zu - %s: %s meets %s: applied exactly once, "
			    "never done before it was\n", test_failed ? "not ok" :
			    "ok", ++t, base, kinds[i].name, fault_names[f]);
			fflush(stdout);
		}
	}
	for (i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		test_failed = 0;
		extra[i].fn();
		if (test_failed)
			failed++;
		printf("%s %zu - %s: %s\n", test_failed ? "not ok" : "ok", ++t,
		    base, extra[i].name);
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
