/*
 * Unit tests for api/payments.c against the test backend's demo payments
 * (15.45 and 15.00 PLN paid for 15.46 PLN orders, the 0.01 USD/EUR fee
 * rounding, yen, dinars and bitcoin): each call once, the first-line
 * role's 403, a version conflict with the fresh payment, idempotent
 * replay and mismatch, and a refund whose answer is lost: sent again with
 * the same key, it is refunded exactly once.
 */
#include "test.h"
#include "apitest.h"

#include "api/http.h"
#include "api/model.h"
#include "api/payments.h"

static struct http_hooks hooks;
static struct http_policy policy;

static struct http_client *
client_as(const char *token)
{
	struct http_client *cl;
	char *url = apitest_url("/payments"), *cause = NULL;

	hooks = apitest_hooks();
	policy = apitest_policy();
	cl = payments_client_new(url, token, &policy, &hooks, &cause);
	if (cl == NULL)
		TEST_FAIL("payments_client_new: %s", cause);
	free(cause);
	free(url);
	return cl;
}

static struct http_client *
technician(void)
{
	apitest_reset();
	return client_as(APITEST_PAY_TECH);
}

static void
me_says_each_tokens_role(void)
{
	static const struct {
		const char	*token;
		enum payments_role role;
		const char	*name;
	} cases[] = {
		{ APITEST_PAY_TECH, PAYMENTS_ROLE_TECHNICIAN, "Krzysztof Nowak" },
		{ APITEST_PAY_FIRST, PAYMENTS_ROLE_FIRST_LINE, "Sam Rivera" },
		{ APITEST_PAY_ADMIN, PAYMENTS_ROLE_ADMIN, "Alex Morgan" },
	};
	struct http_client *cl;
	struct payments_me me;
	char *cause = NULL;
	size_t i;

	apitest_reset();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cl = client_as(cases[i].token);
		CHECK_RESULT(payments_me(cl, &me, &cause), HTTP_OK, cause);
		CHECK_INT(me.role, cases[i].role);
		CHECK_STR(me.name, cases[i].name);
		payments_me_clear(&me);
		http_client_free(&cl);
	}
	free(cause);
}

static void
flagged_payments_are_walked_page_by_page(void)
{
	struct http_client *cl = technician();
	struct payments_page p;
	char *cause = NULL, *cursor = NULL;
	size_t total = 0;
	int pages = 0;

	do {
		CHECK_RESULT(payments_flagged_page(cl, NULL, cursor, 5, &p,
		    &cause), HTTP_OK, cause);
		free(cursor);
		cursor = p.next_cursor != NULL ? xstrdup(p.next_cursor) : NULL;
		total += p.npayments;
		pages++;
		payments_page_clear(&p);
	} while (cursor != NULL && pages < 10);
	CHECK_INT(total, 12);
	CHECK_INT(pages, 3);
	CHECK_RESULT(payments_flagged_page(cl, "2999-01-01T00:00:00Z", NULL, 0,
	    &p, &cause), HTTP_OK, cause);
	CHECK_INT(p.npayments, 0);
	CHECK(p.next_cursor == NULL);
	payments_page_clear(&p);
	CHECK_RESULT(payments_flagged_page(cl, "yesterday", NULL, 0, &p,
	    &cause), HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "HTTP 400: invalid_parameter: updated_after");
	free(cause);
	http_client_free(&cl);
}

static void
a_payment_is_read_with_exact_amounts(void)
{
	struct http_client *cl = technician();
	struct payment p;
	char *cause = NULL;

	CHECK_RESULT(payments_get(cl, "fp_1001", &p, &cause), HTTP_OK, cause);
	CHECK_STR(p.currency, "PLN");
	CHECK_INT(p.expected_minor, 1546);
	CHECK_INT(p.received_minor, 1545);
	CHECK_INT(p.status, PAYMENT_STATUS_FLAGGED);
	CHECK(p.reasons & PAYMENT_REASON_UNDERPAID);
	payment_clear(&p);
	CHECK_RESULT(payments_get(cl, "fp_1010", &p, &cause), HTTP_OK, cause);
	CHECK_STR(p.currency, "BTC");
	CHECK_INT(p.expected_minor, 150000);
	payment_clear(&p);
	CHECK_RESULT(payments_get(cl, "fp_nope", &p, &cause),
	    HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "payments: GET /payments/v1/flagged-payments/"
	    "fp_nope: HTTP 404: not_found");
	free(cause);
	http_client_free(&cl);
}

static struct payment_resolution
accept_at(int64_t version, const char *note)
{
	struct payment_resolution r;

	memset(&r, 0, sizeof r);
	r.action = PAYMENT_ACTION_ACCEPT;
	r.note = note;
	r.expected_version = version;
	return r;
}

static void
a_resolution_applies_and_a_stale_version_is_a_conflict(void)
{
	struct http_client *cl = technician();
	struct payment_resolution r = accept_at(1, "0.01 PLN: within "
	    "tolerance");
	struct payment p;
	struct http_last last;
	char *cause = NULL, *key;

	CHECK_RESULT(payments_resolve(cl, "fp_1001", &r, "PLN", "k-accept-1",
	    &p, &cause), HTTP_OK, cause);
	CHECK_INT(p.status, PAYMENT_STATUS_ACCEPTED);
	CHECK_INT(p.version, 2);
	key = apitest_last_header("idempotency-key");
	CHECK_STR(key, "k-accept-1");
	free(key);
	payment_clear(&p);
	/* Someone changed fp_1002 since we read version 1. */
	apitest_ctl0("POST", "/payments/fp_1002", "{'ticket_ids':[132]}");
	r = accept_at(1, "accept");
	CHECK_RESULT(payments_resolve(cl, "fp_1002", &r, "PLN", "k-accept-2",
	    &p, &cause), HTTP_CONFLICT, cause);
	CHECK_CONTAINS(cause, "HTTP 409: version_conflict");
	CHECK_STR(p.id, "fp_1002");
	CHECK_INT(p.version, 2);
	CHECK_INT(p.status, PAYMENT_STATUS_FLAGGED);
	http_client_last(cl, &last);
	CHECK_INT(last.result, HTTP_CONFLICT);
	CHECK_STR(last.error_code, "version_conflict");
	payment_clear(&p);
	free(cause);
	http_client_free(&cl);
}

static void
first_line_may_not_resolve(void)
{
	struct http_client *cl;
	struct payment_resolution r = accept_at(1, "ok");
	struct payment p;
	struct http_last last;
	char *cause = NULL;

	apitest_reset();
	cl = client_as(APITEST_PAY_FIRST);
	CHECK_RESULT(payments_resolve(cl, "fp_1003", &r, "USD", "k-first", &p,
	    &cause), HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "payments: POST /payments/v1/flagged-payments/"
	    "fp_1003/resolution: HTTP 403: forbidden: Role first_line may not "
	    "resolve");
	http_client_last(cl, &last);
	CHECK_INT(last.status, 403);
	CHECK_STR(last.error_code, "forbidden");
	CHECK_INT(p.version, 0);
	free(cause);
	http_client_free(&cl);
}

static void
the_same_key_replays_and_another_body_with_it_is_refused(void)
{
	struct http_client *cl = technician();
	struct payment_resolution r = accept_at(1, "fee rounding");
	struct payment p, again;
	struct http_last last;
	char *cause = NULL;

	CHECK_RESULT(payments_resolve(cl, "fp_1003", &r, "USD", "k-replay", &p,
	    &cause), HTTP_OK, cause);
	CHECK_RESULT(payments_resolve(cl, "fp_1003", &r, "USD", "k-replay",
	    &again, &cause), HTTP_OK, cause);
	CHECK_INT(again.version, p.version);
	CHECK_STR(again.updated_at.text, p.updated_at.text);
	payment_clear(&again);
	CHECK_RESULT(payments_get(cl, "fp_1003", &again, &cause), HTTP_OK,
	    cause);
	CHECK_INT(again.version, 2);		/* applied once */
	CHECK_INT(again.nhistory, p.nhistory);
	payment_clear(&again);
	r.note = "another note";
	CHECK_RESULT(payments_resolve(cl, "fp_1003", &r, "USD", "k-replay",
	    &again, &cause), HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "HTTP 422: idempotency_mismatch");
	http_client_last(cl, &last);
	CHECK_STR(last.error_code, "idempotency_mismatch");
	payment_clear(&p);
	free(cause);
	http_client_free(&cl);
}

/* Refunds the backend recorded for payment id. */
static int
refunds_of(const char *id)
{
	json_t *st = apitest_ctl("GET", "/state?what=refunds", NULL), *r;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(st, "refunds"), i, r) {
		if (strcmp(json_string_value(json_object_get(r, "payment_id")),
		    id) == 0)
			n++;
	}
	json_decref(st);
	return n;
}

static void
a_refund_whose_answer_is_lost_is_refunded_once_with_the_same_key(void)
{
	struct http_client *cl = technician();
	struct payment_resolution r;
	struct payment p;
	char key[PAYMENTS_KEY_SIZE], *cause = NULL;

	CHECK(payments_idempotency_key(key, sizeof key) == 0);
	CHECK_INT(strlen(key), 38);
	memset(&r, 0, sizeof r);
	r.action = PAYMENT_ACTION_REFUND;
	r.note = "duplicate charge";
	r.expected_version = 1;
	r.has_refund_amount = 1;
	r.refund_minor = 4989;
	apitest_fault("{'match':{'backend':'payments','method':'POST'},"
	    "'kind':'lost_response','count':1}");
	CHECK_RESULT(payments_resolve(cl, "fp_1004", &r, "EUR", key, &p,
	    &cause), HTTP_UNKNOWN, cause);
	CHECK_CONTAINS(cause, "payments: POST /payments/v1/flagged-payments/"
	    "fp_1004/resolution: ");
	CHECK_CONTAINS(cause, "may have been applied");
	CHECK_INT(apitest_count("payments", "POST", NULL), 1);
	CHECK_INT(refunds_of("fp_1004"), 1);
	free(cause);
	cause = NULL;
	/* The outbox sends it again, same key, same body: the first answer. */
	CHECK_RESULT(payments_resolve(cl, "fp_1004", &r, "EUR", key, &p,
	    &cause), HTTP_OK, cause);
	CHECK_INT(p.status, PAYMENT_STATUS_REFUNDED);
	CHECK_INT(p.version, 2);
	CHECK_INT(apitest_count("payments", "POST", NULL), 2);
	CHECK_INT(refunds_of("fp_1004"), 1);
	payment_clear(&p);
	free(cause);
	http_client_free(&cl);
}

static void
an_inapplicable_action_is_a_client_error(void)
{
	struct http_client *cl = technician();
	struct payment_resolution r;
	struct payment p;
	char *cause = NULL;

	CHECK_RESULT(payments_get(cl, "fp_1012", &p, &cause), HTTP_OK, cause);
	CHECK_INT(p.status, PAYMENT_STATUS_EXPIRED);
	r = accept_at(p.version, "too late");
	payment_clear(&p);
	CHECK_RESULT(payments_resolve(cl, "fp_1012", &r, "PLN", "k-expired",
	    &p, &cause), HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "HTTP 422: not_applicable");
	free(cause);
	cause = NULL;
	/* Nothing is sent without a key, or with a refund amount in a
	 * currency that has no such digits. */
	CHECK_RESULT(payments_resolve(cl, "fp_1012", &r, "PLN", NULL, &p,
	    &cause), HTTP_ERROR, cause);
	free(cause);
	cause = NULL;
	r.action = PAYMENT_ACTION_REFUND;
	r.has_refund_amount = 1;
	r.refund_minor = 5;
	CHECK_RESULT(payments_resolve(cl, "fp_1012", &r, "XAU", "k", &p,
	    &cause), HTTP_ERROR, cause);
	CHECK_INT(apitest_count("payments", NULL, NULL), 2);
	free(cause);
	http_client_free(&cl);
}

static const struct test tests[] = {
	T(me_says_each_tokens_role),
	T(flagged_payments_are_walked_page_by_page),
	T(a_payment_is_read_with_exact_amounts),
	T(a_resolution_applies_and_a_stale_version_is_a_conflict),
	T(first_line_may_not_resolve),
	T(the_same_key_replays_and_another_body_with_it_is_refused),
	T(a_refund_whose_answer_is_lost_is_refunded_once_with_the_same_key),
	T(an_inapplicable_action_is_a_client_error),
};

TEST_MAIN(tests)
