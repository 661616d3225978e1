/*
 * What outbox.c shares with outbox_user.c, and no one else: the columns a
 * row is read from, durable transactions, and the claimer test.
 */
#ifndef TDESK_OUTBOX_INT_H
#define TDESK_OUTBOX_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "cache/outbox.h"

#define OUTBOX_ROW_COLUMNS \
	"id, created_at, updated_at, backend, target, kind, payload, state, " \
	"attempts, idempotency_key, last_error, conflict_json, " \
	"ifnull(claim_pid, 0), claim_token, ifnull(claimed_at, 0), unsure, " \
	"ifnull(readback_at, 0)"

typedef int outbox_fn(struct cache *c, void *arg, char **cause);

/*
 * fn inside BEGIN IMMEDIATE ... COMMIT at synchronous=FULL: when this
 * returns CACHE_OK the change is on disk.
 */
int	 outbox_tx(struct cache *, outbox_fn *, void *arg, char **cause);

/* Runs a prepared, bound statement that returns no row. */
int	 outbox_step_done(struct cache *, sqlite3_stmt *, const char *what,
	    char **cause);

/*
 * A statement that could not be prepared or bound: cache_sqlite_error's
 * code and cause naming what, then st (NULL or not) is finalized. Call
 * it right after the failing sqlite3 call.
 */
int	 outbox_stmt_fail(struct cache *, sqlite3_stmt *st, const char *what,
	    char **cause);

/* A row from a statement that selected OUTBOX_ROW_COLUMNS. */
void	 outbox_row_fill(sqlite3_stmt *, struct outbox_row *);

/* A fresh random Idempotency-Key. */
int	 outbox_new_key(struct cache *, char key[OUTBOX_KEY_LEN + 1],
	    char **cause);

/* Whether the process that claimed a row (pid and start token) lives. */
bool	 outbox_claimer_alive(int64_t pid, const char *token);

#endif
