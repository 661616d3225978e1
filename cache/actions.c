/*
 * Typed actions: check a write against the cache, build its exact request
 * with the api/ encoders, and queue it durably in the outbox. The payload
 * format is described in actions.h; the drainer reading it is drain.c.
 */
#include "cache/actions.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cache/actions_int.h"
#include "api/decode.h"
#include "api/http.h"
#include "api/money.h"
#include "cache/outbox.h"
#include "cache/payment_preview.h"
#include "api/payments.h"
#include "api/payments_encode.h"
#include "cache/query.h"
#include "api/statuspage_encode.h"
#include "api/zendesk_encode.h"

/* The fields a bulk change may set (no comment: see actions.h). */
#define BULK_FIELDS (TICKET_UPDATE_STATUS | TICKET_UPDATE_PRIORITY | \
	TICKET_UPDATE_TYPE | TICKET_UPDATE_ASSIGNEE | TICKET_UPDATE_GROUP | \
	TICKET_UPDATE_TAGS | TICKET_UPDATE_ADD_TAGS | TICKET_UPDATE_REMOVE_TAGS)

/* ---- Helpers ---------------------------------------------------------- */

/* A new payload with the request's method and path; body added by the caller. */
static json_t *
payload_new(const char *method, const char *path)
{
	json_t *p = json_object();

	json_object_set_new(p, "v", json_integer(ACTION_PAYLOAD_VERSION));
	json_object_set_new(p, "method", json_string(method));
	json_object_set_new(p, "path", json_string(path));
	return p;
}

/*
 * An encoder's body (JSON text, freed here) into p as "body". The text
 * came from our own encoder, so it parses; a failure is a bug.
 */
static void
payload_body(json_t *p, char *text)
{
	json_t *b = json_loads(text, 0, NULL);

	if (b == NULL)
		fatal("actions: an encoder made JSON that does not parse");
	json_object_set_new(p, "body", b);
	free(text);
}

/*
 * A payload for a write to one Statuspage record (what: "incident" or
 * "component"): method on /<what>s/<id><suffix>, json (freed) as its
 * body, and the id as "<what>_id". target is set to "<what>:<id>".
 */
static json_t *
sp_payload(const char *method, const char *what, const char *id,
    const char *suffix, char *json, char *target, size_t size)
{
	char path[160], key[32];
	json_t *p;

	snprintf(path, sizeof path, "/%ss/%s%s", what, id, suffix);
	snprintf(target, size, "%s:%s", what, id);
	snprintf(key, sizeof key, "%s_id", what);
	p = payload_new(method, path);
	payload_body(p, json);
	json_object_set_new(p, key, json_string(id));
	return p;
}

/* Queue p (taken over) for backend/target/kind. */
static int
enqueue(struct cache *c, const char *backend, const char *target,
    const char *kind, json_t *p, int64_t *row, char **cause)
{
	char *text = json_dumps(p, JSON_COMPACT);
	int rc;

	json_decref(p);
	if (text == NULL)
		fatal("out of memory queueing a write");
	rc = cache_outbox_enqueue(c, backend, target, kind, text, NULL, row,
	    cause);
	free(text);
	return rc;
}

/* An encoder refused the request: its message, for the user. */
static int
refused(char **cause, const char *what, char *why)
{
	xcause(cause, "%s: %s", what, why != NULL ? why : "refused");
	free(why);
	return CACHE_ERR;
}

/* 32 random hex digits in key (33 bytes): the create markers, batch keys. */
static int
random_key(char key[33], char **cause)
{
	char buf[PAYMENTS_KEY_SIZE];

	/* "tdesk-" and 32 hex digits; the same randomness the keys use. */
	if (payments_idempotency_key(buf, sizeof buf) != 0) {
		xcause(cause, "no random bytes for an outbox marker");
		return CACHE_ERR;
	}
	memcpy(key, buf + 6, 32);
	key[32] = '\0';
	return CACHE_OK;
}

/*
 * Statuspage ids go into paths and targets: short words of letters,
 * digits, '_' and '-' (the encoders refuse the same for component ids).
 */
static bool
sp_id_ok(const char *id)
{
	size_t n;

	if (id == NULL || (n = strlen(id)) == 0 || n > 64)
		return false;
	return strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-") == n;
}

bool
cache_action_blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (strchr(" \t\r\n\f\v", *s) == NULL)
			return false;
	}
	return true;
}

/* CACHE_ERR saying so when the record a write names was not found. */
static int
not_cached(bool found, const char *what, const char *id, char **cause)
{
	if (found)
		return CACHE_OK;
	xcause(cause, "%s %s is not in the cache: sync, then try again", what,
	    id);
	return CACHE_ERR;
}

int
cache_action_ticket_writable(struct cache *c, int64_t id,
    struct ticket_detail *d, char **cause)
{
	bool found;
	int rc;

	memset(d, 0, sizeof *d);
	if (id <= 0) {
		xcause(cause, "%" PRId64 " is not a ticket id", id);
		return CACHE_ERR;
	}
	if ((rc = cache_ticket_get(c, id, d, &found, cause)) != CACHE_OK)
		return rc;
	if (!found) {
		xcause(cause, "ticket %" PRId64 " is not in the cache: sync, then "
		    "try again", id);
		return CACHE_ERR;
	}
	if (d->row.status != NULL && strcmp(d->row.status, "closed") == 0) {
		xcause(cause, "ticket %" PRId64 " is closed: Zendesk refuses "
		    "changes to closed tickets", id);
		goto fail;
	}
	if (d->updated_stamp == NULL) {
		xcause(cause, "ticket %" PRId64 ": the cache has no updated_at "
		    "for it, so the change cannot be a safe update; sync, then "
		    "try again", id);
		goto fail;
	}
	return CACHE_OK;
fail:
	cache_ticket_detail_clear(d);
	return CACHE_ERR;
}

/* ---- Tickets ---------------------------------------------------------- */

/*
 * Read-back looks for a write's comment among those at or after its stamp
 * (see drain_zendesk.c); the ones cached now are known not to be it.
 */
json_t *
cache_action_comments_since(struct cache *c, int64_t id, const char *stamp)
{
	struct comment_row *rows = NULL;
	json_t *ids = NULL;
	int64_t secs;
	int32_t nsec;
	size_t n = 0, i;

	if (decode_time_parse(stamp, &secs, &nsec) != 0 ||
	    cache_comments_window(c, id, NULL, CACHE_BACKWARD, 100, &rows, &n,
	    NULL) != CACHE_OK)
		return NULL;
	for (i = 0; i < n; i++) {
		if (rows[i].created_at < secs)
			continue;
		if (ids == NULL)
			ids = json_array();
		json_array_append_new(ids, json_integer(rows[i].id));
	}
	cache_comment_rows_free(&rows, n);
	return ids;
}

/* The shared part of ticket.update and the macro action. */
static int
ticket_update(struct cache *c, int64_t id, const struct ticket_update *u,
    int64_t macro_id, int64_t *row, char **cause)
{
	struct ticket_detail d;
	struct ticket_update v;
	char path[64], target[48], *json = NULL, *why = NULL;
	json_t *p, *exclude = NULL;
	int rc;

	*row = 0;
	if ((rc = cache_action_ticket_writable(c, id, &d, cause)) != CACHE_OK)
		return rc;
	if ((u->set & TICKET_UPDATE_COMMENT) && cache_action_blank(u->comment_body) &&
	    cache_action_blank(u->comment_html_body)) {
		xcause(cause, "ticket %" PRId64 ": the comment is empty", id);
		cache_ticket_detail_clear(&d);
		return CACHE_ERR;
	}
	v = *u;
	v.updated_stamp = d.updated_stamp;
	if (zendesk_encode_ticket_update(&v, &json, &why) != 0) {
		cache_ticket_detail_clear(&d);
		return refused(cause, "ticket update", why);
	}
	if (u->set & TICKET_UPDATE_COMMENT)
		exclude = cache_action_comments_since(c, id, d.updated_stamp);
	cache_ticket_detail_clear(&d);
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64, id);
	snprintf(target, sizeof target, "ticket:%" PRId64, id);
	p = payload_new("PUT", path);
	payload_body(p, json);
	json_object_set_new(p, "ticket_id", json_integer(id));
	if (exclude != NULL)
		json_object_set_new(p, "exclude_comments", exclude);
	if (macro_id > 0)
		json_object_set_new(p, "macro_id", json_integer(macro_id));
	return enqueue(c, "zendesk", target, "ticket.update", p, row, cause);
}

int
cache_action_ticket_update(struct cache *c, int64_t id,
    const struct ticket_update *u, int64_t *row, char **cause)
{
	return ticket_update(c, id, u, 0, row, cause);
}

int
cache_action_ticket_comment(struct cache *c, int64_t id, const char *body,
    bool public, int64_t *row, char **cause)
{
	struct ticket_update u;
	int rc;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT;
	u.comment_body = xstrdup(body != NULL ? body : "");
	u.comment_public = public;
	rc = ticket_update(c, id, &u, 0, row, cause);
	free(u.comment_body);
	return rc;
}

int
cache_action_ticket_status(struct cache *c, int64_t id, const char *status,
    int64_t *row, char **cause)
{
	struct ticket_update u;
	int rc;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS;
	u.status = status != NULL ? xstrdup(status) : NULL;
	rc = ticket_update(c, id, &u, 0, row, cause);
	free(u.status);
	return rc;
}

int
cache_action_ticket_assign(struct cache *c, int64_t id, int64_t assignee_id,
    int64_t *row, char **cause)
{
	struct ticket_update u;

	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_ASSIGNEE;
	u.assignee_id = assignee_id;
	return ticket_update(c, id, &u, 0, row, cause);
}

int
cache_action_ticket_macro(struct cache *c, int64_t id, int64_t macro_id,
    const struct macro_result *m, int64_t *row, char **cause)
{
	*row = 0;
	if (macro_id <= 0) {
		xcause(cause, "%" PRId64 " is not a macro id", macro_id);
		return CACHE_ERR;
	}
	if (m->changes.set == 0) {
		xcause(cause, "macro %" PRId64 " changes nothing on ticket %"
		    PRId64, macro_id, id);
		return CACHE_ERR;
	}
	return ticket_update(c, id, &m->changes, macro_id, row, cause);
}

int
cache_action_ticket_bulk(struct cache *c, const int64_t *ids, size_t n,
    const struct ticket_update *u, int64_t *first_row, char **cause)
{
	struct ticket_detail d;
	struct ticket_update v;
	char batch[33], path[] = "/api/v2/tickets/update_many", target[48];
	char **bodies = NULL, *why = NULL;
	json_t *p;
	size_t i, j;
	int64_t row;
	int rc = CACHE_OK;

	*first_row = 0;
	if (n == 0 || n > ACTION_BULK_MAX) {
		xcause(cause, "a bulk change takes 1 to %d tickets, not %zu",
		    ACTION_BULK_MAX, n);
		return CACHE_ERR;
	}
	if (u->set == 0 || (u->set & ~(unsigned)BULK_FIELDS) != 0) {
		xcause(cause, "a bulk change sets status, priority, type, "
		    "assignee, group or tags%s", (u->set &
		    TICKET_UPDATE_COMMENT) ? "; comment on each ticket instead" :
		    "");
		return CACHE_ERR;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (ids[j] == ids[i]) {
				xcause(cause, "ticket %" PRId64 " is twice in the "
				    "bulk change", ids[i]);
				return CACHE_ERR;
			}
		}
	}
	if ((rc = random_key(batch, cause)) != CACHE_OK)
		return rc;

	/* Check and encode every ticket's item before queueing any. */
	bodies = xcalloc(n, sizeof *bodies);
	for (i = 0; i < n; i++) {
		if ((rc = cache_action_ticket_writable(c, ids[i], &d,
		    cause)) != CACHE_OK)
			goto out;
		v = *u;
		v.id = ids[i];
		v.updated_stamp = d.updated_stamp;
		if (zendesk_encode_update_batch(&v, 1, &bodies[i], &why) != 0) {
			cache_ticket_detail_clear(&d);
			rc = refused(cause, "bulk change", why);
			goto out;
		}
		cache_ticket_detail_clear(&d);
	}
	for (i = 0; i < n; i++) {
		p = payload_new("PUT", path);
		payload_body(p, bodies[i]);
		bodies[i] = NULL;
		json_object_set_new(p, "ticket_id", json_integer(ids[i]));
		json_object_set_new(p, "batch", json_string(batch));
		snprintf(target, sizeof target, "ticket:%" PRId64, ids[i]);
		if ((rc = enqueue(c, "zendesk", target, "ticket.bulk", p, &row,
		    cause)) != CACHE_OK)
			goto out;
		if (i == 0)
			*first_row = row;
	}
out:
	xfree_strings(bodies, n);
	return rc;
}

int
cache_action_ticket_create(struct cache *c, const struct ticket_update *u,
    char *marker, int64_t *row, char **cause)
{
	struct ticket_update v;
	char key[33], mark[ACTION_MARKER_SIZE], target[64];
	char *json = NULL, *why = NULL;
	json_t *p, *t;
	int rc;

	*row = 0;
	if (!(u->set & TICKET_UPDATE_COMMENT) || (cache_action_blank(u->comment_body) &&
	    cache_action_blank(u->comment_html_body))) {
		xcause(cause, "a new ticket needs a first comment");
		return CACHE_ERR;
	}
	v = *u;
	v.updated_stamp = NULL;
	if (zendesk_encode_ticket_create(&v, &json, &why) != 0)
		return refused(cause, "new ticket", why);
	if ((rc = random_key(key, cause)) != CACHE_OK) {
		free(json);
		return rc;
	}
	snprintf(mark, sizeof mark, "tdesk-%s", key);
	snprintf(target, sizeof target, "ticket:new:%s", key);
	p = payload_new("POST", "/api/v2/tickets");
	payload_body(p, json);
	/* The marker read-back looks the ticket up by (see drain.c). */
	t = json_object_get(json_object_get(p, "body"), "ticket");
	json_object_set_new(t, "external_id", json_string(mark));
	json_object_set_new(p, "marker", json_string(mark));
	if (marker != NULL)
		snprintf(marker, ACTION_MARKER_SIZE, "%s", mark);
	return enqueue(c, "zendesk", target, "ticket.create", p, row, cause);
}

/* ---- Payments --------------------------------------------------------- */

int
cache_action_payment_resolve(struct cache *c, const char *id,
    enum payment_action action, const char *note, const int64_t *refund_minor,
    int64_t *row, char **cause)
{
	struct payment_detail d;
	struct payment_resolution r;
	char target[300];
	char *json = NULL, *why = NULL;
	char *esc, *path;
	const char *cur;
	json_t *p;
	bool found;
	int rc;

	*row = 0;
	if (id == NULL || *id == '\0' || strlen(id) > 200) {
		xcause(cause, "no payment id");
		return CACHE_ERR;
	}
	if ((rc = cache_payment_get(c, id, &d, &found, cause)) != CACHE_OK ||
	    (rc = not_cached(found, "payment", id, cause)) != CACHE_OK)
		return rc;
	cur = d.row.currency;
	if ((rc = cache_payment_resolvable(&d, action, refund_minor, cause)) !=
	    CACHE_OK)
		goto out;
	memset(&r, 0, sizeof r);
	r.action = action;
	r.note = note != NULL ? note : "";
	r.expected_version = d.row.version;
	if (action == PAYMENT_ACTION_REFUND) {
		/* Written out even for "all": the request says what leaves. */
		r.has_refund_amount = 1;
		r.refund_minor = refund_minor != NULL ? *refund_minor :
		    d.row.received_minor;
	}
	if (payments_encode_resolution(&r, cur, &json, &why) != 0) {
		rc = refused(cause, "payment resolution", why);
		goto out;
	}
	esc = http_escape(id);
	path = xasprintf("/v1/flagged-payments/%s/resolution", esc);
	free(esc);
	p = payload_new("POST", path);
	free(path);
	payload_body(p, json);
	json_object_set_new(p, "payment_id", json_string(id));
	json_object_set_new(p, "currency", json_string(cur));
	snprintf(target, sizeof target, "payment:%s", id);
	rc = enqueue(c, "payments", target, "payment.resolve", p, row, cause);
out:
	cache_payment_detail_clear(&d);
	return rc;
}

/* ---- Statuspage ------------------------------------------------------- */

int
cache_action_incident_create(struct cache *c, const struct incident_change *ch,
    int64_t *row, char **cause)
{
	char key[33], target[64], *json = NULL, *why = NULL;
	json_t *p, *inc, *meta;
	int rc;

	*row = 0;
	if (statuspage_encode_incident_create(ch, &json, &why) != 0)
		return refused(cause, "new incident", why);
	if ((rc = random_key(key, cause)) != CACHE_OK) {
		free(json);
		return rc;
	}
	p = payload_new("POST", "/incidents");
	payload_body(p, json);
	/* The marker read-back finds the incident by (see drain.c). */
	inc = json_object_get(json_object_get(p, "body"), "incident");
	meta = json_pack("{s{ss}}", "tdesk", "outbox", key);
	json_object_set_new(inc, "metadata", meta);
	json_object_set_new(p, "marker", json_string(key));
	snprintf(target, sizeof target, "incident:new:%s", key);
	return enqueue(c, "statuspage", target, "incident.create", p, row, cause);
}

/*
 * The newest time the cache knows of incident d, as the backend wrote it:
 * its updated_at or its newest update's created_at, whichever is later.
 * NULL when it knows none.
 */
static char *
incident_newest(const struct incident_detail *d)
{
	json_t *root = json_loads(d->json != NULL ? d->json : "", 0, NULL);
	json_t *ups, *u, *v;
	const char *best = NULL, *s;
	int64_t bs = 0, ts;
	int32_t bn = 0, tn;
	size_t i;
	char *out;

	if (root == NULL)
		return NULL;
	v = json_object_get(root, "updated_at");
	if (json_is_string(v) && decode_time_parse(json_string_value(v), &bs,
	    &bn) == 0)
		best = json_string_value(v);
	ups = json_object_get(root, "incident_updates");
	json_array_foreach(ups, i, u) {
		v = json_object_get(u, "created_at");
		if (!json_is_string(v))
			continue;
		s = json_string_value(v);
		if (decode_time_parse(s, &ts, &tn) != 0)
			continue;
		if (best == NULL || ts > bs || (ts == bs && tn > bn)) {
			best = s;
			bs = ts;
			bn = tn;
		}
	}
	out = best != NULL ? xstrdup(best) : NULL;
	json_decref(root);
	return out;
}

int
cache_action_incident_update(struct cache *c, const char *id,
    const struct incident_change *ch, int64_t *row, char **cause)
{
	struct incident_detail d;
	char target[96], *json = NULL, *why = NULL, *after;
	json_t *p;
	bool found;
	int rc;

	*row = 0;
	if (!sp_id_ok(id)) {
		xcause(cause, "\"%s\" is not an incident id", id != NULL ? id : "");
		return CACHE_ERR;
	}
	if ((rc = cache_incident_get(c, id, &d, &found, cause)) != CACHE_OK ||
	    (rc = not_cached(found, "incident", id, cause)) != CACHE_OK)
		return rc;
	after = incident_newest(&d);
	cache_incident_detail_clear(&d);
	if (statuspage_encode_incident_update(ch, &json, &why) != 0) {
		free(after);
		return refused(cause, "incident update", why);
	}
	p = sp_payload("PATCH", "incident", id, "", json, target,
	    sizeof target);
	if (after != NULL)
		json_object_set_new(p, "after", json_string(after));
	free(after);
	return enqueue(c, "statuspage", target, "incident.update", p, row,
	    cause);
}

int
cache_action_component_update(struct cache *c, const char *id,
    const struct component_change *ch, int64_t *row, char **cause)
{
	char target[96], *json = NULL, *why = NULL;
	json_t *p;

	*row = 0;
	if (!sp_id_ok(id)) {
		xcause(cause, "\"%s\" is not a component id", id != NULL ? id : "");
		return CACHE_ERR;
	}
	if (statuspage_encode_component_update(ch, &json, &why) != 0)
		return refused(cause, "component change", why);
	p = sp_payload("PATCH", "component", id, "", json, target,
	    sizeof target);
	return enqueue(c, "statuspage", target, "component.update", p, row,
	    cause);
}

/*
 * The time the cache knows incident id's postmortem was last published,
 * as the backend wrote it; NULL: never, or the incident is not cached.
 */
static char *
published_before(struct cache *c, const char *id)
{
	struct incident_detail d;
	json_t *root, *v;
	char *out = NULL;
	bool found = false;

	if (cache_incident_get(c, id, &d, &found, NULL) != CACHE_OK || !found)
		return NULL;
	if ((root = json_loads(d.json != NULL ? d.json : "", 0, NULL)) != NULL) {
		v = json_object_get(root, "postmortem_published_at");
		if (json_is_string(v))
			out = xstrdup(json_string_value(v));
		json_decref(root);
	}
	cache_incident_detail_clear(&d);
	return out;
}

/*
 * The postmortem writes: PUT /incidents/ID<suffix> ("/postmortem" or
 * "/postmortem/publish") with json.
 * A publication carries when the postmortem was published before, so
 * its read-back does not take that for this one.
 */
static int
postmortem(struct cache *c, const char *id, const char *suffix,
    const char *kind, char *json, int64_t *row, char **cause)
{
	char target[96], *before;
	json_t *p;

	p = sp_payload("PUT", "incident", id, suffix, json, target,
	    sizeof target);
	if (strcmp(kind, "postmortem.publish") == 0 &&
	    (before = published_before(c, id)) != NULL) {
		json_object_set_new(p, "published_before", json_string(before));
		free(before);
	}
	return enqueue(c, "statuspage", target, kind, p, row, cause);
}

int
cache_action_postmortem_draft(struct cache *c, const char *id,
    const char *body_draft, int64_t *row, char **cause)
{
	char *json = NULL, *why = NULL;

	*row = 0;
	if (!sp_id_ok(id)) {
		xcause(cause, "\"%s\" is not an incident id", id != NULL ? id : "");
		return CACHE_ERR;
	}
	if (statuspage_encode_postmortem_draft(body_draft, &json, &why) != 0)
		return refused(cause, "postmortem draft", why);
	return postmortem(c, id, "/postmortem", "postmortem.draft", json, row,
	    cause);
}

int
cache_action_postmortem_publish(struct cache *c, const char *id,
    bool notify_twitter, bool notify_subscribers, const char *custom_tweet,
    int64_t *row, char **cause)
{
	char *json = NULL, *why = NULL;

	*row = 0;
	if (!sp_id_ok(id)) {
		xcause(cause, "\"%s\" is not an incident id", id != NULL ? id : "");
		return CACHE_ERR;
	}
	if (statuspage_encode_postmortem_publish(notify_twitter,
	    notify_subscribers, custom_tweet, &json, &why) != 0)
		return refused(cause, "postmortem publication", why);
	return postmortem(c, id, "/postmortem/publish", "postmortem.publish",
	    json, row, cause);
}

/* ---- Re-apply after a conflict ---------------------------------------- */

/* The object of a ticket write's body that carries the stamp. */
static json_t *
stamped_object(json_t *payload, const char *kind)
{
	json_t *body = json_object_get(payload, "body");

	if (strcmp(kind, "ticket.bulk") == 0)
		return json_array_get(json_object_get(body, "tickets"), 0);
	return json_object_get(body, "ticket");
}

int
cache_action_ticket_restamp(struct cache *c, const struct outbox_row *r,
    json_t *p, char **cause)
{
	struct ticket_detail d;
	json_t *obj = stamped_object(p, r->kind), *tid, *ex;
	int rc;

	tid = json_object_get(p, "ticket_id");
	if (!json_is_object(obj) || !json_is_integer(tid)) {
		xcause(cause, "outbox row %" PRId64 ": not a ticket write tdesk "
		    "can re-apply", r->id);
		return CACHE_ERR;
	}
	if ((rc = cache_action_ticket_writable(c, json_integer_value(tid), &d,
	    cause)) != CACHE_OK)
		return rc;
	json_object_set_new(obj, "safe_update", json_true());
	json_object_set_new(obj, "updated_stamp", json_string(d.updated_stamp));
	/*
	 * The read-back window moves with the stamp: the comments cached in
	 * the new one are not this write's either (every id listed is some
	 * other comment's, so the list only grows).
	 */
	if (json_object_get(obj, "comment") != NULL &&
	    (ex = cache_action_comments_since(c, json_integer_value(tid),
	    d.updated_stamp)) != NULL) {
		if (json_is_array(json_object_get(p, "exclude_comments")))
			json_array_extend(json_object_get(p, "exclude_comments"),
			    ex);
		else
			json_object_set(p, "exclude_comments", ex);
		json_decref(ex);
	}
	cache_ticket_detail_clear(&d);
	return CACHE_OK;
}

int
cache_action_payment_restamp(struct cache *c, const struct outbox_row *r,
    json_t *p, char **cause)
{
	struct payment_detail d;
	json_t *pid = json_object_get(p, "payment_id");
	json_t *body = json_object_get(p, "body");
	bool found;
	int rc;

	if (!json_is_string(pid) || !json_is_object(body)) {
		xcause(cause, "outbox row %" PRId64 ": not a payment resolution "
		    "tdesk can re-apply", r->id);
		return CACHE_ERR;
	}
	if ((rc = cache_payment_get(c, json_string_value(pid), &d, &found,
	    cause)) != CACHE_OK)
		return rc;
	if (!found || d.row.status == NULL ||
	    strcmp(d.row.status, "flagged") != 0) {
		xcause(cause, "payment %s is %s: there is nothing to resolve; "
		    "drop the row", json_string_value(pid), !found ?
		    "no longer in the cache" : d.row.status != NULL ?
		    d.row.status : "of unknown status");
		if (found)
			cache_payment_detail_clear(&d);
		return CACHE_ERR;
	}
	json_object_set_new(body, "expected_version",
	    json_integer(d.row.version));
	cache_payment_detail_clear(&d);
	return CACHE_OK;
}

int
cache_action_reapply(struct cache *c, int64_t id, char **cause)
{
	struct outbox_row r;
	json_t *p = NULL;
	char *text = NULL;
	bool found;
	int rc;

	if ((rc = cache_outbox_get(c, id, &r, &found, cause)) != CACHE_OK)
		return rc;
	if (!found) {
		xcause(cause, "there is no outbox row %" PRId64, id);
		return CACHE_ERR;
	}
	if (r.state != OUTBOX_CONFLICT) {
		xcause(cause, "outbox row %" PRId64 " is %s; only a row in "
		    "conflict is re-applied (a failed one is retried)", id,
		    cache_outbox_state_name(r.state));
		rc = CACHE_ERR;
		goto out;
	}
	if ((p = json_loads(r.payload, 0, NULL)) == NULL) {
		xcause(cause, "outbox row %" PRId64 ": the payload does not "
		    "parse", id);
		rc = CACHE_ERR;
		goto out;
	}
	if (strcmp(r.kind, "ticket.update") == 0 ||
	    strcmp(r.kind, "ticket.bulk") == 0)
		rc = cache_action_ticket_restamp(c, &r, p, cause);
	else if (strcmp(r.kind, "payment.resolve") == 0)
		rc = cache_action_payment_restamp(c, &r, p, cause);
	else {
		xcause(cause, "outbox row %" PRId64 " (%s) cannot be re-applied; "
		    "retry or drop it", id, r.kind);
		rc = CACHE_ERR;
	}
	if (rc != CACHE_OK)
		goto out;
	if ((text = json_dumps(p, JSON_COMPACT)) == NULL)
		fatal("out of memory re-applying a write");
	rc = cache_outbox_edit(c, id, text, cause);
out:
	free(text);
	json_decref(p);
	cache_outbox_row_clear(&r);
	return rc;
}
