/*
 * Strict decoders for the Atlassian Statuspage Manage API v1 responses
 * tdesk reads. The contract is zendesk_decode.h's: the whole body in,
 * *out zeroed first and filled, 0; or -1 with *cause (the caller frees it)
 * naming the field's JSON path, and *out cleared. List endpoints answer
 * with a bare JSON array, whose elements are "incidents[i]" and so on in
 * messages; single objects are "incident.…", "component.…".
 */
#ifndef TDESK_STATUSPAGE_DECODE_H
#define TDESK_STATUSPAGE_DECODE_H

#include "api/decoder.h"
#include "api/model.h"

/* GET /pages/{id}/incidents (and /unresolved, /scheduled…): a bare array. */
DECODE_DECLARE(statuspage_decode_incidents, struct statuspage_incident_list);

/* GET, POST, PATCH /pages/{id}/incidents[/{incident_id}]: one incident. */
DECODE_DECLARE(statuspage_decode_incident, struct incident);

/* PATCH …/incidents/{id}/incident_updates/{update_id}: one update. */
DECODE_DECLARE(statuspage_decode_incident_update, struct incident_update);

/* GET /pages/{id}/components: a bare array; and one component. */
DECODE_DECLARE(statuspage_decode_components, struct statuspage_component_list);
DECODE_DECLARE(statuspage_decode_component, struct component);

/* GET /pages/{id}/component-groups: a bare array; and one group. */
DECODE_DECLARE(statuspage_decode_component_groups,
    struct statuspage_component_group_list);
DECODE_DECLARE(statuspage_decode_component_group, struct component_group);

/* GET /pages/{id}/incident_templates: a bare array. */
DECODE_DECLARE(statuspage_decode_templates, struct statuspage_template_list);

/* GET, PUT …/incidents/{id}/postmortem[/publish]. */
DECODE_DECLARE(statuspage_decode_postmortem, struct postmortem);

/*
 * A 4xx body: {"message"} (the spec), {"error": text or [texts]},
 * {"errors": [texts]}, or Rails-style {"errors": {"field": [texts]}}.
 */
DECODE_DECLARE(statuspage_decode_error, struct statuspage_error);

#endif
