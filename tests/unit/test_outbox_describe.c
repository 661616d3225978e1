/*
 * Unit tests for cache/outbox_describe.c: every kind of write read into
 * rows of (field, this write, the server now), and the one retry policy
 * for every state, unknown outcome and kind that matters, with no
 * terminal.
 */
#include "test.h"

#include <stdbool.h>
#include <stdint.h>

#include "cache/actions.h"
#include "cache/cache.h"
#include "cache/outbox.h"
#include "cache/outbox_describe.h"

#include "cachetest.h"

/* The row's fields are not const; the describer only reads them. */
static char *
text(const char *s)
{
	return (char *)(uintptr_t)s;
}

/* A row as the outbox holds it, for the describer alone. */
static struct outbox_row
row(const char *kind, const char *target, const char *payload,
    const char *conflict)
{
	struct outbox_row r;

	memset(&r, 0, sizeof r);
	r.id = 7;
	r.backend = text("zendesk");
	r.kind = text(kind);
	r.target = text(target);
	r.payload = text(payload);
	r.conflict_json = text(conflict);
	r.state = conflict != NULL ? OUTBOX_CONFLICT : OUTBOX_FAILED;
	return r;
}

/* The row of d labelled label; NULL after a failure when there is none. */
static const struct outbox_desc_row *
find(const struct outbox_desc *d, const char *label)
{
	size_t i;

	for (i = 0; i < d->nrows; i++) {
		if (strcmp(d->rows[i].label, label) == 0)
			return &d->rows[i];
	}
	TEST_FAIL("no row \"%s\" among %zu", label, d->nrows);
	return NULL;
}

/* Row label of d is (mine, theirs); theirs NULL: no server value. */
static void
check_row(const struct outbox_desc *d, const char *label, const char *mine,
    const char *theirs)
{
	const struct outbox_desc_row *r = find(d, label);

	if (r == NULL)
		return;
	CHECK_STR(r->this_write, mine);
	CHECK_STR(r->server_now, theirs);
}

static bool
has_row(const struct outbox_desc *d, const char *label)
{
	size_t i;

	for (i = 0; i < d->nrows; i++) {
		if (strcmp(d->rows[i].label, label) == 0)
			return true;
	}
	return false;
}

static void
a_ticket_update_in_conflict_is_set_against_the_servers_ticket(void)
{
	struct cache *c = cache_new();
	struct outbox_row r = row("ticket.update", "ticket:101",
	    "{\"v\":1,\"method\":\"PUT\",\"path\":\"/api/v2/tickets/101\","
	    "\"body\":{\"ticket\":{\"status\":\"pending\",\"assignee_id\":40003,"
	    "\"additional_tags\":[\"vip\"],\"remove_tags\":[\"spam\"],"
	    "\"comment\":{\"body\":\"Checked.\",\"public\":false},"
	    "\"safe_update\":true,\"updated_stamp\":\"" STAMP "\"}},"
	    "\"ticket_id\":101}",
	    "{\"id\":101,\"status\":\"open\",\"assignee_id\":null,"
	    "\"tags\":[\"billing\"],\"updated_at\":\"" FRESH "\"}");
	struct outbox_desc d;

	cache_outbox_describe_row(c, &r, NULL, &d);
	CHECK(d.parses);
	CHECK_STR(d.summary, "ticket.update to ticket:101");
	CHECK_STR(d.request, "PUT /api/v2/tickets/101");
	CHECK(d.server_known);
	CHECK_STR(d.based_on, STAMP);
	CHECK_STR(d.server_version, FRESH);
	check_row(&d, "status", "pending", "open");
	check_row(&d, "assignee", "40003", "(none)");
	check_row(&d, "tags", "+vip -spam", "billing");
	check_row(&d, "internal note", "Checked.", NULL);
	CHECK_STR(d.note, "It also adds an internal note.");
	CHECK_STR(d.comment, "Checked.");
	CHECK(!has_row(&d, "safe_update") && !has_row(&d, "updated_stamp"));
	CHECK_CONTAINS(d.body, "\"safe_update\": true");
	CHECK_CONTAINS(d.server_shown, "\"billing\"");
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
a_macro_and_a_bulk_row_say_what_they_change_with_no_server_value(void)
{
	struct cache *c = cache_new();
	struct outbox_row m = row("ticket.update", "ticket:101",
	    "{\"method\":\"PUT\",\"path\":\"/api/v2/tickets/101\",\"macro_id\":"
	    "9,\"body\":{\"ticket\":{\"priority\":\"high\",\"tags\":[\"a\","
	    "\"b\"],\"comment\":{\"body\":\"Hello\"}}}}", NULL);
	struct outbox_row b = row("ticket.bulk", "ticket:5",
	    "{\"method\":\"PUT\",\"path\":\"/api/v2/tickets/update_many\","
	    "\"body\":{\"tickets\":[{\"id\":5,\"status\":\"solved\","
	    "\"group_id\":12,\"safe_update\":true,\"updated_stamp\":\"" STAMP
	    "\"}]},\"batch\":\"k\"}", NULL);
	struct outbox_desc d;

	cache_outbox_describe_row(c, &m, NULL, &d);
	CHECK_INT(d.macro_id, 9);
	CHECK(!d.server_known);
	check_row(&d, "priority", "high", NULL);
	check_row(&d, "tags", "a b", NULL);
	check_row(&d, "reply", "Hello", NULL);
	CHECK_STR(d.note, "It also adds a public reply.");
	cache_outbox_desc_clear(&d);

	cache_outbox_describe_row(c, &b, NULL, &d);
	CHECK_STR(d.request, "PUT /api/v2/tickets/update_many");
	check_row(&d, "status", "solved", NULL);
	check_row(&d, "group", "12", NULL);
	CHECK(!has_row(&d, "id"));
	CHECK_STR(d.based_on, STAMP);
	CHECK(d.comment == NULL);
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
a_ticket_create_shows_its_fields_but_not_its_marker(void)
{
	struct cache *c = cache_new();
	struct outbox_row r = row("ticket.create", "ticket:new:k",
	    "{\"method\":\"POST\",\"path\":\"/api/v2/tickets\",\"body\":"
	    "{\"ticket\":{\"subject\":\"Card declined\",\"comment\":{\"body\":"
	    "\"It fails\",\"public\":true},\"external_id\":\"tdesk-k\"}},"
	    "\"marker\":\"tdesk-k\"}", NULL);
	struct outbox_desc d;

	cache_outbox_describe_row(c, &r, NULL, &d);
	check_row(&d, "subject", "Card declined", NULL);
	check_row(&d, "reply", "It fails", NULL);
	CHECK(!has_row(&d, "external_id"));
	/* Only a ticket.update's comment is edited as text. */
	CHECK(d.comment == NULL);
	CHECK(d.based_on == NULL);
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
a_payment_resolution_in_conflict_shows_the_version_and_the_status(void)
{
	struct cache *c = cache_new();
	struct outbox_row r = row("payment.resolve", "payment:fp_9",
	    "{\"method\":\"POST\",\"path\":\"/v1/flagged-payments/fp_9/"
	    "resolution\",\"body\":{\"action\":\"refund\",\"note\":\"short\","
	    "\"expected_version\":3,\"refund_amount\":\"0.01\"},"
	    "\"payment_id\":\"fp_9\",\"currency\":\"PLN\"}",
	    "{\"id\":\"fp_9\",\"version\":4,\"status\":\"flagged\"}");
	struct outbox_desc d;

	cache_outbox_describe_row(c, &r, NULL, &d);
	check_row(&d, "action", "refund", "flagged");
	check_row(&d, "refund", "0.01 PLN", NULL);
	check_row(&d, "note", "short", NULL);
	CHECK(!has_row(&d, "expected_version"));
	CHECK_STR(d.based_on, "3");
	CHECK_STR(d.server_version, "version 4, flagged");
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
statuspage_writes_show_each_field_they_set(void)
{
	static const struct {
		const char	*kind;
		const char	*payload;
		const char	*label;
		const char	*value;
		const char	*hidden;	/* a key that is no row */
	} t[] = {
		{ "incident.update", "{\"method\":\"PATCH\",\"path\":"
		    "\"/incidents/inc1\",\"body\":{\"incident\":{\"status\":"
		    "\"monitoring\",\"body\":\"Fixed\",\"deliver_notifications\":"
		    "true}},\"incident_id\":\"inc1\",\"after\":\"x\"}",
		    "deliver_notifications", "yes", "after" },
		{ "incident.create", "{\"method\":\"POST\",\"path\":"
		    "\"/incidents\",\"body\":{\"incident\":{\"name\":\"Down\","
		    "\"status\":\"investigating\",\"metadata\":{\"tdesk\":"
		    "{\"outbox\":\"k\"}}}},\"marker\":\"k\"}",
		    "name", "Down", "metadata" },
		{ "component.update", "{\"method\":\"PATCH\",\"path\":"
		    "\"/components/c1\",\"body\":{\"component\":{\"status\":"
		    "\"degraded_performance\"}},\"component_id\":\"c1\"}",
		    "status", "degraded_performance", "component_id" },
		{ "postmortem.draft", "{\"method\":\"PUT\",\"path\":"
		    "\"/incidents/inc1/postmortem\",\"body\":{\"postmortem\":"
		    "{\"body_draft\":\"What happened\"}},\"incident_id\":\"inc1\"}",
		    "draft", "What happened", "body_draft" },
		{ "postmortem.publish", "{\"method\":\"PUT\",\"path\":"
		    "\"/incidents/inc1/postmortem/publish\",\"body\":"
		    "{\"postmortem\":{\"notify_twitter\":false,"
		    "\"notify_subscribers\":true,\"custom_tweet\":\"Sorry\"}},"
		    "\"incident_id\":\"inc1\"}",
		    "notify_subscribers", "yes", "incident_id" },
	};
	struct cache *c = cache_new();
	struct outbox_desc d;
	struct outbox_row r;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		r = row(t[i].kind, "incident:inc1", t[i].payload, NULL);
		cache_outbox_describe_row(c, &r, NULL, &d);
		CHECK(d.parses);
		check_row(&d, t[i].label, t[i].value, NULL);
		CHECK(!has_row(&d, t[i].hidden));
		cache_outbox_desc_clear(&d);
	}
	cache_close(&c);
}

/* Drops every ESC and BEL: what a sanitiser does, for the test. */
static char *
no_controls(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != '\033' && s[i] != '\007')
			out[n++] = s[i];
	}
	out[n] = '\0';
	return out;
}

static void
what_is_shown_is_cleaned_and_what_is_edited_is_not(void)
{
	struct cache *c = cache_new();
	struct outbox_row r = row("ticket.update", "ticket:101",
	    "{\"method\":\"PUT\",\"path\":\"/p\",\"body\":{\"ticket\":"
	    "{\"comment\":{\"body\":\"a\\u001b[31mred\"}}}}",
	    "{\"subject\":\"x\\u0007y\"}");
	struct outbox_desc d;

	cache_outbox_describe_row(c, &r, no_controls, &d);
	CHECK_CONTAINS(d.body_shown, "a[31mred");
	CHECK_CONTAINS(d.body, "\\u001B[31mred");
	CHECK_CONTAINS(d.server_shown, "xy");
	CHECK_STR(d.comment, "a\033[31mred");
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
a_request_or_server_version_that_does_not_parse_is_said_so(void)
{
	struct cache *c = cache_new();
	struct outbox_row r = row("ticket.update", "ticket:101", "{not json",
	    "<html>busy</html>");
	struct outbox_desc d;

	cache_outbox_describe_row(c, &r, NULL, &d);
	CHECK(!d.parses);
	CHECK_STR(d.summary, "ticket.update to ticket:101");
	CHECK(d.request == NULL && d.nrows == 0);
	CHECK(!d.server_known);
	CHECK_STR(d.server_shown, "<html>busy</html>");
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
describe_by_id_reads_the_queued_row_and_names_a_missing_one(void)
{
	struct cache *c = cache_new();
	struct outbox_desc d;
	char *cause = NULL;
	int64_t id = 0;
	bool found = true;

	put_ticket(c, 101, "open", STAMP);
	CHECK_INT(cache_action_ticket_status(c, 101, "solved", &id, &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_describe(c, id, NULL, &d, &found, &cause),
	    CACHE_OK);
	CHECK(found);
	/* Not in conflict: against the cache's copy of the ticket. */
	CHECK(d.server_cached && !d.server_known);
	check_row(&d, "status", "solved", "open");
	CHECK_STR(d.based_on, STAMP);
	CHECK_STR(d.server_version, STAMP);
	CHECK(d.server_shown == NULL);
	cache_outbox_desc_clear(&d);
	CHECK_INT(cache_outbox_describe(c, id + 100, NULL, &d, &found, &cause),
	    CACHE_OK);
	CHECK(!found);
	cache_close(&c);
}

/*
 * A conflict retried keeps its conflict_json while it waits again: its rows
 * are set against the cache's newer copy, and the old version is freed
 * (found by fuzz_outbox_describe as a leak).
 */
static void
a_retried_conflict_is_set_against_the_cache_not_the_old_conflict(void)
{
	struct cache *c = cache_new();
	struct outbox_row r = row("ticket.update", "ticket:101",
	    "{\"v\":1,\"method\":\"PUT\",\"path\":\"/api/v2/tickets/101\","
	    "\"body\":{\"ticket\":{\"status\":\"solved\","
	    "\"safe_update\":true,\"updated_stamp\":\"" STAMP "\"}},"
	    "\"ticket_id\":101}",
	    "{\"id\":101,\"status\":\"pending\",\"updated_at\":\"" FRESH
	    "\"}");
	struct outbox_desc d;

	put_ticket(c, 101, "open", STAMP);
	r.state = OUTBOX_QUEUED;
	cache_outbox_describe_row(c, &r, NULL, &d);
	CHECK(d.server_cached);
	check_row(&d, "status", "solved", "open");
	cache_outbox_desc_clear(&d);
	cache_close(&c);
}

static void
the_retry_policy_for_every_state_outcome_and_kind(void)
{
	static const struct {
		enum outbox_state state;
		bool		 orphaned;
		bool		 unsure;
		const char	*kind;
		enum outbox_retry want;
		const char	*why;		/* in the reason; NULL: none */
	} t[] = {
		{ OUTBOX_QUEUED, false, false, "ticket.update",
		    OUTBOX_RETRY_QUEUED, "next drain" },
		{ OUTBOX_QUEUED, false, true, "payment.resolve",
		    OUTBOX_RETRY_QUEUED, "next drain" },
		{ OUTBOX_SENDING, false, false, "ticket.update",
		    OUTBOX_RETRY_REFUSE, "being sent right now" },
		{ OUTBOX_SENDING, true, true, "ticket.update",
		    OUTBOX_RETRY_REFUSE, "reads it back" },
		{ OUTBOX_SENDING, true, true, "incident.update",
		    OUTBOX_RETRY_REFUSE, "reads it back" },
		{ OUTBOX_FAILED, false, false, "ticket.update",
		    OUTBOX_RETRY_REQUEUE, NULL },
		{ OUTBOX_FAILED, false, true, "ticket.update",
		    OUTBOX_RETRY_REQUEUE, NULL },
		{ OUTBOX_FAILED, false, true, "payment.resolve",
		    OUTBOX_RETRY_REQUEUE, NULL },
		{ OUTBOX_FAILED, false, false, "incident.create",
		    OUTBOX_RETRY_REQUEUE, NULL },
		{ OUTBOX_FAILED, false, false, "postmortem.publish",
		    OUTBOX_RETRY_REQUEUE, NULL },
		{ OUTBOX_CONFLICT, false, false, "ticket.update",
		    OUTBOX_RETRY_REAPPLY, NULL },
		{ OUTBOX_CONFLICT, false, false, "ticket.bulk",
		    OUTBOX_RETRY_REAPPLY, NULL },
		{ OUTBOX_CONFLICT, false, false, "payment.resolve",
		    OUTBOX_RETRY_REAPPLY, NULL },
		{ OUTBOX_CONFLICT, false, true, "ticket.update",
		    OUTBOX_RETRY_REAPPLY, NULL },
		{ OUTBOX_CONFLICT, false, false, "incident.update",
		    OUTBOX_RETRY_REFUSE, "no version" },
		{ OUTBOX_CONFLICT, false, false, "ticket.create",
		    OUTBOX_RETRY_REFUSE, "no version" },
		{ OUTBOX_DONE, false, false, "ticket.update",
		    OUTBOX_RETRY_REFUSE, "sent already" },
	};
	struct outbox_row r;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&r, 0, sizeof r);
		r.state = t[i].state;
		r.orphaned = t[i].orphaned;
		r.unsure = t[i].unsure;
		r.kind = text(t[i].kind);
		why = "(unset)";
		if (cache_outbox_retry_plan(&r, &why) != t[i].want)
			TEST_FAIL("case %zu (%s, %s): got %d, want %d", i,
			    cache_outbox_state_name(t[i].state), t[i].kind,
			    (int)cache_outbox_retry_plan(&r, NULL),
			    (int)t[i].want);
		if (t[i].why != NULL)
			CHECK_CONTAINS(why, t[i].why);
		else
			CHECK(why == NULL);
	}
}

/* Queues a status change of ticket 101 and has it answered as outcome. */
static int64_t
answered(struct cache *c, const char *outcome)
{
	enum outbox_claim claim;
	char *cause = NULL;
	int64_t id = 0;

	CHECK_INT(cache_action_ticket_status(c, 101, "pending", &id, &cause),
	    CACHE_OK);
	CHECK_INT(cache_outbox_mark_sending(c, id, 0, &claim, &cause), CACHE_OK);
	if (strcmp(outcome, "conflict") == 0)
		CHECK_INT(cache_outbox_mark_conflict(c, id, "{\"status\":"
		    "\"open\",\"updated_at\":\"" FRESH "\"}", &cause), CACHE_OK);
	else if (strcmp(outcome, "unsure") == 0)
		CHECK_INT(cache_outbox_mark_failed_unsure(c, id, "gone", &cause),
		    CACHE_OK);
	else
		CHECK_INT(cache_outbox_mark_failed(c, id, "HTTP 422", &cause),
		    CACHE_OK);
	free(cause);
	return id;
}

static struct outbox_row
get(struct cache *c, int64_t id)
{
	struct outbox_row r;
	bool found = false;

	memset(&r, 0, sizeof r);
	if (cache_outbox_get(c, id, &r, &found, NULL) != CACHE_OK || !found)
		TEST_FAIL("no outbox row %lld", (long long)id);
	return r;
}

static void
a_retry_requeues_a_failed_row_and_keeps_an_unknown_outcome(void)
{
	struct cache *c = cache_new();
	enum outbox_retry done;
	struct outbox_row r;
	char *cause = NULL;
	int64_t a, b;

	put_ticket(c, 101, "open", STAMP);
	a = answered(c, "failed");
	CHECK_INT(cache_outbox_retry_run(c, a, false, &done, &cause), CACHE_OK);
	CHECK_INT(done, OUTBOX_RETRY_REQUEUE);
	r = get(c, a);
	CHECK_INT(r.state, OUTBOX_QUEUED);
	CHECK(!r.unsure);
	cache_outbox_row_clear(&r);
	/* A queued row is nothing to retry: said, and left alone. */
	CHECK_INT(cache_outbox_retry_run(c, a, true, &done, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "is queued");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_outbox_drop(c, a, &(bool){ false }, &cause), CACHE_OK);

	b = answered(c, "unsure");
	CHECK_INT(cache_outbox_retry_run(c, b, false, &done, &cause), CACHE_OK);
	r = get(c, b);
	CHECK_INT(r.state, OUTBOX_QUEUED);
	CHECK(r.unsure);	/* read back before it is sent again */
	cache_outbox_row_clear(&r);
	CHECK_INT(cache_outbox_retry_run(c, 999, true, &done, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "no longer in the outbox");
	free(cause);
	cache_close(&c);
}

static void
a_retry_reapplies_a_conflict_only_once_confirmed(void)
{
	struct cache *c = cache_new();
	enum outbox_retry done;
	struct outbox_row r;
	char *cause = NULL;
	int64_t id;

	put_ticket(c, 101, "open", STAMP);
	id = answered(c, "conflict");
	put_ticket(c, 101, "open", FRESH);
	CHECK_INT(cache_outbox_retry_run(c, id, false, &done, &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "confirm");
	free(cause);
	cause = NULL;
	r = get(c, id);
	CHECK_INT(r.state, OUTBOX_CONFLICT);
	cache_outbox_row_clear(&r);

	CHECK_INT(cache_outbox_retry_run(c, id, true, &done, &cause), CACHE_OK);
	CHECK_INT(done, OUTBOX_RETRY_REAPPLY);
	r = get(c, id);
	CHECK_INT(r.state, OUTBOX_QUEUED);
	CHECK_CONTAINS(r.payload, "\"updated_stamp\":\"" FRESH "\"");
	cache_outbox_row_clear(&r);
	cache_close(&c);
}

static const struct test tests[] = {
	T(a_ticket_update_in_conflict_is_set_against_the_servers_ticket),
	T(a_macro_and_a_bulk_row_say_what_they_change_with_no_server_value),
	T(a_ticket_create_shows_its_fields_but_not_its_marker),
	T(a_payment_resolution_in_conflict_shows_the_version_and_the_status),
	T(statuspage_writes_show_each_field_they_set),
	T(what_is_shown_is_cleaned_and_what_is_edited_is_not),
	T(a_request_or_server_version_that_does_not_parse_is_said_so),
	T(describe_by_id_reads_the_queued_row_and_names_a_missing_one),
	T(a_retried_conflict_is_set_against_the_cache_not_the_old_conflict),
	T(the_retry_policy_for_every_state_outcome_and_kind),
	T(a_retry_requeues_a_failed_row_and_keeps_an_unknown_outcome),
	T(a_retry_reapplies_a_conflict_only_once_confirmed),
};

TEST_MAIN(tests)
