/*
 * Statuspage Manage API v1 calls: paths under /pages/{page_id}, the
 * one-request-a-second budget, and the decoders and encoders for each.
 */
#include "api/statuspage.h"

#include <stdlib.h>
#include <string.h>

#include "api/client.h"
#include "api/statuspage_decode.h"
#include "api/statuspage_encode.h"

/* The http layer's error_text for Statuspage bodies: {"message"}, {"error"}. */
void
statuspage_error_text(const char *body, size_t len, char **code, char **text)
{
	struct statuspage_error e;

	if (statuspage_decode_error(body, len, &e, NULL) != 0)
		return;
	*text = e.message;
	e.message = NULL;
	statuspage_error_clear(&e);
}

struct http_client *
statuspage_client_new(const char *url, const char *page_id, const char *key,
    const struct http_policy *policy, const struct http_hooks *hooks,
    char **cause)
{
	static const struct http_config fixed = {
		.name = "statuspage",
		.auth = HTTP_AUTH_OAUTH,
		.rate_420 = 1,
		.budget_count = STATUSPAGE_PER_SECOND,
		.budget_period_ms = 1000,
		.error_text = statuspage_error_text,
	};
	struct http_client *cl;
	char *base, *e;
	size_t n;

	if (url == NULL || page_id == NULL || *page_id == '\0') {
		xcause(cause, "statuspage: no %s", url == NULL ? "URL" :
		    "page id");
		return NULL;
	}
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	e = http_escape(page_id);
	base = xasprintf("%.*s/pages/%s", (int)n, url, e);
	free(e);
	cl = client_new(&fixed, base, NULL, key, policy, hooks, cause);
	free(base);
	return cl;
}

static int
statuspage_size(int n)
{
	return n <= 0 || n > STATUSPAGE_PAGE_MAX ? STATUSPAGE_PAGE_MAX : n;
}

/* "page=P&<size_name>=N". */
static char *
statuspage_paging(int page, const char *size_name, int size)
{
	char *q = NULL;

	http_query_add_int(&q, "page", page < 1 ? 1 : page);
	http_query_add_int(&q, size_name, statuspage_size(size));
	return q;
}

/* "/incidents/{id}[suffix]" with the id escaped; NULL if id is empty. */
static char *
statuspage_path(const char *what, const char *id, const char *suffix,
    char **cause)
{
	char *e, *p;

	if (id == NULL || *id == '\0') {
		xcause(cause, "statuspage: no %s id", what + 1);
		return NULL;
	}
	e = http_escape(id);
	p = xasprintf("%s/%s%s", what, e, suffix);
	free(e);
	return p;
}

static enum http_result
statuspage_refused(const char *what, char *why, char **cause)
{
	return client_refused("statuspage", what, why, cause);
}

static enum http_result
statuspage_list(struct http_client *cl, const char *path, char *q,
    struct statuspage_incident_list *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (client_call(cl, &c, HTTP_GET, path, q, NULL, cause) == HTTP_OK)
		c.bad = statuspage_decode_incidents(c.body, c.len, out, &c.why);
	free(q);
	return client_call_end(cl, &c, cause);
}

enum http_result
statuspage_incidents(struct http_client *cl, int page, int limit,
    struct statuspage_incident_list *out, char **cause)
{
	return statuspage_list(cl, "/incidents",
	    statuspage_paging(page, "limit", limit), out, cause);
}

enum http_result
statuspage_incidents_unresolved(struct http_client *cl, int page,
    int per_page, struct statuspage_incident_list *out, char **cause)
{
	return statuspage_list(cl, "/incidents/unresolved",
	    statuspage_paging(page, "per_page", per_page), out, cause);
}

/* GET, POST or PATCH answered by one incident. */
static enum http_result
statuspage_incident_call(struct http_client *cl, enum http_method m,
    const char *path, const char *json, struct incident *out, char **cause)
{
	struct client_call c;

	if (client_call(cl, &c, m, path, NULL, json, cause) == HTTP_OK)
		c.bad = statuspage_decode_incident(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
statuspage_incident_get(struct http_client *cl, const char *incident_id,
    struct incident *out, char **cause)
{
	enum http_result r;
	char *path;

	memset(out, 0, sizeof *out);
	if ((path = statuspage_path("/incidents", incident_id, "",
	    cause)) == NULL)
		return HTTP_ERROR;
	r = statuspage_incident_call(cl, HTTP_GET, path, NULL, out, cause);
	free(path);
	return r;
}

enum http_result
statuspage_incident_create(struct http_client *cl,
    const struct incident_change *c, struct incident *out, char **cause)
{
	enum http_result r;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (statuspage_encode_incident_create(c, &json, &why) != 0)
		return statuspage_refused("incident create", why, cause);
	r = statuspage_incident_call(cl, HTTP_POST, "/incidents", json, out,
	    cause);
	free(json);
	return r;
}

enum http_result
statuspage_incident_update(struct http_client *cl, const char *incident_id,
    const struct incident_change *c, struct incident *out, char **cause)
{
	enum http_result r;
	char *json = NULL, *why = NULL, *path;

	memset(out, 0, sizeof *out);
	if ((path = statuspage_path("/incidents", incident_id, "",
	    cause)) == NULL)
		return HTTP_ERROR;
	if (statuspage_encode_incident_update(c, &json, &why) != 0) {
		free(path);
		return statuspage_refused("incident update", why, cause);
	}
	r = statuspage_incident_call(cl, HTTP_PATCH, path, json, out, cause);
	free(json);
	free(path);
	return r;
}

enum http_result
statuspage_components(struct http_client *cl, int page, int per_page,
    struct statuspage_component_list *out, char **cause)
{
	struct client_call c;
	char *q;

	memset(out, 0, sizeof *out);
	q = statuspage_paging(page, "per_page", per_page);
	if (client_call(cl, &c, HTTP_GET, "/components", q, NULL, cause) ==
	    HTTP_OK)
		c.bad = statuspage_decode_components(c.body, c.len, out,
		    &c.why);
	free(q);
	return client_call_end(cl, &c, cause);
}

enum http_result
statuspage_component_update(struct http_client *cl, const char *component_id,
    const struct component_change *c, struct component *out, char **cause)
{
	struct client_call call;
	char *json = NULL, *why = NULL, *path;

	memset(out, 0, sizeof *out);
	if ((path = statuspage_path("/components", component_id, "",
	    cause)) == NULL)
		return HTTP_ERROR;
	if (statuspage_encode_component_update(c, &json, &why) != 0) {
		free(path);
		return statuspage_refused("component update", why, cause);
	}
	if (client_call(cl, &call, HTTP_PATCH, path, NULL, json, cause) ==
	    HTTP_OK)
		call.bad = statuspage_decode_component(call.body, call.len, out,
		    &call.why);
	free(json);
	free(path);
	return client_call_end(cl, &call, cause);
}

enum http_result
statuspage_templates(struct http_client *cl, int page, int per_page,
    struct statuspage_template_list *out, char **cause)
{
	struct client_call c;
	char *q;

	memset(out, 0, sizeof *out);
	q = statuspage_paging(page, "per_page", per_page);
	if (client_call(cl, &c, HTTP_GET, "/incident_templates", q, NULL,
	    cause) == HTTP_OK)
		c.bad = statuspage_decode_templates(c.body, c.len, out, &c.why);
	free(q);
	return client_call_end(cl, &c, cause);
}

/* GET or PUT .../postmortem[suffix], answered by the postmortem. */
static enum http_result
statuspage_postmortem_call(struct http_client *cl, enum http_method m,
    const char *incident_id, const char *suffix, const char *json,
    struct postmortem *out, char **cause)
{
	struct client_call c;
	char *path;

	if ((path = statuspage_path("/incidents", incident_id, suffix,
	    cause)) == NULL)
		return HTTP_ERROR;
	if (client_call(cl, &c, m, path, NULL, json, cause) == HTTP_OK)
		c.bad = statuspage_decode_postmortem(c.body, c.len, out,
		    &c.why);
	free(path);
	return client_call_end(cl, &c, cause);
}

enum http_result
statuspage_postmortem_get(struct http_client *cl, const char *incident_id,
    struct postmortem *out, char **cause)
{
	memset(out, 0, sizeof *out);
	return statuspage_postmortem_call(cl, HTTP_GET, incident_id,
	    "/postmortem", NULL, out, cause);
}

enum http_result
statuspage_postmortem_draft(struct http_client *cl, const char *incident_id,
    const char *body_draft, struct postmortem *out, char **cause)
{
	enum http_result r;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (statuspage_encode_postmortem_draft(body_draft, &json, &why) != 0)
		return statuspage_refused("postmortem draft", why, cause);
	r = statuspage_postmortem_call(cl, HTTP_PUT, incident_id,
	    "/postmortem", json, out, cause);
	free(json);
	return r;
}

enum http_result
statuspage_postmortem_publish(struct http_client *cl, const char *incident_id,
    int notify_twitter, int notify_subscribers, const char *custom_tweet,
    struct postmortem *out, char **cause)
{
	enum http_result r;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (statuspage_encode_postmortem_publish(notify_twitter,
	    notify_subscribers, custom_tweet, &json, &why) != 0)
		return statuspage_refused("postmortem publish", why, cause);
	r = statuspage_postmortem_call(cl, HTTP_PUT, incident_id,
	    "/postmortem/publish", json, out, cause);
	free(json);
	return r;
}
