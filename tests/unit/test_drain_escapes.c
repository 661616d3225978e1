/*
 * Unit tests for the drainer's own reads of a backend's answers (cache/
 * drain*.c) when a record in them holds \u0000 or a lone surrogate, which
 * jansson refused: the fresh ticket or payment of a conflict, the comment
 * in a reply's audit and the tickets of a bulk change are read, with
 * U+FFFD where the escape was.
 */
#include "test.h"
#include "apitest.h"
#include "test_drain.h"

/* U+FFFD in UTF-8, where a \u0000 or a lone surrogate was. */
#define FFFD "\xef\xbf\xbd"

static void
a_ticket_conflict_keeps_the_fresh_ticket_whose_subject_holds_u0000(void)
{
	/* Regression: a conflict's fresh ticket was lost to one \u0000. */
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	json_t *cj;
	int64_t row;

	load_ticket(c, &dc, 103);
	apitest_ctl0("POST", "/zendesk/tickets/103", "{'subject': "
	    "'Pix\\u0000 failed \\ud800'}");
	row = comment(c, 103, "Checking your billing standing now.");
	drain1(c, &dc);
	r = row_get(c, row);
	CHECK_INT(r.state, OUTBOX_CONFLICT);
	cj = r.conflict_json != NULL ? json_loads(r.conflict_json, 0, NULL) :
	    NULL;
	CHECK(apitest_str_is(json_object_get(cj, "subject"),
	    "Pix" FFFD " failed " FFFD));
	json_decref(cj);
	cache_outbox_row_clear(&r);
	teardown(&c, &dc);
}

static void
a_payment_conflict_keeps_the_fresh_payment_whose_customer_holds_u0000(void)
{
	/* Regression: a conflict's fresh payment was lost to one \u0000. */
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	char *cause = NULL;
	int64_t row;

	load_payment(c, &dc, "fp_1001");
	apitest_ctl0("POST", "/payments/fp_1001", "{'customer': {'id': "
	    "'cus_1', 'name': 'Zofia\\u0000 \\udc00', 'email': null, "
	    "'zendesk_user_id': null}}");
	CHECK_INT(cache_action_payment_resolve(c, "fp_1001",
	    PAYMENT_ACTION_ACCEPT, "1 grosz short: accept", NULL, &row, &cause),
	    CACHE_OK);
	drain1(c, &dc);
	r = row_get(c, row);
	CHECK_INT(r.state, OUTBOX_CONFLICT);
	CHECK_CONTAINS(r.conflict_json, "\"version\":2");
	CHECK_CONTAINS(r.conflict_json, "\"name\":\"Zofia" FFFD " " FFFD "\"");
	cache_outbox_row_clear(&r);
	free(cause);
	teardown(&c, &dc);
}

static void
a_reply_on_a_ticket_whose_subject_holds_u0000_stores_its_comment(void)
{
	/* Regression: the reply's audit went unread for one \u0000. */
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	struct comment_row *cm = NULL;
	char *cause = NULL;
	int64_t row;
	size_t ncm = 0;

	apitest_ctl0("POST", "/zendesk/tickets/104", "{'subject': "
	    "'Banner\\u0000 \\ud800'}");
	load_ticket(c, &dc, 104);
	row = comment(c, 104, "Olá Mariana, o banner foi um erro nosso.");
	drain(c, &dc, &rep);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(rep.nmessages, 0);
	CHECK_INT(cache_comments_window(c, 104, NULL, CACHE_BACKWARD, 10, &cm,
	    &ncm, &cause), CACHE_OK);
	CHECK_INT(ncm, 1);
	if (ncm == 1)
		CHECK_STR(cm[0].body, "Olá Mariana, o banner foi um erro nosso.");
	cache_comment_rows_free(&cm, ncm);
	cache_drain_report_clear(&rep);
	free(cause);
	teardown(&c, &dc);
}

static void
a_bulk_change_reads_back_tickets_whose_subjects_hold_u0000(void)
{
	/* Regression: a bulk change's tickets went unread for one \u0000. */
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	struct ticket_detail d;
	struct ticket_update u;
	int64_t ids[2] = { 110, 111 }, first;
	char *cause = NULL;
	bool found;

	apitest_ctl0("POST", "/zendesk/tickets/110", "{'subject': "
	    "'Fatura\\u0000'}");
	apitest_ctl0("POST", "/zendesk/tickets/111", "{'subject': "
	    "'\\udc00Pix'}");
	load_ticket(c, &dc, 110);
	load_ticket(c, &dc, 111);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS;
	u.status = "pending";
	CHECK_INT(cache_action_ticket_bulk(c, ids, 2, &u, &first, &cause),
	    CACHE_OK);
	drain(c, &dc, &rep);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].done, 2);
	CHECK(!said(&rep, "could not be read"));
	CHECK_INT(cache_ticket_get(c, 110, &d, &found, &cause), CACHE_OK);
	CHECK_STR(d.row.status, "pending");
	CHECK_STR(d.row.subject, "Fatura" FFFD);
	cache_ticket_detail_clear(&d);
	CHECK_INT(cache_ticket_get(c, 111, &d, &found, &cause), CACHE_OK);
	CHECK_STR(d.row.status, "pending");
	CHECK_STR(d.row.subject, FFFD "Pix");
	cache_ticket_detail_clear(&d);
	cache_drain_report_clear(&rep);
	free(cause);
	teardown(&c, &dc);
}

static const struct test tests[] = {
	T(a_ticket_conflict_keeps_the_fresh_ticket_whose_subject_holds_u0000),
	T(a_payment_conflict_keeps_the_fresh_payment_whose_customer_holds_u0000),
	T(a_reply_on_a_ticket_whose_subject_holds_u0000_stores_its_comment),
	T(a_bulk_change_reads_back_tickets_whose_subjects_hold_u0000),
};

TEST_MAIN(tests)
