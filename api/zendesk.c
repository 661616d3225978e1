/*
 * Zendesk Support API v2 calls: paths, query parameters, rate budgets,
 * and the decoders and encoders for each.
 */
#include "api/zendesk.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/client.h"
#include "api/zendesk_decode.h"
#include "api/zendesk_encode.h"

#define ZENDESK_PATH_MAX	160

/*
 * "Record validation errors: status: Status: 'x' is not valid" from an
 * error body's description and the descriptions in its details.
 */
static char *
zendesk_error_details(const char *description, const char *details)
{
	json_t *root, *list, *item, *d;
	const char *field;
	size_t i;
	char *out = description != NULL ? xstrdup(description) : NULL, *t;

	if (details == NULL ||
	    (root = json_loads(details, JSON_DECODE_ANY, NULL)) == NULL)
		return out;
	if (json_is_object(root)) {
		json_object_foreach(root, field, list) {
			if (!json_is_array(list))
				continue;
			json_array_foreach(list, i, item) {
				d = json_object_get(item, "description");
				if (!json_is_string(d))
					continue;
				t = out == NULL ? xstrdup(json_string_value(d)) :
				    xasprintf("%s; %s", out,
				    json_string_value(d));
				free(out);
				out = t;
			}
		}
	}
	json_decref(root);
	return out;
}

/* The http layer's error_text for Zendesk bodies. */
void
zendesk_error_text(const char *body, size_t len, char **code, char **text)
{
	struct zendesk_error e;

	if (zendesk_decode_error(body, len, &e, NULL) != 0)
		return;
	if (e.error != NULL)
		*code = xstrdup(e.error);
	*text = zendesk_error_details(e.description, e.details);
	zendesk_error_clear(&e);
}

struct http_client *
zendesk_client_new(const char *url, const char *email, const char *token,
    const struct http_policy *policy, const struct http_hooks *hooks,
    char **cause)
{
	const struct http_config fixed = {
		.name = "zendesk",
		.auth = email != NULL ? HTTP_AUTH_ZENDESK_TOKEN :
		    HTTP_AUTH_BEARER,
		.error_text = zendesk_error_text,
	};
	struct http_client *cl;

	if ((cl = client_new(&fixed, url, email, token, policy, hooks,
	    cause)) == NULL)
		return NULL;
	if (http_client_budget(cl, ZENDESK_BUDGET_EXPORT,
	    ZENDESK_EXPORT_PER_MINUTE, 60 * 1000) != 0 ||
	    http_client_budget(cl, ZENDESK_BUDGET_UPDATE,
	    ZENDESK_UPDATES_PER_TICKET, ZENDESK_UPDATE_WINDOW_S * 1000) != 0)
		fatal("zendesk: cannot define the rate budgets");
	return cl;
}

/* An id that can be in a path; else HTTP_ERROR with *cause. */
static int
zendesk_check_id(const char *what, int64_t id, char **cause)
{
	if (id > 0)
		return 0;
	xcause(cause, "zendesk: %s %" PRId64 " is not an id", what, id);
	return -1;
}

static int
zendesk_page_size(int n, int max)
{
	return n <= 0 || n > max ? max : n;
}

/*
 * "ids=1,2,3" (commas unescaped, as Zendesk documents it) for n ids, each
 * checked; NULL with *cause when one is not an id or n is outside 1..max.
 */
static char *
zendesk_ids_query(const char *what, const int64_t *ids, size_t n, size_t max,
    char **cause)
{
	char *q, *t;
	size_t i;

	if (n == 0 || n > max) {
		xcause(cause, "zendesk: %s takes 1 to %zu ids, not %zu", what,
		    max, n);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (zendesk_check_id(what, ids[i], cause) != 0)
			return NULL;
	}
	q = xasprintf("ids=%" PRId64, ids[0]);
	for (i = 1; i < n; i++) {
		t = xasprintf("%s,%" PRId64, q, ids[i]);
		free(q);
		q = t;
	}
	return q;
}

enum http_result
zendesk_me(struct http_client *cl, struct user *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (client_call(cl, &c, HTTP_GET, "/api/v2/users/me", NULL, NULL,
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_user(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_export_page(struct http_client *cl, int64_t start_time,
    const char *cursor, int per_page, const char *billing_field,
    struct zendesk_export_page *out, char **cause)
{
	struct client_call c;
	char *q = NULL;

	memset(out, 0, sizeof *out);
	if (cursor != NULL && *cursor != '\0')
		http_query_add(&q, "cursor", cursor);
	else
		http_query_add_int(&q, "start_time", start_time);
	http_query_add_int(&q, "per_page",
	    zendesk_page_size(per_page, ZENDESK_EXPORT_PAGE_MAX));
	http_query_add(&q, "include", "users,groups,organizations");
	client_call_init(&c, HTTP_GET, "/api/v2/incremental/tickets/cursor", q,
	    NULL);
	c.req.budget = ZENDESK_BUDGET_EXPORT;
	if (client_call_send(cl, &c, cause) == HTTP_OK)
		c.bad = zendesk_decode_export_page(c.body, c.len,
		    billing_field, out, &c.why);
	free(q);
	return client_call_end(cl, &c, cause);
}

/*
 * GET a cursor-paginated list: q (taken; NULL: none) and then page[size],
 * sort, page[after]. The caller decodes and ends c.
 */
static enum http_result
zendesk_list(struct http_client *cl, struct client_call *c, const char *path,
    char *q, const char *after, int page_size, const char *sort,
    char **cause)
{
	http_query_add_int(&q, "page[size]",
	    zendesk_page_size(page_size, ZENDESK_PAGE_MAX));
	if (sort != NULL)
		http_query_add(&q, "sort", sort);
	if (after != NULL && *after != '\0')
		http_query_add(&q, "page[after]", after);
	client_call(cl, c, HTTP_GET, path, q, NULL, cause);
	free(q);
	return c->r;
}

enum http_result
zendesk_ticket_list_page(struct http_client *cl, const char *after,
    int page_size, struct zendesk_ticket_page *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (zendesk_list(cl, &c, "/api/v2/tickets", NULL, after, page_size,
	    "updated_at", cause) == HTTP_OK)
		c.bad = zendesk_decode_ticket_page(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_ticket_get(struct http_client *cl, int64_t id, struct ticket *out,
    char **cause)
{
	struct client_call c;
	char path[ZENDESK_PATH_MAX];

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("ticket", id, cause) != 0)
		return HTTP_ERROR;
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64, id);
	if (client_call(cl, &c, HTTP_GET, path, NULL, NULL, cause) == HTTP_OK)
		c.bad = zendesk_decode_ticket(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_comments_page(struct http_client *cl, int64_t ticket_id,
    const char *after, int page_size, struct zendesk_comment_page *out,
    char **cause)
{
	struct client_call c;
	char path[ZENDESK_PATH_MAX];

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("ticket", ticket_id, cause) != 0)
		return HTTP_ERROR;
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64 "/comments",
	    ticket_id);
	if (zendesk_list(cl, &c, path, NULL, after, page_size, "created_at",
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_comment_page(c.body, c.len, ticket_id,
		    out, &c.why);
	return client_call_end(cl, &c, cause);
}

/* An encoder's refusal: nothing was sent. */
static enum http_result
zendesk_refused(const char *what, char *why, char **cause)
{
	return client_refused("zendesk", what, why, cause);
}

enum http_result
zendesk_ticket_update(struct http_client *cl, int64_t id,
    const struct ticket_update *u, struct zendesk_ticket_update_result *out,
    char **cause)
{
	struct client_call c;
	char path[ZENDESK_PATH_MAX], key[24], *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("ticket", id, cause) != 0)
		return HTTP_ERROR;
	if (zendesk_encode_ticket_update(u, &json, &why) != 0)
		return zendesk_refused("ticket update", why, cause);
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64, id);
	snprintf(key, sizeof key, "%" PRId64, id);
	client_call_init(&c, HTTP_PUT, path, NULL, json);
	c.req.budget = ZENDESK_BUDGET_UPDATE;
	c.req.budget_key = key;
	if (client_call_send(cl, &c, cause) == HTTP_OK)
		c.bad = zendesk_decode_ticket_update(c.body, c.len, out,
		    &c.why);
	free(json);
	return client_call_end(cl, &c, cause);
}

/* Decode a job_status answer to c into *out, and end c. */
static enum http_result
zendesk_job_answer(struct http_client *cl, struct client_call *c,
    struct job_status *out, char **cause)
{
	if (c->r == HTTP_OK)
		c->bad = zendesk_decode_job_status(c->body, c->len, out,
		    &c->why);
	return client_call_end(cl, c, cause);
}

enum http_result
zendesk_update_many(struct http_client *cl, const int64_t *ids, size_t n,
    const struct ticket_update *u, struct job_status *out, char **cause)
{
	struct client_call c;
	enum http_result r;
	char *json = NULL, *why = NULL, *q;

	memset(out, 0, sizeof *out);
	if ((q = zendesk_ids_query("update_many ticket", ids, n,
	    ZENDESK_UPDATE_MANY_MAX, cause)) == NULL)
		return HTTP_ERROR;
	if (zendesk_encode_update_many(u, &json, &why) != 0) {
		free(q);
		return zendesk_refused("bulk update", why, cause);
	}
	client_call(cl, &c, HTTP_PUT, "/api/v2/tickets/update_many", q, json,
	    cause);
	r = zendesk_job_answer(cl, &c, out, cause);
	free(q);
	free(json);
	return r;
}

enum http_result
zendesk_update_batch(struct http_client *cl, const struct ticket_update *u,
    size_t n, struct job_status *out, char **cause)
{
	struct client_call c;
	enum http_result r;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_encode_update_batch(u, n, &json, &why) != 0)
		return zendesk_refused("batch update", why, cause);
	client_call(cl, &c, HTTP_PUT, "/api/v2/tickets/update_many", NULL,
	    json, cause);
	r = zendesk_job_answer(cl, &c, out, cause);
	free(json);
	return r;
}

enum http_result
zendesk_job_status(struct http_client *cl, const char *id,
    struct job_status *out, char **cause)
{
	struct client_call c;
	enum http_result r;
	char *e, *path;

	memset(out, 0, sizeof *out);
	if (id == NULL || *id == '\0') {
		xcause(cause, "zendesk: no job id");
		return HTTP_ERROR;
	}
	e = http_escape(id);
	path = xasprintf("/api/v2/job_statuses/%s", e);
	client_call(cl, &c, HTTP_GET, path, NULL, NULL, cause);
	r = zendesk_job_answer(cl, &c, out, cause);
	free(path);
	free(e);
	return r;
}

enum http_result
zendesk_ticket_create(struct http_client *cl, const struct ticket_update *u,
    struct zendesk_ticket_update_result *out, char **cause)
{
	struct client_call c;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_encode_ticket_create(u, &json, &why) != 0)
		return zendesk_refused("ticket create", why, cause);
	if (client_call(cl, &c, HTTP_POST, "/api/v2/tickets", NULL, json,
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_ticket_update(c.body, c.len, out,
		    &c.why);
	free(json);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_users_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_user_page *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (zendesk_list(cl, &c, "/api/v2/users", NULL, after, page_size, NULL,
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_user_page(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_groups_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_group_page *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (zendesk_list(cl, &c, "/api/v2/groups", NULL, after, page_size,
	    NULL, cause) == HTTP_OK)
		c.bad = zendesk_decode_group_page(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

/*
 * Organizations, from a list page or show_many: c's answer into *out,
 * and c ended.
 */
static enum http_result
zendesk_organization_answer(struct http_client *cl, struct client_call *c,
    const char *billing_field, struct zendesk_organization_page *out,
    char **cause)
{
	if (c->r == HTTP_OK)
		c->bad = zendesk_decode_organization_page(c->body, c->len,
		    billing_field, out, &c->why);
	return client_call_end(cl, c, cause);
}

enum http_result
zendesk_organizations_page(struct http_client *cl, const char *after,
    int page_size, const char *billing_field,
    struct zendesk_organization_page *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	zendesk_list(cl, &c, "/api/v2/organizations", NULL, after, page_size,
	    NULL, cause);
	return zendesk_organization_answer(cl, &c, billing_field, out, cause);
}

enum http_result
zendesk_staff_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_user_page *out, char **cause)
{
	struct client_call c;
	char *q = NULL;

	memset(out, 0, sizeof *out);
	http_query_add(&q, "role[]", "agent");
	http_query_add(&q, "role[]", "admin");
	if (zendesk_list(cl, &c, "/api/v2/users", q, after, page_size, NULL,
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_user_page(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

/*
 * GET path?ids=... for n ids (what names them in a refusal); the caller
 * decodes and ends c. HTTP_ERROR, nothing sent, when the ids are not.
 */
static enum http_result
zendesk_show_many(struct http_client *cl, struct client_call *c,
    const char *path, const char *what, const int64_t *ids, size_t n,
    char **cause)
{
	char *q;

	memset(c, 0, sizeof *c);
	if ((q = zendesk_ids_query(what, ids, n, ZENDESK_SHOW_MANY_MAX,
	    cause)) == NULL)
		return c->r = HTTP_ERROR;
	client_call(cl, c, HTTP_GET, path, q, NULL, cause);
	free(q);
	return c->r;
}

enum http_result
zendesk_users_show_many(struct http_client *cl, const int64_t *ids, size_t n,
    struct zendesk_user_page *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (zendesk_show_many(cl, &c, "/api/v2/users/show_many", "user", ids, n,
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_user_page(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_organizations_show_many(struct http_client *cl, const int64_t *ids,
    size_t n, const char *billing_field, struct zendesk_organization_page *out,
    char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	zendesk_show_many(cl, &c, "/api/v2/organizations/show_many",
	    "organization", ids, n, cause);
	return zendesk_organization_answer(cl, &c, billing_field, out, cause);
}

enum http_result
zendesk_macros_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_macro_page *out, char **cause)
{
	struct client_call c;
	char *q = NULL;

	memset(out, 0, sizeof *out);
	http_query_add(&q, "active", "true");
	if (zendesk_list(cl, &c, "/api/v2/macros", q, after, page_size, NULL,
	    cause) == HTTP_OK)
		c.bad = zendesk_decode_macro_page(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
zendesk_macro_apply(struct http_client *cl, int64_t ticket_id,
    int64_t macro_id, struct macro_result *out, char **cause)
{
	struct client_call c;
	char path[ZENDESK_PATH_MAX];

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("macro", macro_id, cause) != 0 ||
	    (ticket_id != 0 && zendesk_check_id("ticket", ticket_id,
	    cause) != 0))
		return HTTP_ERROR;
	if (ticket_id != 0)
		snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64
		    "/macros/%" PRId64 "/apply", ticket_id, macro_id);
	else
		snprintf(path, sizeof path, "/api/v2/macros/%" PRId64 "/apply",
		    macro_id);
	if (client_call(cl, &c, HTTP_GET, path, NULL, NULL, cause) == HTTP_OK)
		c.bad = zendesk_decode_macro_apply(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}
