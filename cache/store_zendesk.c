/*
 * Storing Zendesk pages: tickets (from the incremental export or the
 * agents' ticket list), comments, users, groups, organizations, macros.
 */
#include "cache/store_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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
ticket_delete(struct cache *c, sqlite3_stmt **more, const void *rec,
    struct cache_store_stats *stats, char **cause)
{
	const struct ticket *t = rec;
	int rc;

	if (!ticket_is_deleted(t))
		return CACHE_OK;
	if ((rc = cache_store_stmt(c, &more[0],
	    "DELETE FROM tickets WHERE id = ?1", cause)) != CACHE_OK)
		return rc;
	if (sqlite3_bind_int64(more[0], 1, (sqlite3_int64)t->id) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "deleting a ticket");
	if ((rc = cache_store_step(c, more[0], "deleting a ticket",
	    cause)) != CACHE_OK)
		return rc;
	if (sqlite3_changes(cache_db(c)) > 0)
		stats->deleted++;
	else
		stats->unchanged++;
	return STORE_DONE;
}

/* A column of a row: struct st's member m, column k (fields.h). */
#define COL(st, m, k, t, fl)	FIELD_AT(st, m, k, FIELD_##t, fl)
#define NCOLS(a)		(sizeof (a) / sizeof (a)[0])

static const struct field ticket_cols[] = {
	COL(ticket, id, "id", INT64, 0),
	COL(ticket, subject, "subject", STRING, 0),
	COL(ticket, status, "status", STRING, 0),
	COL(ticket, priority, "priority", STRING, 0),
	COL(ticket, type, "type", STRING, 0),
	COL(ticket, requester_id, "requester_id", ID, 0),
	COL(ticket, assignee_id, "assignee_id", ID, 0),
	COL(ticket, group_id, "group_id", ID, 0),
	COL(ticket, organization_id, "organization_id", ID, 0),
	COL(ticket, tags, "tags", STRINGS, 0),
	COL(ticket, created_at, "created_at", TIME, 0),
	COL(ticket, updated_at, "updated_at", TIME, STORE_SECS),
	COL(ticket, updated_at, "updated_stamp", TIME, STORE_TEXT),
	COL(ticket, due_at, "due_at", TIME, 0),
	COL(ticket, generated_timestamp, "generated_timestamp", INT64,
	    FIELD_ZNULL),
};

static const struct store_row ticket_kind = {
	ticket_prior_sql, ticket_up_sql, ticket_cols, NCOLS(ticket_cols),
	offsetof(struct ticket, updated_at),
	offsetof(struct ticket, generated_timestamp), "storing a ticket", NULL,
	&record_ticket, NULL, NULL, ticket_delete, NULL
};

static const struct field user_cols[] = {
	COL(user, id, "id", INT64, 0),
	COL(user, name, "name", STRING, 0),
	COL(user, email, "email", STRING, 0),
	COL(user, role, "role", STRING, 0),
	COL(user, organization_id, "organization_id", ID, 0),
	COL(user, updated_at, "updated_at", TIME, 0),
};

static const struct store_row user_kind = {
	"SELECT json, updated_at, NULL FROM users WHERE id = ?1",
	"INSERT INTO users (id, name, email, role, organization_id, updated_at, "
	"json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"email = excluded.email, role = excluded.role, "
	"organization_id = excluded.organization_id, "
	"updated_at = excluded.updated_at, json = excluded.json "
	"WHERE users.json IS NOT excluded.json",
	user_cols, NCOLS(user_cols), offsetof(struct user, updated_at), -1,
	"storing a user", NULL, &record_user, NULL, NULL, NULL, NULL
};

static const struct field group_cols[] = {
	COL(group, id, "id", INT64, 0),
	COL(group, name, "name", STRING, 0),
	COL(group, deleted, "deleted", BOOL, 0),
};

static const struct store_row group_kind = {
	"SELECT json, NULL, NULL FROM groups WHERE id = ?1",
	"INSERT INTO groups (id, name, deleted, json) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"deleted = excluded.deleted, json = excluded.json "
	"WHERE groups.json IS NOT excluded.json",
	group_cols, NCOLS(group_cols), offsetof(struct group, updated_at), -1,
	"storing a group", NULL, &record_group, NULL, NULL, NULL, NULL
};

static const struct field org_cols[] = {
	COL(organization, id, "id", INT64, 0),
	COL(organization, name, "name", STRING, 0),
	COL(organization, billing_standing, "billing_standing", STRING, 0),
	COL(organization, updated_at, "updated_at", TIME, 0),
};

static const struct store_row org_kind = {
	"SELECT json, updated_at, NULL FROM organizations WHERE id = ?1",
	"INSERT INTO organizations (id, name, billing_standing, updated_at, "
	"json) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"billing_standing = excluded.billing_standing, "
	"updated_at = excluded.updated_at, json = excluded.json "
	"WHERE organizations.json IS NOT excluded.json",
	org_cols, NCOLS(org_cols), offsetof(struct organization, updated_at), -1,
	"storing an organization", NULL, &record_organization, NULL, NULL, NULL,
	NULL
};

static const struct field macro_cols[] = {
	COL(macro, id, "id", INT64, 0),
	COL(macro, title, "title", STRING, 0),
	COL(macro, active, "active", BOOL, 0),
	COL(macro, updated_at, "updated_at", TIME, 0),
};

static const struct store_row macro_kind = {
	"SELECT json, updated_at, NULL FROM macros WHERE id = ?1",
	"INSERT INTO macros (id, title, active, updated_at, json) "
	"VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
	"active = excluded.active, updated_at = excluded.updated_at, "
	"json = excluded.json WHERE macros.json IS NOT excluded.json",
	macro_cols, NCOLS(macro_cols), offsetof(struct macro, updated_at), -1,
	"storing a macro", NULL, &record_macro, NULL, NULL, NULL, NULL
};

static const struct field comment_cols[] = {
	COL(comment, id, "id", INT64, 0),
	COL(comment, ticket_id, "ticket_id", INT64, 0),
	COL(comment, author_id, "author_id", ID, 0),
	COL(comment, body, "body", STRING, 0),
	COL(comment, public, "public", BOOL, 0),
	COL(comment, created_at, "created_at", TIME, 0),
};

static const struct store_row comment_kind = {
	"SELECT json, NULL, NULL FROM comments WHERE id = ?1",
	"INSERT INTO comments (id, ticket_id, author_id, body, public, "
	"created_at, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, "
	"author_id = excluded.author_id, body = excluded.body, "
	"public = excluded.public, created_at = excluded.created_at, "
	"json = excluded.json WHERE comments.json IS NOT excluded.json",
	comment_cols, NCOLS(comment_cols), -1, -1, "storing a comment", NULL,
	&record_comment, NULL, NULL, NULL, NULL
};

/*
 * cm->ticket_id is replaced by ticket_id (the page's ticket); prior and
 * up are the page's statements.
 */
static int
comment_row(struct cache *c, sqlite3_stmt **prior, sqlite3_stmt **up,
    int64_t ticket_id, const struct comment *cm,
    struct cache_store_stats *stats, char **cause)
{
	struct comment copy = *cm;

	copy.ticket_id = ticket_id;
	return cache_store_row(c, &comment_kind, prior, up, &copy,
	    cache_store_json(&record_comment, &copy, NULL), stats, NULL, cause);
}

/* Page bodies, run inside cache_store_page's transaction. */

static int
export_page(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct zendesk_export_page *p = arg;
	/* Who and where first: a ticket row never points at nothing new. */
	const struct store_list part[] = {
		{ &org_kind, p->organizations, p->norganizations,
		    sizeof *p->organizations },
		{ &group_kind, p->groups, p->ngroups, sizeof *p->groups },
		{ &user_kind, p->users, p->nusers, sizeof *p->users },
		{ &ticket_kind, p->tickets, p->ntickets, sizeof *p->tickets },
	};
	size_t i;
	int rc = CACHE_OK;

	for (i = 0; rc == CACHE_OK && i < sizeof part / sizeof part[0]; i++)
		rc = cache_store_rows(c, &part[i], stats, cause);
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

STORE_PAGE_FN(cache_store_zendesk_ticket_page, "zendesk", zendesk_ticket_page,
    ticket_kind, tickets, ntickets)
STORE_ONE_FN(cache_store_ticket, "zendesk", ticket, ticket_kind)

struct comment_list {
	int64_t				 ticket_id;
	const struct zendesk_comment_page *page;
};

static int
comment_list(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	const struct comment_list *l = arg;
	sqlite3_stmt *prior = NULL, *up = NULL, *exists = NULL;
	sqlite3_stmt **all[] = { &prior, &up, &exists };
	size_t i;
	int rc, step;

	if ((rc = cache_store_stmt(c, &exists,
	    "SELECT 1 FROM tickets WHERE id = ?1", cause)) != CACHE_OK)
		goto out;
	if (sqlite3_bind_int64(exists, 1,
	    (sqlite3_int64)l->ticket_id) != SQLITE_OK ||
	    ((step = sqlite3_step(exists)) != SQLITE_ROW &&
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
		rc = comment_row(c, &prior, &up, l->ticket_id,
		    &l->page->comments[i], stats, cause);
out:
	cache_store_finalize(all, sizeof all / sizeof all[0]);
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

/* Users, groups, organizations and macros: the rows alone. */
STORE_PAGE_FN(cache_store_zendesk_user_page, "zendesk", zendesk_user_page,
    user_kind, users, nusers)
STORE_ONE_FN(cache_store_user, "zendesk", user, user_kind)
STORE_PAGE_FN(cache_store_zendesk_group_page, "zendesk", zendesk_group_page,
    group_kind, groups, ngroups)
STORE_PAGE_FN(cache_store_zendesk_organization_page, "zendesk",
    zendesk_organization_page, org_kind, organizations, norganizations)
STORE_ONE_FN(cache_store_organization, "zendesk", organization, org_kind)
STORE_PAGE_FN(cache_store_zendesk_macro_page, "zendesk", zendesk_macro_page,
    macro_kind, macros, nmacros)
