/*
 * The configuration file, tdesk.conf(5): its error list, the quoting of
 * values in messages, and the struct config once it is built. Reading it is
 * split by step: config_parse.c (text to entries), config_apply.c with
 * config_build.c and config_profile.c (entries to a struct config),
 * config_load.c (the file), config_dump.c and config_check.c (commands).
 */
#include "tui/config/config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "api/quote.h"
#include "tui/cli/msg.h"
#include "tui/config/config_int.h"

#define MAX_SHOWN_VALUE		64	/* bytes of a value quoted in a message */

void
config_errors_vadd(struct config_errors *errs, const char *name,
    unsigned line, const char *fmt, va_list ap)
{
	struct config_error *e;
	char *msg;

	msg = xvasprintf(fmt, ap);
	errs->v = xreallocarray(errs->v, errs->n + 1, sizeof *errs->v);
	e = &errs->v[errs->n++];
	e->line = line;
	if (line == 0)
		e->msg = xasprintf("%s: %s", name, msg);
	else
		e->msg = xasprintf("%s:%u: %s", name, line, msg);
	free(msg);
}

void
config_errors_add(struct config_errors *errs, const char *name, unsigned line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	config_errors_vadd(errs, name, line, fmt, ap);
	va_end(ap);
}

struct sortable {
	struct config_error e;
	size_t		 seq;
};

static int
sortable_cmp(const void *a, const void *b)
{
	const struct sortable *x = a, *y = b;

	if (x->e.line != y->e.line)
		return x->e.line < y->e.line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
config_errors_sort(struct config_errors *errs, size_t from)
{
	struct sortable *s;
	size_t i, n = errs->n - from;

	if (n > 1) {
		s = xreallocarray(NULL, n, sizeof *s);
		for (i = 0; i < n; i++) {
			s[i].e = errs->v[from + i];
			s[i].seq = i;
		}
		qsort(s, n, sizeof *s, sortable_cmp);
		for (i = 0; i < n; i++)
			errs->v[from + i] = s[i].e;
		free(s);
	}
	while (errs->n > CONFIG_MAX_ERRORS) {
		free(errs->v[--errs->n].msg);
		errs->dropped++;
	}
}

void
config_errors_print(const struct config_errors *errs, FILE *f)
{
	size_t i;

	/* A message names the file, whose name the user typed. */
	for (i = 0; i < errs->n; i++)
		msg_line(f, "%s", errs->v[i].msg);
	if (errs->dropped > 0)
		fprintf(f, "(%zu more errors not shown)\n", errs->dropped);
}

void
config_errors_free(struct config_errors *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		free(errs->v[i].msg);
	free(errs->v);
	errs->v = NULL;
	errs->n = errs->dropped = 0;
}

/* A value as a message quotes it, in the file's own escapes. */
char *
config_shown(const char *v)
{
	char buf[QUOTE_SIZE(MAX_SHOWN_VALUE)];

	return xstrdup(quote_for_message(v, strlen(v), MAX_SHOWN_VALUE,
	    QUOTE_TEXT, buf));
}

char *
config_profile_list(const struct config *cfg)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < cfg->nprofiles; i++) {
		t = xasprintf("%s%s%s", s, i > 0 ? ", " : "",
		    cfg->profiles[i].name);
		free(s);
		s = t;
	}
	return s;
}

struct config *
config_new(const char *name)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);

	cfg->path = xstrdup(name);
	cfg->tdesk.keymap = CONFIG_KEYMAP_DEFAULT;
	cfg->tdesk.notify = CONFIG_NOTIFY_AUTO;
	cfg->tdesk.timeout_s = CONFIG_TIMEOUT_DEFAULT;
	cfg->tdesk.readback_delay_s = CONFIG_READBACK_DELAY_DEFAULT;
	cfg->tdesk.zones = xcalloc(1, sizeof *cfg->tdesk.zones);
	cfg->tdesk.zones[0].kind = CONFIG_ZONE_LOCAL;
	cfg->tdesk.zones[0].name = xstrdup("local");
	cfg->tdesk.nzones = 1;
	return cfg;
}

static void
backend_free(struct config_backend *b)
{
	free(b->url);
	free(b->token.arg);
	free(b->token_text);
}

void
config_free(struct config **cfgp)
{
	struct config *cfg = *cfgp;
	struct config_profile *p;
	size_t i;

	if (cfg == NULL)
		return;
	free(cfg->path);
	free(cfg->tdesk.profile);
	config_zones_free(cfg->tdesk.zones, cfg->tdesk.nzones);
	for (i = 0; i < cfg->nprofiles; i++) {
		p = &cfg->profiles[i];
		free(p->name);
		free(p->environment);
		backend_free(&p->zendesk);
		free(p->zendesk_email);
		free(p->zendesk_billing_field);
		backend_free(&p->statuspage);
		free(p->statuspage_page_id);
		backend_free(&p->payments);
	}
	free(cfg->profiles);
	for (i = 0; i < cfg->nviews; i++) {
		free(cfg->views[i].name);
		free(cfg->views[i].filter);
	}
	free(cfg->views);
	for (i = 0; i < cfg->ntolerances; i++) {
		free(cfg->tolerances[i].name);
		free(cfg->tolerances[i].currency);
		free(cfg->tolerances[i].reason);
	}
	free(cfg->tolerances);
	free(cfg);
	*cfgp = NULL;
}

/* Using it. */

const struct config_profile *
config_select_profile(const struct config *cfg, const char *name,
    char **cause)
{
	const char *want = name != NULL ? name : cfg->tdesk.profile;
	char *list;
	size_t i;

	if (cfg->missing) {
		xcause(cause, "no configuration file at %s: create it with a "
		    "[profile \"NAME\"] section (see tdesk.conf(5))", cfg->path);
		return NULL;
	}
	if (want != NULL) {
		for (i = 0; i < cfg->nprofiles; i++) {
			if (strcmp(cfg->profiles[i].name, want) == 0)
				return &cfg->profiles[i];
		}
		list = config_profile_list(cfg);
		xcause(cause, "no profile \"%s\" in %s (%s%s)", want, cfg->path,
		    *list != '\0' ? "profiles: " : "it has no profiles", list);
		free(list);
		return NULL;
	}
	if (cfg->nprofiles == 1)
		return &cfg->profiles[0];
	if (cfg->nprofiles == 0) {
		xcause(cause, "%s has no [profile \"NAME\"] section (see "
		    "tdesk.conf(5))", cfg->path);
		return NULL;
	}
	list = config_profile_list(cfg);
	xcause(cause, "%s has several profiles (%s): choose one with -p NAME "
	    "or set profile = NAME under [tdesk]", cfg->path, list);
	free(list);
	return NULL;
}

const struct config_view *
config_find_view(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nviews; i++) {
		if (strcmp(cfg->views[i].name, name) == 0)
			return &cfg->views[i];
	}
	return NULL;
}

const struct config_tolerance *
config_find_tolerance(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->ntolerances; i++) {
		if (strcmp(cfg->tolerances[i].name, name) == 0)
			return &cfg->tolerances[i];
	}
	return NULL;
}
