/*
 * The request, send, decode and free steps every backend call shares:
 * see client.h.
 */
#include "api/client.h"

#include <stdlib.h>
#include <string.h>

struct http_client *
client_new(const struct http_config *base, const char *url, const char *user,
    const char *secret, const struct http_policy *policy,
    const struct http_hooks *hooks, char **cause)
{
	struct http_config cfg = *base;

	cfg.base_url = url;
	cfg.user = user;
	cfg.secret = secret;
	cfg.policy = policy;
	cfg.hooks = hooks;
	return http_client_new(&cfg, cause);
}

void
client_call_init(struct client_call *c, enum http_method m, const char *path,
    const char *query, const char *json)
{
	memset(c, 0, sizeof *c);
	c->req.method = m;
	c->req.path = path;
	c->req.query = query;
	c->req.body = json;
	c->req.body_len = json != NULL ? strlen(json) : 0;
	c->req.retry = m == HTTP_GET;
}

enum http_result
client_call_send(struct http_client *cl, struct client_call *c, char **cause)
{
	c->r = http_send(cl, &c->req, &c->resp, cause);
	c->body = c->resp.body != NULL ? c->resp.body : "";
	c->len = c->resp.len;
	return c->r;
}

enum http_result
client_call(struct http_client *cl, struct client_call *c, enum http_method m,
    const char *path, const char *query, const char *json, char **cause)
{
	client_call_init(c, m, path, query, json);
	return client_call_send(cl, c, cause);
}

enum http_result
client_call_end(struct http_client *cl, struct client_call *c, char **cause)
{
	if (c->r == HTTP_OK && c->bad != 0)
		c->r = http_undecodable(cl, &c->req, c->why, cause);
	http_response_clear(&c->resp);
	return c->r;
}

enum http_result
client_refused(const char *name, const char *what, char *why, char **cause)
{
	xcause(cause, "%s: %s: %s", name, what, why);
	free(why);
	return HTTP_ERROR;
}
