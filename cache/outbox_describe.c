/*
 * What a queued write means: its stored request (actions.h's payload)
 * read into labelled rows against the server's version, and the one
 * retry policy the Outbox tab and tdesk outbox retry share.
 */
#include "cache/outbox_describe.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/decode.h"
#include "cache/actions.h"
#include "cache/query.h"
#include "api/xmalloc.h"

/* A field of a request shown under another label, or beside another
 * field of the server's version (server NULL: it has none to compare). */
static const struct {
	const char	*key;
	const char	*label;
	const char	*server;
} renamed[] = {
	{ "assignee_id", "assignee", "assignee_id" },
	{ "group_id", "group", "group_id" },
	{ "requester_id", "requester", "requester_id" },
	{ "action", "action", "status" },
	{ "refund_amount", "refund", NULL },
	{ "note", "note", NULL },
	{ "body_draft", "draft", "body_draft" },
};

/*
 * Fields that are not a change the user made: what read-back and the
 * safe update rely on (shown as "based on"), markers, and the parts
 * shown apart (the comment, the tags).
 */
static const char *const unlisted[] = {
	"safe_update", "updated_stamp", "external_id", "metadata", "id",
	"expected_version", "comment",
};

/* A JSON value as text: "solved", "40003", "a b", "(none)". */
static char *
value_text(const json_t *v)
{
	char *s = NULL, *t;
	size_t i;
	json_t *el;

	if (v == NULL || json_is_null(v))
		return xstrdup("(none)");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_boolean(v))
		return xstrdup(json_is_true(v) ? "yes" : "no");
	if (json_is_array(v)) {
		json_array_foreach(v, i, el) {
			char *e = value_text(el);

			t = xasprintf("%s%s%s", s != NULL ? s : "",
			    s != NULL ? " " : "", e);
			free(e);
			free(s);
			s = t;
		}
		return s != NULL ? s : xstrdup("(none)");
	}
	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return xstrdup("?");
	return s;
}

/* "40003 (Beatriz Lima)" when the cache knows the agent. */
static char *
assignee_text(struct cache *c, const json_t *v)
{
	struct user_row u;
	char *cause = NULL, *s;
	bool found = false;

	if (!json_is_integer(v))
		return value_text(v);
	if (cache_user_get(c, json_integer_value(v), &u, &found, &cause) !=
	    CACHE_OK) {
		free(cause);
		return value_text(v);
	}
	if (!found)
		return value_text(v);
	s = xasprintf("%" JSON_INTEGER_FORMAT " (%s)", json_integer_value(v),
	    u.name != NULL ? u.name : "?");
	cache_user_row_clear(&u);
	return s;
}

/* The write's tags: "a b" when it sets them, else "+a -b". */
static char *
tags_text(const json_t *t)
{
	const json_t *v;
	char *s = NULL, *next;
	size_t i;
	json_t *el;
	int k;

	if ((v = json_object_get(t, "tags")) != NULL)
		return value_text(v);
	for (k = 0; k < 2; k++) {
		v = json_object_get(t, k == 0 ? "additional_tags" : "remove_tags");
		json_array_foreach(v, i, el) {
			next = xasprintf("%s%s%c%s", s != NULL ? s : "",
			    s != NULL ? " " : "", k == 0 ? '+' : '-',
			    json_is_string(el) ? json_string_value(el) : "?");
			free(s);
			s = next;
		}
	}
	return s != NULL ? s : xstrdup("(none)");
}

/* v pretty-printed, cleaned first when clean is not NULL. */
static char *
pretty(const json_t *v, outbox_clean_fn clean)
{
	json_t *c = clean != NULL ? decode_map_strings(v, clean, clean) : NULL;
	char *s;

	s = json_dumps(c != NULL ? c : v, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	json_decref(c);
	return s != NULL ? s : xstrdup("(cannot be shown)");
}

static void
add_row(struct outbox_desc *d, const char *label, char *mine, char *theirs)
{
	struct outbox_desc_row *row;

	d->rows = xreallocarray(d->rows, d->nrows + 1, sizeof *d->rows);
	row = &d->rows[d->nrows++];
	row->label = xstrdup(label);
	row->this_write = mine;
	row->server_now = theirs;
}

/*
 * The object of the body that holds the fields: a ticket write's ticket
 * (a bulk row's only item), an incident's, a component's, a postmortem's;
 * a payment resolution's body itself.
 */
static const json_t *
fields_object(const char *kind, const json_t *body, const char **wrapper)
{
	static const char *const wrappers[] = {
		"ticket", "incident", "component", "postmortem",
	};
	size_t i;

	*wrapper = NULL;
	if (strcmp(kind, "ticket.bulk") == 0) {
		*wrapper = "ticket";
		return json_array_get(json_object_get(body, "tickets"), 0);
	}
	for (i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++) {
		if (json_is_object(json_object_get(body, wrappers[i]))) {
			*wrapper = wrappers[i];
			return json_object_get(body, wrappers[i]);
		}
	}
	return body;
}

/* A comment: a row and the sentence the tab shows below the others. */
static void
comment_rows(struct outbox_desc *d, const char *kind, const json_t *cm)
{
	bool internal = json_is_false(json_object_get(cm, "public"));
	const char *text = json_string_value(json_object_get(cm, "body"));

	add_row(d, internal ? "internal note" : "reply", xstrdup(text != NULL ?
	    text : "(none)"), NULL);
	d->note = xstrdup(internal ? "It also adds an internal note." :
	    "It also adds a public reply.");
	if (strcmp(kind, "ticket.update") == 0 && text != NULL)
		d->comment = xstrdup(text);
}

/* A row per field the write sets, against the server's when known. */
static void
field_rows(struct cache *c, struct outbox_desc *d, const char *kind,
    const json_t *obj, const json_t *server, const char *currency)
{
	const char *key, *label, *theirs;
	json_t *v;
	char *mine;
	bool tags = false, skip;
	size_t i;

	json_object_foreach((json_t *)(uintptr_t)obj, key, v) {
		if (strcmp(key, "comment") == 0 && json_is_object(v))
			comment_rows(d, kind, v);
		for (skip = false, i = 0; i < sizeof unlisted /
		    sizeof unlisted[0]; i++)
			skip = skip || strcmp(key, unlisted[i]) == 0;
		if (skip)
			continue;
		if (strcmp(key, "tags") == 0 || strcmp(key, "additional_tags") ==
		    0 || strcmp(key, "remove_tags") == 0) {
			if (!tags)
				add_row(d, "tags", tags_text(obj), server != NULL ?
				    value_text(json_object_get(server, "tags")) :
				    NULL);
			tags = true;
			continue;
		}
		label = theirs = key;
		for (i = 0; i < sizeof renamed / sizeof renamed[0]; i++) {
			if (strcmp(key, renamed[i].key) == 0) {
				label = renamed[i].label;
				theirs = renamed[i].server;
			}
		}
		if (strcmp(key, "assignee_id") == 0)
			mine = assignee_text(c, v);
		else if (strcmp(key, "refund_amount") == 0 && currency != NULL &&
		    json_is_string(v))
			mine = xasprintf("%s %s", json_string_value(v), currency);
		else
			mine = value_text(v);
		add_row(d, label, mine, server == NULL || theirs == NULL ? NULL :
		    strcmp(key, "assignee_id") == 0 ? assignee_text(c,
		    json_object_get(server, theirs)) :
		    value_text(json_object_get(server, theirs)));
	}
}

/* The version the write was based on, and the server's now. */
static void
versions(struct outbox_desc *d, const char *kind, const json_t *obj,
    const json_t *server)
{
	const char *status;
	char *version;

	if (strcmp(kind, "payment.resolve") == 0) {
		if (json_object_get(obj, "expected_version") != NULL)
			d->based_on = value_text(json_object_get(obj,
			    "expected_version"));
		if (server == NULL)
			return;
		status = json_string_value(json_object_get(server, "status"));
		version = value_text(json_object_get(server, "version"));
		d->server_version = xasprintf("version %s, %s", version,
		    status != NULL ? status : "status unknown");
		free(version);
		return;
	}
	if (json_is_string(json_object_get(obj, "updated_stamp")))
		d->based_on = xstrdup(json_string_value(json_object_get(obj,
		    "updated_stamp")));
	if (server != NULL && json_is_string(json_object_get(server,
	    "updated_at")))
		d->server_version = xstrdup(json_string_value(json_object_get(
		    server, "updated_at")));
}

/*
 * The cache's copy of the write's target (as the last sync left it), for
 * a row no conflict brought the server's version with; NULL: none cached
 * (a write that creates, a component, a record not synced).
 */
static json_t *
cached_record(struct cache *c, const struct outbox_row *r)
{
	struct ticket_detail t;
	struct payment_detail p;
	struct incident_detail in;
	const char *id = strchr(r->target, ':');
	json_t *v = NULL;
	bool found = false;
	char *end;
	long long tid;

	if (id == NULL || strchr(++id, ':') != NULL)
		return NULL;
	if (strncmp(r->target, "ticket:", 7) == 0) {
		tid = strtoll(id, &end, 10);
		if (*end == '\0' && tid > 0 && cache_ticket_get(c, tid, &t,
		    &found, NULL) == CACHE_OK && found) {
			v = json_loads(t.json != NULL ? t.json : "", 0, NULL);
			cache_ticket_detail_clear(&t);
		}
	} else if (strncmp(r->target, "payment:", 8) == 0) {
		if (cache_payment_get(c, id, &p, &found, NULL) == CACHE_OK &&
		    found) {
			v = json_loads(p.json != NULL ? p.json : "", 0, NULL);
			cache_payment_detail_clear(&p);
		}
	} else if (strncmp(r->target, "incident:", 9) == 0) {
		if (cache_incident_get(c, id, &in, &found, NULL) == CACHE_OK &&
		    found) {
			v = json_loads(in.json != NULL ? in.json : "", 0, NULL);
			cache_incident_detail_clear(&in);
		}
	}
	return v;
}

void
cache_outbox_describe_row(struct cache *c, const struct outbox_row *r,
    outbox_clean_fn clean, struct outbox_desc *d)
{
	json_t *payload, *body, *server = NULL, *cached;
	const json_t *obj, *sobj;
	const char *method, *path, *wrapper;

	memset(d, 0, sizeof *d);
	d->summary = xasprintf("%s to %s", r->kind, r->target);
	if (r->conflict_json != NULL) {
		server = json_loads(r->conflict_json, JSON_DECODE_ANY, NULL);
		d->server_known = server != NULL;
		if (server != NULL)
			d->server_shown = pretty(server, clean);
		else
			d->server_shown = clean != NULL ? clean(r->conflict_json,
			    strlen(r->conflict_json)) : xstrdup(r->conflict_json);
	}
	if ((payload = json_loads(r->payload, 0, NULL)) == NULL) {
		json_decref(server);
		return;
	}
	/* A conflict's rows are against what the conflict brought, only. */
	if (r->state != OUTBOX_CONFLICT && r->state != OUTBOX_DONE &&
	    (cached = cached_record(c, r)) != NULL) {
		/* A retried conflict keeps its conflict_json: the cache is newer. */
		json_decref(server);
		server = cached;
		d->server_cached = true;
	}
	d->parses = true;
	method = json_string_value(json_object_get(payload, "method"));
	path = json_string_value(json_object_get(payload, "path"));
	d->request = xasprintf("%s %s", method != NULL ? method : "?",
	    path != NULL ? path : "?");
	if (json_is_integer(json_object_get(payload, "macro_id")))
		d->macro_id = json_integer_value(json_object_get(payload,
		    "macro_id"));
	if ((body = json_object_get(payload, "body")) != NULL) {
		d->body = pretty(body, NULL);
		d->body_shown = pretty(body, clean);
		obj = fields_object(r->kind, body, &wrapper);
		/* The server's version may come wrapped as the request is. */
		sobj = server;
		if (wrapper != NULL && json_is_object(json_object_get(server,
		    wrapper)))
			sobj = json_object_get(server, wrapper);
		if (!json_is_object(sobj))
			sobj = NULL;
		if (json_is_object(obj)) {
			field_rows(c, d, r->kind, obj, sobj, json_string_value(
			    json_object_get(payload, "currency")));
			versions(d, r->kind, obj, sobj);
		}
	}
	json_decref(payload);
	json_decref(server);
}

int
cache_outbox_describe(struct cache *c, int64_t id, outbox_clean_fn clean,
    struct outbox_desc *out, bool *found, char **cause)
{
	struct outbox_row r;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = cache_outbox_get(c, id, &r, found, cause)) != CACHE_OK ||
	    !*found)
		return rc;
	cache_outbox_describe_row(c, &r, clean, out);
	cache_outbox_row_clear(&r);
	return CACHE_OK;
}

void
cache_outbox_desc_clear(struct outbox_desc *d)
{
	size_t i;

	for (i = 0; i < d->nrows; i++) {
		free(d->rows[i].label);
		free(d->rows[i].this_write);
		free(d->rows[i].server_now);
	}
	free(d->rows);
	free(d->summary);
	free(d->request);
	free(d->note);
	free(d->comment);
	free(d->body);
	free(d->body_shown);
	free(d->based_on);
	free(d->server_version);
	free(d->server_shown);
	memset(d, 0, sizeof *d);
}

char *
cache_outbox_state_text(const struct outbox_row *r)
{
	if (r->orphaned)
		return xasprintf("outcome unknown: nobody is sending it and it "
		    "may have reached %s", r->backend);
	if (r->state == OUTBOX_SENDING)
		return xasprintf("being sent now (attempt %" PRId64 ")",
		    r->attempts);
	if (r->attempts == 0)
		return xasprintf("%s, not sent yet",
		    cache_outbox_state_name(r->state));
	return xasprintf("%s after %" PRId64 " attempt%s",
	    cache_outbox_state_name(r->state), r->attempts,
	    r->attempts == 1 ? "" : "s");
}

char *
cache_outbox_reason(const struct outbox_row *r, int64_t now)
{
	char *note = cache_outbox_unsure_note(r, now), *s;
	const char *why = r->last_error;

	if (r->state == OUTBOX_CONFLICT && why == NULL)
		why = "changed on the server since it was queued";
	if (note == NULL)
		return why != NULL ? xstrdup(why) : NULL;
	if (why == NULL)
		return note;
	s = xasprintf("%s; %s", note, why);
	free(note);
	return s;
}

/* ---- The retry policy ---------------------------------------------------- */

/* Whether a conflict of this kind carries a version to re-apply it on
 * (what cache_action_reapply takes). */
static bool
reappliable(const char *kind)
{
	return strcmp(kind, "ticket.update") == 0 ||
	    strcmp(kind, "ticket.bulk") == 0 ||
	    strcmp(kind, "payment.resolve") == 0;
}

enum outbox_retry
cache_outbox_retry_plan(const struct outbox_row *r, const char **why)
{
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	switch (r->state) {
	case OUTBOX_QUEUED:
		*why = "is queued: the next drain sends it";
		return OUTBOX_RETRY_QUEUED;
	case OUTBOX_SENDING:
		/* The issue-8 rule: an unknown outcome is read back first. */
		*why = r->orphaned ? "may have reached the backend before its "
		    "sender stopped: the next drain reads it back before "
		    "sending it again" : "is being sent right now: wait for "
		    "its outcome";
		return OUTBOX_RETRY_REFUSE;
	case OUTBOX_FAILED:
		return OUTBOX_RETRY_REQUEUE;
	case OUTBOX_CONFLICT:
		if (!reappliable(r->kind)) {
			*why = "is in conflict and carries no version to "
			    "re-apply it on: edit or drop it";
			return OUTBOX_RETRY_REFUSE;
		}
		return OUTBOX_RETRY_REAPPLY;
	case OUTBOX_DONE:
	default:
		*why = "was sent already";
		return OUTBOX_RETRY_REFUSE;
	}
}

void
cache_outbox_reapply_question(const struct outbox_row *r, size_t n,
    size_t reapply, const char *profile, const char *environment, char *buf,
    size_t size)
{
	char where[160];

	/* First, so that a narrow screen cuts the question, not the desk. */
	snprintf(where, sizeof where, "%s%s%s%s", profile, environment !=
	    NULL ? " (" : "", environment != NULL ? environment : "",
	    environment != NULL ? ")" : "");
	if (n == 1)
		snprintf(buf, size, "%s: re-apply write %" PRId64 " on %s over "
		    "the server's version? [y/N] ", where, r->id, r->target);
	else
		snprintf(buf, size, "%s: retry %zu writes, re-applying %zu in "
		    "conflict over the server's version? [y/N] ", where, n,
		    reapply);
}

int
cache_outbox_retry_run(struct cache *c, int64_t id, bool confirmed,
    enum outbox_retry *done, char **cause)
{
	struct outbox_row r;
	const char *why;
	bool found;
	int rc;

	*done = OUTBOX_RETRY_REFUSE;
	if ((rc = cache_outbox_get(c, id, &r, &found, cause)) != CACHE_OK)
		return rc;
	if (!found) {
		xcause(cause, "write %" PRId64 " is no longer in the outbox (sent "
		    "or dropped meanwhile)", id);
		return CACHE_ERR;
	}
	switch (cache_outbox_retry_plan(&r, &why)) {
	case OUTBOX_RETRY_REQUEUE:
		if ((rc = cache_outbox_retry(c, id, cause)) == CACHE_OK)
			*done = OUTBOX_RETRY_REQUEUE;
		break;
	case OUTBOX_RETRY_REAPPLY:
		if (!confirmed) {
			xcause(cause, "write %" PRId64 " is in conflict: look at "
			    "what it sets against the server's version, then "
			    "confirm", id);
			rc = CACHE_ERR;
			break;
		}
		if ((rc = cache_action_reapply(c, id, cause)) == CACHE_OK)
			*done = OUTBOX_RETRY_REAPPLY;
		break;
	default:
		xcause(cause, "write %" PRId64 " %s", id, why);
		rc = CACHE_ERR;
		break;
	}
	cache_outbox_row_clear(&r);
	return rc;
}
