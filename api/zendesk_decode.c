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

static int
zendesk_custom_field(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct ticket_field *f = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &f->id, cause) != 0 ||
	    decode_json_text(v, path, "value", DECODE_MAYBE, 0, &f->value,
	    cause) != 0)
		return -1;
	if (f->value == NULL)
		f->value = xstrdup("null");
	return 0;
}

/* The "channel" of a via object at o[key] (optional, nullable). */
static int
zendesk_via(const json_t *o, const char *path, char **channel, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *via;

	if (decode_object(o, path, "via", DECODE_MAYBE, &via, cause) != 0)
		return -1;
	if (via == NULL)
		return 0;
	return decode_string(via, decode_join(p, sizeof p, path, "via"),
	    "channel", DECODE_MAYBE, channel, cause);
}

static int
zendesk_ticket(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct ticket *t = item;
	char p[DECODE_PATH_MAX];
	const json_t *rating;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &t->id, cause) != 0 ||
	    decode_string(v, path, "subject", DECODE_MAYBE, &t->subject,
	    cause) != 0 ||
	    decode_string(v, path, "raw_subject", DECODE_MAYBE,
	    &t->raw_subject, cause) != 0 ||
	    decode_string(v, path, "description", DECODE_MAYBE,
	    &t->description, cause) != 0 ||
	    decode_string(v, path, "status", DECODE_REQUIRED, &t->status,
	    cause) != 0 ||
	    decode_id(v, path, "custom_status_id", DECODE_MAYBE,
	    &t->custom_status_id, cause) != 0 ||
	    decode_string(v, path, "priority", DECODE_MAYBE, &t->priority,
	    cause) != 0 ||
	    decode_string(v, path, "type", DECODE_MAYBE, &t->type,
	    cause) != 0 ||
	    decode_id(v, path, "requester_id", DECODE_MAYBE,
	    &t->requester_id, cause) != 0 ||
	    decode_id(v, path, "submitter_id", DECODE_MAYBE,
	    &t->submitter_id, cause) != 0 ||
	    decode_id(v, path, "assignee_id", DECODE_MAYBE, &t->assignee_id,
	    cause) != 0 ||
	    decode_id(v, path, "group_id", DECODE_MAYBE, &t->group_id,
	    cause) != 0 ||
	    decode_id(v, path, "organization_id", DECODE_MAYBE,
	    &t->organization_id, cause) != 0 ||
	    decode_id(v, path, "brand_id", DECODE_MAYBE, &t->brand_id,
	    cause) != 0 ||
	    decode_id(v, path, "ticket_form_id", DECODE_MAYBE,
	    &t->ticket_form_id, cause) != 0 ||
	    decode_id(v, path, "problem_id", DECODE_MAYBE, &t->problem_id,
	    cause) != 0 ||
	    decode_string(v, path, "external_id", DECODE_MAYBE,
	    &t->external_id, cause) != 0 ||
	    decode_string(v, path, "recipient", DECODE_MAYBE, &t->recipient,
	    cause) != 0 ||
	    zendesk_via(v, path, &t->via_channel, cause) != 0 ||
	    decode_bool(v, path, "has_incidents", DECODE_OPTIONAL,
	    &t->has_incidents, cause) != 0 ||
	    decode_bool(v, path, "is_public", DECODE_OPTIONAL, &t->is_public,
	    cause) != 0 ||
	    decode_strings(v, path, "tags", DECODE_OPTIONAL, &t->tags,
	    cause) != 0 ||
	    decode_ids(v, path, "collaborator_ids", DECODE_OPTIONAL,
	    &t->collaborator_ids, cause) != 0 ||
	    decode_ids(v, path, "follower_ids", DECODE_OPTIONAL,
	    &t->follower_ids, cause) != 0 ||
	    decode_ids(v, path, "email_cc_ids", DECODE_OPTIONAL,
	    &t->email_cc_ids, cause) != 0 ||
	    DECODE_RECORDS(v, path, "custom_fields", DECODE_OPTIONAL,
	    t->custom_fields, t->ncustom_fields, zendesk_custom_field, NULL,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_REQUIRED,
	    &t->created_at, cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_REQUIRED,
	    &t->updated_at, cause) != 0 ||
	    decode_time(v, path, "due_at", DECODE_MAYBE, &t->due_at,
	    cause) != 0 ||
	    decode_int64(v, path, "generated_timestamp", DECODE_OPTIONAL,
	    &t->generated_timestamp, cause) != 0 ||
	    decode_object(v, path, "satisfaction_rating", DECODE_MAYBE,
	    &rating, cause) != 0)
		return -1;
	if (rating != NULL && decode_string(rating, decode_join(p, sizeof p,
	    path, "satisfaction_rating"), "score", DECODE_MAYBE,
	    &t->satisfaction_score, cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_attachment(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct attachment *a = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &a->id, cause) != 0 ||
	    decode_string(v, path, "file_name", DECODE_REQUIRED,
	    &a->file_name, cause) != 0 ||
	    decode_string(v, path, "content_url", DECODE_REQUIRED,
	    &a->content_url, cause) != 0 ||
	    decode_string(v, path, "content_type", DECODE_MAYBE,
	    &a->content_type, cause) != 0 ||
	    decode_int64(v, path, "size", DECODE_MAYBE, &a->size, cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_comment(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct comment *c = item;

	c->public = 1;
	if (arg != NULL)
		c->ticket_id = *(const int64_t *)arg;
	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &c->id, cause) != 0 ||
	    decode_int64(v, path, "author_id", DECODE_REQUIRED, &c->author_id,
	    cause) != 0 ||
	    decode_id(v, path, "audit_id", DECODE_MAYBE, &c->audit_id,
	    cause) != 0 ||
	    decode_string(v, path, "type", DECODE_MAYBE, &c->type,
	    cause) != 0 ||
	    decode_string(v, path, "body", DECODE_REQUIRED, &c->body,
	    cause) != 0 ||
	    decode_string(v, path, "html_body", DECODE_MAYBE, &c->html_body,
	    cause) != 0 ||
	    decode_string(v, path, "plain_body", DECODE_MAYBE,
	    &c->plain_body, cause) != 0 ||
	    decode_bool(v, path, "public", DECODE_REQUIRED, &c->public,
	    cause) != 0 ||
	    zendesk_via(v, path, &c->via_channel, cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_REQUIRED,
	    &c->created_at, cause) != 0 ||
	    DECODE_RECORDS(v, path, "attachments", DECODE_MAYBE,
	    c->attachments, c->nattachments, zendesk_attachment, NULL,
	    cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_user(const json_t *v, const char *path, void *item, const void *arg,
    char **cause)
{
	struct user *u = item;

	u->active = 1;
	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &u->id, cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &u->name,
	    cause) != 0 ||
	    decode_string(v, path, "email", DECODE_MAYBE, &u->email,
	    cause) != 0 ||
	    decode_string(v, path, "role", DECODE_OPTIONAL, &u->role,
	    cause) != 0 ||
	    decode_id(v, path, "organization_id", DECODE_MAYBE,
	    &u->organization_id, cause) != 0 ||
	    decode_id(v, path, "default_group_id", DECODE_MAYBE,
	    &u->default_group_id, cause) != 0 ||
	    decode_bool(v, path, "active", DECODE_OPTIONAL, &u->active,
	    cause) != 0 ||
	    decode_bool(v, path, "suspended", DECODE_OPTIONAL, &u->suspended,
	    cause) != 0 ||
	    decode_string(v, path, "time_zone", DECODE_MAYBE, &u->time_zone,
	    cause) != 0 ||
	    decode_string(v, path, "iana_time_zone", DECODE_MAYBE,
	    &u->iana_time_zone, cause) != 0 ||
	    decode_string(v, path, "locale", DECODE_MAYBE, &u->locale,
	    cause) != 0 ||
	    decode_strings(v, path, "tags", DECODE_OPTIONAL, &u->tags,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &u->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &u->updated_at,
	    cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_group(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct group *g = item;

	g->is_public = 1;
	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &g->id, cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &g->name,
	    cause) != 0 ||
	    decode_string(v, path, "description", DECODE_MAYBE,
	    &g->description, cause) != 0 ||
	    decode_bool(v, path, "deleted", DECODE_OPTIONAL, &g->deleted,
	    cause) != 0 ||
	    decode_bool(v, path, "is_public", DECODE_OPTIONAL, &g->is_public,
	    cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &g->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &g->updated_at,
	    cause) != 0)
		return -1;
	return 0;
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

static int
zendesk_organization(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	const struct org_arg *a = arg;
	struct organization *o = item;

	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &o->id, cause) != 0 ||
	    decode_string(v, path, "name", DECODE_REQUIRED, &o->name,
	    cause) != 0 ||
	    decode_string(v, path, "external_id", DECODE_MAYBE,
	    &o->external_id, cause) != 0 ||
	    decode_id(v, path, "group_id", DECODE_MAYBE, &o->group_id,
	    cause) != 0 ||
	    decode_string(v, path, "details", DECODE_MAYBE, &o->details,
	    cause) != 0 ||
	    decode_string(v, path, "notes", DECODE_MAYBE, &o->notes,
	    cause) != 0 ||
	    decode_strings(v, path, "domain_names", DECODE_OPTIONAL,
	    &o->domain_names, cause) != 0 ||
	    decode_strings(v, path, "tags", DECODE_OPTIONAL, &o->tags,
	    cause) != 0 ||
	    zendesk_billing(v, path, a != NULL ? a->billing_field : NULL,
	    &o->billing_standing, cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &o->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &o->updated_at,
	    cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_macro(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct macro *m = item;

	m->active = 1;
	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_REQUIRED, &m->id, cause) != 0 ||
	    decode_string(v, path, "title", DECODE_REQUIRED, &m->title,
	    cause) != 0 ||
	    decode_string(v, path, "description", DECODE_MAYBE,
	    &m->description, cause) != 0 ||
	    decode_bool(v, path, "active", DECODE_OPTIONAL, &m->active,
	    cause) != 0 ||
	    decode_int64(v, path, "position", DECODE_MAYBE, &m->position,
	    cause) != 0 ||
	    decode_json_text(v, path, "actions", DECODE_OPTIONAL,
	    1u << JSON_ARRAY, &m->actions, cause) != 0 ||
	    decode_time(v, path, "created_at", DECODE_MAYBE, &m->created_at,
	    cause) != 0 ||
	    decode_time(v, path, "updated_at", DECODE_MAYBE, &m->updated_at,
	    cause) != 0)
		return -1;
	if (m->actions == NULL)
		m->actions = xstrdup("[]");
	return 0;
}

static int
zendesk_job_result(const json_t *v, const char *path, void *item,
    const void *arg, char **cause)
{
	struct job_result *r = item;
	const json_t *d;

	r->index = -1;
	r->success = -1;
	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_id(v, path, "id", DECODE_MAYBE, &r->id, cause) != 0 ||
	    decode_int64(v, path, "index", DECODE_MAYBE, &r->index,
	    cause) != 0 ||
	    decode_bool(v, path, "success", DECODE_MAYBE, &r->success,
	    cause) != 0 ||
	    decode_string(v, path, "action", DECODE_MAYBE, &r->action,
	    cause) != 0 ||
	    decode_string(v, path, "status", DECODE_MAYBE, &r->status,
	    cause) != 0 ||
	    decode_string(v, path, "error", DECODE_MAYBE, &r->error,
	    cause) != 0)
		return -1;

	/* The failure item's shape is unverified: take text, or keep JSON. */
	d = json_object_get(v, "details");
	if (d != NULL && json_is_string(d))
		r->details = xstrdup(json_string_value(d));
	else if (d != NULL && !json_is_null(d))
		r->details = decode_dump(d);
	return 0;
}

static int
zendesk_job(const json_t *v, const char *path, struct job_status *j,
    char **cause)
{
	j->progress = -1;
	j->total = -1;
	if (decode_expect_object(v, path, cause) != 0 ||
	    decode_string(v, path, "id", DECODE_REQUIRED, &j->id, cause) != 0 ||
	    decode_string(v, path, "job_type", DECODE_MAYBE, &j->job_type,
	    cause) != 0 ||
	    decode_string(v, path, "status", DECODE_REQUIRED, &j->status,
	    cause) != 0 ||
	    decode_int64(v, path, "progress", DECODE_MAYBE, &j->progress,
	    cause) != 0 ||
	    decode_int64(v, path, "total", DECODE_MAYBE, &j->total,
	    cause) != 0 ||
	    decode_string(v, path, "message", DECODE_MAYBE, &j->message,
	    cause) != 0 ||
	    decode_string(v, path, "url", DECODE_MAYBE, &j->url, cause) != 0 ||
	    DECODE_RECORDS(v, path, "results", DECODE_MAYBE, j->results,
	    j->nresults, zendesk_job_result, NULL, cause) != 0)
		return -1;
	return 0;
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
 * null included (a macro may clear the priority or unassign).
 */
static int
zendesk_macro_changes(const json_t *t, struct ticket_update *u, char **cause)
{
	static const struct {
		const char	*key;
		unsigned	 bit;
	} keys[] = {
		{ "status", TICKET_UPDATE_STATUS },
		{ "priority", TICKET_UPDATE_PRIORITY },
		{ "type", TICKET_UPDATE_TYPE },
		{ "assignee_id", TICKET_UPDATE_ASSIGNEE },
		{ "group_id", TICKET_UPDATE_GROUP },
		{ "custom_status_id", TICKET_UPDATE_CUSTOM_STATUS },
		{ "subject", TICKET_UPDATE_SUBJECT },
		{ "tags", TICKET_UPDATE_TAGS },
		{ "additional_tags", TICKET_UPDATE_ADD_TAGS },
		{ "remove_tags", TICKET_UPDATE_REMOVE_TAGS },
	};
	const char *p = "result.ticket";
	const json_t *c;
	size_t i;

	if (decode_string(t, p, "status", DECODE_OPTIONAL, &u->status,
	    cause) != 0 ||
	    decode_string(t, p, "priority", DECODE_MAYBE, &u->priority,
	    cause) != 0 ||
	    decode_string(t, p, "type", DECODE_MAYBE, &u->type, cause) != 0 ||
	    decode_id(t, p, "assignee_id", DECODE_MAYBE, &u->assignee_id,
	    cause) != 0 ||
	    decode_id(t, p, "group_id", DECODE_MAYBE, &u->group_id,
	    cause) != 0 ||
	    decode_id(t, p, "custom_status_id", DECODE_OPTIONAL,
	    &u->custom_status_id, cause) != 0 ||
	    decode_string(t, p, "subject", DECODE_OPTIONAL, &u->subject,
	    cause) != 0 ||
	    decode_strings(t, p, "tags", DECODE_OPTIONAL, &u->tags,
	    cause) != 0 ||
	    decode_strings(t, p, "additional_tags", DECODE_OPTIONAL,
	    &u->additional_tags, cause) != 0 ||
	    decode_strings(t, p, "remove_tags", DECODE_OPTIONAL,
	    &u->remove_tags, cause) != 0)
		return -1;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (json_object_get(t, keys[i].key) != NULL)
			u->set |= keys[i].bit;
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

static int
zendesk_export_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_export_page *out = item;

	if (DECODE_RECORDS(root, path, "tickets", DECODE_REQUIRED,
	    out->tickets, out->ntickets, zendesk_ticket, NULL, cause) != 0 ||
	    DECODE_RECORDS(root, path, "users", DECODE_OPTIONAL, out->users,
	    out->nusers, zendesk_user, NULL, cause) != 0 ||
	    DECODE_RECORDS(root, path, "groups", DECODE_OPTIONAL, out->groups,
	    out->ngroups, zendesk_group, NULL, cause) != 0 ||
	    DECODE_RECORDS(root, path, "organizations", DECODE_OPTIONAL,
	    out->organizations, out->norganizations, zendesk_organization,
	    arg, cause) != 0 ||
	    decode_string(root, path, "after_cursor", DECODE_MAYBE,
	    &out->after_cursor, cause) != 0 ||
	    decode_string(root, path, "before_cursor", DECODE_MAYBE,
	    &out->before_cursor, cause) != 0 ||
	    decode_string(root, path, "after_url", DECODE_MAYBE,
	    &out->after_url, cause) != 0 ||
	    decode_bool(root, path, "end_of_stream", DECODE_REQUIRED,
	    &out->end_of_stream, cause) != 0 ||
	    decode_int64(root, path, "end_time", DECODE_MAYBE, &out->end_time,
	    cause) != 0 ||
	    decode_string(root, path, "next_page", DECODE_MAYBE,
	    &out->next_page, cause) != 0)
		return -1;
	return 0;
}

static int
zendesk_ticket_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_ticket_page *out = item;

	if (DECODE_RECORDS(root, path, "tickets", DECODE_REQUIRED,
	    out->tickets, out->ntickets, zendesk_ticket, arg, cause) != 0)
		return -1;
	return zendesk_page(root, &out->page, cause);
}

/* arg: the ticket's id, for each comment. */
static int
zendesk_comment_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_comment_page *out = item;

	if (DECODE_RECORDS(root, path, "comments", DECODE_REQUIRED,
	    out->comments, out->ncomments, zendesk_comment, arg, cause) != 0)
		return -1;
	return zendesk_page(root, &out->page, cause);
}

static int
zendesk_user_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_user_page *out = item;

	if (DECODE_RECORDS(root, path, "users", DECODE_REQUIRED, out->users,
	    out->nusers, zendesk_user, arg, cause) != 0)
		return -1;
	return zendesk_page(root, &out->page, cause);
}

static int
zendesk_group_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_group_page *out = item;

	if (DECODE_RECORDS(root, path, "groups", DECODE_REQUIRED, out->groups,
	    out->ngroups, zendesk_group, arg, cause) != 0)
		return -1;
	return zendesk_page(root, &out->page, cause);
}

/* arg: the struct org_arg. */
static int
zendesk_organization_page_body(const json_t *root, const char *path,
    void *item, const void *arg, char **cause)
{
	struct zendesk_organization_page *out = item;

	if (DECODE_RECORDS(root, path, "organizations", DECODE_REQUIRED,
	    out->organizations, out->norganizations, zendesk_organization,
	    arg, cause) != 0)
		return -1;
	return zendesk_page(root, &out->page, cause);
}

static int
zendesk_macro_page_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_macro_page *out = item;

	if (DECODE_RECORDS(root, path, "macros", DECODE_REQUIRED, out->macros,
	    out->nmacros, zendesk_macro, arg, cause) != 0)
		return -1;
	return zendesk_page(root, &out->page, cause);
}

/* One record, wrapped ({"ticket":{…}}) or bare. */
static int
zendesk_ticket_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	return zendesk_ticket(zendesk_unwrap(root, "ticket"), path, item, arg,
	    cause);
}

static int
zendesk_user_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	return zendesk_user(zendesk_unwrap(root, "user"), path, item, arg,
	    cause);
}

static int
zendesk_organization_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	return zendesk_organization(zendesk_unwrap(root, "organization"), path,
	    item, arg, cause);
}

static int
zendesk_job_status_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	return zendesk_job(zendesk_unwrap(root, "job_status"), path, item,
	    cause);
}

static int
zendesk_ticket_update_body(const json_t *root, const char *path, void *item,
    const void *arg, char **cause)
{
	struct zendesk_ticket_update_result *out = item;
	const json_t *audit;

	if (zendesk_ticket(json_object_get(root, "ticket"), "ticket",
	    &out->ticket, NULL, cause) != 0 ||
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

	return DECODE_BODY(body, len, JSON_OBJECT, "incremental export page",
	    "", zendesk_export_body, out, &oa, zendesk_export_page_clear,
	    cause);
}

int
zendesk_decode_ticket_page(const char *body, size_t len,
    struct zendesk_ticket_page *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "ticket list page", "",
	    zendesk_ticket_page_body, out, NULL, zendesk_ticket_page_clear,
	    cause);
}

int
zendesk_decode_ticket(const char *body, size_t len, struct ticket *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "ticket", "ticket",
	    zendesk_ticket_body, out, NULL, ticket_clear, cause);
}

int
zendesk_decode_ticket_update(const char *body, size_t len,
    struct zendesk_ticket_update_result *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "ticket update response",
	    "", zendesk_ticket_update_body, out, NULL,
	    zendesk_ticket_update_result_clear, cause);
}

int
zendesk_decode_comment_page(const char *body, size_t len, int64_t ticket_id,
    struct zendesk_comment_page *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "comment page", "",
	    zendesk_comment_page_body, out, &ticket_id,
	    zendesk_comment_page_clear, cause);
}

int
zendesk_decode_user(const char *body, size_t len, struct user *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "user", "user",
	    zendesk_user_body, out, NULL, user_clear, cause);
}

int
zendesk_decode_user_page(const char *body, size_t len,
    struct zendesk_user_page *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "user list page", "",
	    zendesk_user_page_body, out, NULL, zendesk_user_page_clear, cause);
}

int
zendesk_decode_group_page(const char *body, size_t len,
    struct zendesk_group_page *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "group list page", "",
	    zendesk_group_page_body, out, NULL, zendesk_group_page_clear,
	    cause);
}

int
zendesk_decode_organization(const char *body, size_t len,
    const char *billing_field, struct organization *out, char **cause)
{
	struct org_arg oa = { billing_field };

	return DECODE_BODY(body, len, JSON_OBJECT, "organization",
	    "organization", zendesk_organization_body, out, &oa,
	    organization_clear, cause);
}

int
zendesk_decode_organization_page(const char *body, size_t len,
    const char *billing_field, struct zendesk_organization_page *out,
    char **cause)
{
	struct org_arg oa = { billing_field };

	return DECODE_BODY(body, len, JSON_OBJECT, "organization list page",
	    "", zendesk_organization_page_body, out, &oa,
	    zendesk_organization_page_clear, cause);
}

int
zendesk_decode_macro_page(const char *body, size_t len,
    struct zendesk_macro_page *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "macro list page", "",
	    zendesk_macro_page_body, out, NULL, zendesk_macro_page_clear,
	    cause);
}

int
zendesk_decode_macro_apply(const char *body, size_t len,
    struct macro_result *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "macro result", "",
	    zendesk_macro_apply_body, out, NULL, macro_result_clear, cause);
}

int
zendesk_decode_job_status(const char *body, size_t len,
    struct job_status *out, char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "job status", "job_status",
	    zendesk_job_status_body, out, NULL, job_status_clear, cause);
}

int
zendesk_decode_error(const char *body, size_t len, struct zendesk_error *out,
    char **cause)
{
	return DECODE_BODY(body, len, JSON_OBJECT, "error body", "",
	    zendesk_error_body, out, NULL, zendesk_error_clear, cause);
}
