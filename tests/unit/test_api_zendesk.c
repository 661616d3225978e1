/*
 * Unit tests for api/zendesk.c: each call once against the test backend's
 * demo scenario, checking the decoded values; the agent token's 403 on
 * the export and the ticket list it falls back to; a safe update's 409;
 * a 422 with its details; bulk and batch jobs.
 */
#include "test.h"
#include "apitest.h"

#include "api/http.h"
#include "api/model.h"
#include "api/zendesk.h"

static struct http_hooks hooks;
static struct http_policy policy;

static struct http_client *
client(const char *email, const char *token)
{
	struct http_client *cl;
	char *url = apitest_url("/zendesk"), *cause = NULL;

	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
	cl = zendesk_client_new(url, email, token, &policy, &hooks, &cause);
	if (cl == NULL)
		TEST_FAIL("zendesk_client_new: %s", cause);
	free(cause);
	free(url);
	return cl;
}

static struct http_client *
admin(void)
{
	return client(APITEST_ZD_ADMIN, APITEST_ZD_ADMIN_TOKEN);
}

static struct http_client *
agent(void)
{
	return client(APITEST_ZD_AGENT, APITEST_ZD_AGENT_TOKEN);
}

static void
me_is_the_tokens_user(void)
{
	struct http_client *cl = agent();
	struct user u;
	char *cause = NULL;

	CHECK_RESULT(zendesk_me(cl, &u, &cause), HTTP_OK, cause);
	CHECK_INT(u.id, 40002);
	CHECK_STR(u.email, APITEST_ZD_AGENT);
	CHECK_STR(u.role, "agent");
	user_clear(&u);
	http_client_free(&cl);
}

static void
the_export_gives_tickets_with_users_groups_and_billing_standing(void)
{
	struct http_client *cl = admin();
	struct zendesk_export_page p, next;
	char *cause = NULL, *q;
	size_t i;
	int found = 0;

	CHECK_RESULT(zendesk_export_page(cl, 1, NULL, 0, "billing_status", &p,
	    &cause), HTTP_OK, cause);
	CHECK_INT(p.ntickets, 32);
	CHECK(p.nusers > 0 && p.ngroups > 0 && p.norganizations > 0);
	CHECK(p.end_of_stream);
	CHECK(p.after_cursor != NULL);
	for (i = 0; i < p.norganizations; i++) {
		if (p.organizations[i].id == 30003) {
			CHECK_STR(p.organizations[i].billing_standing,
			    "dunning");
			found = 1;
		}
	}
	CHECK(found);
	q = apitest_last_header("accept");
	CHECK_STR(q, "application/json");
	free(q);
	/* The cursor walks on: nothing has changed since. */
	CHECK_RESULT(zendesk_export_page(cl, 0, p.after_cursor, 100, NULL,
	    &next, &cause), HTTP_OK, cause);
	CHECK_INT(next.ntickets, 0);
	CHECK(next.end_of_stream);
	zendesk_export_page_clear(&next);
	zendesk_export_page_clear(&p);
	http_client_free(&cl);
}

static void
an_agent_token_gets_403_on_the_export_and_may_list_tickets(void)
{
	struct http_client *cl = agent();
	struct zendesk_export_page p;
	struct zendesk_ticket_page tp, tp2;
	struct http_last last;
	char *cause = NULL;

	CHECK_RESULT(zendesk_export_page(cl, 1, NULL, 0, NULL, &p, &cause),
	    HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "zendesk: GET /zendesk/api/v2/incremental/"
	    "tickets/cursor: HTTP 403");
	http_client_last(cl, &last);
	CHECK_INT(last.status, 403);
	CHECK_INT(last.attempts, 1);
	CHECK_INT(p.ntickets, 0);
	free(cause);
	cause = NULL;
	CHECK_RESULT(zendesk_ticket_list_page(cl, NULL, 10, &tp, &cause),
	    HTTP_OK, cause);
	CHECK_INT(tp.ntickets, 10);
	CHECK(tp.page.has_more);
	CHECK(tp.page.after_cursor != NULL);
	CHECK(tp.tickets[0].updated_at.secs <= tp.tickets[9].updated_at.secs);
	CHECK_RESULT(zendesk_ticket_list_page(cl, tp.page.after_cursor, 100,
	    &tp2, &cause), HTTP_OK, cause);
	CHECK_INT(tp2.ntickets, 22);
	CHECK(!tp2.page.has_more);
	zendesk_ticket_page_clear(&tp2);
	zendesk_ticket_page_clear(&tp);
	http_client_free(&cl);
}

static void
a_ticket_and_its_comments_are_read(void)
{
	struct http_client *cl = agent();
	struct ticket t;
	struct zendesk_comment_page cp;
	char *cause = NULL;

	CHECK_RESULT(zendesk_ticket_get(cl, 101, &t, &cause), HTTP_OK, cause);
	CHECK_INT(t.id, 101);
	CHECK_STR(t.status, "open");
	CHECK_STR(t.priority, "high");
	CHECK_INT(t.problem_id, 110);
	CHECK_INT(t.requester_id, 41001);
	CHECK(t.updated_at.text != NULL);
	CHECK_RESULT(zendesk_comments_page(cl, 101, NULL, 0, &cp, &cause),
	    HTTP_OK, cause);
	CHECK_INT(cp.ncomments, 4);
	CHECK_INT(cp.comments[0].ticket_id, 101);
	CHECK_INT(cp.comments[0].author_id, 41001);
	CHECK(cp.comments[0].created_at.secs <= cp.comments[3].created_at.secs);
	zendesk_comment_page_clear(&cp);
	ticket_clear(&t);
	CHECK_RESULT(zendesk_ticket_get(cl, 999999, &t, &cause),
	    HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "HTTP 404");
	free(cause);
	cause = NULL;
	CHECK_RESULT(zendesk_ticket_get(cl, 0, &t, &cause), HTTP_ERROR, cause);
	free(cause);
	http_client_free(&cl);
}

static void
a_safe_update_applies_and_a_stale_one_is_a_conflict(void)
{
	struct http_client *cl = agent();
	struct ticket t;
	struct zendesk_ticket_update_result res;
	struct ticket_update u;
	struct http_last last;
	char *cause = NULL, *stamp;

	CHECK_RESULT(zendesk_ticket_get(cl, 103, &t, &cause), HTTP_OK, cause);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS | TICKET_UPDATE_COMMENT;
	u.status = "open";
	u.comment_body = "We found it: the banner check skipped your account.";
	u.comment_public = 1;
	u.updated_stamp = t.updated_at.text;
	CHECK_RESULT(zendesk_ticket_update(cl, 103, &u, &res, &cause), HTTP_OK,
	    cause);
	CHECK_INT(res.ticket.id, 103);
	CHECK_STR(res.ticket.status, "open");
	CHECK(res.ticket.updated_at.secs > t.updated_at.secs);
	CHECK(res.audit_id > 0);
	stamp = xstrdup(res.ticket.updated_at.text);
	zendesk_ticket_update_result_clear(&res);
	/* Another agent changes the ticket: our stamp is now stale. */
	apitest_ctl0("POST", "/zendesk/tickets/103", "{'tags':['vip']}");
	u.set = TICKET_UPDATE_PRIORITY;
	u.priority = "urgent";
	u.updated_stamp = stamp;
	CHECK_RESULT(zendesk_ticket_update(cl, 103, &u, &res, &cause),
	    HTTP_CONFLICT, cause);
	CHECK_CONTAINS(cause, "zendesk: PUT /zendesk/api/v2/tickets/103: "
	    "HTTP 409: UpdateConflict");
	http_client_last(cl, &last);
	CHECK_INT(last.result, HTTP_CONFLICT);
	CHECK_STR(last.error_code, "UpdateConflict");
	CHECK_INT(res.ticket.id, 0);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/103"), 2);
	free(cause);
	free(stamp);
	ticket_clear(&t);
	http_client_free(&cl);
}

static void
an_invalid_update_is_a_client_error_with_the_details(void)
{
	struct http_client *cl = agent();
	struct zendesk_ticket_update_result res;
	struct ticket_update u;
	struct http_last last;
	char *cause = NULL;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_PRIORITY;
	u.priority = "low";
	CHECK_RESULT(zendesk_ticket_update(cl, 144, &u, &res, &cause),
	    HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "HTTP 422: RecordInvalid: ");
	CHECK_CONTAINS(cause, "closed prevents ticket update");
	http_client_last(cl, &last);
	CHECK_INT(last.status, 422);
	free(cause);
	http_client_free(&cl);
}

static void
bulk_and_batch_updates_are_jobs_that_complete(void)
{
	struct http_client *cl = agent();
	struct job_status js, done;
	struct ticket_update u, b[2];
	struct ticket t;
	static const int64_t ids[] = { 104, 111 };
	char *cause = NULL;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_ADD_TAGS;
	u.additional_tags.items = (char *[]){ "billing_outage" };
	u.additional_tags.n = 1;
	CHECK_RESULT(zendesk_update_many(cl, ids, 2, &u, &js, &cause), HTTP_OK,
	    cause);
	CHECK_STR(js.status, "queued");
	CHECK(js.id != NULL);
	CHECK_RESULT(zendesk_job_status(cl, js.id, &done, &cause), HTTP_OK,
	    cause);
	CHECK_STR(done.status, "completed");
	CHECK_INT(done.nresults, 2);
	if (done.nresults == 2)
		CHECK_INT(done.results[0].success, 1);
	job_status_clear(&done);
	job_status_clear(&js);

	CHECK_RESULT(zendesk_ticket_get(cl, 113, &t, &cause), HTTP_OK, cause);
	memset(b, 0, sizeof b);
	b[0].id = 113;
	b[0].set = TICKET_UPDATE_PRIORITY;
	b[0].priority = "high";
	b[0].updated_stamp = t.updated_at.text;
	b[1].id = 999999;
	b[1].set = TICKET_UPDATE_PRIORITY;
	b[1].priority = "high";
	b[1].updated_stamp = t.updated_at.text;
	CHECK_RESULT(zendesk_update_batch(cl, b, 2, &js, &cause), HTTP_OK,
	    cause);
	CHECK_RESULT(zendesk_job_status(cl, js.id, &done, &cause), HTTP_OK,
	    cause);
	CHECK_INT(done.nresults, 2);
	if (done.nresults == 2) {
		CHECK_INT(done.results[0].success, 1);
		CHECK_INT(done.results[1].success, 0);
	}
	job_status_clear(&done);
	job_status_clear(&js);
	ticket_clear(&t);
	CHECK_RESULT(zendesk_update_many(cl, ids, 0, &u, &js, &cause),
	    HTTP_ERROR, cause);
	free(cause);
	http_client_free(&cl);
}

static void
a_ticket_is_created(void)
{
	struct http_client *cl = agent();
	struct zendesk_ticket_update_result res;
	struct ticket_update u;
	char *cause = NULL;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_SUBJECT | TICKET_UPDATE_COMMENT |
	    TICKET_UPDATE_REQUESTER;
	u.subject = "Wrong billing standing shown in the app";
	u.comment_body = "Customer 30001 is shown as in dunning; it is not.";
	u.comment_public = 0;
	u.requester_id = 41001;
	CHECK_RESULT(zendesk_ticket_create(cl, &u, &res, &cause), HTTP_OK,
	    cause);
	CHECK_INT(res.ticket.id, 151);
	CHECK_STR(res.ticket.subject, u.subject);
	CHECK_INT(res.ticket.requester_id, 41001);
	CHECK_INT(apitest_count("zendesk", "POST", "/api/v2/tickets"), 1);
	zendesk_ticket_update_result_clear(&res);
	free(cause);
	http_client_free(&cl);
}

static void
users_groups_organizations_and_macros_are_listed(void)
{
	struct http_client *cl = agent();
	struct zendesk_user_page up, up2;
	struct zendesk_group_page gp;
	struct zendesk_organization_page op;
	struct zendesk_macro_page mp;
	char *cause = NULL;
	size_t i;

	CHECK_RESULT(zendesk_users_page(cl, NULL, 10, &up, &cause), HTTP_OK,
	    cause);
	CHECK_INT(up.nusers, 10);
	CHECK(up.page.has_more);
	CHECK_RESULT(zendesk_users_page(cl, up.page.after_cursor, 10, &up2,
	    &cause), HTTP_OK, cause);
	CHECK_INT(up2.nusers, 7);
	CHECK(!up2.page.has_more);
	CHECK_RESULT(zendesk_groups_page(cl, NULL, 0, &gp, &cause), HTTP_OK,
	    cause);
	CHECK_INT(gp.ngroups, 5);
	CHECK_STR(gp.groups[4].name, "\xe6\x97\xa5\xe6\x9c\xac"
	    "\xe3\x82\xb5\xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88");
	CHECK_RESULT(zendesk_organizations_page(cl, NULL, 0, "billing_status",
	    &op, &cause), HTTP_OK, cause);
	CHECK_INT(op.norganizations, 8);
	for (i = 0; i < op.norganizations; i++) {
		if (op.organizations[i].id == 30005)
			CHECK_STR(op.organizations[i].billing_standing,
			    "suspended");
	}
	CHECK_RESULT(zendesk_macros_page(cl, NULL, 0, &mp, &cause), HTTP_OK,
	    cause);
	CHECK(mp.nmacros >= 6);
	for (i = 0; i < mp.nmacros; i++)
		CHECK(mp.macros[i].active);
	zendesk_macro_page_clear(&mp);
	zendesk_organization_page_clear(&op);
	zendesk_group_page_clear(&gp);
	zendesk_user_page_clear(&up2);
	zendesk_user_page_clear(&up);
	free(cause);
	http_client_free(&cl);
}

static void
staff_and_show_many_read_what_a_list_without_sideloads_names(void)
{
	struct http_client *cl = agent();
	struct zendesk_user_page up;
	struct zendesk_organization_page op;
	const int64_t users[] = { 41001, 40002 }, orgs[] = { 30005 },
	    bad[] = { 41001, 0 };
	char *cause = NULL;
	size_t i;

	CHECK_RESULT(zendesk_staff_page(cl, NULL, 0, &up, &cause), HTTP_OK,
	    cause);
	CHECK_INT(up.nusers, 5);
	for (i = 0; i < up.nusers; i++)
		CHECK(strcmp(up.users[i].role, "end-user") != 0);
	zendesk_user_page_clear(&up);

	CHECK_RESULT(zendesk_users_show_many(cl, users, 2, &up, &cause),
	    HTTP_OK, cause);
	CHECK_INT(up.nusers, 2);
	zendesk_user_page_clear(&up);
	CHECK_RESULT(zendesk_organizations_show_many(cl, orgs, 1,
	    "billing_status", &op, &cause), HTTP_OK, cause);
	CHECK_INT(op.norganizations, 1);
	if (op.norganizations == 1)
		CHECK_STR(op.organizations[0].billing_standing, "suspended");
	zendesk_organization_page_clear(&op);

	/* Bad ids are refused before anything is sent. */
	CHECK_INT(zendesk_users_show_many(cl, bad, 2, &up, &cause), HTTP_ERROR);
	CHECK_CONTAINS(cause, "0 is not an id");
	free(cause);
	cause = NULL;
	CHECK_INT(zendesk_users_show_many(cl, bad, 0, &up, &cause), HTTP_ERROR);
	CHECK_CONTAINS(cause, "1 to 100 ids, not 0");
	free(cause);
	http_client_free(&cl);
}

static void
a_macro_applied_to_a_ticket_says_what_it_would_change(void)
{
	struct http_client *cl = agent();
	struct macro_result m;
	char *cause = NULL;

	CHECK_RESULT(zendesk_macro_apply(cl, 101, 50001, &m, &cause), HTTP_OK,
	    cause);
	CHECK(m.changes.set & TICKET_UPDATE_STATUS);
	CHECK_STR(m.changes.status, "pending");
	CHECK(m.changes.set & TICKET_UPDATE_COMMENT);
	CHECK_CONTAINS(m.changes.comment_body, "Mariana");
	macro_result_clear(&m);
	CHECK_RESULT(zendesk_macro_apply(cl, 0, 50002, &m, &cause), HTTP_OK,
	    cause);
	CHECK_INT(m.changes.group_id, 20002);
	macro_result_clear(&m);
	/* Nothing changed at Zendesk. */
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 0);
	free(cause);
	http_client_free(&cl);
}

/* Comments on ticket id, read through the API. */
static size_t
comments(struct http_client *cl, int64_t id)
{
	struct zendesk_comment_page cp;
	char *cause = NULL;
	size_t n;

	CHECK_RESULT(zendesk_comments_page(cl, id, NULL, 0, &cp, &cause),
	    HTTP_OK, cause);
	n = cp.ncomments;
	zendesk_comment_page_clear(&cp);
	free(cause);
	return n;
}

static void
an_update_whose_answer_is_lost_is_unknown_and_sent_once(void)
{
	struct http_client *cl = agent();
	struct zendesk_ticket_update_result res;
	struct ticket_update u;
	char *cause = NULL;
	size_t before = comments(cl, 131);

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT;
	u.comment_body = "Internal: escalated to payments.";
	apitest_fault("{'match':{'backend':'zendesk','method':'PUT'},"
	    "'kind':'lost_response','count':1}");
	CHECK_RESULT(zendesk_ticket_update(cl, 131, &u, &res, &cause),
	    HTTP_UNKNOWN, cause);
	CHECK_CONTAINS(cause, "may have been applied");
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/131"), 1);
	/* It was applied, once: reading back tells, resending would not. */
	CHECK_INT(comments(cl, 131), before + 1);
	free(cause);
	http_client_free(&cl);
}

static const struct test tests[] = {
	T(me_is_the_tokens_user),
	T(the_export_gives_tickets_with_users_groups_and_billing_standing),
	T(an_agent_token_gets_403_on_the_export_and_may_list_tickets),
	T(a_ticket_and_its_comments_are_read),
	T(a_safe_update_applies_and_a_stale_one_is_a_conflict),
	T(an_invalid_update_is_a_client_error_with_the_details),
	T(bulk_and_batch_updates_are_jobs_that_complete),
	T(a_ticket_is_created),
	T(users_groups_organizations_and_macros_are_listed),
	T(staff_and_show_many_read_what_a_list_without_sideloads_names),
	T(a_macro_applied_to_a_ticket_says_what_it_would_change),
	T(an_update_whose_answer_is_lost_is_unknown_and_sent_once),
};

TEST_MAIN(tests)
