/*
 * Unit tests for api/decode.c (the shared readers, body parsing, the
 * RFC 3339 parser and the builders) and the vocabularies in api/model.c.
 */
#include <jansson.h>
#include <time.h>

#include "test.h"
#include "api/decode.h"
#include "api/quote.h"
#include "api/model.h"

/* Parse a test literal that is known to be good. */
static json_t *
load(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);

	if (v == NULL)
		TEST_FAIL("test literal does not parse: %s", err.text);
	return v;
}

static const struct {
	const char	*text;
	int64_t		 secs;
	int32_t		 nsec;
} good_times[] = {
	{ "1970-01-01T00:00:00Z", 0, 0 },
	{ "1969-12-31T23:59:59Z", -1, 0 },
	{ "2024-06-07T01:00:17Z", 1717722017, 0 },
	{ "2024-06-07T01:00:17.309Z", 1717722017, 309000000 },
	{ "2024-06-07T01:00:17.5Z", 1717722017, 500000000 },
	{ "2024-06-07T01:00:17.123456789123Z", 1717722017, 123456789 },
	{ "2024-06-07T03:00:17+02:00", 1717722017, 0 },
	{ "2024-06-06T18:00:17-07:00", 1717722017, 0 },
	{ "2024-06-07T01:00:17-00:00", 1717722017, 0 },
	{ "2018-11-04T00:00:00+00:00", 1541289600, 0 },
	{ "2000-02-29T12:00:00Z", 951825600, 0 },
	{ "2016-12-31T23:59:60Z", 1483228800, 0 },
	{ "9999-12-31T23:59:59Z", 253402300799LL, 0 },
	{ "0000-01-01T00:00:00Z", -62167219200LL, 0 },
};

static void
time_parse_accepts_rfc3339_with_zones_and_fractions(void)
{
	size_t i;

	for (i = 0; i < sizeof good_times / sizeof good_times[0]; i++) {
		int64_t secs = 42;
		int32_t nsec = 42;

		if (decode_time_parse(good_times[i].text, &secs, &nsec) != 0) {
			TEST_FAIL("%s: refused", good_times[i].text);
			continue;
		}
		if (secs != good_times[i].secs || nsec != good_times[i].nsec)
			TEST_FAIL("%s: got %lld.%09d, want %lld.%09d",
			    good_times[i].text, (long long)secs, (int)nsec,
			    (long long)good_times[i].secs,
			    (int)good_times[i].nsec);
	}
}

static const char *const bad_times[] = {
	"",
	"2024-06-07",
	"2024-06-07T01:00:17",		/* no zone */
	"2024-06-07 01:00:17Z",		/* space for T */
	"2024-06-07t01:00:17z",		/* lower case */
	"2024-13-01T00:00:00Z",
	"2024-00-01T00:00:00Z",
	"2023-02-29T00:00:00Z",		/* not a leap year */
	"1900-02-29T00:00:00Z",		/* nor this */
	"2024-04-31T00:00:00Z",
	"2024-06-00T00:00:00Z",
	"2024-06-07T24:00:00Z",
	"2024-06-07T01:60:00Z",
	"2024-06-07T01:00:61Z",
	"2024-06-07T01:00:17.Z",
	"2024-06-07T01:00:17+0100",
	"2024-06-07T01:00:17+01",
	"2024-06-07T01:00:17+24:00",
	"2024-06-07T01:00:17+01:60",
	"2024-06-07T01:00:17Zjunk",
	"2024-06-07T01:00:17Z ",
	" 2024-06-07T01:00:17Z",
	"+2024-06-07T01:00:17Z",
	"24-06-07T01:00:17Z",
	"2024-6-7T01:00:17Z",
	"2024-06-07T1:00:17Z",
	"Fri Apr 13 02:51:53 +0000 2012",
	"1304553600",
};

static void
time_parse_refuses_everything_else(void)
{
	size_t i;

	for (i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++) {
		int64_t secs = 42;

		if (decode_time_parse(bad_times[i], &secs, NULL) == 0)
			TEST_FAIL("\"%s\": accepted as %lld", bad_times[i],
			    (long long)secs);
		else
			CHECK_INT(secs, 42);
	}
	CHECK(decode_time_parse(NULL, NULL, NULL) != 0);
}

static void
time_parse_agrees_with_gmtime_over_a_wide_range(void)
{
	int64_t t, secs;
	char buf[64];
	struct tm tm;
	time_t tt;

	/* Every ~3.7 days from 1901 to 2100, at an odd time of day. */
	for (t = -2177452800LL; t < 4102444800LL; t += 321987) {
		tt = (time_t)t;
		if (gmtime_r(&tt, &tm) == NULL ||
		    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
			TEST_FAIL("gmtime failed for %lld", (long long)t);
			return;
		}
		if (decode_time_parse(buf, &secs, NULL) != 0 || secs != t) {
			TEST_FAIL("%s: got %lld, want %lld", buf,
			    (long long)secs, (long long)t);
			return;
		}
	}
}

static void
date_parse_accepts_only_a_calendar_date(void)
{
	int64_t secs = 0;

	CHECK_INT(decode_date_parse("2024-06-07", &secs), 0);
	CHECK_INT(secs, 1717718400);
	CHECK_INT(decode_date_parse("2024-02-29", &secs), 0);
	CHECK(decode_date_parse("2023-02-29", &secs) != 0);
	CHECK(decode_date_parse("2024-06-7", &secs) != 0);
	CHECK(decode_date_parse("2024-06-07T00:00:00Z", &secs) != 0);
	CHECK(decode_date_parse("2024-06-07 ", &secs) != 0);
	CHECK(decode_date_parse("", &secs) != 0);
}

/* decode_parse() on a body, expecting failure with want in the message. */
static void
check_parse_fails(const char *body, size_t len, json_type type,
    const char *want)
{
	char *cause = NULL;
	json_t *v = decode_parse(body, len, type, "test body", &cause);

	if (v != NULL) {
		TEST_FAIL("accepted: %.60s", body);
		json_decref(v);
		return;
	}
	CHECK_CONTAINS(cause, "test body: ");
	CHECK_CONTAINS(cause, want);
	free(cause);
}

static void
parse_reports_truncated_json(void)
{
	const char *b = "{\"ticket\":{\"id\":1,";

	check_parse_fails(b, strlen(b), JSON_OBJECT, "ends too soon");
	check_parse_fails("", 0, JSON_OBJECT, "test body: empty body");
	check_parse_fails(NULL, 0, JSON_OBJECT, "empty body");
}

static void
parse_reports_the_wrong_top_level_type(void)
{
	check_parse_fails("[1]", 3, JSON_OBJECT,
	    "expected a JSON object at the top, got array");
	check_parse_fails("{}", 2, JSON_ARRAY,
	    "expected a JSON array at the top, got object");
	check_parse_fails("\"x\"", 3, JSON_OBJECT, "not valid JSON");
	check_parse_fails("42", 2, JSON_OBJECT, "not valid JSON");
}

static void
parse_refuses_invalid_utf8_with_a_clear_message(void)
{
	const char *b = "{\"subject\":\"caf\xc3\x28\"}";
	char *cause = NULL;
	json_t *v = decode_parse(b, strlen(b), JSON_OBJECT, "test body",
	    &cause);

	CHECK(v == NULL);
	CHECK_CONTAINS(cause, "text is not valid UTF-8 at line 1");
	/* The bad bytes are escaped, never copied into the message. */
	CHECK(cause != NULL && strchr(cause, '\xc3') == NULL);
	free(cause);
}

static void
parse_refuses_an_integer_beyond_int64(void)
{
	const char *b = "{\"id\":99999999999999999999}";

	check_parse_fails(b, strlen(b), JSON_OBJECT, "a number is too large");
}

static void
parse_refuses_nesting_past_the_limit(void)
{
	char body[2 * (DECODE_MAX_DEPTH + 10) + 16];
	size_t i, n = 0;

	body[n++] = '{';
	memcpy(body + n, "\"a\":", 4);
	n += 4;
	for (i = 0; i < DECODE_MAX_DEPTH + 5; i++)
		body[n++] = '[';
	for (i = 0; i < DECODE_MAX_DEPTH + 5; i++)
		body[n++] = ']';
	body[n++] = '}';
	body[n] = '\0';
	check_parse_fails(body, n, JSON_OBJECT, "nested deeper than 64");
}

static void
parse_counts_brackets_inside_strings_as_text(void)
{
	char body[DECODE_MAX_DEPTH * 2 + 32];
	char *cause = NULL;
	json_t *v;
	size_t n;

	/* 100 '[' inside a string, with an escaped quote before them. */
	n = (size_t)snprintf(body, sizeof body, "{\"a\":\"\\\"%.*s\"}", 100,
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
	v = decode_parse(body, n, JSON_OBJECT, "test body", &cause);
	CHECK(v != NULL);
	CHECK(cause == NULL);
	json_decref(v);
	free(cause);
}

static void
parse_refuses_duplicate_keys_and_raw_nul_bytes(void)
{
	const char *dup = "{\"id\":1,\"id\":2}";
	const char raw[] = "{\"s\":\"a\0b\"}";

	check_parse_fails(dup, strlen(dup), JSON_OBJECT,
	    "a key appears twice");
	check_parse_fails(raw, sizeof raw - 1, JSON_OBJECT, "not valid JSON");
}

/*
 * The escapes RFC 8259's grammar allows but jansson refuses: \u0000 and
 * lone surrogates. A body holding one is valid JSON, so it loads, with
 * U+FFFD (\ufffd in want) where the escape was; anything that is not
 * JSON is still refused.
 */
static const struct load_case {
	const char	*name;
	const char	*body;
	size_t		 len;		/* 0: strlen(body) */
	json_type	 top;		/* JSON_OBJECT unless said */
	const char	*want;		/* the tree, as JSON jansson reads;
					 * NULL: refused */
	const char	*refused;	/* in the message when refused */
} load_cases[] = {
	{ .name = "NUL in a value", .body = "{\"s\":\"a\\u0000b\"}",
	  .want = "{\"s\":\"a\\ufffdb\"}" },
	{ .name = "NUL in a key", .body = "{\"a\\u0000b\":1,\"c\":2}",
	  .want = "{\"a\\ufffdb\":1,\"c\":2}" },
	{ .name = "a NUL escape at the end of a string",
	  .body = "{\"s\":\"ab\\u0000\",\"t\":\"\\u0000\"}",
	  .want = "{\"s\":\"ab\\ufffd\",\"t\":\"\\ufffd\"}" },
	{ .name = "NUL escapes one after another",
	  .body = "{\"s\":\"\\u0000\\u0000x\\u0000\"}",
	  .want = "{\"s\":\"\\ufffd\\ufffdx\\ufffd\"}" },
	{ .name = "a lone high surrogate",
	  .body = "{\"s\":\"a\\ud800b\",\"t\":\"\\uDBFF\"}",
	  .want = "{\"s\":\"a\\ufffdb\",\"t\":\"\\ufffd\"}" },
	{ .name = "a lone low surrogate",
	  .body = "{\"s\":\"a\\udc00b\",\"t\":\"\\uDFFF\"}",
	  .want = "{\"s\":\"a\\ufffdb\",\"t\":\"\\ufffd\"}" },
	{ .name = "a high surrogate followed by an escape that is not a low one",
	  .body = "{\"s\":\"\\ud800\\u0041\",\"t\":\"\\ud800\\n\"}",
	  .want = "{\"s\":\"\\ufffdA\",\"t\":\"\\ufffd\\n\"}" },
	{ .name = "a high surrogate followed by NUL",
	  .body = "{\"s\":\"\\ud800\\u0000\"}",
	  .want = "{\"s\":\"\\ufffd\\ufffd\"}" },
	{ .name = "two high surrogates, then a low one: the second pairs",
	  .body = "{\"s\":\"\\ud800\\ud83d\\ude00\"}",
	  .want = "{\"s\":\"\\ufffd\\ud83d\\ude00\"}" },
	{ .name = "a low surrogate before a high one pairs with nothing",
	  .body = "{\"s\":\"\\ude00\\ud83d\"}",
	  .want = "{\"s\":\"\\ufffd\\ufffd\"}" },
	{ .name = "a lone surrogate in a key",
	  .body = "{\"k\\ud800\":{\"\\udc00\":[]}}",
	  .want = "{\"k\\ufffd\":{\"\\ufffd\":[]}}" },
	{ .name = "a valid pair stays the emoji",
	  .body = "{\"s\":\"\\ud83d\\ude00 \\uD83D\\uDE00\"}",
	  .want = "{\"s\":\"\xf0\x9f\x98\x80 \xf0\x9f\x98\x80\"}" },
	{ .name = "an escaped backslash before u0000 is text",
	  .body = "{\"s\":\"\\\\u0000\",\"t\":\"\\\\\\\\ud800\"}",
	  .want = "{\"s\":\"\\\\u0000\",\"t\":\"\\\\\\\\ud800\"}" },
	{ .name = "an escaped backslash, then a NUL escape",
	  .body = "{\"s\":\"\\\\\\u0000\"}",
	  .want = "{\"s\":\"\\\\\\ufffd\"}" },
	{ .name = "an escaped quote does not end the string",
	  .body = "{\"s\":\"\\\"\\u0000\\\"\"}",
	  .want = "{\"s\":\"\\\"\\ufffd\\\"\"}" },
	{ .name = "in an array at the top, beside other values",
	  .body = "[\"\\u0000\",1,null,{\"a\":[\"\\ud800\"]}]",
	  .top = JSON_ARRAY,
	  .want = "[\"\\ufffd\",1,null,{\"a\":[\"\\ufffd\"]}]" },
	{ .name = "other escapes are left as they are",
	  .body = "{\"s\":\"\\u0001\\u001b\\u00e9\\ufffd\\uffff\\t\\/\"}",
	  .want = "{\"s\":\"\\u0001\\u001b\\u00e9\\ufffd\\uffff\\t/\"}" },
	{ .name = "invalid UTF-8 bytes are still refused",
	  .body = "{\"s\":\"caf\xc3\x28\",\"t\":\"\\u0000\"}",
	  .refused = "not valid UTF-8" },
	{ .name = "an encoded surrogate (raw bytes) is still refused",
	  .body = "{\"s\":\"\xed\xa0\x80\"}", .refused = "not valid UTF-8" },
	{ .name = "a raw NUL byte is still refused",
	  .body = "{\"s\":\"a\0b\\u0000\"}", .len = 17,
	  .refused = "not valid JSON" },
	{ .name = "truncated JSON is still refused",
	  .body = "{\"s\":\"ab\\u0000", .refused = "ends too soon" },
	{ .name = "a body cut inside a surrogate pair is still refused",
	  .body = "{\"s\":\"\\ud83d\\ude", .refused = "not valid JSON" },
	{ .name = "an escape outside a string is still refused",
	  .body = "{\"s\":1,\\u0000}", .refused = "not valid JSON" },
	{ .name = "a bad escape is still refused",
	  .body = "{\"s\":\"\\u00g0\\u0000\"}", .refused = "not valid JSON" },
	{ .name = "two keys that read the same once repaired are duplicates",
	  .body = "{\"a\\u0000\":1,\"a\\ud800\":2}",
	  .refused = "a key appears twice" },
};

static void
parse_loads_nul_and_lone_surrogate_escapes_as_u_fffd(void)
{
	const struct load_case *c;
	json_error_t err;
	json_t *got, *want;
	char *cause, *text;
	size_t i, len;

	for (i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++) {
		c = &load_cases[i];
		cause = NULL;
		len = c->len != 0 ? c->len : strlen(c->body);
		got = decode_parse(c->body, len, c->top, "test body", &cause);
		if (c->want == NULL) {
			if (got != NULL)
				TEST_FAIL("%s: accepted", c->name);
			else if (cause == NULL || strstr(cause, c->refused) ==
			    NULL)
				TEST_FAIL("%s: message \"%s\" lacks \"%s\"",
				    c->name, cause ? cause : "(null)",
				    c->refused);
		} else if (got == NULL)
			TEST_FAIL("%s: refused: %s", c->name,
			    cause ? cause : "(no cause)");
		else if ((want = json_loads(c->want, 0, &err)) == NULL)
			TEST_FAIL("%s: want does not parse: %s", c->name,
			    err.text);
		else {
			if (!json_equal(got, want)) {
				text = json_dumps(got, JSON_ENSURE_ASCII);
				TEST_FAIL("%s: got %s, want %s", c->name,
				    text ? text : "?", c->want);
				free(text);
			}
			json_decref(want);
		}
		json_decref(got);
		free(cause);
	}
}

static void
repair_rewrites_six_bytes_for_six_and_copies_only_when_needed(void)
{
	const char *clean = "{\"s\":\"\\\\u0000 \\ud83d\\ude00 \\u00e9\"}";
	const char *bad = "{\"\\u0000\":\"\\ud800\\udc00\\udc00\\ud800\"}";
	const char *cut = "{\"s\":\"\\ud800\\udc";
	char *copy = (char *)"untouched";

	CHECK_INT(decode_repair(clean, strlen(clean), &copy), 0);
	CHECK(copy == NULL);
	CHECK_INT(decode_repair(bad, strlen(bad), &copy), 3);
	CHECK_STR(copy, "{\"\\ufffd\":\"\\ud800\\udc00\\ufffd\\ufffd\"}");
	CHECK_INT(copy != NULL ? strlen(copy) : 0, strlen(bad));
	free(copy);
	/* Cut inside the low half: the high one is lone, as far as it goes. */
	CHECK_INT(decode_repair(cut, strlen(cut), &copy), 1);
	CHECK_STR(copy, "{\"s\":\"\\ufffd\\udc");
	free(copy);
	CHECK_INT(decode_repair("\"\\", 2, &copy), 0);
	CHECK_INT(decode_repair("\\u0000", 6, &copy), 0);	/* no string */
	CHECK(copy == NULL);
}

static void
parse_refuses_a_body_over_the_size_cap(void)
{
	/* The length is checked before a byte is read. */
	check_parse_fails("{}", DECODE_MAX_BODY + 1, JSON_OBJECT,
	    "body too large");
}

static void
parse_ignores_trailing_whitespace_but_not_trailing_data(void)
{
	char *cause = NULL;
	json_t *v = decode_parse("{} \n", 4, JSON_OBJECT, "t", &cause);

	CHECK(v != NULL);
	json_decref(v);
	check_parse_fails("{}{}", 4, JSON_OBJECT, "not valid JSON");
}

/* One reader case: obj is a JSON literal, the read must fail with want. */
struct reader_case {
	const char	*name;
	const char	*obj;
	int		 (*read)(const json_t *, char **);
	const char	*want;		/* NULL: must succeed */
};

static int
read_string(const json_t *o, char **cause)
{
	char *s = NULL;
	int rc = decode_string(o, "ticket", "subject", DECODE_REQUIRED, &s,
	    cause);

	free(s);
	return rc;
}

static int
read_maybe_id(const json_t *o, char **cause)
{
	int64_t v = 0;

	return decode_id(o, "tickets[3]", "assignee_id", DECODE_MAYBE, &v,
	    cause);
}

static int
read_int(const json_t *o, char **cause)
{
	int64_t v = 0;

	return decode_int64(o, "job_status", "progress", DECODE_REQUIRED, &v,
	    cause);
}

static int
read_bool(const json_t *o, char **cause)
{
	int v = 0;

	return decode_bool(o, "", "safe_update", DECODE_REQUIRED, &v, cause);
}

static int
read_time(const json_t *o, char **cause)
{
	struct timestamp t = { NULL, 0, 0 };
	int rc = decode_time(o, "ticket", "updated_at", DECODE_REQUIRED, &t,
	    cause);

	timestamp_clear(&t);
	return rc;
}

static int
read_strings(const json_t *o, char **cause)
{
	struct string_array a = { NULL, 0 };
	int rc = decode_strings(o, "ticket", "tags", DECODE_OPTIONAL, &a,
	    cause);

	string_array_clear(&a);
	return rc;
}

static int
read_ids(const json_t *o, char **cause)
{
	struct int64_array a = { NULL, 0 };
	int rc = decode_ids(o, "ticket", "follower_ids", DECODE_OPTIONAL, &a,
	    cause);

	int64_array_clear(&a);
	return rc;
}

static int
read_object(const json_t *o, char **cause)
{
	const json_t *v;

	return decode_object(o, "", "meta", DECODE_OPTIONAL, &v, cause);
}

static const struct reader_case reader_cases[] = {
	{ "a string", "{\"subject\":\"Hi\"}", read_string, NULL },
	{ "a missing string", "{}", read_string,
	    "ticket.subject: missing (expected string)" },
	{ "a null string", "{\"subject\":null}", read_string,
	    "ticket.subject: expected string, got null" },
	{ "a number for a string", "{\"subject\":5}", read_string,
	    "ticket.subject: expected string, got integer 5" },
	{ "an object for a string", "{\"subject\":{}}", read_string,
	    "ticket.subject: expected string, got object" },
	{ "a string for an id", "{\"assignee_id\":\"12\"}", read_maybe_id,
	    "tickets[3].assignee_id: expected positive integer id or null, "
	    "got string \"12\"" },
	{ "a null id", "{\"assignee_id\":null}", read_maybe_id, NULL },
	{ "an absent id", "{}", read_maybe_id, NULL },
	{ "a real for an id", "{\"assignee_id\":12.0}", read_maybe_id,
	    "got number 12.0" },
	{ "a zero id", "{\"assignee_id\":0}", read_maybe_id,
	    "got integer 0" },
	{ "a negative id", "{\"assignee_id\":-4}", read_maybe_id,
	    "got integer -4" },
	{ "an exponent for an integer", "{\"progress\":1e3}", read_int,
	    "job_status.progress: expected integer, got number 1000.0" },
	{ "a decimal for an integer", "{\"progress\":0.1}", read_int,
	    "job_status.progress: expected integer, got number 0.1" },
	{ "the largest integer", "{\"progress\":9223372036854775807}",
	    read_int, NULL },
	{ "a boolean for an integer", "{\"progress\":true}", read_int,
	    "got boolean true" },
	{ "a string for a boolean (the tags safe-update request's form)",
	    "{\"safe_update\":\"true\"}", read_bool,
	    "safe_update: expected boolean, got string \"true\"" },
	{ "a boolean", "{\"safe_update\":false}", read_bool, NULL },
	{ "a timestamp", "{\"updated_at\":\"2019-06-05T01:13:24Z\"}",
	    read_time, NULL },
	{ "a garbage timestamp", "{\"updated_at\":\"yesterday\"}", read_time,
	    "ticket.updated_at: \"yesterday\" is not a timestamp string" },
	{ "a unix time for a timestamp", "{\"updated_at\":1559697204}",
	    read_time, "ticket.updated_at: expected timestamp string" },
	{ "a number among tags", "{\"tags\":[\"a\",1]}", read_strings,
	    "ticket.tags[1]: expected string, got integer 1" },
	{ "null tags where they may only be absent", "{\"tags\":null}",
	    read_strings, "ticket.tags: expected array, got null" },
	{ "a zero among ids", "{\"follower_ids\":[3,0]}", read_ids,
	    "ticket.follower_ids[1]: expected positive integer id, got "
	    "integer 0" },
	{ "an array for an object", "{\"meta\":[]}", read_object,
	    "meta: expected object, got array" },
};

static void
readers_name_the_field_path_and_the_type_found(void)
{
	size_t i;

	for (i = 0; i < sizeof reader_cases / sizeof reader_cases[0]; i++) {
		const struct reader_case *c = &reader_cases[i];
		char *cause = NULL;
		json_t *o = load(c->obj);
		int rc;

		if (o == NULL)
			continue;
		rc = c->read(o, &cause);
		if (c->want == NULL && rc != 0)
			TEST_FAIL("%s: refused: %s", c->name, cause);
		else if (c->want != NULL && rc == 0)
			TEST_FAIL("%s: accepted", c->name);
		else if (c->want != NULL && (cause == NULL ||
		    strstr(cause, c->want) == NULL))
			TEST_FAIL("%s: message \"%s\" lacks \"%s\"", c->name,
			    cause ? cause : "(null)", c->want);
		free(cause);
		json_decref(o);
	}
}

static void
messages_escape_control_characters_from_the_backend(void)
{
	json_t *o = load("{\"progress\":\"\\u001b[2J\\u0007\"}");
	char *cause = NULL;
	int64_t v;

	CHECK(decode_int64(o, "x", "progress", 0, &v, &cause) != 0);
	CHECK_CONTAINS(cause, "got string \"\\x1b[2J\\x07\"");
	CHECK(cause != NULL && strchr(cause, 0x1b) == NULL);
	free(cause);
	json_decref(o);
}

static void
long_strings_are_cut_in_messages(void)
{
	char buf[QUOTE_BUFSIZE];
	const char *s = "0123456789012345678901234567890123456789overflow";

	quote_for_message(s, strlen(s), QUOTE_BYTES, 0, buf);
	CHECK_STR(buf, "\"0123456789012345678901234567890123456789\"...");
}

static void
readers_leave_defaults_when_absent_or_null(void)
{
	json_t *o = load("{\"a\":null}");
	int64_t v = -1;
	int b = 7;
	char *cause = NULL;

	CHECK_INT(decode_int64(o, "", "a", DECODE_MAYBE, &v, &cause), 0);
	CHECK_INT(decode_int64(o, "", "missing", DECODE_MAYBE, &v, &cause), 0);
	CHECK_INT(v, -1);
	CHECK_INT(decode_bool(o, "", "a", DECODE_MAYBE, &b, &cause), 0);
	CHECK_INT(b, 7);
	CHECK(cause == NULL);
	json_decref(o);
}

static void
json_text_keeps_any_value_compact(void)
{
	json_t *o = load("{\"m\":{\"port\": {\"runId\": \"r\"}},\"n\":5}");
	char *s = NULL, *cause = NULL;

	CHECK_INT(decode_json_text(o, "incident", "m", DECODE_MAYBE,
	    1u << JSON_OBJECT, &s, &cause), 0);
	CHECK_STR(s, "{\"port\":{\"runId\":\"r\"}}");
	free(s);
	s = NULL;
	CHECK(decode_json_text(o, "incident", "n", DECODE_MAYBE,
	    1u << JSON_OBJECT, &s, &cause) != 0);
	CHECK_CONTAINS(cause, "incident.n: expected object or null, got "
	    "integer 5");
	free(cause);
	json_decref(o);
}

struct pair {
	int64_t		 a;
	char		*b;
};

static int
read_pair(const json_t *v, const char *path, void *item, const void *arg,
    char **cause)
{
	struct pair *p = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_int64(v, path, "a", 0, &p->a, cause) != 0 ||
	    decode_string(v, path, "b", 0, &p->b, cause) != 0)
		return -1;
	return 0;
}

static void
records_are_linked_before_decoding_so_a_failure_frees_them(void)
{
	json_t *o = load("{\"items\":[{\"a\":1,\"b\":\"x\"},{\"a\":2,"
	    "\"b\":\"y\"},{\"a\":3}]}");
	struct pair *items = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	CHECK(DECODE_RECORDS(o, "page", "items", DECODE_REQUIRED, items, n,
	    read_pair, NULL, &cause) != 0);
	CHECK_STR(cause, "page.items[2].b: missing (expected string)");
	CHECK_INT(n, 3);
	CHECK(items != NULL);
	CHECK_STR(items != NULL ? items[1].b : NULL, "y");
	for (i = 0; i < n && items != NULL; i++)
		free(items[i].b);
	free(items);
	free(cause);
	json_decref(o);
}

static void
records_of_a_bare_array_are_named_by_index(void)
{
	json_t *o = load("[{\"a\":1,\"b\":\"x\"},5]");
	struct pair *items = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	CHECK(DECODE_RECORDS(o, "pairs", NULL, DECODE_REQUIRED, items, n,
	    read_pair, NULL, &cause) != 0);
	CHECK_STR(cause, "pairs[1]: expected object, got integer 5");
	for (i = 0; i < n && items != NULL; i++)
		free(items[i].b);
	free(items);
	free(cause);
	json_decref(o);
}

static void
builders_refuse_text_that_is_not_utf8(void)
{
	json_t *o = json_object();
	struct string_array tags;
	char *items[] = { (char *)"ok", (char *)"bad\xff" };
	char *cause = NULL;

	CHECK(decode_put_string(o, "ticket.comment", "body", "caf\xc3",
	    &cause) != 0);
	CHECK_STR(cause, "ticket.comment.body: text is not valid UTF-8");
	free(cause);
	cause = NULL;
	tags.items = items;
	tags.n = 2;
	CHECK(decode_put_strings(o, "ticket", "tags", &tags, &cause) != 0);
	CHECK_STR(cause, "ticket.tags[1]: text is not valid UTF-8");
	free(cause);
	cause = NULL;
	CHECK(decode_put(o, "incident.components", "k\xff", json_true(),
	    &cause) != 0);
	CHECK_CONTAINS(cause, "key \"k\\xff\" is not valid UTF-8");
	free(cause);
	CHECK_INT(json_object_size(o), 0);
	json_decref(o);
}

static void
word_builder_lists_the_values_it_accepts(void)
{
	static const char *const set[] = { "low", "high", NULL };
	json_t *o = json_object();
	char *cause = NULL, *s;

	CHECK(decode_put_word(o, "ticket", "priority", "hgih", set, 0,
	    &cause) != 0);
	CHECK_STR(cause, "ticket.priority: \"hgih\" is not one of low, high");
	free(cause);
	CHECK_INT(decode_put_word(o, "ticket", "priority", NULL, set, 1,
	    &cause), 0);
	s = decode_dump(o);
	CHECK_STR(s, "{\"priority\":null}");
	free(s);
	json_decref(o);
}

static void
payment_vocabularies_round_trip_and_unknowns_are_zero(void)
{
	CHECK_INT(payment_reason_from_name("fee_rounding"),
	    PAYMENT_REASON_FEE_ROUNDING);
	CHECK_STR(payment_reason_name(PAYMENT_REASON_DUPLICATE), "duplicate");
	CHECK_INT(payment_reason_from_name("chargeback"), 0);
	CHECK_INT(payment_reason_from_name(NULL), 0);
	CHECK_INT(payment_status_from_name("refunded"),
	    PAYMENT_STATUS_REFUNDED);
	CHECK_INT(payment_status_from_name("frozen"), PAYMENT_STATUS_OTHER);
	CHECK_STR(payment_status_name(PAYMENT_STATUS_EXPIRED), "expired");
	CHECK(payment_status_name(PAYMENT_STATUS_OTHER) == NULL);
	CHECK_INT(payments_role_from_name("first_line"),
	    PAYMENTS_ROLE_FIRST_LINE);
	CHECK_INT(payments_role_from_name("root"), PAYMENTS_ROLE_OTHER);
	CHECK_STR(payments_role_name(PAYMENTS_ROLE_ADMIN), "admin");
	CHECK_STR(payment_action_name(PAYMENT_ACTION_RECALCULATE),
	    "recalculate");
	CHECK(payment_action_name((enum payment_action)0) == NULL);
}

static void
clear_functions_accept_null_and_zeroed_records(void)
{
	struct ticket t;
	struct payment p;

	memset(&t, 0, sizeof t);
	memset(&p, 0, sizeof p);
	ticket_clear(NULL);
	ticket_clear(&t);
	payment_clear(&p);
	payment_clear(NULL);
	timestamp_clear(NULL);
	string_array_clear(NULL);
	int64_array_clear(NULL);
	CHECK_INT(t.id, 0);
}

static const struct test tests[] = {
	T(time_parse_accepts_rfc3339_with_zones_and_fractions),
	T(time_parse_refuses_everything_else),
	T(time_parse_agrees_with_gmtime_over_a_wide_range),
	T(date_parse_accepts_only_a_calendar_date),
	T(parse_reports_truncated_json),
	T(parse_reports_the_wrong_top_level_type),
	T(parse_refuses_invalid_utf8_with_a_clear_message),
	T(parse_refuses_an_integer_beyond_int64),
	T(parse_refuses_nesting_past_the_limit),
	T(parse_counts_brackets_inside_strings_as_text),
	T(parse_refuses_duplicate_keys_and_raw_nul_bytes),
	T(parse_loads_nul_and_lone_surrogate_escapes_as_u_fffd),
	T(repair_rewrites_six_bytes_for_six_and_copies_only_when_needed),
	T(parse_refuses_a_body_over_the_size_cap),
	T(parse_ignores_trailing_whitespace_but_not_trailing_data),
	T(readers_name_the_field_path_and_the_type_found),
	T(messages_escape_control_characters_from_the_backend),
	T(long_strings_are_cut_in_messages),
	T(readers_leave_defaults_when_absent_or_null),
	T(json_text_keeps_any_value_compact),
	T(records_are_linked_before_decoding_so_a_failure_frees_them),
	T(records_of_a_bare_array_are_named_by_index),
	T(builders_refuse_text_that_is_not_utf8),
	T(word_builder_lists_the_values_it_accepts),
	T(payment_vocabularies_round_trip_and_unknowns_are_zero),
	T(clear_functions_accept_null_and_zeroed_records),
};

TEST_MAIN(tests)
