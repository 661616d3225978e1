/*
 * Strict decoders for Statuspage Manage API v1 responses: incidents and
 * their updates, components and component groups, incident templates,
 * postmortems, error bodies.
 */
#include "api/statuspage_decode.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/fields.h"
#include "api/quote.h"

/* ---- Records ---------------------------------------------------------- */

/*
 * The records are decoded from their tables (records.c); what is here is
 * what a table cannot say.
 */

/*
 * An update's hand: its affected components, and affected_known, which
 * says they were sent, even as [].
 */
static int
statuspage_update_hand(const json_t *v, const char *path,
    const struct field *f, void *rec, const void *arg, char **cause)
{
	struct incident_update *u = rec;

	u->affected_known = json_is_array(json_object_get(v, f->key));
	return record_decode_records(v, path, f, rec, record_decode_item,
	    f->sub, cause);
}

static const struct record_hand statuspage_update = {
	&record_incident_update, statuspage_update_hand
};

/*
 * postmortem_published_at: the spec types it boolean, real incidents carry
 * a timestamp or null; false is read as null (never published), true has
 * no time to keep and is refused.
 */
static int
statuspage_published_at(const json_t *v, const char *path,
    struct timestamp *out, char **cause)
{
	const char *key = "postmortem_published_at";
	char p[DECODE_PATH_MAX];
	const json_t *m = json_object_get(v, key);

	if (m == NULL || json_is_null(m) || json_is_false(m))
		return 0;
	if (json_is_string(m))
		return decode_time(v, path, key, DECODE_MAYBE, out, cause);
	decode_type_error(m, decode_join(p, sizeof p, path, key),
	    "timestamp string, false", 1, cause);
	return -1;
}

/*
 * reminder_intervals: documented as a string ("[3, 6, 12, 24]"); an
 * array of integers, in case the API ever sends the list itself, is kept
 * as its JSON text so both read the same.
 */
static int
statuspage_reminders(const json_t *v, const char *path, char **out,
    char **cause)
{
	const char *key = "reminder_intervals";
	char p[DECODE_PATH_MAX];
	const json_t *m = json_object_get(v, key), *e;
	size_t i;

	if (m == NULL || json_is_null(m))
		return 0;
	if (json_is_string(m))
		return decode_string(v, path, key, DECODE_MAYBE, out, cause);
	if (json_is_array(m)) {
		json_array_foreach(m, i, e) {
			if (!json_is_integer(e))
				goto bad;
		}
		*out = decode_dump(m);
		return 0;
	}
bad:
	decode_type_error(m, decode_join(p, sizeof p, path, key),
	    "string or array of integers", 1, cause);
	return -1;
}

/* The incident's hand: its updates, and the fields of two shapes. */
static int
statuspage_incident_hand(const json_t *v, const char *path,
    const struct field *f, void *rec, const void *arg, char **cause)
{
	struct incident *i = rec;

	if (f->off == offsetof(struct incident, updates))
		return record_decode_records(v, path, f, rec,
		    record_decode_hand, &statuspage_update, cause);
	if (f->off == offsetof(struct incident, postmortem_published_at))
		return statuspage_published_at(v, path,
		    &i->postmortem_published_at, cause);
	return statuspage_reminders(v, path, &i->reminder_intervals, cause);
}

static const struct record_hand statuspage_incident = {
	&record_incident, statuspage_incident_hand
};

/*
 * A template's components: the spec says Component objects, the create
 * body takes component_ids; either way tdesk keeps the ids.
 */
static int
statuspage_template_components(const json_t *v, const char *path,
    struct string_array *ids, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *arr, *e;
	size_t i;

	if (decode_array(v, path, "components", DECODE_MAYBE, &arr,
	    cause) != 0)
		return -1;
	if (arr == NULL)
		return decode_strings(v, path, "component_ids", DECODE_MAYBE,
		    ids, cause);
	ids->n = json_array_size(arr);
	ids->items = decode_calloc(ids->n, sizeof *ids->items);
	json_array_foreach(arr, i, e) {
		decode_item(p, sizeof p, path, "components", i);
		if (json_is_object(e)) {
			if (decode_string(e, p, "id", DECODE_REQUIRED,
			    &ids->items[i], cause) != 0)
				return -1;
		} else if (json_is_string(e))
			ids->items[i] = xstrdup(json_string_value(e));
		else {
			decode_type_error(e, p, "component id or object", 0,
			    cause);
			return -1;
		}
	}
	return 0;
}

static int
statuspage_template_hand(const json_t *v, const char *path,
    const struct field *f, void *rec, const void *arg, char **cause)
{
	struct incident_template *t = rec;

	return statuspage_template_components(v, path, &t->component_ids,
	    cause);
}

static const struct record_hand statuspage_template = {
	&record_incident_template, statuspage_template_hand
};

/*
 * Append text (a JSON string at path) to *msg, "; "-separated, after the
 * field it is about when there is one ("name can't be blank").
 */
static int
statuspage_message(const json_t *v, const char *path, const char *field,
    char **msg, char **cause)
{
	char *n;

	if (!json_is_string(v)) {
		decode_type_error(v, path, "string", 0, cause);
		return -1;
	}
	n = xasprintf("%s%s%s%s%s", *msg != NULL ? *msg : "",
	    *msg != NULL ? "; " : "", field != NULL ? field : "",
	    field != NULL ? " " : "", json_string_value(v));
	free(*msg);
	*msg = n;
	return 0;
}

/*
 * Rails-style {"name": ["can't be blank"], …} at path. The field names
 * come from the backend, so they are quoted in paths: errors["name"][0].
 */
static int
statuspage_field_messages(json_t *obj, const char *path, char **msg,
    char **cause)
{
	char p[DECODE_PATH_MAX], q[DECODE_PATH_MAX], k[QUOTE_BUFSIZE];
	const json_t *e;
	const char *field;
	json_t *v;
	size_t i;

	json_object_foreach(obj, field, v) {
		quote_for_message(field, strlen(field), QUOTE_BYTES, 0, k);
		snprintf(p, sizeof p, "%s[%.*s]", path, DECODE_PATH_MAX / 2, k);
		if (!json_is_array(v)) {
			if (statuspage_message(v, p, field, msg, cause) != 0)
				return -1;
			continue;
		}
		json_array_foreach(v, i, e) {
			if (statuspage_message(e, decode_item(q, sizeof q, p,
			    NULL, i), field, msg, cause) != 0)
				return -1;
		}
	}
	return 0;
}

/* ---- Bodies ----------------------------------------------------------- */

/*
 * The bare array bodies are their list records (records.c), decoded
 * through record_decode_item() or, for the incident and template lists,
 * with the hand below; the error body has its own top, as decode_body()
 * calls it. A failure leaves item for the entry point's clear function.
 */

/* The hand of the incident and template lists: each item by its hand. */
static int
statuspage_list_hand(const json_t *v, const char *path, const struct field *f,
    void *rec, const void *arg, char **cause)
{
	return record_decode_records(v, path, f, rec, record_decode_hand,
	    f->sub == &record_incident ? &statuspage_incident :
	    &statuspage_template, cause);
}

static const struct record_hand incidents = {
	&record_statuspage_incident_list, statuspage_list_hand
};
static const struct record_hand templates = {
	&record_statuspage_template_list, statuspage_list_hand
};

static int
statuspage_error_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	static const char *const keys[] = { "message", "error", "errors" };
	struct statuspage_error *out = item;
	char p[DECODE_PATH_MAX];
	const json_t *e;
	json_t *v;
	size_t k, i;

	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		v = json_object_get(root, keys[k]);
		if (v == NULL || json_is_null(v))
			continue;
		if (json_is_object(v)) {
			if (statuspage_field_messages(v, keys[k],
			    &out->message, cause) != 0)
				return -1;
			continue;
		}
		if (!json_is_array(v)) {
			if (statuspage_message(v, keys[k], NULL, &out->message,
			    cause) != 0)
				return -1;
			continue;
		}
		json_array_foreach(v, i, e) {
			if (statuspage_message(e, decode_item(p, sizeof p,
			    keys[k], NULL, i), NULL, &out->message, cause) != 0)
				return -1;
		}
	}
	if (out->message == NULL) {
		xcause(cause, "error body: no message, error or errors");
		return -1;
	}
	return 0;
}

/* ---- Entry points ----------------------------------------------------- */

DECODE_DEFINE(statuspage_decode_incidents, struct statuspage_incident_list,
    JSON_ARRAY, "incident list", "incidents", record_decode_hand,
    &incidents, statuspage_incident_list_clear)

DECODE_DEFINE(statuspage_decode_incident, struct incident, JSON_OBJECT,
    "incident", "incident", record_decode_hand, &statuspage_incident,
    incident_clear)

DECODE_DEFINE(statuspage_decode_incident_update, struct incident_update,
    JSON_OBJECT, "incident update", "incident_update", record_decode_hand,
    &statuspage_update, incident_update_clear)

DECODE_DEFINE(statuspage_decode_components, struct statuspage_component_list,
    JSON_ARRAY, "component list", "components", record_decode_item,
    &record_statuspage_component_list, statuspage_component_list_clear)

DECODE_DEFINE(statuspage_decode_component, struct component, JSON_OBJECT,
    "component", "component", record_decode_item, &record_component,
    component_clear)

DECODE_DEFINE(statuspage_decode_component_groups,
    struct statuspage_component_group_list, JSON_ARRAY, "component group list",
    "component_groups", record_decode_item,
    &record_statuspage_component_group_list,
    statuspage_component_group_list_clear)

DECODE_DEFINE(statuspage_decode_component_group, struct component_group,
    JSON_OBJECT, "component group", "component_group", record_decode_item,
    &record_component_group, component_group_clear)

DECODE_DEFINE(statuspage_decode_templates, struct statuspage_template_list,
    JSON_ARRAY, "template list", "templates", record_decode_hand,
    &templates, statuspage_template_list_clear)

DECODE_DEFINE(statuspage_decode_postmortem, struct postmortem, JSON_OBJECT,
    "postmortem", "postmortem", record_decode_item, &record_postmortem,
    postmortem_clear)

DECODE_DEFINE(statuspage_decode_error, struct statuspage_error, JSON_OBJECT,
    "error body", "", statuspage_error_body, NULL, statuspage_error_clear)
