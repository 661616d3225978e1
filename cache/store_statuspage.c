/*
 * Storing Statuspage incidents (with their updates and affected
 * components), the page's components and its incident templates.
 */
#include "cache/store_int.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The ids as a JSON array, for "id NOT IN (SELECT value FROM json_each(?))". */
static char *
id_array(const void *items, size_t n, size_t size, size_t offset)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		const char *id = *(const char *const *)(const void *)
		    ((const char *)items + i * size + offset);
		json_t *v = id != NULL ? json_string(id) : NULL;

		if (v != NULL)
			json_array_append_new(a, v);
	}
	return cache_json_text(a, "listing ids");
}


/* more[0], more[1]: the upsert and the prune. */
static int
incident_updates(struct cache *c, sqlite3_stmt **more,
    const struct incident *in, char **cause)
{
	sqlite3_stmt *st;
	char *ids, *json;
	size_t i;
	int rc = CACHE_OK;

	for (i = 0; rc == CACHE_OK && i < in->nupdates; i++) {
		struct incident_update copy = in->updates[i];

		if (copy.id == NULL)
			continue;
		json = cache_store_json_incident_update(&copy, in->id);
		copy.incident_id = in->id;
		rc = cache_store_row(c, &store_kind_incident_update, NULL,
		    &more[0], &copy, json, NULL, NULL, cause);
	}
	if (rc != CACHE_OK)
		return rc;

	/* The incident lists all its updates: one no longer there is gone. */
	ids = id_array(in->updates, in->nupdates, sizeof *in->updates,
	    offsetof(struct incident_update, id));
	if ((rc = cache_store_stmt(c, &more[1],
	    "DELETE FROM incident_updates WHERE incident_id = ?1 AND id NOT IN "
	    "(SELECT value FROM json_each(?2))", cause)) == CACHE_OK) {
		st = more[1];
		if (sqlite3_bind_text(st, 1, in->id, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, ids, -1, SQLITE_STATIC) != SQLITE_OK)
			rc = cache_sqlite_error(c, cause, "pruning incident updates");
		else
			rc = cache_store_step(c, more[1],
			    "pruning incident updates", cause);
	}
	free(ids);
	return rc;
}

/* more[2], more[3]: the delete and the insert. */
static int
incident_components(struct cache *c, sqlite3_stmt **more,
    const struct incident *in, char **cause)
{
	size_t i;
	int rc;

	if ((rc = cache_store_stmt(c, &more[2],
	    "DELETE FROM incident_components WHERE incident_id = ?1",
	    cause)) != CACHE_OK)
		return rc;
	if (sqlite3_bind_text(more[2], 1, in->id, -1, SQLITE_STATIC) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "storing incident components");
	if ((rc = cache_store_step(c, more[2], "storing incident components",
	    cause)) != CACHE_OK)
		return rc;
	for (i = 0; i < in->ncomponents; i++) {
		const struct component *cp = &in->components[i];
		sqlite3_stmt *st;

		if (cp->id == NULL)
			continue;
		if ((rc = cache_store_stmt(c, &more[3],
		    "INSERT INTO incident_components (incident_id, component_id, "
		    "name, status, position) VALUES (?1, ?2, ?3, ?4, ?5) "
		    "ON CONFLICT DO NOTHING", cause)) != CACHE_OK)
			return rc;
		st = more[3];
		if (sqlite3_bind_text(st, 1, in->id, -1, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, cp->id, -1, SQLITE_STATIC) != SQLITE_OK ||
		    cache_store_bind_text(st, 3, cp->name) != SQLITE_OK ||
		    cache_store_bind_text(st, 4, cp->status) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 5, (sqlite3_int64)cp->position) != SQLITE_OK)
			return cache_sqlite_error(c, cause,
			    "storing incident components");
		if ((rc = cache_store_step(c, st, "storing incident components",
		    cause)) != CACHE_OK)
			return rc;
	}
	return CACHE_OK;
}

/* A written incident's updates and affected components. */
int
cache_store_incident_children(struct cache *c, sqlite3_stmt **more,
    const void *rec, struct cache_store_stats *stats, char **cause)
{
	const struct incident *in = rec;
	int rc;

	(void)stats;
	if ((rc = incident_updates(c, more, in, cause)) != CACHE_OK)
		return rc;
	return incident_components(c, more, in, cause);
}

STORE_PAGE_FN(cache_store_incidents, "statuspage", statuspage_incident_list,
    store_kind_incident, incidents, nincidents)
STORE_ONE_FN(cache_store_incident, "statuspage", incident, store_kind_incident)

/*
 * Removes the rows of a complete list's table whose id is not in ids (a
 * JSON array); sql is the table's fixed DELETE.
 */
static int
prune(struct cache *c, const char *sql, const char *ids,
    struct cache_store_stats *stats, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = CACHE_OK;

	if (sqlite3_prepare_v2(cache_db(c), sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, ids, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "removing rows no longer listed");
	else
		stats->deleted += (size_t)sqlite3_changes(cache_db(c));
	sqlite3_finalize(st);
	return rc;
}

/*
 * A list of components or templates; complete: prune is the table's
 * DELETE of the rows not in ?1 (a JSON array of ids).
 */
struct complete_list {
	struct store_list	 rows;
	bool			 complete;
	const char		*prune;
};

static int
complete_list(struct cache *c, const void *arg,
    struct cache_store_stats *stats, char **cause)
{
	const struct complete_list *l = arg;
	char *ids;
	int rc;

	if ((rc = cache_store_rows(c, &l->rows, stats, cause)) != CACHE_OK ||
	    !l->complete)
		return rc;
	ids = id_array(l->rows.items, l->rows.n, l->rows.size,
	    l->rows.kind->cols[0].off);
	rc = prune(c, l->prune, ids, stats, cause);
	free(ids);
	return rc;
}

/*
 * cache_store_components() and cache_store_templates(): the list's
 * items of kind, pruned from table when complete.
 */
#define COMPLETE_FN(name, type, kind, items, n, table)			\
int									\
name(struct cache *c, const struct type *list, bool complete,		\
    const char *endpoint, const struct cache_sync_state *next,		\
    struct cache_store_stats *stats, char **cause)			\
{									\
	struct complete_list l = { { &(kind), list->items, list->n,	\
	    sizeof *list->items }, complete, "DELETE FROM " table	\
	    " WHERE id NOT IN (SELECT value FROM json_each(?1))" };	\
									\
	return cache_store_page(c, "statuspage", endpoint, next,	\
	    complete_list, &l, stats, cause);				\
}

COMPLETE_FN(cache_store_components, statuspage_component_list,
    store_kind_component, components, ncomponents, "components")
COMPLETE_FN(cache_store_templates, statuspage_template_list,
    store_kind_template, templates, ntemplates, "incident_templates")
