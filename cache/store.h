/*
 * Writing what the sync engine fetched into the cache: one function per
 * page or record kind, each one transaction that also moves the
 * endpoint's sync cursor, so a page and the cursor that follows it land
 * together or not at all.
 *
 * Rules every function here keeps:
 *  - rows are upserted (INSERT ... ON CONFLICT DO UPDATE ... WHERE the
 *    stored json differs), never INSERT OR REPLACE, which would delete and
 *    re-insert a row and so drop its children (comments, history, updates);
 *  - a record identical to the stored one writes nothing, and neither does
 *    a record older than the stored one (its updated_at is earlier: a page
 *    fetched before a write whose result was already stored); a page that
 *    brings nothing new, with the same cursor, leaves the file untouched;
 *  - full-text search follows through the triggers of schema patch 1, tag
 *    lookups through those of patch 2;
 *  - money is stored as INTEGER minor units.
 *
 * The sync position: endpoint names the sync_state row of the function's
 * backend ("tickets/cursor"); next is what to store there once the page is
 * in. endpoint NULL (or next NULL) stores no position: single records, and
 * pages that have none.
 *
 * Errors as in cache.h: 0, or an enum cache_err with *cause set; nothing
 * of the page is stored then and the cursor is where it was. Each function
 * opens its own transaction, so calling one inside an open transaction is
 * a misuse (CACHE_ERR).
 */
#ifndef TDESK_STORE_H
#define TDESK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "api/model.h"

/* What a store call did; the counts are added to, so zero it before a sync. */
struct cache_store_stats {
	size_t		 inserted;	/* records that were not cached */
	size_t		 updated;	/* records whose content changed */
	size_t		 unchanged;	/* identical or older: not written */
	size_t		 deleted;	/* records removed (deleted tickets) */
};

/*
 * An incremental export page (cursor or time based): tickets, then the
 * sideloaded users, groups and organizations (organizations carry the
 * billing standing). A ticket whose status is "deleted" (how the export is
 * said to show a deleted ticket; unverified) is removed from the cache with
 * its comments.
 */
int	 cache_store_zendesk_export_page(struct cache *c,
	    const struct zendesk_export_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;

/* A page of GET /api/v2/tickets (the agents' fallback for the export). */
int	 cache_store_zendesk_ticket_page(struct cache *c,
	    const struct zendesk_ticket_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;

/*
 * One ticket, read after a write or with a 409: stored unless older than
 * the cached one.
 */
int	 cache_store_ticket(struct cache *c, const struct ticket *t,
	    struct cache_store_stats *stats, char **cause) TD_WUR;

/*
 * A page of one ticket's comments, stored against ticket_id (each
 * comment's own ticket_id is ignored). Comments are added and updated
 * (a redaction changes a body), never removed: Zendesk does not delete
 * comments, and a page is not the whole conversation. The ticket must be
 * cached (CACHE_ERR otherwise: comments hang off their ticket).
 */
int	 cache_store_zendesk_comment_page(struct cache *c, int64_t ticket_id,
	    const struct zendesk_comment_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;

int	 cache_store_zendesk_user_page(struct cache *c,
	    const struct zendesk_user_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;
int	 cache_store_user(struct cache *c, const struct user *u,
	    struct cache_store_stats *stats, char **cause) TD_WUR;
int	 cache_store_zendesk_group_page(struct cache *c,
	    const struct zendesk_group_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;
int	 cache_store_zendesk_organization_page(struct cache *c,
	    const struct zendesk_organization_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;
int	 cache_store_organization(struct cache *c, const struct organization *o,
	    struct cache_store_stats *stats, char **cause) TD_WUR;
int	 cache_store_zendesk_macro_page(struct cache *c,
	    const struct zendesk_macro_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;

/*
 * Flagged payments, each with its history and linked tickets; a changed
 * payment's history and links are replaced by the ones it now carries.
 */
int	 cache_store_payments_page(struct cache *c,
	    const struct payments_page *page, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;
int	 cache_store_payment(struct cache *c, const struct payment *p,
	    struct cache_store_stats *stats, char **cause) TD_WUR;

/*
 * Incidents, each with its updates and the components it affects. An
 * incident carries all its updates, so a changed incident's updates not in
 * the list are removed. incidents.next_update_due is tdesk's own (the
 * reminder for the promised update) and is never touched here.
 */
int	 cache_store_incidents(struct cache *c,
	    const struct statuspage_incident_list *list, const char *endpoint,
	    const struct cache_sync_state *next, struct cache_store_stats *stats,
	    char **cause) TD_WUR;
int	 cache_store_incident(struct cache *c, const struct incident *i,
	    struct cache_store_stats *stats, char **cause) TD_WUR;

/*
 * The page's components and incident templates. complete: the list is all
 * there is (Statuspage answers these in one array), so cached ones not in
 * it are removed.
 */
int	 cache_store_components(struct cache *c,
	    const struct statuspage_component_list *list, bool complete,
	    const char *endpoint, const struct cache_sync_state *next,
	    struct cache_store_stats *stats, char **cause) TD_WUR;
int	 cache_store_templates(struct cache *c,
	    const struct statuspage_template_list *list, bool complete,
	    const char *endpoint, const struct cache_sync_state *next,
	    struct cache_store_stats *stats, char **cause) TD_WUR;

#endif
