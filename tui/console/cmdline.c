/*
 * The ":" command line: the current tab's commands first, then the global
 * ones (quit, tab, sync, help and a tab's name), with Tab completing
 * command names and their arguments.
 */
#include "tui/console/console.h"

#include <stdlib.h>
#include <string.h>

#include "tui/text/cmdparse.h"

/* A tab's name (its view's .name) is a command too: ":outbox". */
static const char *const global_commands[] = {
	"quit", "tab", "sync", "help", NULL,
};

static int
tab_by_name(struct app *app, const char *name)
{
	struct app_priv *p = console_priv(app);
	int i;

	for (i = 0; i < NVIEWS; i++)
		if (strcmp(p->views[i]->name, name) == 0)
			return i;
	return -1;
}

/* "Usage: tab tickets|payments|incidents|outbox", from the views. */
static void
tab_usage(struct app *app)
{
	struct app_priv *p = console_priv(app);
	char buf[128];
	size_t len;
	int i;

	len = (size_t)snprintf(buf, sizeof buf, "Usage: tab");
	for (i = 0; i < NVIEWS && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%c%s",
		    i == 0 ? ' ' : '|', p->views[i]->name);
	app_error(app, "%s", buf);
}

static int
run_command(struct app *app, void *arg, const char *text)
{
	struct app_priv *p = console_priv(app);
	char **argv = NULL, *cause = NULL;
	size_t argc = 0;
	int r, t;

	(void)arg;
	if (cmdparse_split(text, &argv, &argc, &cause) != 0) {
		app_error(app, "%s", cause);
		free(cause);
		return UI_REDRAW;
	}
	if (argc == 0) {
		cmdparse_free(&argv);
		return UI_REDRAW;
	}
	r = UI_IGNORED;
	if (p->views[p->cur]->command != NULL)
		r = p->views[p->cur]->command(p->state[p->cur], app, (int)argc,
		    argv);
	if (r != UI_IGNORED)
		goto out;
	r = UI_REDRAW;
	if (strcmp(argv[0], "quit") == 0 || strcmp(argv[0], "q") == 0)
		r |= UI_QUIT;
	else if (strcmp(argv[0], "sync") == 0) {
		if (app->engine != NULL) {
			sync_request_now(app->engine);
			app_message(app, "Synchronising every backend now");
		} else
			app_error(app, "No backend is configured for this profile");
	} else if (strcmp(argv[0], "help") == 0)
		help_open(app);
	else if (strcmp(argv[0], "tab") == 0 && argc == 2 &&
	    (t = tab_by_name(app, argv[1])) >= 0)
		console_switch_tab(app, t);
	else if ((t = tab_by_name(app, argv[0])) >= 0 && argc == 1)
		console_switch_tab(app, t);
	else if (strcmp(argv[0], "tab") == 0)
		tab_usage(app);
	else
		app_error(app, "Unknown command: %s (Tab completes the known ones)",
		    argv[0]);
out:
	cmdparse_free(&argv);
	app->tag_prefix = false;
	return r;
}

static char **
words_matching(const char *const *words, const char *prefix, char **v,
    size_t *n)
{
	size_t i, len = strlen(prefix);

	for (i = 0; words != NULL && words[i] != NULL; i++) {
		if (strncmp(words[i], prefix, len) != 0)
			continue;
		v = xreallocarray(v, *n + 2, sizeof *v);
		v[(*n)++] = xstrdup(words[i]);
		v[*n] = NULL;
	}
	return v;
}

/* The tabs' names that start with prefix, appended to v. */
static char **
tabs_matching(struct app *app, const char *prefix, char **v, size_t *n)
{
	struct app_priv *p = console_priv(app);
	const char *name[2] = { NULL, NULL };
	int i;

	for (i = 0; i < NVIEWS; i++) {
		name[0] = p->views[i]->name;
		v = words_matching(name, prefix, v, n);
	}
	return v;
}

static char **
complete_command(struct app *app, void *arg, const char *line, int argi,
    const char *prefix)
{
	struct app_priv *p = console_priv(app);
	const struct view *v = p->views[p->cur];
	char **words = NULL, **argv = NULL, *cause = NULL;
	size_t argc = 0, n = 0;

	(void)arg;
	if (argi == 0) {
		words = words_matching(v->commands, prefix, words, &n);
		words = words_matching(global_commands, prefix, words, &n);
		return tabs_matching(app, prefix, words, &n);
	}
	if (cmdparse_split(line, &argv, &argc, &cause) != 0 || argc == 0) {
		free(cause);
		cmdparse_free(&argv);
		return NULL;
	}
	if (strcmp(argv[0], "tab") == 0 && argi == 1)
		words = tabs_matching(app, prefix, words, &n);
	else if (v->complete != NULL)
		words = v->complete(p->state[p->cur], app, argv[0], argi, prefix);
	cmdparse_free(&argv);
	return words;
}

void
cmdline_open(struct app *app)
{
	app_prompt(app, &(struct app_prompt){
		.label = ":",
		.history = console_priv(app)->cmd_history,
		.complete = complete_command,
		.complete_mode = APP_COMPLETE_QUOTED,
		.submit = run_command,
	});
}
