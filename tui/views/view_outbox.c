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

#include <jansson.h>

#include "cache/actions.h"
#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/tab.h"
#include "cache/outbox.h"
#include "tui/cli/output.h"
#include "cache/query.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"

/* Every state but done: what still needs the user or the drainer. */
#define OUTBOX_MASK	((1u << OUTBOX_QUEUED) | (1u << OUTBOX_SENDING) | \
			 (1u << OUTBOX_FAILED) | (1u << OUTBOX_CONFLICT))
#define COMPLETE_MAX	200	/* rows offered to complete an ID */

struct outbox_view {
	struct tab	 tab;		/* first: the shared list actions */
	struct app	*app;		/* for the list source's callbacks */
	struct list	 list;
	struct outbox_counts counts;	/* as of the last reload */
	int		 idw;		/* width of the ID column this frame */
	struct pane	 pane;		/* the detail pane */
};

/* What a confirmed retry or drop applies to. */
struct outbox_op {
	struct outbox_view *st;
	int64_t		*ids;
	size_t		 n;
	char		*backend;	/* one row: for the maybe-sent message */
	char		*target;
};

static bool
sending_live(const struct outbox_row *r)
{
	return r->state == OUTBOX_SENDING && !r->orphaned;
}

/* ---- The list source ----------------------------------------------------- */

static int
src_fetch(void *arg, const void *anchor, enum cache_dir dir, size_t limit,
    void ***out, size_t *n, char **cause)
{
	struct outbox_view *st = arg;
	const struct outbox_row *a = anchor;
	struct outbox_row *rows = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (dir == CACHE_FORWARD)
		rc = cache_outbox_list(st->app->cache, OUTBOX_MASK,
		    a != NULL ? a->id : 0, limit, &rows, n, cause);
	else
		rc = cache_outbox_list_before(st->app->cache, OUTBOX_MASK,
		    a != NULL ? a->id : 0, limit, &rows, n, cause);
	if (rc != CACHE_OK)
		return rc;
	*out = list_split(rows, *n, sizeof *rows);
	return CACHE_OK;
}

static void
src_free(void *row)
{
	struct outbox_row *r = row;

	cache_outbox_rows_free(&r, 1);
}

static void
src_key(const void *row, char *buf)
{
	const struct outbox_row *r = row;

	snprintf(buf, LIST_KEY_MAX, "%" PRId64, r->id);
}

static int
src_count(void *arg, int64_t *n, char **cause)
{
	struct outbox_view *st = arg;

	return cache_outbox_count(st->app->cache, OUTBOX_MASK, n, cause);
}

static bool
src_match(const void *row, const char *text)
{
	const struct outbox_row *r = row;

	return tab_contains(r->kind, text) || tab_contains(r->target, text) ||
	    tab_contains(r->backend, text) || tab_contains(r->last_error, text) ||
	    tab_contains(cache_outbox_state_name(r->state), text);
}


/* Column widths for a list cols wide; the reason takes what is left. */
struct outbox_cols {
	int		 id, state, backend, kind, target, age, reason;
};

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

/*
 * The reason a row is shown with: what is not known of it (it may already
 * have been applied, and when it is read back), why it failed, or what it
 * waits for. Into buf.
 */
static const char *
reason_text(const struct outbox_row *r, int64_t now, char *buf, size_t size)
{
	char *note = cache_outbox_unsure_note(r, now);
	const char *why = r->last_error;

	if (r->state == OUTBOX_CONFLICT && why == NULL)
		why = "changed on the server since it was queued";
	if (note != NULL) {
		snprintf(buf, size, "%s%s%s", note, why != NULL ? "; " : "",
		    why != NULL ? why : "");
		free(note);
		return buf;
	}
	if (why != NULL)
		return why;
	if (r->state == OUTBOX_SENDING)
		return "being sent";
	return r->attempts > 0 ? "waiting to be sent again" : "waiting to be sent";
}

static void
src_draw(void *arg, struct app *app, const void *row, int y, int x, int cols,
    unsigned flags)
{
	struct outbox_view *st = arg;
	const struct outbox_row *r = row;
	struct outbox_cols c;
	enum ui_role base = UI_NORMAL, role;
	char buf[32], age[32], why[1024];
	bool bad = r->state == OUTBOX_FAILED || r->state == OUTBOX_CONFLICT ||
	    cache_outbox_maybe_applied(r);
	int right = x + cols;

	if (flags & LIST_ROW_SELECTED)
		base = (flags & LIST_ROW_FOCUSED) ? UI_SELECTED : UI_SELECTED_DIM;
	ui_clear(&(struct ui_rect){ y, x, 1, cols }, base);
	columns(cols, st->idw, &c);
	if (flags & LIST_ROW_TAGGED)
		ui_label(y, x, 1, "+", base == UI_NORMAL ? UI_TAGGED : base);
	x += 1;
	snprintf(buf, sizeof buf, "%" PRId64, r->id);
	pane_cell_label(y, &x, right, c.id, buf, true, base == UI_NORMAL ? UI_DIM :
	    base);
	role = base == UI_NORMAL ? (bad ? UI_ERROR : r->state == OUTBOX_SENDING ?
	    UI_WARN : UI_NORMAL) : base;
	pane_cell(y, &x, right, c.state, cache_outbox_shown_state(r), role);
	pane_cell(y, &x, right, c.backend, r->backend, base);
	pane_cell(y, &x, right, c.kind, r->kind, base);
	pane_cell(y, &x, right, c.target, r->target, base);
	timefmt_age(r->created_at, app->now, age, sizeof age);
	pane_cell_label(y, &x, right, c.age, age, true, base == UI_NORMAL ? UI_DIM :
	    base);
	pane_cell(y, &x, right, c.reason, reason_text(r, app->now, why,
	    sizeof why), base == UI_NORMAL && bad ? UI_ERROR : base);
}

static const struct list_source outbox_source = {
	.fetch = src_fetch,
	.match = src_match,
	.free_row = src_free,
	.key = src_key,
	.draw = src_draw,
	.count = src_count,
};

/* ---- The detail pane ------------------------------------------------------- */

/* A JSON value pretty-printed, every string sanitised. */
static void
pane_json(struct pane *p, int indent, const json_t *v)
{
	json_t *clean = output_json_clean(v);
	char *text = json_dumps(clean, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);

	json_decref(clean);
	pane_wrap(p, NULL, indent, text != NULL ? text : "(cannot be shown)",
	    UI_NORMAL);
	free(text);
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

/* A ticket field's JSON value as text: "solved", "40003", "a b", "(none)". */
static char *
value_text(const json_t *v)
{
	char *s = NULL, *t;
	size_t i;
	json_t *el;

	if (v == NULL || json_is_null(v))
		return xstrdup("(none)");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_boolean(v))
		return xstrdup(json_is_true(v) ? "yes" : "no");
	if (json_is_array(v)) {
		json_array_foreach(v, i, el) {
			char *e = value_text(el);

			t = xasprintf("%s%s%s", s != NULL ? s : "",
			    s != NULL ? " " : "", e);
			free(e);
			free(s);
			s = t;
		}
		return s != NULL ? s : xstrdup("(none)");
	}
	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return xstrdup("?");
	return s;
}

/* "40003 (Beatriz Lima)" when the cache knows the agent. */
static char *
assignee_text(struct app *app, const json_t *v)
{
	struct user_row u;
	char *cause = NULL, *s;
	bool found = false;

	if (!json_is_integer(v))
		return value_text(v);
	if (cache_user_get(app->cache, json_integer_value(v), &u, &found,
	    &cause) != CACHE_OK) {
		free(cause);
		return value_text(v);
	}
	if (!found)
		return value_text(v);
	s = xasprintf("%" JSON_INTEGER_FORMAT " (%s)", json_integer_value(v),
	    u.name != NULL ? u.name : "?");
	cache_user_row_clear(&u);
	return s;
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

/* The object of a ticket write's body that carries the stamp and fields. */
static const json_t *
ticket_object(const struct outbox_row *r, const json_t *body)
{
	if (strcmp(r->kind, "ticket.bulk") == 0)
		return json_array_get(json_object_get(body, "tickets"), 0);
	return json_object_get(body, "ticket");
}

/* The write's tags: "a b" when it sets them, else "+a -b". */
static char *
tags_text(const json_t *t)
{
	const json_t *v;
	char *s = NULL, *next;
	size_t i;
	json_t *el;
	int k;

	if ((v = json_object_get(t, "tags")) != NULL)
		return value_text(v);
	for (k = 0; k < 2; k++) {
		v = json_object_get(t, k == 0 ? "additional_tags" : "remove_tags");
		json_array_foreach(v, i, el) {
			next = xasprintf("%s%s%c%s", s != NULL ? s : "",
			    s != NULL ? " " : "", k == 0 ? '+' : '-',
			    json_is_string(el) ? json_string_value(el) : "?");
			free(s);
			s = next;
		}
	}
	return s != NULL ? s : xstrdup("(none)");
}

/* The fields of a ticket write against the server's values of them. */
static void
changed_ticket(struct pane *p, struct app *app, const struct outbox_row *r,
    const json_t *body, const json_t *server)
{
	static const struct {
		const char	*label;
		const char	*field;		/* in both the write and the ticket */
	} fields[] = {
		{ "status", "status" }, { "priority", "priority" },
		{ "assignee", "assignee_id" },
	};
	const json_t *t = ticket_object(r, body), *v, *comment;
	char *mine, *theirs;
	size_t i;
	int y, w = (p->r.w - PANE_LABEL_W - 2) / 2;

	pane_field(p, "Based on", json_string_value(json_object_get(t,
	    "updated_stamp")), UI_NORMAL);
	pane_field(p, "Server now", json_string_value(json_object_get(server,
	    "updated_at")), UI_WARN);
	if ((y = pane_row(p)) >= 0 && w > 1) {
		ui_label(y, p->r.x + PANE_LABEL_W + 2, w - 1, "This write", UI_LABEL);
		ui_label(y, p->r.x + PANE_LABEL_W + 2 + w, p->r.w - PANE_LABEL_W - 2 - w,
		    "Server now", UI_LABEL);
	}
	p->line++;
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if ((v = json_object_get(t, fields[i].field)) == NULL)
			continue;
		if (strcmp(fields[i].field, "assignee_id") == 0) {
			mine = assignee_text(app, v);
			theirs = assignee_text(app, json_object_get(server,
			    fields[i].field));
		} else {
			mine = value_text(v);
			theirs = value_text(json_object_get(server,
			    fields[i].field));
		}
		pane_compare(p, fields[i].label, mine, theirs);
		free(mine);
		free(theirs);
	}
	if (json_object_get(t, "tags") != NULL ||
	    json_object_get(t, "additional_tags") != NULL ||
	    json_object_get(t, "remove_tags") != NULL) {
		mine = tags_text(t);
		theirs = value_text(json_object_get(server, "tags"));
		pane_compare(p, "tags", mine, theirs);
		free(mine);
		free(theirs);
	}
	if (json_is_object(comment = json_object_get(t, "comment")))
		pane_label(p, 1, json_is_false(json_object_get(comment,
		    "public")) ? "It also adds an internal note." :
		    "It also adds a public reply.", UI_DIM);
}

static void
changed_payment(struct pane *p, const json_t *body, const json_t *server)
{
	char *mine, *theirs;

	mine = value_text(json_object_get(body, "expected_version"));
	theirs = value_text(json_object_get(server, "version"));
	pane_field(p, "Based on", mine, UI_NORMAL);
	free(mine);
	mine = xasprintf("version %s, %s", theirs, json_is_string(
	    json_object_get(server, "status")) ? json_string_value(
	    json_object_get(server, "status")) : "status unknown");
	pane_field(p, "Server now", mine, UI_WARN);
	free(mine);
	free(theirs);
}

/* For a conflict: the server's version against what the write was based on. */
static void
detail_conflict(struct pane *p, struct app *app, const struct outbox_row *r,
    const json_t *body)
{
	json_t *server;
	char k1[32], k2[32], k3[32], hint[200];

	pane_blank(p);
	pane_label(p, 1, "What changed on the server", UI_HEADER);
	if (r->conflict_json == NULL ||
	    (server = json_loads(r->conflict_json, JSON_DECODE_ANY, NULL)) ==
	    NULL) {
		pane_label(p, 1, "The server's version could not be read when "
		    "the conflict was found; the next sync brings it.", UI_DIM);
		if (r->conflict_json != NULL)
			pane_wrap(p, NULL, 2, r->conflict_json, UI_NORMAL);
		return;
	}
	if (strcmp(r->kind, "ticket.update") == 0 ||
	    strcmp(r->kind, "ticket.bulk") == 0)
		changed_ticket(p, app, r, body, server);
	else if (strcmp(r->kind, "payment.resolve") == 0)
		changed_payment(p, body, server);
	snprintf(hint, sizeof hint, "%s re-applies this write on the server's "
	    "version, %s edits it first, %s drops it.",
	    key_of(app, ACT_OUTBOX_RETRY, k1, sizeof k1),
	    key_of(app, ACT_OUTBOX_EDIT, k2, sizeof k2),
	    key_of(app, ACT_OUTBOX_DROP, k3, sizeof k3));
	pane_label(p, 1, hint, UI_DIM);
	pane_blank(p);
	pane_label(p, 1, "The server's version", UI_HEADER);
	pane_json(p, 2, server);
	json_decref(server);
}

/* The selected row's detail, a line at a time: pane_show's fill. */
static void
detail_fill(struct pane *p, void *arg)
{
	struct outbox_view *st = arg;
	struct app *app = st->app;
	const struct ui_rect *r = &p->r;
	const struct outbox_row *row = list_selected(&st->list);
	char buf[256], t[160], key[LIST_KEY_MAX], why[1024];
	json_t *payload, *body;
	enum ui_role role;

	if (row == NULL) {
		ui_label(r->y, r->x + 1, r->w - 1, st->list.error != NULL ?
		    st->list.error : "Nothing is waiting to be sent.",
		    UI_DIM);
		return;
	}
	src_key(row, key);
	pane_record(p, key);
	snprintf(buf, sizeof buf, "Write %" PRId64 "%s%s to %s", row->id, pane_dot(),
	    row->kind, row->target);
	pane_text(p, 1, buf, UI_HEADER);
	role = row->state == OUTBOX_FAILED || row->state == OUTBOX_CONFLICT ||
	    cache_outbox_maybe_applied(row) ? UI_ERROR : UI_NORMAL;
	if (row->orphaned)
		snprintf(buf, sizeof buf, "outcome unknown: nobody is sending it "
		    "and it may have reached %s", row->backend);
	else if (row->state == OUTBOX_SENDING)
		snprintf(buf, sizeof buf, "being sent now (attempt %" PRId64 ")",
		    row->attempts);
	else if (row->attempts == 0)
		snprintf(buf, sizeof buf, "%s, not sent yet",
		    cache_outbox_state_name(row->state));
	else
		snprintf(buf, sizeof buf, "%s after %" PRId64 " attempt%s",
		    cache_outbox_state_name(row->state), row->attempts,
		    row->attempts == 1 ? "" : "s");
	pane_wrap(p, "State", PANE_LABEL_W + 2, buf, role);
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

	pane_blank(p);
	pane_label(p, 1, "Request", UI_HEADER);
	if ((payload = json_loads(row->payload, 0, NULL)) == NULL) {
		pane_label(p, 1, "The request does not parse as JSON:", UI_ERROR);
		pane_wrap(p, NULL, 2, row->payload, UI_NORMAL);
	} else {
		const char *method = json_string_value(json_object_get(payload,
		    "method"));
		const char *path = json_string_value(json_object_get(payload,
		    "path"));

		snprintf(buf, sizeof buf, "%s %s", method != NULL ? method : "?",
		    path != NULL ? path : "?");
		pane_text(p, 1, buf, UI_NORMAL);
		if (json_is_integer(json_object_get(payload, "macro_id"))) {
			snprintf(buf, sizeof buf, "(the changes of macro %"
			    JSON_INTEGER_FORMAT ")", json_integer_value(
			    json_object_get(payload, "macro_id")));
			pane_label(p, 1, buf, UI_DIM);
		}
		body = json_object_get(payload, "body");
		if (body != NULL)
			pane_json(p, 2, body);
		if (row->state == OUTBOX_CONFLICT)
			detail_conflict(p, app, row, body);
		json_decref(payload);
	}
}

/* ---- Retry, edit, drop ------------------------------------------------------ */

static void
op_free(void *arg)
{
	struct outbox_op *op = arg;

	free(op->ids);
	free(op->backend);
	free(op->target);
	free(op);
}

static struct outbox_op *
op_new(struct outbox_view *st, int64_t *ids, size_t n)
{
	struct outbox_op *op = xcalloc(1, sizeof *op);

	op->st = st;
	op->ids = ids;
	op->n = n;
	return op;
}

/* Why a row cannot be retried, edited or dropped now; NULL: it can. */
static const char *
refusal(const struct outbox_row *r, enum action a)
{
	if (sending_live(r))
		return a == ACT_OUTBOX_DROP ? "is being sent right now: let it "
		    "finish, then drop it if it fails" : "is being sent right "
		    "now: wait for its outcome";
	if (r->orphaned && a != ACT_OUTBOX_DROP)
		return "may have reached the backend before its sender "
		    "stopped: the next drain reads it back before sending it "
		    "again";
	if (cache_outbox_maybe_applied(r) && a == ACT_OUTBOX_EDIT)
		return "may already have been applied: retry it to read it "
		    "back, or drop it";
	return NULL;
}

static void
untag(struct outbox_view *st, int64_t id)
{
	char key[LIST_KEY_MAX];

	snprintf(key, sizeof key, "%" PRId64, id);
	list_tag_set(&st->list, key, false);
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
		if (st->list.ntags == 0) {
			app_error(app, "No write is tagged (t tags one)");
			return 0;
		}
		*ids = xreallocarray(NULL, st->list.ntags, sizeof **ids);
		for (i = 0; i < st->list.ntags; i++) {
			errno = 0;
			v = strtoll(st->list.tags[i], &end, 10);
			if (errno == 0 && *end == '\0' && v > 0)
				(*ids)[n++] = v;
		}
		return n;
	}
	if ((r = list_selected(&st->list)) == NULL) {
		app_error(app, "The outbox is empty: there is nothing to act on");
		return 0;
	}
	*ids = xmalloc(sizeof **ids);
	(*ids)[0] = r->id;
	return 1;
}

/* Reads row id; false after a message when it is gone. */
static bool
get_row(struct app *app, int64_t id, struct outbox_row *r)
{
	char *cause = NULL;
	bool found = false;

	if (cache_outbox_get(app->cache, id, r, &found, &cause) != CACHE_OK) {
		app_error(app, "Write %" PRId64 ": %s", id, cause);
		free(cause);
		return false;
	}
	if (!found) {
		app_error(app, "Write %" PRId64 " is no longer in the outbox "
		    "(sent or dropped meanwhile)", id);
		return false;
	}
	return true;
}

/* Failed rows queued again, conflicts re-applied; the rest left alone. */
static int
retry_yes(struct app *app, void *arg, const char *text)
{
	struct outbox_op *op = arg;
	struct outbox_row r;
	char *cause = NULL, *first = NULL;
	size_t i, done = 0, failed = 0, skipped = 0, reapplied = 0, unsure = 0;
	int rc;

	(void)text;
	for (i = 0; i < op->n; i++) {
		if (!get_row(app, op->ids[i], &r)) {
			failed++;
			continue;
		}
		if (r.state == OUTBOX_FAILED)
			rc = cache_outbox_retry(app->cache, r.id, &cause);
		else if (r.state == OUTBOX_CONFLICT)
			rc = cache_action_reapply(app->cache, r.id, &cause);
		else {
			skipped++;
			cache_outbox_row_clear(&r);
			continue;
		}
		if (rc == CACHE_OK) {
			done++;
			if (r.state == OUTBOX_CONFLICT)
				reapplied++;
			if (cache_outbox_maybe_applied(&r))
				unsure++;
			untag(op->st, r.id);
		} else {
			failed++;
			if (first == NULL)
				first = xasprintf("write %" PRId64 ": %s", r.id,
				    cause);
			free(cause);
			cause = NULL;
		}
		cache_outbox_row_clear(&r);
	}
	app_drain(app);
	if (first != NULL)
		app_error(app, "%zu of %zu not queued again: %s", failed, op->n,
		    first);
	else if (op->n == 1 && done == 1 && unsure > 0)
		app_message(app, "Write %" PRId64 " queued again: it is read "
		    "back first, as it may have been applied", op->ids[0]);
	else if (op->n == 1 && done == 1)
		app_message(app, "Write %" PRId64 " %s: sending it now",
		    op->ids[0], reapplied > 0 ? "re-applied on the server's "
		    "current version" : "queued again");
	else if (done > 0 && skipped > 0)
		app_message(app, "%zu writes queued again (%zu left as they "
		    "were): sending them now", done, skipped);
	else if (done > 0)
		app_message(app, "%zu writes queued again: sending them now",
		    done);
	else
		app_message(app, "Nothing to retry: no failed or conflicting "
		    "write among them");
	free(first);
	return UI_RELOAD | UI_REDRAW;
}

/* Failed rows need no question: queued again at once (ids taken over). */
static int
retry_now(struct outbox_view *st, struct app *app, int64_t *ids, size_t n)
{
	struct outbox_op *op = op_new(st, ids, n);
	int r = retry_yes(app, op, "");

	op_free(op);
	return r;
}

/* Takes ids over. A conflict is re-applied only after a question. */
static int
act_retry(struct outbox_view *st, struct app *app, int64_t *ids, size_t n)
{
	struct outbox_row r;
	size_t i, conflicts = 0;
	const char *why;
	bool found;
	char q[512];

	if (n == 1) {
		if (!get_row(app, ids[0], &r)) {
			free(ids);
			return UI_RELOAD | UI_REDRAW;
		}
		if ((why = refusal(&r, ACT_OUTBOX_RETRY)) != NULL ||
		    r.state == OUTBOX_QUEUED) {
			if (why != NULL)
				app_error(app, "Write %" PRId64 " %s", r.id, why);
			else
				app_message(app, "Write %" PRId64 " is queued: "
				    "sending it now", r.id);
			app_drain(app);
			cache_outbox_row_clear(&r);
			free(ids);
			return UI_REDRAW;
		}
		if (r.state == OUTBOX_CONFLICT) {
			snprintf(q, sizeof q, "Re-apply write %" PRId64 " on %s "
			    "as it is now on the server? [y/N] ", r.id, r.target);
			cache_outbox_row_clear(&r);
			app_confirm(app, q, retry_yes, op_new(st, ids, n),
			    op_free);
			return UI_REDRAW;
		}
		cache_outbox_row_clear(&r);
		return retry_now(st, app, ids, n);
	}
	for (i = 0; i < n; i++) {
		if (cache_outbox_get(app->cache, ids[i], &r, &found, NULL) !=
		    CACHE_OK || !found)
			continue;
		if (r.state == OUTBOX_CONFLICT)
			conflicts++;
		cache_outbox_row_clear(&r);
	}
	if (conflicts > 0) {
		snprintf(q, sizeof q, "Retry %zu writes, re-applying %zu in "
		    "conflict on the server's version? [y/N] ", n, conflicts);
		app_confirm(app, q, retry_yes, op_new(st, ids, n), op_free);
		return UI_REDRAW;
	}
	return retry_now(st, app, ids, n);
}

static int
drop_yes(struct app *app, void *arg, const char *text)
{
	struct outbox_op *op = arg;
	char *cause = NULL, *first = NULL;
	size_t i, done = 0, failed = 0, maybe = 0;
	bool maybe_sent;

	(void)text;
	for (i = 0; i < op->n; i++) {
		maybe_sent = false;
		if (cache_outbox_drop(app->cache, op->ids[i], &maybe_sent,
		    &cause) != CACHE_OK) {
			failed++;
			if (first == NULL)
				first = xasprintf("write %" PRId64 ": %s",
				    op->ids[i], cause);
			free(cause);
			cause = NULL;
			continue;
		}
		done++;
		if (maybe_sent)
			maybe++;
		untag(op->st, op->ids[i]);
	}
	app_drain(app);
	if (first != NULL)
		app_error(app, "%zu of %zu not dropped: %s", failed, op->n, first);
	else if (op->n == 1 && maybe > 0)
		app_error(app, "Write %" PRId64 " dropped, but it may already have "
		    "reached %s: check %s there", op->ids[0], op->backend != NULL ?
		    op->backend : "the backend", op->target != NULL ? op->target :
		    "the target");
	else if (op->n == 1)
		app_message(app, "Write %" PRId64 " dropped: it will not be sent",
		    op->ids[0]);
	else if (maybe > 0)
		app_error(app, "%zu writes dropped; %zu of them may already have "
		    "reached their backend: check their targets", done, maybe);
	else
		app_message(app, "%zu writes dropped: they will not be sent", done);
	free(first);
	return UI_RELOAD | UI_REDRAW;
}

/* Takes ids over; always asks first. */
static int
act_drop(struct outbox_view *st, struct app *app, int64_t *ids, size_t n)
{
	struct outbox_row r;
	struct outbox_op *op;
	size_t i, maybe = 0, live = 0;
	const char *why;
	bool found;
	char q[512];

	if (n == 1) {
		if (!get_row(app, ids[0], &r)) {
			free(ids);
			return UI_RELOAD | UI_REDRAW;
		}
		if ((why = refusal(&r, ACT_OUTBOX_DROP)) != NULL) {
			app_error(app, "Write %" PRId64 " %s", r.id, why);
			cache_outbox_row_clear(&r);
			free(ids);
			return UI_REDRAW;
		}
		if (cache_outbox_maybe_applied(&r))
			snprintf(q, sizeof q, "Drop write %" PRId64 " (%s)? It "
			    "may already have reached %s. [y/N] ", r.id,
			    r.target, r.backend);
		else
			snprintf(q, sizeof q, "Drop write %" PRId64 " (%s)? It "
			    "will never be sent. [y/N] ", r.id, r.target);
		op = op_new(st, ids, n);
		op->backend = xstrdup(r.backend);
		op->target = xstrdup(r.target);
		cache_outbox_row_clear(&r);
		app_confirm(app, q, drop_yes, op, op_free);
		return UI_REDRAW;
	}
	for (i = 0; i < n; i++) {
		if (cache_outbox_get(app->cache, ids[i], &r, &found, NULL) !=
		    CACHE_OK || !found)
			continue;
		if (cache_outbox_maybe_applied(&r))
			maybe++;
		else if (sending_live(&r))
			live++;
		cache_outbox_row_clear(&r);
	}
	if (live > 0) {
		app_error(app, "%zu of the tagged writes are being sent right now: "
		    "let them finish, then drop what failed", live);
		free(ids);
		return UI_REDRAW;
	}
	if (maybe > 0)
		snprintf(q, sizeof q, "Drop %zu tagged writes? %zu may already "
		    "have reached the backend. [y/N] ", n, maybe);
	else
		snprintf(q, sizeof q, "Drop %zu tagged writes? They will never be "
		    "sent. [y/N] ", n);
	app_confirm(app, q, drop_yes, op_new(st, ids, n), op_free);
	return UI_REDRAW;
}

/* A ticket update's comment text, which is what its edit opens; NULL: none. */
static const char *
comment_body(const struct outbox_row *r, const json_t *payload)
{
	const json_t *c;

	if (strcmp(r->kind, "ticket.update") != 0)
		return NULL;
	c = json_object_get(json_object_get(json_object_get(payload, "body"),
	    "ticket"), "comment");
	return json_string_value(json_object_get(c, "body"));
}

static int
act_edit(struct outbox_view *st, struct app *app)
{
	const struct outbox_row *sel = list_selected(&st->list);
	struct outbox_row r;
	json_t *payload;
	const char *why, *comment;
	char *text = NULL, *out = NULL, *cause = NULL;
	bool was_conflict;
	int rc;

	if (app->tag_prefix) {
		app_error(app, "A write is edited one at a time: select it and "
		    "edit it without ;");
		return UI_REDRAW;
	}
	if (sel == NULL) {
		app_error(app, "The outbox is empty: there is nothing to edit");
		return UI_REDRAW;
	}
	if (!get_row(app, sel->id, &r))
		return UI_RELOAD | UI_REDRAW;
	if ((why = refusal(&r, ACT_OUTBOX_EDIT)) != NULL) {
		app_error(app, "Write %" PRId64 " %s", r.id, why);
		cache_outbox_row_clear(&r);
		return UI_REDRAW;
	}
	if ((payload = json_loads(r.payload, 0, NULL)) == NULL) {
		app_error(app, "Write %" PRId64 ": its request does not parse; "
		    "drop it", r.id);
		cache_outbox_row_clear(&r);
		return UI_REDRAW;
	}
	was_conflict = r.state == OUTBOX_CONFLICT;
	if ((comment = comment_body(&r, payload)) != NULL) {
		out = app_edit(app, comment, ".txt");
		rc = out == NULL ? CACHE_OK : cache_action_edit_comment(app->cache,
		    r.id, out, &cause);
	} else {
		text = json_dumps(json_object_get(payload, "body"),
		    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		out = app_edit(app, text != NULL ? text : "{}", ".json");
		rc = out == NULL ? CACHE_OK : cache_action_edit_body(app->cache,
		    r.id, out, &cause);
	}
	json_decref(payload);
	free(text);
	if (out == NULL) {	/* cancelled: app_edit said why */
		cache_outbox_row_clear(&r);
		return UI_REDRAW;
	}
	free(out);
	if (rc != CACHE_OK) {
		app_error(app, "Write %" PRId64 " not changed: %s", r.id, cause);
		free(cause);
	} else {
		app_drain(app);
		app_message(app, "Write %" PRId64 " changed%s and queued again: "
		    "sending it now", r.id, was_conflict ? ", re-based on the "
		    "server's current version," : "");
	}
	cache_outbox_row_clear(&r);
	return UI_RELOAD | UI_REDRAW;
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
	if (st->list.count >= 0)
		snprintf(buf, sizeof buf, " Outbox%s%" PRId64 " write%s", pane_dot(),
		    st->list.count, st->list.count == 1 ? "" : "s");
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
	if (st->list.ntags > 0) {
		snprintf(buf, sizeof buf, "%s%zu tagged", pane_dot(), st->list.ntags);
		x += ui_label(r->y, x, r->x + r->w - x, buf, UI_HEADER);
	}
	if (app->tag_prefix)
		ui_label(r->y, x, r->x + r->w - x, "  ; next action applies to "
		    "the tagged writes", UI_WARN);
}

static void
outbox_draw(void *state, struct app *app, const struct ui_layout *lo)
{
	struct outbox_view *st = state;
	char buf[24];
	size_t i;
	int w;

	list_set_height(&st->list, lo->list.h);
	header_draw(st, app, &lo->header);
	st->idw = 2;
	for (i = 0; i < st->list.n; i++) {
		const struct outbox_row *r = st->list.rows[i];

		w = snprintf(buf, sizeof buf, "%" PRId64, r->id);
		if (w > st->idw)
			st->idw = w;
	}
	list_draw(&st->list, app, &lo->list, app->focus == UI_FOCUS_LIST);
	if (st->list.n == 0 && st->list.error == NULL && lo->list.h > 0)
		ui_label(lo->list.y, lo->list.x + 1, lo->list.w - 1,
		    "(the outbox is empty)", UI_DIM);
	if (lo->side_by_side)
		ui_vline(lo->list.y, lo->list.x + lo->list.w, lo->list.h);
	else
		ui_hline(lo->list.y + lo->list.h, lo->list.x, lo->list.w);
	if (lo->detail.h > 0 && lo->detail.w > 0)
		pane_show(&st->pane, &lo->detail, app->focus ==
		    UI_FOCUS_DETAIL, detail_fill, st);
}

static int outbox_action(void *, struct app *, enum action);

static const struct tab_ops outbox_tab = {
	.noun = "write",
	.action = outbox_action,
	.reload = counts_read,
};

static void *
outbox_open(struct app *app)
{
	struct outbox_view *st = xcalloc(1, sizeof *st);

	st->app = app;
	return tab_init(&st->tab, &outbox_tab, st, &st->list, &outbox_source,
	    &st->pane, NULL);
}

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
static int
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

/* The numbers of the writes retry (failed, conflict) or drop can take. */
static char **
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
		if (sending_live(&rows[i]))
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

static const char *const outbox_commands[] = { "retry", "drop", NULL };

/* The writes that will not go without the user: failed and in conflict. */
static int64_t
outbox_badge(void *state, struct app *app)
{
	(void)state;
	return app->status.outbox.failed + app->status.outbox.conflict;
}

const struct view view_outbox = {
	.name = "outbox",
	.title = "Outbox",
	.ctx = CTX_OUTBOX,
	.open = outbox_open,
	.close = tab_close,
	.reload = tab_reload,
	.draw = outbox_draw,
	.action = tab_view_action,
	.command = outbox_command,
	.commands = outbox_commands,
	.complete = outbox_complete,
	.badge = outbox_badge,
	.handles = outbox_handles,
	.not_built = outbox_not_built,
};
