/*
 * Unit tests for api/statuspage_decode.c and api/statuspage_encode.c:
 * every published Statuspage payload in ../shared/reference/payloads/
 * decodes with its values, list responses (bare arrays) decode, broken
 * bodies are refused with the field's path, and the request bodies are
 * exactly what the API documents.
 */
#include <dirent.h>
#include <errno.h>

#include "test.h"
#include "api/model.h"
#include "api/statuspage_decode.h"
#include "api/statuspage_encode.h"
#include "api/xmalloc.h"

#include "payload.h"

/* ---- Every payload ------------------------------------------------------ */

static void
check_real_incident(const struct incident *i)
{
	const struct incident_update *u;

	CHECK_STR(i->id, "f5v3b6dr7k53");
	CHECK_STR(i->name, "API Gateway Timeout Errors");
	CHECK_STR(i->status, "resolved");
	CHECK_STR(i->impact, "major");
	CHECK_STR(i->impact_override, "major");
	CHECK_STR(i->page_id, "8m2l51279rpl");
	CHECK_STR(i->shortlink, "https://stspg.io/t4szpmm54wxx");
	CHECK_INT(i->created_at.secs, 1717722017);
	CHECK_STR(i->resolved_at.text, "2024-06-07T22:26:34Z");
	CHECK_INT(i->resolved_at.secs, 1717799194);
	CHECK_STR(i->monitoring_at.text, "2024-06-07T22:22:28Z");
	CHECK(i->started_at.text == NULL);
	CHECK(i->scheduled_for.text == NULL);
	CHECK(i->postmortem_body == NULL);
	CHECK(i->postmortem_published_at.text == NULL);
	CHECK_INT(i->postmortem_ignored, 0);
	CHECK(i->reminder_intervals == NULL);
	CHECK_STR(i->metadata,
	    "{\"port\":{\"runId\":\"r_hUFsDXiY5DzF3sjf\",\"trigger\":\"Object\"}}");
	CHECK_INT(i->ncomponents, 4);
	CHECK_STR(i->ncomponents == 4 ? i->components[2].status : NULL,
	    "partial_outage");
	CHECK_INT(i->nupdates, 3);
	if (i->nupdates != 3)
		return;
	u = &i->updates[0];
	CHECK_STR(u->status, "resolved");
	CHECK_STR(u->body, "Resolved");
	CHECK_INT(u->affected_known, 1);
	CHECK_INT(u->naffected, 4);
	if (u->naffected == 4) {
		CHECK_STR(u->affected[1].code, "kvpxtsp2k1lf");
		CHECK_STR(u->affected[2].name, "Backend - Fraud Detection Service");
		CHECK_STR(u->affected[1].old_status, "partial_outage");
	}
	CHECK_INT(u->created_at.nsec, 370000000);
	CHECK_INT(i->updates[1].naffected, 3);
	CHECK_STR(i->updates[1].status, "monitoring");
	CHECK_INT(i->updates[2].affected_known, 0);
	CHECK_INT(i->updates[2].naffected, 0);
	CHECK_INT(i->updates[2].deliver_notifications, 1);
}

static void
incident_decodes_the_real_incident(void)
{
	struct incident i;
	size_t len;
	char *b;

	if ((b = payload("statuspage-incident.json", &len)) == NULL)
		return;
	DECODE_OK(statuspage_decode_incident(b, len, &i, &cause_));
	check_real_incident(&i);
	incident_clear(&i);
	free(b);
}

static void
incident_list_decodes_a_bare_array_of_the_real_incident(void)
{
	struct statuspage_incident_list l;
	size_t len;
	char *b, *list;

	/* No captured list exists; a list is a bare array of the same shape. */
	if ((b = payload("statuspage-incident.json", &len)) == NULL)
		return;
	list = xasprintf("[%s,%s]", b, b);
	DECODE_OK(statuspage_decode_incidents(list, strlen(list), &l, &cause_));
	CHECK_INT(l.nincidents, 2);
	if (l.nincidents == 2)
		check_real_incident(&l.incidents[1]);
	statuspage_incident_list_clear(&l);
	DECODE_OK(statuspage_decode_incidents("[]", 2, &l, &cause_));
	CHECK_INT(l.nincidents, 0);
	free(list);
	free(b);
}

static void
incident_update_decodes_the_real_update(void)
{
	struct incident_update u;
	size_t len;
	char *b;

	if ((b = payload("statuspage-incident-update.json", &len)) == NULL)
		return;
	DECODE_OK(statuspage_decode_incident_update(b, len, &u, &cause_));
	CHECK_STR(u.id, "gkjdpm52nm97");
	CHECK_STR(u.incident_id, "f5v3b6dr7k53");
	CHECK_STR(u.status, "investigating");
	CHECK_CONTAINS(u.body, "timeout errors with our API Gateway");
	CHECK_INT(u.affected_known, 0);
	CHECK_INT(u.created_at.secs, 1717722017);
	CHECK_INT(u.created_at.nsec, 309000000);
	CHECK_STR(u.display_at.text, "2024-06-07T01:00:17.309Z");
	CHECK_INT(u.deliver_notifications, 1);
	CHECK_INT(u.wants_twitter_update, 0);
	CHECK(u.custom_tweet == NULL);
	incident_update_clear(&u);
	free(b);
}

static void
component_decodes_the_real_component(void)
{
	struct component c;
	size_t len;
	char *b;

	if ((b = payload("statuspage-component.json", &len)) == NULL)
		return;
	DECODE_OK(statuspage_decode_component(b, len, &c, &cause_));
	CHECK_STR(c.id, "y6ssccsqgy8s");
	CHECK_STR(c.name, "API Gateway");
	CHECK(c.group_id == NULL);
	CHECK(c.description == NULL);
	CHECK_INT(c.position, 1);
	CHECK_STR(c.status, "operational");
	CHECK_INT(c.showcase, 1);
	CHECK_INT(c.only_show_if_degraded, 0);
	CHECK_INT(c.group, 0);
	CHECK_STR(c.start_date.text, "2024-06-07");
	CHECK_INT(c.start_date.secs, 1717718400);
	CHECK_CONTAINS(c.automation_email, "@notifications.statuspage.io");
	component_clear(&c);
	free(b);
}

static void
component_list_decodes_the_real_components(void)
{
	struct statuspage_component_list l;
	size_t len;
	char *b;

	if ((b = payload("statuspage-components.json", &len)) == NULL)
		return;
	DECODE_OK(statuspage_decode_components(b, len, &l, &cause_));
	CHECK_INT(l.ncomponents, 4);
	if (l.ncomponents == 4) {
		CHECK_STR(l.components[1].group_id, "9w477s340zqt");
		CHECK_STR(l.components[2].name, "Payment Service");
		CHECK_STR(l.components[2].status, "partial_outage");
		CHECK_INT(l.components[3].showcase, 0);
		CHECK(l.components[3].start_date.text == NULL);
		CHECK_INT(l.components[3].position, 8);
	}
	statuspage_component_list_clear(&l);
	free(b);
}

static void
component_group_decodes_the_real_group(void)
{
	struct statuspage_component_group_list l;
	struct component_group g;
	size_t len;
	char *b, *list;

	if ((b = payload("statuspage-component-group.json", &len)) == NULL)
		return;
	DECODE_OK(statuspage_decode_component_group(b, len, &g, &cause_));
	CHECK_STR(g.id, "9w477s340zqt");
	CHECK_STR(g.name, "Backend");
	CHECK(g.description == NULL);
	CHECK_INT(g.position, 7);
	CHECK_INT(g.components.n, 1);
	CHECK_STR(g.components.n ? g.components.items[0] : NULL, "3chbmx8qmlny");
	component_group_clear(&g);
	list = xasprintf("[%s]", b);
	DECODE_OK(statuspage_decode_component_groups(list, strlen(list), &l,
	    &cause_));
	CHECK_INT(l.ngroups, 1);
	statuspage_component_group_list_clear(&l);
	free(list);
	free(b);
}

static const char *const covered[] = {
	"statuspage-incident.json",
	"statuspage-incident-update.json",
	"statuspage-component.json",
	"statuspage-components.json",
	"statuspage-component-group.json",
};

static void
every_statuspage_payload_in_the_reference_has_a_test(void)
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
		if (strncmp(de->d_name, "statuspage-", 11) != 0)
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

#define INCIDENT(extra) "{\"id\":\"abc123\",\"name\":\"Billing down\","	\
	"\"status\":\"identified\",\"impact\":\"major\",\"created_at\":"	\
	"\"2024-06-07T01:00:17Z\",\"updated_at\":\"2024-06-07T01:30:00Z\""	\
	extra "}"

static void
postmortem_published_at_is_a_timestamp_null_or_false(void)
{
	const char *ts = INCIDENT(",\"postmortem_published_at\":"
	    "\"2024-06-10T09:00:00Z\",\"postmortem_body\":\"Root cause\"");
	const char *f = INCIDENT(",\"postmortem_published_at\":false");
	struct incident i;

	DECODE_OK(statuspage_decode_incident(ts, strlen(ts), &i, &cause_));
	CHECK_STR(i.postmortem_published_at.text, "2024-06-10T09:00:00Z");
	CHECK_STR(i.postmortem_body, "Root cause");
	incident_clear(&i);
	DECODE_OK(statuspage_decode_incident(f, strlen(f), &i, &cause_));
	CHECK(i.postmortem_published_at.text == NULL);
	incident_clear(&i);
}

static void
reminder_intervals_are_kept_as_text_from_a_string_or_an_array(void)
{
	const char *s = INCIDENT(",\"reminder_intervals\":\"[3, 6, 12, 24]\"");
	const char *a = INCIDENT(",\"reminder_intervals\":[1,2]");
	struct incident i;

	DECODE_OK(statuspage_decode_incident(s, strlen(s), &i, &cause_));
	CHECK_STR(i.reminder_intervals, "[3, 6, 12, 24]");
	incident_clear(&i);
	DECODE_OK(statuspage_decode_incident(a, strlen(a), &i, &cause_));
	CHECK_STR(i.reminder_intervals, "[1,2]");
	incident_clear(&i);
}

static void
template_list_reads_component_objects_or_ids(void)
{
	const char *b = "[{\"id\":\"t1\",\"name\":\"Billing partner outage\","
	    "\"title\":\"Payments delayed\",\"body\":\"A billing partner is "
	    "down. Next update in 30 minutes.\",\"update_status\":"
	    "\"investigating\",\"group_id\":null,\"should_tweet\":false,"
	    "\"should_send_notifications\":true,\"components\":[{\"id\":"
	    "\"kvpxtsp2k1lf\",\"name\":\"Payment Service\"}]},"
	    "{\"id\":\"t2\",\"name\":\"Maintenance\",\"title\":\"Planned\","
	    "\"body\":\"b\",\"component_ids\":[\"7ddtptqkb02y\"]}]";
	struct statuspage_template_list l;

	DECODE_OK(statuspage_decode_templates(b, strlen(b), &l, &cause_));
	CHECK_INT(l.ntemplates, 2);
	if (l.ntemplates == 2) {
		CHECK_STR(l.templates[0].title, "Payments delayed");
		CHECK_INT(l.templates[0].should_send_notifications, 1);
		CHECK_INT(l.templates[0].component_ids.n, 1);
		CHECK_STR(l.templates[0].component_ids.items[0], "kvpxtsp2k1lf");
		CHECK(l.templates[0].group_id == NULL);
		CHECK_STR(l.templates[1].component_ids.items[0],
		    "7ddtptqkb02y");
	}
	statuspage_template_list_clear(&l);
}

static void
postmortem_decodes_a_draft(void)
{
	const char *b = "{\"preview_key\":\"pk\",\"body\":null,\"body_draft\":"
	    "\"## What happened\\nThe billing partner was down.\","
	    "\"body_draft_updated_at\":\"2024-06-08T10:00:00.000Z\","
	    "\"body_updated_at\":null,\"published_at\":null,"
	    "\"notify_subscribers\":false,\"notify_twitter\":false,"
	    "\"custom_tweet\":null,\"created_at\":\"2024-06-08T09:00:00Z\","
	    "\"updated_at\":\"2024-06-08T10:00:00Z\"}";
	struct postmortem p;

	DECODE_OK(statuspage_decode_postmortem(b, strlen(b), &p, &cause_));
	CHECK(p.body == NULL);
	CHECK_CONTAINS(p.body_draft, "billing partner");
	CHECK_STR(p.body_draft_updated_at.text, "2024-06-08T10:00:00.000Z");
	CHECK(p.published_at.text == NULL);
	postmortem_clear(&p);
}

static void
error_joins_every_message_shape(void)
{
	const char *m = "{\"message\":\"Page not found\"}";
	const char *a = "{\"error\":[\"Name can't be blank\",\"Body is too "
	    "long\"]}";
	const char *s = "{\"error\":\"Rate limited\"}";
	const char *r = "{\"errors\":{\"name\":[\"can't be blank\"],\"body\":"
	    "[\"is too long\"],\"status\":\"is invalid\"}}";
	struct statuspage_error e;

	DECODE_OK(statuspage_decode_error(m, strlen(m), &e, &cause_));
	CHECK_STR(e.message, "Page not found");
	statuspage_error_clear(&e);
	DECODE_OK(statuspage_decode_error(a, strlen(a), &e, &cause_));
	CHECK_STR(e.message, "Name can't be blank; Body is too long");
	statuspage_error_clear(&e);
	DECODE_OK(statuspage_decode_error(s, strlen(s), &e, &cause_));
	CHECK_STR(e.message, "Rate limited");
	statuspage_error_clear(&e);
	DECODE_OK(statuspage_decode_error(r, strlen(r), &e, &cause_));
	CHECK_STR(e.message, "name can't be blank; body is too long; "
	    "status is invalid");
	statuspage_error_clear(&e);
}

/* ---- Refusals ----------------------------------------------------------- */

static int
run_incident(const char *b, size_t n, char **cause)
{
	struct incident i;
	int rc = statuspage_decode_incident(b, n, &i, cause);

	incident_clear(&i);
	return rc;
}

static int
run_incidents(const char *b, size_t n, char **cause)
{
	struct statuspage_incident_list l;
	int rc = statuspage_decode_incidents(b, n, &l, cause);

	statuspage_incident_list_clear(&l);
	return rc;
}

static int
run_update(const char *b, size_t n, char **cause)
{
	struct incident_update u;
	int rc = statuspage_decode_incident_update(b, n, &u, cause);

	incident_update_clear(&u);
	return rc;
}

static int
run_components(const char *b, size_t n, char **cause)
{
	struct statuspage_component_list l;
	int rc = statuspage_decode_components(b, n, &l, cause);

	statuspage_component_list_clear(&l);
	return rc;
}

static int
run_component(const char *b, size_t n, char **cause)
{
	struct component c;
	int rc = statuspage_decode_component(b, n, &c, cause);

	component_clear(&c);
	return rc;
}

static int
run_group(const char *b, size_t n, char **cause)
{
	struct component_group g;
	int rc = statuspage_decode_component_group(b, n, &g, cause);

	component_group_clear(&g);
	return rc;
}

static int
run_templates(const char *b, size_t n, char **cause)
{
	struct statuspage_template_list l;
	int rc = statuspage_decode_templates(b, n, &l, cause);

	statuspage_template_list_clear(&l);
	return rc;
}

static int
run_postmortem(const char *b, size_t n, char **cause)
{
	struct postmortem p;
	int rc = statuspage_decode_postmortem(b, n, &p, cause);

	postmortem_clear(&p);
	return rc;
}

static int
run_error(const char *b, size_t n, char **cause)
{
	struct statuspage_error e;
	int rc = statuspage_decode_error(b, n, &e, cause);

	statuspage_error_clear(&e);
	return rc;
}

#define COMPONENT(extra) "{\"id\":\"c1\",\"name\":\"API\",\"status\":"	\
	"\"operational\"" extra "}"

static const struct {
	const char	*name;
	int		 (*run)(const char *, size_t, char **);
	const char	*body;
	const char	*want;		/* NULL: accepted */
} cases[] = {
	{ "a minimal incident", run_incident, INCIDENT(""), NULL },
	{ "a null impact_override", run_incident,
	    INCIDENT(",\"impact_override\":null"), NULL },
	{ "an incident without a name", run_incidents,
	    "[" INCIDENT("") ",{\"id\":\"x\",\"status\":\"resolved\"}]",
	    "incidents[1].name: missing (expected string)" },
	{ "a null incident status", run_incident,
	    "{\"id\":\"a\",\"name\":\"n\",\"status\":null}",
	    "incident.status: expected string, got null" },
	{ "an incident id that is a number", run_incident,
	    "{\"id\":42}", "incident.id: expected string, got integer 42" },
	{ "a published_at of true", run_incident,
	    INCIDENT(",\"postmortem_published_at\":true"),
	    "incident.postmortem_published_at: expected timestamp string, "
	    "false or null, got boolean true" },
	{ "a published_at that is not a time", run_incident,
	    INCIDENT(",\"postmortem_published_at\":\"soon\""),
	    "incident.postmortem_published_at: \"soon\" is not a timestamp" },
	{ "reminder intervals of strings", run_incident,
	    INCIDENT(",\"reminder_intervals\":[\"3\"]"),
	    "incident.reminder_intervals: expected string or array of "
	    "integers or null, got array" },
	{ "metadata that is an array", run_incident,
	    INCIDENT(",\"metadata\":[]"),
	    "incident.metadata: expected object or null, got array" },
	{ "an update without created_at", run_incident,
	    INCIDENT(",\"incident_updates\":[{\"id\":\"u\",\"status\":\"x\"}]"),
	    "incident.incident_updates[0].created_at: missing" },
	{ "an affected component without a code", run_incident,
	    INCIDENT(",\"incident_updates\":[{\"id\":\"u\",\"status\":\"x\","
	    "\"created_at\":\"2024-06-07T01:00:17Z\",\"affected_components\":"
	    "[{\"name\":\"API\"}]}]"),
	    "incident.incident_updates[0].affected_components[0].code: "
	    "missing (expected string)" },
	{ "affected components that are an object", run_update,
	    "{\"id\":\"u\",\"status\":\"x\",\"created_at\":"
	    "\"2024-06-07T01:00:17Z\",\"affected_components\":{}}",
	    "incident_update.affected_components: expected array or null, "
	    "got object" },
	{ "a display_at that is not a time", run_update,
	    "{\"id\":\"u\",\"status\":\"x\",\"created_at\":"
	    "\"2024-06-07T01:00:17Z\",\"display_at\":\"2024-06-07\"}",
	    "incident_update.display_at: \"2024-06-07\" is not a timestamp" },
	{ "an incident component with a numeric status", run_incident,
	    INCIDENT(",\"components\":[{\"id\":\"c\",\"name\":\"n\","
	    "\"status\":3}]"),
	    "incident.components[0].status: expected string, got integer 3" },
	{ "a component list that is an object", run_components, "{}",
	    "component list: expected a JSON array at the top, got object" },
	{ "a component that is a string in a list", run_components,
	    "[" COMPONENT("") ",\"c2\"]",
	    "components[1]: expected object, got string \"c2\"" },
	{ "a start_date with a time", run_component,
	    COMPONENT(",\"start_date\":\"2024-06-07T00:00:00Z\""),
	    "component.start_date: \"2024-06-07T00:00:00Z\" is not a date "
	    "string (YYYY-MM-DD)" },
	{ "a position that is a string", run_component,
	    COMPONENT(",\"position\":\"1\""),
	    "component.position: expected integer or null, got string \"1\"" },
	{ "showcase that is a string", run_component,
	    COMPONENT(",\"showcase\":\"yes\""),
	    "component.showcase: expected boolean or null" },
	{ "a null group_id and description", run_component,
	    COMPONENT(",\"group_id\":null,\"description\":null"), NULL },
	{ "a group whose components are ids as numbers", run_group,
	    "{\"id\":\"g\",\"name\":\"n\",\"components\":[1]}",
	    "component_group.components[0]: expected string, got integer 1" },
	{ "a template component that is a number", run_templates,
	    "[{\"id\":\"t\",\"name\":\"n\",\"components\":[5]}]",
	    "templates[0].components[0]: expected component id or object, "
	    "got integer 5" },
	{ "a template component object without an id", run_templates,
	    "[{\"id\":\"t\",\"name\":\"n\",\"components\":[{}]}]",
	    "templates[0].components[0].id: missing" },
	{ "a postmortem draft that is a number", run_postmortem,
	    "{\"body_draft\":1}",
	    "postmortem.body_draft: expected string or null, got integer 1" },
	{ "an error body with no message", run_error, "{\"status\":422}",
	    "error body: no message, error or errors" },
	{ "an error list holding a number", run_error, "{\"errors\":[\"a\",2]}",
	    "errors[1]: expected string, got integer 2" },
	{ "a field error that is a number", run_error,
	    "{\"errors\":{\"na\\u001bme\":[\"ok\",7]}}",
	    "errors[\"na\\x1bme\"][1]: expected string, got integer 7" },
	{ "truncated JSON", run_incident, "{\"id\":\"abc\",\"name\":\"x",
	    "incident: not valid JSON: it ends too soon" },
	{ "invalid UTF-8", run_incident,
	    "{\"id\":\"a\",\"name\":\"\xe6\x97\"}",
	    "incident: not valid JSON: text is not valid UTF-8" },
	{ "a huge position", run_component,
	    COMPONENT(",\"position\":123456789012345678901234567890"),
	    "component: not valid JSON: a number is too large" },
	{ "deeply nested garbage", run_incidents,
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	    "incident list: nested deeper than 64 levels" },
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
		free(cause);
	}
}

static void
a_failed_decode_leaves_the_record_all_zero(void)
{
	const char *b = INCIDENT(",\"components\":[{\"id\":\"c\",\"name\":"
	    "\"n\",\"status\":\"operational\"},{\"id\":\"d\"}]");
	struct incident i, zero;
	char *cause = NULL;

	memset(&zero, 0, sizeof zero);
	CHECK(statuspage_decode_incident(b, strlen(b), &i, &cause) != 0);
	CHECK_STR(cause, "incident.components[1].name: missing (expected "
	    "string)");
	CHECK(memcmp(&i, &zero, sizeof i) == 0);
	free(cause);
}

static void
free_functions_free_and_null_every_record(void)
{
	struct incident *i = xcalloc(1, sizeof *i);
	struct component *c = xcalloc(1, sizeof *c);
	struct component_group *g = xcalloc(1, sizeof *g);
	struct incident_template *t = xcalloc(1, sizeof *t);
	struct postmortem *p = xcalloc(1, sizeof *p);
	const char *ib = INCIDENT(",\"incident_updates\":[{\"id\":\"u\","
	    "\"status\":\"x\",\"created_at\":\"2024-06-07T01:00:17Z\","
	    "\"affected_components\":[{\"code\":\"c\"}]}],\"metadata\":{}");
	char *cause = NULL;

	CHECK_INT(statuspage_decode_incident(ib, strlen(ib), i, &cause), 0);
	CHECK_INT(statuspage_decode_component(COMPONENT(""),
	    strlen(COMPONENT("")), c, &cause), 0);
	g->components.items = xcalloc(1, sizeof *g->components.items);
	g->components.items[0] = xstrdup("c");
	g->components.n = 1;
	t->component_ids.items = xcalloc(1, sizeof *t->component_ids.items);
	t->component_ids.items[0] = xstrdup("c");
	t->component_ids.n = 1;
	t->body = xstrdup("b");
	p->body_draft = xstrdup("d");
	incident_free(&i);
	component_free(&c);
	component_group_free(&g);
	incident_template_free(&t);
	postmortem_free(&p);
	CHECK(i == NULL && c == NULL && g == NULL && t == NULL && p == NULL);
	incident_free(NULL);
	free(cause);
}

/* ---- Encoders ----------------------------------------------------------- */

static void
incident_create_sends_name_status_body_and_components(void)
{
	const char *ids[] = { "kvpxtsp2k1lf" }, *st[] = { "major_outage" };
	struct incident_change c;
	char *json = NULL, *cause = NULL;

	memset(&c, 0, sizeof c);
	c.name = "Billing partner outage";
	c.status = "investigating";
	c.impact_override = "major";
	c.body = "Payments are delayed. Next update in 30 minutes.";
	c.component_ids = ids;
	c.component_statuses = st;
	c.ncomponents = 1;
	c.deliver_notifications = 1;
	CHECK_INT(statuspage_encode_incident_create(&c, &json, &cause), 0);
	CHECK_STR(json, "{\"incident\":{\"name\":\"Billing partner outage\","
	    "\"status\":\"investigating\",\"impact_override\":\"major\","
	    "\"body\":\"Payments are delayed. Next update in 30 minutes.\","
	    "\"components\":{\"kvpxtsp2k1lf\":\"major_outage\"},"
	    "\"component_ids\":[\"kvpxtsp2k1lf\"],"
	    "\"deliver_notifications\":true}}");
	free(json);
	free(cause);
}

static void
incident_update_is_a_patch_with_status_and_body(void)
{
	const char *ids[] = { "kvpxtsp2k1lf", "7ddtptqkb02y" };
	const char *st[] = { "under_maintenance", "operational" };
	struct incident_change c;
	char *json = NULL, *cause = NULL;

	memset(&c, 0, sizeof c);
	c.status = "monitoring";
	c.body = "Billing is in maintenance mode. Next update in one hour.";
	c.deliver_notifications = -1;
	CHECK_INT(statuspage_encode_incident_update(&c, &json, &cause), 0);
	CHECK_STR(json, "{\"incident\":{\"status\":\"monitoring\",\"body\":"
	    "\"Billing is in maintenance mode. Next update in one hour.\"}}");
	free(json);
	c.component_ids = ids;
	c.component_statuses = st;
	c.ncomponents = 2;
	c.deliver_notifications = 0;
	CHECK_INT(statuspage_encode_incident_update(&c, &json, &cause), 0);
	CHECK_CONTAINS(json, "\"components\":{\"kvpxtsp2k1lf\":"
	    "\"under_maintenance\",\"7ddtptqkb02y\":\"operational\"}");
	CHECK_CONTAINS(json, "\"deliver_notifications\":false}}");
	free(json);
	free(cause);
}

static void
component_and_postmortem_bodies_are_as_documented(void)
{
	struct component_change cc = { "under_maintenance", NULL, NULL };
	char *json = NULL, *cause = NULL;

	CHECK_INT(statuspage_encode_component_update(&cc, &json, &cause), 0);
	CHECK_STR(json, "{\"component\":{\"status\":\"under_maintenance\"}}");
	free(json);
	CHECK_INT(statuspage_encode_postmortem_draft("## Summary\nBilling "
	    "was down for 3 h.", &json, &cause), 0);
	CHECK_STR(json, "{\"postmortem\":{\"body_draft\":\"## Summary\\nBilling "
	    "was down for 3 h.\"}}");
	free(json);
	CHECK_INT(statuspage_encode_postmortem_publish(0, 1, NULL, &json,
	    &cause), 0);
	CHECK_STR(json, "{\"postmortem\":{\"notify_twitter\":false,"
	    "\"notify_subscribers\":true}}");
	free(json);
	CHECK_INT(statuspage_encode_postmortem_publish(1, 1, "Postmortem up",
	    &json, &cause), 0);
	CHECK_CONTAINS(json, "\"custom_tweet\":\"Postmortem up\"");
	free(json);
	free(cause);
}

static void
encoders_refuse_unknown_statuses_and_empty_changes(void)
{
	const char *ids[] = { "kvpxtsp2k1lf" }, *st[] = { "down" };
	const char *bad_ids[] = { "x\x1b[2J" }, *ok_st[] = { "operational" };
	struct incident_change c;
	struct component_change cc = { NULL, NULL, NULL };
	char *json = NULL, *cause = NULL;

	memset(&c, 0, sizeof c);
	c.deliver_notifications = -1;
	CHECK(statuspage_encode_incident_create(&c, &json, &cause) != 0);
	CHECK_STR(cause, "incident.name: a new incident needs a name");
	free(cause);
	CHECK(statuspage_encode_incident_update(&c, &json, &cause) != 0);
	CHECK_STR(cause, "incident: nothing to change");
	free(cause);
	c.status = "fixed";
	CHECK(statuspage_encode_incident_update(&c, &json, &cause) != 0);
	CHECK_STR(cause, "incident.status: \"fixed\" is not one of "
	    "investigating, identified, monitoring, resolved, scheduled, "
	    "in_progress, verifying, completed");
	free(cause);
	c.status = "resolved";
	c.impact_override = "huge";
	CHECK(statuspage_encode_incident_update(&c, &json, &cause) != 0);
	CHECK_CONTAINS(cause, "incident.impact_override: \"huge\" is not one of");
	free(cause);
	c.impact_override = NULL;
	c.component_ids = ids;
	c.component_statuses = st;
	c.ncomponents = 1;
	CHECK(statuspage_encode_incident_update(&c, &json, &cause) != 0);
	CHECK_CONTAINS(cause, "incident.components.kvpxtsp2k1lf: \"down\" is "
	    "not one of operational");
	free(cause);
	c.component_ids = bad_ids;
	c.component_statuses = ok_st;
	CHECK(statuspage_encode_incident_update(&c, &json, &cause) != 0);
	CHECK_STR(cause, "incident.component_ids[0]: not a component id");
	free(cause);
	c.ncomponents = 0;
	c.body = "\xc3";
	CHECK(statuspage_encode_incident_update(&c, &json, &cause) != 0);
	CHECK_STR(cause, "incident.body: text is not valid UTF-8");
	free(cause);
	CHECK(statuspage_encode_component_update(&cc, &json, &cause) != 0);
	CHECK_STR(cause, "component: nothing to change");
	free(cause);
	cc.status = "broken";
	CHECK(statuspage_encode_component_update(&cc, &json, &cause) != 0);
	CHECK_CONTAINS(cause, "component.status: \"broken\" is not one of");
	free(cause);
	CHECK(statuspage_encode_postmortem_draft(NULL, &json, &cause) != 0);
	free(cause);
	CHECK(json == NULL);
}

/* U+FFFD in UTF-8, where a \u0000 or a lone surrogate was. */
#define FFFD "\xef\xbf\xbd"

static void
an_incident_list_with_nul_and_lone_surrogates_decodes_whole(void)
{
	const char *b = "["
	    "{\"id\":\"i1\",\"name\":\"Billing\\u0000 down\",\"status\":"
	    "\"identified\",\"impact\":\"major\",\"created_at\":"
	    "\"2024-06-07T01:00:17Z\",\"updated_at\":\"2024-06-07T01:30:00Z\","
	    "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"identified\","
	    "\"body\":\"Partner \\ud800 outage\\u0000\",\"created_at\":"
	    "\"2024-06-07T01:30:00Z\"}]},"
	    "{\"id\":\"i2\",\"name\":\"\\udc00\",\"status\":\"investigating\","
	    "\"impact\":\"minor\",\"created_at\":\"2024-06-07T01:00:17Z\","
	    "\"updated_at\":\"2024-06-07T01:30:00Z\"},"
	    "{\"id\":\"i3\",\"name\":\"Atraso no Pix \\ud83d\\ude00\",\"status\":"
	    "\"resolved\",\"impact\":\"none\",\"created_at\":"
	    "\"2024-06-07T01:00:17Z\",\"updated_at\":\"2024-06-07T01:30:00Z\"}]";
	struct statuspage_incident_list l;

	DECODE_OK(statuspage_decode_incidents(b, strlen(b), &l, &cause_));
	CHECK_INT(l.nincidents, 3);
	if (l.nincidents == 3) {
		CHECK_STR(l.incidents[0].name, "Billing" FFFD " down");
		CHECK_INT(l.incidents[0].nupdates, 1);
		if (l.incidents[0].nupdates == 1)
			CHECK_STR(l.incidents[0].updates[0].body,
			    "Partner " FFFD " outage" FFFD);
		CHECK_STR(l.incidents[1].name, FFFD);
		CHECK_STR(l.incidents[2].name,
		    "Atraso no Pix \xf0\x9f\x98\x80");
	}
	statuspage_incident_list_clear(&l);
}

static const struct test tests[] = {
	T(incident_decodes_the_real_incident),
	T(incident_list_decodes_a_bare_array_of_the_real_incident),
	T(incident_update_decodes_the_real_update),
	T(component_decodes_the_real_component),
	T(component_list_decodes_the_real_components),
	T(component_group_decodes_the_real_group),
	T(every_statuspage_payload_in_the_reference_has_a_test),
	T(postmortem_published_at_is_a_timestamp_null_or_false),
	T(reminder_intervals_are_kept_as_text_from_a_string_or_an_array),
	T(template_list_reads_component_objects_or_ids),
	T(postmortem_decodes_a_draft),
	T(error_joins_every_message_shape),
	T(decoders_refuse_bad_bodies_naming_the_field),
	T(a_failed_decode_leaves_the_record_all_zero),
	T(free_functions_free_and_null_every_record),
	T(incident_create_sends_name_status_body_and_components),
	T(incident_update_is_a_patch_with_status_and_body),
	T(component_and_postmortem_bodies_are_as_documented),
	T(encoders_refuse_unknown_statuses_and_empty_changes),
	T(an_incident_list_with_nul_and_lone_surrogates_decodes_whole),
};

TEST_MAIN(tests)
