/*
 * Every console action and every key context, each defined once. The
 * X-macros below expand into enum action, enum keymap_context, the name
 * lookups, the built-in default bindings, the "?" screen and the man page's
 * key list (see keymap.h). (Not "actions.h": cache/actions.h has that name.)
 */
#ifndef TDESK_ACTION_LIST_H
#define TDESK_ACTION_LIST_H

/*
 * X(ID, "name", PARENT, "help"): a context is where a key is looked up.
 * A key not bound in a context is looked up in its parent, then the
 * parent's parent; CTX_NONE ends the chain. The prompt has no parent:
 * while typing, "q" is a letter, not quit.
 */
#define TDESK_CONTEXTS(X)						\
	X(GLOBAL,   "global",   CTX_NONE,   "every screen but the prompt") \
	X(LIST,     "list",     CTX_GLOBAL, "every list and detail pane") \
	X(TICKET,   "ticket",   CTX_LIST,   "the Tickets tab")		\
	X(PAYMENT,  "payment",  CTX_LIST,   "the Payments tab")		\
	X(INCIDENT, "incident", CTX_LIST,   "the Incidents tab")	\
	X(OUTBOX,   "outbox",   CTX_LIST,   "the Outbox tab")		\
	X(PROMPT,   "prompt",   CTX_NONE,   "the : command line and every one-line question")

/*
 * X(ID, "name", CTX, "keys", "help"): the action ID is valid in context
 * CTX and in every context below it (a list action in the ticket context,
 * a global one anywhere but the prompt). "keys" are its default keys in
 * keymap-file syntax separated by spaces, "" for an action that is
 * deliberately unbound by default (keymaps/default.keys says so too).
 */
#define TDESK_ACTIONS(X)						\
	/* global */							\
	X(QUIT,          "quit",          GLOBAL, "q",            "Quit tdesk") \
	X(HELP,          "help",          GLOBAL, "?",            "Show every action of this screen and its keys") \
	X(COMMAND_LINE,  "command-line",  GLOBAL, ":",            "Open the command line") \
	X(BACK,          "back",          GLOBAL, "<Esc> <Left>", "Close this pane or go back") \
	X(NEXT_TAB,      "next-tab",      GLOBAL, "<Tab>",        "Go to the next tab") \
	X(PREV_TAB,      "prev-tab",      GLOBAL, "<BackTab>",    "Go to the previous tab") \
	X(TAB_TICKETS,   "tab-tickets",   GLOBAL, "1",            "Go to the Tickets tab") \
	X(TAB_PAYMENTS,  "tab-payments",  GLOBAL, "2",            "Go to the Payments tab") \
	X(TAB_INCIDENTS, "tab-incidents", GLOBAL, "3",            "Go to the Incidents tab") \
	X(TAB_OUTBOX,    "tab-outbox",    GLOBAL, "4",            "Go to the Outbox tab") \
	X(REDRAW,        "redraw",        GLOBAL, "C-l",          "Redraw the screen") \
	X(SYNC_NOW,      "sync-now",      GLOBAL, "$",            "Synchronise every backend now") \
	/* list */							\
	X(MOVE_DOWN,     "move-down",     LIST,   "j <Down>",     "Move to the next line") \
	X(MOVE_UP,       "move-up",       LIST,   "k <Up>",       "Move to the previous line") \
	X(PAGE_DOWN,     "page-down",     LIST,   "<PageDown> <Space>", "Move one page down") \
	X(PAGE_UP,       "page-up",       LIST,   "<PageUp> b",   "Move one page up") \
	X(TOP,           "top",           LIST,   "g <Home>",     "Move to the first line") \
	X(BOTTOM,        "bottom",        LIST,   "G <End>",      "Move to the last line") \
	X(OPEN,          "open",          LIST,   "<Enter>",      "Open the selected line") \
	X(SEARCH,        "search",        LIST,   "/",            "Search this list") \
	X(SEARCH_NEXT,   "search-next",   LIST,   "n",            "Go to the next match") \
	X(SEARCH_PREV,   "search-prev",   LIST,   "N",            "Go to the previous match") \
	X(TAG,           "tag",           LIST,   "t",            "Tag or untag the selected line") \
	X(TAG_PATTERN,   "tag-pattern",   LIST,   "T",            "Tag every line that matches a filter") \
	X(TAG_PREFIX,    "tag-prefix",    LIST,   ";",            "Apply the next action to every tagged line") \
	X(FILTER,        "filter",        LIST,   "F",            "Narrow this list with a filter (empty: the whole list)") \
	/* ticket */							\
	X(TICKET_REPLY,      "ticket-reply",      TICKET, "r", "Write a public reply") \
	X(TICKET_NOTE,       "ticket-note",       TICKET, "i", "Write an internal note") \
	X(TICKET_ASSIGN,     "ticket-assign",     TICKET, "a", "Assign to an agent or a group") \
	X(TICKET_ASSIGN_ME,  "ticket-assign-me",  TICKET, "A", "Assign to me") \
	X(TICKET_STATUS,     "ticket-status",     TICKET, "s", "Change the status") \
	X(TICKET_PRIORITY,   "ticket-priority",   TICKET, "p", "Change the priority") \
	X(TICKET_TAG_ADD,    "ticket-tag-add",    TICKET, "+", "Add tags") \
	X(TICKET_TAG_REMOVE, "ticket-tag-remove", TICKET, "-", "Remove tags") \
	X(TICKET_MACRO,      "ticket-macro",      TICKET, "m", "Apply a macro") \
	X(VIEW_NEXT,         "view-next",         TICKET, "]", "Show the next ticket view") \
	X(VIEW_PREV,         "view-prev",         TICKET, "[", "Show the previous ticket view") \
	X(VIEW_PICK,         "view-pick",         TICKET, "v", "Choose a ticket view by name") \
	/* payment, incident */						\
	X(PAYMENT_ACCEPT,      "payment-accept",      PAYMENT,  "a", "Accept the payment as it is") \
	X(PAYMENT_RECALCULATE, "payment-recalculate", PAYMENT,  "",  "Ask the payments backend to recalculate (unbound: rare and slow)") \
	X(PAYMENT_REFUND,      "payment-refund",      PAYMENT,  "f", "Refund all or part of the payment") \
	X(INCIDENT_UPDATE,     "incident-update",     INCIDENT, "u", "Post an incident update") \
	/* outbox */							\
	X(OUTBOX_RETRY,  "outbox-retry",  OUTBOX, "r",            "Send the selected write again") \
	X(OUTBOX_EDIT,   "outbox-edit",   OUTBOX, "e",            "Edit the selected write and re-apply it") \
	X(OUTBOX_DROP,   "outbox-drop",   OUTBOX, "d",            "Drop the selected write") \
	/* prompt */							\
	X(PROMPT_SUBMIT,       "prompt-submit",       PROMPT, "<Enter>",         "Run or accept what was typed") \
	X(PROMPT_CANCEL,       "prompt-cancel",       PROMPT, "<Esc> C-g",       "Cancel the prompt") \
	X(PROMPT_COMPLETE,     "prompt-complete",     PROMPT, "<Tab>",           "Complete the word at the cursor") \
	X(PROMPT_HISTORY_PREV, "prompt-history-prev", PROMPT, "<Up> C-p",        "Recall the previous entry") \
	X(PROMPT_HISTORY_NEXT, "prompt-history-next", PROMPT, "<Down> C-n",      "Recall the next entry") \
	X(PROMPT_LEFT,         "prompt-left",         PROMPT, "<Left> C-b",      "Move the cursor left") \
	X(PROMPT_RIGHT,        "prompt-right",        PROMPT, "<Right> C-f",     "Move the cursor right") \
	X(PROMPT_HOME,         "prompt-home",         PROMPT, "<Home> C-a",      "Move to the start of the line") \
	X(PROMPT_END,          "prompt-end",          PROMPT, "<End> C-e",       "Move to the end of the line") \
	X(PROMPT_BACKSPACE,    "prompt-backspace",    PROMPT, "<BackSpace> C-h", "Delete the character before the cursor") \
	X(PROMPT_DELETE,       "prompt-delete",       PROMPT, "<Delete> C-d",    "Delete the character at the cursor") \
	X(PROMPT_KILL_LINE,    "prompt-kill-line",    PROMPT, "C-u",             "Delete the whole line") \
	X(PROMPT_DELETE_WORD,  "prompt-delete-word",  PROMPT, "C-w",             "Delete the word before the cursor")

#define CTX_ENUM_(id, name, parent, help) CTX_##id,
enum keymap_context {
	CTX_NONE = -1,
	TDESK_CONTEXTS(CTX_ENUM_)
	CTX_COUNT
};
#undef CTX_ENUM_

#define ACT_ENUM_(id, name, ctx, keys, help) ACT_##id,
enum action {
	ACT_NONE = 0,	/* no binding */
	TDESK_ACTIONS(ACT_ENUM_)
	ACT_COUNT
};
#undef ACT_ENUM_

#endif
