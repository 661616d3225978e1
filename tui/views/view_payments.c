/*
 * The Payments tab: the flagged payments the cache holds, with what was
 * expected against what arrived, why each was flagged and when it is
 * cancelled on its own; read-only for now (resolving them is a later
 * change). Money is int64 minor units throughout, formatted by money.h.
 */
#include "tui/console/ui.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tui/text/filter.h"
#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/tab.h"
#include "api/money.h"
#include "cache/payment_preview.h"
#include "cache/query.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"
#include "tui/views/views.h"


/* How much of an amount a list row has room for: amounts are never cut. */
enum amount_form {
	AMOUNT_FULL = 0,	/* PLN 15.46 → 15.45 (−0.01) */
	AMOUNT_RECEIVED,	/* PLN 15.45 (−0.01) */
	AMOUNT_DELTA,		/* PLN −0.01 */
	AMOUNT_NFORMS
};

/* Column widths for a list cols wide; reasons and customer share what is
 * left. */
struct payment_cols {
	int		 id, status, amount, reasons, customer, age, due;
};

struct payments_view {
	struct tab	 tab;		/* first: the list, pane, filter text
					 * and detail the tab layer keeps */
	struct payment_query q;		/* the filter, parsed */
	struct filter_strings owned;	/* what q borrows */
	int		 idw, amountw;	/* column widths of this frame */
	struct payment_cols cols;	/* the columns of this frame */
	enum amount_form form;	/* how amounts are shown this frame */
};

/* ---- Money ------------------------------------------------------------------ */

static const char *
amount_title(enum amount_form f)
{
	if (f == AMOUNT_DELTA)
		return "DIFFERENCE";
	if (f == AMOUNT_RECEIVED)
		return "RECEIVED (DIFF)";
	return ui_utf8() ? "EXPECTED \xe2\x86\x92 RECEIVED" :
	    "EXPECTED -> RECEIVED";
}

/*
 * An amount cell in form f: expected, received and the difference
 * received - expected (left out when there is none). Untrusted: the
 * currency is the backend's; draw it with ui_text.
 */
static void
amount_text(const struct payment_row *r, enum amount_form f, char *buf,
    size_t size)
{
	char exp[MONEY_BUFSIZE], rec[MONEY_BUFSIZE], dif[MONEY_BUFSIZE];
	char sdif[MONEY_BUFSIZE + 8];
	const char *arrow = ui_utf8() ? " \xe2\x86\x92 " : " -> ";
	const char *minus = ui_utf8() ? "\xe2\x88\x92" : "-";
	const char *cur = r->currency != NULL ? r->currency : "?";
	int64_t delta;

	money_format(r->expected_minor, r->currency, exp, sizeof exp);
	money_format(r->received_minor, r->currency, rec, sizeof rec);
	if (money_sub(r->received_minor, r->expected_minor, &delta) != 0)
		snprintf(sdif, sizeof sdif, "?");
	else if (delta == 0)
		sdif[0] = '\0';
	else {
		money_format(delta, r->currency, dif, sizeof dif);
		snprintf(sdif, sizeof sdif, "%s%s", delta < 0 ? minus : "+",
		    dif[0] == '-' ? dif + 1 : dif);
	}
	if (f == AMOUNT_DELTA)
		snprintf(buf, size, "%s %s", cur, sdif[0] != '\0' ? sdif : "0");
	else if (f == AMOUNT_RECEIVED)
		snprintf(buf, size, "%s %s%s%s%s", cur, rec, sdif[0] != '\0' ?
		    " (" : "", sdif, sdif[0] != '\0' ? ")" : "");
	else
		snprintf(buf, size, "%s %s%s%s%s%s%s", cur, exp, arrow, rec,
		    sdif[0] != '\0' ? " (" : "", sdif, sdif[0] != '\0' ? ")" : "");
}

/* "−0.01 (less than expected)": the difference alone, for the detail. */
static void
delta_text(const struct payment_row *r, char *buf, size_t size,
    enum ui_role *role)
{
	char dif[MONEY_BUFSIZE];
	int64_t delta;

	*role = UI_NORMAL;
	if (money_sub(r->received_minor, r->expected_minor, &delta) != 0) {
		snprintf(buf, size, "? (too large to compute)");
		*role = UI_ERROR;
		return;
	}
	money_format(delta, r->currency, dif, sizeof dif);
	if (delta == 0)
		snprintf(buf, size, "%s %s (as expected)", r->currency, dif);
	else {
		snprintf(buf, size, "%s %s%s (%s than expected)", r->currency,
		    delta < 0 ? (ui_utf8() ? "\xe2\x88\x92" : "-") : "+",
		    dif[0] == '-' ? dif + 1 : dif, delta < 0 ? "less" : "more");
		*role = UI_WARN;
	}
}

/* ---- The list source ---------------------------------------------------------- */

static int
payments_fetch(struct payments_view *st, const struct payment_row *a,
    enum cache_dir dir, size_t limit, struct payment_row **rows, size_t *n,
    char **cause)
{
	struct payment_key key;

	if (a != NULL)
		key = cache_payment_row_key(a, st->q.sort);
	return cache_payments_window(st->tab.app->cache, &st->q, a != NULL ?
	    &key : NULL, dir, limit, rows, n, cause);
}

static void
payments_key(const struct payment_row *r, char *buf)
{
	snprintf(buf, LIST_KEY_MAX, "%s", r->id != NULL ? r->id : "");
}

static int
payments_count(struct payments_view *st, int64_t *n, char **cause)
{
	return cache_payments_count(st->tab.app->cache, &st->q, n, cause);
}

static bool
payments_match(const struct payment_row *r, const char *text)
{
	return tab_contains(r->id, text) || tab_contains(r->order_id, text) ||
	    tab_contains(r->customer_name, text) ||
	    tab_contains(r->customer_email, text) ||
	    tab_contains(r->reasons, text) || tab_contains(r->status, text) ||
	    tab_contains(r->provider, text);
}


static void
columns(int cols, int idw, int amountw, struct payment_cols *c)
{
	bool wide = cols >= 110;
	int rest, over;

	c->id = idw;
	c->status = wide ? 12 : 9;
	c->amount = amountw;
	c->age = 6;
	c->due = 9;
	/* The tag marker, then each cell and a space; 10 for the reasons. */
	over = 1 + c->id + 1 + c->status + 1 + c->amount + 1 + c->age + 1 +
	    c->due + 1 + 10 - cols;
	pane_drop(&c->age, &over);
	pane_shrink(&c->status, 7, &over);
	pane_shrink(&c->id, 7, &over);
	rest = 10 - over > 0 ? 10 - over : 0;
	/* Too narrow for both: the customer is in the detail pane. */
	if (rest < 30)
		c->reasons = rest;
	else
		c->reasons = wide ? (rest < 48 ? rest / 2 : 24) : rest * 3 / 5;
	c->customer = rest - c->reasons - 1;
	if (c->customer < 0)
		c->customer = 0;
}

/* When the payment is cancelled on its own: "in 5 h", "2 h ago", "never". */
static const char *
due_text(const struct payment_row *r, int64_t now, char *buf, size_t size,
    enum ui_role *role)
{
	char age[24];
	bool flagged = r->status != NULL && strcmp(r->status, "flagged") == 0;

	*role = UI_DIM;
	if (r->auto_cancel_at == 0)
		return "never";
	timefmt_age(r->auto_cancel_at, now, age, sizeof age);
	if (r->auto_cancel_at > now) {
		snprintf(buf, size, "%s", age);
		if (flagged)
			*role = r->auto_cancel_at - now < 3600 ? UI_ERROR : UI_WARN;
	} else {
		snprintf(buf, size, "%s ago", age);
		if (flagged)
			*role = UI_ERROR;
	}
	return buf;
}

static void
payments_draw(struct payments_view *st, struct app *app,
    const struct payment_row *r, int y, int x, int cols, enum ui_role base)
{
	const struct payment_cols *c = &st->cols;
	enum ui_role role;
	char buf[128], age[48];
	const char *due;
	int64_t delta = 0;
	int right = x + cols;

	pane_cell(y, &x, right, c->id, r->id, base);
	role = base != UI_NORMAL ? base : r->status != NULL &&
	    strcmp(r->status, "flagged") == 0 ? UI_WARN : UI_DIM;
	pane_cell(y, &x, right, c->status, r->status, role);
	amount_text(r, st->form, buf, sizeof buf);
	role = base != UI_NORMAL ? base : money_sub(r->received_minor,
	    r->expected_minor, &delta) != 0 || delta != 0 ? UI_NORMAL : UI_DIM;
	pane_cell(y, &x, right, c->amount, buf, role);
	pane_cell(y, &x, right, c->reasons, r->reasons, base);
	pane_cell(y, &x, right, c->customer, r->customer_name, base);
	timefmt_age(r->flagged_at, app->now, age, sizeof age);
	pane_cell_label(y, &x, right, c->age, r->flagged_at != 0 ? age : "-", true,
	    base == UI_NORMAL ? UI_DIM : base);
	due = due_text(r, app->now, age, sizeof age, &role);
	pane_cell_label(y, &x, right, c->due, due, true, base == UI_NORMAL ? role :
	    base);
}

TAB_SOURCE_OF(payments_source, payments_view, payment_row, payments,
    cache_payment_rows_free);

/* The column titles, over the rows. */
static void
titles_draw(const struct payments_view *st, const struct ui_rect *l)
{
	const struct payment_cols *c = &st->cols;
	int y = l->y, x, right = l->x + l->w;

	pane_titles_begin(l, &x);
	pane_cell_label(y, &x, right, c->id, "ID", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->status, "STATUS", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->amount, amount_title(st->form), false,
	    UI_LABEL);
	pane_cell_label(y, &x, right, c->reasons, "REASONS", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->customer, "CUSTOMER", false, UI_LABEL);
	pane_cell_label(y, &x, right, c->age, "AGE", true, UI_LABEL);
	pane_cell_label(y, &x, right, c->due, "CANCEL", true, UI_LABEL);
}

/* ---- The detail pane ---------------------------------------------------------- */

/* "PLN 15.46" */
static const char *
money_text(int64_t minor, const char *currency, char *buf, size_t size)
{
	char m[MONEY_BUFSIZE];

	snprintf(buf, size, "%s %s", currency != NULL ? currency : "?",
	    money_format(minor, currency, m, sizeof m));
	return buf;
}

/* An expected value and the one received under it, the second in the
 * warning colour when they differ. */
static void
pane_pair(struct pane *p, const char *label, const char *expected,
    const char *received)
{
	bool same = (expected == NULL && received == NULL) ||
	    (expected != NULL && received != NULL &&
	    strcmp(expected, received) == 0);
	char *s;

	if (expected == NULL && received == NULL)
		return;
	s = xasprintf("expected %s", expected != NULL ? expected : "-");
	pane_field(p, label, s, UI_NORMAL);
	free(s);
	s = xasprintf("received %s", received != NULL ? received : "-");
	pane_field(p, "", s, same ? UI_NORMAL : UI_WARN);
	free(s);
}

/* The detail cache's reading and clearing (tab.h). */
TAB_DETAIL(payment_detail, struct payment_detail, cache_payment_get,
    cache_payment_detail_clear, "Payment", true);

/* The selected payment's detail, a line at a time: the tab's fill
 * (tab.h). */
static void
detail_fill(void *arg, struct app *app, struct pane *p, const void *row,
    const void *detail)
{
	const struct payment_detail *d = detail;
	const struct payment_row *pr = &d->row;
	char buf[256], t[160];
	enum ui_role role;
	size_t i;

	(void)arg;
	(void)row;
	snprintf(buf, sizeof buf, "Payment %s%s%s", pr->id, pane_dot(),
	    pr->status != NULL ? pr->status : "?");
	pane_text(p, 1, buf, UI_HEADER);
	snprintf(buf, sizeof buf, "%s (version %" PRId64 ")",
	    pr->order_id != NULL ? pr->order_id : "-", pr->version);
	pane_field(p, "Order", buf, UI_NORMAL);
	if (pr->customer_email != NULL)
		snprintf(buf, sizeof buf, "%s <%s>", pr->customer_name != NULL ?
		    pr->customer_name : "?", pr->customer_email);
	else
		snprintf(buf, sizeof buf, "%s", pr->customer_name != NULL ?
		    pr->customer_name : "-");
	pane_field(p, "Customer", buf, UI_NORMAL);
	if (pr->zendesk_user_id != 0) {
		snprintf(buf, sizeof buf, "Zendesk user %" PRId64,
		    pr->zendesk_user_id);
		pane_field(p, "", buf, UI_DIM);
	}
	pane_field(p, "Provider", pr->provider, UI_NORMAL);
	pane_field(p, "Expected", money_text(pr->expected_minor, pr->currency,
	    buf, sizeof buf), UI_NORMAL);
	pane_field(p, "Received", money_text(pr->received_minor, pr->currency,
	    buf, sizeof buf), UI_NORMAL);
	delta_text(pr, buf, sizeof buf, &role);
	pane_field(p, "Difference", buf, role);
	if (pr->has_fee)
		pane_field(p, "Fee", money_text(pr->fee_minor, pr->currency,
		    buf, sizeof buf), UI_NORMAL);
	pane_wrap(p, "Reasons", PANE_LABEL_W + 2, pr->reasons, UI_WARN);
	pane_pair(p, "Reference", d->expected_reference, d->received_reference);
	pane_pair(p, "Account", d->expected_account, d->received_account);
	pane_field(p, "Received at", pane_when(app, pr->received_at, t, sizeof t),
	    UI_NORMAL);
	pane_field(p, "Flagged", pane_when(app, pr->flagged_at, t, sizeof t),
	    UI_NORMAL);
	if (pr->auto_cancel_at == 0)
		pane_field(p, "Auto-cancel", "never", UI_NORMAL);
	else {
		char due[48];

		(void)due_text(pr, app->now, due, sizeof due, &role);
		pane_field(p, "Auto-cancel", pane_when(app, pr->auto_cancel_at, t,
		    sizeof t), role == UI_DIM ? UI_NORMAL : role);
	}
	pane_field(p, "Updated", pane_when(app, pr->updated_at, t, sizeof t),
	    UI_NORMAL);

	if (d->ntickets > 0) {
		pane_blank(p);
		pane_label(p, 1, "Tickets", UI_HEADER);
	}
	for (i = 0; i < d->ntickets; i++) {
		const struct payment_ticket_row *tk = &d->tickets[i];

		if (tk->subject != NULL)
			snprintf(buf, sizeof buf, "#%" PRId64 " [%s] %s",
			    tk->ticket_id, tk->status != NULL ? tk->status : "?",
			    tk->subject);
		else
			snprintf(buf, sizeof buf, "#%" PRId64 " (not in the "
			    "cache)", tk->ticket_id);
		pane_text(p, 1, buf, UI_NORMAL);
	}
	if (d->nhistory > 0) {
		pane_blank(p);
		pane_label(p, 1, "History", UI_HEADER);
	}
	for (i = 0; i < d->nhistory; i++) {
		const struct payment_event_row *e = &d->history[i];

		app_time(app, e->at, t, sizeof t);
		snprintf(buf, sizeof buf, "%s%s%s%s%s", t, pane_dot(),
		    e->actor != NULL ? e->actor : "?", pane_dot(),
		    e->action != NULL ? e->action : "?");
		pane_text(p, 1, buf, UI_NORMAL);
		if (e->note != NULL && e->note[0] != '\0')
			pane_wrap(p, NULL, 3, e->note, UI_DIM);
	}
}

/* ---- Filter and search ---------------------------------------------------------- */

/* A new filter (NULL or blank: none); the list starts again at the top. */
static int
set_filter(void *arg, struct app *app, const char *text)
{
	struct payments_view *st = arg;
	struct payment_query q;
	struct filter_strings owned;
	char *cause = NULL;

	memset(&q, 0, sizeof q);
	memset(&owned, 0, sizeof owned);
	if (text != NULL && text[strspn(text, " ")] != '\0' &&
	    filter_payments(text, &q, &owned, &cause) != 0) {
		app_error(app, "Filter: %s", cause);
		free(cause);
		filter_strings_free(&owned);
		return UI_REDRAW;
	}
	filter_strings_free(&st->owned);
	st->q = q;
	st->owned = owned;
	free(st->tab.filter);
	st->tab.filter = text != NULL && text[strspn(text, " ")] != '\0' ?
	    xstrdup(text) : NULL;
	list_free(&st->tab.list);
	list_init(&st->tab.list, &payments_source, st);
	tab_detail_forget(&st->tab.detail);
	st->tab.pane.shown[0] = '\0';
	app->focus = UI_FOCUS_LIST;
	if (st->tab.filter != NULL)
		app_message(app, "Filter: %s", st->tab.filter);
	else
		app_message(app, "Filter cleared: every payment in the cache");
	return UI_RELOAD | UI_REDRAW;
}

/* The filter's words: "status:flagged", "reason:underpaid"... */
static char **
filter_words(const char *prefix)
{
	static const char *const words[] = {
		"status:flagged", "status:accepted", "status:recalculated",
		"status:refunded", "status:expired", "reason:underpaid",
		"reason:overpaid", "reason:reference_mismatch",
		"reason:account_mismatch", "reason:fee_rounding", "reason:late",
		"reason:duplicate", "currency:", "sort:flagged", "sort:cancel",
		NULL,
	};
	char **v = NULL;
	size_t i, n = 0, len = strlen(prefix);

	for (i = 0; words[i] != NULL; i++) {
		if (strncmp(words[i], prefix, len) != 0)
			continue;
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = xstrdup(words[i]);
		v[n] = NULL;
	}
	return v;
}

static char **
filter_complete(struct app *app, void *arg, const char *line, int argi,
    const char *prefix)
{
	(void)app;
	(void)arg;
	(void)line;
	(void)argi;
	return filter_words(prefix);
}

/* ---- The view ------------------------------------------------------------------- */

static void
payments_free(void *arg)
{
	struct payments_view *st = arg;

	filter_strings_free(&st->owned);
}

/* The cache changed: the role may have (a sync read /v1/me again). The
 * header names it: who this profile resolves payments as. */
static void
payments_reread(void *arg, struct app *app)
{
	struct payments_view *st = arg;
	char *role = NULL, *cause = NULL;

	if (cache_payments_role(app->cache, &role, &cause) != CACHE_OK)
		free(cause);
	snprintf(st->tab.word, sizeof st->tab.word, "%s", role != NULL ?
	    role : "role unknown");
	free(role);
}

/*
 * The ID and amount columns for the rows on screen, and the fullest form
 * of the amounts that fits beside the status and the auto-cancel time
 * (amounts are shortened, never cut).
 */
static void
amounts_fit(struct payments_view *st, int cols)
{
	char buf[128];
	enum amount_form f;
	size_t i;
	int w, widest;

	st->idw = 2;
	for (i = 0; i < st->tab.list.n; i++) {
		const struct payment_row *r = st->tab.list.rows[i];

		if (r->id != NULL && (w = text_width(r->id)) > st->idw)
			st->idw = w;
	}
	if (st->idw > 16)
		st->idw = 16;
	for (f = AMOUNT_FULL; f < AMOUNT_NFORMS; f++) {
		widest = text_width(amount_title(f));
		for (i = 0; i < st->tab.list.n; i++) {
			amount_text(st->tab.list.rows[i], f, buf, sizeof buf);
			if ((w = text_width(buf)) > widest)
				widest = w;
		}
		st->form = f;
		st->amountw = widest;
		/* The marker, the ID and status at their narrowest, the
		 * cancel time and a few columns of reasons. */
		if (1 + (st->idw < 7 ? st->idw : 7) + 1 + 7 + 1 + widest + 1 +
		    9 + 1 + 8 <= cols)
			break;
	}
}

static void
payments_columns(void *arg, const struct ui_rect *l, bool titles)
{
	struct payments_view *st = arg;

	amounts_fit(st, l->w);
	columns(l->w, st->idw, st->amountw, &st->cols);
	if (titles)
		titles_draw(st, l);
}

/* Payments are tagged by hand (t) for now: no tag-pattern. */
static const struct tab_filter payments_filter = {
	.set = set_filter,
	.complete = filter_complete,
};

const struct tab_ops payments_tab = {
	TAB_STATE(struct payments_view, &payments_source, &payment_detail),
	.filter = &payments_filter,
	.reload = payments_reread,
	.free = payments_free,
	.columns = payments_columns,
	.fill = detail_fill,
};


char **
payments_complete(void *state, struct app *app, const char *cmd, int argi,
    const char *prefix)
{
	(void)state;
	(void)app;
	if (strcmp(cmd, "filter") != 0 || argi < 1)
		return NULL;
	return filter_words(prefix);
}
