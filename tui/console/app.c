/*
 * The console's event loop: one poll over the terminal, the sync engine's
 * wake-up fd and a self-pipe for signals, with a one-second tick for the
 * ages on the status line. Keys go to the prompt or the help overlay when
 * one is open, else through the keymap to the current view, then to the
 * global actions. Only the loop draws the frame (with status.c's tab bar
 * and status line, help.c's overlay); views draw into the rectangles it
 * gives them.
 */
#include "tui/console/console.h"
#include "tui/console/tab.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tui/cli/cli.h"
#include "tui/config/clients.h"
#include "tui/console/editor.h"
#include "tui/cli/exitcode.h"
#include "api/http.h"
#include "tui/console/lineedit.h"
#include "tui/cli/msg.h"
#include "tui/console/prompt.h"
#include "tui/text/timefmt.h"

#define SIDE_BY_SIDE_MIN 120	/* columns from which panes go side by side */
#define TICK_MS		1000	/* ages on the status line move each second */

static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t curses_on;

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (signal_pipe[1] != -1 && write(signal_pipe[1], &c, 1) < 0) {
		/* the pipe is full: a signal is already pending */
	}
	errno = saved;
}

/*
 * A crash (SIGSEGV, SIGABRT...) cannot run endwin(): it is not safe in a
 * signal handler. What endwin() would write to leave the screen is kept
 * ready instead (the terminal's sgr0, cnorm, rmkx and rmcup, read from
 * terminfo at start), with the terminal modes from before initscr(); the
 * handler writes the one, sets the other, and dies of the signal as it
 * would have.
 */
static char crash_reset[256];
static size_t crash_len;
static struct termios crash_tio;
static bool crash_have_tio;
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };

static void
on_crash(int sig)
{
	ssize_t w;

	if (curses_on) {
		w = write(STDOUT_FILENO, crash_reset, crash_len);
		(void)w;
		if (crash_have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &crash_tio);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
crash_append(const char *cap)
{
	char *s = tigetstr(cap);
	size_t len;

	if (s == NULL || s == (char *)-1)
		return;
	len = strlen(s);
	if (crash_len + len < sizeof crash_reset) {
		memcpy(crash_reset + crash_len, s, len);
		crash_len += len;
	}
}

/* After initscr(): the reset strings, and the handlers. */
static void
crash_install(void)
{
	struct sigaction sa;
	size_t i;

	crash_append("sgr0");
	crash_append("cnorm");
	crash_append("rmkx");
	crash_append("rmcup");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &sa, NULL);
}

/* Gives the terminal back; safe to call twice and from fatal(). */
static void
term_restore(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}

/* ---- Messages, prompts, the editor -------------------------------------- */

static void
vmessage(struct app *app, bool error, const char *fmt, va_list ap)
{
	struct app_priv *p = console_priv(app);

	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	p->msg_error = error;
}

void
app_message(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(app, false, fmt, ap);
	va_end(ap);
}

void
app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(app, true, fmt, ap);
	va_end(ap);
	beep();
}

/* A prompt opened while another is being answered replaces it when that
 * one finishes, so a callback can ask a follow-up question. */
static void
open_prompt(struct app *app, struct prompt *pr)
{
	struct app_priv *p = console_priv(app);

	if (p->prompt == NULL)
		p->prompt = pr;
	else {
		prompt_free(&p->next_prompt);
		p->next_prompt = pr;
	}
}

void
app_prompt(struct app *app, const struct app_prompt *ap)
{
	open_prompt(app, prompt_new(ap));
}

void
app_confirm(struct app *app, const char *question, app_prompt_fn *yes,
    void *arg, void (*arg_free)(void *))
{
	open_prompt(app, prompt_new_confirm(question, yes, arg, arg_free));
}

static void
editor_suspend(void *arg)
{
	(void)arg;
	def_prog_mode();
	endwin();
}

static void
editor_resume(void *arg)
{
	struct app *app = arg;

	reset_prog_mode();
	console_priv(app)->full_redraw = true;
}

char *
app_edit(struct app *app, const char *initial, const char *suffix)
{
	struct editor_hooks hooks = {
		.suspend = editor_suspend,
		.resume = editor_resume,
		.arg = app,
	};
	char *out = NULL, *cause = NULL;
	int r;

	r = editor_edit(initial != NULL ? initial : "", suffix, &hooks, &out,
	    &cause);
	if (r == EDITOR_OK)
		return out;
	if (r == EDITOR_CANCELLED)
		app_message(app, "Cancelled: %s", cause != NULL ? cause :
		    "the text was empty or unchanged");
	else
		app_error(app, "Editor: %s", cause != NULL ? cause : "failed");
	free(cause);
	free(out);
	return NULL;
}

void
app_drain(struct app *app)
{
	if (app->engine != NULL)
		sync_request_drain(app->engine);
}

char *
app_time(struct app *app, int64_t t, char *buf, size_t size)
{
	return timefmt_table_format(console_priv(app)->zones, t, buf, size);
}

/* ---- Layout and drawing ------------------------------------------------- */

static void
layout(struct app *app, struct ui_layout *lo)
{
	int rows = LINES, cols = COLS, body, lh;

	memset(lo, 0, sizeof *lo);
	lo->focus = app->focus;
	lo->header = (struct ui_rect){ 1, 0, 1, cols };
	body = rows - 4;	/* tabs, header, status, message */
	if (body < 2)
		body = 2;
	if (cols >= SIDE_BY_SIDE_MIN) {
		lh = cols * 45 / 100;
		lo->side_by_side = true;
		lo->list = (struct ui_rect){ 2, 0, body, lh };
		lo->detail = (struct ui_rect){ 2, lh + 1, body, cols - lh - 1 };
	} else {
		lh = body * 2 / 5;
		if (lh < 3)
			lh = body > 3 ? 3 : body;
		lo->list = (struct ui_rect){ 2, 0, lh, cols };
		lo->detail = (struct ui_rect){ 2 + lh + 1, 0,
		    body - lh - 1 > 0 ? body - lh - 1 : 0, cols };
	}
}

static void
draw(struct app *app)
{
	struct app_priv *p = console_priv(app);
	struct ui_layout lo;

	if (p->full_redraw) {
		clearok(curscr, TRUE);
		p->full_redraw = false;
	}
	erase();
	curs_set(0);
	if (LINES < 5 || COLS < 20) {
		ui_label(0, 0, COLS, "tdesk: the terminal is too small", UI_ERROR);
		refresh();
		return;
	}
	app->now = (int64_t)time(NULL);
	layout(app, &lo);
	status_draw_tabs(app);
	if (p->stale[p->cur] && p->views[p->cur]->reload != NULL) {
		p->views[p->cur]->reload(p->state[p->cur], app);
		p->stale[p->cur] = false;
	}
	p->views[p->cur]->draw(p->state[p->cur], app, &lo);
	status_draw(app, LINES - 2);
	if (p->help != NULL)
		help_draw(app);
	if (p->prompt != NULL) {
		ui_clear(&(struct ui_rect){ LINES - 1, 0, 1, COLS }, UI_NORMAL);
		prompt_draw(p->prompt, LINES - 1, COLS, LINES - 3);
		curs_set(1);
	} else {
		ui_clear(&(struct ui_rect){ LINES - 1, 0, 1, COLS }, UI_NORMAL);
		ui_text(LINES - 1, 0, COLS, p->msg, p->msg_error ? UI_ERROR :
		    UI_NORMAL);
	}
	refresh();
}

/* ---- Help ---------------------------------------------------------------- */

/* ---- Tabs and keys ---------------------------------------------------------- */

void
console_switch_tab(struct app *app, int i)
{
	struct app_priv *p = console_priv(app);

	if (i < 0 || i >= NVIEWS || i == p->cur)
		return;
	p->cur = i;
	app->focus = UI_FOCUS_LIST;
	app->tag_prefix = false;
}

/* What global_action and key_action handle in every tab. */
const enum action console_handles[] = {
	ACT_QUIT, ACT_HELP, ACT_COMMAND_LINE, ACT_BACK, ACT_NEXT_TAB,
	ACT_PREV_TAB, ACT_TAB_TICKETS, ACT_TAB_PAYMENTS, ACT_TAB_INCIDENTS,
	ACT_TAB_OUTBOX, ACT_REDRAW, ACT_SYNC_NOW, ACT_TAG_PREFIX, ACT_NONE,
};

/* Why a view's action does nothing yet; NULL: it has a handler. */
static const char *
not_built(const struct view *v, enum action a)
{
	const struct view_action *va;

	for (va = v->not_built; va != NULL && va->action != ACT_NONE; va++)
		if (va->action == a)
			return va->reason;
	return NULL;
}

static int
global_action(struct app *app, enum action a)
{
	struct app_priv *p = console_priv(app);

	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_HELP:
		help_open(app);
		return UI_REDRAW;
	case ACT_COMMAND_LINE:
		cmdline_open(app);
		return UI_REDRAW;
	case ACT_BACK:
		if (app->focus == UI_FOCUS_DETAIL) {
			app->focus = UI_FOCUS_LIST;
			return UI_REDRAW;
		}
		if (app->tag_prefix) {
			app->tag_prefix = false;
			app_message(app, "Cancelled");
			return UI_REDRAW;
		}
		return UI_HANDLED;
	case ACT_NEXT_TAB:
		console_switch_tab(app, (p->cur + 1) % NVIEWS);
		return UI_REDRAW;
	case ACT_PREV_TAB:
		console_switch_tab(app, (p->cur + NVIEWS - 1) % NVIEWS);
		return UI_REDRAW;
	case ACT_TAB_TICKETS:
	case ACT_TAB_PAYMENTS:
	case ACT_TAB_INCIDENTS:
	case ACT_TAB_OUTBOX:
		console_switch_tab(app, (int)(a - ACT_TAB_TICKETS));
		return UI_REDRAW;
	case ACT_REDRAW:
		p->full_redraw = true;
		return UI_REDRAW;
	case ACT_SYNC_NOW:
		if (app->engine == NULL) {
			app_error(app, "No backend is configured for this profile");
			return UI_REDRAW;
		}
		sync_request_now(app->engine);
		app_message(app, "Synchronising every backend now");
		return UI_REDRAW;
	default:
		return UI_IGNORED;
	}
}

/* Marks every view stale; the current one is re-read before it is drawn. */
static void
reload_all(struct app *app)
{
	struct app_priv *p = console_priv(app);
	int i;

	for (i = 0; i < NVIEWS; i++)
		p->stale[i] = true;
	p->inc_stale = true;
}

static int
key_action(struct app *app, int key, uint32_t cp)
{
	struct app_priv *p = console_priv(app);
	const struct view *v = p->views[p->cur];
	enum action a;
	const char *why;
	bool done = false, prefix;
	int r;

	if (p->prompt != NULL) {
		r = prompt_key(p->prompt, app, key, cp, &done);
		if (done) {
			prompt_free(&p->prompt);
			p->prompt = p->next_prompt;
			p->next_prompt = NULL;
		}
		return r | UI_REDRAW;
	}
	if (key < 0)
		return UI_HANDLED;	/* a letter that is no key */
	if (p->help != NULL)
		return help_action(app, keymap_lookup(app->keymap, CTX_LIST, key));
	a = keymap_lookup(app->keymap, v->ctx, key);
	if (a == ACT_NONE)
		return UI_HANDLED;
	if (a == ACT_TAG_PREFIX) {
		app->tag_prefix = !app->tag_prefix;
		app_message(app, app->tag_prefix ? "; the next action applies to "
		    "every tagged line" : "Cancelled");
		return UI_REDRAW;
	}
	prefix = app->tag_prefix;
	p->msg[0] = '\0';
	if ((why = not_built(v, a)) != NULL) {
		app_error(app, "%s", why);
		app->tag_prefix = false;
		return UI_REDRAW;
	}
	r = v->action(p->state[p->cur], app, a);
	if (r == UI_IGNORED)
		r = global_action(app, a);
	/* ";" then ":" applies the command to the tagged lines: the prefix
	 * is spent when the command runs (run_command). */
	if (prefix && a != ACT_COMMAND_LINE)
		app->tag_prefix = false;
	return r;
}

/* Reads every key waiting; returns UI_* flags. */
static int
read_keys(struct app *app)
{
	wint_t wch;
	int r = 0, got, key;

	while ((got = get_wch(&wch)) != ERR) {
		if (got == KEY_CODE_YES) {
			if (wch == KEY_RESIZE)
				continue;	/* handled through SIGWINCH */
			key = keymap_key_canon((int)wch);
			r |= key_action(app, key, 0);
		} else if (wch < 0x80) {
			key = keymap_key_canon((int)wch);
			r |= key_action(app, key, (uint32_t)wch);
		} else
			r |= key_action(app, -1, (uint32_t)wch);
		if (r & UI_QUIT)
			break;
	}
	return r;
}

/* ---- Signals and the terminal ----------------------------------------------- */

static void
resize(struct app *app)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	console_priv(app)->full_redraw = true;
	reload_all(app);
}

/* Returns true when the console must stop. */
static bool
read_signals(struct app *app)
{
	char sig[16];
	ssize_t n, i;
	bool stop = false;

	while ((n = read(signal_pipe[0], sig, sizeof sig)) > 0)
		for (i = 0; i < n; i++) {
			if (sig[i] == SIGWINCH)
				resize(app);
			else
				stop = true;
		}
	return stop;
}

static const int caught[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT };
#define NCAUGHT (sizeof caught / sizeof caught[0])

static int
signals_install(struct sigaction *old)
{
	struct sigaction sa;
	size_t i;

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
	return 0;
}

static void
signals_restore(const struct sigaction *old)
{
	size_t i;

	for (i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
	close(signal_pipe[0]);
	close(signal_pipe[1]);
	signal_pipe[0] = signal_pipe[1] = -1;
}

/* ---- Start and loop ------------------------------------------------------------ */

/*
 * The keymaps: the built-in defaults, then the preset the configuration
 * names (vi, emacs) from the first directory that has it, then the user's
 * own file. Errors are printed with file:line and stop the console before
 * the screen is taken.
 */
static struct keymap *
load_keymaps(const struct config *cfg)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km = keymap_new_default();
	const char *name = config_keymap_name(cfg->tdesk.keymap), *env, *dir;
	char *path = NULL, *exe = NULL, *home = NULL, *slash;
	char buf[4096];
	ssize_t len;
	int ok = 1;

	if (strcmp(name, "default") != 0) {
		const char *dirs[4] = { NULL, TDESK_DATADIR "/keymaps", NULL,
		    NULL };
		size_t i;

		dirs[0] = getenv("TDESK_KEYMAP_DIR");
		if ((len = readlink("/proc/self/exe", buf, sizeof buf - 1)) > 0) {
			buf[len] = '\0';
			if ((slash = strrchr(buf, '/')) != NULL)
				*slash = '\0';
			exe = xasprintf("%s/keymaps", buf);
			dirs[2] = exe;
			path = xasprintf("%s/../keymaps", buf);
			dirs[3] = path;
		}
		for (i = 0; i < 4; i++) {
			char *f;

			if ((dir = dirs[i]) == NULL)
				continue;
			f = xasprintf("%s/%s.keys", dir, name);
			if (access(f, R_OK) == 0) {
				ok = keymap_load(km, f, &errs) == 0;
				free(f);
				break;
			}
			free(f);
		}
		if (i == 4) {
			msg_error("keymap = %s: %s.keys is in none of "
			    "$TDESK_KEYMAP_DIR, %s/keymaps, or keymaps/ beside "
			    "the tdesk binary", name, name, TDESK_DATADIR);
			ok = 0;
		}
		free(exe);
		free(path);
		path = NULL;
	}
	if ((env = getenv("XDG_CONFIG_HOME")) != NULL && env[0] == '/')
		home = xasprintf("%s/tdesk/keys", env);
	else if ((env = getenv("HOME")) != NULL)
		home = xasprintf("%s/.config/tdesk/keys", env);
	if (home != NULL && access(home, F_OK) == 0 &&
	    keymap_load(km, home, &errs) != 0)
		ok = 0;
	free(home);
	if (!ok || errs.n > 0) {
		config_errors_print(&errs, stderr);
		config_errors_free(&errs);
		keymap_free(&km);
		return NULL;
	}
	config_errors_free(&errs);
	return km;
}

static struct sync_engine *
engine_start(struct cli_ctx *ctx, int *rc)
{
	static const struct http_hooks hooks = {
		.cancelled = sync_hook_cancelled,
	};
	const struct config_profile *p = ctx->profile;
	struct cache_identity id = cli_identity(p);
	struct http_policy policy;
	struct clients cl;
	struct sync_engine *e;
	sigset_t block, saved;
	char *cause = NULL;
	size_t i;

	memset(&cl, 0, sizeof cl);
	clients_policy(ctx->cfg, &policy);
	if (clients_new(p, &policy, &hooks, &cl, &cause) != 0) {
		msg_error("%s", cause);
		free(cause);
		*rc = EXIT_CONFIG;
		return NULL;
	}
	if (cl.zendesk == NULL && cl.statuspage == NULL && cl.payments == NULL)
		return NULL;
	{
		struct sync_config sc = {
			.cache_path = cache_filename(ctx->cache),
			.identity = &id,
			.zendesk = cl.zendesk,
			.statuspage = cl.statuspage,
			.payments = cl.payments,
			.billing_field = p->zendesk_billing_field,
			.readback_delay_s = clients_readback_delay(ctx->cfg),
		};

		/* The engine's thread never takes the console's signals. */
		sigemptyset(&block);
		for (i = 0; i < NCAUGHT; i++)
			sigaddset(&block, caught[i]);
		pthread_sigmask(SIG_BLOCK, &block, &saved);
		e = sync_engine_start(&sc, &cause);
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
	}
	if (e == NULL) {
		msg_error("%s", cause);
		free(cause);
		*rc = EXIT_CACHE;
	}
	return e;
}

static void
engine_woke(struct app *app)
{
	struct app_priv *p = console_priv(app);

	sync_engine_ack(app->engine);
	sync_engine_status(app->engine, &app->status);
	if (app->status.changes != p->changes_seen) {
		p->changes_seen = app->status.changes;
		if (app->me == 0)
			app->me = cli_me(app->cache);
		reload_all(app);
	}
	if (app->status.notice_seq != p->notice_seen) {
		p->notice_seen = app->status.notice_seq;
		if (app->status.notice_error)
			app_error(app, "%s", app->status.notice);
		else
			app_message(app, "%s", app->status.notice);
	}
}

static int
loop(struct app *app)
{
	struct app_priv *p = console_priv(app);
	struct pollfd pfd[3];
	int nfd, r, flags;

	flags = UI_REDRAW;
	while (!p->quit) {
		if (flags & UI_RELOAD)
			reload_all(app);
		draw(app);
		flags = 0;
		nfd = 0;
		pfd[nfd++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		pfd[nfd++] = (struct pollfd){ .fd = signal_pipe[0], .events = POLLIN };
		if (app->engine != NULL)
			pfd[nfd++] = (struct pollfd){ .fd = sync_engine_fd(app->engine),
			    .events = POLLIN };
		r = poll(pfd, (nfds_t)nfd, TICK_MS);
		if (r < 0 && errno != EINTR)
			return EXIT_FAIL;
		if (r <= 0)
			continue;	/* the tick: ages move */
		if ((pfd[1].revents & POLLIN) && read_signals(app))
			break;
		if (nfd > 2 && (pfd[2].revents & POLLIN))
			engine_woke(app);
		if (pfd[0].revents & (POLLHUP | POLLERR))
			break;		/* the terminal is gone */
		if (pfd[0].revents & POLLIN) {
			flags = read_keys(app);
			if (flags & UI_QUIT)
				break;
		}
	}
	return EXIT_OK;
}

int
console_run(const struct cli *cli)
{
	static const struct view *const views[NVIEWS] = {
		&view_tickets, &view_payments, &view_incidents, &view_outbox,
	};
	struct sigaction old[NCAUGHT];
	struct app_priv p;
	struct app app;
	struct cli_ctx ctx;
	int rc, i;

	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		msg_error("the console needs a terminal; for scripts see the "
		    "commands in tdesk --help");
		return EXIT_USAGE;
	}
	memset(&app, 0, sizeof app);
	memset(&p, 0, sizeof p);
	app.priv = &p;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		return rc;
	app.cfg = ctx.cfg;
	app.profile = ctx.profile;
	app.cache = ctx.cache;
	if ((app.keymap = load_keymaps(ctx.cfg)) == NULL) {
		cli_close(&ctx);
		return EXIT_CONFIG;
	}
	/* Before the sync thread exists: resolving zones touches TZ. */
	p.zones = timefmt_table_new(ctx.cfg->tdesk.zones, ctx.cfg->tdesk.nzones,
	    (int64_t)time(NULL));
	app.me = cli_me(app.cache);
	if (http_global_init() != 0) {
		msg_error("libcurl could not be initialised");
		rc = EXIT_INTERNAL;
		goto out;
	}
	rc = EXIT_OK;
	app.engine = engine_start(&ctx, &rc);
	if (rc != EXIT_OK)
		goto out_http;
	if (app.engine != NULL)
		sync_engine_status(app.engine, &app.status);
	if (signals_install(old) != 0) {
		msg_error("pipe: %s", strerror(errno));
		rc = EXIT_FAIL;
		goto out_engine;
	}
	p.cmd_history = lineedit_history_new();
	p.inc_stale = true;
	for (i = 0; i < NVIEWS; i++)
		p.views[i] = views[i];

	xmalloc_set_fatal_hook(term_restore);
	crash_have_tio = tcgetattr(STDIN_FILENO, &crash_tio) == 0;
	if (initscr() == NULL) {
		rc = EXIT_FAIL;
		goto out_signals;
	}
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	ui_draw_init();
	crash_install();
	/* initscr() may have installed its own SIGWINCH handler: ours wins. */
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGWINCH, &sa, NULL);
	}
	for (i = 0; i < NVIEWS; i++) {
		p.state[i] = p.views[i]->open != NULL ?
		    p.views[i]->open(&app, p.views[i]) :
		    tab_open(&app, p.views[i], p.views[i]->tab);
		p.stale[i] = true;
	}
	rc = loop(&app);
	for (i = 0; i < NVIEWS; i++)
		p.views[i]->close(&p.state[i]);
	prompt_free(&p.prompt);
	prompt_free(&p.next_prompt);
	help_free(&p.help);
	free(p.inc_name);
	term_restore();
out_signals:
	lineedit_history_free(&p.cmd_history);
	signals_restore(old);
out_engine:
	sync_engine_stop(&app.engine);
out_http:
	http_global_cleanup();
out:
	timefmt_table_free(&p.zones);
	keymap_free(&app.keymap);
	cli_close(&ctx);
	return rc;
}
