/*
 * Request bodies tdesk sends to Statuspage: create an incident, post an
 * update to one (a PATCH with status/body/components), change a
 * component, write and publish a postmortem.
 *
 * Each checks its input (known incident, impact and component status
 * values, UTF-8 text) and returns 0 with *json set to the compact body (the
 * caller frees it), or -1 with *cause set (the caller frees it) and *json
 * NULL.
 */
#ifndef TDESK_STATUSPAGE_ENCODE_H
#define TDESK_STATUSPAGE_ENCODE_H

#include "api/model.h"
#include "api/xmalloc.h"

/* POST /pages/{id}/incidents: {"incident":{…}}; c->name is required. */
int	statuspage_encode_incident_create(const struct incident_change *c,
	    char **json, char **cause) TD_WUR;

/*
 * PATCH /pages/{id}/incidents/{incident_id}: {"incident":{"status",
 * "body","components":{id:status},"deliver_notifications"}}, which posts
 * a new incident update. Something must be set.
 */
int	statuspage_encode_incident_update(const struct incident_change *c,
	    char **json, char **cause) TD_WUR;

/* PATCH /pages/{id}/components/{component_id}: {"component":{…}}. */
int	statuspage_encode_component_update(const struct component_change *c,
	    char **json, char **cause) TD_WUR;

/* PUT …/postmortem: {"postmortem":{"body_draft":…}}. */
int	statuspage_encode_postmortem_draft(const char *body_draft, char **json,
	    char **cause) TD_WUR;

/*
 * PUT …/postmortem/publish: {"postmortem":{"notify_twitter",
 * "notify_subscribers"[,"custom_tweet"]}}; custom_tweet NULL: not sent.
 */
int	statuspage_encode_postmortem_publish(int notify_twitter,
	    int notify_subscribers, const char *custom_tweet, char **json,
	    char **cause) TD_WUR;

#endif
