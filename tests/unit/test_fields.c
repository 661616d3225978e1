/*
 * Unit tests for api/fields.c, the machinery behind the record tables:
 * decoding by type with the readers' messages, the hand a caller passes,
 * clearing sub records, and encoding back in table order. A test record
 * of its own exercises every field type; the real tables in records.c
 * are checked for sanity.
 */
#include <jansson.h>
#include <stddef.h>

#include "test.h"
#include "api/decode.h"
#include "api/fields.h"

struct sub {
	char		*name;
	int64_t		 n;
};

struct rec {
	int64_t		 id;
	char		*name;
	int64_t		 count;
	int64_t		 parent;
	int		 on;
	struct timestamp at;
	struct timestamp day;
	struct string_array tags;
	struct int64_array ids;
	char		*meta;
	char		*channel;
	struct sub	*subs;
	size_t		 nsubs;
	struct sub	 one;
	int64_t		 cents;
	char		*hand;
};

static const struct field sub_fields[] = {
	FIELD_AT(sub, name, "name", FIELD_STRING, DECODE_REQUIRED),
	FIELD_AT(sub, n, "n", FIELD_INT64, DECODE_MAYBE | FIELD_ZNULL),
};

static const struct record sub_record = {
	"sub", sizeof (struct sub), sub_fields, 2, NULL
};

static const struct field rec_fields[] = {
	FIELD_AT(rec, id, "id", FIELD_ID, DECODE_REQUIRED | FIELD_KEY),
	FIELD_AT(rec, name, "name", FIELD_STRING, DECODE_MAYBE),
	FIELD_AT(rec, count, "count", FIELD_INT64, DECODE_OPTIONAL),
	FIELD_AT(rec, parent, "parent", FIELD_ID, DECODE_MAYBE),
	FIELD_AT(rec, on, "on", FIELD_BOOL, DECODE_OPTIONAL),
	FIELD_AT(rec, at, "at", FIELD_TIME, DECODE_MAYBE),
	FIELD_AT(rec, day, "day", FIELD_DATE, DECODE_MAYBE),
	FIELD_AT(rec, tags, "tags", FIELD_STRINGS, DECODE_OPTIONAL),
	FIELD_AT(rec, ids, "ids", FIELD_IDS, DECODE_OPTIONAL),
	{ .key = "meta", .type = FIELD_JSON, .off = offsetof(struct rec, meta),
	  .flags = DECODE_MAYBE, .mask = 1u << JSON_OBJECT, .dflt = "{}" },
	{ .key = "via", .type = FIELD_INNER,
	  .off = offsetof(struct rec, channel), .flags = DECODE_MAYBE,
	  .inner = "channel" },
	{ .key = "subs", .type = FIELD_RECORDS,
	  .off = offsetof(struct rec, subs), .flags = DECODE_MAYBE,
	  .sub = &sub_record, .count = offsetof(struct rec, nsubs) },
	{ .key = "one", .type = FIELD_OBJECT, .off = offsetof(struct rec, one),
	  .flags = DECODE_MAYBE, .sub = &sub_record },
	FIELD_AT(rec, cents, "cents", FIELD_MONEY,
	    DECODE_MAYBE | FIELD_DEC_HAND | FIELD_ENC_HAND),
	FIELD_AT(rec, hand, "hand", FIELD_STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
};

static void
rec_init(void *p)
{
	struct rec *r = p;

	r->on = 1;
}

static const struct record rec_record = {
	"rec", sizeof (struct rec), rec_fields,
	sizeof rec_fields / sizeof rec_fields[0], rec_init
};

static const char full[] =
    "{\"id\":7,\"name\":\"seven\",\"count\":-2,\"parent\":null,"
    "\"at\":\"2024-06-07T01:00:17Z\",\"day\":\"2024-06-07\","
    "\"tags\":[\"a\",\"b\"],\"ids\":[3,4],\"meta\":{\"k\":[1]},"
    "\"via\":{\"channel\":\"web\"},\"subs\":[{\"name\":\"x\",\"n\":0},"
    "{\"name\":\"y\",\"n\":5}],\"one\":{\"name\":\"z\"},\"cents\":\"1.25\","
    "\"hand\":\"h\"}";

/* The hand: cents from a decimal string, by hand as money is. */
static int
hand_dec(const json_t *v, const char *path, const struct field *f,
    void *rec, const void *arg, char **cause)
{
	struct rec *r = rec;
	const json_t *m = json_object_get(v, f->key);

	if (f->type != FIELD_MONEY)
		return 0;
	if (m != NULL && json_is_string(m) &&
	    strcmp(json_string_value(m), "1.25") == 0)
		r->cents = 125;
	if (*(const int *)arg != 0) {
		xcause(cause, "%s.%s: refused by hand", path, f->key);
		return -1;
	}
	return 0;
}

static void
hand_enc(json_t *o, const struct field *f, const void *rec)
{
	const struct rec *r = rec;

	json_object_set_new(o, f->key, json_integer(r->cents * 10));
}

/* Decode text with rec_record; the cause (or NULL) is returned. */
static char *
decode_text(const char *text, struct rec *r, int handrc)
{
	json_t *v = json_loads(text, 0, NULL);
	char *cause = NULL;

	memset(r, 0, sizeof *r);
	if (v == NULL) {
		TEST_FAIL("test literal does not parse");
		return NULL;
	}
	if (record_decode(&rec_record, v, "rec", r, hand_dec, &handrc,
	    &cause) != 0 && cause == NULL)
		TEST_FAIL("a failure without a cause");
	json_decref(v);
	return cause;
}

static void
every_field_type_decodes_into_its_member(void)
{
	struct rec r;
	char *cause = decode_text(full, &r, 0);

	CHECK_STR(cause, NULL);
	CHECK_INT(r.id, 7);
	CHECK_STR(r.name, "seven");
	CHECK_INT(r.count, -2);
	CHECK_INT(r.parent, 0);
	CHECK_INT(r.on, 1);
	CHECK_INT(r.at.secs, 1717722017);
	CHECK_STR(r.day.text, "2024-06-07");
	CHECK_INT(r.tags.n, 2);
	CHECK_STR(r.tags.items[1], "b");
	CHECK_INT(r.ids.n, 2);
	CHECK_INT(r.ids.items[0], 3);
	CHECK_STR(r.meta, "{\"k\":[1]}");
	CHECK_STR(r.channel, "web");
	CHECK_INT(r.nsubs, 2);
	CHECK_STR(r.subs[1].name, "y");
	CHECK_INT(r.subs[1].n, 5);
	CHECK_STR(r.one.name, "z");
	CHECK_INT(r.cents, 125);
	CHECK_STR(r.hand, NULL);	/* a hand field the hand ignores */
	record_clear(&rec_record, &r);
	CHECK_STR(r.name, NULL);
	CHECK(r.subs == NULL && r.nsubs == 0 && r.one.name == NULL);
}

static void
defaults_apply_when_fields_are_missing(void)
{
	struct rec r;
	char *cause = decode_text("{\"id\":1}", &r, 0);

	CHECK_STR(cause, NULL);
	CHECK_INT(r.on, 1);		/* from init */
	CHECK_STR(r.meta, "{}");	/* the JSON default */
	CHECK(r.subs == NULL);
	record_clear(&rec_record, &r);
}

static const struct {
	const char	*text;
	const char	*cause;
} bad[] = {
	{ "[]", "rec: expected object, got array" },
	{ "{}", "rec.id: missing" },
	{ "{\"id\":0}", "rec.id" },
	{ "{\"id\":1,\"name\":5}", "rec.name: expected string or null" },
	{ "{\"id\":1,\"count\":null}", "rec.count: expected integer" },
	{ "{\"id\":1,\"on\":\"true\"}", "rec.on: expected boolean" },
	{ "{\"id\":1,\"at\":\"yesterday\"}", "rec.at" },
	{ "{\"id\":1,\"tags\":[1]}", "rec.tags[0]" },
	{ "{\"id\":1,\"meta\":[]}", "rec.meta" },
	{ "{\"id\":1,\"via\":{\"channel\":1}}", "rec.via.channel" },
	{ "{\"id\":1,\"subs\":[{\"name\":\"a\"},{}]}", "rec.subs[1].name" },
	{ "{\"id\":1,\"one\":{\"name\":null}}", "rec.one.name" },
};

static void
bad_types_fail_with_the_readers_messages(void)
{
	struct rec r;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = decode_text(bad[i].text, &r, 0);
		CHECK_CONTAINS(cause, bad[i].cause);
		free(cause);
		record_clear(&rec_record, &r);
	}
}

static void
a_failing_hand_fails_the_record(void)
{
	struct rec r;
	char *cause = decode_text(full, &r, -1);

	CHECK_STR(cause, "rec.cents: refused by hand");
	CHECK_INT(r.cents, 125);
	CHECK_STR(r.hand, NULL);	/* nothing after it was decoded */
	free(cause);
	record_clear(&rec_record, &r);
}

static void
records_encode_in_table_order(void)
{
	struct rec r;
	char *cause = decode_text(full, &r, 0), *s;
	json_t *o;

	CHECK_STR(cause, NULL);
	o = record_encode(&rec_record, &r, hand_enc);
	s = json_dumps(o, JSON_COMPACT);
	CHECK_STR(s, "{\"id\":7,\"name\":\"seven\",\"count\":-2,"
	    "\"parent\":null,\"on\":true,\"at\":\"2024-06-07T01:00:17Z\","
	    "\"day\":\"2024-06-07\",\"tags\":[\"a\",\"b\"],\"ids\":[3,4],"
	    "\"meta\":{\"k\":[1]},\"via\":{\"channel\":\"web\"},"
	    "\"subs\":[{\"name\":\"x\",\"n\":null},{\"name\":\"y\",\"n\":5}],"
	    "\"one\":{\"name\":\"z\",\"n\":null},\"cents\":1250,"
	    "\"hand\":null}");
	free(s);
	json_decref(o);

	/* Without a hand, a MONEY field is left out. */
	o = record_encode(&rec_record, &r, NULL);
	CHECK(json_object_get(o, "cents") == NULL);
	json_decref(o);
	record_clear(&rec_record, &r);
}

static void
an_empty_record_encodes_nulls_and_empty_arrays(void)
{
	struct rec r;
	char *s;
	json_t *o;

	memset(&r, 0, sizeof r);
	o = record_encode(&rec_record, &r, NULL);
	s = json_dumps(o, JSON_COMPACT);
	CHECK_STR(s, "{\"id\":0,\"name\":null,\"count\":0,\"parent\":null,"
	    "\"on\":false,\"at\":null,\"day\":null,\"tags\":[],\"ids\":[],"
	    "\"meta\":null,\"via\":null,\"subs\":[],"
	    "\"one\":{\"name\":null,\"n\":null},\"hand\":null}");
	free(s);
	json_decref(o);
	record_clear(NULL, NULL);	/* NULL is fine */
}

static const struct record *const all[] = {
	&record_ticket, &record_comment, &record_user, &record_group,
	&record_organization, &record_macro, &record_job_result,
	&record_job_status, &record_zendesk_error, &record_zendesk_page,
	&record_ticket_update, &record_macro_result,
	&record_zendesk_ticket_update_result, &record_zendesk_export_page,
	&record_zendesk_ticket_page, &record_zendesk_comment_page,
	&record_zendesk_user_page, &record_zendesk_group_page,
	&record_zendesk_organization_page, &record_zendesk_macro_page,
	&record_component, &record_component_group, &record_incident_update,
	&record_incident, &record_incident_template, &record_postmortem,
	&record_statuspage_error, &record_statuspage_incident_list,
	&record_statuspage_component_list,
	&record_statuspage_component_group_list,
	&record_statuspage_template_list, &record_payment,
	&record_payments_me, &record_payments_page, &record_payments_error,
};

/* Every field inside its struct, sub records named, no key twice. */
static void
every_record_table_is_well_formed(void)
{
	const struct field *f, *g;
	size_t i, j, k;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		CHECK(all[i]->name != NULL && all[i]->nfields > 0);
		for (j = 0; j < all[i]->nfields; j++) {
			f = &all[i]->fields[j];
			if (f->off >= all[i]->size)
				TEST_FAIL("%s.%s: outside the struct",
				    all[i]->name, f->key);
			if ((f->type == FIELD_RECORDS ||
			    f->type == FIELD_OBJECT) && f->sub == NULL)
				TEST_FAIL("%s.%s: no sub record",
				    all[i]->name, f->key);
			if (f->type == FIELD_INNER && f->inner == NULL)
				TEST_FAIL("%s.%s: no inner key",
				    all[i]->name, f->key);
			for (k = 0; k < j; k++) {
				g = &all[i]->fields[k];
				if (g->key != NULL && f->key != NULL &&
				    strcmp(g->key, f->key) == 0)
					TEST_FAIL("%s.%s: twice",
					    all[i]->name, f->key);
			}
		}
	}
}

/* zendesk_macro_changes() sets bit 1 << i for field i of ticket_update. */
static void
ticket_update_fields_follow_the_update_bits(void)
{
	static const char *const keys[] = {
		"status", "priority", "type", "assignee_id", "group_id",
		"custom_status_id", "subject", "tags", "additional_tags",
		"remove_tags",
	};
	const struct field *f = record_ticket_update.fields;
	size_t i;

	CHECK_INT(1u << (sizeof keys / sizeof keys[0]), TICKET_UPDATE_COMMENT);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		CHECK_STR(f[i].key, keys[i]);
		CHECK(!(f[i].flags & FIELD_DEC_HAND));
	}
	CHECK_INT(TICKET_UPDATE_STATUS, 1u << 0);
	CHECK_INT(TICKET_UPDATE_CUSTOM_STATUS, 1u << 5);
	CHECK_INT(TICKET_UPDATE_REMOVE_TAGS, 1u << 9);
	for (; i < record_ticket_update.nfields; i++)
		CHECK(f[i].flags & FIELD_DEC_HAND);
}

static const struct test tests[] = {
	T(every_field_type_decodes_into_its_member),
	T(defaults_apply_when_fields_are_missing),
	T(bad_types_fail_with_the_readers_messages),
	T(a_failing_hand_fails_the_record),
	T(records_encode_in_table_order),
	T(an_empty_record_encodes_nulls_and_empty_arrays),
	T(every_record_table_is_well_formed),
	T(ticket_update_fields_follow_the_update_bits),
};

TEST_MAIN(tests)
