/*
 * Unit tests for cache/actions.c: each action checks the write against
 * what the cache knows and queues the exact request (method, path, body,
 * the cached stamp or version, markers) with no network; refusals say why
 * and queue nothing; re-apply takes the fresh stamp or version.
 */
#include "test.h"

#include <ctype.h>
#include <stdbool.h>

#include <jansson.h>

#include "cache/actions.h"
#include "cache/cache.h"
#include "cache/outbox.h"
#include "api/payments_decode.h"
#include "api/statuspage_decode.h"
#include "cache/store.h"
#include "api/zendesk_decode.h"

#include "cachetest.h"

static void
put_payment(struct cache *c, const char *status, int64_t version)
{
	struct payment p;
	char *json, *cause = NULL;

	json = xasprintf("{\"id\":\"fp_9\",\"order_id\":\"ORD-9\",\"version\":%lld,"
	    "\"customer\":{\"id\":\"cus_9\",\"name\":\"Zofia\",\"email\":null,"
	    "\"zendesk_user_id\":null},\"provider\":\"przelewy24\","
	    "\"currency\":\"PLN\",\"expected_amount\":\"15.46\","
	    "\"received_amount\":\"15.45\",\"reasons\":[\"underpaid\"],"
	    "\"status\":\"%s\",\"received_at\":\"2026-02-01T00:00:00Z\","
	    "\"flagged_at\":\"2026-02-01T00:00:01Z\",\"auto_cancel_at\":null,"
	    "\"updated_at\":\"2026-02-01T00:00:0%lldZ\",\"ticket_ids\":[],"
	    "\"history\":[]}", (long long)version, status, (long long)version);
	if (payments_decode_payment(json, strlen(json), &p, &cause) != 0 ||
	    cache_store_payment(c, &p, NULL, &cause) != CACHE_OK)
		TEST_FAIL("storing the payment: %s", cause);
	payment_clear(&p);
	free(json);
	free(cause);
}

/* The row's payload, parsed (the caller decrefs); *r filled when r. */
static json_t *
payload_of(struct cache *c, int64_t id, struct outbox_row *r)
{
	struct outbox_row row;
	json_t *p = NULL;
	bool found = false;

	if (cache_outbox_get(c, id, &row, &found, NULL) != CACHE_OK || !found) {
		TEST_FAIL("no outbox row %lld", (long long)id);
		return json_object();
	}
	if ((p = json_loads(row.payload, 0, NULL)) == NULL) {
		TEST_FAIL("row %lld: payload does not parse: %s", (long long)id,
		    row.payload);
		p = json_object();
	}
	if (r != NULL)
		*r = row;
	else
		cache_outbox_row_clear(&row);
	return p;
}

/* The string at a path of keys in o ("body", "ticket", "status"). */
static const char *
str_at(json_t *o, const char *a, const char *b, const char *k)
{
	if (a != NULL)
		o = json_object_get(o, a);
	if (b != NULL)
		o = json_object_get(o, b);
	return json_string_value(json_object_get(o, k));
}

static int64_t
rows_queued(struct cache *c)
{
	struct outbox_counts n;

	if (cache_outbox_counts(c, &n, NULL) != CACHE_OK)
		TEST_FAIL("counting the outbox");
	return n.queued;
}

static bool
hex32(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < 32; i++) {
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	}
	return s != NULL && s[32] == '\0';
}

/* ---- Tickets ---------------------------------------------------------- */

static void
a_ticket_update_is_a_safe_update_on_the_cached_stamp(void)
{
	struct cache *c = cache_new();
	struct ticket_update u;
	struct outbox_row r;
	char *cause = NULL;
	json_t *p, *t;
	int64_t row;

	put_ticket(c, 101, "open", STAMP);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_STATUS |
	    TICKET_UPDATE_ASSIGNEE;
	u.comment_body = xstrdup("Internal: customer is in good standing.");
	u.comment_public = 0;
	u.status = xstrdup("pending");
	u.assignee_id = 0;
	u.updated_stamp = xstrdup("2000-01-01T00:00:00Z");	/* ignored */
	CHECK_INT(cache_action_ticket_update(c, 101, &u, &row, &cause), CACHE_OK);
	p = payload_of(c, row, &r);
	CHECK_STR(r.backend, "zendesk");
	CHECK_STR(r.target, "ticket:101");
	CHECK_STR(r.kind, "ticket.update");
	CHECK(r.idempotency_key == NULL);
	CHECK_INT(json_integer_value(json_object_get(p, "v")), 1);
	CHECK_STR(str_at(p, NULL, NULL, "method"), "PUT");
	CHECK_STR(str_at(p, NULL, NULL, "path"), "/api/v2/tickets/101");
	CHECK_INT(json_integer_value(json_object_get(p, "ticket_id")), 101);
	t = json_object_get(json_object_get(p, "body"), "ticket");
	CHECK(json_is_true(json_object_get(t, "safe_update")));
	CHECK_STR(str_at(t, NULL, NULL, "updated_stamp"), STAMP);
	CHECK_STR(str_at(t, NULL, NULL, "status"), "pending");
	CHECK(json_is_null(json_object_get(t, "assignee_id")));
	CHECK_STR(str_at(t, "comment", NULL, "body"),
	    "Internal: customer is in good standing.");
	CHECK(json_is_false(json_object_get(json_object_get(t, "comment"),
	    "public")));
	json_decref(p);
	cache_outbox_row_clear(&r);
	ticket_update_clear(&u);
	free(cause);
	cache_close(&c);
}

static void
a_write_to_a_ticket_not_cached_or_closed_is_refused(void)
{
	struct cache *c = cache_new();
	char *cause = NULL;
	int64_t row = 7;

	put_ticket(c, 102, "closed", STAMP);
	CHECK_INT(cache_action_ticket_comment(c, 999, "x", true, &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket 999 is not in the cache");
	CHECK_INT(row, 0);
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_ticket_status(c, 102, "open", &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket 102 is closed");
	free(cause);
	CHECK_INT(rows_queued(c), 0);
	cache_close(&c);
}

static void
a_blank_comment_an_empty_change_or_a_bad_status_is_refused(void)
{
	struct cache *c = cache_new();
	struct ticket_update u;
	char *cause = NULL;
	int64_t row;

	put_ticket(c, 101, "open", STAMP);
	CHECK_INT(cache_action_ticket_comment(c, 101, " \n\t", true, &row,
	    &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "the comment is empty");
	free(cause);
	cause = NULL;
	memset(&u, 0, sizeof u);
	CHECK_INT(cache_action_ticket_update(c, 101, &u, &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "nothing to change");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_ticket_status(c, 101, "done", &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket.status");
	free(cause);
	CHECK_INT(rows_queued(c), 0);
	cache_close(&c);
}

static void
a_macro_is_queued_with_its_resolved_changes_and_its_id(void)
{
	static const char apply[] = "{\"result\":{\"ticket\":{\"status\":"
	    "\"solved\",\"comment\":{\"body\":\"Thanks for your patience.\","
	    "\"public\":true}}}}";
	struct cache *c = cache_new();
	struct macro_result m;
	char *cause = NULL;
	json_t *p;
	int64_t row;

	put_ticket(c, 101, "open", STAMP);
	if (zendesk_decode_macro_apply(apply, sizeof apply - 1, &m, &cause) != 0) {
		TEST_FAIL("macro: %s", cause);
		goto out;
	}
	CHECK_INT(cache_action_ticket_macro(c, 101, 360001, &m, &row, &cause),
	    CACHE_OK);
	p = payload_of(c, row, NULL);
	CHECK_INT(json_integer_value(json_object_get(p, "macro_id")), 360001);
	CHECK_STR(str_at(p, "body", "ticket", "status"), "solved");
	CHECK_STR(str_at(p, "body", "ticket", "updated_stamp"), STAMP);
	CHECK_STR(str_at(json_object_get(json_object_get(p, "body"), "ticket"),
	    "comment", NULL, "body"), "Thanks for your patience.");
	json_decref(p);
	macro_result_clear(&m);
out:
	free(cause);
	cache_close(&c);
}

static void
a_bulk_change_queues_a_row_per_ticket_sharing_one_batch(void)
{
	struct cache *c = cache_new();
	struct ticket_update u;
	struct outbox_row rows[3];
	int64_t ids[3] = { 101, 102, 103 }, first;
	char *cause = NULL, *tags[] = { "outage" };
	const char *batch = NULL;
	json_t *p[3], *item;
	size_t i;

	for (i = 0; i < 3; i++)
		put_ticket(c, ids[i], "open", i == 2 ? FRESH : STAMP);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS | TICKET_UPDATE_ADD_TAGS;
	u.status = xstrdup("hold");
	u.additional_tags.items = tags;
	u.additional_tags.n = 1;
	CHECK_INT(cache_action_ticket_bulk(c, ids, 3, &u, &first, &cause),
	    CACHE_OK);
	for (i = 0; i < 3; i++) {
		p[i] = payload_of(c, first + (int64_t)i, &rows[i]);
		CHECK_STR(rows[i].kind, "ticket.bulk");
		CHECK_STR(str_at(p[i], NULL, NULL, "path"),
		    "/api/v2/tickets/update_many");
		item = json_array_get(json_object_get(json_object_get(p[i],
		    "body"), "tickets"), 0);
		CHECK_INT(json_integer_value(json_object_get(item, "id")), ids[i]);
		CHECK_STR(str_at(item, NULL, NULL, "updated_stamp"),
		    i == 2 ? FRESH : STAMP);
		CHECK_STR(json_string_value(json_array_get(json_object_get(item,
		    "additional_tags"), 0)), "outage");
		if (batch == NULL)
			batch = str_at(p[i], NULL, NULL, "batch");
		else
			CHECK_STR(str_at(p[i], NULL, NULL, "batch"), batch);
	}
	CHECK_STR(rows[1].target, "ticket:102");
	CHECK(hex32(batch));
	for (i = 0; i < 3; i++) {
		json_decref(p[i]);
		cache_outbox_row_clear(&rows[i]);
	}
	free(u.status);
	u.status = NULL;
	cache_close(&c);
}

static void
a_bulk_change_with_a_comment_a_duplicate_or_an_unknown_ticket_queues_nothing(void)
{
	struct cache *c = cache_new();
	struct ticket_update u;
	int64_t twice[2] = { 101, 101 }, unknown[2] = { 101, 555 }, first;
	char *cause = NULL;

	put_ticket(c, 101, "open", STAMP);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT;
	u.comment_body = xstrdup("hi");
	CHECK_INT(cache_action_ticket_bulk(c, unknown, 1, &u, &first, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "comment on each ticket instead");
	free(cause);
	cause = NULL;
	free(u.comment_body);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_ASSIGNEE;
	u.assignee_id = 40002;
	CHECK_INT(cache_action_ticket_bulk(c, twice, 2, &u, &first, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "twice");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_ticket_bulk(c, unknown, 2, &u, &first, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket 555 is not in the cache");
	free(cause);
	CHECK_INT(rows_queued(c), 0);
	cache_close(&c);
}

static void
a_new_ticket_carries_its_marker_as_external_id(void)
{
	struct cache *c = cache_new();
	struct ticket_update u;
	struct outbox_row r;
	char marker[ACTION_MARKER_SIZE], *cause = NULL;
	json_t *p;
	int64_t row;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_SUBJECT;
	u.subject = xstrdup("決済エラー");
	u.comment_body = xstrdup("二重に請求されました。");
	u.comment_public = 1;
	CHECK_INT(cache_action_ticket_create(c, &u, marker, &row, &cause),
	    CACHE_OK);
	CHECK(strncmp(marker, "tdesk-", 6) == 0 && hex32(marker + 6));
	p = payload_of(c, row, &r);
	CHECK_STR(r.kind, "ticket.create");
	CHECK(strncmp(r.target, "ticket:new:", 11) == 0);
	CHECK_STR(r.target + 11, marker + 6);
	CHECK_STR(str_at(p, NULL, NULL, "method"), "POST");
	CHECK_STR(str_at(p, NULL, NULL, "path"), "/api/v2/tickets");
	CHECK_STR(str_at(p, "body", "ticket", "external_id"), marker);
	CHECK_STR(str_at(p, NULL, NULL, "marker"), marker);
	CHECK(json_object_get(json_object_get(json_object_get(p, "body"),
	    "ticket"), "updated_stamp") == NULL);
	json_decref(p);
	cache_outbox_row_clear(&r);
	free(u.comment_body);
	u.comment_body = NULL;
	CHECK_INT(cache_action_ticket_create(c, &u, marker, &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "needs a first comment");
	ticket_update_clear(&u);
	free(cause);
	cache_close(&c);
}

/* ---- Payments --------------------------------------------------------- */

static void
a_refund_is_for_all_that_was_received_as_an_exact_decimal(void)
{
	struct cache *c = cache_new();
	struct outbox_row r;
	char *cause = NULL;
	json_t *p;
	int64_t row, part = 1000;

	put_payment(c, "flagged", 3);
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_REFUND,
	    "customer paid twice", NULL, &row, &cause), CACHE_OK);
	p = payload_of(c, row, &r);
	CHECK_STR(r.backend, "payments");
	CHECK_STR(r.target, "payment:fp_9");
	CHECK(hex32(r.idempotency_key));
	CHECK_STR(str_at(p, NULL, NULL, "path"),
	    "/v1/flagged-payments/fp_9/resolution");
	CHECK_STR(str_at(p, "body", NULL, "action"), "refund");
	CHECK_STR(str_at(p, "body", NULL, "refund_amount"), "15.45");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(p, "body"),
	    "expected_version")), 3);
	CHECK_STR(str_at(p, NULL, NULL, "currency"), "PLN");
	json_decref(p);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_REFUND,
	    "part", &part, &row, &cause), CACHE_OK);
	p = payload_of(c, row, NULL);
	CHECK_STR(str_at(p, "body", NULL, "refund_amount"), "10.00");
	json_decref(p);
	free(cause);
	cache_close(&c);
}

static void
a_refund_beyond_what_was_received_or_on_a_resolved_payment_is_refused(void)
{
	struct cache *c = cache_new();
	char *cause = NULL;
	int64_t row, too_much = 1546, amount = 100;

	put_payment(c, "flagged", 1);
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_REFUND,
	    "x", &too_much, &row, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "at most the 15.45 PLN received");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_ACCEPT,
	    "x", &amount, &row, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "only a refund has an amount");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_payment_resolve(c, "fp_8", PAYMENT_ACTION_ACCEPT,
	    "x", NULL, &row, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "payment fp_8 is not in the cache");
	free(cause);
	cause = NULL;
	put_payment(c, "accepted", 2);
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_ACCEPT,
	    "x", NULL, &row, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is accepted, not flagged");
	free(cause);
	CHECK_INT(rows_queued(c), 0);
	cache_close(&c);
}

/* ---- Statuspage ------------------------------------------------------- */

static void
a_new_incident_carries_its_marker_in_metadata(void)
{
	struct cache *c = cache_new();
	struct incident_change ch;
	struct outbox_row r;
	char *cause = NULL;
	const char *marker;
	json_t *p;
	int64_t row;

	memset(&ch, 0, sizeof ch);
	ch.name = "Billing down";
	ch.status = "investigating";
	ch.impact_override = "major";
	ch.body = "Our billing partner is down.";
	ch.deliver_notifications = 1;
	CHECK_INT(cache_action_incident_create(c, &ch, &row, &cause), CACHE_OK);
	p = payload_of(c, row, &r);
	marker = str_at(p, NULL, NULL, "marker");
	CHECK(hex32(marker));
	CHECK(strncmp(r.target, "incident:new:", 13) == 0);
	CHECK_STR(r.target + 13, marker);
	CHECK_STR(str_at(p, NULL, NULL, "path"), "/incidents");
	CHECK_STR(str_at(json_object_get(json_object_get(p, "body"), "incident"),
	    "metadata", "tdesk", "outbox"), marker);
	CHECK_STR(str_at(p, "body", "incident", "impact_override"), "major");
	json_decref(p);
	cache_outbox_row_clear(&r);
	free(cause);
	cache_close(&c);
}

static void
an_incident_update_is_bounded_by_the_newest_time_the_cache_knew(void)
{
	struct cache *c = cache_new();
	struct incident_change ch;
	struct outbox_row r;
	char *cause = NULL;
	json_t *p;
	int64_t row;

	put_incident(c);
	memset(&ch, 0, sizeof ch);
	ch.status = "monitoring";
	ch.body = "A fix is in place.";
	ch.deliver_notifications = -1;
	CHECK_INT(cache_action_incident_update(c, "inc1", &ch, &row, &cause),
	    CACHE_OK);
	p = payload_of(c, row, &r);
	CHECK_STR(r.target, "incident:inc1");
	CHECK_STR(str_at(p, NULL, NULL, "method"), "PATCH");
	CHECK_STR(str_at(p, NULL, NULL, "path"), "/incidents/inc1");
	CHECK_STR(str_at(p, NULL, NULL, "after"), "2026-03-01T09:45:00.250Z");
	CHECK_STR(str_at(p, "body", "incident", "status"), "monitoring");
	json_decref(p);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_action_incident_update(c, "nope", &ch, &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "incident nope is not in the cache");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_incident_update(c, "../x", &ch, &row, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "not an incident id");
	free(cause);
	cache_close(&c);
}

static void
component_and_postmortem_writes_go_to_their_paths(void)
{
	struct cache *c = cache_new();
	struct component_change cc;
	struct outbox_row r;
	char *cause = NULL;
	json_t *p;
	int64_t row;

	memset(&cc, 0, sizeof cc);
	cc.status = "under_maintenance";
	CHECK_INT(cache_action_component_update(c, "b1llgrp0acme", &cc, &row,
	    &cause), CACHE_OK);
	p = payload_of(c, row, &r);
	CHECK_STR(r.target, "component:b1llgrp0acme");
	CHECK_STR(str_at(p, NULL, NULL, "path"), "/components/b1llgrp0acme");
	CHECK_STR(str_at(p, "body", "component", "status"), "under_maintenance");
	json_decref(p);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_action_postmortem_draft(c, "inc1", "What happened.",
	    &row, &cause), CACHE_OK);
	p = payload_of(c, row, &r);
	CHECK_STR(r.kind, "postmortem.draft");
	CHECK_STR(r.target, "incident:inc1");
	CHECK_STR(str_at(p, NULL, NULL, "method"), "PUT");
	CHECK_STR(str_at(p, NULL, NULL, "path"), "/incidents/inc1/postmortem");
	json_decref(p);
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_action_postmortem_publish(c, "inc1", false, true, NULL,
	    &row, &cause), CACHE_OK);
	p = payload_of(c, row, &r);
	CHECK_STR(str_at(p, NULL, NULL, "path"),
	    "/incidents/inc1/postmortem/publish");
	CHECK(json_is_true(json_object_get(json_object_get(json_object_get(p,
	    "body"), "postmortem"), "notify_subscribers")));
	json_decref(p);
	cache_outbox_row_clear(&r);
	free(cause);
	cache_close(&c);
}

/* ---- Re-apply --------------------------------------------------------- */

static void
reapply_takes_the_fresh_stamp_and_refuses_rows_not_in_conflict(void)
{
	struct cache *c = cache_new();
	enum outbox_claim claim;
	char *cause = NULL;
	json_t *p;
	int64_t row;

	put_ticket(c, 101, "open", STAMP);
	CHECK_INT(cache_action_ticket_comment(c, 101, "Hello", true, &row,
	    &cause), CACHE_OK);
	CHECK_INT(cache_action_reapply(c, row, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is queued; only a row in conflict");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_mark_sending(c, row, 0, &claim, &cause), CACHE_OK);
	CHECK_INT(cache_outbox_mark_conflict(c, row, "{}", &cause), CACHE_OK);
	put_ticket(c, 101, "open", FRESH);
	CHECK_INT(cache_action_reapply(c, row, &cause), CACHE_OK);
	p = payload_of(c, row, NULL);
	CHECK_STR(str_at(p, "body", "ticket", "updated_stamp"), FRESH);
	CHECK_STR(str_at(json_object_get(json_object_get(p, "body"), "ticket"),
	    "comment", NULL, "body"), "Hello");
	json_decref(p);
	CHECK_INT(rows_queued(c), 1);
	cache_close(&c);
}

/* ---- Editing a write that was not applied ----------------------------- */

/* Claims row and settles it as state (failed or conflict). */
static void
settle(struct cache *c, int64_t row, enum outbox_state state)
{
	enum outbox_claim claim;
	char *cause = NULL;

	CHECK_INT(cache_outbox_mark_sending(c, row, 0, &claim, &cause), CACHE_OK);
	CHECK_INT(claim, OUTBOX_CLAIMED);
	if (state == OUTBOX_FAILED)
		CHECK_INT(cache_outbox_mark_failed(c, row, "HTTP 422", &cause),
		    CACHE_OK);
	else if (state == OUTBOX_CONFLICT)
		CHECK_INT(cache_outbox_mark_conflict(c, row, "{}", &cause),
		    CACHE_OK);
	else if (state == OUTBOX_DONE)
		CHECK_INT(cache_outbox_mark_done(c, row, &cause), CACHE_OK);
	free(cause);
}

static const char *
comment_of(json_t *p)
{
	return str_at(json_object_get(json_object_get(p, "body"), "ticket"),
	    "comment", NULL, "body");
}

static void
a_comment_is_edited_in_a_queued_failed_or_conflicting_update(void)
{
	static const struct {
		const char		*name;
		enum outbox_state	 state;	/* sending: only claimed */
		const char		*stamp_after;	/* the ticket resynced */
		const char		*want_stamp;
	} rows[] = {
		{ "queued", OUTBOX_QUEUED, FRESH, STAMP },
		{ "failed", OUTBOX_FAILED, FRESH, STAMP },
		{ "in conflict: the fresh stamp", OUTBOX_CONFLICT, FRESH, FRESH },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct cache *c = cache_new();
		struct outbox_row r;
		struct ticket_update u;
		char *cause = NULL;
		json_t *p;
		int64_t row;

		printf("# %s\n", rows[i].name);
		put_ticket(c, 101, "open", STAMP);
		memset(&u, 0, sizeof u);
		u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_STATUS;
		u.comment_html_body = "<p>Hello</p>";
		u.comment_public = 1;
		u.status = "pending";
		CHECK_INT(cache_action_ticket_update(c, 101, &u, &row, &cause),
		    CACHE_OK);
		if (rows[i].state != OUTBOX_QUEUED)
			settle(c, row, rows[i].state);
		put_ticket(c, 101, "open", rows[i].stamp_after);
		CHECK_INT(cache_action_edit_comment(c, row, "Olá, já resolvemos.",
		    &cause), CACHE_OK);
		CHECK_STR(cause, NULL);
		p = payload_of(c, row, &r);
		CHECK_INT(r.state, OUTBOX_QUEUED);
		CHECK_STR(comment_of(p), "Olá, já resolvemos.");
		CHECK(json_object_get(json_object_get(json_object_get(json_object_get(
		    p, "body"), "ticket"), "comment"), "html_body") == NULL);
		CHECK(json_is_true(json_object_get(json_object_get(json_object_get(
		    json_object_get(p, "body"), "ticket"), "comment"), "public")));
		CHECK_STR(str_at(p, "body", "ticket", "status"), "pending");
		CHECK_STR(str_at(p, "body", "ticket", "updated_stamp"),
		    rows[i].want_stamp);
		json_decref(p);
		cache_outbox_row_clear(&r);
		free(cause);
		cache_close(&c);
	}
}

static void
a_comment_edit_is_refused_where_there_is_none_or_it_is_blank(void)
{
	struct cache *c = cache_new();
	struct outbox_row r;
	char *cause = NULL;
	int64_t status_row, comment_row, sent_row, closed_row, pay_row;
	json_t *p;

	put_ticket(c, 101, "open", STAMP);
	put_ticket(c, 102, "open", STAMP);
	put_ticket(c, 104, "open", STAMP);
	put_payment(c, "flagged", 3);
	CHECK_INT(cache_action_ticket_status(c, 101, "solved", &status_row,
	    &cause), CACHE_OK);
	CHECK_INT(cache_action_ticket_comment(c, 101, "Hello", false,
	    &comment_row, &cause), CACHE_OK);
	CHECK_INT(cache_action_ticket_comment(c, 104, "Sent", false, &sent_row,
	    &cause), CACHE_OK);
	CHECK_INT(cache_action_ticket_comment(c, 102, "Closed", false,
	    &closed_row, &cause), CACHE_OK);
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_ACCEPT,
	    "ok", NULL, &pay_row, &cause), CACHE_OK);

	CHECK_INT(cache_action_edit_comment(c, status_row, "Hi", &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "changes ticket:101 without a comment: there is "
	    "no comment to edit");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_edit_comment(c, comment_row, " \t\n", &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "the comment is empty");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_edit_comment(c, comment_row, "bad \xff", &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "not UTF-8");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_edit_comment(c, pay_row, "Hi", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is a payment.resolve: only a ticket update's "
	    "comment can be edited");
	free(cause);
	cause = NULL;
	settle(c, sent_row, OUTBOX_DONE);
	CHECK_INT(cache_action_edit_comment(c, sent_row, "Hi", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is done; only a queued, failed or conflicting "
	    "write can be edited");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_edit_comment(c, 999, "Hi", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "there is no outbox row 999");
	free(cause);
	cause = NULL;
	/* In conflict on a ticket closed since: refused, the row left as it was. */
	settle(c, closed_row, OUTBOX_CONFLICT);
	put_ticket(c, 102, "closed", FRESH);
	CHECK_INT(cache_action_edit_comment(c, closed_row, "Hi", &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "ticket 102 is closed");
	p = payload_of(c, closed_row, &r);
	CHECK_INT(r.state, OUTBOX_CONFLICT);
	CHECK_STR(comment_of(p), "Closed");
	json_decref(p);
	cache_outbox_row_clear(&r);
	/* The refused rows are unchanged. */
	p = payload_of(c, comment_row, NULL);
	CHECK_STR(comment_of(p), "Hello");
	json_decref(p);
	free(cause);
	cache_close(&c);
}

static void
an_edited_body_must_keep_the_shape_of_its_kind(void)
{
	static const struct {
		const char	*body;
		const char	*cause;		/* NULL: accepted */
	} rows[] = {
		{ "{\"ticket\":{\"status\":\"solved\",\"priority\":\"high\"}}",
		  NULL },
		/* The stamp and safe_update are not the user's to change. */
		{ "{\"ticket\":{\"status\":\"hold\",\"safe_update\":false,"
		  "\"updated_stamp\":\"2030-01-01T00:00:00Z\"}}", NULL },
		{ "[]", "the body must be a JSON object" },
		{ "\"ticket\"", "the body is not JSON" },
		{ "{\"ticket\":[]}", "a ticket.update body must be {\"ticket\": "
		  "{...}} and nothing else" },
		{ "{\"ticket\":{},\"extra\":1}", "must be {\"ticket\": {...}}" },
		{ "{\"tickets\":[{}]}", "must be {\"ticket\": {...}}" },
		{ "{}", "must be {\"ticket\": {...}}" },
		{ "{\"ticket\":{\"status\":", "the body is not JSON (line 1" },
		{ "{\"ticket\":{\"a\":1,\"a\":2}}", "the body is not JSON" },
		{ NULL, "the body is not JSON" },
	};
	struct cache *c = cache_new();
	char *cause = NULL;
	json_t *p;
	int64_t row;
	size_t i;

	put_ticket(c, 101, "open", STAMP);
	CHECK_INT(cache_action_ticket_status(c, 101, "pending", &row, &cause),
	    CACHE_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		printf("# %s\n", rows[i].body != NULL ? rows[i].body : "(null)");
		p = payload_of(c, row, NULL);
		free(cause);
		cause = NULL;
		if (rows[i].cause == NULL) {
			json_t *want = json_loads(rows[i].body, 0, NULL), *got;

			CHECK_INT(cache_action_edit_body(c, row, rows[i].body,
			    &cause), CACHE_OK);
			json_decref(p);
			p = payload_of(c, row, NULL);
			got = json_object_get(json_object_get(p, "body"), "ticket");
			CHECK_STR(json_string_value(json_object_get(got, "status")),
			    json_string_value(json_object_get(json_object_get(want,
			    "ticket"), "status")));
			CHECK_STR(str_at(p, "body", "ticket", "updated_stamp"),
			    STAMP);
			CHECK(json_is_true(json_object_get(got, "safe_update")));
			CHECK_INT(json_integer_value(json_object_get(p,
			    "ticket_id")), 101);
			json_decref(want);
		} else {
			char *before = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
			char *after;

			CHECK_INT(cache_action_edit_body(c, row, rows[i].body,
			    &cause), CACHE_ERR);
			CHECK_CONTAINS(cause, rows[i].cause);
			json_decref(p);
			p = payload_of(c, row, NULL);
			after = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
			CHECK_STR(after, before);	/* nothing changed */
			free(before);
			free(after);
		}
		json_decref(p);
	}
	free(cause);
	cache_close(&c);
}

static void
an_edited_body_keeps_markers_versions_and_takes_a_fresh_stamp_in_conflict(void)
{
	struct cache *c = cache_new();
	struct ticket_update u;
	struct outbox_row r;
	char marker[ACTION_MARKER_SIZE], *cause = NULL;
	int64_t create_row, pay_row, upd_row, bulk_row;
	int64_t ids[1] = { 103 };
	json_t *p;

	put_ticket(c, 101, "open", STAMP);
	put_ticket(c, 103, "open", STAMP);
	put_payment(c, "flagged", 3);
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_SUBJECT;
	u.subject = "Faktura";
	u.comment_body = "Proszę o korektę.";
	CHECK_INT(cache_action_ticket_create(c, &u, marker, &create_row, &cause),
	    CACHE_OK);
	CHECK_INT(cache_action_edit_body(c, create_row, "{\"ticket\":{"
	    "\"subject\":\"Faktura korygująca\",\"comment\":{\"body\":\"x\"},"
	    "\"external_id\":\"mine\"}}", &cause), CACHE_OK);
	p = payload_of(c, create_row, NULL);
	CHECK_STR(str_at(p, "body", "ticket", "subject"), "Faktura korygująca");
	CHECK_STR(str_at(p, "body", "ticket", "external_id"), marker);
	json_decref(p);

	/* A resolution in conflict takes the payment's current version. */
	CHECK_INT(cache_action_payment_resolve(c, "fp_9", PAYMENT_ACTION_ACCEPT,
	    "ok", NULL, &pay_row, &cause), CACHE_OK);
	CHECK_INT(cache_action_edit_body(c, pay_row, "{\"note\":\"x\"}", &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, "a payment.resolve body must be an object with a "
	    "string \"action\"");
	free(cause);
	cause = NULL;
	settle(c, pay_row, OUTBOX_CONFLICT);
	put_payment(c, "flagged", 5);
	CHECK_INT(cache_action_edit_body(c, pay_row, "{\"action\":\"accept\","
	    "\"note\":\"checked twice\",\"expected_version\":1}", &cause),
	    CACHE_OK);
	p = payload_of(c, pay_row, &r);
	CHECK_INT(r.state, OUTBOX_QUEUED);
	CHECK_STR(str_at(p, "body", NULL, "note"), "checked twice");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(p, "body"),
	    "expected_version")), 5);
	json_decref(p);
	cache_outbox_row_clear(&r);

	/* A ticket update in conflict takes the fresh stamp. */
	CHECK_INT(cache_action_ticket_status(c, 101, "pending", &upd_row, &cause),
	    CACHE_OK);
	settle(c, upd_row, OUTBOX_CONFLICT);
	put_ticket(c, 101, "open", FRESH);
	CHECK_INT(cache_action_edit_body(c, upd_row, "{\"ticket\":{\"status\":"
	    "\"hold\"}}", &cause), CACHE_OK);
	p = payload_of(c, upd_row, &r);
	CHECK_INT(r.state, OUTBOX_QUEUED);
	CHECK_STR(str_at(p, "body", "ticket", "status"), "hold");
	CHECK_STR(str_at(p, "body", "ticket", "updated_stamp"), FRESH);
	json_decref(p);
	cache_outbox_row_clear(&r);

	/* A bulk item stays about its ticket. */
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS;
	u.status = "solved";
	CHECK_INT(cache_action_ticket_bulk(c, ids, 1, &u, &bulk_row, &cause),
	    CACHE_OK);
	CHECK_INT(cache_action_edit_body(c, bulk_row, "{\"tickets\":[{\"id\":104,"
	    "\"status\":\"open\"}]}", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "the body must stay about ticket:103");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_edit_body(c, bulk_row, "{\"tickets\":[{\"id\":103},"
	    "{\"id\":104}]}", &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "holds exactly one ticket object");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_action_edit_body(c, bulk_row, "{\"tickets\":[{\"id\":103,"
	    "\"status\":\"open\"}]}", &cause), CACHE_OK);
	p = payload_of(c, bulk_row, NULL);
	CHECK_STR(str_at(json_array_get(json_object_get(json_object_get(p, "body"),
	    "tickets"), 0), NULL, NULL, "status"), "open");
	CHECK_STR(str_at(json_array_get(json_object_get(json_object_get(p, "body"),
	    "tickets"), 0), NULL, NULL, "updated_stamp"), STAMP);
	json_decref(p);
	free(cause);
	cache_close(&c);
}

static const struct test tests[] = {
	T(a_ticket_update_is_a_safe_update_on_the_cached_stamp),
	T(a_write_to_a_ticket_not_cached_or_closed_is_refused),
	T(a_blank_comment_an_empty_change_or_a_bad_status_is_refused),
	T(a_macro_is_queued_with_its_resolved_changes_and_its_id),
	T(a_bulk_change_queues_a_row_per_ticket_sharing_one_batch),
	T(a_bulk_change_with_a_comment_a_duplicate_or_an_unknown_ticket_queues_nothing),
	T(a_new_ticket_carries_its_marker_as_external_id),
	T(a_refund_is_for_all_that_was_received_as_an_exact_decimal),
	T(a_refund_beyond_what_was_received_or_on_a_resolved_payment_is_refused),
	T(a_new_incident_carries_its_marker_in_metadata),
	T(an_incident_update_is_bounded_by_the_newest_time_the_cache_knew),
	T(component_and_postmortem_writes_go_to_their_paths),
	T(reapply_takes_the_fresh_stamp_and_refuses_rows_not_in_conflict),
	T(a_comment_is_edited_in_a_queued_failed_or_conflicting_update),
	T(a_comment_edit_is_refused_where_there_is_none_or_it_is_blank),
	T(an_edited_body_must_keep_the_shape_of_its_kind),
	T(an_edited_body_keeps_markers_versions_and_takes_a_fresh_stamp_in_conflict),
};

TEST_MAIN(tests)
