/*
 * The console's tabs: each one's name, the context its keys are looked up
 * in, the functions its file gives, its : commands, the actions of its
 * context it handles and why the others do nothing yet. Read with
 * keymaps/ and the action table (tui/config/action_list.h), this is where
 * the code behind any key is found: a key's action is handled here by
 * the tab (its file's *_action), by the tab layer (tui/console/tab.c), or
 * by the console (tui/console/app.c).
 */
#include "tui/views/views.h"

#include <stddef.h>

#include "tui/console/tab.h"

/* ---- Tickets -------------------------------------------------------- */

static const char *const tickets_commands[] = {
	"view", "filter", "search", "tag-pattern", "untag-all", "reply", "note",
	"assign", "status", "priority", "tag", "untag", "macro", NULL,
};

/* tickets_action's own, tickets_write_action's, and the tab layer's
 * through the filter and tag-pattern hooks. */
static const enum action tickets_handles[] = {
	ACT_VIEW_NEXT, ACT_VIEW_PREV, ACT_VIEW_PICK, ACT_TICKET_REPLY,
	ACT_TICKET_NOTE, ACT_TICKET_ASSIGN, ACT_TICKET_ASSIGN_ME,
	ACT_TICKET_STATUS, ACT_TICKET_PRIORITY, ACT_TICKET_TAG_ADD,
	ACT_TICKET_TAG_REMOVE, ACT_TICKET_MACRO, ACT_FILTER, ACT_TAG_PATTERN,
	ACT_NONE,
};

const struct view view_tickets = {
	.name = "tickets",
	.title = "Tickets",
	.ctx = CTX_TICKET,
	.noun = "ticket",
	.filter_label = "Filter: ",
	.tag_pattern_label = "Tag tickets matching: ",
	.prompt_mode = APP_COMPLETE_WHOLE,
	.open = tickets_open,
	TAB_VIEW_FUNCS(tickets_draw),
	.command = tickets_command,
	.commands = tickets_commands,
	.complete = tickets_complete,
	.handles = tickets_handles,
};

/* ---- Payments ------------------------------------------------------- */

static const char *const payments_commands[] = { "filter", NULL };

/*
 * Resolving a payment moves money, so each write waits for its
 * confirmation, which shows what will happen to which amounts: until the
 * console's is built, the keys say so and name the command line's (the
 * header says the tab is read-only).
 */
static const enum action payments_handles[] = { ACT_FILTER, ACT_NONE };

static const struct view_action payments_not_built[] = {
	{ ACT_PAYMENT_ACCEPT, "accept: no confirmation for payment resolutions "
	    "yet \xe2\x80\x94 the console's money preview is not built; "
	    "tdesk payment accept ID shows it and asks, from the command line" },
	{ ACT_PAYMENT_REFUND, "refund: no confirmation for refunds yet "
	    "\xe2\x80\x94 the console's money preview is not built; tdesk "
	    "payment refund ID [--amount A] shows it and asks, from the "
	    "command line" },
	{ ACT_PAYMENT_RECALCULATE, "recalculate: no confirmation for a "
	    "recalculation yet \xe2\x80\x94 the console's money preview is not "
	    "built; tdesk payment recalculate ID shows it and asks, from the "
	    "command line" },
	{ ACT_TAG_PATTERN, "tag-pattern: tagging payments by filter is not "
	    "built yet; t tags the selected payment, F narrows the list" },
	{ ACT_NONE, NULL },
};

const struct view view_payments = {
	.name = "payments",
	.title = "Payments",
	.ctx = CTX_PAYMENT,
	.backend = VIEW_BACKEND_PAYMENTS,
	.noun = "payment",
	.filter_label = "Filter payments: ",
	.empty = "No flagged payment is in the cache.",
	.empty_filtered = "No payment matches the filter.",
	.gone = "This payment is no longer in the cache.",
	.read_only = true,
	.tab = &payments_tab,
	TAB_VIEW_FUNCS(tab_draw),
	.command = tab_view_command,
	.commands = payments_commands,
	.complete = payments_complete,
	.handles = payments_handles,
	.not_built = payments_not_built,
};

/* ---- Incidents ------------------------------------------------------ */

/* Posting an update reaches customers: until its editor is built, the
 * key says so (the header says the tab is read-only). */
static const struct view_action incidents_not_built[] = {
	{ ACT_INCIDENT_UPDATE, "update: no incident update yet \xe2\x80\x94 "
	    "the editor for its status, message and affected components is "
	    "not built; post it on Statuspage" },
	{ ACT_FILTER, "filter: there is no filter language for incidents "
	    "yet; / searches the list" },
	{ ACT_TAG_PATTERN, "tag-pattern: tagging incidents by filter is not "
	    "built yet; t tags the selected incident" },
	{ ACT_NONE, NULL },
};

const struct view view_incidents = {
	.name = "incidents",
	.title = "Incidents",
	.ctx = CTX_INCIDENT,
	.backend = VIEW_BACKEND_STATUSPAGE,
	.noun = "incident",
	.empty = "No incident is in the cache.",
	.gone = "This incident is no longer in the cache.",
	.read_only = true,
	.open_empty = true,
	.tab = &incidents_tab,
	TAB_VIEW_FUNCS(tab_draw),
	.not_built = incidents_not_built,
};

/* ---- Outbox --------------------------------------------------------- */

static const char *const outbox_commands[] = { "retry", "drop", NULL };

static const enum action outbox_handles[] = {
	ACT_OUTBOX_RETRY, ACT_OUTBOX_EDIT, ACT_OUTBOX_DROP, ACT_NONE,
};

static const struct view_action outbox_not_built[] = {
	{ ACT_FILTER, "filter: there is no filter language for the outbox's "
	    "writes yet; / searches the list" },
	{ ACT_TAG_PATTERN, "tag-pattern: tagging writes by filter is not "
	    "built yet; t tags the selected write" },
	{ ACT_NONE, NULL },
};

const struct view view_outbox = {
	.name = "outbox",
	.title = "Outbox",
	.ctx = CTX_OUTBOX,
	.noun = "write",
	.empty = "Nothing is waiting to be sent.",
	.tab = &outbox_tab,
	TAB_VIEW_FUNCS(outbox_draw),
	.command = outbox_command,
	.commands = outbox_commands,
	.complete = outbox_complete,
	.badge = outbox_badge,
	.handles = outbox_handles,
	.not_built = outbox_not_built,
};
