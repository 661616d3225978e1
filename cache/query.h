/*
 * Reading the cache for the listings and the console: every list is a
 * window (at most limit rows) over an index, never a whole table, so a
 * cache of a million tickets lists as fast as one of a hundred.
 *
 * Windows: tickets, comments and payments page by key (the sort value and
 * id of the row the window continues from), which costs the same on page
 * one and page ten thousand; the small lists (incidents, components,
 * templates, macros, agents) by offset. A window in CACHE_BACKWARD
 * direction holds the rows just before the key, still in the query's
 * order, so a list can scroll up; with no key it holds the last rows.
 *
 * Rows are copies the caller owns: free an array with its *_free(&rows,
 * n), which frees every row and the array and sets *rows to NULL. Text
 * from a backend is returned as stored: sanitise it before it reaches a
 * terminal. Times are unix seconds, 0 when unknown. Errors as in cache.h.
 */
#ifndef TDESK_QUERY_H
#define TDESK_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "api/model.h"

enum cache_dir {
	CACHE_FORWARD = 0,	/* the rows after the key (first rows: no key) */
	CACHE_BACKWARD,		/* the rows before the key (last rows: no key) */
};

/* Where a window continues from: the sort value and id of a row. */
struct cache_key {
	int64_t		 at;		/* the sort time (updated_at, created_at);
					 * ignored when sorting by id */
	int64_t		 id;
};

/* ---- Tickets ---------------------------------------------------------- */

/* Ticket status categories, for ticket_query.statuses. */
enum ticket_status_bit {
	TICKET_STATUS_NEW	= 1 << 0,
	TICKET_STATUS_OPEN	= 1 << 1,
	TICKET_STATUS_PENDING	= 1 << 2,
	TICKET_STATUS_HOLD	= 1 << 3,
	TICKET_STATUS_SOLVED	= 1 << 4,
	TICKET_STATUS_CLOSED	= 1 << 5,
};

/* The bit of a status name ("open"), 0 if it is not one. */
unsigned cache_ticket_status_bit(const char *name);

/*
 * Ticket priorities, for ticket_query.priorities, in Zendesk's order (low
 * to urgent); TICKET_PRIORITY_NONE is a ticket with no priority (Zendesk
 * sends null).
 */
enum ticket_priority_bit {
	TICKET_PRIORITY_LOW	= 1 << 0,
	TICKET_PRIORITY_NORMAL	= 1 << 1,
	TICKET_PRIORITY_HIGH	= 1 << 2,
	TICKET_PRIORITY_URGENT	= 1 << 3,
	TICKET_PRIORITY_NONE	= 1 << 4,
};

/* The bit of a priority name ("high", or "none"), 0 if it is not one. */
unsigned cache_ticket_priority_bit(const char *name);

enum ticket_assignee_filter {
	TICKET_ASSIGNEE_ANY = 0,	/* no filter */
	TICKET_ASSIGNEE_NONE,		/* unassigned */
	TICKET_ASSIGNEE_ID,		/* assignee_id (the caller's own id for "me") */
	TICKET_ASSIGNEE_SOME,		/* assigned to anyone */
};

enum ticket_sort {
	TICKET_SORT_UPDATED_DESC = 0,	/* most recently changed first; the default */
	TICKET_SORT_UPDATED_ASC,	/* longest untouched first */
	TICKET_SORT_ID_DESC,		/* newest ticket first */
	TICKET_SORT_ID_ASC,
};

/*
 * Which tickets, in which order. Zeroed: every ticket, newest change
 * first. Every field that is set must hold (AND). Strings and arrays are
 * borrowed for the call.
 *
 * Tags are compared as stored (Zendesk lowercases them). tag is the one
 * tag of callers that filter on one; it joins tags (a tag given in both is
 * required once). A tag both required and excluded matches nothing.
 *
 * Free text: each word (split at white space) must be found in the
 * subject or a comment. A word of three characters or more is looked up
 * in the trigram FTS indexes (case-folded in every script). The trigram
 * tokenizer cannot match a shorter word (a two-kanji word such as 決済,
 * counted in UTF-8 characters), so such a word is matched as a substring
 * of the subject only, case-insensitively for ASCII letters (SQLite's
 * lower()): not in comments. Its cost: nothing indexes it, so the window
 * reads the tickets in its index's order, testing each subject, until the
 * window is full (a word that few subjects hold reads most of the index),
 * and a count or position with such a word reads every ticket the other
 * filters leave.
 */
struct ticket_query {
	unsigned	 statuses;	/* TICKET_STATUS_* bits; 0: any */
	unsigned	 priorities;	/* TICKET_PRIORITY_* bits; 0: any */
	enum ticket_assignee_filter assignee;
	int64_t		 assignee_id;	/* with TICKET_ASSIGNEE_ID */
	int64_t		 group_id;	/* 0: any */
	int64_t		 organization_id; /* 0: any */
	int64_t		 requester_id;	/* 0: any */
	const char	*tag;		/* one required tag; NULL: none */
	const char *const *tags;	/* ntags required tags, all of them */
	size_t		 ntags;
	const char *const *not_tags;	/* nnot_tags excluded tags, any of them
					 * rules a ticket out */
	size_t		 nnot_tags;
	const char	*text;		/* words, see above; NULL or blank: none */
	int64_t		 updated_since;	/* updated_at at or after; 0: any */
	int64_t		 updated_before; /* updated_at strictly before; 0: any */
	enum ticket_sort sort;
};

/* What a list shows of a ticket. */
struct ticket_row {
	int64_t		 id;
	char		*subject;		/* NULL: none */
	char		*status;
	char		*priority;		/* NULL: none */
	int64_t		 requester_id;		/* 0: none */
	char		*requester_name;	/* NULL: not cached */
	int64_t		 organization_id;	/* 0: none */
	char		*organization_name;	/* NULL: none or not cached */
	char		*billing_standing;	/* NULL: unknown */
	int64_t		 assignee_id;		/* 0: unassigned */
	char		*assignee_name;		/* NULL: unassigned or not cached */
	int64_t		 group_id;		/* 0: none */
	char		*group_name;		/* NULL: none or not cached */
	char		*tags;			/* space-separated, "" for none */
	int64_t		 created_at;
	int64_t		 updated_at;
	int64_t		 due_at;		/* 0: none */
	int64_t		 seen_updated_at;	/* 0: never opened; else the
						 * updated_at it had when the
						 * user last opened it, so
						 * updated_at > seen_updated_at
						 * is "changed since you
						 * opened it" */
};

/*
 * Records that the user opened ticket_id as it was at updated_at (the
 * row's updated_at as shown), replacing an earlier mark; the one write in
 * this header, because it is the console's state, not a backend's. Kept
 * across runs; removed with the ticket. Errors as in cache.h; calling it
 * inside an open transaction joins that transaction.
 */
int	 cache_ticket_seen_mark(struct cache *c, int64_t ticket_id,
	    int64_t updated_at, char **cause) TD_WUR;

/* The key that continues a window after (or before) row. */
struct cache_key cache_ticket_row_key(const struct ticket_row *row);

/*
 * Up to limit tickets matching q, after (CACHE_FORWARD) or before
 * (CACHE_BACKWARD) key in q's order; key NULL starts at the first (or
 * last) row. *rows is an array of *n rows in q's order, NULL when *n is 0.
 */
int	 cache_tickets_window(struct cache *c, const struct ticket_query *q,
	    const struct cache_key *key, enum cache_dir dir, size_t limit,
	    struct ticket_row **rows, size_t *n, char **cause) TD_WUR;

/* How many tickets match q (for "1,204 open"): an index count, not a window. */
int	 cache_tickets_count(struct cache *c, const struct ticket_query *q,
	    int64_t *n, char **cause) TD_WUR;

/* How many tickets matching q come before key in q's order (a scroll position). */
int	 cache_tickets_position(struct cache *c, const struct ticket_query *q,
	    const struct cache_key *key, int64_t *n, char **cause) TD_WUR;

/*
 * EXPLAIN QUERY PLAN of the statement cache_tickets_window would run, one
 * line per step ("SEARCH t USING COVERING INDEX ..."), for tests and -v
 * logs; *plan is the caller's.
 */
int	 cache_tickets_explain(struct cache *c, const struct ticket_query *q,
	    const struct cache_key *key, enum cache_dir dir, char **plan,
	    char **cause) TD_WUR;

void	 cache_ticket_rows_free(struct ticket_row **rows, size_t n);

/* One ticket with what its detail pane shows besides the conversation. */
struct ticket_detail {
	struct ticket_row row;
	char		*type;			/* NULL: none */
	char		*updated_stamp;		/* for a safe update; NULL: none */
	char		*requester_email;	/* NULL: none or not cached */
	char		*description;		/* NULL: none */
	char		*json;			/* the whole cached record */
};

/* *found false (and *out zeroed) when the ticket is not cached. */
int	 cache_ticket_get(struct cache *c, int64_t id, struct ticket_detail *out,
	    bool *found, char **cause) TD_WUR;
void	 cache_ticket_detail_clear(struct ticket_detail *);

struct comment_row {
	int64_t		 id;
	int64_t		 author_id;		/* -1: Zendesk itself */
	char		*author_name;		/* NULL: not cached */
	char		*author_role;		/* end-user agent admin; NULL: unknown */
	char		*body;
	bool		 public;		/* false: an internal note */
	char		*via_channel;		/* NULL: unknown */
	int64_t		 created_at;
	int64_t		 nattachments;
};

/*
 * A window over one ticket's conversation, oldest first; the key is
 * (created_at, id) of a comment. CACHE_BACKWARD with no key gives the
 * latest comments.
 */
int	 cache_comments_window(struct cache *c, int64_t ticket_id,
	    const struct cache_key *key, enum cache_dir dir, size_t limit,
	    struct comment_row **rows, size_t *n, char **cause) TD_WUR;
struct cache_key cache_comment_row_key(const struct comment_row *row);
void	 cache_comment_rows_free(struct comment_row **rows, size_t n);

/* ---- People, groups, macros ------------------------------------------- */

struct user_row {
	int64_t		 id;
	char		*name;
	char		*email;			/* NULL: none */
	char		*role;			/* end-user agent admin */
	int64_t		 organization_id;	/* 0: none */
	char		*organization_name;	/* NULL: none or not cached */
	char		*billing_standing;	/* NULL: unknown */
};

struct group_row {
	int64_t		 id;
	char		*name;
	bool		 deleted;
};

struct organization_row {
	int64_t		 id;
	char		*name;
	char		*billing_standing;	/* NULL: unknown */
	int64_t		 updated_at;
};

struct macro_row {
	int64_t		 id;
	char		*title;
	char		*description;		/* NULL: none */
	bool		 active;
	char		*actions;		/* JSON array text */
};

/* One record by id; *found false (and *out zeroed) when not cached. */
int	 cache_user_get(struct cache *c, int64_t id, struct user_row *out,
	    bool *found, char **cause) TD_WUR;
int	 cache_group_get(struct cache *c, int64_t id, struct group_row *out,
	    bool *found, char **cause) TD_WUR;
int	 cache_organization_get(struct cache *c, int64_t id,
	    struct organization_row *out, bool *found, char **cause) TD_WUR;
int	 cache_macro_get(struct cache *c, int64_t id, struct macro_row *out,
	    bool *found, char **cause) TD_WUR;

/*
 * Agents and admins (assignee pickers) by name, those whose name starts
 * with prefix (ASCII case-insensitively; NULL or "": all).
 */
int	 cache_agents_window(struct cache *c, const char *prefix, size_t offset,
	    size_t limit, struct user_row **rows, size_t *n, char **cause) TD_WUR;

/* Groups that are not deleted, by name. */
int	 cache_groups_window(struct cache *c, size_t offset, size_t limit,
	    struct group_row **rows, size_t *n, char **cause) TD_WUR;

/* Macros by title; active_only leaves out the inactive ones. */
int	 cache_macros_window(struct cache *c, bool active_only, size_t offset,
	    size_t limit, struct macro_row **rows, size_t *n, char **cause) TD_WUR;

void	 cache_user_row_clear(struct user_row *);
void	 cache_group_row_clear(struct group_row *);
void	 cache_organization_row_clear(struct organization_row *);
void	 cache_macro_row_clear(struct macro_row *);
void	 cache_user_rows_free(struct user_row **rows, size_t n);
void	 cache_group_rows_free(struct group_row **rows, size_t n);
void	 cache_macro_rows_free(struct macro_row **rows, size_t n);

/* ---- Payments --------------------------------------------------------- */

enum payment_sort {
	PAYMENT_SORT_FLAGGED_DESC = 0,	/* most recently flagged first */
	PAYMENT_SORT_CANCEL_ASC,	/* soonest auto-cancel first, never last */
};

/* Which payments, in which order. Zeroed: all, most recently flagged first. */
struct payment_query {
	unsigned	 statuses;	/* bits 1u << enum payment_status (known
					 * statuses only); 0: any */
	unsigned	 reasons;	/* PAYMENT_REASON_* bits, any of them; 0: any */
	const char	*currency;	/* NULL: any */
	enum payment_sort sort;
};

/* Where a payments window continues: the sort time and id of a row. */
struct payment_key {
	int64_t		 at;		/* flagged_at, or auto_cancel_at
					 * (INT64_MAX for never) */
	const char	*id;		/* borrowed */
};

struct payment_row {
	char		*id;
	char		*order_id;
	int64_t		 version;
	char		*status;
	char		*provider;
	char		*currency;
	int64_t		 expected_minor;
	int64_t		 received_minor;
	bool		 has_fee;
	int64_t		 fee_minor;		/* 0 unless has_fee */
	char		*reasons;		/* space-separated names */
	char		*customer_name;
	char		*customer_email;	/* NULL: none */
	int64_t		 zendesk_user_id;	/* 0: not linked */
	int64_t		 received_at;
	int64_t		 flagged_at;
	int64_t		 auto_cancel_at;	/* 0: never */
	int64_t		 updated_at;
};

/* The key that continues a window after (or before) row under sort. */
struct payment_key cache_payment_row_key(const struct payment_row *row,
	    enum payment_sort sort);

int	 cache_payments_window(struct cache *c, const struct payment_query *q,
	    const struct payment_key *key, enum cache_dir dir, size_t limit,
	    struct payment_row **rows, size_t *n, char **cause) TD_WUR;
int	 cache_payments_count(struct cache *c, const struct payment_query *q,
	    int64_t *n, char **cause) TD_WUR;
void	 cache_payment_rows_free(struct payment_row **rows, size_t n);

struct payment_event_row {
	int64_t		 at;
	char		*actor;
	char		*action;
	char		*note;			/* NULL: none */
};

/* A ticket a payment is linked to, with what the cache knows of it. */
struct payment_ticket_row {
	int64_t		 ticket_id;
	char		*subject;		/* NULL: the ticket is not cached */
	char		*status;		/* NULL: the ticket is not cached */
};

struct payment_detail {
	struct payment_row row;
	char		*expected_reference;	/* NULL: none */
	char		*received_reference;
	char		*expected_account;
	char		*received_account;
	struct payment_event_row *history;	/* nhistory, oldest first */
	size_t		 nhistory;
	struct payment_ticket_row *tickets;	/* ntickets, by ticket id */
	size_t		 ntickets;
	char		*json;			/* the whole cached record */
};

int	 cache_payment_get(struct cache *c, const char *id,
	    struct payment_detail *out, bool *found, char **cause) TD_WUR;
void	 cache_payment_detail_clear(struct payment_detail *);

/*
 * Payments linked to a ticket: by the payment's ticket links, or because
 * the payment's customer is the ticket's requester (zendesk_user_id); most
 * recently flagged first, at most limit.
 */
int	 cache_ticket_payments(struct cache *c, int64_t ticket_id, size_t limit,
	    struct payment_row **rows, size_t *n, char **cause) TD_WUR;

/* ---- Incidents -------------------------------------------------------- */

struct incident_row {
	char		*id;
	char		*name;
	char		*status;
	char		*impact;
	bool		 resolved;		/* resolved, completed or
						 * postmortem */
	int64_t		 created_at;
	int64_t		 updated_at;
	int64_t		 resolved_at;		/* 0: not resolved */
	int64_t		 next_update_due;	/* 0: no reminder set */
};

struct incident_update_row {
	char		*id;
	char		*status;
	char		*body;
	int64_t		 created_at;
	int64_t		 display_at;
};

struct component_row {
	char		*id;
	char		*name;
	char		*status;
	char		*group_id;		/* NULL: not in a group */
	int64_t		 position;
};

struct incident_detail {
	struct incident_row row;
	struct incident_update_row *updates;	/* nupdates, newest first */
	size_t		 nupdates;
	struct component_row *components;	/* ncomponents affected, with
						 * the status the incident
						 * gave them */
	size_t		 ncomponents;
	char		*json;
};

struct template_row {
	char		*id;
	char		*name;
	char		*title;
	char		*body;
	char		*update_status;		/* NULL: none */
};

/* Unresolved incidents first, then the rest; each part most recently updated first. */
int	 cache_incidents_window(struct cache *c, size_t offset, size_t limit,
	    struct incident_row **rows, size_t *n, char **cause) TD_WUR;
/* How many incidents the cache holds. */
int	 cache_incidents_count(struct cache *c, int64_t *n, char **cause) TD_WUR;
int	 cache_incident_get(struct cache *c, const char *id,
	    struct incident_detail *out, bool *found, char **cause) TD_WUR;

/* The page's components in page order; templates by name. */
int	 cache_components_window(struct cache *c, size_t offset, size_t limit,
	    struct component_row **rows, size_t *n, char **cause) TD_WUR;
int	 cache_templates_window(struct cache *c, size_t offset, size_t limit,
	    struct template_row **rows, size_t *n, char **cause) TD_WUR;

/*
 * Incidents linked to a ticket, unresolved first, then most recently
 * updated; at most limit.
 *
 * The link (a decision, not a Zendesk or Statuspage feature): a ticket is
 * linked to a Statuspage incident when it carries the tag
 * "incident_<incident id>", e.g. incident_p8rtnr0ut4ge. Ids are compared
 * case-insensitively, because Zendesk lowercases tags and Statuspage ids
 * are mixed-case letters and digits. Agents (or a Zendesk trigger) add the
 * tag; an incident that is not cached (too old for the sync's window) is
 * not listed.
 */
int	 cache_ticket_incidents(struct cache *c, int64_t ticket_id,
	    size_t limit, struct incident_row **rows, size_t *n,
	    char **cause) TD_WUR;

void	 cache_incident_rows_free(struct incident_row **rows, size_t n);
void	 cache_incident_detail_clear(struct incident_detail *);
void	 cache_component_rows_free(struct component_row **rows, size_t n);
void	 cache_template_rows_free(struct template_row **rows, size_t n);

#endif
