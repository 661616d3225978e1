/*
 * The drainer's Zendesk side: sending ticket updates, creations and bulk
 * batches, reading their answers (a 409 fetches the fresh ticket), and
 * reading a ticket back when an earlier send's outcome is unknown. The
 * rules are at the top of drain.c.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/clock.h"
#include "api/decode.h"
#include "cache/drain_int.h"
#include "api/zendesk.h"
#include "api/zendesk_decode.h"

/* Pages of comments read back at most (100 each: Zendesk's 5000 cap). */
#define COMMENT_PAGES_MAX	50

#define BODY(r) ((r).body != NULL ? (r).body : "")

/* The object of a ticket write that holds its fields and stamp. */
static json_t *
ticket_object(const struct drain_row *dr)
{
	if (strcmp(dr->r.kind, "ticket.bulk") == 0)
		return json_array_get(json_object_get(dr->body, "tickets"), 0);
	return json_object_get(dr->body, "ticket");
}

static int64_t
ticket_id(const struct drain_row *dr)
{
	json_t *v = json_object_get(dr->p, "ticket_id");

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* A stamp's (secs, nsec); (0, 0) when there is none. */
static void
bound(const char *text, int64_t *bs, int32_t *bn)
{
	if (text == NULL || decode_time_parse(text, bs, bn) != 0) {
		*bs = 0;
		*bn = 0;
	}
}

/*
 * GET /api/v2/tickets/{id} into *out (a new record) and, when raw is not
 * NULL, the ticket object's JSON text into *raw; *status the answer's.
 */
static enum http_result
get_ticket(struct drain *d, int64_t id, struct ticket **out, char **raw,
    long *status, char **cause)
{
	struct http_response resp;
	enum http_result r;
	json_t *root, *t;
	char path[64], *why = NULL;

	*out = NULL;
	if (raw != NULL)
		*raw = NULL;
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64, id);
	r = drain_http(d, d->cl->zendesk, HTTP_GET, path, NULL, NULL, NULL,
	    NULL, NULL, &resp, cause);
	*status = resp.status;
	if (r == HTTP_OK) {
		*out = xcalloc(1, sizeof **out);
		if (zendesk_decode_ticket(BODY(resp), resp.len, *out, &why) != 0) {
			free(*out);
			*out = NULL;
			xcause(cause, "zendesk: GET %s: %s", path, why);
			free(why);
			r = HTTP_DECODE;
		} else if (raw != NULL &&
		    (root = decode_load(BODY(resp), resp.len, "ticket", NULL)) != NULL) {
			t = json_object_get(root, "ticket");
			*raw = drain_dump(t != NULL ? t : root);
			json_decref(root);
		}
	}
	http_response_clear(&resp);
	return r;
}

/* The token's user id (asked once per drain); 0 after filling *o. */
static int64_t
token_user(struct drain *d, struct drain_outcome *o)
{
	struct user u;
	enum http_result r;
	char *cause = NULL;

	if (d->zd_me != 0)
		return d->zd_me;
	if ((r = zendesk_me(d->cl->zendesk, &u, &cause)) != HTTP_OK) {
		drain_read_failed(r, 0, cause, o);
		return 0;
	}
	d->zd_me = u.id;
	user_clear(&u);
	return d->zd_me;
}

/* ---- Does the ticket show the write? ---------------------------------- */

static bool
str_eq(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static bool
has_tag(const struct ticket *t, const char *tag)
{
	size_t i;

	for (i = 0; i < t->tags.n; i++) {
		if (str_eq(t->tags.items[i], tag))
			return true;
	}
	return false;
}

/* A nullable id field: null (or absent) is 0. */
static int64_t
id_of(const json_t *v)
{
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* The fields a write sets that read-back compares one to one with t's. */
static const struct readback_field {
	const char	*key;
	size_t		 off;		/* of the field in struct ticket */
	bool		 id;		/* an int64_t id, else a string */
} readback_fields[] = {
	{ "status", offsetof(struct ticket, status), false },
	{ "priority", offsetof(struct ticket, priority), false },
	{ "type", offsetof(struct ticket, type), false },
	{ "subject", offsetof(struct ticket, subject), false },
	{ "assignee_id", offsetof(struct ticket, assignee_id), true },
	{ "group_id", offsetof(struct ticket, group_id), true },
	{ "custom_status_id", offsetof(struct ticket, custom_status_id), true },
	{ "requester_id", offsetof(struct ticket, requester_id), true },
};

static bool
field_eq(const struct readback_field *f, const json_t *v,
    const struct ticket *t)
{
	const char *at = (const char *)t + f->off;

	if (f->id)
		return id_of(v) == *(const int64_t *)at;
	return str_eq(json_string_value(v), *(char *const *)at);
}

/* Whether each tag in the array v is on t (present) or not on it. */
static bool
tags_on(const json_t *v, const struct ticket *t, bool present)
{
	const json_t *tag;
	size_t i;

	json_array_foreach(v, i, tag) {
		if (has_tag(t, json_string_value(tag)) != present)
			return false;
	}
	return true;
}

/* Whether every field obj sets has that value on t (comments aside). */
static bool
fields_match(json_t *obj, const struct ticket *t)
{
	const char *key;
	json_t *v, *tag;
	size_t i, f;

	json_object_foreach(obj, key, v) {
		for (f = 0; f < sizeof readback_fields / sizeof readback_fields[0];
		    f++) {
			if (strcmp(key, readback_fields[f].key) == 0)
				break;
		}
		if (f < sizeof readback_fields / sizeof readback_fields[0]) {
			if (!field_eq(&readback_fields[f], v, t))
				return false;
		} else if (strcmp(key, "tags") == 0) {
			/* The same set: each wanted tag there, no other. */
			if (!tags_on(v, t, true))
				return false;
			for (i = 0; i < t->tags.n; i++) {
				bool wanted = false;
				size_t j;

				json_array_foreach(v, j, tag) {
					if (str_eq(json_string_value(tag),
					    t->tags.items[i]))
						wanted = true;
				}
				if (!wanted)
					return false;
			}
		} else if (strcmp(key, "additional_tags") == 0) {
			if (!tags_on(v, t, true))
				return false;
		} else if (strcmp(key, "remove_tags") == 0) {
			if (!tags_on(v, t, false))
				return false;
		}
		/* id, comment, safe_update, updated_stamp: not fields. */
	}
	return true;
}

/*
 * The comment a ticket write adds, squashed for comparing. The window is
 * inclusive: Zendesk's times are whole seconds, and a write applied in
 * the same second as the change its stamp names has that very time. The
 * comments of our own earlier writes that may share the window are named
 * in the payload's "exclude_comments" (by the action, from the cache, and
 * by the drainer when an earlier row is done).
 */
struct wanted_comment {
	char		*text;		/* squashed body (or html_body) */
	bool		 html;		/* compare html_body */
	int64_t		 bs;		/* at or after this stamp */
	int32_t		 bn;
	json_t		*exclude;	/* comment ids that are not ours;
					 * borrowed, may be NULL */
};

/* The comment the row adds; false when it adds none. */
static bool
wanted_comment(const struct drain_row *dr, struct wanted_comment *w)
{
	json_t *obj = ticket_object(dr), *cm = json_object_get(obj, "comment");
	const char *b = json_string_value(json_object_get(cm, "body"));
	const char *h = json_string_value(json_object_get(cm, "html_body"));

	memset(w, 0, sizeof w[0]);
	if (b == NULL && h == NULL)
		return false;
	w->html = b == NULL;
	w->text = drain_squash(b != NULL ? b : h);
	bound(json_string_value(json_object_get(obj, "updated_stamp")), &w->bs,
	    &w->bn);
	w->exclude = json_object_get(dr->p, "exclude_comments");
	return true;
}

static bool
excluded(const struct wanted_comment *w, int64_t id)
{
	json_t *v;
	size_t i;

	json_array_foreach(w->exclude, i, v) {
		if (json_is_integer(v) && json_integer_value(v) == id)
			return true;
	}
	return false;
}

/*
 * Comments of ticket tid by user me, at or after w's stamp, with w's
 * text and not excluded: *m of them, *newest the newest one's id. Newest
 * first, so the walk stops at the stamp.
 */
static enum http_result
find_comments(struct drain *d, int64_t tid, int64_t me,
    const struct wanted_comment *w, size_t *m, const struct comment **newest,
    struct zendesk_comment_page *keep, long *status, char **cause)
{
	struct zendesk_comment_page pg;
	struct http_response resp;
	enum http_result r = HTTP_OK;
	char path[80], *q, *after = NULL, *why = NULL, *text;
	bool past = false;
	size_t i;
	int page;

	*m = 0;
	*newest = NULL;
	memset(keep, 0, sizeof *keep);
	snprintf(path, sizeof path, "/api/v2/tickets/%" PRId64 "/comments", tid);
	for (page = 0; page < COMMENT_PAGES_MAX && !past; page++) {
		q = NULL;
		http_query_add_int(&q, "page[size]", 100);
		http_query_add(&q, "sort", "-created_at");
		if (after != NULL)
			http_query_add(&q, "page[after]", after);
		r = drain_http(d, d->cl->zendesk, HTTP_GET, path, q, NULL, NULL,
		    NULL, NULL, &resp, cause);
		*status = resp.status;
		free(q);
		if (r == HTTP_OK && zendesk_decode_comment_page(BODY(resp),
		    resp.len, tid, &pg, &why) != 0) {
			xcause(cause, "zendesk: GET %s: %s", path, why);
			free(why);
			r = HTTP_DECODE;
		}
		http_response_clear(&resp);
		if (r != HTTP_OK)
			break;
		for (i = 0; i < pg.ncomments; i++) {
			const struct comment *cm = &pg.comments[i];

			if (cm->created_at.secs < w->bs ||
			    (cm->created_at.secs == w->bs &&
			    cm->created_at.nsec < w->bn)) {
				past = true;
				break;
			}
			if (cm->author_id != me || excluded(w, cm->id))
				continue;
			text = drain_squash(w->html ? cm->html_body : cm->body);
			if (strcmp(text, w->text) == 0) {
				(*m)++;
				if (*newest == NULL && keep->comments == NULL)
					*newest = cm;
			}
			free(text);
		}
		free(after);
		after = pg.page.has_more && pg.page.after_cursor != NULL ?
		    xstrdup(pg.page.after_cursor) : NULL;
		/* The page holding the newest match is kept for *newest. */
		if (*newest != NULL && keep->comments == NULL)
			*keep = pg;
		else
			zendesk_comment_page_clear(&pg);
		if (after == NULL)
			break;
	}
	free(after);
	return r;
}

/*
 * An orphaned ticket.update: *resend true when the ticket shows no sign
 * of it; otherwise *o says what became of the row.
 */
static void
readback_update(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	struct wanted_comment w;
	struct zendesk_comment_page keep;
	const struct comment *newest = NULL;
	struct ticket *t = NULL;
	enum http_result r;
	int64_t tid = ticket_id(dr), me;
	size_t m = 0;
	char *why = NULL;
	long status;
	bool applied, has_comment = false;

	*resend = false;
	memset(&w, 0, sizeof w);
	memset(&keep, 0, sizeof keep);
	if ((r = get_ticket(d, tid, &t, NULL, &status, &why)) != HTTP_OK) {
		drain_read_failed(r, status, why, o);
		return;
	}
	if ((has_comment = wanted_comment(dr, &w))) {
		if ((me = token_user(d, o)) == 0)
			goto out;
		if ((r = find_comments(d, tid, me, &w, &m, &newest, &keep,
		    &status, &why)) != HTTP_OK) {
			drain_read_failed(r, status, why, o);
			goto out;
		}
		/* A Zendesk write is applied whole: its comment tells. */
		applied = m > 0;
	} else
		applied = fields_match(ticket_object(dr), t);
	if (!applied) {
		dr->unsure = false;
		*resend = true;
		goto out;
	}
	o->v = DRAIN_DONE;
	/*
	 * Later rows may take the ticket's updated_at as their stamp only if
	 * it is the one our write made: with a comment, when the comment is
	 * the ticket's last change. Without one there is no telling our
	 * change from a later one that left our fields alone; that rare case
	 * (a lost answer, then someone else's edit, then a queued write of
	 * ours to the same fields) is taken as ours.
	 */
	if (t->updated_at.text != NULL && (!has_comment ||
	    (t->updated_at.secs == newest->created_at.secs &&
	    t->updated_at.nsec == newest->created_at.nsec)))
		o->rebase_stamp = xstrdup(t->updated_at.text);
	if (newest != NULL)
		o->rebase_comment = newest->id;
	o->ticket = t;
	t = NULL;
out:
	zendesk_comment_page_clear(&keep);
	free(w.text);
	ticket_free(&t);
}

/* An orphaned ticket.create: applied if a ticket carries its marker. */
static void
readback_create(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	struct zendesk_ticket_page pg;
	struct http_response resp;
	enum http_result r;
	const char *marker = json_string_value(json_object_get(dr->p, "marker"));
	char *q = NULL, *why = NULL, *cause = NULL;
	size_t i;

	*resend = false;
	if (marker == NULL) {
		/* Nothing to look for: sending again is all there is. */
		*resend = true;
		return;
	}
	http_query_add(&q, "external_id", marker);
	r = drain_http(d, d->cl->zendesk, HTTP_GET, "/api/v2/tickets", q, NULL,
	    NULL, NULL, NULL, &resp, &cause);
	free(q);
	if (r == HTTP_OK && zendesk_decode_ticket_page(BODY(resp), resp.len,
	    &pg, &why) != 0) {
		xcause(&cause, "zendesk: GET /api/v2/tickets: %s", why);
		free(why);
		r = HTTP_DECODE;
	}
	http_response_clear(&resp);
	if (r != HTTP_OK) {
		drain_read_failed(r, 0, cause, o);
		return;
	}
	for (i = 0; i < pg.ntickets; i++) {
		if (str_eq(pg.tickets[i].external_id, marker)) {
			o->v = DRAIN_DONE;
			o->ticket = xcalloc(1, sizeof *o->ticket);
			*o->ticket = pg.tickets[i];
			memset(&pg.tickets[i], 0, sizeof pg.tickets[i]);
			break;
		}
	}
	zendesk_ticket_page_clear(&pg);
	if (o->ticket == NULL) {
		dr->unsure = false;
		*resend = true;
	}
}

/* ---- Sending ---------------------------------------------------------- */

/*
 * The comment a write added, from the audit of its answer: a Comment
 * event is the comment without its time and channel, which are the
 * audit's. Into o (to store, and to leave out of later rows' read-back);
 * nothing when there is none or it does not decode.
 */
static void
audit_comment(const struct http_response *resp, int64_t tid,
    struct drain_outcome *o)
{
	json_t *root, *audit, *ev, *cm, *page;
	const char *type;
	char *text, *why = NULL;
	size_t i;

	if ((root = decode_load(BODY(*resp), resp->len, "update", NULL)) == NULL)
		return;
	audit = json_object_get(root, "audit");
	json_array_foreach(json_object_get(audit, "events"), i, ev) {
		type = json_string_value(json_object_get(ev, "type"));
		if (type == NULL || strcmp(type, "Comment") != 0)
			continue;
		cm = json_deep_copy(ev);
		json_object_set(cm, "created_at", json_object_get(audit,
		    "created_at"));
		if (json_object_get(audit, "via") != NULL)
			json_object_set(cm, "via", json_object_get(audit, "via"));
		page = json_pack("{s[o]}", "comments", cm);
		text = drain_dump(page);
		json_decref(page);
		o->comments = xcalloc(1, sizeof *o->comments);
		if (zendesk_decode_comment_page(text, strlen(text), tid,
		    o->comments, &why) != 0) {
			free(why);
			free(o->comments);
			o->comments = NULL;
		} else if (o->comments->ncomments == 1)
			o->rebase_comment = o->comments->comments[0].id;
		free(text);
		break;
	}
	json_decref(root);
}

/*
 * A 2xx {"ticket","audit"} answer into o. Only an answer that decodes and
 * is the ticket written (its id; a new ticket's marker) proves the write:
 * anything else (a login page, a proxy's page, a body cut short) is an
 * unknown outcome, read back before anything is sent again.
 */
static void
answer_ticket(const struct drain_row *dr, const struct http_response *resp,
    struct drain_outcome *o)
{
	struct zendesk_ticket_update_result res;
	const char *marker = json_string_value(json_object_get(dr->p, "marker"));
	char *why = NULL, *what;
	int64_t want = ticket_id(dr);

	what = drain_describe(dr);
	if (zendesk_decode_ticket_update(BODY(*resp), resp->len, &res,
	    &why) != 0) {
		drain_undecodable("zendesk", what, why, o);
		free(what);
		return;
	}
	o->ticket = xcalloc(1, sizeof *o->ticket);
	*o->ticket = res.ticket;
	if ((want != 0 && o->ticket->id != want) || (want == 0 &&
	    marker != NULL && !str_eq(o->ticket->external_id, marker))) {
		drain_undecodable("zendesk", what, xasprintf("it is ticket %"
		    PRId64 "%s", o->ticket->id, want == 0 ? ", without this "
		    "write's marker" : ""), o);
		free(what);
		return;
	}
	free(what);
	o->v = DRAIN_DONE;
	if (o->ticket->updated_at.text != NULL)
		o->rebase_stamp = xstrdup(o->ticket->updated_at.text);
	audit_comment(resp, o->ticket->id, o);
}

/*
 * A conflict whose fresh ticket already has every value a write without
 * a comment sets is no conflict: there is nothing to overwrite and
 * nothing to add (someone made the same change, or an earlier send of
 * ours that was thought lost did). Done, with a word in the report.
 */
static void
already_so(const struct drain_row *dr, struct drain_outcome *o)
{
	json_t *obj = ticket_object(dr);

	if (o->ticket == NULL || json_object_get(obj, "comment") != NULL ||
	    !fields_match(obj, o->ticket))
		return;
	o->v = DRAIN_DONE;
	free(o->conflict_json);
	o->conflict_json = NULL;
	free(o->note);
	o->note = xasprintf("the ticket changed meanwhile, and already has "
	    "the values this write sets (%s)", o->reason != NULL ? o->reason :
	    "409");
}

/* A 409 to a ticket write: the ticket as it is now goes with the conflict. */
static void
conflict(struct drain *d, struct drain_row *dr, const struct http_response *resp,
    char *cause, struct drain_outcome *o)
{
	enum http_result r;
	char *why = NULL;
	long status;

	if (resp->error_code != NULL &&
	    strcmp(resp->error_code, "DatabaseConflict") == 0) {
		/* A collision inside Zendesk, not a change: send again. */
		o->v = DRAIN_RELEASE;
		o->reason = cause;
		return;
	}
	o->v = DRAIN_CONFLICT;
	o->reason = cause;
	/* Without the fresh ticket the conflict stands; the sync brings it. */
	if ((r = get_ticket(d, ticket_id(dr), &o->ticket, &o->conflict_json,
	    &status, &why)) != HTTP_OK) {
		drain_say(d, "outbox row %" PRId64 ": the fresh ticket could not "
		    "be read: %s", dr->r.id, why != NULL ? why : "?");
		free(why);
		return;
	}
	already_so(dr, o);
}

/* Send a ticket.update or ticket.create as the payload says. */
static void
send_ticket(struct drain *d, struct drain_row *dr, struct drain_outcome *o)
{
	struct http_response resp;
	enum http_result r;
	char key[24], *body = drain_body_text(dr), *cause = NULL;
	bool update = strcmp(dr->r.kind, "ticket.update") == 0;

	snprintf(key, sizeof key, "%" PRId64, ticket_id(dr));
	r = drain_http(d, d->cl->zendesk, dr->method, dr->path, NULL, body, NULL,
	    update ? ZENDESK_BUDGET_UPDATE : NULL, update ? key : NULL, &resp,
	    &cause);
	free(body);
	if (r == HTTP_OK)
		answer_ticket(dr, &resp, o);
	else if (r == HTTP_CONFLICT && update)
		conflict(d, dr, &resp, cause, o);
	else
		drain_failure(r, &resp, cause, o);
	http_response_clear(&resp);
}

int
drain_zendesk_row(struct drain *d, struct drain_row *dr,
    struct drain_outcome *o, char **cause)
{
	bool resend = true;
	int rc;

	if (strcmp(dr->r.kind, "ticket.update") == 0) {
		if (dr->unsure)
			readback_update(d, dr, o, &resend);
	} else if (strcmp(dr->r.kind, "ticket.create") == 0) {
		if (dr->unsure)
			readback_create(d, dr, o, &resend);
	} else {
		o->v = DRAIN_FAILED;
		o->reason = xasprintf("tdesk does not know how to send a %s",
		    dr->r.kind);
		return CACHE_OK;
	}
	if (!resend)
		return CACHE_OK;
	if ((rc = drain_resending(d, dr, cause)) != CACHE_OK)
		return rc;
	send_ticket(d, dr, o);
	return CACHE_OK;
}

/* ---- Bulk ------------------------------------------------------------- */

static void
nap_ms(int64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static bool
job_running(const struct job_status *j)
{
	return j->status == NULL || strcmp(j->status, "queued") == 0 ||
	    strcmp(j->status, "working") == 0;
}

/* The job's result for row i of n (by ticket id, else by position). */
static const struct job_result *
result_for(const struct job_status *j, int64_t tid, size_t i)
{
	size_t k;

	for (k = 0; k < j->nresults; k++) {
		if (j->results[k].id == tid)
			return &j->results[k];
	}
	for (k = 0; k < j->nresults; k++) {
		if (j->results[k].id == 0 && j->results[k].index == (int64_t)i)
			return &j->results[k];
	}
	return NULL;
}

/*
 * The tickets of rows whose verdict is done or conflict, read in one
 * show_many, into each outcome: the record, the conflict's JSON, and for
 * a done row the stamp later rows move to (when the ticket still shows
 * the change).
 */
static void
fetch_results(struct drain *d, struct drain_row **rows, size_t n,
    struct drain_outcome *outs)
{
	struct http_response resp;
	enum http_result r;
	json_t *root, *arr, *el;
	char *q = NULL, *ids = NULL, *t, *cause = NULL, *text, *why = NULL;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (outs[i].v != DRAIN_DONE && outs[i].v != DRAIN_CONFLICT)
			continue;
		t = ids == NULL ? xasprintf("%" PRId64, ticket_id(rows[i])) :
		    xasprintf("%s,%" PRId64, ids, ticket_id(rows[i]));
		free(ids);
		ids = t;
	}
	if (ids == NULL)
		return;
	/* Commas unescaped, as Zendesk documents ids=1,2,3. */
	q = xasprintf("ids=%s", ids);
	free(ids);
	r = drain_http(d, d->cl->zendesk, HTTP_GET, "/api/v2/tickets/show_many",
	    q, NULL, NULL, NULL, NULL, &resp, &cause);
	free(q);
	if (r != HTTP_OK || (root = decode_load(BODY(resp), resp.len, "tickets",
	    NULL)) == NULL) {
		drain_say(d, "zendesk: the tickets of a bulk change could not be "
		    "read: %s; the next sync brings them", cause != NULL ?
		    cause : "the answer is not JSON");
		free(cause);
		http_response_clear(&resp);
		return;
	}
	http_response_clear(&resp);
	arr = json_object_get(root, "tickets");
	json_array_foreach(arr, k, el) {
		int64_t id = id_of(json_object_get(el, "id"));

		for (i = 0; i < n; i++) {
			struct drain_outcome *o = &outs[i];

			if (ticket_id(rows[i]) != id || o->ticket != NULL ||
			    (o->v != DRAIN_DONE && o->v != DRAIN_CONFLICT))
				continue;
			text = drain_dump(el);
			o->ticket = xcalloc(1, sizeof *o->ticket);
			if (zendesk_decode_ticket(text, strlen(text), o->ticket,
			    &why) != 0) {
				free(why);
				why = NULL;
				free(o->ticket);
				o->ticket = NULL;
				free(text);
				continue;
			}
			if (o->v == DRAIN_CONFLICT) {
				o->conflict_json = text;
				already_so(rows[i], o);
			} else {
				free(text);
				if (fields_match(ticket_object(rows[i]), o->ticket) &&
				    o->ticket->updated_at.text != NULL)
					o->rebase_stamp = xstrdup(
					    o->ticket->updated_at.text);
			}
		}
	}
	json_decref(root);
}

/* The verdict of row i from a finished job. */
static void
job_verdict(const struct job_status *j, struct drain_row *dr, size_t i,
    struct drain_outcome *o)
{
	const struct job_result *res = result_for(j, ticket_id(dr), i);
	int64_t tid = ticket_id(dr);

	if (res == NULL) {
		o->v = DRAIN_RELEASE;
		o->reason = xasprintf("zendesk: bulk job %s (%s) gave no result "
		    "for ticket %" PRId64, j->id, j->status != NULL ? j->status :
		    "?", tid);
		return;
	}
	if (res->success == 1 || (res->success == -1 && res->error == NULL)) {
		o->v = DRAIN_DONE;
		return;
	}
	/* The job's own word on the ticket: what it says did not apply. */
	o->certain = true;
	if (res->error != NULL && strcmp(res->error, "UpdateConflict") == 0) {
		o->v = DRAIN_CONFLICT;
		o->reason = xasprintf("zendesk: bulk job %s: ticket %" PRId64
		    " changed since it was queued (UpdateConflict)", j->id, tid);
		return;
	}
	o->v = DRAIN_FAILED;
	o->reason = xasprintf("zendesk: bulk job %s: ticket %" PRId64 ": %s%s%s",
	    j->id, tid, res->error != NULL ? res->error : "failed",
	    res->details != NULL ? ": " : "", res->details != NULL ?
	    res->details : "");
}

/* An orphaned bulk row: applied if the ticket has every wanted value. */
static void
readback_bulk(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    bool *resend)
{
	struct ticket *t = NULL;
	enum http_result r;
	char *why = NULL;
	long status;

	*resend = false;
	if ((r = get_ticket(d, ticket_id(dr), &t, NULL, &status, &why)) !=
	    HTTP_OK) {
		drain_read_failed(r, status, why, o);
		return;
	}
	if (!fields_match(ticket_object(dr), t)) {
		ticket_free(&t);
		dr->unsure = false;
		*resend = true;
		return;
	}
	o->v = DRAIN_DONE;
	if (t->updated_at.text != NULL)
		o->rebase_stamp = xstrdup(t->updated_at.text);
	o->ticket = t;
}

int
drain_zendesk_bulk(struct drain *d, struct drain_row **rows, size_t n,
    struct drain_outcome *outs, char **cause)
{
	struct http_response resp;
	struct job_status job, next;
	enum http_result r;
	json_t *root, *arr;
	char *body, *why = NULL, *err = NULL;
	bool resend;
	int64_t deadline;
	size_t i;
	int rc;

	if (n == 1 && rows[0]->unsure) {
		readback_bulk(d, rows[0], &outs[0], &resend);
		if (!resend)
			return CACHE_OK;
		if ((rc = drain_resending(d, rows[0], cause)) != CACHE_OK)
			return rc;
	}
	arr = json_array();
	for (i = 0; i < n; i++)
		json_array_append(arr, ticket_object(rows[i]));
	root = json_pack("{so}", "tickets", arr);
	body = drain_dump(root);
	json_decref(root);
	r = drain_http(d, d->cl->zendesk, HTTP_PUT, "/api/v2/tickets/update_many",
	    NULL, body, NULL, NULL, NULL, &resp, &err);
	free(body);
	memset(&job, 0, sizeof job);
	if (r == HTTP_OK && zendesk_decode_job_status(BODY(resp), resp.len, &job,
	    &why) != 0) {
		xcause(&err, "zendesk: PUT /api/v2/tickets/update_many: the job "
		    "does not decode (%s); the change may have been applied", why);
		free(why);
		r = HTTP_UNKNOWN;
	}
	if (r != HTTP_OK) {
		for (i = 0; i < n; i++)
			drain_failure(r, &resp, err != NULL ? xstrdup(err) :
			    NULL, &outs[i]);
		free(err);
		http_response_clear(&resp);
		return CACHE_OK;
	}
	http_response_clear(&resp);
	/* The job exists: whatever follows, it may have been applied. */
	for (i = 0; i < n; i++)
		rows[i]->unsure = true;
	deadline = clock_mono_ms() + d->opt.job_wait_ms;
	while (job_running(&job) && clock_mono_ms() < deadline) {
		nap_ms(d->opt.job_poll_ms);
		if (zendesk_job_status(d->cl->zendesk, job.id, &next, &err) ==
		    HTTP_OK) {
			job_status_clear(&job);
			job = next;
		} else {
			free(err);
			err = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		if (job_running(&job)) {
			/* It may still run: read back once it cannot. */
			outs[i].v = DRAIN_RELEASE;
			outs[i].late = true;
			outs[i].reason = xasprintf("zendesk: bulk job %s still %s "
			    "after %" PRId64 " s", job.id, job.status != NULL ?
			    job.status : "unknown", d->opt.job_wait_ms / 1000);
		} else
			job_verdict(&job, rows[i], i, &outs[i]);
	}
	job_status_clear(&job);
	fetch_results(d, rows, n, outs);
	return CACHE_OK;
}
