/*
 * The tab bar and the status line: the profile and its environment, each
 * backend's sync state, the outbox's counts and the incident that most
 * needs an update.
 */
#include "tui/console/console.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/query.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"

void
status_draw_tabs(struct app *app)
{
	struct app_priv *p = console_priv(app);
	const struct view *v;
	char buf[64];
	int i, x = 0, w;
	int64_t badge;

	ui_clear(&(struct ui_rect){ 0, 0, 1, COLS }, UI_TAB);
	for (i = 0; i < NVIEWS && x < COLS; i++) {
		v = p->views[i];
		badge = v->badge != NULL ? v->badge(p->state[i], app) : 0;
		if (badge > 0)
			snprintf(buf, sizeof buf, " %d %s (%" PRId64 ") ", i + 1,
			    v->title, badge);
		else
			snprintf(buf, sizeof buf, " %d %s ", i + 1, v->title);
		w = ui_label(0, x, COLS - x, buf, i == p->cur ? UI_TAB_ACTIVE :
		    UI_TAB);
		x += w + 1;
	}
	snprintf(buf, sizeof buf, "tdesk %s ", TDESK_VERSION);
	w = (int)strlen(buf);
	if (x + w < COLS)
		ui_label(0, COLS - w, w, buf, UI_TAB);
}

/* "synced 12 s ago", "offline, retry in 20 s"... for one backend. */
static void
backend_text(struct app *app, const struct sync_backend_status *b,
    char *buf, size_t size, enum ui_role *role)
{
	int64_t now_ms = app->now * 1000, in;
	char age[32];

	*role = UI_STATUS;
	switch (b->state) {
	case SYNC_STATE_SYNCING:
		if (b->pages > 0)
			snprintf(buf, size, "syncing %s, %zu pages", b->endpoint,
			    b->pages);
		else
			snprintf(buf, size, "syncing %s", b->endpoint);
		return;
	case SYNC_STATE_OFFLINE:
		in = b->next_attempt_ms > now_ms ?
		    (b->next_attempt_ms - now_ms + 999) / 1000 : 0;
		if (app->status.outbox.queued > 0)
			snprintf(buf, size, "offline \xe2\x80\x94 %" PRId64
			    " queued, retry in %" PRId64 " s",
			    app->status.outbox.queued, in);
		else
			snprintf(buf, size, "offline, retry in %" PRId64 " s", in);
		*role = UI_ERROR;
		return;
	case SYNC_STATE_BREAKER_OPEN:
		in = b->next_attempt_ms > now_ms ?
		    (b->next_attempt_ms - now_ms + 999) / 1000 :
		    (b->retry_in_ms + 999) / 1000;
		snprintf(buf, size, "circuit open, retry in %" PRId64 " s", in);
		*role = UI_ERROR;
		return;
	case SYNC_STATE_ERROR:
		snprintf(buf, size, "error: %s", b->last_error);
		*role = UI_ERROR;
		return;
	case SYNC_STATE_IDLE:
	case SYNC_STATE_OFF:
	default:
		if (b->last_success_ms == 0) {
			snprintf(buf, size, "not synced yet");
			*role = UI_WARN;
			return;
		}
		timefmt_age(b->last_success_ms / 1000, app->now, age, sizeof age);
		snprintf(buf, size, "synced %s ago", age);
		if (app->now - b->last_success_ms / 1000 > 600)
			*role = UI_WARN;
		return;
	}
}

/* The brief form of backend_text(): "12 s", "offline", "circuit open". */
static void
backend_short(char *text)
{
	static const char *const keep[] = {
		"offline", "circuit open", "error", "syncing", "not synced yet",
	};
	size_t i;

	char *ago;

	if (strncmp(text, "synced ", 7) == 0) {
		memmove(text, text + 7, strlen(text + 7) + 1);
		if ((ago = strstr(text, " ago")) != NULL)
			*ago = '\0';
		return;
	}
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++)
		if (strncmp(text, keep[i], strlen(keep[i])) == 0) {
			text[strlen(keep[i])] = '\0';
			return;
		}
}

/* Draws a segment of our own text and returns the next x; cut at the edge. */
static int
segment(int y, int x, const char *s, enum ui_role role)
{
	if (x >= COLS)
		return x;
	return x + ui_label(y, x, COLS - x, s, role);
}

/*
 * The unresolved incident that most needs an update, for the status line:
 * read again only when the cache changed (app.c's reload_all), not every
 * frame.
 */
static void
incident_load(struct app *app)
{
	struct app_priv *p = console_priv(app);
	struct incident_row *rows = NULL;
	char *cause = NULL;
	size_t n = 0, i, best = 0;
	bool found = false;

	p->inc_stale = false;
	free(p->inc_name);
	p->inc_name = NULL;
	if (cache_incidents_window(app->cache, 0, 10, &rows, &n, &cause) !=
	    CACHE_OK) {
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		if (rows[i].resolved)
			continue;
		if (!found || (rows[i].next_update_due != 0 &&
		    (rows[best].next_update_due == 0 ||
		    rows[i].next_update_due < rows[best].next_update_due))) {
			best = i;
			found = true;
		}
	}
	if (found) {
		p->inc_name = xstrdup(rows[best].name);
		p->inc_due = rows[best].next_update_due;
	}
	cache_incident_rows_free(&rows, n);
}

static void
draw_incident(struct app *app, int y, int x)
{
	struct app_priv *p = console_priv(app);
	char age[32], buf[96];

	if (p->inc_stale)
		incident_load(app);
	if (x >= COLS - 10 || p->inc_name == NULL)
		return;
	x = segment(y, x, COLS < 140 ? "  inc: " : "  incident: ", UI_STATUS);
	if (p->inc_due != 0) {
		timefmt_age(p->inc_due, app->now, age, sizeof age);
		snprintf(buf, sizeof buf, "%s%s %s \xc2\xb7 ", COLS < 140 ? "" :
		    "update ", p->inc_due < app->now ? "overdue" : "due",
		    p->inc_due < app->now ? age : age + 3);	/* "in 3 h" */
		x = segment(y, x, buf, p->inc_due < app->now ? UI_ERROR : UI_WARN);
	}
	ui_text(y, x, COLS - x, p->inc_name, UI_STATUS);
}

void
status_draw(struct app *app, int y)
{
	const struct config_profile *pr = app->profile;
	char buf[SYNC_MESSAGE_MAX + 64], text[SYNC_MESSAGE_MAX + 32];
	static const char *const short_name[SYNC_NBACKENDS] = {
		"zd", "sp", "pay",
	};
	enum ui_role role;
	int x = 0, i;
	/* Under 140 columns the backends are told in brief, so the outbox
	 * and the incident still fit at 80. */
	bool narrow = COLS < 140;

	ui_clear(&(struct ui_rect){ y, 0, 1, COLS }, UI_STATUS);
	snprintf(buf, sizeof buf, " %s \xc2\xb7 %s ", pr->name,
	    pr->environment != NULL ? pr->environment : "no environment set");
	/* The profile name and environment are the user's own text, but a
	 * config file can hold anything: drawn sanitised. */
	{
		char *clean = text_sanitize_line(buf, TEXT_NUL,
		    ui_utf8() ? 0 : TEXT_ASCII);
		int w = text_width(clean);

		ui_text(y, x, w < COLS ? w : COLS, clean, pr->production ?
		    UI_PRODUCTION : UI_TAB_ACTIVE);
		x += w;
		free(clean);
	}
	for (i = 0; i < SYNC_NBACKENDS && x < COLS; i++) {
		const struct sync_backend_status *b = &app->status.backends[i];

		if (!b->configured)
			continue;
		snprintf(buf, sizeof buf, "  %s: ", narrow ? short_name[i] :
		    sync_backend_name((enum sync_backend)i));
		x = segment(y, x, buf, UI_STATUS);
		backend_text(app, b, text, sizeof text, &role);
		if (narrow)
			backend_short(text);
		{
			char *clean = text_sanitize_line(text, TEXT_NUL,
			    ui_utf8() ? 0 : TEXT_ASCII);
			int w = text_width(clean);

			if (w > 40)
				w = 40;
			if (w > COLS - x)
				w = COLS - x;
			ui_text(y, x, w, clean, role);
			x += w;
			free(clean);
		}
	}
	if (app->engine == NULL)
		x = segment(y, x, "  no backend configured", UI_WARN);
	if (x < COLS) {
		const struct outbox_counts *o = &app->status.outbox;

		int64_t queued = o->queued + o->sending - o->unknown;

		snprintf(buf, sizeof buf, "  %s: %" PRId64 " queued",
		    narrow ? "out" : "outbox", queued);
		x = segment(y, x, buf, queued > 0 ? UI_WARN : UI_STATUS);
		if (o->failed > 0) {
			snprintf(buf, sizeof buf, ", %" PRId64 " failed", o->failed);
			x = segment(y, x, buf, UI_ERROR);
		}
		if (o->conflict > 0) {
			snprintf(buf, sizeof buf, ", %" PRId64 " conflict",
			    o->conflict);
			x = segment(y, x, buf, UI_ERROR);
		}
		if (o->unknown > 0) {
			/* May have been applied: read back before resent. */
			snprintf(buf, sizeof buf, ", %" PRId64 " unknown",
			    o->unknown);
			x = segment(y, x, buf, UI_WARN);
		}
	}
	draw_incident(app, y, x);
}
