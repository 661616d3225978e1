/*
 * Incidents (unresolved first), one incident with its updates and the
 * components it affects, the page's components and incident templates.
 * A page has tens to a few thousand incidents, so windows go by offset.
 */
#include "cache/query_int.h"

#include <stdlib.h>
#include <string.h>

/* Statuses that end an incident (scheduled maintenance ends "completed"). */
#define RESOLVED "('resolved', 'completed', 'postmortem')"

#define INCIDENT_COLUMNS \
	"i.id, i.name, i.status, i.impact, i.status IN " RESOLVED ", " \
	"ifnull(i.created_at, 0), ifnull(i.updated_at, 0), " \
	"ifnull(i.resolved_at, 0), ifnull(i.next_update_due, 0)"
#define INCIDENT_NCOLUMNS 9

ROW_FILL_BOOL_FN(incident_row_fill, incident_row, record_incident_row,
    resolved, 4)

ROW_CLEAR_FN(incident_row_clear, record_incident_row)

CACHE_ROWS_FREE_FN(cache_incident_rows_free, incident_row, incident_row_clear)

ROW_WINDOW_FN(cache_incidents_window, incident_row,
    "SELECT " INCIDENT_COLUMNS " FROM incidents "
    "AS i ORDER BY i.status IN " RESOLVED ", "
    "ifnull(i.updated_at, 0) DESC, i.id LIMIT :limit OFFSET :offset",
    incident_row_fill, incident_row_clear, "reading incidents")

int
cache_incidents_count(struct cache *c, int64_t *n, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = cache_query_prepare(c, "SELECT count(*) FROM incidents", NULL,
	    &st, "counting incidents", cause)) != CACHE_OK)
		return rc;
	rc = cache_query_count(c, st, n, "counting incidents", cause);
	sqlite3_finalize(st);
	return rc;
}

/*
 * The ticket's tags named incident_<id> (LIKE: any case) against the
 * incidents' ids, case-insensitively: a scan of incidents, which holds
 * the page's recent and unresolved ones (tens to a few thousand), for
 * the few tags of one ticket.
 */
ROW_TICKET_ROWS_FN(cache_ticket_incidents, incident_row,
    "SELECT " INCIDENT_COLUMNS " FROM incidents AS i WHERE i.id COLLATE "
    "NOCASE IN (SELECT substr(g.tag, 10) FROM ticket_tags AS g "
    "WHERE g.ticket_id = :ticket AND g.tag LIKE 'incident\\_%' ESCAPE '\\') "
    "ORDER BY i.status IN " RESOLVED ", ifnull(i.updated_at, 0) DESC, "
    "i.id LIMIT :limit",
    incident_row_fill, incident_row_clear, "reading a ticket's incidents")

ROW_FILL_FN(update_fill, record_incident_update_row)
ROW_CLEAR_FN(update_clear, record_incident_update_row)
ROW_FILL_FN(component_row_fill, record_component_row)
ROW_CLEAR_FN(component_row_clear, record_component_row)

CACHE_ROWS_FREE_FN(cache_component_rows_free, component_row,
    component_row_clear)

void
cache_incident_detail_clear(struct incident_detail *d)
{
	incident_row_clear(&d->row);
	cache_rows_free(d->updates, d->nupdates, sizeof *d->updates,
	    update_clear);
	cache_component_rows_free(&d->components, d->ncomponents);
	free(d->json);
	memset(d, 0, sizeof *d);
}

/* The incident's own columns: its row, then its record. */
static void
incident_detail_fill(sqlite3_stmt *st, void *p)
{
	struct incident_detail *d = p;

	incident_row_fill(st, &d->row);
	d->json = cache_query_text(st, INCIDENT_NCOLUMNS);
}

int
cache_incident_get(struct cache *c, const char *id, struct incident_detail *d,
    bool *found, char **cause)
{
	struct query_arg args[] = { QUERY_TEXT("?1", id), QUERY_END };
	void *ups = NULL, *comps = NULL;
	int rc;

	memset(d, 0, sizeof *d);
	if ((rc = cache_query_one(c, "SELECT " INCIDENT_COLUMNS ", i.json "
	    "FROM incidents AS i WHERE i.id = ?1", args, incident_detail_fill,
	    d, found, "reading an incident", cause)) != CACHE_OK || !*found)
		return rc;
	if ((rc = cache_query_rows(c, "SELECT id, status, body, "
	    "ifnull(created_at, 0), ifnull(display_at, 0) FROM incident_updates "
	    "WHERE incident_id = ?1 ORDER BY created_at DESC, id DESC", args,
	    sizeof *d->updates, update_fill, update_clear, &ups, &d->nupdates,
	    "reading an incident's updates", cause)) != CACHE_OK)
		goto fail;
	d->updates = ups;
	if ((rc = cache_query_rows(c, "SELECT ic.component_id, ic.name, "
	    "ic.status, cp.group_id, ifnull(ic.position, 0) FROM "
	    "incident_components AS ic LEFT JOIN components AS cp ON cp.id = "
	    "ic.component_id WHERE ic.incident_id = ?1 ORDER BY ic.position, "
	    "ic.component_id", args, sizeof *d->components, component_row_fill,
	    component_row_clear, &comps, &d->ncomponents,
	    "reading an incident's components", cause)) != CACHE_OK)
		goto fail;
	d->components = comps;
	return CACHE_OK;
fail:
	*found = false;
	cache_incident_detail_clear(d);
	return rc;
}

ROW_WINDOW_FN(cache_components_window, component_row,
    "SELECT id, name, status, group_id, "
    "ifnull(position, 0) FROM components ORDER BY position, name, id "
    "LIMIT :limit OFFSET :offset",
    component_row_fill, component_row_clear, "reading components")

ROW_FILL_FN(template_row_fill, record_template_row)
ROW_CLEAR_FN(template_row_clear, record_template_row)

CACHE_ROWS_FREE_FN(cache_template_rows_free, template_row, template_row_clear)

ROW_WINDOW_FN(cache_templates_window, template_row,
    "SELECT id, name, title, body, update_status "
    "FROM incident_templates ORDER BY name, id "
    "LIMIT :limit OFFSET :offset",
    template_row_fill, template_row_clear, "reading templates")
