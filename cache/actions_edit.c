/*
 * Editing a write that has not been applied (queued, failed, in conflict):
 * a new comment text, or a whole request body the user edited as JSON.
 * The edited payload goes back to the outbox through cache_outbox_edit.
 */
#include "cache/actions.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cache/actions_int.h"
#include "cache/outbox.h"

/* What a kind's request body must look like at its top level. */
static const struct body_shape {
	const char	*kind;
	const char	*key;		/* the one member; NULL: a flat object
					 * with a string "action" */
	json_type	 type;		/* the member's type */
} shapes[] = {
	{ "ticket.update", "ticket", JSON_OBJECT },
	{ "ticket.bulk", "tickets", JSON_ARRAY },
	{ "ticket.create", "ticket", JSON_OBJECT },
	{ "payment.resolve", NULL, JSON_OBJECT },
	{ "incident.create", "incident", JSON_OBJECT },
	{ "incident.update", "incident", JSON_OBJECT },
	{ "component.update", "component", JSON_OBJECT },
	{ "postmortem.draft", "postmortem", JSON_OBJECT },
	{ "postmortem.publish", "postmortem", JSON_OBJECT },
};

static const struct body_shape *
shape_of(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		if (strcmp(shapes[i].kind, kind) == 0)
			return &shapes[i];
	}
	return NULL;
}

/*
 * Row id as it is stored, with its payload parsed, if it may be edited:
 * queued, failed or in conflict, and certainly not applied. The caller
 * clears *r and frees *p.
 */
static int
edit_load(struct cache *c, int64_t id, struct outbox_row *r, json_t **p,
    char **cause)
{
	bool found;
	int rc;

	*p = NULL;
	memset(r, 0, sizeof *r);
	if ((rc = cache_outbox_get(c, id, r, &found, cause)) != CACHE_OK)
		return rc;
	if (!found) {
		xcause(cause, "there is no outbox row %" PRId64, id);
		return CACHE_ERR;
	}
	if (r->state != OUTBOX_QUEUED && r->state != OUTBOX_FAILED &&
	    r->state != OUTBOX_CONFLICT) {
		xcause(cause, "outbox row %" PRId64 " is %s; only a queued, "
		    "failed or conflicting write can be edited", id,
		    cache_outbox_state_name(r->state));
		return CACHE_ERR;
	}
	if (cache_outbox_maybe_applied(r)) {
		/*
		 * Edited, it would be read back as the new text, and the old
		 * one, if it went through, would stand beside it.
		 */
		xcause(cause, "outbox row %" PRId64 " may already have been "
		    "applied: retry it, so it is read back first, or drop it",
		    id);
		return CACHE_ERR;
	}
	if ((*p = json_loads(r->payload, 0, NULL)) == NULL ||
	    !json_is_object(json_object_get(*p, "body"))) {
		xcause(cause, "outbox row %" PRId64 ": the payload is not one "
		    "tdesk can edit", id);
		return CACHE_ERR;
	}
	return CACHE_OK;
}

/*
 * The edited payload p of row r back into the outbox; a row in conflict
 * is first put on the record as the cache now knows it, as
 * cache_action_reapply does, so the same conflict does not refuse it
 * again.
 */
static int
edit_store(struct cache *c, const struct outbox_row *r, json_t *p,
    char **cause)
{
	char *text;
	int rc = CACHE_OK;

	if (r->state == OUTBOX_CONFLICT) {
		if (strcmp(r->kind, "ticket.update") == 0 ||
		    strcmp(r->kind, "ticket.bulk") == 0)
			rc = cache_action_ticket_restamp(c, r, p, cause);
		else if (strcmp(r->kind, "payment.resolve") == 0)
			rc = cache_action_payment_restamp(c, r, p, cause);
		if (rc != CACHE_OK)
			return rc;
	}
	if ((text = json_dumps(p, JSON_COMPACT)) == NULL)
		fatal("out of memory editing a write");
	rc = cache_outbox_edit(c, r->id, text, cause);
	free(text);
	return rc;
}

int
cache_action_edit_comment(struct cache *c, int64_t id, const char *body,
    char **cause)
{
	struct outbox_row r;
	json_t *p = NULL, *comment, *text;
	int rc;

	if ((rc = edit_load(c, id, &r, &p, cause)) != CACHE_OK)
		goto out;
	if (strcmp(r.kind, "ticket.update") != 0 &&
	    strcmp(r.kind, "ticket.create") != 0) {
		xcause(cause, "outbox row %" PRId64 " is a %s: only a ticket "
		    "update's comment can be edited", id, r.kind);
		rc = CACHE_ERR;
		goto out;
	}
	comment = json_object_get(json_object_get(json_object_get(p, "body"),
	    "ticket"), "comment");
	if (!json_is_object(comment)) {
		xcause(cause, "outbox row %" PRId64 " changes %s without a "
		    "comment: there is no comment to edit", id, r.target);
		rc = CACHE_ERR;
		goto out;
	}
	if (cache_action_blank(body)) {
		xcause(cause, "outbox row %" PRId64 ": the comment is empty; "
		    "drop the row to send nothing", id);
		rc = CACHE_ERR;
		goto out;
	}
	if ((text = json_string(body)) == NULL) {
		xcause(cause, "outbox row %" PRId64 ": the comment is not "
		    "UTF-8 text", id);
		rc = CACHE_ERR;
		goto out;
	}
	/* The text typed replaces both forms: Zendesk prefers html_body. */
	json_object_set_new(comment, "body", text);
	json_object_del(comment, "html_body");
	rc = edit_store(c, &r, p, cause);
out:
	json_decref(p);
	cache_outbox_row_clear(&r);
	return rc;
}

/* The body's top level as the kind needs it, or CACHE_ERR saying what is wrong. */
static int
check_shape(const struct outbox_row *r, const struct body_shape *sh,
    json_t *body, char **cause)
{
	json_t *member;

	if (!json_is_object(body)) {
		xcause(cause, "outbox row %" PRId64 ": the body must be a JSON "
		    "object", r->id);
		return CACHE_ERR;
	}
	if (sh->key == NULL) {
		if (!json_is_string(json_object_get(body, "action"))) {
			xcause(cause, "outbox row %" PRId64 ": a %s body must "
			    "be an object with a string \"action\"", r->id,
			    r->kind);
			return CACHE_ERR;
		}
		return CACHE_OK;
	}
	member = json_object_get(body, sh->key);
	if (json_object_size(body) != 1 || member == NULL ||
	    json_typeof(member) != sh->type) {
		xcause(cause, "outbox row %" PRId64 ": a %s body must be "
		    "{\"%s\": %s} and nothing else", r->id, r->kind, sh->key,
		    sh->type == JSON_OBJECT ? "{...}" : "[...]");
		return CACHE_ERR;
	}
	if (strcmp(r->kind, "ticket.bulk") == 0 &&
	    (json_array_size(member) != 1 ||
	    !json_is_object(json_array_get(member, 0)))) {
		xcause(cause, "outbox row %" PRId64 ": a ticket.bulk body holds "
		    "exactly one ticket object", r->id);
		return CACHE_ERR;
	}
	return CACHE_OK;
}

/*
 * What the user may not change is taken from the old body old into the
 * new one: the stamp of a safe update and the ticket it is about, a
 * resolution's expected version, a create's marker (read-back finds a
 * created record by it).
 */
static int
keep_fixed(struct cache *c, const struct outbox_row *r, json_t *p,
    json_t *old, json_t *body, char **cause)
{
	json_t *o, *n, *v, *meta, *tdesk;
	int64_t tid;

	if (strcmp(r->kind, "ticket.update") == 0 ||
	    strcmp(r->kind, "ticket.bulk") == 0) {
		bool bulk = strcmp(r->kind, "ticket.bulk") == 0;

		o = bulk ? json_array_get(json_object_get(old, "tickets"), 0) :
		    json_object_get(old, "ticket");
		n = bulk ? json_array_get(json_object_get(body, "tickets"), 0) :
		    json_object_get(body, "ticket");
		if (bulk && !json_equal(json_object_get(o, "id"),
		    json_object_get(n, "id"))) {
			xcause(cause, "outbox row %" PRId64 ": the body must "
			    "stay about %s (its \"id\")", r->id, r->target);
			return CACHE_ERR;
		}
		json_object_set_new(n, "safe_update", json_true());
		if ((v = json_object_get(o, "updated_stamp")) != NULL)
			json_object_set(n, "updated_stamp", v);
		/* A comment added by the edit needs what read-back skips. */
		tid = json_integer_value(json_object_get(p, "ticket_id"));
		if (!bulk && json_object_get(n, "comment") != NULL &&
		    json_object_get(p, "exclude_comments") == NULL &&
		    json_is_string(v) && tid > 0 &&
		    (v = cache_action_comments_since(c, tid,
		    json_string_value(v))) != NULL)
			json_object_set_new(p, "exclude_comments", v);
	} else if (strcmp(r->kind, "payment.resolve") == 0) {
		if ((v = json_object_get(old, "expected_version")) != NULL)
			json_object_set(body, "expected_version", v);
	} else if (strcmp(r->kind, "ticket.create") == 0) {
		if ((v = json_object_get(p, "marker")) != NULL)
			json_object_set(json_object_get(body, "ticket"),
			    "external_id", v);
	} else if (strcmp(r->kind, "incident.create") == 0 &&
	    (v = json_object_get(p, "marker")) != NULL) {
		n = json_object_get(body, "incident");
		if (!json_is_object(meta = json_object_get(n, "metadata"))) {
			meta = json_object();
			json_object_set_new(n, "metadata", meta);
		}
		if (!json_is_object(tdesk = json_object_get(meta, "tdesk"))) {
			tdesk = json_object();
			json_object_set_new(meta, "tdesk", tdesk);
		}
		json_object_set(tdesk, "outbox", v);
	}
	return CACHE_OK;
}

int
cache_action_edit_body(struct cache *c, int64_t id, const char *body_json,
    char **cause)
{
	const struct body_shape *sh;
	struct outbox_row r;
	json_error_t err;
	json_t *p = NULL, *body = NULL;
	int rc;

	if ((rc = edit_load(c, id, &r, &p, cause)) != CACHE_OK)
		goto out;
	if ((sh = shape_of(r.kind)) == NULL) {
		xcause(cause, "outbox row %" PRId64 " is a %s, whose body tdesk "
		    "does not know how to edit", id, r.kind);
		rc = CACHE_ERR;
		goto out;
	}
	if (body_json == NULL || (body = json_loads(body_json,
	    JSON_REJECT_DUPLICATES, &err)) == NULL) {
		xcause(cause, "outbox row %" PRId64 ": the body is not JSON "
		    "(line %d, column %d: %s)", id, body_json == NULL ? 0 :
		    err.line, body_json == NULL ? 0 : err.column,
		    body_json == NULL ? "none given" : err.text);
		rc = CACHE_ERR;
		goto out;
	}
	if ((rc = check_shape(&r, sh, body, cause)) != CACHE_OK ||
	    (rc = keep_fixed(c, &r, p, json_object_get(p, "body"), body,
	    cause)) != CACHE_OK)
		goto out;
	json_object_set(p, "body", body);
	rc = edit_store(c, &r, p, cause);
out:
	json_decref(body);
	json_decref(p);
	cache_outbox_row_clear(&r);
	return rc;
}
