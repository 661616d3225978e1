/*
 * The Atlassian Statuspage Manage API v1 calls tdesk makes, for one page:
 * typed functions over http_do() and the decoders and encoders in
 * statuspage_decode.h and statuspage_encode.h. Blocking (see http.h): the
 * sync thread and CLI commands only.
 *
 * The contract is zendesk.h's: an enum http_result (HTTP_OK is 0), *cause
 * on anything else, *out zeroed first and filled only on HTTP_OK, reads
 * retried, writes sent once. Statuspage's 420 is a rate limit like 429.
 *
 * Rate budget: at most STATUSPAGE_PER_SECOND request a second for the
 * whole client (the API's limit per token); a call waits for its slot.
 */
#ifndef TDESK_STATUSPAGE_H
#define TDESK_STATUSPAGE_H

#include "api/http.h"
#include "api/model.h"
#include "api/xmalloc.h"

#define STATUSPAGE_PER_SECOND	1

/* The largest page the list endpoints give. */
#define STATUSPAGE_PAGE_MAX	100

/*
 * A client for one page. url is the API root ("https://api.statuspage.io
 * /v1"), page_id the page's id; tdesk adds /pages/{page_id}/... key is
 * the API key (Authorization: OAuth {key}). policy and hooks may be NULL.
 * NULL with *cause set on a refused URL, page id or key. Free with
 * http_client_free().
 */
struct http_client *statuspage_client_new(const char *url, const char *page_id,
	     const char *key, const struct http_policy *policy,
	     const struct http_hooks *hooks, char **cause) TD_WUR;

/*
 * The client's error_text (http_config): an error body's message (or
 * error) as *text, a new string left NULL when absent; no code. Pure.
 */
void	 statuspage_error_text(const char *body, size_t len, char **code,
	     char **text);

/*
 * GET /pages/{id}/incidents?page=P&limit=L: every incident, newest first
 * (page from 1; limit 1..STATUSPAGE_PAGE_MAX, 0: 100). A page shorter than
 * limit is the last.
 */
enum http_result statuspage_incidents(struct http_client *, int page,
	     int limit, struct statuspage_incident_list *out,
	     char **cause) TD_WUR;

/* GET /pages/{id}/incidents/unresolved?page=P&per_page=N. */
enum http_result statuspage_incidents_unresolved(struct http_client *,
	     int page, int per_page, struct statuspage_incident_list *out,
	     char **cause) TD_WUR;

/* GET /pages/{id}/incidents/{incident_id}. */
enum http_result statuspage_incident_get(struct http_client *,
	     const char *incident_id, struct incident *out,
	     char **cause) TD_WUR;

/* POST /pages/{id}/incidents: a new incident (c->name required). */
enum http_result statuspage_incident_create(struct http_client *,
	     const struct incident_change *c, struct incident *out,
	     char **cause) TD_WUR;

/*
 * PATCH /pages/{id}/incidents/{incident_id} with status/body/components:
 * posts an incident update. HTTP_UNKNOWN: it may have been posted; read
 * the incident's updates back before sending it again.
 */
enum http_result statuspage_incident_update(struct http_client *,
	     const char *incident_id, const struct incident_change *c,
	     struct incident *out, char **cause) TD_WUR;

/* GET /pages/{id}/components?page=P&per_page=N. */
enum http_result statuspage_components(struct http_client *, int page,
	     int per_page, struct statuspage_component_list *out,
	     char **cause) TD_WUR;

/* PATCH /pages/{id}/components/{component_id}. */
enum http_result statuspage_component_update(struct http_client *,
	     const char *component_id, const struct component_change *c,
	     struct component *out, char **cause) TD_WUR;

/* GET /pages/{id}/incident_templates?page=P&per_page=N. */
enum http_result statuspage_templates(struct http_client *, int page,
	     int per_page, struct statuspage_template_list *out,
	     char **cause) TD_WUR;

/* GET /pages/{id}/incidents/{incident_id}/postmortem. */
enum http_result statuspage_postmortem_get(struct http_client *,
	     const char *incident_id, struct postmortem *out,
	     char **cause) TD_WUR;

/* PUT .../postmortem {"postmortem":{"body_draft"}}: write the draft. */
enum http_result statuspage_postmortem_draft(struct http_client *,
	     const char *incident_id, const char *body_draft,
	     struct postmortem *out, char **cause) TD_WUR;

/* PUT .../postmortem/publish; custom_tweet NULL: none. */
enum http_result statuspage_postmortem_publish(struct http_client *,
	     const char *incident_id, int notify_twitter,
	     int notify_subscribers, const char *custom_tweet,
	     struct postmortem *out, char **cause) TD_WUR;

#endif
