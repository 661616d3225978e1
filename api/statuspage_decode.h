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

#include <stddef.h>

#include "api/model.h"
#include "api/xmalloc.h"

/* GET /pages/{id}/incidents (and /unresolved, /scheduled…): a bare array. */
int	statuspage_decode_incidents(const char *body, size_t len,
	    struct statuspage_incident_list *out, char **cause) TD_WUR;

/* GET, POST, PATCH /pages/{id}/incidents[/{incident_id}]: one incident. */
int	statuspage_decode_incident(const char *body, size_t len,
	    struct incident *out, char **cause) TD_WUR;

/* PATCH …/incidents/{id}/incident_updates/{update_id}: one update. */
int	statuspage_decode_incident_update(const char *body, size_t len,
	    struct incident_update *out, char **cause) TD_WUR;

/* GET /pages/{id}/components: a bare array; and one component. */
int	statuspage_decode_components(const char *body, size_t len,
	    struct statuspage_component_list *out, char **cause) TD_WUR;
int	statuspage_decode_component(const char *body, size_t len,
	    struct component *out, char **cause) TD_WUR;

/* GET /pages/{id}/component-groups: a bare array; and one group. */
int	statuspage_decode_component_groups(const char *body, size_t len,
	    struct statuspage_component_group_list *out, char **cause) TD_WUR;
int	statuspage_decode_component_group(const char *body, size_t len,
	    struct component_group *out, char **cause) TD_WUR;

/* GET /pages/{id}/incident_templates: a bare array. */
int	statuspage_decode_templates(const char *body, size_t len,
	    struct statuspage_template_list *out, char **cause) TD_WUR;

/* GET, PUT …/incidents/{id}/postmortem[/publish]. */
int	statuspage_decode_postmortem(const char *body, size_t len,
	    struct postmortem *out, char **cause) TD_WUR;

/*
 * A 4xx body: {"message"} (the spec), {"error": text or [texts]},
 * {"errors": [texts]}, or Rails-style {"errors": {"field": [texts]}}.
 */
int	statuspage_decode_error(const char *body, size_t len,
	    struct statuspage_error *out, char **cause) TD_WUR;

#endif
