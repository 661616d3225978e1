/*
 * tui/views: the console's tabs, one file each, and what the Tickets tab
 * shows and does for one ticket. A view is a struct view (tui/console/ui.h):
 * it reads windows of the cache, draws its list and detail, and queues
 * writes through cache/actions.h; it never touches the network.
 *
 *	view_tickets.[ch]	the Tickets tab: views (queues), filters, the
 *				list of tickets
 *	ticket_detail.c		one ticket: fields, the customer's billing
 *				standing, the conversation
 *	ticket_actions.c	reply, note, status, assign, macros, tags, bulk
 *				actions on tagged tickets
 *	view_payments.c		the Payments tab: flagged payments and their
 *				detail
 *	view_incidents.c	the Incidents tab: incidents, timeline,
 *				components
 *	view_outbox.c		the Outbox tab: queued, failed, conflicting and
 *				unknown writes
 *	outbox_actions.[ch]	its retry, drop and edit: the questions asked
 *				first and the messages after (what each does
 *				is cache/outbox_describe.h's to say)
 *	views.[ch]		the table of tabs: each one's name, key
 *				context, functions, : commands, the actions it
 *				handles and why the others do nothing yet
 */
#ifndef TDESK_TUI_VIEWS_LIB_H
#define TDESK_TUI_VIEWS_LIB_H

#include "tui/console/ui.h"
#include "tui/views/view_tickets.h"
#include "tui/views/views.h"

#endif
