/*
 * Statuspage request bodies: incident create and update (PATCH), component
 * change, postmortem draft and publish.
 */
#include "api/statuspage_encode.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/decode.h"

static const char *const statuspage_incident_statuses[] = {
	"investigating", "identified", "monitoring", "resolved",
	"scheduled", "in_progress", "verifying", "completed", NULL
};
static const char *const statuspage_impacts[] = {
	"none", "maintenance", "minor", "major", "critical", NULL
};
static const char *const statuspage_component_statuses[] = {
	"operational", "under_maintenance", "degraded_performance",
	"partial_outage", "major_outage", NULL
};

/*
 * Statuspage ids are short lower-case alphanumerics; anything else is a bug
 * upstream, and refusing it keeps the id safe to put in a message.
 */
static int
statuspage_valid_id(const char *id)
{
	size_t n;

	if (id == NULL || (n = strlen(id)) == 0 || n > 64)
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

/*
 * The affected components: "components" maps each id to its new status,
 * and "component_ids" lists the same ids, which is what marks them
 * affected on the incident.
 */
static int
statuspage_put_components(json_t *inc, const struct incident_change *c,
    char **cause)
{
	char p[DECODE_PATH_MAX];
	json_t *map, *ids;
	size_t i;

	map = json_object();
	ids = json_array();
	for (i = 0; i < c->ncomponents; i++) {
		const char *id = c->component_ids[i];

		decode_item(p, sizeof p, "incident", "component_ids", i);
		if (!statuspage_valid_id(id)) {
			xcause(cause, "%s: not a component id", p);
			goto fail;
		}
		if (decode_put_word(map, "incident.components", id,
		    c->component_statuses[i], statuspage_component_statuses, 0,
		    cause) != 0)
			goto fail;
		if (json_array_append_new(ids, json_string(id)) != 0) {
			xcause(cause, "%s: text is not valid UTF-8", p);
			goto fail;
		}
	}
	if (decode_put(inc, "incident", "components", map, cause) != 0) {
		json_decref(ids);
		return -1;
	}
	return decode_put(inc, "incident", "component_ids", ids, cause);
fail:
	json_decref(map);
	json_decref(ids);
	return -1;
}

static int
statuspage_incident_body(const struct incident_change *c, int create,
    char **json, char **cause)
{
	const char *p = "incident";
	json_t *inc = json_object();

	*json = NULL;
	if (create && (c->name == NULL || *c->name == '\0')) {
		xcause(cause, "incident.name: a new incident needs a name");
		goto fail;
	}
	if (!create && c->name == NULL && c->status == NULL &&
	    c->impact_override == NULL && c->body == NULL &&
	    c->ncomponents == 0) {
		xcause(cause, "incident: nothing to change");
		goto fail;
	}
	if ((c->name != NULL && decode_put_string(inc, p, "name", c->name,
	    cause) != 0) ||
	    (c->status != NULL && decode_put_word(inc, p, "status", c->status,
	    statuspage_incident_statuses, 0, cause) != 0) ||
	    (c->impact_override != NULL && decode_put_word(inc, p,
	    "impact_override", c->impact_override, statuspage_impacts, 0,
	    cause) != 0) ||
	    (c->body != NULL && decode_put_string(inc, p, "body", c->body,
	    cause) != 0) ||
	    (c->ncomponents > 0 && statuspage_put_components(inc, c,
	    cause) != 0))
		goto fail;
	if (c->deliver_notifications >= 0)
		decode_put_bool(inc, "deliver_notifications",
		    c->deliver_notifications);
	return decode_wrap("incident", inc, json, cause);
fail:
	json_decref(inc);
	return -1;
}

int
statuspage_encode_incident_create(const struct incident_change *c,
    char **json, char **cause)
{
	return statuspage_incident_body(c, 1, json, cause);
}

int
statuspage_encode_incident_update(const struct incident_change *c,
    char **json, char **cause)
{
	return statuspage_incident_body(c, 0, json, cause);
}

int
statuspage_encode_component_update(const struct component_change *c,
    char **json, char **cause)
{
	const char *p = "component";
	json_t *comp = json_object();

	*json = NULL;
	if (c->status == NULL && c->name == NULL && c->description == NULL) {
		xcause(cause, "component: nothing to change");
		goto fail;
	}
	if ((c->status != NULL && decode_put_word(comp, p, "status", c->status,
	    statuspage_component_statuses, 0, cause) != 0) ||
	    (c->name != NULL && decode_put_string(comp, p, "name", c->name,
	    cause) != 0) ||
	    (c->description != NULL && decode_put_string(comp, p,
	    "description", c->description, cause) != 0))
		goto fail;
	return decode_wrap("component", comp, json, cause);
fail:
	json_decref(comp);
	return -1;
}

int
statuspage_encode_postmortem_draft(const char *body_draft, char **json,
    char **cause)
{
	json_t *pm = json_object();

	*json = NULL;
	if (body_draft == NULL) {
		xcause(cause, "postmortem.body_draft: a draft needs a body");
		json_decref(pm);
		return -1;
	}
	if (decode_put_string(pm, "postmortem", "body_draft", body_draft,
	    cause) != 0) {
		json_decref(pm);
		return -1;
	}
	return decode_wrap("postmortem", pm, json, cause);
}

int
statuspage_encode_postmortem_publish(int notify_twitter,
    int notify_subscribers, const char *custom_tweet, char **json,
    char **cause)
{
	json_t *pm = json_object();

	*json = NULL;
	decode_put_bool(pm, "notify_twitter", notify_twitter);
	decode_put_bool(pm, "notify_subscribers", notify_subscribers);
	if (custom_tweet != NULL && decode_put_string(pm, "postmortem",
	    "custom_tweet", custom_tweet, cause) != 0) {
		json_decref(pm);
		return -1;
	}
	return decode_wrap("postmortem", pm, json, cause);
}
