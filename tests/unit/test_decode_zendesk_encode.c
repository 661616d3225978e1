/*
 * Unit tests for api/zendesk_encode.c: the published Zendesk request
 * bodies in ../shared/reference/payloads/ are what the encoders write, and
 * bad changes are refused naming the field before anything is sent.
 */
#include <errno.h>
#include <jansson.h>

#include "test.h"
#include "api/model.h"
#include "api/xmalloc.h"
#include "api/zendesk_encode.h"

#include "payload.h"

/* ---- The published request bodies ------------------------------------ */

/* The request payloads are checked against what the encoders write. */
static int
same_json(const char *got, const char *want_text)
{
	json_t *g = json_loads(got, 0, NULL), *w = json_loads(want_text, 0,
	    NULL);
	int same = g != NULL && w != NULL && json_equal(g, w);

	json_decref(g);
	json_decref(w);
	return same;
}

static void
update_encoder_writes_the_documented_update_body(void)
{
	struct ticket_update u;
	char *json = NULL, *cause = NULL, *b;
	size_t len;

	if ((b = payload("zendesk-ticket-update-request.json", &len)) == NULL)
		return;
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_CUSTOM_STATUS |
	    TICKET_UPDATE_STATUS;
	u.comment_body = (char *)"Thanks for choosing Acme Jet Motors.";
	u.comment_public = 1;
	u.custom_status_id = 321;
	u.status = (char *)"solved";
	CHECK_INT(zendesk_encode_ticket_update(&u, &json, &cause), 0);
	if (!same_json(json, b))
		TEST_FAIL("wrote %s", json ? json : cause);
	free(json);
	free(b);
}

static void
update_many_encoders_write_the_documented_bulk_and_batch_bodies(void)
{
	struct ticket_update u[2];
	char *json = NULL, *cause = NULL, *bulk, *batch;
	size_t len;

	if ((bulk = payload("zendesk-update-many-bulk-request.json",
	    &len)) == NULL)
		return;
	if ((batch = payload("zendesk-update-many-batch-request.json",
	    &len)) == NULL) {
		free(bulk);
		return;
	}
	memset(u, 0, sizeof u);
	u[0].set = u[1].set = TICKET_UPDATE_STATUS;
	u[0].id = 1;
	u[0].status = (char *)"solved";
	u[1].id = 2;
	u[1].status = (char *)"pending";
	CHECK_INT(zendesk_encode_update_many(&u[0], &json, &cause), 0);
	if (!same_json(json, bulk))
		TEST_FAIL("bulk: wrote %s", json ? json : cause);
	free(json);
	CHECK_INT(zendesk_encode_update_batch(u, 2, &json, &cause), 0);
	if (!same_json(json, batch))
		TEST_FAIL("batch: wrote %s", json ? json : cause);
	free(json);
	free(bulk);
	free(batch);
}

static void
safe_update_is_sent_as_a_boolean_unlike_the_tags_example(void)
{
	struct ticket_update u;
	char *tags[] = { "customer" };
	char *json = NULL, *cause = NULL, *b;
	json_t *req, *got, *t;
	size_t len;

	if ((b = payload("zendesk-tags-safe-update-request.json", &len)) == NULL)
		return;
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_TAGS;
	u.tags.items = tags;
	u.tags.n = 1;
	u.updated_stamp = (char *)"2019-09-12T21:45:16Z";
	CHECK_INT(zendesk_encode_ticket_update(&u, &json, &cause), 0);
	req = json_loads(b, 0, NULL);
	got = json ? json_loads(json, 0, NULL) : NULL;
	t = json_object_get(got, "ticket");
	CHECK(json_equal(json_object_get(t, "tags"),
	    json_object_get(req, "tags")));
	CHECK(json_equal(json_object_get(t, "updated_stamp"),
	    json_object_get(req, "updated_stamp")));
	/* The published example has "true", a string; Zendesk's field is boolean. */
	CHECK(json_is_string(json_object_get(req, "safe_update")));
	CHECK(json_is_true(json_object_get(t, "safe_update")));
	json_decref(req);
	json_decref(got);
	free(json);
	free(b);
}

/* ---- Other changes ------------------------------------------------------ */

static void
update_encoder_adds_safe_update_with_the_stamp(void)
{
	struct ticket_update u;
	char *json = NULL, *cause = NULL;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_STATUS |
	    TICKET_UPDATE_ASSIGNEE | TICKET_UPDATE_GROUP |
	    TICKET_UPDATE_PRIORITY;
	u.comment_body = (char *)"Dzi\xc4\x99kujemy, zwrot 0,01 z\xc5\x82.";
	u.comment_public = 0;
	u.status = (char *)"pending";
	u.group_id = 98738;
	u.priority = (char *)"high";
	u.updated_stamp = (char *)"2019-06-05T01:13:24Z";
	CHECK_INT(zendesk_encode_ticket_update(&u, &json, &cause), 0);
	CHECK_STR(json, "{\"ticket\":{\"comment\":{\"body\":\"Dzi\xc4\x99kujemy, "
	    "zwrot 0,01 z\xc5\x82.\",\"public\":false},\"status\":\"pending\","
	    "\"priority\":\"high\",\"assignee_id\":null,\"group_id\":98738,"
	    "\"safe_update\":true,\"updated_stamp\":\"2019-06-05T01:13:24Z\"}}");
	free(json);
	free(cause);
}

static void
update_encoder_sends_additional_and_removed_tags(void)
{
	struct ticket_update u;
	char *add[] = { "billing", "pln" }, *rm[] = { "triage" };
	char *json = NULL, *cause = NULL;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_ADD_TAGS | TICKET_UPDATE_REMOVE_TAGS;
	u.additional_tags.items = add;
	u.additional_tags.n = 2;
	u.remove_tags.items = rm;
	u.remove_tags.n = 1;
	CHECK_INT(zendesk_encode_update_many(&u, &json, &cause), 0);
	CHECK_STR(json, "{\"ticket\":{\"additional_tags\":[\"billing\",\"pln\"],"
	    "\"remove_tags\":[\"triage\"]}}");
	free(json);
	free(cause);
}

static void
create_encoder_needs_a_comment_and_sends_the_requester(void)
{
	struct ticket_update u;
	char *json = NULL, *cause = NULL;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_SUBJECT | TICKET_UPDATE_REQUESTER |
	    TICKET_UPDATE_TYPE;
	u.subject = (char *)"Payment 15.45 PLN for order 15.46 PLN";
	u.requester_id = 20978392;
	u.type = (char *)"question";
	CHECK(zendesk_encode_ticket_create(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket: a new ticket needs a comment");
	CHECK(json == NULL);
	free(cause);
	cause = NULL;
	u.set |= TICKET_UPDATE_COMMENT;
	u.comment_body = (char *)"We received 15.45 PLN.";
	u.comment_public = 1;
	CHECK_INT(zendesk_encode_ticket_create(&u, &json, &cause), 0);
	CHECK_STR(json, "{\"ticket\":{\"subject\":\"Payment 15.45 PLN for order "
	    "15.46 PLN\",\"comment\":{\"body\":\"We received 15.45 PLN.\","
	    "\"public\":true},\"type\":\"question\",\"requester_id\":20978392}}");
	free(json);
	free(cause);
}

static void
encoders_refuse_bad_changes_naming_the_field(void)
{
	struct ticket_update u, batch[2];
	char *bad_tags[] = { "two words" };
	char *json = NULL, *cause = NULL;

	memset(&u, 0, sizeof u);
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket: nothing to change");
	free(cause);

	u.set = TICKET_UPDATE_STATUS;
	u.status = (char *)"done";
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket.status: \"done\" is not one of new, open, "
	    "pending, hold, solved, closed");
	free(cause);

	u.status = (char *)"open";
	u.updated_stamp = (char *)"2019-06-05 01:13:24";
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket.updated_stamp: not an RFC 3339 timestamp");
	free(cause);

	u.updated_stamp = NULL;
	u.set = TICKET_UPDATE_COMMENT;
	u.comment_body = (char *)"\xff\xfe";
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket.comment.body: text is not valid UTF-8");
	free(cause);

	u.comment_body = NULL;
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket.comment: a comment needs a body");
	free(cause);

	u.set = TICKET_UPDATE_TAGS;
	u.tags.items = bad_tags;
	u.tags.n = 1;
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket.tags[0]: a tag must be one non-empty word");
	free(cause);

	u.set = TICKET_UPDATE_ASSIGNEE;
	u.assignee_id = -3;
	CHECK(zendesk_encode_ticket_update(&u, &json, &cause) != 0);
	CHECK_STR(cause, "ticket.assignee_id: -3 is not a valid id");
	free(cause);

	memset(batch, 0, sizeof batch);
	batch[0].set = batch[1].set = TICKET_UPDATE_STATUS;
	batch[0].id = 1;
	batch[0].status = batch[1].status = (char *)"solved";
	CHECK(zendesk_encode_update_batch(batch, 2, &json, &cause) != 0);
	CHECK_STR(cause, "tickets[1].id: 0 is not a valid id");
	free(cause);
	CHECK(zendesk_encode_update_batch(batch, 0, &json, &cause) != 0);
	CHECK_CONTAINS(cause, "1 to 100 tickets, not 0");
	free(cause);
	CHECK(zendesk_encode_update_batch(batch, 101, &json, &cause) != 0);
	free(cause);
	CHECK(json == NULL);
}

static const struct test tests[] = {
	T(update_encoder_writes_the_documented_update_body),
	T(update_many_encoders_write_the_documented_bulk_and_batch_bodies),
	T(safe_update_is_sent_as_a_boolean_unlike_the_tags_example),
	T(update_encoder_adds_safe_update_with_the_stamp),
	T(update_encoder_sends_additional_and_removed_tags),
	T(create_encoder_needs_a_comment_and_sends_the_requester),
	T(encoders_refuse_bad_changes_naming_the_field),
};

TEST_MAIN(tests)
