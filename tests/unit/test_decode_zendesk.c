/*
 * Unit tests for api/zendesk_decode.c: every published Zendesk response in
 * ../shared/reference/payloads/ decodes with its values, the other shapes
 * tdesk reads decode, and broken bodies are refused with the field's path.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>

#include "test.h"
#include "api/model.h"
#include "api/xmalloc.h"
#include "api/zendesk_decode.h"
#include "api/zendesk_encode.h"

#include "payload.h"

/* A valid ticket, wrapped and bare, with extra keys spliced in at the end. */
#define TICKET(extra) "{\"ticket\":{\"id\":1,\"status\":\"open\","	\
	"\"created_at\":\"2024-06-07T01:00:17Z\",\"updated_at\":"	\
	"\"2024-06-07T01:00:17Z\"" extra "}}"
#define TICKET_BARE(extra) "{\"id\":1,\"status\":\"open\","		\
	"\"created_at\":\"2024-06-07T01:00:17Z\",\"updated_at\":"	\
	"\"2024-06-07T01:00:17Z\"" extra "}"

/* ---- Every payload ------------------------------------------------------ */

static void
export_page_decodes_the_cursor_payload(void)
{
	struct zendesk_export_page p;
	struct ticket *t;
	char *cause = NULL, *b;
	size_t len;

	if ((b = payload("zendesk-incremental-tickets-cursor.json", &len)) == NULL)
		return;
	if (zendesk_decode_export_page(b, len, "billing_status", &p,
	    &cause) != 0) {
		TEST_FAIL("refused: %s", cause);
		free(cause);
		free(b);
		return;
	}
	CHECK_STR(p.after_cursor, "MTU3NjYxMzUzOS4wfHw0Njd8");
	CHECK(p.before_cursor == NULL);
	CHECK_CONTAINS(p.after_url, "cursor=MTU3NjYxMzUzOS4wfHw0Njd8");
	CHECK_INT(p.end_of_stream, 1);
	CHECK_INT(p.end_time, 0);
	CHECK_INT(p.ntickets, 1);
	CHECK_INT(p.nusers + p.ngroups + p.norganizations, 0);
	t = &p.tickets[0];
	CHECK_INT(t->id, 35436);
	CHECK_STR(t->subject, "Help, my printer is on fire!");
	CHECK_STR(t->raw_subject, "{{dc.printer_on_fire}}");
	CHECK_STR(t->description, "The fire is very colorful.");
	CHECK_STR(t->status, "open");
	CHECK_STR(t->priority, "high");
	CHECK_STR(t->type, "incident");
	CHECK_INT(t->requester_id, 20978392);
	CHECK_INT(t->submitter_id, 76872);
	CHECK_INT(t->assignee_id, 235323);
	CHECK_INT(t->group_id, 98738);
	CHECK_INT(t->organization_id, 509974);
	CHECK_INT(t->problem_id, 9873764);
	CHECK_INT(t->custom_status_id, 0);
	CHECK_STR(t->external_id, "ahg35h3jh");
	CHECK_STR(t->recipient, "support@company.com");
	CHECK_STR(t->via_channel, "web");
	CHECK_STR(t->satisfaction_score, "good");
	CHECK_INT(t->has_incidents, 0);
	CHECK_INT(t->tags.n, 2);
	CHECK_STR(t->tags.n == 2 ? t->tags.items[1] : NULL, "other_tag");
	CHECK_INT(t->collaborator_ids.n, 2);
	CHECK_INT(t->collaborator_ids.n == 2 ? t->collaborator_ids.items[1] :
	    0, 234);
	CHECK_INT(t->follower_ids.n, 2);
	CHECK_INT(t->ncustom_fields, 2);
	if (t->ncustom_fields == 2) {
		CHECK_INT(t->custom_fields[0].id, 27642);
		CHECK_STR(t->custom_fields[0].value, "\"745\"");
		CHECK_STR(t->custom_fields[1].value, "\"yes\"");
	}
	CHECK_STR(t->created_at.text, "2009-07-20T22:55:29Z");
	CHECK_INT(t->created_at.secs, 1248130529);
	CHECK_STR(t->updated_at.text, "2011-05-05T10:38:52Z");
	CHECK_INT(t->updated_at.secs, 1304591932);
	CHECK(t->due_at.text == NULL);
	CHECK_INT(t->generated_timestamp, 1304553600);
	zendesk_export_page_clear(&p);
	CHECK(p.tickets == NULL && p.ntickets == 0);
	free(b);
}

static void
export_page_decodes_the_time_based_payload(void)
{
	struct zendesk_export_page p;
	size_t len;
	char *b;

	if ((b = payload("zendesk-incremental-tickets-time.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_export_page(b, len, NULL, &p, &cause_));
	CHECK_INT(p.end_time, 1390362485);
	CHECK_CONTAINS(p.next_page, "start_time=1390362485");
	CHECK(p.after_cursor == NULL);
	CHECK_INT(p.end_of_stream, 1);
	CHECK_INT(p.ntickets, 1);
	CHECK_INT(p.ntickets ? p.tickets[0].id : 0, 35436);
	zendesk_export_page_clear(&p);
	free(b);
}

static void
comment_page_decodes_the_documented_payload(void)
{
	struct zendesk_comment_page p;
	struct comment *c;
	size_t len;
	char *b;

	if ((b = payload("zendesk-ticket-comments.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_comment_page(b, len, 35436, &p, &cause_));
	CHECK_INT(p.ncomments, 1);
	c = &p.comments[0];
	CHECK_INT(c->id, 1274);
	CHECK_INT(c->ticket_id, 35436);
	CHECK_INT(c->author_id, 123123);
	CHECK_INT(c->audit_id, 432567);
	CHECK_STR(c->type, "Comment");
	CHECK_STR(c->body, "Thanks for your help!");
	CHECK(c->html_body == NULL && c->plain_body == NULL);
	CHECK_INT(c->public, 1);
	CHECK_INT(c->created_at.secs, 1248130529);
	CHECK_INT(c->nattachments, 1);
	if (c->nattachments == 1) {
		CHECK_INT(c->attachments[0].id, 498483);
		CHECK_STR(c->attachments[0].file_name, "crash.log");
		CHECK_STR(c->attachments[0].content_type, "text/plain");
		CHECK_INT(c->attachments[0].size, 2532);
	}
	/* No pagination keys at all: one page, count unknown. */
	CHECK_INT(p.page.has_more, 0);
	CHECK_INT(p.page.count, -1);
	CHECK(p.page.next_url == NULL && p.page.after_cursor == NULL);
	zendesk_comment_page_clear(&p);
	free(b);
}

static void
comment_page_decodes_cursor_meta_and_empty_bodies(void)
{
	struct zendesk_comment_page p;
	size_t len;
	char *b;

	if ((b = payload("zendesk-ticket-comments-cursor.gozendesk-fixture.json",
	    &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_comment_page(b, len, 2, &p, &cause_));
	CHECK_INT(p.ncomments, 2);
	CHECK_INT(p.ncomments == 2 ? p.comments[1].id : 0, 3);
	CHECK_STR(p.ncomments ? p.comments[0].html_body : NULL, "");
	CHECK_STR(p.ncomments ? p.comments[0].plain_body : NULL, "");
	CHECK_INT(p.ncomments ? p.comments[0].author_id : 0, 377922500012LL);
	CHECK_INT(p.ncomments ? (long long)p.comments[0].nattachments : -1, 0);
	CHECK_INT(p.page.has_more, 1);
	CHECK_STR(p.page.after_cursor, "xxx");
	CHECK_STR(p.page.before_cursor, "yyy");
	zendesk_comment_page_clear(&p);
	free(b);
}

static void
ticket_decodes_the_bare_documented_object(void)
{
	struct ticket t;
	size_t len;
	char *b;

	if ((b = payload("zendesk-ticket-object.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_ticket(b, len, &t, &cause_));
	CHECK_INT(t.id, 35436);
	CHECK_INT(t.custom_status_id, 123);
	CHECK_STR(t.updated_at.text, "2011-05-05T10:38:52Z");
	ticket_clear(&t);
	free(b);
}

static void
ticket_keeps_a_decimal_custom_field_as_written(void)
{
	const char *b = TICKET(",\"custom_fields\":[{\"id\":1,\"value\":0.1},"
	    "{\"id\":2,\"value\":null},{\"id\":3},{\"id\":4,\"value\":"
	    "[\"a\",true]}]");
	struct ticket t;

	DECODE_OK(zendesk_decode_ticket(b, strlen(b), &t, &cause_));
	CHECK_INT(t.ncustom_fields, 4);
	if (t.ncustom_fields == 4) {
		CHECK_STR(t.custom_fields[0].value, "0.1");
		CHECK_STR(t.custom_fields[1].value, "null");
		CHECK_STR(t.custom_fields[2].value, "null");
		CHECK_STR(t.custom_fields[3].value, "[\"a\",true]");
	}
	ticket_clear(&t);
}

static void
ticket_decodes_a_captured_show_response_full_of_nulls(void)
{
	struct ticket t;
	size_t len;
	char *b;

	if ((b = payload("zendesk-ticket-show.gozendesk-fixture.json",
	    &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_ticket(b, len, &t, &cause_));
	CHECK_INT(t.id, 2);
	CHECK_STR(t.status, "solved");
	CHECK(t.priority == NULL);
	CHECK(t.type == NULL);
	CHECK(t.external_id == NULL);
	CHECK(t.satisfaction_score == NULL);
	CHECK_INT(t.problem_id, 0);
	CHECK_INT(t.custom_status_id, 12480498776781LL);
	CHECK_INT(t.brand_id, 360002256672LL);
	CHECK_INT(t.ticket_form_id, 360000389592LL);
	CHECK_INT(t.is_public, 1);
	CHECK_STR(t.via_channel, "email");
	CHECK_INT(t.tags.n, 0);
	CHECK_INT(t.email_cc_ids.n, 0);
	CHECK_INT(t.ncustom_fields, 0);
	CHECK_CONTAINS(t.description, "nukosuke (\xe2\x97\x8f\xe2\x86\x80 \xcf\x89");
	CHECK_STR(t.updated_at.text, "2019-06-05T01:13:24Z");
	CHECK_INT(t.updated_at.secs, 1559697204);
	ticket_clear(&t);
	free(b);
}

static void
error_decodes_the_real_409_body(void)
{
	struct zendesk_error e;
	size_t len;
	char *b;

	if ((b = payload("zendesk-ticket-update-409.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_error(b, len, &e, &cause_));
	CHECK_STR(e.error, "DatabaseConflict");
	CHECK_STR(e.description, "Database collision");
	CHECK(e.details == NULL);
	zendesk_error_clear(&e);
	free(b);
}

static void
job_status_decodes_the_wrapped_payload(void)
{
	struct job_status j;
	size_t len;
	char *b;

	if ((b = payload("zendesk-job-status.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_job_status(b, len, &j, &cause_));
	CHECK_STR(j.id, "8b726e606741012ffc2d782bcb7848fe");
	CHECK_STR(j.status, "completed");
	CHECK_INT(j.progress, 2);
	CHECK_INT(j.total, 2);
	CHECK_CONTAINS(j.message, "Completed at");
	CHECK(j.job_type == NULL);
	CHECK_INT(j.nresults, 1);
	if (j.nresults == 1) {
		CHECK_INT(j.results[0].id, 380);
		CHECK_INT(j.results[0].success, 1);
		CHECK_INT(j.results[0].index, -1);
		CHECK_STR(j.results[0].action, "update");
		CHECK_STR(j.results[0].status, "Updated");
		CHECK(j.results[0].error == NULL);
	}
	job_status_clear(&j);
	free(b);
}

static void
job_status_decodes_the_bare_bulk_results(void)
{
	struct job_status j;
	size_t len;
	char *b;

	if ((b = payload("zendesk-job-status-bulk-update-results.json",
	    &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_job_status(b, len, &j, &cause_));
	CHECK_STR(j.id, "82de0b044094f0c67893ac9fe64f1a99");
	CHECK_INT(j.nresults, 2);
	CHECK_INT(j.nresults == 2 ? j.results[1].id : 0, 245);
	job_status_clear(&j);
	free(b);
}

static void
organizations_decode_with_billing_standing_from_the_named_field(void)
{
	struct zendesk_organization_page p;
	struct organization *o;
	size_t len;
	char *b;

	if ((b = payload("zendesk-organizations-list.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_organization_page(b, len, "org_field_1", &p,
	    &cause_));
	CHECK_INT(p.norganizations, 2);
	CHECK_INT(p.page.count, 2);
	CHECK_INT(p.page.has_more, 0);
	CHECK(p.page.next_url == NULL && p.page.prev_url == NULL);
	if (p.norganizations == 2) {
		o = &p.organizations[0];
		CHECK_INT(o->id, 4112492);
		CHECK_STR(o->name, "Groablet Enterprises");
		CHECK_STR(o->billing_standing, "happy happy");
		CHECK_INT(o->group_id, 1835962);
		CHECK_STR(o->notes, "donkey");
		CHECK_INT(o->domain_names.n, 1);
		CHECK_INT(o->tags.n, 2);
		o = &p.organizations[1];
		CHECK_STR(o->billing_standing, "malarky");
		CHECK_INT(o->group_id, 0);
		CHECK_STR(o->notes, "");
	}
	zendesk_organization_page_clear(&p);

	/* No billing field configured, or one the account lacks: NULL. */
	DECODE_OK(zendesk_decode_organization_page(b, len, NULL, &p, &cause_));
	CHECK(p.norganizations == 2 && p.organizations[0].billing_standing ==
	    NULL);
	zendesk_organization_page_clear(&p);
	DECODE_OK(zendesk_decode_organization_page(b, len, "billing_status", &p,
	    &cause_));
	CHECK(p.norganizations == 2 && p.organizations[1].billing_standing ==
	    NULL);
	zendesk_organization_page_clear(&p);
	free(b);
}

static void
groups_decode_the_offset_paginated_fixture(void)
{
	struct zendesk_group_page p;
	size_t len;
	char *b;

	if ((b = payload("zendesk-groups.gozendesk-fixture.json", &len)) == NULL)
		return;
	DECODE_OK(zendesk_decode_group_page(b, len, &p, &cause_));
	CHECK_INT(p.ngroups, 1);
	CHECK_INT(p.ngroups ? p.groups[0].id : 0, 360002440594LL);
	CHECK_STR(p.ngroups ? p.groups[0].name : NULL, "Support");
	CHECK_INT(p.ngroups ? p.groups[0].deleted : -1, 0);
	CHECK_INT(p.ngroups ? p.groups[0].is_public : -1, 1);
	CHECK_INT(p.page.count, 1);
	CHECK_INT(p.page.has_more, 0);
	zendesk_group_page_clear(&p);
	free(b);
}

/*
 * Each zendesk-*.json file has a test: the responses above, the request
 * bodies (*-request.json) in test_decode_zendesk_encode.c.
 */
static const char *const covered[] = {
	"zendesk-incremental-tickets-cursor.json",
	"zendesk-incremental-tickets-time.json",
	"zendesk-ticket-comments.json",
	"zendesk-ticket-comments-cursor.gozendesk-fixture.json",
	"zendesk-ticket-object.json",
	"zendesk-ticket-show.gozendesk-fixture.json",
	"zendesk-ticket-update-409.json",
	"zendesk-job-status.json",
	"zendesk-job-status-bulk-update-results.json",
	"zendesk-organizations-list.json",
	"zendesk-groups.gozendesk-fixture.json",
	"zendesk-ticket-update-request.json",
	"zendesk-update-many-bulk-request.json",
	"zendesk-update-many-batch-request.json",
	"zendesk-tags-safe-update-request.json",
};

static void
every_zendesk_payload_in_the_reference_has_a_test(void)
{
	struct dirent *de;
	size_t i, seen = 0;
	DIR *d;

	if ((d = opendir(PAYLOADS)) == NULL) {
		TEST_FAIL("cannot open %s: %s (run the tests from the "
		    "repository root, beside ../shared)", PAYLOADS,
		    strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "zendesk-", 8) != 0)
			continue;
		seen++;
		for (i = 0; i < sizeof covered / sizeof covered[0]; i++) {
			if (strcmp(covered[i], de->d_name) == 0)
				break;
		}
		if (i == sizeof covered / sizeof covered[0])
			TEST_FAIL("%s has no decoder test", de->d_name);
	}
	closedir(d);
	CHECK_INT(seen, sizeof covered / sizeof covered[0]);
}

/* ---- Other shapes ------------------------------------------------------- */

static void
ticket_page_reads_cursor_meta_and_links(void)
{
	const char *b = "{\"tickets\":[{\"id\":7,\"status\":\"new\","
	    "\"created_at\":\"2024-06-07T01:00:17Z\",\"updated_at\":"
	    "\"2024-06-07T01:00:17Z\",\"priority\":null,\"assignee_id\":null}],"
	    "\"meta\":{\"has_more\":true,\"after_cursor\":\"aa\","
	    "\"before_cursor\":\"bb\"},\"links\":{\"next\":"
	    "\"https://x.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=aa\","
	    "\"prev\":null}}";
	struct zendesk_ticket_page p;

	DECODE_OK(zendesk_decode_ticket_page(b, strlen(b), &p, &cause_));
	CHECK_INT(p.ntickets, 1);
	CHECK_INT(p.ntickets ? p.tickets[0].assignee_id : -1, 0);
	CHECK_INT(p.page.has_more, 1);
	CHECK_STR(p.page.after_cursor, "aa");
	CHECK_CONTAINS(p.page.next_url, "page%5Bafter%5D=aa");
	CHECK(p.page.prev_url == NULL);
	zendesk_ticket_page_clear(&p);
}

static void
export_page_reads_sideloads_with_billing_standing(void)
{
	const char *b = "{\"tickets\":[],\"end_of_stream\":false,"
	    "\"after_cursor\":\"c\",\"before_cursor\":null,"
	    "\"users\":[{\"id\":5,\"name\":\"Ana Sousa\",\"email\":null,"
	    "\"role\":\"end-user\",\"organization_id\":9,\"active\":true,"
	    "\"suspended\":false,\"time_zone\":\"Lisbon\","
	    "\"iana_time_zone\":\"Europe/Lisbon\"}],"
	    "\"groups\":[{\"id\":3,\"name\":\"Billing\"}],"
	    "\"organizations\":[{\"id\":9,\"name\":\"Acme\","
	    "\"organization_fields\":{\"billing_status\":\"good_standing\"}},"
	    "{\"id\":10,\"name\":\"Beta\",\"organization_fields\":"
	    "{\"billing_status\":false}},{\"id\":11,\"name\":\"Gamma\","
	    "\"organization_fields\":{\"billing_status\":3}}]}";
	struct zendesk_export_page p;

	DECODE_OK(zendesk_decode_export_page(b, strlen(b), "billing_status", &p,
	    &cause_));
	CHECK_INT(p.ntickets, 0);
	CHECK_INT(p.end_of_stream, 0);
	CHECK_INT(p.nusers, 1);
	CHECK_STR(p.nusers ? p.users[0].iana_time_zone : NULL, "Europe/Lisbon");
	CHECK(p.nusers && p.users[0].email == NULL);
	CHECK_INT(p.nusers ? p.users[0].organization_id : 0, 9);
	CHECK_INT(p.ngroups, 1);
	CHECK_INT(p.norganizations, 3);
	if (p.norganizations == 3) {
		CHECK_STR(p.organizations[0].billing_standing, "good_standing");
		CHECK_STR(p.organizations[1].billing_standing, "false");
		CHECK_STR(p.organizations[2].billing_standing, "3");
	}
	zendesk_export_page_clear(&p);
}

static void
user_decodes_wrapped_and_bare(void)
{
	const char *w = "{\"user\":{\"id\":1,\"name\":\"\xe7\x94\xb0\xe4\xb8"
	    "\xad\xe5\xa4\xaa\xe9\x83\x8e\",\"role\":\"agent\",\"active\":false,"
	    "\"suspended\":true,\"tags\":[\"vip\"],\"created_at\":"
	    "\"2020-01-01T00:00:00Z\"}}";
	const char *bare = "{\"id\":2,\"name\":\"Zofia\"}";
	struct user u;

	DECODE_OK(zendesk_decode_user(w, strlen(w), &u, &cause_));
	CHECK_STR(u.name, "\xe7\x94\xb0\xe4\xb8\xad\xe5\xa4\xaa\xe9\x83\x8e");
	CHECK_INT(u.active, 0);
	CHECK_INT(u.suspended, 1);
	CHECK_INT(u.tags.n, 1);
	user_clear(&u);
	DECODE_OK(zendesk_decode_user(bare, strlen(bare), &u, &cause_));
	CHECK_INT(u.id, 2);
	CHECK_INT(u.active, 1);
	user_clear(&u);
}

static void
user_page_and_single_organization_decode(void)
{
	const char *up = "{\"users\":[{\"id\":1,\"name\":\"A\"},{\"id\":2,"
	    "\"name\":\"B\"}],\"next_page\":\"https://x/api/v2/users.json?"
	    "page=2\",\"previous_page\":null,\"count\":3}";
	const char *org = "{\"organization\":{\"id\":4,\"name\":\"Acme\","
	    "\"organization_fields\":{\"billing_status\":\"overdue\"}}}";
	struct zendesk_user_page p;
	struct organization o;

	DECODE_OK(zendesk_decode_user_page(up, strlen(up), &p, &cause_));
	CHECK_INT(p.nusers, 2);
	CHECK_INT(p.page.has_more, 1);
	CHECK_INT(p.page.count, 3);
	CHECK_CONTAINS(p.page.next_url, "page=2");
	zendesk_user_page_clear(&p);
	DECODE_OK(zendesk_decode_organization(org, strlen(org),
	    "billing_status", &o, &cause_));
	CHECK_STR(o.billing_standing, "overdue");
	organization_clear(&o);
}

static void
macro_page_keeps_actions_as_json_text(void)
{
	const char *b = "{\"macros\":[{\"id\":25,\"title\":\"Close and "
	    "redirect\",\"active\":true,\"description\":null,\"position\":42,"
	    "\"actions\":[{\"field\":\"status\",\"value\":\"solved\"}],"
	    "\"created_at\":\"2019-09-16T02:17:38Z\",\"updated_at\":"
	    "\"2019-09-16T02:17:38Z\"},{\"id\":26,\"title\":\"Empty\"}],"
	    "\"meta\":{\"has_more\":false,\"after_cursor\":null,"
	    "\"before_cursor\":null},\"links\":{\"next\":null,\"prev\":null}}";
	struct zendesk_macro_page p;

	DECODE_OK(zendesk_decode_macro_page(b, strlen(b), &p, &cause_));
	CHECK_INT(p.nmacros, 2);
	if (p.nmacros == 2) {
		CHECK_STR(p.macros[0].actions,
		    "[{\"field\":\"status\",\"value\":\"solved\"}]");
		CHECK_INT(p.macros[0].position, 42);
		CHECK(p.macros[0].description == NULL);
		CHECK_STR(p.macros[1].actions, "[]");
	}
	CHECK_INT(p.page.has_more, 0);
	zendesk_macro_page_clear(&p);
}

static void
macro_apply_reads_changes_with_the_comment_inside_the_ticket(void)
{
	/* The Show Changes to Ticket example response. */
	const char *b = "{\"result\":{\"ticket\":{\"assignee_id\":235323,"
	    "\"comment\":{\"body\":\"Assigned to Agent Uno.\",\"public\":false,"
	    "\"scoped_body\":[[\"channel:all\",\"Assigned to Agent Uno.\"]]},"
	    "\"fields\":{\"id\":27642,\"value\":\"745\"},\"group_id\":98738}}}";
	struct macro_result r;

	DECODE_OK(zendesk_decode_macro_apply(b, strlen(b), &r, &cause_));
	CHECK_INT(r.changes.set, TICKET_UPDATE_ASSIGNEE | TICKET_UPDATE_GROUP |
	    TICKET_UPDATE_COMMENT);
	CHECK_INT(r.changes.assignee_id, 235323);
	CHECK_INT(r.changes.group_id, 98738);
	CHECK_STR(r.changes.comment_body, "Assigned to Agent Uno.");
	CHECK_INT(r.changes.comment_public, 0);
	CHECK_CONTAINS(r.ticket, "\"fields\":{\"id\":27642");
	macro_result_clear(&r);
}

static void
macro_apply_reads_a_comment_beside_the_ticket_and_null_clears(void)
{
	const char *b = "{\"result\":{\"ticket\":{\"id\":35436,\"status\":"
	    "\"solved\",\"priority\":null,\"assignee_id\":null,\"tags\":"
	    "[\"refund\"]},\"comment\":{\"body\":\"Refunded.\"}}}";
	struct macro_result r;
	char *json = NULL, *cause = NULL;

	DECODE_OK(zendesk_decode_macro_apply(b, strlen(b), &r, &cause_));
	CHECK_INT(r.changes.set, TICKET_UPDATE_STATUS | TICKET_UPDATE_PRIORITY |
	    TICKET_UPDATE_ASSIGNEE | TICKET_UPDATE_TAGS | TICKET_UPDATE_COMMENT);
	CHECK(r.changes.priority == NULL);
	CHECK_INT(r.changes.assignee_id, 0);
	CHECK_INT(r.changes.comment_public, 1);

	/* A macro's changes go straight into an update body. */
	CHECK_INT(zendesk_encode_ticket_update(&r.changes, &json, &cause), 0);
	CHECK_STR(json, "{\"ticket\":{\"comment\":{\"body\":\"Refunded.\","
	    "\"public\":true},\"status\":\"solved\",\"priority\":null,"
	    "\"assignee_id\":null,\"tags\":[\"refund\"]}}");
	free(json);
	free(cause);
	macro_result_clear(&r);
}

static void
ticket_update_response_reads_ticket_and_audit(void)
{
	const char *b = "{\"ticket\":{\"id\":35436,\"status\":\"pending\","
	    "\"created_at\":\"2009-07-20T22:55:29Z\",\"updated_at\":"
	    "\"2024-06-07T01:00:17Z\"},\"audit\":{\"id\":2127301143,"
	    "\"ticket_id\":35436,\"events\":[]}}";
	struct zendesk_ticket_update_result r;

	DECODE_OK(zendesk_decode_ticket_update(b, strlen(b), &r, &cause_));
	CHECK_INT(r.ticket.id, 35436);
	CHECK_STR(r.ticket.updated_at.text, "2024-06-07T01:00:17Z");
	CHECK_INT(r.audit_id, 2127301143LL);
	zendesk_ticket_update_result_clear(&r);
}

static void
job_status_reads_a_queued_job_and_failure_items(void)
{
	const char *q = "{\"job_status\":{\"id\":\"abc\",\"status\":\"queued\","
	    "\"progress\":null,\"total\":null,\"message\":null,\"results\":null,"
	    "\"job_type\":\"Bulk Update\"}}";
	const char *f = "{\"job_status\":{\"id\":\"abc\",\"status\":"
	    "\"completed\",\"total\":2,\"progress\":2,\"results\":[{\"id\":1,"
	    "\"index\":0,\"error\":\"TicketUpdateFailed\",\"details\":"
	    "\"Status: closed prevents ticket update\",\"success\":false},"
	    "{\"index\":1,\"error\":\"Invalid\",\"details\":{\"base\":[1]}}]}}";
	struct job_status j;

	DECODE_OK(zendesk_decode_job_status(q, strlen(q), &j, &cause_));
	CHECK_INT(j.progress, -1);
	CHECK_INT(j.total, -1);
	CHECK_INT(j.nresults, 0);
	CHECK_STR(j.job_type, "Bulk Update");
	job_status_clear(&j);
	DECODE_OK(zendesk_decode_job_status(f, strlen(f), &j, &cause_));
	CHECK_INT(j.nresults, 2);
	if (j.nresults == 2) {
		CHECK_INT(j.results[0].success, 0);
		CHECK_STR(j.results[0].details,
		    "Status: closed prevents ticket update");
		CHECK_INT(j.results[1].success, -1);
		CHECK_INT(j.results[1].id, 0);
		CHECK_INT(j.results[1].index, 1);
		CHECK_STR(j.results[1].details, "{\"base\":[1]}");
	}
	job_status_clear(&j);
}

static void
error_reads_validation_details_and_other_shapes(void)
{
	const char *v = "{\"error\":\"RecordInvalid\",\"description\":"
	    "\"Record validation errors\",\"details\":{\"base\":[{"
	    "\"description\":\"Requester: is needed\",\"error\":\"Blank\"}]}}";
	const char *o = "{\"error\":{\"title\":\"Forbidden\",\"message\":"
	    "\"You do not have access to this page.\"}}";
	const char *a = "{\"errors\":[{\"code\":\"TooManyJobs\",\"title\":"
	    "\"Too many jobs\",\"detail\":\"30 jobs queued\"}]}";
	const char *s = "{\"error\":\"Couldn't authenticate you\"}";
	struct zendesk_error e;

	DECODE_OK(zendesk_decode_error(v, strlen(v), &e, &cause_));
	CHECK_STR(e.error, "RecordInvalid");
	CHECK_CONTAINS(e.details, "Requester: is needed");
	zendesk_error_clear(&e);
	DECODE_OK(zendesk_decode_error(o, strlen(o), &e, &cause_));
	CHECK_STR(e.error, "Forbidden");
	CHECK_STR(e.description, "You do not have access to this page.");
	zendesk_error_clear(&e);
	DECODE_OK(zendesk_decode_error(a, strlen(a), &e, &cause_));
	CHECK_STR(e.error, "Too many jobs");
	CHECK_STR(e.description, "30 jobs queued");
	zendesk_error_clear(&e);
	DECODE_OK(zendesk_decode_error(s, strlen(s), &e, &cause_));
	CHECK_STR(e.error, "Couldn't authenticate you");
	CHECK(e.description == NULL);
	zendesk_error_clear(&e);
}

/* ---- Refusals ----------------------------------------------------------- */

static int
run_ticket(const char *b, size_t n, char **cause)
{
	struct ticket t;
	int rc = zendesk_decode_ticket(b, n, &t, cause);

	ticket_clear(&t);
	return rc;
}

static int
run_export(const char *b, size_t n, char **cause)
{
	struct zendesk_export_page p;
	int rc = zendesk_decode_export_page(b, n, "billing_status", &p, cause);

	zendesk_export_page_clear(&p);
	return rc;
}

static int
run_comments(const char *b, size_t n, char **cause)
{
	struct zendesk_comment_page p;
	int rc = zendesk_decode_comment_page(b, n, 1, &p, cause);

	zendesk_comment_page_clear(&p);
	return rc;
}

static int
run_tickets(const char *b, size_t n, char **cause)
{
	struct zendesk_ticket_page p;
	int rc = zendesk_decode_ticket_page(b, n, &p, cause);

	zendesk_ticket_page_clear(&p);
	return rc;
}

static int
run_orgs(const char *b, size_t n, char **cause)
{
	struct zendesk_organization_page p;
	int rc = zendesk_decode_organization_page(b, n, "billing_status", &p,
	    cause);

	zendesk_organization_page_clear(&p);
	return rc;
}

static int
run_job(const char *b, size_t n, char **cause)
{
	struct job_status j;
	int rc = zendesk_decode_job_status(b, n, &j, cause);

	job_status_clear(&j);
	return rc;
}

static int
run_macro(const char *b, size_t n, char **cause)
{
	struct macro_result r;
	int rc = zendesk_decode_macro_apply(b, n, &r, cause);

	macro_result_clear(&r);
	return rc;
}

static int
run_macros(const char *b, size_t n, char **cause)
{
	struct zendesk_macro_page p;
	int rc = zendesk_decode_macro_page(b, n, &p, cause);

	zendesk_macro_page_clear(&p);
	return rc;
}

static int
run_error(const char *b, size_t n, char **cause)
{
	struct zendesk_error e;
	int rc = zendesk_decode_error(b, n, &e, cause);

	zendesk_error_clear(&e);
	return rc;
}

static int
run_user(const char *b, size_t n, char **cause)
{
	struct user u;
	int rc = zendesk_decode_user(b, n, &u, cause);

	user_clear(&u);
	return rc;
}

static int
run_groups(const char *b, size_t n, char **cause)
{
	struct zendesk_group_page p;
	int rc = zendesk_decode_group_page(b, n, &p, cause);

	zendesk_group_page_clear(&p);
	return rc;
}

static const struct {
	const char	*name;
	int		 (*run)(const char *, size_t, char **);
	const char	*body;
	const char	*want;		/* NULL: accepted */
} cases[] = {
	{ "a minimal ticket", run_ticket, TICKET(""), NULL },
	{ "a bare minimal ticket", run_ticket, TICKET_BARE(""), NULL },
	{ "a null priority and type", run_ticket,
	    TICKET(",\"priority\":null,\"type\":null"), NULL },
	{ "a ticket id as a string", run_ticket,
	    "{\"ticket\":{\"id\":\"1\"}}",
	    "ticket.id: expected positive integer id, got string \"1\"" },
	{ "a ticket without a status", run_ticket,
	    "{\"ticket\":{\"id\":1,\"created_at\":\"2024-06-07T01:00:17Z\"}}",
	    "ticket.status: missing (expected string)" },
	{ "a status given twice", run_ticket, TICKET(",\"status\":null"),
	    "a key appears twice" },
	{ "a null status, once", run_ticket,
	    "{\"ticket\":{\"id\":1,\"status\":null}}",
	    "ticket.status: expected string, got null" },
	{ "a null ticket id", run_ticket, "{\"ticket\":{\"id\":null}}",
	    "ticket.id: expected positive integer id, got null" },
	{ "a ticket without updated_at", run_ticket,
	    "{\"ticket\":{\"id\":1,\"status\":\"open\",\"created_at\":"
	    "\"2024-06-07T01:00:17Z\"}}",
	    "ticket.updated_at: missing (expected timestamp string" },
	{ "a garbage updated_at", run_ticket,
	    "{\"ticket\":{\"id\":1,\"status\":\"open\",\"created_at\":"
	    "\"2024-06-07T01:00:17Z\",\"updated_at\":\"yesterday\"}}",
	    "ticket.updated_at: \"yesterday\" is not a timestamp string" },
	{ "a number among tags", run_ticket, TICKET(",\"tags\":[\"a\",7]"),
	    "ticket.tags[1]: expected string, got integer 7" },
	{ "a string assignee in an export", run_export,
	    "{\"end_of_stream\":true,\"tickets\":[" TICKET_BARE("") ","
	    TICKET_BARE(",\"assignee_id\":\"12\"") "]}",
	    "tickets[1].assignee_id: expected positive integer id or null, "
	    "got string \"12\"" },
	{ "a real assignee", run_ticket, TICKET(",\"assignee_id\":12.0"),
	    "ticket.assignee_id: expected positive integer id or null, got "
	    "number 12.0" },
	{ "a custom field without an id", run_ticket,
	    TICKET(",\"custom_fields\":[{\"value\":1}]"),
	    "ticket.custom_fields[0].id: missing" },
	{ "a via that is a string", run_ticket, TICKET(",\"via\":\"web\""),
	    "ticket.via: expected object or null, got string \"web\"" },
	{ "a due_at that is a number", run_ticket, TICKET(",\"due_at\":5"),
	    "ticket.due_at: expected timestamp string" },
	{ "an export without end_of_stream", run_export, "{\"tickets\":[]}",
	    "end_of_stream: missing (expected boolean)" },
	{ "an export whose tickets are an object", run_export,
	    "{\"tickets\":{},\"end_of_stream\":true}",
	    "tickets: expected array, got object" },
	{ "an export ticket that is not an object", run_export,
	    "{\"tickets\":[null],\"end_of_stream\":true}",
	    "tickets[0]: expected object, got null" },
	{ "a billing field holding a real", run_export,
	    "{\"tickets\":[],\"end_of_stream\":true,\"organizations\":[{"
	    "\"id\":1,\"name\":\"A\",\"organization_fields\":{"
	    "\"billing_status\":1.5}}]}",
	    "organizations[0].organization_fields.billing_status: expected "
	    "string, boolean or integer or null, got number 1.5" },
	{ "a sideloaded user without a name", run_export,
	    "{\"tickets\":[],\"end_of_stream\":true,\"users\":[{\"id\":1}]}",
	    "users[0].name: missing (expected string)" },
	{ "a system comment by author -1", run_comments,
	    "{\"comments\":[{\"id\":1,\"author_id\":-1,\"body\":\"x\","
	    "\"public\":false,\"created_at\":\"2024-06-07T01:00:17Z\"}]}",
	    NULL },
	{ "a comment page without comments", run_comments, "{}",
	    "comments: missing (expected array)" },
	{ "a comment whose public is a string", run_comments,
	    "{\"comments\":[{\"id\":1,\"author_id\":2,\"body\":\"x\","
	    "\"public\":\"true\",\"created_at\":\"2024-06-07T01:00:17Z\"}]}",
	    "comments[0].public: expected boolean, got string \"true\"" },
	{ "an attachment without a name", run_comments,
	    "{\"comments\":[{\"id\":1,\"author_id\":2,\"body\":\"x\","
	    "\"public\":true,\"created_at\":\"2024-06-07T01:00:17Z\","
	    "\"attachments\":[{\"id\":3,\"content_url\":\"u\"}]}]}",
	    "comments[0].attachments[0].file_name: missing" },
	{ "meta without has_more", run_tickets,
	    "{\"tickets\":[],\"meta\":{\"after_cursor\":\"x\"}}",
	    "meta.has_more: missing (expected boolean)" },
	{ "a count that is a string", run_orgs,
	    "{\"organizations\":[],\"count\":\"2\"}",
	    "count: expected integer or null, got string \"2\"" },
	{ "links.next that is a number", run_tickets,
	    "{\"tickets\":[],\"links\":{\"next\":1}}",
	    "links.next: expected string or null, got integer 1" },
	{ "a job result whose success is a string", run_job,
	    "{\"job_status\":{\"id\":\"a\",\"status\":\"completed\","
	    "\"results\":[{\"id\":1,\"success\":\"yes\"}]}}",
	    "job_status.results[0].success: expected boolean or null, got "
	    "string \"yes\"" },
	{ "a job status id that is a number", run_job,
	    "{\"job_status\":{\"id\":5,\"status\":\"queued\"}}",
	    "job_status.id: expected string, got integer 5" },
	{ "a macro result without result", run_macro, "{}",
	    "result: missing (expected object)" },
	{ "a macro result assigning to a string", run_macro,
	    "{\"result\":{\"ticket\":{\"assignee_id\":\"me\"}}}",
	    "result.ticket.assignee_id: expected positive integer id or null" },
	{ "a macro comment that is a string", run_macro,
	    "{\"result\":{\"ticket\":{\"comment\":\"hi\"}}}",
	    "result.ticket.comment: expected object, got string \"hi\"" },
	{ "macro actions that are an object", run_macros,
	    "{\"macros\":[{\"id\":1,\"title\":\"t\",\"actions\":{}}]}",
	    "macros[0].actions: expected array, got object" },
	{ "an error body saying nothing", run_error, "{\"x\":1}",
	    "error body: neither error nor description" },
	{ "an error whose description is a number", run_error,
	    "{\"error\":\"E\",\"description\":5}",
	    "description: expected string or null, got integer 5" },
	{ "a user whose role is a number", run_user,
	    "{\"user\":{\"id\":1,\"name\":\"n\",\"role\":2}}",
	    "user.role: expected string, got integer 2" },
	{ "a group whose deleted is null", run_groups,
	    "{\"groups\":[{\"id\":1,\"name\":\"g\",\"deleted\":null}]}",
	    "groups[0].deleted: expected boolean, got null" },
	{ "a huge ticket id", run_ticket,
	    "{\"ticket\":{\"id\":99999999999999999999}}",
	    "ticket: not valid JSON: a number is too large" },
	{ "truncated JSON", run_ticket, "{\"ticket\":{\"id\":1,",
	    "ticket: not valid JSON: it ends too soon" },
	{ "an array at the top", run_ticket, "[" TICKET_BARE("") "]",
	    "ticket: expected a JSON object at the top, got array" },
	{ "an export that is a string", run_export, "\"tickets\"",
	    "incremental export page: not valid JSON" },
	{ "deeply nested garbage", run_ticket,
	    "{\"ticket\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	    "ticket: nested deeper than 64 levels" },
	{ "invalid UTF-8 in a subject", run_ticket,
	    "{\"ticket\":{\"id\":1,\"subject\":\"Zam\xf3wienie\"}}",
	    "ticket: not valid JSON: text is not valid UTF-8" },
	{ "an empty body", run_ticket, "", "ticket: empty body" },
};

static void
decoders_refuse_bad_bodies_naming_the_field(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *cause = NULL;
		int rc = cases[i].run(cases[i].body, strlen(cases[i].body),
		    &cause);

		if (cases[i].want == NULL && rc != 0)
			TEST_FAIL("%s: refused: %s", cases[i].name, cause);
		else if (cases[i].want != NULL && rc == 0)
			TEST_FAIL("%s: accepted", cases[i].name);
		else if (cases[i].want != NULL && (cause == NULL ||
		    strstr(cause, cases[i].want) == NULL))
			TEST_FAIL("%s: \"%s\" lacks \"%s\"", cases[i].name,
			    cause ? cause : "(null)", cases[i].want);
		else if (cases[i].want == NULL && cause != NULL)
			TEST_FAIL("%s: cause set on success", cases[i].name);
		free(cause);
	}
}

/* U+FFFD in UTF-8, where a \u0000 or a lone surrogate was. */
#define FFFD "\xef\xbf\xbd"

static void
an_export_page_with_nul_and_lone_surrogates_decodes_whole(void)
{
	const char *b = "{\"end_of_stream\":false,\"after_cursor\":\"c2\","
	    "\"tickets\":["
	    TICKET_BARE(",\"subject\":\"Pix\\u0000 failed\",\"requester_id\":7")
	    "," TICKET_BARE(",\"subject\":\"Fatura \\ud800\",\"tags\":"
	    "[\"\\udc00\"]")
	    "," TICKET_BARE(",\"subject\":\"\\ud83d\\ude00 ok\"") "],"
	    "\"users\":[{\"id\":7,\"name\":\"Zofia\\u0000\"},"
	    "{\"id\":8,\"name\":\"\\udc00Jo\\ud800\\u0041\"}]}";
	struct zendesk_export_page p;

	DECODE_OK(zendesk_decode_export_page(b, strlen(b), NULL, &p, &cause_));
	CHECK_INT(p.ntickets, 3);
	CHECK_INT(p.nusers, 2);
	if (p.ntickets == 3 && p.nusers == 2) {
		CHECK_STR(p.tickets[0].subject, "Pix" FFFD " failed");
		CHECK_INT(p.tickets[0].requester_id, 7);
		CHECK_STR(p.tickets[1].subject, "Fatura " FFFD);
		CHECK_STR(p.tickets[1].tags.n == 1 ? p.tickets[1].tags.items[0] :
		    NULL, FFFD);
		CHECK_STR(p.tickets[2].subject, "\xf0\x9f\x98\x80 ok");
		CHECK_STR(p.users[0].name, "Zofia" FFFD);
		CHECK_STR(p.users[1].name, FFFD "Jo" FFFD "A");
	}
	CHECK_STR(p.after_cursor, "c2");
	CHECK_INT(p.end_of_stream, 0);
	zendesk_export_page_clear(&p);
}

static void
a_comment_page_with_a_nul_escape_decodes_whole(void)
{
	const char *b = "{\"comments\":[{\"id\":1,\"author_id\":7,\"body\":"
	    "\"a\\u0000b\",\"public\":true,\"created_at\":"
	    "\"2024-06-07T01:00:17Z\"},{\"id\":2,\"author_id\":7,\"body\":"
	    "\"\\ud800\",\"public\":false,\"created_at\":"
	    "\"2024-06-07T01:00:18Z\"}],\"next_page\":null}";
	struct zendesk_comment_page p;

	DECODE_OK(zendesk_decode_comment_page(b, strlen(b), 5, &p, &cause_));
	CHECK_INT(p.ncomments, 2);
	if (p.ncomments == 2) {
		CHECK_STR(p.comments[0].body, "a" FFFD "b");
		CHECK_STR(p.comments[1].body, FFFD);
		CHECK_INT(p.comments[1].ticket_id, 5);
	}
	zendesk_comment_page_clear(&p);
}

static void
a_failed_decode_leaves_the_record_all_zero(void)
{
	const char *b = "{\"end_of_stream\":true,\"tickets\":["
	    TICKET_BARE(",\"tags\":[\"a\"]") ","
	    TICKET_BARE(",\"assignee_id\":\"x\"") "]}";
	struct zendesk_export_page p, zero;
	char *cause = NULL;

	memset(&zero, 0, sizeof zero);
	CHECK(zendesk_decode_export_page(b, strlen(b), NULL, &p, &cause) != 0);
	CHECK(memcmp(&p, &zero, sizeof p) == 0);
	free(cause);
}

static void
free_functions_free_and_null_every_record(void)
{
	struct ticket *t = xcalloc(1, sizeof *t);
	struct comment *c = xcalloc(1, sizeof *c);
	struct user *u = xcalloc(1, sizeof *u);
	struct group *g = xcalloc(1, sizeof *g);
	struct organization *o = xcalloc(1, sizeof *o);
	struct macro *m = xcalloc(1, sizeof *m);
	struct job_status *j = xcalloc(1, sizeof *j);
	struct zendesk_page pg;
	char *cause = NULL;
	const char *ub = "{\"id\":1,\"name\":\"n\",\"tags\":[\"x\"]}";
	const char *jb = "{\"id\":\"a\",\"status\":\"s\",\"results\":[{\"id\":1,"
	    "\"error\":\"e\"}]}";

	CHECK_INT(zendesk_decode_ticket(TICKET(",\"tags\":[\"t\"]"),
	    strlen(TICKET(",\"tags\":[\"t\"]")), t, &cause), 0);
	CHECK_INT(zendesk_decode_user(ub, strlen(ub), u, &cause), 0);
	CHECK_INT(zendesk_decode_job_status(jb, strlen(jb), j, &cause), 0);
	c->body = xstrdup("body");
	c->attachments = xcalloc(1, sizeof *c->attachments);
	c->nattachments = 1;
	c->attachments[0].file_name = xstrdup("f");
	g->name = xstrdup("g");
	o->billing_standing = xstrdup("ok");
	m->actions = xstrdup("[]");
	ticket_free(&t);
	comment_free(&c);
	user_free(&u);
	group_free(&g);
	organization_free(&o);
	macro_free(&m);
	job_status_free(&j);
	CHECK(t == NULL && c == NULL && u == NULL && g == NULL && o == NULL &&
	    m == NULL && j == NULL);
	ticket_free(&t);
	ticket_free(NULL);
	memset(&pg, 0, sizeof pg);
	pg.next_url = xstrdup("u");
	zendesk_page_clear(&pg);
	CHECK(pg.next_url == NULL);
	free(cause);
}

static const struct test tests[] = {
	T(export_page_decodes_the_cursor_payload),
	T(export_page_decodes_the_time_based_payload),
	T(comment_page_decodes_the_documented_payload),
	T(comment_page_decodes_cursor_meta_and_empty_bodies),
	T(ticket_decodes_the_bare_documented_object),
	T(ticket_decodes_a_captured_show_response_full_of_nulls),
	T(ticket_keeps_a_decimal_custom_field_as_written),
	T(error_decodes_the_real_409_body),
	T(job_status_decodes_the_wrapped_payload),
	T(job_status_decodes_the_bare_bulk_results),
	T(organizations_decode_with_billing_standing_from_the_named_field),
	T(groups_decode_the_offset_paginated_fixture),
	T(every_zendesk_payload_in_the_reference_has_a_test),
	T(ticket_page_reads_cursor_meta_and_links),
	T(export_page_reads_sideloads_with_billing_standing),
	T(user_decodes_wrapped_and_bare),
	T(user_page_and_single_organization_decode),
	T(macro_page_keeps_actions_as_json_text),
	T(macro_apply_reads_changes_with_the_comment_inside_the_ticket),
	T(macro_apply_reads_a_comment_beside_the_ticket_and_null_clears),
	T(ticket_update_response_reads_ticket_and_audit),
	T(job_status_reads_a_queued_job_and_failure_items),
	T(error_reads_validation_details_and_other_shapes),
	T(decoders_refuse_bad_bodies_naming_the_field),
	T(an_export_page_with_nul_and_lone_surrogates_decodes_whole),
	T(a_comment_page_with_a_nul_escape_decodes_whole),
	T(a_failed_decode_leaves_the_record_all_zero),
	T(free_functions_free_and_null_every_record),
};

TEST_MAIN(tests)
