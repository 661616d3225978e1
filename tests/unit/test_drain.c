/*
 * Unit tests for the drainer (cache/drain*.c) against the test backend
 * over real HTTP: every kind of write sent once and applied once, with
 * the answer stored; a 409 kept as a conflict with the fresh record and
 * re-applied; a 422 failed with the backend's message, holding back its
 * target only; 503 and an open breaker released and sent at the next
 * drain; a backend not configured waits. Lost answers, dead processes
 * and the crash switch are in test_drain_lost.c.
 */
#include "test.h"
#include "apitest.h"
#include "test_drain.h"

/* ---- Each kind once --------------------------------------------------- */

static void
a_comment_and_a_status_are_sent_once_and_the_answer_is_stored(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	struct ticket_detail d;
	struct comment_row *cm = NULL;
	char *cause = NULL, *st;
	int64_t r1, r2;
	size_t ncm = 0;
	bool found;

	load_ticket(c, &dc, 104);
	r1 = comment(c, 104, "Olá Mariana, o banner foi um erro nosso.");
	CHECK_INT(cache_action_ticket_status(c, 104, "pending", &r2, &cause),
	    CACHE_OK);
	drain(c, &dc, &rep);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].done, 2);
	CHECK_INT(rep.nmessages, 0);
	CHECK_STATE(c, r1, OUTBOX_DONE);
	/* Queued behind the reply, on the stamp the reply made: no 409. */
	CHECK_STATE(c, r2, OUTBOX_DONE);
	CHECK_INT(comments_with(104, "Olá Mariana, o banner foi um erro nosso."),
	    1);
	st = ticket_field(104, "status");
	CHECK_STR(st, "pending");
	free(st);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/104"), 2);
	CHECK_INT(cache_ticket_get(c, 104, &d, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_STR(d.row.status, "pending");
	cache_ticket_detail_clear(&d);
	/* The comment, from the answer's audit, is in the cache too. */
	CHECK_INT(cache_comments_window(c, 104, NULL, CACHE_BACKWARD, 10, &cm,
	    &ncm, &cause), CACHE_OK);
	CHECK_INT(ncm, 1);
	if (ncm == 1) {
		CHECK_STR(cm[0].body, "Olá Mariana, o banner foi um erro nosso.");
		CHECK_INT(cm[0].author_id, 40002);
		CHECK(cm[0].public);
	}
	cache_comment_rows_free(&cm, ncm);
	/* Nothing left: a second drain sends nothing. */
	cache_drain_report_clear(&rep);
	drain(c, &dc, &rep);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].done, 0);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 2);
	cache_drain_report_clear(&rep);
	free(cause);
	teardown(&c, &dc);
}

static void
a_macro_resolved_beforehand_is_applied_once(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct zendesk_macro_page mp;
	struct macro_result m;
	char *cause = NULL, *st;
	int64_t row = 0, mid;

	load_ticket(c, &dc, 125);
	if (zendesk_macros_page(dc.zendesk, NULL, 0, &mp, &cause) != HTTP_OK ||
	    mp.nmacros == 0) {
		TEST_FAIL("macros: %s", cause);
		goto out;
	}
	mid = mp.macros[0].id;
	zendesk_macro_page_clear(&mp);
	if (zendesk_macro_apply(dc.zendesk, 125, mid, &m, &cause) != HTTP_OK) {
		TEST_FAIL("macro apply: %s", cause);
		goto out;
	}
	CHECK_INT(cache_action_ticket_macro(c, 125, mid, &m, &row, &cause),
	    CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/125"), 1);
	if (m.changes.set & TICKET_UPDATE_STATUS) {
		st = ticket_field(125, "status");
		CHECK_STR(st, m.changes.status);
		free(st);
	}
	macro_result_clear(&m);
out:
	free(cause);
	teardown(&c, &dc);
}

static void
a_new_ticket_is_created_once_with_its_marker(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct ticket_update u;
	char marker[ACTION_MARKER_SIZE], *cause = NULL, q[96];
	json_t *root;
	int64_t row;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_SUBJECT |
	    TICKET_UPDATE_REQUESTER;
	u.subject = xstrdup("Banner de pagamento");
	u.comment_body = xstrdup("Cliente ligou sobre o banner.");
	u.comment_public = 1;
	u.requester_id = 41001;
	CHECK_INT(cache_action_ticket_create(c, &u, marker, &row, &cause),
	    CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "POST", "/api/v2/tickets"), 1);
	snprintf(q, sizeof q, "/state?what=tickets");
	root = apitest_ctl("GET", q, NULL);
	{
		json_t *t;
		size_t i;
		int n = 0;

		json_array_foreach(json_object_get(root, "tickets"), i, t) {
			if (apitest_str_is(json_object_get(t, "external_id"),
			    marker))
				n++;
		}
		CHECK_INT(n, 1);
	}
	json_decref(root);
	ticket_update_clear(&u);
	free(cause);
	teardown(&c, &dc);
}

static void
a_bulk_change_is_one_job_and_a_changed_ticket_in_it_conflicts_alone(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	struct ticket_update u;
	int64_t ids[3] = { 110, 111, 112 }, first;
	char *cause = NULL, *st, *tags;
	char *add[] = { "bulk_checked" };

	load_ticket(c, &dc, 110);
	load_ticket(c, &dc, 111);
	load_ticket(c, &dc, 112);
	apitest_ctl0("POST", "/zendesk/tickets/112", "{}");
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS | TICKET_UPDATE_ADD_TAGS;
	u.status = "pending";
	u.additional_tags.items = add;
	u.additional_tags.n = 1;
	CHECK_INT(cache_action_ticket_bulk(c, ids, 3, &u, &first, &cause),
	    CACHE_OK);
	drain(c, &dc, &rep);
	CHECK_INT(apitest_count("zendesk", "PUT", "update_many"), 1);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].done, 2);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].conflict, 1);
	st = ticket_field(110, "status");
	CHECK_STR(st, "pending");
	free(st);
	st = ticket_field(112, "status");
	CHECK_STR(st, "open");
	free(st);
	tags = ticket_field(111, "status");
	CHECK_STR(tags, "pending");
	free(tags);
	CHECK(said(&rep, "ticket 112 changed since"));
	cache_drain_report_clear(&rep);
	free(cause);
	teardown(&c, &dc);
}

static void
a_refund_is_sent_once_with_its_key_for_all_that_was_received(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct payment_detail d;
	struct outbox_row r;
	json_t *st, *rf;
	char *key, *cause = NULL;
	int64_t row;
	bool found;

	load_payment(c, &dc, "fp_1006");
	row = refund(c, "fp_1006");
	r = row_get(c, row);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(refunds_of("fp_1006"), 1);
	st = apitest_ctl("GET", "/state?what=refunds", NULL);
	rf = json_array_get(json_object_get(st, "refunds"), 0);
	CHECK(apitest_str_is(json_object_get(rf, "amount"), "249.00"));
	json_decref(st);
	key = apitest_last_header("idempotency-key");
	CHECK_STR(key, r.idempotency_key);
	free(key);
	CHECK_INT(cache_payment_get(c, "fp_1006", &d, &found, &cause), CACHE_OK);
	CHECK_STR(d.row.status, "refunded");
	CHECK_INT(d.row.version, 2);
	cache_payment_detail_clear(&d);
	cache_outbox_row_clear(&r);
	free(cause);
	teardown(&c, &dc);
}

static void
every_statuspage_kind_is_sent_once_and_stored(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct incident_change ch;
	struct component_change cc;
	struct incident_detail d;
	const char *ids[] = { "api4gw7t1nzx" }, *sts[] = { "degraded_performance" };
	char *cause = NULL;
	int64_t r[5];
	json_t *in, *comps, *cp;
	size_t i;
	bool found;

	load_incident(c, &dc, "p8rtnr0ut4ge");
	memset(&ch, 0, sizeof ch);
	ch.name = "Checkout slow for card payments";
	ch.status = "investigating";
	ch.body = "We are looking into slow card payments.";
	ch.component_ids = ids;
	ch.component_statuses = sts;
	ch.ncomponents = 1;
	ch.deliver_notifications = 0;
	CHECK_INT(cache_action_incident_create(c, &ch, &r[0], &cause), CACHE_OK);
	r[1] = incident_update(c, "p8rtnr0ut4ge", "monitoring",
	    "Billing partner back; watching the queue.");
	memset(&cc, 0, sizeof cc);
	cc.status = "under_maintenance";
	CHECK_INT(cache_action_component_update(c, "web1app8q3ls", &cc, &r[2],
	    &cause), CACHE_OK);
	CHECK_INT(cache_action_postmortem_draft(c, "ch4tdb0mix3d",
	    "Chat read statuses from a test database.", &r[3], &cause), CACHE_OK);
	CHECK_INT(cache_action_postmortem_publish(c, "ch4tdb0mix3d", false, true,
	    NULL, &r[4], &cause), CACHE_OK);
	drain1(c, &dc);
	for (i = 0; i < 5; i++)
		CHECK_STATE(c, r[i], OUTBOX_DONE);
	CHECK_INT(apitest_count("statuspage", "POST", "/incidents"), 1);
	CHECK_INT(apitest_count("statuspage", "PATCH", "/incidents/"), 1);
	CHECK_INT(apitest_count("statuspage", "PATCH", "/components/"), 1);
	CHECK_INT(apitest_count("statuspage", "PUT", "/postmortem"), 2);
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge",
	    "Billing partner back; watching the queue."), 1);
	CHECK_INT(cache_incident_get(c, "p8rtnr0ut4ge", &d, &found, &cause),
	    CACHE_OK);
	CHECK_STR(d.row.status, "monitoring");
	cache_incident_detail_clear(&d);
	in = incident_state("ch4tdb0mix3d");
	CHECK(json_is_string(json_object_get(in, "postmortem_published_at")));
	json_decref(in);
	comps = apitest_ctl("GET", "/state?what=components", NULL);
	json_array_foreach(json_object_get(comps, "components"), i, cp) {
		if (apitest_str_is(json_object_get(cp, "id"), "web1app8q3ls"))
			CHECK(apitest_str_is(json_object_get(cp, "status"),
			    "under_maintenance"));
	}
	json_decref(comps);
	free(cause);
	teardown(&c, &dc);
}

/* ---- Refusals --------------------------------------------------------- */

static void
a_stale_stamp_is_a_conflict_with_the_fresh_ticket_and_reapply_sends_it(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	struct ticket_detail d;
	char *cause = NULL, *server_stamp;
	json_t *cj;
	int64_t row;
	bool found;

	load_ticket(c, &dc, 103);
	apitest_ctl0("POST", "/zendesk/tickets/103", "{'priority': 'urgent'}");
	server_stamp = ticket_field(103, "updated_at");
	row = comment(c, 103, "Checking your billing standing now.");
	drain(c, &dc, &rep);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].conflict, 1);
	CHECK(said(&rep, "HTTP 409"));
	r = row_get(c, row);
	CHECK_INT(r.state, OUTBOX_CONFLICT);
	cj = r.conflict_json != NULL ? json_loads(r.conflict_json, 0, NULL) : NULL;
	CHECK(apitest_str_is(json_object_get(cj, "updated_at"), server_stamp));
	CHECK(apitest_str_is(json_object_get(cj, "priority"), "urgent"));
	json_decref(cj);
	cache_outbox_row_clear(&r);
	/* Nothing overwritten at Zendesk; the fresh ticket is in the cache. */
	CHECK_INT(comments_with(103, "Checking your billing standing now."), 0);
	CHECK_INT(cache_ticket_get(c, 103, &d, &found, &cause), CACHE_OK);
	CHECK_STR(d.updated_stamp, server_stamp);
	CHECK_STR(d.row.priority, "urgent");
	cache_ticket_detail_clear(&d);
	cache_drain_report_clear(&rep);

	CHECK_INT(cache_action_reapply(c, row, &cause), CACHE_OK);
	CHECK_INT(state_of(c, row), OUTBOX_QUEUED);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(comments_with(103, "Checking your billing standing now."), 1);
	CHECK_INT(cache_action_reapply(c, row, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is done");
	free(server_stamp);
	free(cause);
	teardown(&c, &dc);
}

static void
a_conflict_over_values_the_ticket_already_has_is_done(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	char *cause = NULL;
	int64_t row;

	load_ticket(c, &dc, 142);
	apitest_ctl0("POST", "/zendesk/tickets/142", "{'status': 'hold'}");
	CHECK_INT(cache_action_ticket_status(c, 142, "hold", &row, &cause),
	    CACHE_OK);
	drain(c, &dc, &rep);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK(said(&rep, "already has the values"));
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/142"), 1);
	cache_drain_report_clear(&rep);
	free(cause);
	teardown(&c, &dc);
}

static void
a_payment_version_conflict_keeps_the_fresh_payment_and_reapply_sends_it(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct payment_detail d;
	struct outbox_row r;
	char *cause = NULL, *key1;
	int64_t row;
	bool found;

	load_payment(c, &dc, "fp_1001");
	apitest_ctl0("POST", "/payments/fp_1001", "{'provider': 'przelewy24'}");
	CHECK_INT(cache_action_payment_resolve(c, "fp_1001",
	    PAYMENT_ACTION_ACCEPT, "1 grosz short: accept", NULL, &row, &cause),
	    CACHE_OK);
	drain1(c, &dc);
	r = row_get(c, row);
	CHECK_INT(r.state, OUTBOX_CONFLICT);
	CHECK_CONTAINS(r.conflict_json, "\"version\":2");
	key1 = xstrdup(r.idempotency_key);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_payment_get(c, "fp_1001", &d, &found, &cause), CACHE_OK);
	CHECK_INT(d.row.version, 2);
	cache_payment_detail_clear(&d);

	CHECK_INT(cache_action_reapply(c, row, &cause), CACHE_OK);
	r = row_get(c, row);
	CHECK(strcmp(r.idempotency_key, key1) != 0);
	CHECK_CONTAINS(r.payload, "\"expected_version\":2");
	cache_outbox_row_clear(&r);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(cache_payment_get(c, "fp_1001", &d, &found, &cause), CACHE_OK);
	CHECK_STR(d.row.status, "accepted");
	cache_payment_detail_clear(&d);
	free(key1);
	free(cause);
	teardown(&c, &dc);
}

static void
a_422_fails_the_row_and_holds_back_its_ticket_but_not_others(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	char *cause = NULL;
	int64_t bad, later, other;
	size_t i;

	load_ticket(c, &dc, 101);
	load_ticket(c, &dc, 102);
	/* An end-user cannot be the assignee: Zendesk's 422. */
	CHECK_INT(cache_action_ticket_assign(c, 101, 41001, &bad, &cause),
	    CACHE_OK);
	later = comment(c, 101, "Following up.");
	other = comment(c, 102, "Olá João!");
	drain(c, &dc, &rep);
	r = row_get(c, bad);
	CHECK_INT(r.state, OUTBOX_FAILED);
	CHECK_CONTAINS(r.last_error, "HTTP 422");
	CHECK_CONTAINS(r.last_error, "is not an agent");
	cache_outbox_row_clear(&r);
	CHECK_STATE(c, later, OUTBOX_QUEUED);
	CHECK_STATE(c, other, OUTBOX_DONE);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].failed, 1);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].done, 1);
	CHECK(said(&rep, "is not an agent"));
	for (i = 0; i < rep.nmessages; i++) {
		CHECK(strstr(rep.messages[i], APITEST_ZD_AGENT_TOKEN) == NULL);
		CHECK(strstr(rep.messages[i], APITEST_PAY_TECH) == NULL);
	}
	CHECK_INT(comments_with(101, "Following up."), 0);
	cache_drain_report_clear(&rep);
	free(cause);
	teardown(&c, &dc);
}

/* ---- Unavailable backends --------------------------------------------- */

static void
a_503_releases_the_row_and_the_next_drain_sends_it(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	int64_t zrow, prow;

	load_ticket(c, &dc, 105);
	load_payment(c, &dc, "fp_1002");
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT'}, "
	    "'kind': 'status', 'status': 503, 'count': 1}");
	zrow = comment(c, 105, "Looking into it.");
	comment(c, 105, "Second note.");
	prow = refund(c, "fp_1002");
	drain(c, &dc, &rep);
	CHECK_STATE(c, zrow, OUTBOX_QUEUED);
	CHECK(rep.backend[DRAIN_ZENDESK].stopped);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].released, 1);
	/* The other backends go on. */
	CHECK_STATE(c, prow, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	cache_drain_report_clear(&rep);
	drain(c, &dc, &rep);
	CHECK_STATE(c, zrow, OUTBOX_DONE);
	CHECK_INT(rep.backend[DRAIN_ZENDESK].done, 2);
	CHECK_INT(comments_with(105, "Looking into it."), 1);
	cache_drain_report_clear(&rep);
	teardown(&c, &dc);
}

static void
a_401_keeps_the_row_queued_for_a_token_that_works(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c = setup(&dc);
	int64_t row;

	load_ticket(c, &dc, 143);
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT'}, "
	    "'kind': 'status', 'status': 401, 'count': 1}");
	row = comment(c, 143, "Token check.");
	drain(c, &dc, &rep);
	CHECK_STATE(c, row, OUTBOX_QUEUED);
	CHECK(rep.backend[DRAIN_ZENDESK].stopped);
	CHECK(said(&rep, "HTTP 401"));
	cache_drain_report_clear(&rep);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	teardown(&c, &dc);
}

static void
a_payload_tdesk_cannot_send_fails_its_row_alone(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	char *cause = NULL;
	int64_t bad, unknown, good;

	load_ticket(c, &dc, 144);
	CHECK_INT(cache_outbox_enqueue(c, "zendesk", "ticket:144",
	    "ticket.update", "{\"v\":1,\"method\":\"PUT\"}", NULL, &bad,
	    &cause), CACHE_OK);
	CHECK_INT(cache_outbox_enqueue(c, "statuspage", "incident:x",
	    "incident.teleport", "{\"v\":1,\"method\":\"PUT\",\"path\":"
	    "\"/x\",\"body\":{}}", NULL, &unknown, &cause), CACHE_OK);
	load_ticket(c, &dc, 105);
	good = comment(c, 105, "Unrelated.");
	drain1(c, &dc);
	r = row_get(c, bad);
	CHECK_INT(r.state, OUTBOX_FAILED);
	CHECK_CONTAINS(r.last_error, "no method, path or body");
	cache_outbox_row_clear(&r);
	r = row_get(c, unknown);
	CHECK_INT(r.state, OUTBOX_FAILED);
	CHECK_CONTAINS(r.last_error, "does not know how to send a "
	    "incident.teleport");
	cache_outbox_row_clear(&r);
	CHECK_STATE(c, good, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/144"), 0);
	CHECK_INT(apitest_count("statuspage", "PUT", NULL), 0);
	free(cause);
	teardown(&c, &dc);
}

static void
an_open_breaker_sends_nothing_and_the_row_goes_after_the_cooldown(void)
{
	struct drain_clients dc;
	struct drain_report rep;
	struct cache *c;
	int64_t row;

	c = setup(&dc);
	clients_free(&dc);
	policy.breaker_threshold = 1;
	clients_new(&dc);
	load_ticket(c, &dc, 114);
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT'}, "
	    "'kind': 'status', 'status': 503, 'count': 0}");
	row = comment(c, 114, "We are on it.");
	drain1(c, &dc);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	drain(c, &dc, &rep);
	CHECK(said(&rep, "circuit open"));
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);
	CHECK_STATE(c, row, OUTBOX_QUEUED);
	cache_drain_report_clear(&rep);
	apitest_ctl0("DELETE", "/faults", NULL);
	apitest_advance(policy.breaker_cooldown_ms + 1000);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 2);
	CHECK_INT(comments_with(114, "We are on it."), 1);
	teardown(&c, &dc);
}

static void
rows_of_a_backend_not_configured_wait(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct http_client *sp;
	int64_t row;

	load_incident(c, &dc, "p8rtnr0ut4ge");
	row = incident_update(c, "p8rtnr0ut4ge", "identified", "Found it.");
	sp = dc.statuspage;
	dc.statuspage = NULL;
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_QUEUED);
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 0);
	dc.statuspage = sp;
	teardown(&c, &dc);
}

static const struct test tests[] = {
	T(a_comment_and_a_status_are_sent_once_and_the_answer_is_stored),
	T(a_macro_resolved_beforehand_is_applied_once),
	T(a_new_ticket_is_created_once_with_its_marker),
	T(a_bulk_change_is_one_job_and_a_changed_ticket_in_it_conflicts_alone),
	T(a_refund_is_sent_once_with_its_key_for_all_that_was_received),
	T(every_statuspage_kind_is_sent_once_and_stored),
	T(a_stale_stamp_is_a_conflict_with_the_fresh_ticket_and_reapply_sends_it),
	T(a_conflict_over_values_the_ticket_already_has_is_done),
	T(a_payment_version_conflict_keeps_the_fresh_payment_and_reapply_sends_it),
	T(a_422_fails_the_row_and_holds_back_its_ticket_but_not_others),
	T(a_503_releases_the_row_and_the_next_drain_sends_it),
	T(a_401_keeps_the_row_queued_for_a_token_that_works),
	T(a_payload_tdesk_cannot_send_fails_its_row_alone),
	T(an_open_breaker_sends_nothing_and_the_row_goes_after_the_cooldown),
	T(rows_of_a_backend_not_configured_wait),
};

TEST_MAIN(tests)
