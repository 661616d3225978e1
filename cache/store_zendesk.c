/*
 * Storing Zendesk pages: tickets (from the incremental export or the
 * agents' ticket list), comments, users, groups, organizations, macros.
 */
#include "cache/store_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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

/* The ticket kind's before: a deleted ticket's row goes (STORE_DONE). */
int
cache_store_ticket_delete(struct cache *c, sqlite3_stmt **more, const void *rec,
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
	return cache_store_row(c, &store_kind_comment, prior, up, &copy,
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
		{ &store_kind_organization, p->organizations, p->norganizations,
		    sizeof *p->organizations },
		{ &store_kind_group, p->groups, p->ngroups, sizeof *p->groups },
		{ &store_kind_user, p->users, p->nusers, sizeof *p->users },
		{ &store_kind_ticket, p->tickets, p->ntickets,
		    sizeof *p->tickets },
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
    store_kind_ticket, tickets, ntickets)
STORE_ONE_FN(cache_store_ticket, "zendesk", ticket, store_kind_ticket)

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
    store_kind_user, users, nusers)
STORE_ONE_FN(cache_store_user, "zendesk", user, store_kind_user)
STORE_PAGE_FN(cache_store_zendesk_group_page, "zendesk", zendesk_group_page,
    store_kind_group, groups, ngroups)
STORE_PAGE_FN(cache_store_zendesk_organization_page, "zendesk",
    zendesk_organization_page, store_kind_organization, organizations,
    norganizations)
STORE_ONE_FN(cache_store_organization, "zendesk", organization,
    store_kind_organization)
STORE_PAGE_FN(cache_store_zendesk_macro_page, "zendesk", zendesk_macro_page,
    store_kind_macro, macros, nmacros)
