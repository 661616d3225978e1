/*
 * The drainer's Statuspage side: sending incident creations and updates,
 * component changes and postmortems, reading their answers, and reading
 * an incident back when an earlier send's outcome is unknown. The rules
 * are at the top of drain.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "cache/drain_int.h"
#include "api/statuspage.h"
#include "api/statuspage_decode.h"

/* Pages of the incident list searched for a create's marker. */
#define CREATE_PAGES_MAX	5

/*
 * How far before the row was queued (this machine's clock) the marker
 * search goes on: a generous allowance for the two clocks' difference.
 */
#define CREATE_SKEW_S		86400

#define BODY(r) ((r).body != NULL ? (r).body : "")

static bool
is(const struct drain_row *dr, const char *kind)
{
	return strcmp(dr->r.kind, kind) == 0;
}

static const char *
incident_id(const struct drain_row *dr)
{
	return json_string_value(json_object_get(dr->p, "incident_id"));
}

/*
 * GET path (under the page) with query (may be NULL); the 2xx body is
 * left in *resp (the caller clears it) and *status is the answer's.
 */
static enum http_result
sp_get(struct drain *d, const char *path, const char *query,
    struct http_response *resp, long *status, char **cause)
{
	enum http_result r;

	r = drain_http(d, d->cl->statuspage, HTTP_GET, path, query, NULL, NULL,
	    NULL, NULL, resp, cause);
	*status = resp->status;
	return r;
}

/* A decoder's refusal of a 2xx read: HTTP_DECODE with *cause. */
static enum http_result
undecodable(const char *path, char *why, char **cause)
{
	xcause(cause, "statuspage: GET %s: %s", path, why != NULL ? why : "?");
	free(why);
	return HTTP_DECODE;
}

/* GET /incidents/{id} into *in. */
static enum http_result
get_incident(struct drain *d, const char *id, struct incident *in,
    long *status, char **cause)
{
	struct http_response resp;
	enum http_result r;
	char path[96], *why = NULL;

	memset(in, 0, sizeof *in);
	snprintf(path, sizeof path, "/incidents/%s", id != NULL ? id : "");
	r = sp_get(d, path, NULL, &resp, status, cause);
	if (r == HTTP_OK && statuspage_decode_incident(BODY(resp), resp.len, in,
	    &why) != 0)
		r = undecodable(path, why, cause);
	http_response_clear(&resp);
	return r;
}

/* The newest time an incident shows: updated_at or an update's created_at. */
static const char *
newest_time(const struct incident *in)
{
	const struct timestamp *best = NULL;
	size_t i;

	if (in->updated_at.text != NULL)
		best = &in->updated_at;
	for (i = 0; i < in->nupdates; i++) {
		const struct timestamp *t = &in->updates[i].created_at;

		if (t->text != NULL && (best == NULL || drain_after(t, best->secs,
		    best->nsec)))
			best = t;
	}
	return best != NULL ? best->text : NULL;
}

/* ---- incident.update read-back ---------------------------------------- */

/* The update an incident.update posts, for comparing. */
struct wanted_update {
	const char	*status;	/* NULL: not sent (any status) */
	char		*text;		/* squashed body ("" when none) */
	int64_t		 bs;		/* strictly after this: the
					 * newest time the cache knew,
					 * moved past each earlier row's
					 * update (drain_rebase), whose
					 * times are to the millisecond */
	int32_t		 bn;
};

/* The update p's request posts; false when it posts none. */
static bool
wanted_update(json_t *p, struct wanted_update *w)
{
	json_t *inc = json_object_get(json_object_get(p, "body"), "incident");
	const char *body = json_string_value(json_object_get(inc, "body"));
	const char *after = json_string_value(json_object_get(p, "after"));

	memset(w, 0, sizeof *w);
	w->status = json_string_value(json_object_get(inc, "status"));
	if (w->status == NULL && body == NULL)
		return false;
	w->text = drain_squash(body != NULL ? body : "");
	if (after == NULL || decode_time_parse(after, &w->bs, &w->bn) != 0) {
		w->bs = 0;
		w->bn = 0;
	}
	return true;
}

static void
readback_update(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	struct wanted_update w;
	struct incident *in;
	const struct timestamp *newest = NULL;
	enum http_result r;
	char *why = NULL, *text;
	size_t m = 0, i;
	long status;

	*resend = false;
	if (!wanted_update(dr->p, &w)) {
		/* Components only: setting them again changes nothing. */
		*resend = true;
		return;
	}
	in = xcalloc(1, sizeof *in);
	if ((r = get_incident(d, incident_id(dr), in, &status, &why)) !=
	    HTTP_OK) {
		drain_read_failed(r, status, why, o);
		goto out;
	}
	for (i = 0; i < in->nupdates; i++) {
		const struct incident_update *u = &in->updates[i];

		if (!drain_after(&u->created_at, w.bs, w.bn) ||
		    (w.status != NULL && (u->status == NULL ||
		    strcmp(u->status, w.status) != 0)))
			continue;
		text = drain_squash(u->body);
		if (strcmp(text, w.text) == 0) {
			m++;
			if (newest == NULL || drain_after(&u->created_at,
			    newest->secs, newest->nsec))
				newest = &u->created_at;
		}
		free(text);
	}
	if (m == 0) {
		dr->unsure = false;
		*resend = true;
		goto out;
	}
	o->v = DRAIN_DONE;
	o->rebase_after = xstrdup(newest->text);
	o->incident = in;
	in = NULL;
out:
	free(w.text);
	incident_free(&in);
}

/* ---- incident.create read-back ---------------------------------------- */

/* Whether an incident's metadata carries tdesk's marker. */
static bool
has_marker(const struct incident *in, const char *marker)
{
	json_t *meta, *v;
	bool yes;

	if (in->metadata == NULL ||
	    (meta = json_loads(in->metadata, 0, NULL)) == NULL)
		return false;
	v = json_object_get(json_object_get(meta, "tdesk"), "outbox");
	yes = json_is_string(v) && strcmp(json_string_value(v), marker) == 0;
	json_decref(meta);
	return yes;
}

static void
readback_create(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	struct statuspage_incident_list list;
	struct http_response resp;
	const char *marker = json_string_value(json_object_get(dr->p, "marker"));
	enum http_result r;
	char *why = NULL, *text = NULL, *q;
	bool older = false;
	long status;
	size_t i;
	int page;

	*resend = false;
	if (marker == NULL) {
		*resend = true;
		return;
	}
	for (page = 1; page <= CREATE_PAGES_MAX && !older; page++) {
		q = NULL;
		http_query_add_int(&q, "page", page);
		http_query_add_int(&q, "limit", STATUSPAGE_PAGE_MAX);
		r = sp_get(d, "/incidents", q, &resp, &status, &why);
		free(q);
		if (r == HTTP_OK && statuspage_decode_incidents(BODY(resp),
		    resp.len, &list, &text) != 0)
			r = undecodable("/incidents", text, &why);
		http_response_clear(&resp);
		if (r != HTTP_OK) {
			drain_read_failed(r, 0, why, o);
			return;
		}
		for (i = 0; i < list.nincidents; i++) {
			struct incident *in = &list.incidents[i];

			if (has_marker(in, marker)) {
				o->v = DRAIN_DONE;
				o->incident = xcalloc(1, sizeof *o->incident);
				*o->incident = *in;
				memset(in, 0, sizeof *in);
				statuspage_incident_list_clear(&list);
				return;
			}
			/* Newest first: past the row's time, it is not there. */
			if (in->created_at.text != NULL && in->created_at.secs <
			    dr->r.created_at - CREATE_SKEW_S)
				older = true;
		}
		if (list.nincidents < STATUSPAGE_PAGE_MAX)
			older = true;
		statuspage_incident_list_clear(&list);
	}
	dr->unsure = false;
	*resend = true;
}

/* ---- postmortem read-back ---------------------------------------------- */

/*
 * The row's incident, then its postmortem, into *pm: false when *o says
 * what became of the row (the incident is gone, a read failed). *none:
 * the incident has no postmortem at all. The incident is read first so
 * that a 404 means the postmortem is missing, not the incident: a
 * postmortem of an incident that is gone can never be written, and the
 * row fails, unsure.
 */
static bool
read_postmortem(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    struct postmortem *pm, bool *none)
{
	struct incident *in = xcalloc(1, sizeof *in);
	struct http_response resp;
	enum http_result r;
	char path[128], *why = NULL, *text = NULL;
	long status;

	memset(pm, 0, sizeof *pm);
	*none = false;
	if ((r = get_incident(d, incident_id(dr), in, &status, &why)) !=
	    HTTP_OK) {
		free(in);
		drain_read_failed(r, status, why, o);
		return false;
	}
	incident_free(&in);
	snprintf(path, sizeof path, "/incidents/%s/postmortem",
	    incident_id(dr) != NULL ? incident_id(dr) : "");
	r = sp_get(d, path, NULL, &resp, &status, &why);
	if (r == HTTP_OK && statuspage_decode_postmortem(BODY(resp), resp.len,
	    pm, &text) != 0)
		r = undecodable(path, text, &why);
	http_response_clear(&resp);
	if (r == HTTP_CLIENT_ERROR && status == 404) {
		free(why);
		*none = true;
		return true;
	}
	if (r != HTTP_OK) {
		drain_read_failed(r, 0, why, o);
		return false;
	}
	return true;
}

/*
 * Whether pm was published after the time the row says it was published
 * before, if any.
 */
static bool
published_since(const struct drain_row *dr, const struct postmortem *pm)
{
	const char *before = json_string_value(json_object_get(dr->p,
	    "published_before"));
	int64_t bs = 0;
	int32_t bn = 0;

	if (pm->published_at.text == NULL)
		return false;
	if (before == NULL || decode_time_parse(before, &bs, &bn) != 0)
		return true;
	return drain_after(&pm->published_at, bs, bn);
}

/* Applied if published since (no postmortem at all: certainly not). */
static void
readback_publish(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	struct postmortem pm;
	bool none;

	*resend = false;
	if (!read_postmortem(d, dr, o, &pm, &none))
		return;
	if (!none && published_since(dr, &pm))
		o->v = DRAIN_DONE;
	else {
		dr->unsure = false;
		*resend = true;
	}
	postmortem_clear(&pm);
}

/* ---- component.update and postmortem.draft read-back ------------------- */

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Applied if the component has every value the row sets. */
static void
readback_component(struct drain *d, struct drain_row *dr,
    struct drain_outcome *o, bool *resend)
{
	json_t *want = json_object_get(dr->body, "component");
	const char *id = json_string_value(json_object_get(dr->p,
	    "component_id")), *key;
	struct component *cp = xcalloc(1, sizeof *cp);
	struct http_response resp;
	enum http_result r;
	char path[96], *why = NULL, *text = NULL;
	bool applied = true;
	json_t *v;
	long status;

	*resend = false;
	snprintf(path, sizeof path, "/components/%s", id != NULL ? id : "");
	r = sp_get(d, path, NULL, &resp, &status, &why);
	if (r == HTTP_OK && statuspage_decode_component(BODY(resp), resp.len, cp,
	    &text) != 0)
		r = undecodable(path, text, &why);
	http_response_clear(&resp);
	if (r != HTTP_OK) {
		drain_read_failed(r, status, why, o);
		free(cp);
		return;
	}
	json_object_foreach(want, key, v) {
		if ((strcmp(key, "status") == 0 && !same(json_string_value(v),
		    cp->status)) || (strcmp(key, "name") == 0 &&
		    !same(json_string_value(v), cp->name)) ||
		    (strcmp(key, "description") == 0 &&
		    !same(json_string_value(v), cp->description)))
			applied = false;
	}
	if (!applied) {
		component_free(&cp);
		dr->unsure = false;
		*resend = true;
		return;
	}
	o->v = DRAIN_DONE;
	o->component = cp;
}

/* Applied if the postmortem's draft is the row's text. */
static void
readback_draft(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	const char *want = json_string_value(json_object_get(
	    json_object_get(dr->body, "postmortem"), "body_draft"));
	struct postmortem pm;
	bool none;

	*resend = false;
	if (!read_postmortem(d, dr, o, &pm, &none))
		return;
	if (!none && same(pm.body_draft, want))
		o->v = DRAIN_DONE;
	else {
		dr->unsure = false;
		*resend = true;
	}
	postmortem_clear(&pm);
}

/* ---- Sending ---------------------------------------------------------- */

/* The incident as it is now, to store after a postmortem is published. */
static void
refetch_incident(struct drain *d, struct drain_row *dr, struct drain_outcome *o)
{
	struct incident *in = xcalloc(1, sizeof *in);
	char *why = NULL;
	long status;

	if (get_incident(d, incident_id(dr), in, &status, &why) == HTTP_OK) {
		o->incident = in;
		return;
	}
	free(why);
	free(in);
}

/*
 * A 2xx answer into o: done only when it decodes and is the record
 * written (the incident's id or a new one's marker, the component's id,
 * a published postmortem); anything else is an unknown outcome.
 */
static void
answer_row(struct drain_row *dr, const struct http_response *resp,
    struct drain_outcome *o)
{
	struct postmortem pm;
	const char *want = NULL, *newest, *got = NULL;
	char *why = NULL, *what = drain_describe(dr);

	if (is(dr, "incident.create") || is(dr, "incident.update")) {
		o->incident = xcalloc(1, sizeof *o->incident);
		if (statuspage_decode_incident(BODY(*resp), resp->len,
		    o->incident, &why) != 0)
			goto unknown;
		got = o->incident->id;
		if (is(dr, "incident.create")) {
			want = json_string_value(json_object_get(dr->p,
			    "marker"));
			if (want != NULL && !has_marker(o->incident, want)) {
				why = xasprintf("incident %s has no marker of "
				    "this write", got != NULL ? got : "?");
				goto unknown;
			}
			want = NULL;
		} else
			want = incident_id(dr);
	} else if (is(dr, "component.update")) {
		o->component = xcalloc(1, sizeof *o->component);
		if (statuspage_decode_component(BODY(*resp), resp->len,
		    o->component, &why) != 0)
			goto unknown;
		got = o->component->id;
		want = json_string_value(json_object_get(dr->p, "component_id"));
	} else {
		memset(&pm, 0, sizeof pm);
		if (statuspage_decode_postmortem(BODY(*resp), resp->len, &pm,
		    &why) != 0)
			goto unknown;
		if (is(dr, "postmortem.publish") && !published_since(dr, &pm))
			why = xstrdup("the postmortem is not published by it");
		else if (is(dr, "postmortem.draft") && !same(pm.body_draft,
		    json_string_value(json_object_get(json_object_get(dr->body,
		    "postmortem"), "body_draft"))))
			why = xstrdup("the postmortem's draft is another text");
		postmortem_clear(&pm);
		if (why != NULL)
			goto unknown;
	}
	if (want != NULL && (got == NULL || strcmp(got, want) != 0)) {
		why = xasprintf("it is %s, not %s", got != NULL ? got : "?",
		    want);
		goto unknown;
	}
	free(what);
	o->v = DRAIN_DONE;
	if (is(dr, "incident.update") &&
	    (newest = newest_time(o->incident)) != NULL)
		o->rebase_after = xstrdup(newest);
	return;

unknown:
	drain_undecodable("statuspage", what, why, o);
	free(what);
}

static void
send_row(struct drain *d, struct drain_row *dr, struct drain_outcome *o)
{
	struct http_response resp;
	enum http_result r;
	char *body = drain_body_text(dr), *cause = NULL;

	r = drain_http(d, d->cl->statuspage, dr->method, dr->path, NULL, body,
	    NULL, NULL, NULL, &resp, &cause);
	free(body);
	if (r != HTTP_OK)
		drain_failure(r, &resp, cause, o);
	else
		answer_row(dr, &resp, o);
	http_response_clear(&resp);
	if (o->v == DRAIN_DONE && is(dr, "postmortem.publish"))
		refetch_incident(d, dr, o);
}

int
drain_statuspage_row(struct drain *d, struct drain_row *dr,
    struct drain_outcome *o, char **cause)
{
	bool resend = true;
	int rc;

	if (!is(dr, "incident.create") && !is(dr, "incident.update") &&
	    !is(dr, "component.update") && !is(dr, "postmortem.draft") &&
	    !is(dr, "postmortem.publish")) {
		o->v = DRAIN_FAILED;
		o->reason = xasprintf("tdesk does not know how to send a %s",
		    dr->r.kind);
		return CACHE_OK;
	}
	if (dr->unsure) {
		if (is(dr, "incident.update"))
			readback_update(d, dr, o, &resend);
		else if (is(dr, "incident.create"))
			readback_create(d, dr, o, &resend);
		else if (is(dr, "postmortem.publish")) {
			readback_publish(d, dr, o, &resend);
			if (!resend && o->v == DRAIN_DONE)
				refetch_incident(d, dr, o);
		} else if (is(dr, "component.update"))
			readback_component(d, dr, o, &resend);
		else
			readback_draft(d, dr, o, &resend);
	}
	if (!resend)
		return CACHE_OK;
	if ((rc = drain_resending(d, dr, cause)) != CACHE_OK)
		return rc;
	send_row(d, dr, o);
	return CACHE_OK;
}
