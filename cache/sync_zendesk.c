/*
 * The Zendesk sync round: the current user, tickets by the incremental
 * export (or the agents' fallback list), the reference lists, and
 * comments fetched ahead for recently changed tickets or on request.
 */
#include "cache/sync.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache_int.h"
#include "api/model.h"
#include "cache/store.h"
#include "cache/sync_int.h"
#include "api/zendesk.h"
#include "api/zendesk_decode.h"

/* Pages of a reference list per refresh (100 records each). */
#define ZD_LIST_MAX_PAGES	100
/* Pages of one ticket's comments (100 each). */
#define ZD_COMMENT_MAX_PAGES	50
/* Among how many of the newest tickets comments are fetched ahead. */
#define ZD_AHEAD_WINDOW		200
/* Room for "comments/<id>". */
#define ZD_ENDPOINT_MAX		48

#define EP_ME		"me"
#define EP_EXPORT	"tickets/cursor"
#define EP_LIST		"tickets/list"
#define EP_MODE		"tickets/mode"
#define EP_GROUPS	"groups"
#define EP_ORGS		"organizations"
#define EP_MACROS	"macros"
#define EP_STAFF	"users/staff"
#define EP_LOOKUP	"users/lookup"
#define EP_COMMENTS	"comments"

/* The tickets/mode cursor of a cache that uses the agents' list. */
#define MODE_LIST	"list"

/* A growing set of ids (users and organizations the tickets name). */
struct id_set {
	int64_t		*v;
	size_t		 n;
	size_t		 cap;
};

static void
ids_add(struct id_set *s, int64_t id)
{
	if (id <= 0)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap != 0 ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static int
ids_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates. */
static void
ids_unique(struct id_set *s)
{
	size_t i, o = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof *s->v, ids_cmp);
	for (i = 0; i < s->n; i++) {
		if (o == 0 || s->v[o - 1] != s->v[i])
			s->v[o++] = s->v[i];
	}
	s->n = o;
}

static void
ids_free(struct id_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- the current user ---------------------------------------------------- */

static void
zd_me(struct sync_run *r)
{
	struct user u;
	char *msg = NULL, id[32];
	enum http_result res;
	int rc;

	if (!sync_request(r))
		return;
	if ((res = zendesk_me(r->cl, &u, &msg)) != HTTP_OK) {
		sync_failed(r, EP_ME, res, msg);
		return;
	}
	if ((rc = cache_store_user(r->c, &u, &r->rep->stats, &msg)) != CACHE_OK)
		sync_cache_failed(r, rc, msg);
	else {
		snprintf(id, sizeof id, "%" PRId64, u.id);
		sync_set_cursor(r, EP_ME, id);
	}
	user_clear(&u);
}

/* ---- tickets ------------------------------------------------------------- */

enum zd_tickets {
	ZD_TICKETS_BEHIND = 0,	/* stopped early: failure or max_pages */
	ZD_TICKETS_CAUGHT_UP,	/* everything up to now is stored */
	ZD_TICKETS_FALLBACK,	/* the export said 403: use the list */
};

static int64_t
zd_start_time(const struct sync_options *opt)
{
	int64_t w = opt->zendesk_window_s, t;

	if (w == SYNC_WINDOW_ALL)
		return 0;
	if (w <= 0)
		w = SYNC_ZENDESK_WINDOW_S;
	t = sync_now() - w;
	return t > 0 ? t : 0;
}

/* Stores a page and its cursor; false when the round must stop. */
static bool
zd_store_export(struct sync_run *r, const struct zendesk_export_page *p,
    char **cursor)
{
	struct cache_sync_state next;
	char *why = NULL;
	int rc;

	if (sync_next_state(r, EP_EXPORT, p->after_cursor, &next) != 0)
		return false;
	rc = cache_store_zendesk_export_page(r->c, p, EP_EXPORT, &next,
	    &r->rep->stats, &why);
	if (rc != CACHE_OK) {
		cache_sync_state_free(&next);
		sync_cache_failed(r, rc, why);
		return false;
	}
	free(*cursor);
	*cursor = next.cursor;
	next.cursor = NULL;
	cache_sync_state_free(&next);
	return true;
}

/*
 * The incremental export, GET /api/v2/incremental/tickets/cursor, from
 * the stored after_cursor; a first run starts at now minus the window.
 */
static enum zd_tickets
zd_export(struct sync_run *r)
{
	struct zendesk_export_page p;
	struct http_last last;
	enum zd_tickets out = ZD_TICKETS_BEHIND;
	enum http_result res;
	char *cursor = NULL, *msg = NULL;
	int pages;
	bool go;

	if (sync_get_cursor(r, EP_EXPORT, &cursor) != 0)
		return out;
	for (pages = 0; pages < r->max_pages; pages++) {
		if (!sync_request(r))
			break;
		res = zendesk_export_page(r->cl, zd_start_time(r->opt), cursor,
		    0, r->opt->billing_field, &p, &msg);
		if (res != HTTP_OK) {
			http_client_last(r->cl, &last);
			if (res == HTTP_CLIENT_ERROR && last.status == 403) {
				/* An agent's token: not a failure. */
				free(msg);
				out = ZD_TICKETS_FALLBACK;
			} else
				sync_failed(r, EP_EXPORT, res, msg);
			break;
		}
		go = zd_store_export(r, &p, &cursor) &&
		    sync_page_done(r, EP_EXPORT, p.ntickets);
		if (go && (p.end_of_stream || p.ntickets == 0))
			out = ZD_TICKETS_CAUGHT_UP;
		zendesk_export_page_clear(&p);
		if (!go || out == ZD_TICKETS_CAUGHT_UP)
			break;
	}
	if (pages == r->max_pages)
		r->rep->more = true;
	free(cursor);
	return out;
}

/* The users and organization a fallback ticket names. */
static void
zd_note_ids(const struct zendesk_ticket_page *p, struct id_set *users,
    struct id_set *orgs)
{
	size_t i;

	for (i = 0; i < p->ntickets; i++) {
		ids_add(users, p->tickets[i].requester_id);
		ids_add(users, p->tickets[i].submitter_id);
		ids_add(users, p->tickets[i].assignee_id);
		ids_add(orgs, p->tickets[i].organization_id);
	}
}

/*
 * The agents' fallback: GET /api/v2/tickets?page[size]=100&sort=updated_at
 * walked on from the stored page[after]; tickets changed since come after
 * it. An empty last page has no cursor: the stored one stays.
 */
static enum zd_tickets
zd_list(struct sync_run *r, struct id_set *users, struct id_set *orgs)
{
	struct zendesk_ticket_page p;
	struct cache_sync_state next;
	enum zd_tickets out = ZD_TICKETS_BEHIND;
	enum http_result res;
	char *cursor = NULL, *msg = NULL;
	int pages, rc;
	bool go;

	if (sync_get_cursor(r, EP_LIST, &cursor) != 0)
		return out;
	for (pages = 0; pages < r->max_pages; pages++) {
		if (!sync_request(r))
			break;
		res = zendesk_ticket_list_page(r->cl, cursor, ZENDESK_PAGE_MAX,
		    &p, &msg);
		if (res != HTTP_OK) {
			sync_failed(r, EP_LIST, res, msg);
			break;
		}
		go = sync_next_state(r, EP_LIST, p.page.after_cursor, &next) == 0;
		if (go && (rc = cache_store_zendesk_ticket_page(r->c, &p, EP_LIST,
		    &next, &r->rep->stats, &msg)) != CACHE_OK) {
			sync_cache_failed(r, rc, msg);
			go = false;
		}
		if (go) {
			free(cursor);
			cursor = next.cursor;
			next.cursor = NULL;
			zd_note_ids(&p, users, orgs);
			go = sync_page_done(r, EP_LIST, p.ntickets);
		}
		cache_sync_state_free(&next);
		if (go && (!p.page.has_more || p.page.after_cursor == NULL))
			out = ZD_TICKETS_CAUGHT_UP;
		zendesk_ticket_page_clear(&p);
		if (!go || out == ZD_TICKETS_CAUGHT_UP)
			break;
	}
	if (pages == r->max_pages)
		r->rep->more = true;
	free(cursor);
	return out;
}

/* Removes from s the ids already in table (users, organizations). */
static void
zd_drop_cached(struct sync_run *r, struct id_set *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	size_t i, o = 0;
	int step;

	if (s->n == 0)
		return;
	if (sqlite3_prepare_v2(cache_db(r->c), sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < s->n; i++) {
		sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, (sqlite3_int64)s->v[i]) != SQLITE_OK)
			goto fail;
		if ((step = sqlite3_step(st)) == SQLITE_DONE)
			s->v[o++] = s->v[i];
		else if (step != SQLITE_ROW)
			goto fail;
	}
	s->n = o;
	sqlite3_finalize(st);
	return;
fail:
	sync_cache_failed(r, CACHE_ERR, xasprintf("cache %s: looking up "
	    "cached records: %s", cache_filename(r->c),
	    sqlite3_errmsg(cache_db(r->c))));
	sqlite3_finalize(st);
}

/*
 * The fallback list has no sideloads: the users and organizations its
 * tickets name that are not cached, by show_many, 100 at a time.
 */
static void
zd_lookups(struct sync_run *r, struct id_set *users, struct id_set *orgs)
{
	struct zendesk_user_page up;
	struct zendesk_organization_page op;
	enum http_result res;
	bool changed = false, asked = false, go = true;
	size_t i, n;
	char *msg = NULL;
	int rc;

	ids_unique(users);
	ids_unique(orgs);
	zd_drop_cached(r, users, "SELECT 1 FROM users WHERE id = ?1");
	zd_drop_cached(r, orgs, "SELECT 1 FROM organizations WHERE id = ?1");
	for (i = 0; go && i < orgs->n; i += n) {
		n = orgs->n - i < ZENDESK_SHOW_MANY_MAX ? orgs->n - i : ZENDESK_SHOW_MANY_MAX;
		if (!sync_request(r))
			return;
		asked = true;
		res = zendesk_organizations_show_many(r->cl, orgs->v + i, n,
		    r->opt->billing_field, &op, &msg);
		if (res != HTTP_OK) {
			sync_failed(r, EP_LOOKUP, res, msg);
			return;
		}
		rc = cache_store_zendesk_organization_page(r->c, &op, NULL, NULL,
		    &r->rep->stats, &msg);
		if (rc != CACHE_OK)
			sync_cache_failed(r, rc, msg);
		else {
			changed = changed || op.norganizations > 0;
			go = sync_page_done(r, EP_LOOKUP, op.norganizations);
		}
		zendesk_organization_page_clear(&op);
	}
	for (i = 0; go && !r->halt && i < users->n; i += n) {
		n = users->n - i < ZENDESK_SHOW_MANY_MAX ? users->n - i : ZENDESK_SHOW_MANY_MAX;
		if (!sync_request(r))
			return;
		asked = true;
		res = zendesk_users_show_many(r->cl, users->v + i, n, &up, &msg);
		if (res != HTTP_OK) {
			sync_failed(r, EP_LOOKUP, res, msg);
			return;
		}
		rc = cache_store_zendesk_user_page(r->c, &up, NULL, NULL,
		    &r->rep->stats, &msg);
		if (rc != CACHE_OK)
			sync_cache_failed(r, rc, msg);
		else {
			changed = changed || up.nusers > 0;
			go = sync_page_done(r, EP_LOOKUP, up.nusers);
		}
		zendesk_user_page_clear(&up);
	}
	if (asked && !r->halt)
		sync_succeeded(r, EP_LOOKUP, changed);
}

/* ---- reference lists ----------------------------------------------------- */

enum zd_list_kind {
	ZD_GROUPS,
	ZD_ORGS,
	ZD_MACROS,
	ZD_STAFF,
};

union zd_any_page {
	struct zendesk_group_page	 g;
	struct zendesk_organization_page o;
	struct zendesk_macro_page	 m;
	struct zendesk_user_page	 u;
};

/* Fetches one page of kind after after into *p; *pg is its pagination. */
static enum http_result
zd_list_fetch(struct sync_run *r, enum zd_list_kind kind, const char *after,
    union zd_any_page *p, const struct zendesk_page **pg, size_t *n,
    char **msg)
{
	enum http_result res = HTTP_ERROR;

	switch (kind) {
	case ZD_GROUPS:
		res = zendesk_groups_page(r->cl, after, ZENDESK_PAGE_MAX, &p->g,
		    msg);
		*pg = &p->g.page;
		*n = p->g.ngroups;
		break;
	case ZD_ORGS:
		res = zendesk_organizations_page(r->cl, after, ZENDESK_PAGE_MAX,
		    r->opt->billing_field, &p->o, msg);
		*pg = &p->o.page;
		*n = p->o.norganizations;
		break;
	case ZD_MACROS:
		res = zendesk_macros_page(r->cl, after, ZENDESK_PAGE_MAX, &p->m,
		    msg);
		*pg = &p->m.page;
		*n = p->m.nmacros;
		break;
	case ZD_STAFF:
		/* Agents and admins only: the assignee pickers' people. */
		res = zendesk_staff_page(r->cl, after, ZENDESK_PAGE_MAX, &p->u,
		    msg);
		*pg = &p->u.page;
		*n = p->u.nusers;
		break;
	}
	return res;
}

static int
zd_list_store(struct sync_run *r, enum zd_list_kind kind,
    const union zd_any_page *p, char **msg)
{
	struct cache_store_stats *s = &r->rep->stats;

	switch (kind) {
	case ZD_GROUPS:
		return cache_store_zendesk_group_page(r->c, &p->g, NULL, NULL, s,
		    msg);
	case ZD_ORGS:
		return cache_store_zendesk_organization_page(r->c, &p->o, NULL,
		    NULL, s, msg);
	case ZD_MACROS:
		return cache_store_zendesk_macro_page(r->c, &p->m, NULL, NULL, s,
		    msg);
	case ZD_STAFF:
		return cache_store_zendesk_user_page(r->c, &p->u, NULL, NULL, s,
		    msg);
	}
	return CACHE_ERR;
}

static void
zd_list_clear(enum zd_list_kind kind, union zd_any_page *p)
{
	switch (kind) {
	case ZD_GROUPS:
		zendesk_group_page_clear(&p->g);
		break;
	case ZD_ORGS:
		zendesk_organization_page_clear(&p->o);
		break;
	case ZD_MACROS:
		zendesk_macro_page_clear(&p->m);
		break;
	case ZD_STAFF:
		zendesk_user_page_clear(&p->u);
		break;
	}
}

/*
 * Walks a whole reference list, each page stored on its own (no cursor
 * kept: a refresh starts from the first page).
 */
static void
zd_list_walk(struct sync_run *r, enum zd_list_kind kind, const char *endpoint)
{
	union zd_any_page p;
	const struct zendesk_page *pg = NULL;
	enum http_result res;
	size_t n = 0, before = sync_changed(&r->rep->stats);
	char *after = NULL, *msg = NULL;
	int pages, rc;
	bool go = true, last = false;

	for (pages = 0; go && !last && pages < ZD_LIST_MAX_PAGES; pages++) {
		if (!sync_request(r))
			break;
		memset(&p, 0, sizeof p);
		res = zd_list_fetch(r, kind, after, &p, &pg, &n, &msg);
		if (res != HTTP_OK) {
			sync_failed(r, endpoint, res, msg);
			free(after);
			return;
		}
		if ((rc = zd_list_store(r, kind, &p, &msg)) != CACHE_OK) {
			sync_cache_failed(r, rc, msg);
			go = false;
		} else
			go = sync_page_done(r, endpoint, n);
		last = !pg->has_more || pg->after_cursor == NULL;
		free(after);
		after = !last ? xstrdup(pg->after_cursor) : NULL;
		zd_list_clear(kind, &p);
	}
	free(after);
	if (go && !r->halt)
		sync_succeeded(r, endpoint,
		    sync_changed(&r->rep->stats) > before);
}

/* ---- comments ------------------------------------------------------------ */

/*
 * The ticket's version as a comments/<id> cursor: generated_timestamp
 * (moves with every change), else updated_at. *version NULL: not cached.
 */
static void
zd_ticket_version(struct sync_run *r, int64_t id, char **version)
{
	sqlite3_stmt *st = NULL;
	int step;

	*version = NULL;
	if (sqlite3_prepare_v2(cache_db(r->c), "SELECT CAST(max(ifnull("
	    "generated_timestamp, 0), ifnull(updated_at, 0)) AS TEXT) "
	    "FROM tickets WHERE id = ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)id) != SQLITE_OK)
		goto fail;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*version = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (step != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return;
fail:
	sync_cache_failed(r, CACHE_ERR, xasprintf("cache %s: reading ticket "
	    "%" PRId64 ": %s", cache_filename(r->c), id,
	    sqlite3_errmsg(cache_db(r->c))));
	sqlite3_finalize(st);
}

/*
 * Every comment page of ticket id; the last one is stored with the
 * comments/<id> cursor set to version. A 404 (the ticket is gone) marks
 * the version fetched too, so it is not asked for again until it
 * changes. *changed is set when rows changed.
 */
static void
zd_ticket_comments(struct sync_run *r, int64_t id, const char *version,
    bool *changed)
{
	struct zendesk_comment_page p;
	struct cache_sync_state next;
	struct http_last last;
	enum http_result res;
	char ep[ZD_ENDPOINT_MAX], *after = NULL, *msg = NULL;
	size_t before = sync_changed(&r->rep->stats);
	int pages, rc;
	bool end = false, go = true;

	snprintf(ep, sizeof ep, "comments/%" PRId64, id);
	for (pages = 0; go && !end && pages < ZD_COMMENT_MAX_PAGES; pages++) {
		if (!sync_request(r))
			break;
		res = zendesk_comments_page(r->cl, id, after, ZENDESK_PAGE_MAX,
		    &p, &msg);
		if (res != HTTP_OK) {
			http_client_last(r->cl, &last);
			if (res == HTTP_CLIENT_ERROR && last.status == 404)
				sync_set_cursor(r, ep, version);
			sync_failed(r, EP_COMMENTS, res, msg);
			break;
		}
		end = !p.page.has_more || p.page.after_cursor == NULL ||
		    pages + 1 == ZD_COMMENT_MAX_PAGES;
		memset(&next, 0, sizeof next);
		go = !end || sync_next_state(r, ep, version, &next) == 0;
		if (go && (rc = cache_store_zendesk_comment_page(r->c, id, &p,
		    end ? ep : NULL, end ? &next : NULL, &r->rep->stats,
		    &msg)) != CACHE_OK) {
			sync_cache_failed(r, rc, msg);
			go = false;
		}
		cache_sync_state_free(&next);
		if (go)
			go = sync_page_done(r, EP_COMMENTS, p.ncomments);
		free(after);
		after = !end ? xstrdup(p.page.after_cursor) : NULL;
		zendesk_comment_page_clear(&p);
	}
	free(after);
	if (sync_changed(&r->rep->stats) > before)
		*changed = true;
}

/* A ticket whose comments are stale, and its version. */
struct zd_stale {
	int64_t		 id;
	char		*version;
};

/*
 * Up to limit of the ZD_AHEAD_WINDOW most recently updated tickets whose
 * comments were not fetched at their current version, newest first.
 */
static size_t
zd_stale_tickets(struct sync_run *r, int limit, struct zd_stale **out)
{
	sqlite3_stmt *st = NULL;
	struct zd_stale *v;
	size_t n = 0;
	int step;

	*out = v = xcalloc((size_t)limit, sizeof *v);
	if (sqlite3_prepare_v2(cache_db(r->c),
	    "SELECT t.id, t.v FROM (SELECT id, updated_at, "
	    "CAST(max(ifnull(generated_timestamp, 0), ifnull(updated_at, 0)) "
	    "AS TEXT) AS v FROM tickets WHERE deleted = 0 "
	    "ORDER BY updated_at DESC, id DESC LIMIT ?1) AS t "
	    "LEFT JOIN sync_state AS s ON s.backend = 'zendesk' "
	    "AND s.endpoint = 'comments/' || t.id "
	    "WHERE s.cursor IS NULL OR s.cursor <> t.v "
	    "ORDER BY t.updated_at DESC, t.id DESC LIMIT ?2", -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int(st, 1, ZD_AHEAD_WINDOW) != SQLITE_OK ||
	    sqlite3_bind_int(st, 2, limit) != SQLITE_OK)
		goto fail;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) {
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].version = xstrdup((const char *)sqlite3_column_text(st, 1));
		n++;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return n;
fail:
	sync_cache_failed(r, CACHE_ERR, xasprintf("cache %s: finding tickets "
	    "with stale comments: %s", cache_filename(r->c),
	    sqlite3_errmsg(cache_db(r->c))));
	sqlite3_finalize(st);
	return n;
}

static void
zd_comments_ahead(struct sync_run *r)
{
	struct zd_stale *v = NULL;
	size_t i, n;
	bool changed = false;
	int limit = r->opt->comments_ahead;

	if (limit < 0)
		return;
	if (limit == 0)
		limit = SYNC_COMMENTS_AHEAD;
	n = zd_stale_tickets(r, limit, &v);
	for (i = 0; i < n && !r->halt; i++)
		zd_ticket_comments(r, v[i].id, v[i].version, &changed);
	if (n > 0 && !r->halt && r->rc == SYNC_OK)
		sync_succeeded(r, EP_COMMENTS, changed);
	for (i = 0; i < n; i++)
		free(v[i].version);
	free(v);
}

/* ---- the round ----------------------------------------------------------- */

int
sync_zendesk_round(struct cache *c, struct http_client *cl,
    const struct sync_options *opt, struct sync_report *rep, char **cause)
{
	struct sync_run r;
	struct id_set users = { 0 }, orgs = { 0 };
	enum zd_tickets t = ZD_TICKETS_BEHIND;
	char *mode = NULL;
	bool list;

	sync_run_init(&r, SYNC_ZENDESK, c, cl, opt, rep, cause);
	if (sync_breaker_open(&r))
		return r.rc;
	if (sync_cursor_due(&r, EP_ME))
		zd_me(&r);
	if (r.halt || sync_get_cursor(&r, EP_MODE, &mode) != 0)
		goto out;
	list = mode != NULL && strcmp(mode, MODE_LIST) == 0;
	if (!list && (t = zd_export(&r)) == ZD_TICKETS_FALLBACK) {
		/*
		 * 403 on the export: the token is an agent's. Remember it,
		 * so later rounds go straight to the list.
		 */
		sync_set_cursor(&r, EP_MODE, MODE_LIST);
		list = true;
	}
	if (list && !r.halt)
		t = zd_list(&r, &users, &orgs);
	if (!r.halt && sync_list_due(&r, EP_GROUPS)) {
		zd_list_walk(&r, ZD_GROUPS, EP_GROUPS);
		if (!r.halt)
			zd_list_walk(&r, ZD_ORGS, EP_ORGS);
		if (!r.halt)
			zd_list_walk(&r, ZD_MACROS, EP_MACROS);
		if (!r.halt)
			zd_list_walk(&r, ZD_STAFF, EP_STAFF);
	}
	if (list && !r.halt)
		zd_lookups(&r, &users, &orgs);
	if (t == ZD_TICKETS_CAUGHT_UP && !r.halt)
		zd_comments_ahead(&r);
out:
	free(mode);
	ids_free(&users);
	ids_free(&orgs);
	return r.rc;
}

int
sync_zendesk_comments(struct cache *c, struct http_client *cl,
    int64_t ticket_id, const struct sync_options *opt,
    struct sync_report *rep, char **cause)
{
	struct sync_run r;
	struct ticket t;
	enum http_result res;
	char *version = NULL, *msg = NULL;
	bool changed = false;
	int rc;

	sync_run_init(&r, SYNC_ZENDESK, c, cl, opt, rep, cause);
	if (sync_breaker_open(&r))
		return r.rc;
	zd_ticket_version(&r, ticket_id, &version);
	if (version == NULL && !r.halt && sync_request(&r)) {
		/* Not cached (a link from a payment): the ticket first. */
		if ((res = zendesk_ticket_get(cl, ticket_id, &t, &msg)) !=
		    HTTP_OK)
			sync_failed(&r, EP_COMMENTS, res, msg);
		else {
			if ((rc = cache_store_ticket(c, &t, &rep->stats, &msg)) !=
			    CACHE_OK)
				sync_cache_failed(&r, rc, msg);
			ticket_clear(&t);
			zd_ticket_version(&r, ticket_id, &version);
		}
	}
	if (version != NULL && !r.halt)
		zd_ticket_comments(&r, ticket_id, version, &changed);
	if (!r.halt && r.rc == SYNC_OK)
		sync_succeeded(&r, EP_COMMENTS, changed);
	free(version);
	return r.rc;
}
