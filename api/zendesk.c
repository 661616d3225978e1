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
	char *why = NULL;

	if (zendesk_decode_error(body, len, &e, &why) != 0) {
		free(why);
		return;
	}
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
	struct http_config cfg;
	struct http_client *cl;

	memset(&cfg, 0, sizeof cfg);
	cfg.name = "zendesk";
	cfg.base_url = url;
	cfg.auth = email != NULL ? HTTP_AUTH_ZENDESK_TOKEN : HTTP_AUTH_BEARER;
	cfg.user = email;
	cfg.secret = token;
	cfg.error_text = zendesk_error_text;
	cfg.policy = policy;
	cfg.hooks = hooks;
	if ((cl = http_client_new(&cfg, cause)) == NULL)
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

/* A cursor-paginated list: page[size], sort, page[after]. */
static char *
zendesk_list_query(const char *after, int page_size, const char *sort)
{
	char *q = NULL;

	http_query_add_int(&q, "page[size]",
	    zendesk_page_size(page_size, ZENDESK_PAGE_MAX));
	if (sort != NULL)
		http_query_add(&q, "sort", sort);
	if (after != NULL && *after != '\0')
		http_query_add(&q, "page[after]", after);
	return q;
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

/*
 * Send req and hand the 2xx body to the caller's decoder through *resp;
 * the caller decodes, then http_undecodable() on failure, then
 * http_response_clear().
 */
static enum http_result
zendesk_get(struct http_client *cl, const char *path, char *query,
    struct http_response *resp, struct http_request *req, char **cause)
{
	memset(req, 0, sizeof *req);
	req->method = HTTP_GET;
	req->path = path;
	req->query = query;
	req->retry = 1;
	return http_send(cl, req, resp, cause);
}

/* The body, never NULL (an empty 2xx answer decodes as ""). */
#define ZENDESK_BODY(r) ((r).body != NULL ? (r).body : "")

enum http_result
zendesk_me(struct http_client *cl, struct user *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *why = NULL;

	memset(out, 0, sizeof *out);
	r = zendesk_get(cl, "/api/v2/users/me", NULL, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_user(ZENDESK_BODY(resp), resp.len,
	    out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	return r;
}

enum http_result
zendesk_export_page(struct http_client *cl, int64_t start_time,
    const char *cursor, int per_page, const char *billing_field,
    struct zendesk_export_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (cursor != NULL && *cursor != '\0')
		http_query_add(&q, "cursor", cursor);
	else
		http_query_add_int(&q, "start_time", start_time);
	http_query_add_int(&q, "per_page",
	    zendesk_page_size(per_page, ZENDESK_EXPORT_PAGE_MAX));
	http_query_add(&q, "include", "users,groups,organizations");
	memset(&req, 0, sizeof req);
	req.method = HTTP_GET;
	req.path = "/api/v2/incremental/tickets/cursor";
	req.query = q;
	req.retry = 1;
	req.budget = ZENDESK_BUDGET_EXPORT;
	r = http_send(cl, &req, &resp, cause);
	if (r == HTTP_OK && zendesk_decode_export_page(ZENDESK_BODY(resp),
	    resp.len, billing_field, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_ticket_list_page(struct http_client *cl, const char *after,
    int page_size, struct zendesk_ticket_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q, *why = NULL;

	memset(out, 0, sizeof *out);
	q = zendesk_list_query(after, page_size, "updated_at");
	r = zendesk_get(cl, "/api/v2/tickets", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_ticket_page(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_ticket_get(struct http_client *cl, int64_t id, struct ticket *out,
    char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char path[ZENDESK_PATH_MAX], *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("ticket", id, cause) != 0)
		return HTTP_ERROR;
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64, id);
	r = zendesk_get(cl, path, NULL, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_ticket(ZENDESK_BODY(resp), resp.len,
	    out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	return r;
}

enum http_result
zendesk_comments_page(struct http_client *cl, int64_t ticket_id,
    const char *after, int page_size, struct zendesk_comment_page *out,
    char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char path[ZENDESK_PATH_MAX], *q, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("ticket", ticket_id, cause) != 0)
		return HTTP_ERROR;
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64 "/comments",
	    ticket_id);
	q = zendesk_list_query(after, page_size, "created_at");
	r = zendesk_get(cl, path, q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_comment_page(ZENDESK_BODY(resp),
	    resp.len, ticket_id, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

/*
 * A write: PUT or POST json to path (query may be NULL), sent once,
 * spending budget/key when given; the 2xx body is left in *resp.
 */
static enum http_result
zendesk_write(struct http_client *cl, enum http_method m, const char *path,
    const char *query, const char *json, const char *budget, const char *key,
    struct http_response *resp, struct http_request *req, char **cause)
{
	memset(req, 0, sizeof *req);
	req->method = m;
	req->path = path;
	req->query = query;
	req->body = json;
	req->body_len = strlen(json);
	req->budget = budget;
	req->budget_key = key;
	return http_send(cl, req, resp, cause);
}

/* An encoder's refusal: nothing was sent. */
static enum http_result
zendesk_refused(const char *what, char *why, char **cause)
{
	xcause(cause, "zendesk: %s: %s", what, why);
	free(why);
	return HTTP_ERROR;
}

enum http_result
zendesk_ticket_update(struct http_client *cl, int64_t id,
    const struct ticket_update *u, struct zendesk_ticket_update_result *out,
    char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char path[ZENDESK_PATH_MAX], key[24], *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_check_id("ticket", id, cause) != 0)
		return HTTP_ERROR;
	if (zendesk_encode_ticket_update(u, &json, &why) != 0)
		return zendesk_refused("ticket update", why, cause);
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64, id);
	snprintf(key, sizeof key, "%" PRId64, id);
	r = zendesk_write(cl, HTTP_PUT, path, NULL, json,
	    ZENDESK_BUDGET_UPDATE, key, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_ticket_update(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(json);
	return r;
}

/* Decode a job_status answer to a write into *out. */
static enum http_result
zendesk_job_answer(struct http_client *cl, const struct http_request *req,
    enum http_result r, struct http_response *resp, struct job_status *out,
    char **cause)
{
	char *why = NULL;

	if (r == HTTP_OK && zendesk_decode_job_status(ZENDESK_BODY(*resp),
	    resp->len, out, &why) != 0)
		r = http_undecodable(cl, req, why, cause);
	http_response_clear(resp);
	return r;
}

enum http_result
zendesk_update_many(struct http_client *cl, const int64_t *ids, size_t n,
    const struct ticket_update *u, struct job_status *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
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
	r = zendesk_write(cl, HTTP_PUT, "/api/v2/tickets/update_many", q, json,
	    NULL, NULL, &resp, &req, cause);
	r = zendesk_job_answer(cl, &req, r, &resp, out, cause);
	free(q);
	free(json);
	return r;
}

enum http_result
zendesk_update_batch(struct http_client *cl, const struct ticket_update *u,
    size_t n, struct job_status *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_encode_update_batch(u, n, &json, &why) != 0)
		return zendesk_refused("batch update", why, cause);
	r = zendesk_write(cl, HTTP_PUT, "/api/v2/tickets/update_many", NULL,
	    json, NULL, NULL, &resp, &req, cause);
	r = zendesk_job_answer(cl, &req, r, &resp, out, cause);
	free(json);
	return r;
}

enum http_result
zendesk_job_status(struct http_client *cl, const char *id,
    struct job_status *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *e, *path;

	memset(out, 0, sizeof *out);
	if (id == NULL || *id == '\0') {
		xcause(cause, "zendesk: no job id");
		return HTTP_ERROR;
	}
	e = http_escape(id);
	path = xasprintf("/api/v2/job_statuses/%s", e);
	r = zendesk_get(cl, path, NULL, &resp, &req, cause);
	r = zendesk_job_answer(cl, &req, r, &resp, out, cause);
	free(path);
	free(e);
	return r;
}

enum http_result
zendesk_ticket_create(struct http_client *cl, const struct ticket_update *u,
    struct zendesk_ticket_update_result *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *json = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	if (zendesk_encode_ticket_create(u, &json, &why) != 0)
		return zendesk_refused("ticket create", why, cause);
	r = zendesk_write(cl, HTTP_POST, "/api/v2/tickets", NULL, json, NULL,
	    NULL, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_ticket_update(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(json);
	return r;
}

enum http_result
zendesk_users_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_user_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q, *why = NULL;

	memset(out, 0, sizeof *out);
	q = zendesk_list_query(after, page_size, NULL);
	r = zendesk_get(cl, "/api/v2/users", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_user_page(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_groups_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_group_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q, *why = NULL;

	memset(out, 0, sizeof *out);
	q = zendesk_list_query(after, page_size, NULL);
	r = zendesk_get(cl, "/api/v2/groups", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_group_page(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_organizations_page(struct http_client *cl, const char *after,
    int page_size, const char *billing_field,
    struct zendesk_organization_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q, *why = NULL;

	memset(out, 0, sizeof *out);
	q = zendesk_list_query(after, page_size, NULL);
	r = zendesk_get(cl, "/api/v2/organizations", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_organization_page(
	    ZENDESK_BODY(resp), resp.len, billing_field, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_staff_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_user_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	http_query_add(&q, "role[]", "agent");
	http_query_add(&q, "role[]", "admin");
	http_query_add_int(&q, "page[size]",
	    zendesk_page_size(page_size, ZENDESK_PAGE_MAX));
	if (after != NULL && *after != '\0')
		http_query_add(&q, "page[after]", after);
	r = zendesk_get(cl, "/api/v2/users", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_user_page(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_users_show_many(struct http_client *cl, const int64_t *ids, size_t n,
    struct zendesk_user_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q, *why = NULL;

	memset(out, 0, sizeof *out);
	if ((q = zendesk_ids_query("user", ids, n, ZENDESK_SHOW_MANY_MAX,
	    cause)) == NULL)
		return HTTP_ERROR;
	r = zendesk_get(cl, "/api/v2/users/show_many", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_user_page(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_organizations_show_many(struct http_client *cl, const int64_t *ids,
    size_t n, const char *billing_field, struct zendesk_organization_page *out,
    char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q, *why = NULL;

	memset(out, 0, sizeof *out);
	if ((q = zendesk_ids_query("organization", ids, n,
	    ZENDESK_SHOW_MANY_MAX, cause)) == NULL)
		return HTTP_ERROR;
	r = zendesk_get(cl, "/api/v2/organizations/show_many", q, &resp, &req,
	    cause);
	if (r == HTTP_OK && zendesk_decode_organization_page(
	    ZENDESK_BODY(resp), resp.len, billing_field, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_macros_page(struct http_client *cl, const char *after, int page_size,
    struct zendesk_macro_page *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char *q = NULL, *why = NULL;

	memset(out, 0, sizeof *out);
	http_query_add(&q, "active", "true");
	http_query_add_int(&q, "page[size]",
	    zendesk_page_size(page_size, ZENDESK_PAGE_MAX));
	if (after != NULL && *after != '\0')
		http_query_add(&q, "page[after]", after);
	r = zendesk_get(cl, "/api/v2/macros", q, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_macro_page(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	free(q);
	return r;
}

enum http_result
zendesk_macro_apply(struct http_client *cl, int64_t ticket_id,
    int64_t macro_id, struct macro_result *out, char **cause)
{
	struct http_request req;
	struct http_response resp;
	enum http_result r;
	char path[ZENDESK_PATH_MAX], *why = NULL;

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
	r = zendesk_get(cl, path, NULL, &resp, &req, cause);
	if (r == HTTP_OK && zendesk_decode_macro_apply(ZENDESK_BODY(resp),
	    resp.len, out, &why) != 0)
		r = http_undecodable(cl, &req, why, cause);
	http_response_clear(&resp);
	return r;
}
