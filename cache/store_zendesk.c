/*
 * Storing Zendesk pages: tickets (from the incremental export or the
 * agents' ticket list), comments, users, groups, organizations, macros.
 */
#include "cache/store_int.h"

#include <stdlib.h>
#include <string.h>

/* The statements of one page, prepared on first use. */
struct zd_stmts {
	sqlite3_stmt	*ticket_prior, *ticket_up, *ticket_del;
	sqlite3_stmt	*user_prior, *user_up;
	sqlite3_stmt	*group_prior, *group_up;
	sqlite3_stmt	*org_prior, *org_up;
	sqlite3_stmt	*macro_prior, *macro_up;
	sqlite3_stmt	*comment_prior, *comment_up, *ticket_exists;
};

static void
zd_stmts_free(struct zd_stmts *s)
{
	sqlite3_stmt **all[] = {
		&s->ticket_prior, &s->ticket_up, &s->ticket_del,
		&s->user_prior, &s->user_up, &s->group_prior, &s->group_up,
		&s->org_prior, &s->org_up, &s->macro_prior, &s->macro_up,
		&s->comment_prior, &s->comment_up, &s->ticket_exists,
	};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

/*
 * updated_at is stored as 0 rather than NULL when a ticket has none, so
 * that keyset windows on (updated_at, id) never meet a NULL.
 */
static const char ticket_prior_sql[] =
    "SELECT json, updated_at, generated_timestamp FROM tickets WHERE id = ?1";
static const char ticket_up_sql[] =
    "INSERT INTO tickets (id, subject, status, priority, type, requester_id, "
    "assignee_id, group_id, organization_id, tags, created_at, updated_at, "
    "updated_stamp, due_at, generated_timestamp, json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16) "
    "ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, "
    "status = excluded.status, priority = excluded.priority, "
    "type = excluded.type, requester_id = excluded.requester_id, "
    "assignee_id = excluded.assignee_id, group_id = excluded.group_id, "
    "organization_id = excluded.organization_id, tags = excluded.tags, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, "
    "updated_stamp = excluded.updated_stamp, due_at = excluded.due_at, "
    "generated_timestamp = excluded.generated_timestamp, "
    "json = excluded.json "
    "WHERE tickets.json IS NOT excluded.json";

/*
 * Zendesk is said to list a deleted ticket in the export with status
 * "deleted" (unverified): such a ticket leaves the cache, with its
 * comments (ON DELETE CASCADE) and search entries (triggers).
 */
static bool
ticket_is_deleted(const struct ticket *t)
{
	return t->status != NULL && strcmp(t->status, "deleted") == 0;
}

static int
ticket_delete(struct cache *c, struct zd_stmts *s, int64_t id,
    struct cache_store_stats *stats, char **cause)
{
	int rc;

	if ((rc = cache_store_stmt(c, &s->ticket_del,
	    "DELETE FROM tickets WHERE id = ?1", cause)) != CACHE_OK)
		return rc;
	if (sqlite3_bind_int64(s->ticket_del, 1, (sqlite3_int64)id) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "deleting a ticket");
	if ((rc = cache_store_step(c, s->ticket_del, "deleting a ticket",
	    cause)) != CACHE_OK)
		return rc;
	if (sqlite3_changes(cache_db(c)) > 0)
		stats->deleted++;
	else
		stats->unchanged++;
	return CACHE_OK;
}

static int
ticket_row(struct cache *c, struct zd_stmts *s, const struct ticket *t,
    struct cache_store_stats *stats, char **cause)
{
	sqlite3_stmt *st;
	enum store_outcome what = STORE_UNCHANGED;
	char *json = NULL, *tags = NULL;
	int rc;

	if (ticket_is_deleted(t))
		return ticket_delete(c, s, t->id, stats, cause);
	json = cache_store_json_ticket(t);
	if ((rc = cache_store_decide(c, &s->ticket_prior, ticket_prior_sql, t->id,
	    NULL, json, t->updated_at.secs, t->generated_timestamp, &what,
	    cause)) != CACHE_OK || what == STORE_UNCHANGED)
		goto out;
	if ((rc = cache_store_stmt(c, &s->ticket_up, ticket_up_sql, cause)) != CACHE_OK)
		goto out;
	st = s->ticket_up;
	tags = cache_store_join(&t->tags);
	if (sqlite3_bind_int64(st, 1, (sqlite3_int64)t->id) != SQLITE_OK ||
	    cache_store_bind_text(st, 2, t->subject) != SQLITE_OK ||
	    cache_store_bind_text(st, 3, t->status) != SQLITE_OK ||
	    cache_store_bind_text(st, 4, t->priority) != SQLITE_OK ||
	    cache_store_bind_text(st, 5, t->type) != SQLITE_OK ||
	    cache_store_bind_id(st, 6, t->requester_id) != SQLITE_OK ||
	    cache_store_bind_id(st, 7, t->assignee_id) != SQLITE_OK ||
	    cache_store_bind_id(st, 8, t->group_id) != SQLITE_OK ||
	    cache_store_bind_id(st, 9, t->organization_id) != SQLITE_OK ||
	    cache_store_bind_text(st, 10, tags) != SQLITE_OK ||
	    cache_store_bind_time(st, 11, &t->created_at) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 12, (sqlite3_int64)t->updated_at.secs) != SQLITE_OK ||
	    cache_store_bind_text(st, 13, t->updated_at.text) != SQLITE_OK ||
	    cache_store_bind_time(st, 14, &t->due_at) != SQLITE_OK ||
	    cache_store_bind_id(st, 15, t->generated_timestamp) != SQLITE_OK ||
	    cache_store_bind_text(st, 16, json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "storing a ticket");
		goto out;
	}
	if ((rc = cache_store_step(c, st, "storing a ticket", cause)) != CACHE_OK)
		goto out;
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(tags);
	free(json);
	return rc;
}

static const char user_prior_sql[] =
    "SELECT json, updated_at, NULL FROM users WHERE id = ?1";
static const char user_up_sql[] =
    "INSERT INTO users (id, name, email, role, organization_id, updated_at, "
    "json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "email = excluded.email, role = excluded.role, "
    "organization_id = excluded.organization_id, "
    "updated_at = excluded.updated_at, json = excluded.json "
    "WHERE users.json IS NOT excluded.json";

static int
user_row(struct cache *c, struct zd_stmts *s, const struct user *u,
    struct cache_store_stats *stats, char **cause)
{
	enum store_outcome what = STORE_UNCHANGED;
	char *json = cache_store_json_user(u);
	int rc;

	if ((rc = cache_store_decide(c, &s->user_prior, user_prior_sql, u->id,
	    NULL, json, u->updated_at.secs, 0, &what, cause)) != CACHE_OK ||
	    what == STORE_UNCHANGED)
		goto out;
	if ((rc = cache_store_stmt(c, &s->user_up, user_up_sql, cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(s->user_up, 1, (sqlite3_int64)u->id) != SQLITE_OK ||
	    cache_store_bind_text(s->user_up, 2, u->name) != SQLITE_OK ||
	    cache_store_bind_text(s->user_up, 3, u->email) != SQLITE_OK ||
	    cache_store_bind_text(s->user_up, 4, u->role) != SQLITE_OK ||
	    cache_store_bind_id(s->user_up, 5, u->organization_id) != SQLITE_OK ||
	    cache_store_bind_time(s->user_up, 6, &u->updated_at) != SQLITE_OK ||
	    cache_store_bind_text(s->user_up, 7, json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "storing a user");
		goto out;
	}
	rc = cache_store_step(c, s->user_up, "storing a user", cause);
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(json);
	return rc;
}

static const char group_prior_sql[] =
    "SELECT json, NULL, NULL FROM groups WHERE id = ?1";
static const char group_up_sql[] =
    "INSERT INTO groups (id, name, deleted, json) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "deleted = excluded.deleted, json = excluded.json "
    "WHERE groups.json IS NOT excluded.json";

static int
group_row(struct cache *c, struct zd_stmts *s, const struct group *g,
    struct cache_store_stats *stats, char **cause)
{
	enum store_outcome what = STORE_UNCHANGED;
	char *json = cache_store_json_group(g);
	int rc;

	if ((rc = cache_store_decide(c, &s->group_prior, group_prior_sql, g->id,
	    NULL, json, g->updated_at.secs, 0, &what, cause)) != CACHE_OK ||
	    what == STORE_UNCHANGED)
		goto out;
	if ((rc = cache_store_stmt(c, &s->group_up, group_up_sql, cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(s->group_up, 1, (sqlite3_int64)g->id) != SQLITE_OK ||
	    cache_store_bind_text(s->group_up, 2, g->name) != SQLITE_OK ||
	    sqlite3_bind_int(s->group_up, 3, g->deleted != 0) != SQLITE_OK ||
	    cache_store_bind_text(s->group_up, 4, json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "storing a group");
		goto out;
	}
	rc = cache_store_step(c, s->group_up, "storing a group", cause);
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(json);
	return rc;
}

static const char org_prior_sql[] =
    "SELECT json, updated_at, NULL FROM organizations WHERE id = ?1";
static const char org_up_sql[] =
    "INSERT INTO organizations (id, name, billing_standing, updated_at, json) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "billing_standing = excluded.billing_standing, "
    "updated_at = excluded.updated_at, json = excluded.json "
    "WHERE organizations.json IS NOT excluded.json";

static int
org_row(struct cache *c, struct zd_stmts *s, const struct organization *o,
    struct cache_store_stats *stats, char **cause)
{
	enum store_outcome what = STORE_UNCHANGED;
	char *json = cache_store_json_organization(o);
	int rc;

	if ((rc = cache_store_decide(c, &s->org_prior, org_prior_sql, o->id,
	    NULL, json, o->updated_at.secs, 0, &what, cause)) != CACHE_OK ||
	    what == STORE_UNCHANGED)
		goto out;
	if ((rc = cache_store_stmt(c, &s->org_up, org_up_sql, cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(s->org_up, 1, (sqlite3_int64)o->id) != SQLITE_OK ||
	    cache_store_bind_text(s->org_up, 2, o->name) != SQLITE_OK ||
	    cache_store_bind_text(s->org_up, 3, o->billing_standing) != SQLITE_OK ||
	    cache_store_bind_time(s->org_up, 4, &o->updated_at) != SQLITE_OK ||
	    cache_store_bind_text(s->org_up, 5, json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "storing an organization");
		goto out;
	}
	rc = cache_store_step(c, s->org_up, "storing an organization", cause);
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(json);
	return rc;
}

static const char macro_prior_sql[] =
    "SELECT json, updated_at, NULL FROM macros WHERE id = ?1";
static const char macro_up_sql[] =
    "INSERT INTO macros (id, title, active, updated_at, json) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
    "active = excluded.active, updated_at = excluded.updated_at, "
    "json = excluded.json WHERE macros.json IS NOT excluded.json";

static int
macro_row(struct cache *c, struct zd_stmts *s, const struct macro *m,
    struct cache_store_stats *stats, char **cause)
{
	enum store_outcome what = STORE_UNCHANGED;
	char *json = cache_store_json_macro(m);
	int rc;

	if ((rc = cache_store_decide(c, &s->macro_prior, macro_prior_sql, m->id,
	    NULL, json, m->updated_at.secs, 0, &what, cause)) != CACHE_OK ||
	    what == STORE_UNCHANGED)
		goto out;
	if ((rc = cache_store_stmt(c, &s->macro_up, macro_up_sql, cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(s->macro_up, 1, (sqlite3_int64)m->id) != SQLITE_OK ||
	    cache_store_bind_text(s->macro_up, 2, m->title) != SQLITE_OK ||
	    sqlite3_bind_int(s->macro_up, 3, m->active != 0) != SQLITE_OK ||
	    cache_store_bind_time(s->macro_up, 4, &m->updated_at) != SQLITE_OK ||
	    cache_store_bind_text(s->macro_up, 5, json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "storing a macro");
		goto out;
	}
	rc = cache_store_step(c, s->macro_up, "storing a macro", cause);
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(json);
	return rc;
}

static const char comment_prior_sql[] =
    "SELECT json, NULL, NULL FROM comments WHERE id = ?1";
static const char comment_up_sql[] =
    "INSERT INTO comments (id, ticket_id, author_id, body, public, created_at, "
    "json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, "
    "author_id = excluded.author_id, body = excluded.body, "
    "public = excluded.public, created_at = excluded.created_at, "
    "json = excluded.json WHERE comments.json IS NOT excluded.json";

/* cm->ticket_id is replaced by ticket_id (the page's ticket). */
static int
comment_row(struct cache *c, struct zd_stmts *s, int64_t ticket_id,
    const struct comment *cm, struct cache_store_stats *stats, char **cause)
{
	struct comment copy = *cm;
	enum store_outcome what = STORE_UNCHANGED;
	char *json;
	int rc;

	copy.ticket_id = ticket_id;
	json = cache_store_json_comment(&copy);
	if ((rc = cache_store_decide(c, &s->comment_prior, comment_prior_sql,
	    cm->id, NULL, json, 0, 0, &what, cause)) != CACHE_OK ||
	    what == STORE_UNCHANGED)
		goto out;
	if ((rc = cache_store_stmt(c, &s->comment_up, comment_up_sql,
	    cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(s->comment_up, 1, (sqlite3_int64)cm->id) != SQLITE_OK ||
	    sqlite3_bind_int64(s->comment_up, 2,
	    (sqlite3_int64)ticket_id) != SQLITE_OK ||
	    cache_store_bind_id(s->comment_up, 3, cm->author_id) != SQLITE_OK ||
	    cache_store_bind_text(s->comment_up, 4, cm->body) != SQLITE_OK ||
	    sqlite3_bind_int(s->comment_up, 5, cm->public != 0) != SQLITE_OK ||
	    cache_store_bind_time(s->comment_up, 6, &cm->created_at) != SQLITE_OK ||
	    cache_store_bind_text(s->comment_up, 7, json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "storing a comment");
		goto out;
	}
	rc = cache_store_step(c, s->comment_up, "storing a comment", cause);
out:
	if (rc == CACHE_OK)
		cache_store_count(stats, what);
	free(json);
	return rc;
}

/* Page bodies, run inside cache_store_page's transaction. */

static int
export_page(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct zendesk_export_page *p = arg;
	struct zd_stmts s = { 0 };
	size_t i;
	int rc = CACHE_OK;

	/* Who and where first: a ticket row never points at nothing new. */
	for (i = 0; rc == CACHE_OK && i < p->norganizations; i++)
		rc = org_row(c, &s, &p->organizations[i], stats, cause);
	for (i = 0; rc == CACHE_OK && i < p->ngroups; i++)
		rc = group_row(c, &s, &p->groups[i], stats, cause);
	for (i = 0; rc == CACHE_OK && i < p->nusers; i++)
		rc = user_row(c, &s, &p->users[i], stats, cause);
	for (i = 0; rc == CACHE_OK && i < p->ntickets; i++)
		rc = ticket_row(c, &s, &p->tickets[i], stats, cause);
	zd_stmts_free(&s);
	return rc;
}

int
cache_store_zendesk_export_page(struct cache *c,
    const struct zendesk_export_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	return cache_store_page(c, "zendesk", endpoint, next, export_page, page,
	    stats, cause);
}

/* A list of n tickets (a ticket page, or one ticket). */
struct ticket_list {
	const struct ticket	*tickets;
	size_t			 n;
};

static int
ticket_list(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct ticket_list *l = arg;
	struct zd_stmts s = { 0 };
	size_t i;
	int rc = CACHE_OK;

	for (i = 0; rc == CACHE_OK && i < l->n; i++)
		rc = ticket_row(c, &s, &l->tickets[i], stats, cause);
	zd_stmts_free(&s);
	return rc;
}

int
cache_store_zendesk_ticket_page(struct cache *c,
    const struct zendesk_ticket_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	struct ticket_list l = { page->tickets, page->ntickets };

	return cache_store_page(c, "zendesk", endpoint, next, ticket_list, &l,
	    stats, cause);
}

int
cache_store_ticket(struct cache *c, const struct ticket *t,
    struct cache_store_stats *stats, char **cause)
{
	struct ticket_list l = { t, 1 };

	return cache_store_page(c, "zendesk", NULL, NULL, ticket_list, &l, stats,
	    cause);
}

struct comment_list {
	int64_t				 ticket_id;
	const struct zendesk_comment_page *page;
};

static int
comment_list(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct comment_list *l = arg;
	struct zd_stmts s = { 0 };
	size_t i;
	int rc, step;

	if ((rc = cache_store_stmt(c, &s.ticket_exists,
	    "SELECT 1 FROM tickets WHERE id = ?1", cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(s.ticket_exists, 1,
	    (sqlite3_int64)l->ticket_id) != SQLITE_OK ||
	    ((step = sqlite3_step(s.ticket_exists)) != SQLITE_ROW &&
	    step != SQLITE_DONE)) {
		rc = cache_sqlite_error(c, cause, "looking up a ticket");
		goto out;
	}
	if (step == SQLITE_DONE) {
		xcause(cause, "cache %s: ticket %lld is not cached; its comments "
		    "were not stored", cache_filename(c), (long long)l->ticket_id);
		rc = CACHE_ERR;
		goto out;
	}
	for (i = 0; rc == CACHE_OK && i < l->page->ncomments; i++)
		rc = comment_row(c, &s, l->ticket_id, &l->page->comments[i],
		    stats, cause);
out:
	zd_stmts_free(&s);
	return rc;
}

int
cache_store_zendesk_comment_page(struct cache *c, int64_t ticket_id,
    const struct zendesk_comment_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	struct comment_list l = { ticket_id, page };

	return cache_store_page(c, "zendesk", endpoint, next, comment_list, &l,
	    stats, cause);
}

/*
 * Users, groups, organizations and macros: a list of n records of one
 * kind, stored by the row function for that kind.
 */
struct record_list {
	const void	*items;
	size_t		 n;
	int		(*row)(struct cache *, struct zd_stmts *, const void *,
			    struct cache_store_stats *, char **);
	size_t		 size;		/* of one item */
};

static int
record_list(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct record_list *l = arg;
	struct zd_stmts s = { 0 };
	size_t i;
	int rc = CACHE_OK;

	for (i = 0; rc == CACHE_OK && i < l->n; i++)
		rc = l->row(c, &s, (const char *)l->items + i * l->size, stats,
		    cause);
	zd_stmts_free(&s);
	return rc;
}

static int
user_item(struct cache *c, struct zd_stmts *s, const void *item,
    struct cache_store_stats *stats, char **cause)
{
	return user_row(c, s, item, stats, cause);
}

static int
group_item(struct cache *c, struct zd_stmts *s, const void *item,
    struct cache_store_stats *stats, char **cause)
{
	return group_row(c, s, item, stats, cause);
}

static int
org_item(struct cache *c, struct zd_stmts *s, const void *item,
    struct cache_store_stats *stats, char **cause)
{
	return org_row(c, s, item, stats, cause);
}

static int
macro_item(struct cache *c, struct zd_stmts *s, const void *item,
    struct cache_store_stats *stats, char **cause)
{
	return macro_row(c, s, item, stats, cause);
}

int
cache_store_zendesk_user_page(struct cache *c,
    const struct zendesk_user_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	struct record_list l = { page->users, page->nusers, user_item,
	    sizeof *page->users };

	return cache_store_page(c, "zendesk", endpoint, next, record_list, &l,
	    stats, cause);
}

int
cache_store_user(struct cache *c, const struct user *u,
    struct cache_store_stats *stats, char **cause)
{
	struct record_list l = { u, 1, user_item, sizeof *u };

	return cache_store_page(c, "zendesk", NULL, NULL, record_list, &l, stats,
	    cause);
}

int
cache_store_zendesk_group_page(struct cache *c,
    const struct zendesk_group_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	struct record_list l = { page->groups, page->ngroups, group_item,
	    sizeof *page->groups };

	return cache_store_page(c, "zendesk", endpoint, next, record_list, &l,
	    stats, cause);
}

int
cache_store_zendesk_organization_page(struct cache *c,
    const struct zendesk_organization_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	struct record_list l = { page->organizations, page->norganizations,
	    org_item, sizeof *page->organizations };

	return cache_store_page(c, "zendesk", endpoint, next, record_list, &l,
	    stats, cause);
}

int
cache_store_organization(struct cache *c, const struct organization *o,
    struct cache_store_stats *stats, char **cause)
{
	struct record_list l = { o, 1, org_item, sizeof *o };

	return cache_store_page(c, "zendesk", NULL, NULL, record_list, &l, stats,
	    cause);
}

int
cache_store_zendesk_macro_page(struct cache *c,
    const struct zendesk_macro_page *page, const char *endpoint,
    const struct cache_sync_state *next, struct cache_store_stats *stats,
    char **cause)
{
	struct record_list l = { page->macros, page->nmacros, macro_item,
	    sizeof *page->macros };

	return cache_store_page(c, "zendesk", endpoint, next, record_list, &l,
	    stats, cause);
}
