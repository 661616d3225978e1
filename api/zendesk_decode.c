/*
 * Strict decoders for Zendesk Support API v2 responses: tickets, comments,
 * users, groups, organizations, macros, job statuses, errors, and the two
 * pagination shapes (cursor meta/links, offset next_page/count).
 */
#include "api/zendesk_decode.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/fields.h"

/* Which sideload an organization decoder reads billing standing from. */
struct org_arg {
	const char	*billing_field;
};

/* root[key] when the body wraps the object ({"ticket":{…}}), else root. */
static const json_t *
zendesk_unwrap(const json_t *root, const char *key)
{
	const json_t *v = json_object_get(root, key);

	return v != NULL ? v : root;
}

/* ---- Records ---------------------------------------------------------- */

/* arg: the ticket's id (comments do not carry it), or NULL. */
static int
zendesk_comment(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct comment *c = item;

	if (arg != NULL)
		c->ticket_id = *(const int64_t *)arg;
	return record_decode(&record_comment, v, path, c, NULL, NULL, cause);
}

/*
 * Billing standing: organization_fields[field] as text. Fields are text or
 * drop-down (a string), a checkbox (a boolean) or a number field (an
 * integer); all become text. A decimal field's JSON real, an object or an
 * array is refused rather than guessed at.
 */
static int
zendesk_billing(const json_t *o, const char *path, const char *field,
    char **out, char **cause)
{
	char p[DECODE_PATH_MAX], f[DECODE_PATH_MAX];
	const json_t *fields, *v;

	if (decode_object(o, path, "organization_fields", DECODE_MAYBE,
	    &fields, cause) != 0)
		return -1;
	if (fields == NULL || field == NULL)
		return 0;
	decode_join(p, sizeof p, path, "organization_fields");
	v = json_object_get(fields, field);
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		*out = xstrdup(json_string_value(v));
	else if (json_is_boolean(v))
		*out = xstrdup(json_is_true(v) ? "true" : "false");
	else if (json_is_integer(v))
		*out = xasprintf("%" PRId64, (int64_t)json_integer_value(v));
	else {
		decode_type_error(v, decode_join(f, sizeof f, p, field),
		    "string, boolean or integer", 1, cause);
		return -1;
	}
	return 0;
}

/* The organization's hand: billing_standing. arg: the struct org_arg. */
static int
zendesk_organization_hand(const json_t *v, const char *path,
    const struct field *f, void *rec, const void *arg, char **cause)
{
	const struct org_arg *a = arg;
	struct organization *o = rec;

	return zendesk_billing(v, path, a != NULL ? a->billing_field : NULL,
	    &o->billing_standing, cause);
}

static int
zendesk_organization(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	return record_decode(&record_organization, v, path, item,
	    zendesk_organization_hand, arg, cause);
}

/* The failure item's shape is unverified: take text, or keep JSON. */
static int
zendesk_job_result_hand(const json_t *v, const char *path,
    const struct field *f, void *rec, const void *arg, char **cause)
{
	struct job_result *r = rec;
	const json_t *d = json_object_get(v, f->key);

	if (d != NULL && json_is_string(d))
		r->details = xstrdup(json_string_value(d));
	else if (d != NULL && !json_is_null(d))
		r->details = decode_dump(d);
	return 0;
}

static const struct record_hand zendesk_job_result = {
	&record_job_result, zendesk_job_result_hand
};

/* The job's hand: its results, each with its own hand. */
static int
zendesk_job_hand(const json_t *v, const char *path, const struct field *f,
    void *rec, const void *arg, char **cause)
{
	return record_decode_records(v, path, f, rec, record_decode_hand,
	    &zendesk_job_result, cause);
}

/* ---- Pagination ------------------------------------------------------- */

/* Either pagination shape at the top of root into pg. */
static int
zendesk_page(const json_t *root, struct zendesk_page *pg, char **cause)
{
	const json_t *meta, *links;

	pg->count = -1;
	if (decode_object(root, "", "meta", DECODE_MAYBE, &meta, cause) != 0 ||
	    decode_object(root, "", "links", DECODE_MAYBE, &links, cause) != 0)
		return -1;
	if (meta != NULL && (
	    decode_bool(meta, "meta", "has_more", DECODE_REQUIRED,
	    &pg->has_more, cause) != 0 ||
	    decode_string(meta, "meta", "after_cursor", DECODE_MAYBE,
	    &pg->after_cursor, cause) != 0 ||
	    decode_string(meta, "meta", "before_cursor", DECODE_MAYBE,
	    &pg->before_cursor, cause) != 0))
		return -1;
	if (links != NULL && (
	    decode_string(links, "links", "next", DECODE_MAYBE, &pg->next_url,
	    cause) != 0 ||
	    decode_string(links, "links", "prev", DECODE_MAYBE, &pg->prev_url,
	    cause) != 0))
		return -1;
	if (meta != NULL)
		return 0;

	/* Offset pagination: a next_page URL is the only "more" signal. */
	if (decode_string(root, "", "next_page", DECODE_MAYBE, &pg->next_url,
	    cause) != 0 ||
	    decode_string(root, "", "previous_page", DECODE_MAYBE,
	    &pg->prev_url, cause) != 0 ||
	    decode_int64(root, "", "count", DECODE_MAYBE, &pg->count,
	    cause) != 0)
		return -1;
	pg->has_more = pg->next_url != NULL;
	return 0;
}

/* The comment a macro would add, at path (an object). */
static int
zendesk_macro_comment(const json_t *c, const char *path,
    struct ticket_update *u, char **cause)
{
	u->comment_public = 1;
	if (decode_expect_object(c, path, cause) != 0 ||
	    decode_string(c, path, "body", DECODE_MAYBE, &u->comment_body,
	    cause) != 0 ||
	    decode_string(c, path, "html_body", DECODE_MAYBE,
	    &u->comment_html_body, cause) != 0 ||
	    decode_bool(c, path, "public", DECODE_OPTIONAL,
	    &u->comment_public, cause) != 0)
		return -1;
	if (u->comment_body != NULL || u->comment_html_body != NULL)
		u->set |= TICKET_UPDATE_COMMENT;
	return 0;
}

/*
 * The ticket changes of a macro: each key that is there sets its bit,
 * null included (a macro may clear the priority or unassign). The table
 * of struct ticket_update lists those keys first, field i for bit 1 << i
 * (records.c); the comment's fields, read from another object, follow.
 */
static int
zendesk_macro_changes(const json_t *t, struct ticket_update *u, char **cause)
{
	const struct field *f = record_ticket_update.fields;
	const char *p = "result.ticket";
	const json_t *c;
	size_t i;

	if (record_decode(&record_ticket_update, t, p, u, NULL, NULL,
	    cause) != 0)
		return -1;
	for (i = 0; i < record_ticket_update.nfields; i++) {
		if (!(f[i].flags & FIELD_DEC_HAND) &&
		    json_object_get(t, f[i].key) != NULL)
			u->set |= 1u << i;
	}
	if ((c = json_object_get(t, "comment")) != NULL)
		return zendesk_macro_comment(c, "result.ticket.comment", u,
		    cause);
	return 0;
}

/* ---- Bodies ----------------------------------------------------------- */

/*
 * The top of each body, as decode_body() calls it: root into the record
 * at item. A failure leaves item for the entry point's clear function.
 */

/*
 * The hand of the pages: the records whose decoder takes arg (comments
 * their ticket's id, organizations the struct org_arg), and where a list
 * leaves off.
 */
static int
zendesk_page_hand(const json_t *v, const char *path, const struct field *f,
    void *rec, const void *arg, char **cause)
{
	char *at = (char *)rec + f->off;

	if (f->type == FIELD_OBJECT)
		return zendesk_page(v, (struct zendesk_page *)(void *)at, cause);
	return record_decode_records(v, path, f, rec,
	    f->sub == &record_comment ? zendesk_comment : zendesk_organization,
	    arg, cause);
}

/* A page as decode_body() calls it: its table, and arg for the hand. */
struct page_arg {
	const struct record *page;
	const void	*arg;
};

static int
zendesk_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	const struct page_arg *pa = arg;

	return record_decode(pa->page, root, path, item, zendesk_page_hand,
	    pa->arg, cause);
}

/*
 * One record, wrapped ({"ticket":{…}}) or bare: arg is the struct
 * wrap_arg.
 */
struct wrap_arg {
	const char	*key;		/* the wrapper's */
	const struct record *r;
	record_dec_fn	*hand;
	const void	*arg;		/* the hand's */
};

static int
zendesk_wrapped_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	const struct wrap_arg *w = arg;

	return record_decode(w->r, zendesk_unwrap(root, w->key), path, item,
	    w->hand, w->arg, cause);
}

static const struct wrap_arg ticket_wrap = {
	"ticket", &record_ticket, NULL, NULL
};
static const struct wrap_arg user_wrap = {
	"user", &record_user, NULL, NULL
};
static const struct wrap_arg job_status_wrap = {
	"job_status", &record_job_status, zendesk_job_hand, NULL
};

static int
zendesk_ticket_update_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_ticket_update_result *out = item;
	const json_t *audit;

	if (record_decode(&record_ticket, json_object_get(root, "ticket"),
	    "ticket", &out->ticket, NULL, NULL, cause) != 0 ||
	    decode_object(root, path, "audit", DECODE_MAYBE, &audit,
	    cause) != 0)
		return -1;
	if (audit != NULL && decode_id(audit, "audit", "id", DECODE_MAYBE,
	    &out->audit_id, cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_macro_apply_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct macro_result *out = item;
	const json_t *result, *t, *c;

	if (decode_object(root, path, "result", DECODE_REQUIRED, &result,
	    cause) != 0 ||
	    decode_object(result, "result", "ticket", DECODE_REQUIRED, &t,
	    cause) != 0 ||
	    zendesk_macro_changes(t, &out->changes, cause) != 0)
		return -1;

	/* Older responses put the comment beside the ticket. */
	c = json_object_get(result, "comment");
	if (c != NULL && !(out->changes.set & TICKET_UPDATE_COMMENT) &&
	    zendesk_macro_comment(c, "result.comment", &out->changes,
	    cause) != 0)
		return -1;
	out->ticket = decode_dump(t);
	return 0;
}

static int
zendesk_error_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_error *out = item;
	const json_t *e, *errors, *first;

	e = json_object_get(root, "error");
	if (e != NULL && json_is_object(e)) {
		/* {"error":{"title":"Forbidden","message":"…"}} */
		if (decode_string(e, "error", "title", DECODE_MAYBE,
		    &out->error, cause) != 0 ||
		    decode_string(e, "error", "message", DECODE_MAYBE,
		    &out->description, cause) != 0)
			return -1;
	} else if (decode_string(root, path, "error", DECODE_MAYBE,
	    &out->error, cause) != 0)
		return -1;
	if (decode_string(root, path, "description", DECODE_MAYBE,
	    &out->description, cause) != 0 ||
	    decode_json_text(root, path, "details", DECODE_MAYBE, 0,
	    &out->details, cause) != 0 ||
	    decode_array(root, path, "errors", DECODE_MAYBE, &errors,
	    cause) != 0)
		return -1;

	/* {"errors":[{"code","title","detail"}]}: the first one speaks. */
	if (out->error == NULL && (first = json_array_get(errors, 0)) != NULL) {
		if (decode_expect_object(first, "errors[0]", cause) != 0 ||
		    decode_string(first, "errors[0]", "title", DECODE_MAYBE,
		    &out->error, cause) != 0 ||
		    decode_string(first, "errors[0]", "detail", DECODE_MAYBE,
		    &out->description, cause) != 0)
			return -1;
	}
	if (out->error == NULL && out->description == NULL) {
		xcause(cause, "error body: neither error nor description");
		return -1;
	}
	return 0;
}

/* ---- Entry points ----------------------------------------------------- */

int
zendesk_decode_export_page(const char *body, size_t len,
    const char *billing_field, struct zendesk_export_page *out, char **cause)
{
	struct org_arg oa = { billing_field };
	struct page_arg pa = { &record_zendesk_export_page, &oa };

	return DECODE_BODY(body, len, JSON_OBJECT, "incremental export page",
	    "", zendesk_page_body, out, &pa, zendesk_export_page_clear, cause);
}

DECODE_DEFINE(zendesk_decode_ticket_page, struct zendesk_ticket_page,
    JSON_OBJECT, "ticket list page", "", zendesk_page_body,
    &(const struct page_arg){ .page = &record_zendesk_ticket_page },
    zendesk_ticket_page_clear)

DECODE_DEFINE(zendesk_decode_ticket, struct ticket, JSON_OBJECT, "ticket",
    "ticket", zendesk_wrapped_body, &ticket_wrap, ticket_clear)

DECODE_DEFINE(zendesk_decode_ticket_update, struct zendesk_ticket_update_result,
    JSON_OBJECT, "ticket update response", "", zendesk_ticket_update_body, NULL,
    zendesk_ticket_update_result_clear)

int
zendesk_decode_comment_page(const char *body, size_t len, int64_t ticket_id,
    struct zendesk_comment_page *out, char **cause)
{
	struct page_arg pa = { &record_zendesk_comment_page, &ticket_id };

	return DECODE_BODY(body, len, JSON_OBJECT, "comment page", "",
	    zendesk_page_body, out, &pa, zendesk_comment_page_clear, cause);
}

DECODE_DEFINE(zendesk_decode_user, struct user, JSON_OBJECT, "user", "user",
    zendesk_wrapped_body, &user_wrap, user_clear)

DECODE_DEFINE(zendesk_decode_user_page, struct zendesk_user_page,
    JSON_OBJECT, "user list page", "", zendesk_page_body,
    &(const struct page_arg){ .page = &record_zendesk_user_page },
    zendesk_user_page_clear)

DECODE_DEFINE(zendesk_decode_group_page, struct zendesk_group_page,
    JSON_OBJECT, "group list page", "", zendesk_page_body,
    &(const struct page_arg){ .page = &record_zendesk_group_page },
    zendesk_group_page_clear)

int
zendesk_decode_organization(const char *body, size_t len,
    const char *billing_field, struct organization *out, char **cause)
{
	struct org_arg oa = { billing_field };
	struct wrap_arg wa = { "organization", &record_organization,
	    zendesk_organization_hand, &oa };

	return DECODE_BODY(body, len, JSON_OBJECT, "organization",
	    "organization", zendesk_wrapped_body, out, &wa,
	    organization_clear, cause);
}

int
zendesk_decode_organization_page(const char *body, size_t len,
    const char *billing_field, struct zendesk_organization_page *out,
    char **cause)
{
	struct org_arg oa = { billing_field };
	struct page_arg pa = { &record_zendesk_organization_page, &oa };

	return DECODE_BODY(body, len, JSON_OBJECT, "organization list page",
	    "", zendesk_page_body, out, &pa, zendesk_organization_page_clear,
	    cause);
}

DECODE_DEFINE(zendesk_decode_macro_page, struct zendesk_macro_page,
    JSON_OBJECT, "macro list page", "", zendesk_page_body,
    &(const struct page_arg){ .page = &record_zendesk_macro_page },
    zendesk_macro_page_clear)

DECODE_DEFINE(zendesk_decode_macro_apply, struct macro_result, JSON_OBJECT,
    "macro result", "", zendesk_macro_apply_body, NULL, macro_result_clear)

DECODE_DEFINE(zendesk_decode_job_status, struct job_status, JSON_OBJECT,
    "job status", "job_status", zendesk_wrapped_body, &job_status_wrap,
    job_status_clear)

DECODE_DEFINE(zendesk_decode_error, struct zendesk_error, JSON_OBJECT,
    "error body", "", zendesk_error_body, NULL, zendesk_error_clear)
