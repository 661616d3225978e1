/*
 * The Outbox tab's writes on the outbox itself (outbox_actions.c): retry,
 * drop and edit, each asking first where the user must see what happens.
 */
#ifndef TDESK_OUTBOX_ACTIONS_H
#define TDESK_OUTBOX_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "tui/console/ui.h"

/* Told of each write a retry or a drop took (the tab untags it). */
typedef void	(*outbox_taken_fn)(void *arg, int64_t id);

/*
 * Retry the writes ids (taken over, freed here) as cache_outbox_retry_plan
 * says: failed ones are queued again at once; a conflict is re-applied on
 * the server's version after a question, the detail pane showing what it
 * sets against what the server has now. Returns UI_* flags.
 */
int	 outbox_actions_retry(struct app *, int64_t *ids, size_t n,
	    outbox_taken_fn, void *arg);

/* Drop the writes ids (taken over) after a question. */
int	 outbox_actions_drop(struct app *, int64_t *ids, size_t n,
	    outbox_taken_fn, void *arg);

/* Edit write id in the editor (its reply's text, or its request body). */
int	 outbox_actions_edit(struct app *, int64_t id);

#endif
