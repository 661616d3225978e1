/*
 * `tdesk --dump-config`: the effective configuration written back in the
 * file's own syntax, values quoted by the parser's rules (config_parse.c).
 */
#include "tui/config/config.h"

#include <stdlib.h>
#include <string.h>

#include "api/money.h"
#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "tui/config/config_int.h"

/* Write a value so that the parser reads it back unchanged. */
static void
dump_value(FILE *f, const char *v)
{
	size_t i, len = strlen(v);
	int quote = len == 0 || config_is_ws(v[0]) ||
	    config_is_ws(v[len - 1]) || v[0] == '"' || v[0] == '#' ||
	    v[0] == ';' || strchr(v, '\n') != NULL;

	for (i = 1; i < len && !quote; i++) {
		if ((v[i] == '#' || v[i] == ';') && config_is_ws(v[i - 1]))
			quote = 1;
	}
	if (!quote) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (i = 0; i < len; i++) {
		if (v[i] == '"' || v[i] == '\\')
			fprintf(f, "\\%c", v[i]);
		else if (v[i] == '\t')
			fputs("\\t", f);
		else if (v[i] == '\n')
			fputs("\\n", f);
		else
			fputc(v[i], f);
	}
	fputc('"', f);
}

static void
dump_kv(FILE *f, const char *key, const char *v, const char *comment)
{
	fprintf(f, "\t%s = ", key);
	dump_value(f, v);
	if (comment != NULL)
		fprintf(f, "\t# %s", comment);
	fputc('\n', f);
}

static void
dump_token(FILE *f, const char *what, const struct config_backend *b)
{
	char key[64];

	snprintf(key, sizeof key, "%s.%s", what, secret_kind_name(b->token.kind));
	dump_kv(f, key, b->token_text, NULL);
}

static void
dump_profile(FILE *f, const struct config_profile *p)
{
	/* Names never need escapes: name_ok() allows no quote or backslash. */
	fprintf(f, "\n[profile \"%s\"]\n", p->name);
	if (p->environment != NULL)
		dump_kv(f, "environment", p->environment, p->production ?
		    "recognised as production" : NULL);
	else
		fputs("\t# environment is not set\n", f);
	if (p->zendesk.url != NULL) {
		dump_kv(f, "zendesk.url", p->zendesk.url, NULL);
		if (p->zendesk_email != NULL)
			dump_kv(f, "zendesk.email", p->zendesk_email,
			    "API token authentication");
		else
			fputs("\t# no zendesk.email: the token is an OAuth "
			    "access token\n", f);
		dump_token(f, "zendesk", &p->zendesk);
		dump_kv(f, "zendesk.billing_field", p->zendesk_billing_field,
		    NULL);
	} else
		fputs("\t# zendesk: not configured\n", f);
	if (p->statuspage.url != NULL) {
		dump_kv(f, "statuspage.url", p->statuspage.url, NULL);
		dump_kv(f, "statuspage.page_id", p->statuspage_page_id, NULL);
		dump_token(f, "statuspage", &p->statuspage);
	} else
		fputs("\t# statuspage: not configured\n", f);
	if (p->payments.url != NULL) {
		dump_kv(f, "payments.url", p->payments.url, NULL);
		dump_token(f, "payments", &p->payments);
	} else
		fputs("\t# payments: not configured\n", f);
}

int
config_dump(const struct config *cfg, const char *profile, FILE *f,
    char **cause)
{
	const struct config_tdesk *t = &cfg->tdesk;
	const struct config_tolerance *tol;
	char amount[MONEY_BUFSIZE], secs[16], *zones, *z2;
	size_t i;

	if (profile != NULL && config_select_profile(cfg, profile, cause) ==
	    NULL)
		return -1;
	msg_line(f, "# tdesk: the effective configuration from %s%s",
	    cfg->path, cfg->missing ? " (which does not exist)" : "");
	fputs("# with defaults filled in; token sources are shown, token "
	    "values never.\n", f);
	fputs("[tdesk]\n", f);
	if (t->profile != NULL)
		dump_kv(f, "profile", t->profile, NULL);
	else
		fputs("\t# profile is not set: -p NAME, or the only profile\n",
		    f);
	dump_kv(f, "keymap", config_keymap_name(t->keymap), NULL);
	zones = xstrdup("");
	for (i = 0; i < t->nzones; i++) {
		z2 = xasprintf("%s%s%s", zones, i > 0 ? ", " : "",
		    t->zones[i].name);
		free(zones);
		zones = z2;
	}
	dump_kv(f, "timezones", zones, NULL);
	free(zones);
	dump_kv(f, "notify", config_notify_name(t->notify), NULL);
	snprintf(secs, sizeof secs, "%ds", t->timeout_s);
	dump_kv(f, "timeout", secs, NULL);
	snprintf(secs, sizeof secs, "%ds", t->readback_delay_s);
	dump_kv(f, "readback_delay", secs, NULL);

	for (i = 0; i < cfg->nprofiles; i++) {
		if (profile == NULL || strcmp(profile, cfg->profiles[i].name) == 0)
			dump_profile(f, &cfg->profiles[i]);
	}
	for (i = 0; i < cfg->nviews; i++) {
		fprintf(f, "\n[view \"%s\"]\n", cfg->views[i].name);
		dump_kv(f, "filter", cfg->views[i].filter, NULL);
	}
	for (i = 0; i < cfg->ntolerances; i++) {
		tol = &cfg->tolerances[i];
		fprintf(f, "\n[tolerance \"%s\"]\n", tol->name);
		dump_kv(f, "currency", tol->currency, NULL);
		dump_kv(f, "max_delta", money_format(tol->max_delta,
		    tol->currency, amount, sizeof amount), NULL);
		dump_kv(f, "suggest", config_suggest_name(tol->suggest), NULL);
		if (tol->reason != NULL)
			dump_kv(f, "reason", tol->reason, NULL);
		else
			fputs("\t# reason is not set: any flagged payment\n", f);
	}
	return 0;
}

int
config_cmd_dump(const char *path, const char *profile, FILE *out, FILE *err)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	enum config_result r;
	char *cause = NULL;
	int rc = EXIT_CONFIG;

	r = config_load(path, &cfg, &errs);
	if (r == CONFIG_INVALID || (r == CONFIG_NOFILE && profile != NULL)) {
		config_errors_print(&errs, err);
		goto out;
	}
	if (config_dump(cfg, profile, out, &cause) != 0) {
		fputs("tdesk: ", err);
		msg_line(err, "%s", cause);
		free(cause);
		goto out;
	}
	rc = EXIT_OK;
out:
	config_errors_free(&errs);
	config_free(&cfg);
	return rc;
}
