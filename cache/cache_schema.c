/*
 * The cache schema as an ordered list of patches: patch k takes
 * PRAGMA user_version from k-1 to k. A released patch is never edited;
 * changes go in a new patch appended at the end.
 */
#include "cache/cache_int.h"

#include <stddef.h>
#include <stdlib.h>

/*
 * Conventions for every table fed from a backend:
 *  - json holds the object exactly as decoded, so a field added later can
 *    be read from rows synced before it existed, without a re-sync;
 *  - timestamps are INTEGER unix seconds (NULL = absent); where the exact
 *    server text matters (Zendesk's updated_stamp for safe_update) it is
 *    kept beside them;
 *  - money is INTEGER minor units plus a currency code; the CHECKs refuse a
 *    REAL so a float can never slip in through a careless bind;
 *  - lists used for filtering (ticket tags, payment reasons) are single
 *    spaces between items, no leading or trailing space; match one item
 *    with instr(' ' || tags || ' ', ' ' || ?1 || ' ') > 0;
 *  - rows are upserted with INSERT ... ON CONFLICT (id) DO UPDATE. INSERT OR
 *    REPLACE deletes the old row first, which would cascade to its
 *    children (comments, history, updates); cache_open turns
 *    recursive_triggers on so that at least the FTS tables stay right.
 *
 * Full-text search: one FTS5 table per searched column, external content
 * (the text lives once, in tickets and comments) kept in step by triggers.
 * A search for a word in a comment finds its ticket through
 * comments.ticket_id; a query with several words that may fall in different
 * places intersects the ticket ids per word.
 *
 * Tokenizer: trigram, not unicode61. unicode61 treats a run of CJK
 * characters as one token, so Japanese text (no spaces between words) could
 * only be found by its first characters; and its remove_diacritics does not
 * fold Polish 'ł' (no Unicode decomposition), so it does not give
 * accent-free Polish search either. trigram matches any substring of three
 * or more characters in every script, folds case (Ł/ł, Ã/ã), and lets a
 * stem find every inflected form ("płatnoś" finds płatność, płatności),
 * which Polish and Portuguese customer text needs. Costs: a larger index,
 * accents are significant until trigram's remove_diacritics (SQLite 3.45)
 * can be used, and a term shorter than three characters (a two-kanji word
 * such as 決済) matches nothing through the index (LIKE on the FTS table
 * neither, in 3.40): the search code must fall back to instr() on
 * tickets.subject and comments.body for such terms.
 */
static const char *const patch1[] = {
	"PRAGMA application_id = 1952740203;\n",	/* CACHE_APPLICATION_ID, "tdsk" */

	/* Zendesk. */
	"CREATE TABLE tickets (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	subject TEXT,\n"
	"	status TEXT,\n"			/* new open pending hold solved closed */
	"	priority TEXT,\n"
	"	type TEXT,\n"
	"	requester_id INTEGER,\n"
	"	assignee_id INTEGER,\n"
	"	group_id INTEGER,\n"
	"	organization_id INTEGER,\n"
	"	tags TEXT NOT NULL DEFAULT '',\n"
	"	created_at INTEGER,\n"
	"	updated_at INTEGER,\n"
	"	updated_stamp TEXT,\n"		/* updated_at exactly as sent, for safe_update */
	"	due_at INTEGER,\n"
	"	generated_timestamp INTEGER,\n"
	"	deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),\n"
	"	json TEXT NOT NULL\n"
	");\n",
	"CREATE INDEX tickets_status_updated ON tickets (status, updated_at);\n",
	"CREATE INDEX tickets_assignee_updated ON tickets (assignee_id, updated_at);\n",
	"CREATE INDEX tickets_group_updated ON tickets (group_id, updated_at);\n",
	"CREATE INDEX tickets_updated ON tickets (updated_at);\n",
	"CREATE INDEX tickets_organization ON tickets (organization_id);\n",

	"CREATE TABLE comments (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,\n"
	"	author_id INTEGER,\n"
	"	body TEXT,\n"
	"	public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),\n"
	"	created_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",
	"CREATE INDEX comments_ticket_created ON comments (ticket_id, created_at);\n",

	"CREATE TABLE users (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	name TEXT,\n"
	"	email TEXT,\n"
	"	role TEXT,\n"			/* end-user agent admin */
	"	organization_id INTEGER,\n"
	"	updated_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",
	"CREATE INDEX users_email ON users (email);\n",
	"CREATE INDEX users_organization ON users (organization_id);\n",

	"CREATE TABLE groups (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	name TEXT,\n"
	"	deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),\n"
	"	json TEXT NOT NULL\n"
	");\n",

	"CREATE TABLE organizations (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	name TEXT,\n"
	"	billing_standing TEXT,\n"	/* the profile's zendesk.billing_field */
	"	updated_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",

	"CREATE TABLE macros (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	title TEXT,\n"
	"	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
	"	updated_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",

	/* Payments review API. */
	"CREATE TABLE payments (\n"
	"	id TEXT PRIMARY KEY NOT NULL,\n"
	"	order_id TEXT,\n"
	"	version INTEGER NOT NULL,\n"	/* expected_version for a resolution */
	"	status TEXT NOT NULL,\n"	/* flagged accepted recalculated refunded expired */
	"	provider TEXT,\n"
	"	currency TEXT NOT NULL,\n"
	"	expected_minor INTEGER NOT NULL CHECK (typeof(expected_minor) = 'integer'),\n"
	"	received_minor INTEGER NOT NULL CHECK (typeof(received_minor) = 'integer'),\n"
	"	fee_minor INTEGER CHECK (fee_minor IS NULL OR typeof(fee_minor) = 'integer'),\n"
	"	reasons TEXT NOT NULL DEFAULT '',\n"
	"	customer_name TEXT,\n"
	"	customer_email TEXT,\n"
	"	zendesk_user_id INTEGER,\n"
	"	received_at INTEGER,\n"
	"	flagged_at INTEGER,\n"
	"	auto_cancel_at INTEGER,\n"
	"	updated_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",
	"CREATE INDEX payments_status_flagged ON payments (status, flagged_at);\n",
	"CREATE INDEX payments_updated ON payments (updated_at);\n",
	"CREATE INDEX payments_zendesk_user ON payments (zendesk_user_id);\n",

	"CREATE TABLE payment_history (\n"
	"	payment_id TEXT NOT NULL REFERENCES payments (id) ON DELETE CASCADE,\n"
	"	seq INTEGER NOT NULL,\n"	/* position in the payment's history[] */
	"	at INTEGER,\n"
	"	actor TEXT,\n"
	"	action TEXT,\n"
	"	note TEXT,\n"
	"	PRIMARY KEY (payment_id, seq)\n"
	") WITHOUT ROWID;\n",

	"CREATE TABLE payment_tickets (\n"
	"	payment_id TEXT NOT NULL REFERENCES payments (id) ON DELETE CASCADE,\n"
	"	ticket_id INTEGER NOT NULL,\n"	/* may name a ticket not (yet) cached */
	"	PRIMARY KEY (payment_id, ticket_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE INDEX payment_tickets_ticket ON payment_tickets (ticket_id);\n",

	/* Statuspage. */
	"CREATE TABLE incidents (\n"
	"	id TEXT PRIMARY KEY NOT NULL,\n"
	"	name TEXT,\n"
	"	status TEXT,\n"
	"	impact TEXT,\n"
	"	created_at INTEGER,\n"
	"	updated_at INTEGER,\n"
	"	resolved_at INTEGER,\n"
	"	next_update_due INTEGER,\n"	/* ours, not the backend's: a sync must keep it */
	"	postmortem_published_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",
	"CREATE INDEX incidents_status_updated ON incidents (status, updated_at);\n",

	"CREATE TABLE incident_updates (\n"
	"	id TEXT PRIMARY KEY NOT NULL,\n"
	"	incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,\n"
	"	status TEXT,\n"
	"	body TEXT,\n"
	"	created_at INTEGER,\n"
	"	display_at INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",
	"CREATE INDEX incident_updates_incident_created\n"
	"    ON incident_updates (incident_id, created_at);\n",

	"CREATE TABLE components (\n"
	"	id TEXT PRIMARY KEY NOT NULL,\n"
	"	name TEXT,\n"
	"	status TEXT,\n"
	"	group_id TEXT,\n"
	"	position INTEGER,\n"
	"	json TEXT NOT NULL\n"
	");\n",

	"CREATE TABLE incident_templates (\n"
	"	id TEXT PRIMARY KEY NOT NULL,\n"
	"	name TEXT,\n"
	"	title TEXT,\n"
	"	body TEXT,\n"
	"	update_status TEXT,\n"
	"	json TEXT NOT NULL\n"
	");\n",

	/*
	 * The outbox. AUTOINCREMENT so an id the user has seen ("tdesk outbox
	 * retry 12") is never reused for another action after a drop.
	 */
	"CREATE TABLE outbox (\n"
	"	id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"	created_at INTEGER NOT NULL,\n"
	"	backend TEXT NOT NULL CHECK (backend IN ('zendesk', 'statuspage', 'payments')),\n"
	"	target TEXT NOT NULL,\n"	/* ticket:123, payment:p_1, incident:abc */
	"	kind TEXT NOT NULL,\n"		/* ticket.update, payment.resolve, ... */
	"	payload TEXT NOT NULL CHECK (json_valid(payload)),\n"
	"	state TEXT NOT NULL DEFAULT 'queued'\n"
	"	    CHECK (state IN ('queued', 'sending', 'done', 'failed', 'conflict')),\n"
	"	attempts INTEGER NOT NULL DEFAULT 0,\n"
	"	idempotency_key TEXT,\n"
	"	last_error TEXT,\n"
	"	updated_at INTEGER NOT NULL,\n"
	"	conflict_json TEXT\n"		/* the server's version on a conflict */
	");\n",
	"CREATE INDEX outbox_state ON outbox (state, id);\n",
	"CREATE INDEX outbox_target ON outbox (target, id);\n",
	"CREATE UNIQUE INDEX outbox_idempotency_key ON outbox (idempotency_key)\n"
	"    WHERE idempotency_key IS NOT NULL;\n",

	"CREATE TABLE sync_state (\n"
	"	backend TEXT NOT NULL,\n"
	"	endpoint TEXT NOT NULL,\n"
	"	cursor TEXT,\n"
	"	etag TEXT,\n"
	"	last_success INTEGER,\n"
	"	last_error TEXT,\n"
	"	last_error_at INTEGER,\n"
	"	PRIMARY KEY (backend, endpoint)\n"
	") WITHOUT ROWID;\n",

	/* Which backends filled this file; see cache_identity.c. */
	"CREATE TABLE identity (\n"
	"	backend TEXT PRIMARY KEY NOT NULL\n"
	"	    CHECK (backend IN ('zendesk', 'statuspage', 'payments')),\n"
	"	url TEXT NOT NULL,\n"		/* normalised */
	"	account TEXT,\n"		/* zendesk email, statuspage page id */
	"	recorded_at INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n",

	/* Full-text search; see the comment above. */
	"CREATE VIRTUAL TABLE ticket_fts USING fts5 (subject,\n"
	"    content = 'tickets', content_rowid = 'id', tokenize = 'trigram');\n",
	"CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN\n"
	"	INSERT INTO ticket_fts (rowid, subject) VALUES (new.id, new.subject);\n"
	"END;\n",
	"CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN\n"
	"	INSERT INTO ticket_fts (ticket_fts, rowid, subject)\n"
	"	    VALUES ('delete', old.id, old.subject);\n"
	"END;\n",
	"CREATE TRIGGER tickets_fts_update AFTER UPDATE OF id, subject ON tickets BEGIN\n"
	"	INSERT INTO ticket_fts (ticket_fts, rowid, subject)\n"
	"	    VALUES ('delete', old.id, old.subject);\n"
	"	INSERT INTO ticket_fts (rowid, subject) VALUES (new.id, new.subject);\n"
	"END;\n",

	"CREATE VIRTUAL TABLE comment_fts USING fts5 (body,\n"
	"    content = 'comments', content_rowid = 'id', tokenize = 'trigram');\n",
	"CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN\n"
	"	INSERT INTO comment_fts (rowid, body) VALUES (new.id, new.body);\n"
	"END;\n",
	"CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN\n"
	"	INSERT INTO comment_fts (comment_fts, rowid, body)\n"
	"	    VALUES ('delete', old.id, old.body);\n"
	"END;\n",
	"CREATE TRIGGER comments_fts_update AFTER UPDATE OF id, body ON comments BEGIN\n"
	"	INSERT INTO comment_fts (comment_fts, rowid, body)\n"
	"	    VALUES ('delete', old.id, old.body);\n"
	"	INSERT INTO comment_fts (rowid, body) VALUES (new.id, new.body);\n"
	"END;\n",

	"PRAGMA user_version = 1;\n",
	NULL
};

/* The triggers' statement: the tags of the row a trigger sees as new. */
#define NEW_TICKET_TAGS \
	"	INSERT INTO ticket_tags (tag, updated_at, ticket_id)\n" \
	"	    SELECT DISTINCT j.value, coalesce(new.updated_at, 0), new.id\n" \
	"	    FROM json_each(CASE WHEN json_valid(new.json) THEN new.json\n" \
	"	        ELSE '{}' END, '$.tags') AS j\n" \
	"	    WHERE j.type = 'text';\n"

/*
 * Patch 2: what the store, the queries and the outbox protocol need.
 *
 * ticket_tags: one row per (tag, ticket), ordered by the ticket's
 * updated_at, so a tag filter walks its own index in list order instead of
 * reading every ticket's tags (instr() over a million rows takes seconds
 * for a rare tag). Kept in step by triggers from the tags in tickets.json
 * (a JSON array written by cache/store_json.c), because a trigger cannot
 * split the space-separated tags column without a CTE, which triggers do
 * not allow; a json that is not valid or has no tags array gives no rows.
 *
 * outbox.claim_*: who moved a row to 'sending' (see cache/outbox.c): the
 * process id, a token that tells that process from a later one with the
 * same id (boot id and start time), and when. outbox_unfinished lets the
 * per-target ordering check skip the done rows that pile up.
 *
 * incident_components: the components an incident affects, as the
 * incident last reported them.
 *
 * Indexes ending in the id so that keyset windows (ORDER BY x DESC, id
 * DESC) are read in order from the index: tickets by organization, users
 * by role and name (assignee pickers), payments by status and flagged_at
 * or auto_cancel_at (NULL, never, sorts last).
 */
static const char *const patch2[] = {
	"CREATE TABLE ticket_tags (\n"
	"	tag TEXT NOT NULL,\n"
	"	updated_at INTEGER NOT NULL,\n"	/* the ticket's, 0 when NULL */
	"	ticket_id INTEGER NOT NULL,\n"
	"	PRIMARY KEY (tag, updated_at, ticket_id)\n"
	") WITHOUT ROWID;\n",
	"CREATE INDEX ticket_tags_ticket ON ticket_tags (ticket_id);\n",
	"CREATE TRIGGER tickets_tags_insert AFTER INSERT ON tickets BEGIN\n"
	NEW_TICKET_TAGS
	"END;\n",
	"CREATE TRIGGER tickets_tags_delete AFTER DELETE ON tickets BEGIN\n"
	"	DELETE FROM ticket_tags WHERE ticket_id = old.id;\n"
	"END;\n",
	"CREATE TRIGGER tickets_tags_update AFTER UPDATE OF id, tags, updated_at, json\n"
	"    ON tickets BEGIN\n"
	"	DELETE FROM ticket_tags WHERE ticket_id = old.id;\n"
	NEW_TICKET_TAGS
	"END;\n",
	"INSERT INTO ticket_tags (tag, updated_at, ticket_id)\n"
	"    SELECT DISTINCT j.value, coalesce(t.updated_at, 0), t.id\n"
	"    FROM tickets AS t, json_each(CASE WHEN json_valid(t.json) THEN t.json\n"
	"        ELSE '{}' END, '$.tags') AS j\n"
	"    WHERE j.type = 'text';\n",

	"DROP INDEX tickets_organization;\n",
	"CREATE INDEX tickets_organization_updated\n"
	"    ON tickets (organization_id, updated_at);\n",
	"CREATE INDEX users_role_name ON users (role, name);\n",
	"DROP INDEX payments_status_flagged;\n",
	"CREATE INDEX payments_status_flagged ON payments (status, flagged_at, id);\n",
	"CREATE INDEX payments_status_cancel\n"
	"    ON payments (status, ifnull(auto_cancel_at, 9223372036854775807), id);\n",

	"CREATE TABLE incident_components (\n"
	"	incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,\n"
	"	component_id TEXT NOT NULL,\n"
	"	name TEXT,\n"
	"	status TEXT,\n"		/* as the incident reported it */
	"	position INTEGER,\n"
	"	PRIMARY KEY (incident_id, component_id)\n"
	") WITHOUT ROWID;\n",

	"ALTER TABLE outbox ADD COLUMN claim_pid INTEGER;\n",
	"ALTER TABLE outbox ADD COLUMN claim_token TEXT;\n",
	"ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;\n",
	"CREATE INDEX outbox_unfinished ON outbox (target, id) WHERE state <> 'done';\n",

	"PRAGMA user_version = 2;\n",
	NULL
};

/*
 * Patch 3: what the console needs to mark a ticket that changed since the
 * user last opened it.
 *
 * ticket_seen: the ticket's updated_at when the user last opened it
 * (cache_ticket_seen_mark). It is the user's state, not a backend's: no
 * sync writes it, and a row may name a ticket that is not (or no longer)
 * cached. The list windows read it through a LEFT JOIN on its primary key
 * for the rows of the window only, so it changes no index plan. A ticket
 * deleted from the cache takes its row with it.
 *
 * tickets_priority_updated: priority filters (ticket_query.priorities)
 * read their run of this index in list order, as the status filter does,
 * and count through it. The expression is how the queries name "no
 * priority" (NULL or "", which Zendesk sends for none): it must be written
 * the same way in cache/query_tickets.c for SQLite to use the index.
 */
static const char *const patch3[] = {
	"CREATE TABLE ticket_seen (\n"
	"	ticket_id INTEGER PRIMARY KEY,\n"
	"	updated_at INTEGER NOT NULL\n"	/* the ticket's, when opened */
	");\n",
	"CREATE TRIGGER tickets_seen_delete AFTER DELETE ON tickets BEGIN\n"
	"	DELETE FROM ticket_seen WHERE ticket_id = old.id;\n"
	"END;\n",
	"CREATE INDEX tickets_priority_updated\n"
	"    ON tickets (coalesce(nullif(priority, ''), 'none'), updated_at);\n",

	"PRAGMA user_version = 3;\n",
	NULL
};

/*
 * Patch 4: what the outbox needs to keep "it may already have been
 * applied" beyond the claim that found it out (see cache/outbox.c).
 *
 * outbox.unsure: 1 when an earlier send of the row may have reached the
 * backend and no read-back has shown otherwise (an unknown outcome, an
 * orphan taken over, a read-back that failed). It survives failed, retry
 * and edit, so a retried row is read back before it is sent, and it is
 * cleared only by an outcome that proves the backend's state: done, or a
 * read-back that found the write absent.
 *
 * outbox.readback_at: unix seconds before which such a row is not read
 * back, because a copy of its request may still be on its way to the
 * backend (a timeout of ours, a gateway's 504, a claimer that died while
 * sending); NULL: at once.
 */
static const char *const patch4[] = {
	"ALTER TABLE outbox ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0\n"
	"    CHECK (unsure IN (0, 1));\n",
	"ALTER TABLE outbox ADD COLUMN readback_at INTEGER;\n",

	"PRAGMA user_version = 4;\n",
	NULL
};

/*
 * patches[k - 1] takes user_version from k - 1 to k, and says so itself in
 * its last statement (PRAGMA takes no bound parameter). A patch is a
 * NULL-terminated list of statements, each run with sqlite3_exec.
 */
static const char *const *const patches[] = {
	patch1,
	patch2,
	patch3,
	patch4,
};

_Static_assert(sizeof patches / sizeof patches[0] == CACHE_SCHEMA_VERSION,
    "CACHE_SCHEMA_VERSION must equal the number of schema patches");

const char *const *
cache_schema_patch(int k)
{
	if (k < 1 || k > CACHE_SCHEMA_VERSION)
		return NULL;
	return patches[k - 1];
}

int
cache_schema_newest(void)
{
	return CACHE_SCHEMA_VERSION;
}

/*
 * Applies patch k if the file is still at k - 1 once the write lock is held:
 * another tdesk process opening the same file at the same time may have
 * applied it first.
 */
static int
schema_apply_one(struct cache *c, int k, char **cause)
{
	const char *const *sql;
	int rc, v;

	if ((rc = cache_tx_begin(c, cause)) != CACHE_OK)
		return rc;
	if ((v = cache_schema_version(c)) < 0) {
		rc = cache_sqlite_error(c, cause, "reading the schema version");
		goto fail;
	}
	if (v > CACHE_SCHEMA_VERSION) {
		rc = cache_refuse_newer(cache_filename(c), v, cause);
		goto fail;
	}
	if (v >= k)
		return cache_tx_commit(c, cause);
	for (sql = patches[k - 1]; *sql != NULL; sql++) {
		if (sqlite3_exec(cache_db(c), *sql, NULL, NULL, NULL) != SQLITE_OK) {
			char *what = xasprintf("schema patch %d", k);

			rc = cache_sqlite_error(c, cause, what);
			free(what);
			goto fail;
		}
	}
	if ((v = cache_schema_version(c)) != k) {
		xcause(cause, "cache %s: schema patch %d left user_version at %d",
		    cache_filename(c), k, v);
		rc = CACHE_ERR;
		goto fail;
	}
	return cache_tx_commit(c, cause);

fail:
	cache_tx_rollback(c, NULL);
	return rc;
}

int
cache_schema_apply(struct cache *c, char **cause)
{
	int k, rc, v;

	if ((v = cache_schema_version(c)) < 0)
		return cache_sqlite_error(c, cause, "reading the schema version");
	if (v > CACHE_SCHEMA_VERSION)
		return cache_refuse_newer(cache_filename(c), v, cause);
	for (k = v + 1; k <= CACHE_SCHEMA_VERSION; k++) {
		if ((rc = schema_apply_one(c, k, cause)) != CACHE_OK)
			return rc;
	}
	return CACHE_OK;
}
