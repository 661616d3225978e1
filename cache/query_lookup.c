/*
 * Looking up the people, groups, organizations and macros tickets refer
 * to: one record by id, and small windows for pickers (agents, groups,
 * macros).
 */
#include "cache/query_int.h"

#include <stdlib.h>
#include <string.h>

/* Runs a one-row statement with ?1 = id; fill on a row, *found says if any. */
static int
get_one(struct cache *c, const char *sql, int64_t id,
    void (*fill)(sqlite3_stmt *, void *), void *out, bool *found,
    const char *what, char **cause)
{
	struct query_arg args[] = { QUERY_INT("?1", id), QUERY_END };

	return cache_query_one(c, sql, args, fill, out, found, what, cause);
}

/* Users. */

#define USER_SQL \
	"SELECT u.id, u.name, u.email, u.role, u.organization_id, o.name, " \
	"o.billing_standing FROM users AS u " \
	"LEFT JOIN organizations AS o ON o.id = u.organization_id"

ROW_FILL_FN(user_row_fill, record_user_row)
ROW_CLEAR_FN(user_row_clear, record_user_row)

ROW_CLEAR_PUBLIC_FN(cache_user_row_clear, user_row, record_user_row)

CACHE_ROWS_FREE_FN(cache_user_rows_free, user_row, user_row_clear)

int
cache_user_get(struct cache *c, int64_t id, struct user_row *out, bool *found,
    char **cause)
{
	memset(out, 0, sizeof *out);
	return get_one(c, USER_SQL " WHERE u.id = ?1", id, user_row_fill, out, found,
	    "reading a user", cause);
}

/*
 * The users_role_name index gives each role's agents in name order; the
 * prefix is a LIKE pattern with its wildcards escaped, so "50%" finds
 * names starting with "50%".
 */
int
cache_agents_window(struct cache *c, const char *prefix, size_t offset,
    size_t limit, struct user_row **rows, size_t *n, char **cause)
{
	void *out = NULL;
	int rc;

	if (prefix == NULL)
		prefix = "";
	rc = cache_query_window(c, USER_SQL " WHERE u.role IN ('agent', "
	    "'admin') AND u.name LIKE replace(replace(replace(:prefix, '\\', "
	    "'\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\' "
	    "ORDER BY u.name, u.id LIMIT :limit OFFSET :offset", ":prefix",
	    prefix, offset, limit, sizeof **rows, user_row_fill, user_row_clear,
	    &out, n, "reading agents", cause);
	*rows = out;
	return rc;
}

/* Groups. */

ROW_FILL_BOOL_FN(group_row_fill, group_row, record_group_row, deleted, 2)

ROW_CLEAR_FN(group_row_clear, record_group_row)

ROW_CLEAR_PUBLIC_FN(cache_group_row_clear, group_row, record_group_row)

CACHE_ROWS_FREE_FN(cache_group_rows_free, group_row, group_row_clear)

int
cache_group_get(struct cache *c, int64_t id, struct group_row *out,
    bool *found, char **cause)
{
	memset(out, 0, sizeof *out);
	return get_one(c, "SELECT id, name, deleted FROM groups WHERE id = ?1", id,
	    group_row_fill, out, found, "reading a group", cause);
}

ROW_WINDOW_FN(cache_groups_window, group_row,
    "SELECT id, name, deleted FROM groups "
    "WHERE deleted = 0 ORDER BY name, id LIMIT :limit OFFSET :offset",
    group_row_fill, group_row_clear, "reading groups")

/* Organizations. */

ROW_FILL_FN(org_row_fill, record_organization_row)

ROW_CLEAR_PUBLIC_FN(cache_organization_row_clear, organization_row, record_organization_row)

int
cache_organization_get(struct cache *c, int64_t id,
    struct organization_row *out, bool *found, char **cause)
{
	memset(out, 0, sizeof *out);
	return get_one(c, "SELECT id, name, billing_standing, "
	    "ifnull(updated_at, 0) FROM organizations WHERE id = ?1", id, org_row_fill,
	    out, found, "reading an organization", cause);
}

/* Macros. */

static void
macro_row_fill(sqlite3_stmt *st, void *p)
{
	struct macro_row *r = p;

	(void)cache_query_fill(st, 0, &record_macro_row, r);
	r->active = sqlite3_column_int(st, 3) != 0;
	if (r->actions == NULL)
		r->actions = xstrdup("[]");
}

ROW_CLEAR_FN(macro_row_clear, record_macro_row)

CACHE_ROWS_FREE_FN(cache_macro_rows_free, macro_row, macro_row_clear)

int
cache_macros_window(struct cache *c, bool active_only, size_t offset,
    size_t limit, struct macro_row **rows, size_t *n, char **cause)
{
	void *out = NULL;
	int rc;

	rc = cache_query_window(c, active_only ?
	    "SELECT id, title, json_extract(json, '$.description'), active, "
	    "json_extract(json, '$.actions') FROM macros WHERE active = 1 "
	    "ORDER BY title, id LIMIT :limit OFFSET :offset" :
	    "SELECT id, title, json_extract(json, '$.description'), active, "
	    "json_extract(json, '$.actions') FROM macros "
	    "ORDER BY title, id LIMIT :limit OFFSET :offset",
	    NULL, NULL, offset, limit, sizeof **rows, macro_row_fill,
	    macro_row_clear, &out, n, "reading macros", cause);
	*rows = out;
	return rc;
}

int
cache_macro_get(struct cache *c, int64_t id, struct macro_row *out,
    bool *found, char **cause)
{
	memset(out, 0, sizeof *out);
	return get_one(c, "SELECT id, title, json_extract(json, '$.description'), "
	    "active, json_extract(json, '$.actions') FROM macros WHERE id = ?1",
	    id, macro_row_fill, out, found, "reading a macro", cause);
}

ROW_CLEAR_PUBLIC_FN(cache_macro_row_clear, macro_row, record_macro_row)
