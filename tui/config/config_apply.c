/*
 * Step 2 of reading the configuration: entries to a struct config. Headers
 * and keys are gathered into sections (a section may be opened more than
 * once), then each section is built by config_build.c or config_profile.c.
 */
#include "tui/config/config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/config/config_int.h"

const struct keydef config_tdesk_keys[] = {
	{ "profile", "the name of a [profile \"NAME\"] section" },
	{ "keymap", "default, vi or emacs" },
	{ "timezones", "a comma-separated list of UTC, local, offsets like "
	    "+02:00 and zone names like Europe/Warsaw" },
	{ "notify", "auto, libnotify, osc9, osc777, bell or off" },
	{ "timeout", "a duration from 1s to 10m, such as 30s or 2m" },
	{ "readback_delay", "a duration from 0s to 60m, such as 2m" },
	{ NULL, NULL }
};

#define TOKEN_ENV_EXPECT "the name of an environment variable holding the token"
#define TOKEN_FILE_EXPECT "the path of a file holding the token"
#define TOKEN_CMD_EXPECT "a command that prints the token"
const struct keydef config_profile_keys[] = {
	{ "environment", "a word such as production or staging" },
	{ "zendesk.url", "an https:// URL" },
	{ "zendesk.token_env", TOKEN_ENV_EXPECT },
	{ "zendesk.token_file", TOKEN_FILE_EXPECT },
	{ "zendesk.token_cmd", TOKEN_CMD_EXPECT },
	{ "zendesk.email", "the agent's email address" },
	{ "zendesk.billing_field", "the key of an organization field" },
	{ "statuspage.url", "an https:// URL" },
	{ "statuspage.token_env", TOKEN_ENV_EXPECT },
	{ "statuspage.token_file", TOKEN_FILE_EXPECT },
	{ "statuspage.token_cmd", TOKEN_CMD_EXPECT },
	{ "statuspage.page_id", "the Statuspage page ID" },
	{ "payments.url", "an https:// URL" },
	{ "payments.token_env", TOKEN_ENV_EXPECT },
	{ "payments.token_file", TOKEN_FILE_EXPECT },
	{ "payments.token_cmd", TOKEN_CMD_EXPECT },
	{ NULL, NULL }
};

const struct keydef config_view_keys[] = {
	{ "filter", "a filter expression such as status:open tag:billing" },
	{ NULL, NULL }
};

const struct keydef config_tolerance_keys[] = {
	{ "currency", "an ISO 4217 currency code such as PLN" },
	{ "max_delta", "a non-negative amount such as 0.01" },
	{ "suggest", "accept, recalculate or refund" },
	{ "reason", "underpaid, overpaid, fee_rounding, reference_mismatch, "
	    "account_mismatch, late or duplicate" },
	{ NULL, NULL }
};

static const struct {
	const char	*name;
	const struct keydef *keys;
} sections[S_COUNT] = {
	{ "tdesk", config_tdesk_keys },
	{ "profile", config_profile_keys },
	{ "view", config_view_keys },
	{ "tolerance", config_tolerance_keys },
};

/* Each section's builder, by enum section. */
static void (*const build[S_COUNT])(struct applier *,
    const struct rawsec *) = {
	config_build_tdesk,
	config_build_profile,
	config_build_view,
	config_build_tolerance,
};

/* The value of a key whose line has been reported as unreadable. */
static const char unreadable[] = "";

static size_t
sec_hash(enum section type, const char *name)
{
	size_t h = 2166136261u ^ (size_t)type;

	while (name != NULL && *name != '\0')
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h;
}

static int
sec_same(const struct rawsec *s, enum section type, const char *name)
{
	if (s->type != type)
		return 0;
	if (s->name == NULL || name == NULL)
		return s->name == name;
	return strcmp(s->name, name) == 0;
}

static struct rawsec *
sec_get(struct applier *ap, enum section type, const char *name,
    unsigned line)
{
	size_t i, h, j;
	struct rawsec *s;

	if (ap->hsize > 0) {
		h = sec_hash(type, name) & (ap->hsize - 1);
		for (i = 0; i < ap->hsize; i++) {
			j = ap->hash[(h + i) & (ap->hsize - 1)];
			if (j == 0)
				break;
			if (sec_same(&ap->secs[j - 1], type, name))
				return &ap->secs[j - 1];
		}
	}
	if (2 * (ap->nsecs + 1) > ap->hsize) {
		free(ap->hash);
		ap->hsize = ap->hsize == 0 ? 16 : 2 * ap->hsize;
		ap->hash = xcalloc(ap->hsize, sizeof *ap->hash);
		for (j = 0; j < ap->nsecs; j++) {
			h = sec_hash(ap->secs[j].type, ap->secs[j].name);
			for (i = 0; ap->hash[(h + i) & (ap->hsize - 1)] != 0; i++)
				;
			ap->hash[(h + i) & (ap->hsize - 1)] = j + 1;
		}
	}
	ap->secs = xreallocarray(ap->secs, ap->nsecs + 1, sizeof *ap->secs);
	s = &ap->secs[ap->nsecs++];
	memset(s, 0, sizeof *s);
	s->type = type;
	s->name = name;
	s->line = line;
	h = sec_hash(type, name);
	for (i = 0; ap->hash[(h + i) & (ap->hsize - 1)] != 0; i++)
		;
	ap->hash[(h + i) & (ap->hsize - 1)] = ap->nsecs;
	return s;
}

/* "[tdesk]" or "[profile "acme"]", for messages. Returns a new string. */
char *
config_sec_title(const struct rawsec *s)
{
	char *q, *t;

	if (s->name == NULL)
		return xasprintf("[%s]", sections[s->type].name);
	q = config_shown(s->name);
	t = xasprintf("[%s %s]", sections[s->type].name, q);
	free(q);
	return t;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[65], prev, tmp;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev < d[j - 1] ?
			    (prev < d[j] ? prev : d[j]) :
			    (d[j - 1] < d[j] ? d[j - 1] : d[j]));
			prev = tmp;
		}
	}
	return d[lb];
}

/* "a, b, c" of a key table, or "a, b or c" of a word list. */
static char *
join_keys(const struct keydef *keys)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; keys[i].name != NULL; i++) {
		t = xasprintf("%s%s%s", s, i > 0 ? ", " : "", keys[i].name);
		free(s);
		s = t;
	}
	return s;
}

static void
unknown_key(struct applier *ap, const struct rawsec *s,
    const struct config_entry *e)
{
	const struct keydef *keys = sections[s->type].keys;
	char *title = config_sec_title(s), *list = join_keys(keys);
	char *k = config_shown(e->name);
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; keys[i].name != NULL; i++) {
		if ((d = edit_distance(e->name, keys[i].name)) < bestd) {
			bestd = d;
			best = keys[i].name;
		}
	}
	if (best != NULL)
		config_aerr(ap, e->line, "unknown key %s in %s: did you mean "
		    "%s? (expected one of: %s)", k, title, best, list);
	else
		config_aerr(ap, e->line, "unknown key %s in %s (expected one "
		    "of: %s)", k, title, list);
	free(k);
	free(list);
	free(title);
}

/* Profile, view and tolerance names: safe in file names and on a command line. */
static int
name_ok(const char *s)
{
	size_t i, len = strlen(s);

	if (len == 0 || len > CONFIG_MAX_NAME || !isalnum((unsigned char)s[0]))
		return 0;
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return 0;
	}
	return 1;
}

/* Returns the rawsec keys go to, or NULL to ignore them until the next header. */
static struct rawsec *
apply_header(struct applier *ap, const struct config_entry *e)
{
	const char *dot;
	char *q;
	int t;

	for (t = 0; t < S_COUNT; t++) {
		if (strcmp(e->name, sections[t].name) == 0)
			break;
	}
	if (t == S_COUNT) {
		dot = strchr(e->name, '.');
		if (dot != NULL && e->sub == NULL)
			config_aerr(ap, e->line, "unknown section [%s]: write "
			    "[%.*s \"%s\"]", e->name, (int)(dot - e->name),
			    e->name, dot + 1);
		else
			config_aerr(ap, e->line, "unknown section [%s] "
			    "(expected tdesk, profile, view or tolerance)",
			    e->name);
		return NULL;
	}
	if (t == S_TDESK && e->sub != NULL) {
		config_aerr(ap, e->line, "section [tdesk] takes no name: write "
		    "[tdesk]");
		return NULL;
	}
	if (t != S_TDESK && (e->sub == NULL || *e->sub == '\0')) {
		config_aerr(ap, e->line, "section [%s] needs a name: [%s "
		    "\"NAME\"]", e->name, e->name);
		return NULL;
	}
	if (t != S_TDESK && !name_ok(e->sub)) {
		q = config_shown(e->sub);
		config_aerr(ap, e->line, "%s name %s: use at most %d letters, "
		    "digits, '.', '_' or '-', starting with a letter or digit",
		    e->name, q, CONFIG_MAX_NAME);
		free(q);
		return NULL;
	}
	return sec_get(ap, (enum section)t, e->sub, e->line);
}

static void
apply_key(struct applier *ap, struct rawsec *s, const struct config_entry *e)
{
	const struct keydef *keys = sections[s->type].keys;
	char *title;
	size_t i;

	for (i = 0; keys[i].name != NULL; i++) {
		if (strcmp(keys[i].name, e->name) == 0)
			break;
	}
	/* A line already reported as unreadable gets no second message. */
	if (keys[i].name == NULL) {
		if (e->value != NULL)
			unknown_key(ap, s, e);
		return;
	}
	if (s->val[i] != NULL) {
		if (e->value == NULL)
			return;
		title = config_sec_title(s);
		config_aerr(ap, e->line, "duplicate key %s in %s (first set on "
		    "line %u)", keys[i].name, title, s->vline[i]);
		free(title);
		return;
	}
	s->val[i] = e->value != NULL ? e->value : unreadable;
	s->vline[i] = e->line;
}

/* Index of v in words, case-insensitively, or -1. */
int
config_word_index(const char *v, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++) {
		if (strcasecmp(v, words[i]) == 0)
			return i;
	}
	return -1;
}

/*
 * The common checks of a value: report an empty one, or one holding a tab
 * or newline where the key has no use for them. Returns the value, or NULL
 * (after reporting) if it is unusable or not set.
 */
const char *
config_val_get(struct applier *ap, const struct rawsec *s, int k, int multiline)
{
	const char *v = s->val[k], *key = sections[s->type].keys[k].name;
	char *q;

	if (v == NULL || v == unreadable)
		return NULL;
	if (*v == '\0') {
		config_aerr(ap, s->vline[k], "%s is empty: expected %s", key,
		    sections[s->type].keys[k].expect);
		return NULL;
	}
	if (!multiline && strpbrk(v, "\t\n") != NULL) {
		q = config_shown(v);
		config_aerr(ap, s->vline[k], "%s = %s: a tab or newline is not "
		    "allowed here", key, q);
		free(q);
		return NULL;
	}
	return v;
}

/* Report "KEY = "VALUE": expected ..." for a bad value. */
void
config_val_bad(struct applier *ap, const struct rawsec *s, int k,
    const char *why)
{
	char *q = config_shown(s->val[k]);

	config_aerr(ap, s->vline[k], "%s = %s: %s",
	    sections[s->type].keys[k].name, q, why != NULL ? why :
	    sections[s->type].keys[k].expect);
	free(q);
}

int
config_val_word(struct applier *ap, const struct rawsec *s, int k,
    const char *const *words, int dflt)
{
	const char *v = config_val_get(ap, s, k, 0);
	char *why;
	int i;

	if (v == NULL)
		return dflt;
	if ((i = config_word_index(v, words)) == -1) {
		why = xasprintf("expected %s", sections[s->type].keys[k].expect);
		config_val_bad(ap, s, k, why);
		free(why);
		return dflt;
	}
	return i;
}

int
config_apply(const char *name, const struct config_entries *es,
    struct config **out, struct config_errors *errs)
{
	struct applier ap;
	struct rawsec *cur = NULL;
	size_t from = errs->n;
	const struct config_entry *e;
	const struct config_tdesk *t;
	int outside = 0;
	char *list, *q;
	size_t i;

	*out = NULL;
	memset(&ap, 0, sizeof ap);
	ap.name = name;
	ap.errs = errs;
	ap.cfg = config_new(name);
	for (i = 0; i < es->n; i++) {
		e = &es->v[i];
		switch (e->kind) {
		case CONFIG_ENTRY_SECTION:
			cur = apply_header(&ap, e);
			outside = cur == NULL;
			break;
		case CONFIG_ENTRY_BROKEN:
			cur = NULL;
			outside = 1;
			break;
		case CONFIG_ENTRY_KEY:
			if (cur != NULL)
				apply_key(&ap, cur, e);
			else if (!outside) {
				/* Once: the keys after it share the problem. */
				q = config_shown(e->name);
				config_aerr(&ap, e->line, "key %s is outside "
				    "any section: put it under [tdesk] or "
				    "[profile \"NAME\"]", q);
				free(q);
				outside = 1;
			}
			break;
		}
	}
	for (i = 0; i < ap.nsecs; i++)
		build[ap.secs[i].type](&ap, &ap.secs[i]);
	t = &ap.cfg->tdesk;
	if (t->profile != NULL) {
		for (i = 0; i < ap.cfg->nprofiles; i++) {
			if (strcmp(ap.cfg->profiles[i].name, t->profile) == 0)
				break;
		}
		if (i == ap.cfg->nprofiles) {
			list = config_profile_list(ap.cfg);
			q = config_shown(t->profile);
			config_aerr(&ap, t->profile_line, "profile = %s: there "
			    "is no [profile %s] section (%s%s)", q, q,
			    *list != '\0' ? "profiles: " :
			    "there are no profiles", list);
			free(q);
			free(list);
		}
	}
	free(ap.secs);
	free(ap.hash);
	if (errs->n > from) {
		config_free(&ap.cfg);
		return -1;
	}
	*out = ap.cfg;
	return 0;
}

int
config_parse_buffer(const char *name, const char *buf, size_t len,
    struct config **out, struct config_errors *errs)
{
	struct config_entries es;
	size_t from = errs->n;
	int rc;

	rc = config_parse_text(name, buf, len, &es, errs);
	if (config_apply(name, &es, out, errs) != 0)
		rc = -1;
	config_entries_free(&es);
	if (rc != 0)
		config_free(out);
	config_errors_sort(errs, from);
	return rc;
}
