/*
 * The Tickets tab's detail pane: the selected ticket as lines wrapped to
 * the pane, built from the cache when first drawn and scrolled when the
 * pane has the focus. Public replies and internal notes are told apart
 * by a label and a colour, never by colour alone.
 */
#include "tui/views/view_tickets.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/money.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"

/* Linked records shown at most. */
#define DETAIL_PAYMENTS		10
#define DETAIL_INCIDENTS	5
#define DETAIL_COMMENTS		200

void
tickets_detail_reset(struct tickets *t)
{
	pane_clear(&t->tab.pane);
	t->detail_id = 0;
}

/* The colour of a billing standing: good, trouble, or stopped. */
static enum ui_role
standing_role(const char *s)
{
	if (s == NULL)
		return UI_DIM;
	if (strstr(s, "good") != NULL || strcmp(s, "current") == 0 ||
	    strcmp(s, "active") == 0)
		return UI_GOOD;
	if (strstr(s, "suspend") != NULL || strstr(s, "cancel") != NULL ||
	    strstr(s, "delinquent") != NULL || strstr(s, "collections") != NULL)
		return UI_ERROR;
	return UI_WARN;
}

/* Whether reading a part of the detail failed (rc a CACHE_* code): the
 * pane then says so in place of the part. */
static bool
failed(struct pane *pn, int rc, const char *what, char *cause)
{
	if (rc == CACHE_OK)
		return false;
	pane_add(pn, UI_ERROR, 0, "%s: %s", what, cause);
	free(cause);
	return true;
}

static void
add_payments(struct tickets *t, int64_t id)
{
	struct pane *pn = &t->tab.pane;
	struct payment_row *p = NULL;
	char *cause = NULL, exp[48], got[48];
	size_t n = 0, i;
	int rc;

	rc = cache_ticket_payments(t->tab.app->cache, id, DETAIL_PAYMENTS, &p, &n,
	    &cause);
	if (failed(pn, rc, "Payments", cause))
		return;
	if (n == 0)
		return;
	pane_add(pn, UI_LABEL, 0, "Payments (%zu):", n);
	for (i = 0; i < n; i++) {
		money_format(p[i].expected_minor, p[i].currency, exp, sizeof exp);
		money_format(p[i].received_minor, p[i].currency, got, sizeof got);
		pane_add(pn, strcmp(p[i].status, "flagged") == 0 ? UI_WARN :
		    UI_NORMAL, 2, "%s %s: ordered %s %s, paid %s \xc2\xb7 %s", p[i].id,
		    p[i].status, p[i].currency, exp, got, p[i].reasons);
	}
	cache_payment_rows_free(&p, n);
}

static void
add_incidents(struct tickets *t, int64_t id)
{
	struct pane *pn = &t->tab.pane;
	struct incident_row *v = NULL;
	char *cause = NULL;
	size_t n = 0, i;
	int rc;

	rc = cache_ticket_incidents(t->tab.app->cache, id, DETAIL_INCIDENTS, &v, &n,
	    &cause);
	if (failed(pn, rc, "Incidents", cause))
		return;
	if (n > 0)
		pane_add(pn, UI_LABEL, 0, "Incidents (%zu):", n);
	for (i = 0; i < n; i++)
		pane_add(pn, v[i].resolved ? UI_DIM : UI_ERROR, 2,
		    "%s %s \xc2\xb7 %s", v[i].id, v[i].status, v[i].name);
	cache_incident_rows_free(&v, n);
}

static void
add_conversation(struct tickets *t, const struct ticket_detail *d)
{
	struct pane *pn = &t->tab.pane;
	struct comment_row *c = NULL;
	char *cause = NULL, when[128];
	size_t n = 0, i;
	int rc;

	rc = cache_comments_window(t->tab.app->cache, d->row.id, NULL,
	    CACHE_BACKWARD, DETAIL_COMMENTS, &c, &n, &cause);
	if (failed(pn, rc, "Conversation", cause))
		return;
	pane_add(pn, UI_HEADER, 0, "Conversation (%zu%s)", n,
	    n == DETAIL_COMMENTS ? ", the latest" : "");
	if (n == 0) {
		if (d->description != NULL) {
			pane_add(pn, UI_LABEL, 0, "Description:");
			pane_add(pn, UI_PUBLIC, 2, "%s", d->description);
		}
		pane_add(pn, UI_DIM, 0, "(the conversation is being fetched)");
	}
	for (i = 0; i < n; i++) {
		app_time(t->tab.app, c[i].created_at, when, sizeof when);
		pane_add(pn, UI_NORMAL, 0, "%s", "");
		pane_add(pn, c[i].public ? UI_LABEL : UI_NOTE, 0,
		    "%s %s \xc2\xb7 %s%s",
		    c[i].public ? "Reply by" : "INTERNAL NOTE by",
		    c[i].author_name != NULL ? c[i].author_name : "?", when,
		    c[i].nattachments > 0 ? " \xc2\xb7 attachments" : "");
		pane_add(pn, c[i].public ? UI_PUBLIC : UI_NOTE, 2, "%s",
		    c[i].body != NULL ? c[i].body : "");
	}
	cache_comment_rows_free(&c, n);
}

static void
build(struct tickets *t, int64_t id)
{
	struct pane *pn = &t->tab.pane;
	struct ticket_detail d;
	const struct ticket_row *r;
	char *cause = NULL, when[128], age[32];
	bool found;

	tickets_detail_reset(t);
	t->detail_id = id;
	if (cache_ticket_get(t->tab.app->cache, id, &d, &found, &cause) != CACHE_OK) {
		pane_add(pn, UI_ERROR, 0, "The cache could not be read: %s", cause);
		free(cause);
		return;
	}
	if (!found) {
		pane_add(pn, UI_DIM, 0, "Ticket %" PRId64 " is no longer cached",
		    id);
		return;
	}
	r = &d.row;
	pane_add(pn, UI_HEADER, 0, "#%" PRId64 " %s", r->id, r->subject != NULL ?
	    r->subject : "(no subject)");
	if (tickets_changed_since_seen(r))
		pane_add(pn, UI_WARN, 0,
		    "Changed on the server since you opened it");
	pane_add(pn, UI_NORMAL, 0,
	    "Status: %s \xc2\xb7 Priority: %s \xc2\xb7 Type: %s",
	    r->status, r->priority != NULL ? r->priority : "-",
	    d.type != NULL ? d.type : "-");
	pane_add(pn, UI_NORMAL, 0, "Requester: %s%s%s%s",
	    r->requester_name != NULL ? r->requester_name : "(not cached)",
	    d.requester_email != NULL ? " <" : "",
	    d.requester_email != NULL ? d.requester_email : "",
	    d.requester_email != NULL ? ">" : "");
	if (r->organization_id != 0)
		pane_add(pn, UI_NORMAL, 0, "Organization: %s",
		    r->organization_name != NULL ? r->organization_name : "?");
	pane_add(pn, standing_role(r->billing_standing), 0,
	    "Billing standing: %s",
	    r->billing_standing != NULL ? r->billing_standing : "unknown");
	pane_add(pn, UI_NORMAL, 0, "Assignee: %s \xc2\xb7 Group: %s",
	    r->assignee_id == 0 ? "(unassigned)" : (r->assignee_name != NULL ?
	    r->assignee_name : "?"), r->group_id == 0 ? "-" :
	    (r->group_name != NULL ? r->group_name : "?"));
	pane_add(pn, UI_NORMAL, 0, "Tags: %s", r->tags[0] != '\0' ? r->tags :
	    "-");
	app_time(t->tab.app, r->created_at, when, sizeof when);
	timefmt_age(r->updated_at, t->tab.app->now, age, sizeof age);
	pane_add(pn, UI_DIM, 0, "Created %s \xc2\xb7 updated %s ago", when,
	    age);
	if (r->due_at != 0) {
		app_time(t->tab.app, r->due_at, when, sizeof when);
		pane_add(pn, r->due_at < t->tab.app->now ? UI_ERROR : UI_WARN, 0,
		    "Due %s", when);
	}
	add_payments(t, id);
	add_incidents(t, id);
	add_conversation(t, &d);
	cache_ticket_detail_clear(&d);
}

void
tickets_detail_draw(struct tickets *t, const struct ui_rect *r, bool focused)
{
	const struct ticket_row *sel = list_selected(&t->tab.list);
	char key[LIST_KEY_MAX];

	ui_clear(r, UI_NORMAL);
	t->tab.pane.height = r->h;
	if (sel == NULL || r->h <= 0 || r->w <= 0) {
		tickets_detail_reset(t);
		return;
	}
	if (t->detail_id != sel->id || t->tab.pane.width != r->w - 1) {
		/* Rebuilt for the same ticket (a sync, a resize): the scroll
		 * position stays, but never past the last screenful (a
		 * taller pane). */
		snprintf(key, sizeof key, "%" PRId64, sel->id);
		pane_record(&t->tab.pane, key);
		t->tab.pane.width = r->w - 1;
		build(t, sel->id);
		(void)pane_clamp(&t->tab.pane);
	}
	pane_draw_built(&t->tab.pane, r);
	if (focused)
		pane_corner(&t->tab.pane);
}

int
tickets_detail_open(struct tickets *t)
{
	const struct ticket_row *sel = list_selected(&t->tab.list);
	char *cause = NULL;

	if (sel == NULL)
		return UI_HANDLED;
	t->tab.app->focus = UI_FOCUS_DETAIL;
	/* What the agent has now seen: later changes get the marker. */
	if (cache_ticket_seen_mark(t->tab.app->cache, sel->id, sel->updated_at,
	    &cause) != CACHE_OK) {
		app_error(t->tab.app, "%s", cause);
		free(cause);
	}
	if (t->tab.app->engine != NULL)
		sync_request_comments(t->tab.app->engine, sel->id);
	return UI_REDRAW | UI_RELOAD;
}
