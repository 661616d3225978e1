/*
 * The Outbox tab: every write that has not reached its backend yet
 * (queued, sending, failed, in conflict), oldest first, with the request
 * it sends and why it is stuck; retry, edit or drop it.
 */
#include "tui/console/ui.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/tab.h"
#include "cache/outbox.h"
#include "cache/outbox_describe.h"
#include "cache/query.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"
#include "tui/views/outbox_actions.h"
#include "tui/views/views.h"

/* Every state but done: what still needs the user or the drainer. */
#define OUTBOX_MASK	((1u << OUTBOX_QUEUED) | (1u << OUTBOX_SENDING) | \
			 (1u << OUTBOX_FAILED) | (1u << OUTBOX_CONFLICT))
#define COMPLETE_MAX	200	/* rows offered to complete an ID */

/* Column widths for a list cols wide; the reason takes what is left. */
struct outbox_cols {
	int		 id, state, backend, kind, target, age, reason;
};

struct outbox_view {
	struct tab	 tab;		/* first: the list and pane the tab
					 * layer keeps */
	struct outbox_counts counts;	/* as of the last reload */
	int		 idw;		/* width of the ID column this frame */
	struct outbox_cols cols;	/* the columns of this frame */
};

static bool
sending_live(const struct outbox_row *r)
{
	return r->state == OUTBOX_SENDING && !r->orphaned;
}

/* ---- The list source ----------------------------------------------------- */

static int
writes_fetch(struct outbox_view *st, const struct outbox_row *a,
    enum cache_dir dir, size_t limit, struct outbox_row **rows, size_t *n,
    char **cause)
{
	int64_t after = a != NULL ? a->id : 0;

	if (dir == CACHE_FORWARD)
		return cache_outbox_list(st->tab.app->cache, OUTBOX_MASK, after,
		    limit, rows, n, cause);
	return cache_outbox_list_before(st->tab.app->cache, OUTBOX_MASK,
	    after, limit, rows, n, cause);
}

static void
writes_key(const struct outbox_row *r, char *buf)
{
	snprintf(buf, LIST_KEY_MAX, "%" PRId64, r->id);
}

static int
writes_count(struct outbox_view *st, int64_t *n, char **cause)
{
	return cache_outbox_count(st->tab.app->cache, OUTBOX_MASK, n, cause);
}

static bool
writes_match(const struct outbox_row *r, const char *text)
{
	return tab_contains(r->kind, text) || tab_contains(r->target, text) ||
	    tab_contains(r->backend, text) || tab_contains(r->last_error, text) ||
	    tab_contains(cache_outbox_state_name(r->state), text);
}


static void
columns(int cols, int idw, struct outbox_cols *c)
{
	bool wide = cols >= 110;
	int over;

	c->id = idw;
	c->state = 8;
	c->backend = wide ? 10 : 0;
	c->kind = wide ? 18 : 14;
	c->target = wide ? 22 : 14;
	c->age = 6;
	/* The tag marker, then each cell and a space; 12 for the reason. */
	over = 1 + c->id + 1 + c->state + 1 + (c->backend > 0 ? c->backend +
	    1 : 0) + c->kind + 1 + c->target + 1 + c->age + 1 + 12 - cols;
	pane_drop(&c->age, &over);
	pane_shrink(&c->kind, 10, &over);
	pane_shrink(&c->target, 10, &over);
	c->reason = 12 - over > 0 ? 12 - over : 0;
}

/* The reason a row is shown with (cache_outbox_reason), or what it waits
 * for. Into buf. */
static const char *
reason_text(const struct outbox_row *r, int64_t now, char *buf, size_t size)
{
	char *why = cache_outbox_reason(r, now);

	snprintf(buf, size, "%s", why != NULL ? why : r->state ==
	    OUTBOX_SENDING ? "being sent" : r->attempts > 0 ?
	    "waiting to be sent again" : "waiting to be sent");
	free(why);
	return buf;
}

static void
writes_draw(struct outbox_view *st, struct app *app,
    const struct outbox_row *r, int y, int x, int cols, enum ui_role base)
{
	enum ui_role role;
	char buf[32], age[32], why[1024];
	bool bad = r->state == OUTBOX_FAILED || r->state == OUTBOX_CONFLICT ||
	    cache_outbox_maybe_applied(r);
	int right = x + cols;

	snprintf(buf, sizeof buf, "%" PRId64, r->id);
	pane_cell_label(y, &x, right, st->cols.id, buf, true,
	    base == UI_NORMAL ? UI_DIM : base);
	role = base == UI_NORMAL ? (bad ? UI_ERROR : r->state == OUTBOX_SENDING ?
	    UI_WARN : UI_NORMAL) : base;
	pane_cell(y, &x, right, st->cols.state, cache_outbox_shown_state(r),
	    role);
	pane_cell(y, &x, right, st->cols.backend, r->backend, base);
	pane_cell(y, &x, right, st->cols.kind, r->kind, base);
	pane_cell(y, &x, right, st->cols.target, r->target, base);
	timefmt_age(r->created_at, app->now, age, sizeof age);
	pane_cell_label(y, &x, right, st->cols.age, age, true,
	    base == UI_NORMAL ? UI_DIM : base);
	pane_cell(y, &x, right, st->cols.reason, reason_text(r, app->now, why,
	    sizeof why), base == UI_NORMAL && bad ? UI_ERROR : base);
}

TAB_SOURCE_OF(outbox_source, outbox_view, outbox_row, writes,
    cache_outbox_rows_free);

/* ---- The detail pane ------------------------------------------------------- */

/* A string of a write or of a server's version, fit to be drawn:
 * outbox_clean_fn for cache_outbox_describe_row. */
static char *
clean_text(const char *s, size_t len)
{
	return text_sanitize(s, len, TEXT_KEEP_LF | TEXT_KEEP_TAB, 0);
}

/* The first key bound to action in the Outbox tab, for hints ("r"); the
 * action's name when no key reaches it. */
static const char *
key_of(struct app *app, enum action a, char *buf, size_t size)
{
	int key;

	if (keymap_keys_for(app->keymap, CTX_OUTBOX, a, &key, 1) == 0) {
		snprintf(buf, size, "%s", action_name(a));
		return buf;
	}
	return keymap_key_name(key, buf, size);
}

/* A row of the "what changed" table: the write's value, the server's. */
static void
pane_compare(struct pane *p, const char *label, const char *mine,
    const char *theirs)
{
	int y = pane_row(p), w = (p->r.w - PANE_LABEL_W - 2) / 2, x;
	bool same = strcmp(mine, theirs) == 0;

	if (y >= 0 && w > 0) {
		x = p->r.x + PANE_LABEL_W + 2;
		ui_label(y, p->r.x + 1, PANE_LABEL_W, label, UI_LABEL);
		ui_text(y, x, w - 1, mine, UI_NORMAL);
		ui_text(y, x + w, p->r.w - PANE_LABEL_W - 2 - w, theirs,
		    same ? UI_DIM : UI_WARN);
	}
	p->line++;
}

/* For a conflict: the fields the write sets against the server's. */
static void
detail_conflict(struct pane *p, struct app *app, const struct outbox_desc *d)
{
	char k1[32], k2[32], k3[32], hint[200];
	size_t i;
	int y, w = (p->r.w - PANE_LABEL_W - 2) / 2;

	pane_blank(p);
	pane_label(p, 1, "What changed on the server", UI_HEADER);
	if (!d->server_known) {
		pane_label(p, 1, "The server's version could not be read when "
		    "the conflict was found; the next sync brings it.", UI_DIM);
		if (d->server_shown != NULL)
			pane_wrap(p, NULL, 2, d->server_shown, UI_NORMAL);
		return;
	}
	if (d->based_on != NULL || d->server_version != NULL) {
		pane_field(p, "Based on", d->based_on, UI_NORMAL);
		pane_field(p, "Server now", d->server_version, UI_WARN);
	}
	if ((y = pane_row(p)) >= 0 && w > 1) {
		ui_label(y, p->r.x + PANE_LABEL_W + 2, w - 1, "This write", UI_LABEL);
		ui_label(y, p->r.x + PANE_LABEL_W + 2 + w, p->r.w - PANE_LABEL_W - 2 - w,
		    "Server now", UI_LABEL);
	}
	p->line++;
	/* A field the server has no counterpart of (a reply) is said below. */
	for (i = 0; i < d->nrows; i++) {
		if (d->rows[i].server_now != NULL)
			pane_compare(p, d->rows[i].label, d->rows[i].this_write,
			    d->rows[i].server_now);
	}
	if (d->note != NULL)
		pane_label(p, 1, d->note, UI_DIM);
	snprintf(hint, sizeof hint, "%s re-applies this write on the server's "
	    "version, %s edits it first, %s drops it.",
	    key_of(app, ACT_OUTBOX_RETRY, k1, sizeof k1),
	    key_of(app, ACT_OUTBOX_EDIT, k2, sizeof k2),
	    key_of(app, ACT_OUTBOX_DROP, k3, sizeof k3));
	pane_label(p, 1, hint, UI_DIM);
	pane_blank(p);
	pane_label(p, 1, "The server's version", UI_HEADER);
	pane_wrap(p, NULL, 2, d->server_shown, UI_NORMAL);
}

/* The request the row sends, as cache/ describes it. */
static void
detail_request(struct pane *p, struct app *app, const struct outbox_row *row)
{
	struct outbox_desc d;
	char buf[256];

	pane_blank(p);
	pane_label(p, 1, "Request", UI_HEADER);
	cache_outbox_describe_row(app->cache, row, clean_text, &d);
	if (!d.parses) {
		pane_label(p, 1, "The request does not parse as JSON:", UI_ERROR);
		pane_wrap(p, NULL, 2, row->payload, UI_NORMAL);
		cache_outbox_desc_clear(&d);
		return;
	}
	pane_text(p, 1, d.request, UI_NORMAL);
	if (d.macro_id != 0) {
		snprintf(buf, sizeof buf, "(the changes of macro %" PRId64 ")",
		    d.macro_id);
		pane_label(p, 1, buf, UI_DIM);
	}
	if (d.body_shown != NULL)
		pane_wrap(p, NULL, 2, d.body_shown, UI_NORMAL);
	if (row->state == OUTBOX_CONFLICT)
		detail_conflict(p, app, &d);
	cache_outbox_desc_clear(&d);
}

/* The selected write's detail, a line at a time: the tab's fill
 * (tab.h). */
static void
detail_fill(void *arg, struct app *app, struct pane *p, const void *selected,
    const void *detail)
{
	const struct outbox_row *row = selected;
	char buf[256], t[160], why[1024], *state;
	enum ui_role role;

	(void)arg;
	(void)detail;
	snprintf(buf, sizeof buf, "Write %" PRId64 "%s%s to %s", row->id, pane_dot(),
	    row->kind, row->target);
	pane_text(p, 1, buf, UI_HEADER);
	role = row->state == OUTBOX_FAILED || row->state == OUTBOX_CONFLICT ||
	    cache_outbox_maybe_applied(row) ? UI_ERROR : UI_NORMAL;
	state = cache_outbox_state_text(row);
	pane_wrap(p, "State", PANE_LABEL_W + 2, state, role);
	free(state);
	pane_field(p, "Backend", row->backend, UI_NORMAL);
	pane_field(p, "Kind", row->kind, UI_NORMAL);
	pane_field(p, "Target", row->target, UI_NORMAL);
	pane_field(p, "Queued", pane_when(app, row->created_at, t, sizeof t),
	    UI_NORMAL);
	pane_field(p, "Changed", pane_when(app, row->updated_at, t, sizeof t),
	    UI_NORMAL);
	if (row->idempotency_key != NULL)
		pane_field(p, "Key", row->idempotency_key, UI_DIM);
	if (row->claim_pid != 0) {
		snprintf(buf, sizeof buf, "process %" PRId64 " since %s",
		    row->claim_pid, pane_when(app, row->claimed_at, t, sizeof t));
		pane_field(p, "Claimed by", buf, UI_NORMAL);
	}
	if (row->last_error != NULL || row->state == OUTBOX_CONFLICT ||
	    cache_outbox_maybe_applied(row))
		pane_wrap(p, "Reason", PANE_LABEL_W + 2, reason_text(row, app->now,
		    why, sizeof why), role == UI_ERROR ? UI_ERROR : UI_NORMAL);

	detail_request(p, app, row);
}

/* ---- Retry, edit, drop: in outbox_actions.c ------------------------------ */

/* A write a retry or a drop took is untagged: outbox_taken_fn. */
static void
untag(void *arg, int64_t id)
{
	struct outbox_view *st = arg;
	char key[LIST_KEY_MAX];

	snprintf(key, sizeof key, "%" PRId64, id);
	list_tag_set(&st->tab.list, key, false);
}

/* The rows an action applies to: every tagged one after ";", else the
 * selected one. Returns how many (0: none, with a message). */
static size_t
action_ids(struct outbox_view *st, struct app *app, int64_t **ids)
{
	const struct outbox_row *r;
	size_t i, n = 0;
	char *end;
	long long v;

	*ids = NULL;
	if (app->tag_prefix) {
		if (st->tab.list.ntags == 0) {
			app_error(app, "No write is tagged (t tags one)");
			return 0;
		}
		*ids = xreallocarray(NULL, st->tab.list.ntags, sizeof **ids);
		for (i = 0; i < st->tab.list.ntags; i++) {
			errno = 0;
			v = strtoll(st->tab.list.tags[i], &end, 10);
			if (errno == 0 && *end == '\0' && v > 0)
				(*ids)[n++] = v;
		}
		return n;
	}
	if ((r = list_selected(&st->tab.list)) == NULL) {
		app_error(app, "The outbox is empty: there is nothing to act on");
		return 0;
	}
	*ids = xmalloc(sizeof **ids);
	(*ids)[0] = r->id;
	return 1;
}

/* Takes ids over. A conflict is re-applied only after a question. */
static int
act_retry(struct outbox_view *st, struct app *app, int64_t *ids, size_t n)
{
	return outbox_actions_retry(app, ids, n, untag, st);
}

/* Takes ids over; always asks first. */
static int
act_drop(struct outbox_view *st, struct app *app, int64_t *ids, size_t n)
{
	return outbox_actions_drop(app, ids, n, untag, st);
}

static int
act_edit(struct outbox_view *st, struct app *app)
{
	const struct outbox_row *sel = list_selected(&st->tab.list);

	if (app->tag_prefix) {
		app_error(app, "A write is edited one at a time: select it and "
		    "edit it without ;");
		return UI_REDRAW;
	}
	if (sel == NULL) {
		app_error(app, "The outbox is empty: there is nothing to edit");
		return UI_REDRAW;
	}
	return outbox_actions_edit(app, sel->id);
}

/* ---- The view ---------------------------------------------------------------- */

/* The counts of the header, read again with the rows. */
static void
counts_read(void *arg, struct app *app)
{
	struct outbox_view *st = arg;
	char *cause = NULL;

	if (cache_outbox_counts(app->cache, &st->counts, &cause) != CACHE_OK) {
		memset(&st->counts, 0, sizeof st->counts);
		free(cause);
	}
}

static void
header_draw(struct outbox_view *st, struct app *app, const struct ui_rect *r)
{
	const struct outbox_counts *c = &st->counts;
	char buf[256];
	int x = r->x;

	ui_clear(r, UI_HEADER);
	if (st->tab.list.count >= 0)
		snprintf(buf, sizeof buf, " Outbox%s%" PRId64 " write%s", pane_dot(),
		    st->tab.list.count, st->tab.list.count == 1 ? "" : "s");
	else
		snprintf(buf, sizeof buf, " Outbox");
	x += ui_label(r->y, x, r->w, buf, UI_HEADER);
	snprintf(buf, sizeof buf, "%s%" PRId64 " queued", pane_dot(),
	    c->queued + c->sending);
	x += ui_label(r->y, x, r->x + r->w - x, buf, UI_HEADER);
	if (c->failed > 0) {
		snprintf(buf, sizeof buf, "%s%" PRId64 " failed", pane_dot(), c->failed);
		x += ui_label(r->y, x, r->x + r->w - x, buf, UI_ERROR);
	}
	if (c->conflict > 0) {
		snprintf(buf, sizeof buf, "%s%" PRId64 " in conflict", pane_dot(),
		    c->conflict);
		x += ui_label(r->y, x, r->x + r->w - x, buf, UI_ERROR);
	}
	if (st->tab.list.ntags > 0) {
		snprintf(buf, sizeof buf, "%s%zu tagged", pane_dot(), st->tab.list.ntags);
		x += ui_label(r->y, x, r->x + r->w - x, buf, UI_HEADER);
	}
	if (app->tag_prefix)
		ui_label(r->y, x, r->x + r->w - x, "  ; next action applies to "
		    "the tagged writes", UI_WARN);
}

void
outbox_draw(void *state, struct app *app, const struct ui_layout *lo)
{
	struct outbox_view *st = state;
	char buf[24];
	size_t i;
	int w;

	list_set_height(&st->tab.list, lo->list.h);
	header_draw(st, app, &lo->header);
	st->idw = 2;
	for (i = 0; i < st->tab.list.n; i++) {
		const struct outbox_row *r = st->tab.list.rows[i];

		w = snprintf(buf, sizeof buf, "%" PRId64, r->id);
		if (w > st->idw)
			st->idw = w;
	}
	columns(lo->list.w, st->idw, &st->cols);
	list_draw(&st->tab.list, app, &lo->list, app->focus == UI_FOCUS_LIST);
	if (st->tab.list.n == 0 && st->tab.list.error == NULL && lo->list.h > 0)
		ui_label(lo->list.y, lo->list.x + 1, lo->list.w - 1,
		    "(the outbox is empty)", UI_DIM);
	if (lo->side_by_side)
		ui_vline(lo->list.y, lo->list.x + lo->list.w, lo->list.h);
	else
		ui_hline(lo->list.y + lo->list.h, lo->list.x, lo->list.w);
	tab_draw_detail(&st->tab, app, lo);
}

static int outbox_action(void *, struct app *, enum action);

const struct tab_ops outbox_tab = {
	TAB_STATE(struct outbox_view, &outbox_source, NULL),
	.action = outbox_action,
	.reload = counts_read,
	.fill = detail_fill,
};


/* Its own actions; the shared ones are the tab layer's. */
static int
outbox_action(void *arg, struct app *app, enum action a)
{
	struct outbox_view *st = arg;
	int64_t *ids;
	size_t n;

	switch (a) {
	case ACT_OUTBOX_RETRY:
		if ((n = action_ids(st, app, &ids)) == 0)
			return UI_REDRAW;
		return act_retry(st, app, ids, n);
	case ACT_OUTBOX_DROP:
		if ((n = action_ids(st, app, &ids)) == 0)
			return UI_REDRAW;
		return act_drop(st, app, ids, n);
	case ACT_OUTBOX_EDIT:
		return act_edit(st, app);
	default:
		return UI_IGNORED;
	}
}

/* "retry ID", "drop ID". */
int
outbox_command(void *state, struct app *app, int argc, char **argv)
{
	struct outbox_view *st = state;
	bool retry = strcmp(argv[0], "retry") == 0;
	int64_t *ids;
	char *end;
	long long v;

	if (!retry && strcmp(argv[0], "drop") != 0)
		return UI_IGNORED;
	if (argc != 2) {
		app_error(app, "Usage: %s ID (the write's number in the first "
		    "column)", argv[0]);
		return UI_REDRAW;
	}
	errno = 0;
	v = strtoll(argv[1], &end, 10);
	if (argv[1][0] < '0' || argv[1][0] > '9' || errno != 0 ||
	    *end != '\0' || v <= 0) {
		app_error(app, "%s: \"%s\" is not a write's number", argv[0],
		    argv[1]);
		return UI_REDRAW;
	}
	ids = xmalloc(sizeof *ids);
	ids[0] = v;
	return retry ? act_retry(st, app, ids, 1) : act_drop(st, app, ids, 1);
}

/* The numbers of the writes retry (failed, and conflicts it can
 * re-apply) or drop can take. */
char **
outbox_complete(void *state, struct app *app, const char *cmd, int argi,
    const char *prefix)
{
	struct outbox_row *rows = NULL;
	char **v = NULL, *cause = NULL, id[24];
	size_t n = 0, i, k = 0;
	unsigned mask;

	(void)state;
	if (argi != 1)
		return NULL;
	if (strcmp(cmd, "retry") == 0)
		mask = (1u << OUTBOX_FAILED) | (1u << OUTBOX_CONFLICT);
	else if (strcmp(cmd, "drop") == 0)
		mask = OUTBOX_MASK;
	else
		return NULL;
	if (cache_outbox_list(app->cache, mask, 0, COMPLETE_MAX, &rows, &n,
	    &cause) != CACHE_OK) {
		free(cause);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		/* Only what the command would take: retry offers no write its
		 * policy refuses (a Statuspage conflict, one being sent). */
		if (sending_live(&rows[i]) || (mask != OUTBOX_MASK &&
		    cache_outbox_retry_plan(&rows[i], NULL) ==
		    OUTBOX_RETRY_REFUSE))
			continue;
		snprintf(id, sizeof id, "%" PRId64, rows[i].id);
		if (strncmp(id, prefix, strlen(prefix)) != 0)
			continue;
		v = xreallocarray(v, k + 2, sizeof *v);
		v[k++] = xstrdup(id);
		v[k] = NULL;
	}
	cache_outbox_rows_free(&rows, n);
	return v;
}

/* The writes that will not go without the user: failed and in conflict. */
int64_t
outbox_badge(void *state, struct app *app)
{
	(void)state;
	return app->status.outbox.failed + app->status.outbox.conflict;
}
