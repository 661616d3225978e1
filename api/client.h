/*
 * What the backend clients (zendesk.c, statuspage.c, payments.c) share:
 * making the client from the backend's fixed part, and around every call:
 * build the request, send it, hand the 2xx body to the caller's decoder,
 * turn a body that does not decode into http_undecodable(), and free the
 * answer.
 */
#ifndef TDESK_CLIENT_H
#define TDESK_CLIENT_H

#include <stddef.h>

#include "api/http.h"

/*
 * A backend's client: what is fixed for the backend (name, auth,
 * error_text, budgets) in base, with the URL, user and secret the user
 * configured and the policy and hooks, as for http_client_new().
 */
struct http_client *client_new(const struct http_config *base,
	    const char *url, const char *user, const char *secret,
	    const struct http_policy *policy, const struct http_hooks *hooks,
	    char **cause);

/*
 * One call. client_call_send() sends req; when it returns HTTP_OK the
 * caller decodes body and len into its record, setting bad to the
 * decoder's result and why to its complaint; client_call_end() then
 * finishes the call.
 */
struct client_call {
	struct http_request	 req;
	struct http_response	 resp;
	enum http_result	 r;
	const char		*body;		/* the answer's body, never NULL
						 * (an empty 2xx decodes as "") */
	size_t			 len;
	int			 bad;		/* the decoder's result; 0: ok */
	char			*why;		/* the decoder's complaint */
};

/*
 * c zeroed and its request set: method m to path (query and json may be
 * NULL). A GET may be sent more than once; a write is sent once.
 */
void	 client_call_init(struct client_call *c, enum http_method m,
	    const char *path, const char *query, const char *json);

/* Sends c->req (as client_call_init left it, or as the caller then set it). */
enum http_result client_call_send(struct http_client *,
	    struct client_call *c, char **cause);

/* client_call_init, then client_call_send. */
enum http_result client_call(struct http_client *, struct client_call *c,
	    enum http_method m, const char *path, const char *query,
	    const char *json, char **cause);

/*
 * The call's result: http_undecodable() when it was HTTP_OK but c->bad
 * is set (which takes c->why). The answer is freed either way.
 */
enum http_result client_call_end(struct http_client *,
	    struct client_call *c, char **cause) TD_WUR;

/*
 * An encoder's refusal, nothing sent: HTTP_ERROR with *cause "name: what:
 * why". Frees why.
 */
enum http_result client_refused(const char *name, const char *what,
	    char *why, char **cause);

#endif
