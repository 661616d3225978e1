/*
 * Strict decoders for Statuspage Manage API v1 responses: incidents and
 * their updates, components and component groups, incident templates,
 * postmortems, error bodies.
 */
#include "api/statuspage_decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/quote.h"

/* ---- Records ---------------------------------------------------------- */

static int
statuspage_component(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct component *c = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &c->id, cause) != 0 ||
	    decode_string(v, path, "page_id", DECODE_MAYBE, &c->page_id,
	    cause) != 0 ||
	    decode_string(v, path, "group_id", DECODE_MAYBE, &c->group_id,
	    cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &c->name,
	    cause) != 0 ||
	    decode_string(v, path, "description", DECODE_MAYBE,
	    &c->description, cause) != 0 ||
	    decode_int64(v, path, "position", DECODE_MAYBE, &c->position,
	    cause) != 0 ||
	    decode_string(v, path, "status", DECODE_REQUIRED, &c->status,
	    cause) != 0 ||
	    decode_bool(v, path, "showcase", DECODE_MAYBE, &c->showcase,
	    cause) != 0 ||
	    decode_bool(v, path, "only_show_if_degraded", DECODE_MAYBE,
	    &c->only_show_if_degraded, cause) != 0 ||
	    decode_bool(v, path, "group", DECODE_MAYBE, &c->group,
	    cause) != 0 ||
	    decode_string(v, path, "automation_email", DECODE_MAYBE,
	    &c->automation_email, cause) != 0 ||
	    decode_date(v, path, "start_date", DECODE_MAYBE, &c->start_date,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &c->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &c->updated_at,
	    cause) != 0)
		return -1;
	return 0;
}

static int
statuspage_component_group(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct component_group *g = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &g->id, cause) != 0 ||
	    decode_string(v, path, "page_id", DECODE_MAYBE, &g->page_id,
	    cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &g->name,
	    cause) != 0 ||
	    decode_string(v, path, "description", DECODE_MAYBE,
	    &g->description, cause) != 0 ||
	    decode_strings(v, path, "components", DECODE_MAYBE,
	    &g->components, cause) != 0 ||
	    decode_int64(v, path, "position", DECODE_MAYBE, &g->position,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &g->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &g->updated_at,
	    cause) != 0)
		return -1;
	return 0;
}

static int
statuspage_affected(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct affected_component *a = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "code", DECODE_REQUIRED, &a->code,
	    cause) != 0 ||
	    decode_string(v, path, "name", DECODE_MAYBE, &a->name,
	    cause) != 0 ||
	    decode_string(v, path, "old_status", DECODE_MAYBE, &a->old_status,
	    cause) != 0 ||
	    decode_string(v, path, "new_status", DECODE_MAYBE, &a->new_status,
	    cause) != 0)
		return -1;
	return 0;
}

static int
statuspage_update(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct incident_update *u = item;
	const json_t *affected;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &u->id, cause) != 0 ||
	    decode_string(v, path, "incident_id", DECODE_MAYBE,
	    &u->incident_id, cause) != 0 ||
	    decode_string(v, path, "status", DECODE_REQUIRED, &u->status,
	    cause) != 0 ||
	    decode_string(v, path, "body", DECODE_MAYBE, &u->body,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_REQUIRED, &u->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &u->updated_at,
	    cause) != 0 ||
	    decode_time(v, path, "display_at", DECODE_MAYBE, &u->display_at,
	    cause) != 0 ||
	    decode_array(v, path, "affected_components", DECODE_MAYBE,
	    &affected, cause) != 0 ||
	    DECODE_RECORDS(v, path, "affected_components", DECODE_MAYBE,
	    u->affected, u->naffected, statuspage_affected, NULL,
	    cause) != 0 ||
	    decode_bool(v, path, "deliver_notifications", DECODE_MAYBE,
	    &u->deliver_notifications, cause) != 0 ||
	    decode_bool(v, path, "wants_twitter_update", DECODE_MAYBE,
	    &u->wants_twitter_update, cause) != 0 ||
	    decode_string(v, path, "custom_tweet", DECODE_MAYBE,
	    &u->custom_tweet, cause) != 0)
		return -1;
	u->affected_known = affected != NULL;
	return 0;
}

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

static int
statuspage_incident(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct incident *i = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &i->id, cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &i->name,
	    cause) != 0 ||
	    decode_string(v, path, "status", DECODE_REQUIRED, &i->status,
	    cause) != 0 ||
	    decode_string(v, path, "impact", DECODE_REQUIRED, &i->impact,
	    cause) != 0 ||
	    decode_string(v, path, "impact_override", DECODE_MAYBE,
	    &i->impact_override, cause) != 0 ||
	    decode_string(v, path, "shortlink", DECODE_MAYBE, &i->shortlink,
	    cause) != 0 ||
	    decode_string(v, path, "page_id", DECODE_MAYBE, &i->page_id,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_REQUIRED, &i->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_REQUIRED, &i->updated_at,
	    cause) != 0 ||
	    decode_time(v, path, "started_at", DECODE_MAYBE, &i->started_at,
	    cause) != 0 ||
	    decode_time(v, path, "monitoring_at", DECODE_MAYBE,
	    &i->monitoring_at, cause) != 0 ||
	    decode_time(v, path, "resolved_at", DECODE_MAYBE, &i->resolved_at,
	    cause) != 0 ||
	    decode_time(v, path, "scheduled_for", DECODE_MAYBE,
	    &i->scheduled_for, cause) != 0 ||
	    decode_time(v, path, "scheduled_until", DECODE_MAYBE,
	    &i->scheduled_until, cause) != 0 ||
	    DECODE_RECORDS(v, path, "incident_updates", DECODE_MAYBE,
	    i->updates, i->nupdates, statuspage_update, NULL, cause) != 0 ||
	    DECODE_RECORDS(v, path, "components", DECODE_MAYBE, i->components,
	    i->ncomponents, statuspage_component, NULL, cause) != 0 ||
	    decode_string(v, path, "postmortem_body", DECODE_MAYBE,
	    &i->postmortem_body, cause) != 0 ||
	    decode_time(v, path, "postmortem_body_last_updated_at",
	    DECODE_MAYBE, &i->postmortem_body_last_updated_at, cause) != 0 ||
	    statuspage_published_at(v, path, &i->postmortem_published_at,
	    cause) != 0 ||
	    decode_bool(v, path, "postmortem_ignored", DECODE_MAYBE,
	    &i->postmortem_ignored, cause) != 0 ||
	    decode_json_text(v, path, "metadata", DECODE_MAYBE,
	    1u << JSON_OBJECT, &i->metadata, cause) != 0 ||
	    statuspage_reminders(v, path, &i->reminder_intervals, cause) != 0)
		return -1;
	return 0;
}

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
statuspage_template(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct incident_template *t = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &t->id, cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &t->name,
	    cause) != 0 ||
	    decode_string(v, path, "title", DECODE_MAYBE, &t->title,
	    cause) != 0 ||
	    decode_string(v, path, "body", DECODE_MAYBE, &t->body,
	    cause) != 0 ||
	    decode_string(v, path, "update_status", DECODE_MAYBE,
	    &t->update_status, cause) != 0 ||
	    decode_string(v, path, "group_id", DECODE_MAYBE, &t->group_id,
	    cause) != 0 ||
	    statuspage_template_components(v, path, &t->component_ids,
	    cause) != 0 ||
	    decode_bool(v, path, "should_tweet", DECODE_MAYBE,
	    &t->should_tweet, cause) != 0 ||
	    decode_bool(v, path, "should_send_notifications", DECODE_MAYBE,
	    &t->should_send_notifications, cause) != 0)
		return -1;
	return 0;
}

static int
statuspage_postmortem(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct postmortem *p = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "preview_key", DECODE_MAYBE,
	    &p->preview_key, cause) != 0 ||
	    decode_string(v, path, "body", DECODE_MAYBE, &p->body,
	    cause) != 0 ||
	    decode_string(v, path, "body_draft", DECODE_MAYBE, &p->body_draft,
	    cause) != 0 ||
	    decode_time(v, path, "body_updated_at", DECODE_MAYBE,
	    &p->body_updated_at, cause) != 0 ||
	    decode_time(v, path, "body_draft_updated_at", DECODE_MAYBE,
	    &p->body_draft_updated_at, cause) != 0 ||
	    decode_time(v, path, "published_at", DECODE_MAYBE,
	    &p->published_at, cause) != 0 ||
	    decode_bool(v, path, "notify_subscribers", DECODE_MAYBE,
	    &p->notify_subscribers, cause) != 0 ||
	    decode_bool(v, path, "notify_twitter", DECODE_MAYBE,
	    &p->notify_twitter, cause) != 0 ||
	    decode_string(v, path, "custom_tweet", DECODE_MAYBE,
	    &p->custom_tweet, cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &p->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &p->updated_at,
	    cause) != 0)
		return -1;
	return 0;
}

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
 * The tops of the list bodies and of the error body, as decode_body()
 * calls them (single records are decoded by their record function). A
 * failure leaves item for the entry point's clear function.
 */

static int
statuspage_incidents_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct statuspage_incident_list *out = item;

	return DECODE_RECORDS(root, path, NULL, DECODE_REQUIRED,
	    out->incidents, out->nincidents, statuspage_incident, arg, cause);
}

static int
statuspage_components_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct statuspage_component_list *out = item;

	return DECODE_RECORDS(root, path, NULL, DECODE_REQUIRED,
	    out->components, out->ncomponents, statuspage_component, arg,
	    cause);
}

static int
statuspage_component_groups_body(const json_t *root, const char *path,
    void *item, const void *arg, char **cause)
{
	struct statuspage_component_group_list *out = item;

	return DECODE_RECORDS(root, path, NULL, DECODE_REQUIRED, out->groups,
	    out->ngroups, statuspage_component_group, arg, cause);
}

static int
statuspage_templates_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct statuspage_template_list *out = item;

	return DECODE_RECORDS(root, path, NULL, DECODE_REQUIRED,
	    out->templates, out->ntemplates, statuspage_template, arg, cause);
}

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

int
statuspage_decode_incidents(const char *body, size_t len,
    struct statuspage_incident_list *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_ARRAY, "incident list", "incidents",
	    statuspage_incidents_body, out, NULL,
	    statuspage_incident_list_clear, cause);
}

int
statuspage_decode_incident(const char *body, size_t len, struct incident *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "incident", "incident",
	    statuspage_incident, out, NULL, incident_clear, cause);
}

int
statuspage_decode_incident_update(const char *body, size_t len,
    struct incident_update *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "incident update",
	    "incident_update", statuspage_update, out, NULL,
	    incident_update_clear, cause);
}

int
statuspage_decode_components(const char *body, size_t len,
    struct statuspage_component_list *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_ARRAY, "component list",
	    "components", statuspage_components_body, out, NULL,
	    statuspage_component_list_clear, cause);
}

int
statuspage_decode_component(const char *body, size_t len,
    struct component *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "component", "component",
	    statuspage_component, out, NULL, component_clear, cause);
}

int
statuspage_decode_component_groups(const char *body, size_t len,
    struct statuspage_component_group_list *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_ARRAY, "component group list",
	    "component_groups", statuspage_component_groups_body, out, NULL,
	    statuspage_component_group_list_clear, cause);
}

int
statuspage_decode_component_group(const char *body, size_t len,
    struct component_group *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "component group",
	    "component_group", statuspage_component_group, out, NULL,
	    component_group_clear, cause);
}

int
statuspage_decode_templates(const char *body, size_t len,
    struct statuspage_template_list *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_ARRAY, "template list", "templates",
	    statuspage_templates_body, out, NULL,
	    statuspage_template_list_clear, cause);
}

int
statuspage_decode_postmortem(const char *body, size_t len,
    struct postmortem *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "postmortem", "postmortem",
	    statuspage_postmortem, out, NULL, postmortem_clear, cause);
}

int
statuspage_decode_error(const char *body, size_t len,
    struct statuspage_error *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "error body", "",
	    statuspage_error_body, out, NULL, statuspage_error_clear, cause);
}
