/*
 * The Statuspage sync round: unresolved and recent incidents with their
 * updates, every component, and the incident templates.
 */
#include "cache/sync.h"

#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "api/statuspage.h"
#include "cache/store.h"
#include "cache/sync_int.h"

/* The newest incidents fetched each round, and on a list refresh. */
#define SP_RECENT		25
#define SP_RECENT_REFRESH	STATUSPAGE_PAGE_MAX
/* Pages of unresolved incidents, components or templates per round. */
#define SP_MAX_PAGES		20

#define EP_UNRESOLVED	"incidents/unresolved"
#define EP_RECENT	"incidents"
#define EP_COMPONENTS	"components"
#define EP_TEMPLATES	"templates"

/* Stores a page of incidents from ep; false when the round must stop. */
static bool
sp_store_incidents(struct sync_run *r, const char *ep,
    const struct statuspage_incident_list *l)
{
	char *msg = NULL;
	int rc;

	if ((rc = cache_store_incidents(r->c, l, NULL, NULL, &r->rep->stats,
	    &msg)) != CACHE_OK) {
		sync_cache_failed(r, rc, msg);
		return false;
	}
	return sync_page_done(r, ep, l->nincidents);
}

/* Statuspage answers bare arrays: a page shorter than asked is the last. */
static void
sp_unresolved(struct sync_run *r)
{
	struct statuspage_incident_list l;
	enum http_result res;
	size_t before = sync_changed(&r->rep->stats);
	char *msg = NULL;
	int page;
	bool go = true, last = false;

	for (page = 1; go && !last && page <= SP_MAX_PAGES; page++) {
		if (!sync_request(r))
			return;
		res = statuspage_incidents_unresolved(r->cl, page,
		    STATUSPAGE_PAGE_MAX, &l, &msg);
		if (res != HTTP_OK) {
			sync_failed(r, EP_UNRESOLVED, res, msg);
			return;
		}
		last = l.nincidents < STATUSPAGE_PAGE_MAX;
		go = sp_store_incidents(r, EP_UNRESOLVED, &l);
		statuspage_incident_list_clear(&l);
	}
	if (go)
		sync_succeeded(r, EP_UNRESOLVED,
		    sync_changed(&r->rep->stats) > before);
}

static void
sp_recent(struct sync_run *r)
{
	struct statuspage_incident_list l;
	enum http_result res;
	size_t before = sync_changed(&r->rep->stats);
	char *msg = NULL;

	if (!sync_request(r))
		return;
	res = statuspage_incidents(r->cl, 1, r->opt->refresh_lists ?
	    SP_RECENT_REFRESH : SP_RECENT, &l, &msg);
	if (res != HTTP_OK) {
		sync_failed(r, EP_RECENT, res, msg);
		return;
	}
	if (sp_store_incidents(r, EP_RECENT, &l))
		sync_succeeded(r, EP_RECENT,
		    sync_changed(&r->rep->stats) > before);
	statuspage_incident_list_clear(&l);
}

/*
 * Moves the n2 records of page onto the end of all (n of them): a shallow
 * copy, after which the page's array is freed and emptied.
 */
#define SP_APPEND(all, n, page, n2) do {				\
	if ((n2) > 0) {							\
		(all) = xreallocarray((all), (n) + (n2), sizeof *(all));	\
		memcpy((all) + (n), (page), (n2) * sizeof *(all));	\
		(n) += (n2);						\
	}								\
	free(page);							\
	(page) = NULL;							\
	(n2) = 0;							\
} while (0)

/*
 * Defines fn, the sync of every page of one Statuspage list (components,
 * templates) into a struct list: all pages gathered and stored as one
 * complete list, so that a record deleted at Statuspage leaves the cache
 * too. fetch and store are the list's api/ and cache/ calls, items and
 * nitems its array, ep its endpoint.
 */
#define SP_WHOLE_LIST_FN(fn, list, items, nitems, fetch, store, ep)	\
static void								\
fn(struct sync_run *r)							\
{									\
	struct list all = { 0 }, l;					\
	enum http_result res;						\
	size_t before = sync_changed(&r->rep->stats), got;		\
	char *msg = NULL;						\
	int page, rc;							\
	bool last = false;						\
									\
	for (page = 1; !last && page <= SP_MAX_PAGES; page++) {		\
		if (!sync_request(r))					\
			goto out;					\
		res = fetch(r->cl, page, STATUSPAGE_PAGE_MAX, &l,	\
		    &msg);						\
		if (res != HTTP_OK) {					\
			sync_failed(r, ep, res, msg);			\
			goto out;					\
		}							\
		got = l.nitems;						\
		last = got < STATUSPAGE_PAGE_MAX;			\
		SP_APPEND(all.items, all.nitems, l.items, l.nitems);	\
		list##_clear(&l);					\
		r->rep->records += got;					\
	}								\
	/* Past SP_MAX_PAGES the list may be cut short: keep, do not	\
	 * prune. */							\
	if ((rc = store(r->c, &all, last, NULL, NULL, &r->rep->stats,	\
	    &msg)) != CACHE_OK) {					\
		sync_cache_failed(r, rc, msg);				\
		goto out;						\
	}								\
	if (sync_page_done(r, ep, 0))					\
		sync_succeeded(r, ep,					\
		    sync_changed(&r->rep->stats) > before);		\
out:									\
	list##_clear(&all);						\
}

SP_WHOLE_LIST_FN(sp_components, statuspage_component_list, components,
    ncomponents, statuspage_components, cache_store_components, EP_COMPONENTS)
SP_WHOLE_LIST_FN(sp_templates, statuspage_template_list, templates,
    ntemplates, statuspage_templates, cache_store_templates, EP_TEMPLATES)

int
sync_statuspage_round(struct cache *c, struct http_client *cl,
    const struct sync_options *opt, struct sync_report *rep, char **cause)
{
	struct sync_run r;

	sync_run_init(&r, SYNC_STATUSPAGE, c, cl, opt, rep, cause);
	if (sync_breaker_open(&r))
		return r.rc;
	sp_unresolved(&r);
	if (!r.halt)
		sp_recent(&r);
	if (!r.halt)
		sp_components(&r);
	if (!r.halt && sync_list_due(&r, EP_TEMPLATES))
		sp_templates(&r);
	return r.rc;
}
