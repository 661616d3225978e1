/*
 * Building the [tdesk], [view "NAME"] and [tolerance "NAME"] sections from
 * their keys: time zones, durations, filters and payment tolerances.
 */
#include "tui/config/config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/money.h"
#include "tui/config/config_int.h"

static const char *const keymap_words[] = { "default", "vi", "emacs", NULL };
static const char *const notify_words[] = { "auto", "libnotify", "osc9",
    "osc777", "bell", "off", NULL };
static const char *const suggest_words[] = { "accept", "recalculate",
    "refund", NULL };
static const char *const reason_words[] = { "underpaid", "overpaid",
    "fee_rounding", "reference_mismatch", "account_mismatch", "late",
    "duplicate", NULL };

const char *
config_keymap_name(enum config_keymap k)
{
	return (unsigned)k < 3 ? keymap_words[k] : "?";
}

const char *
config_notify_name(enum config_notify n)
{
	return (unsigned)n < 6 ? notify_words[n] : "?";
}

const char *
config_suggest_name(enum config_suggest s)
{
	return (unsigned)s < 3 ? suggest_words[s] : "?";
}

static const char *
zoneinfo_dir(void)
{
	const char *d = getenv("TZDIR");

	return d != NULL && *d == '/' ? d : "/usr/share/zoneinfo";
}

/* Does name exist as a compiled zone file (it starts with "TZif")? */
static int
zone_exists(const char *name)
{
	char *path, magic[4];
	struct stat st;
	int fd, ok = 0;

	path = xasprintf("%s/%s", zoneinfo_dir(), name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	free(path);
	if (fd == -1)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0)
		ok = 1;
	close(fd);
	return ok;
}

/* One timezones item. Returns 0, or -1 with *why set (a new string). */
static int
zone_parse(const char *item, struct config_zone *z, char **why)
{
	size_t i, len = strlen(item);
	int h, m;

	memset(z, 0, sizeof *z);
	if (strcasecmp(item, "UTC") == 0) {
		z->kind = CONFIG_ZONE_UTC;
		z->name = xstrdup("UTC");
		return 0;
	}
	if (strcasecmp(item, "local") == 0) {
		z->kind = CONFIG_ZONE_LOCAL;
		z->name = xstrdup("local");
		return 0;
	}
	if (item[0] == '+' || item[0] == '-') {
		if (len != 6 || !isdigit((unsigned char)item[1]) ||
		    !isdigit((unsigned char)item[2]) || item[3] != ':' ||
		    !isdigit((unsigned char)item[4]) ||
		    !isdigit((unsigned char)item[5])) {
			*why = xasprintf("offset \"%s\" is not +HH:MM or -HH:MM",
			    item);
			return -1;
		}
		h = (item[1] - '0') * 10 + (item[2] - '0');
		m = (item[4] - '0') * 10 + (item[5] - '0');
		z->offset = (h * 60 + m) * (item[0] == '-' ? -1 : 1);
		if (m > 59 || z->offset > 14 * 60 || z->offset < -12 * 60) {
			*why = xasprintf("offset \"%s\" is out of range "
			    "(-12:00 to +14:00)", item);
			return -1;
		}
		z->kind = CONFIG_ZONE_OFFSET;
		z->name = xstrdup(item);
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)item[i]) && strchr("/_+-", item[i]) ==
		    NULL)
			break;
	}
	if (i < len || !isalpha((unsigned char)item[0]) ||
	    item[len - 1] == '/' || strstr(item, "//") != NULL ||
	    !zone_exists(item)) {
		*why = xasprintf("unknown time zone \"%s\" (not in %s; expected "
		    "UTC, local, an offset like +02:00 or a zone name like "
		    "Europe/Warsaw)", item, zoneinfo_dir());
		return -1;
	}
	z->kind = CONFIG_ZONE_IANA;
	z->name = xstrdup(item);
	return 0;
}

void
config_zones_free(struct config_zone *z, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(z[i].name);
	free(z);
}

/*
 * A duration of whole seconds or minutes, "30s" or "2m", within [min,
 * max] seconds. Returns the seconds, or -1.
 */
static int
duration_parse(const char *v, int min, int max)
{
	long n = 0;
	size_t i;

	for (i = 0; isdigit((unsigned char)v[i]); i++) {
		if (i >= 4)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	if (i == 0 || v[i] == '\0' || v[i + 1] != '\0')
		return -1;
	if (v[i] == 'm')
		n *= 60;
	else if (v[i] != 's')
		return -1;
	return n >= min && n <= max ? (int)n : -1;
}

void
config_build_tdesk(struct applier *ap, const struct rawsec *s)
{
	struct config_tdesk *t = &ap->cfg->tdesk;
	struct config_zone z, *zones = NULL;
	const char *v, *p, *comma;
	size_t i, nzones = 0, a, b;
	char *item, *why;
	int bad = 0;

	if ((v = config_val_get(ap, s, T_PROFILE, 0)) != NULL) {
		t->profile = xstrdup(v);
		t->profile_line = s->vline[T_PROFILE];
	}
	t->keymap = config_val_word(ap, s, T_KEYMAP, keymap_words,
	    CONFIG_KEYMAP_DEFAULT);
	t->notify = config_val_word(ap, s, T_NOTIFY, notify_words,
	    CONFIG_NOTIFY_AUTO);
	if ((v = config_val_get(ap, s, T_TIMEOUT, 0)) != NULL) {
		if ((t->timeout_s = duration_parse(v, CONFIG_TIMEOUT_MIN,
		    CONFIG_TIMEOUT_MAX)) < 0) {
			t->timeout_s = CONFIG_TIMEOUT_DEFAULT;
			config_val_bad(ap, s, T_TIMEOUT, "expected a duration "
			    "from 1s to 10m, such as 30s or 2m");
		}
	}
	if ((v = config_val_get(ap, s, T_READBACK_DELAY, 0)) != NULL) {
		if ((t->readback_delay_s = duration_parse(v, 0,
		    CONFIG_READBACK_DELAY_MAX)) < 0) {
			t->readback_delay_s = CONFIG_READBACK_DELAY_DEFAULT;
			config_val_bad(ap, s, T_READBACK_DELAY, "expected a "
			    "duration from 0s to 60m, such as 2m");
		}
	}
	if ((v = config_val_get(ap, s, T_TIMEZONES, 0)) == NULL)
		return;
	for (p = v; !bad; p = comma + 1) {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		a = 0;
		b = (size_t)(comma - p);
		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		item = xstrndup(p + a, b - a);
		why = NULL;
		if (*item == '\0')
			why = xstrdup("an item of the list is empty");
		else if (zone_parse(item, &z, &why) == 0) {
			for (i = 0; i < nzones; i++) {
				if (strcmp(zones[i].name, z.name) == 0)
					break;
			}
			if (i < nzones) {
				why = xasprintf("\"%s\" is listed twice", z.name);
				free(z.name);
			} else {
				zones = xreallocarray(zones, nzones + 1,
				    sizeof *zones);
				zones[nzones++] = z;
			}
		}
		if (why != NULL) {
			config_val_bad(ap, s, T_TIMEZONES, why);
			free(why);
			bad = 1;
		}
		free(item);
		if (*comma == '\0')
			break;
	}
	if (bad) {
		config_zones_free(zones, nzones);
		return;
	}
	config_zones_free(t->zones, t->nzones);
	t->zones = zones;
	t->nzones = nzones;
}

/* "[section] needs KEY (what it expects)", at the section's line. */
static void
missing_key(struct applier *ap, const struct rawsec *s, const struct keydef *k)
{
	char *title = config_sec_title(s);

	config_aerr(ap, s->line, "%s needs %s (%s)", title, k->name,
	    k->expect);
	free(title);
}

void
config_build_view(struct applier *ap, const struct rawsec *s)
{
	struct config *cfg = ap->cfg;
	struct config_view *w;
	const char *v;

	if (s->val[V_FILTER] == NULL) {
		missing_key(ap, s, &config_view_keys[V_FILTER]);
		return;
	}
	if ((v = config_val_get(ap, s, V_FILTER, 1)) == NULL)
		return;
	cfg->views = xreallocarray(cfg->views, cfg->nviews + 1,
	    sizeof *cfg->views);
	w = &cfg->views[cfg->nviews++];
	w->name = xstrdup(s->name);
	w->line = s->line;
	w->filter = xstrdup(v);
}

void
config_build_tolerance(struct applier *ap, const struct rawsec *s)
{
	static const int required[] = { L_CURRENCY, L_MAX_DELTA, L_SUGGEST };
	struct config *cfg = ap->cfg;
	struct config_tolerance t, *tp;
	const char *cur = NULL, *v;
	char *why = NULL, upper[8];
	size_t i;
	int bad = 0, r;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 3; i++) {
		if (s->val[required[i]] == NULL) {
			missing_key(ap, s, &config_tolerance_keys[required[i]]);
			bad = 1;
		}
	}
	if ((v = config_val_get(ap, s, L_CURRENCY, 0)) != NULL) {
		if (money_exponent(v) >= 0)
			cur = v;
		else {
			for (i = 0; v[i] != '\0' && i < sizeof upper - 1; i++)
				upper[i] = (char)toupper((unsigned char)v[i]);
			upper[i] = '\0';
			if (v[i] == '\0' && money_exponent(upper) >= 0) {
				why = xasprintf("currency codes are upper-case: "
				    "%s", upper);
				config_val_bad(ap, s, L_CURRENCY, why);
				free(why);
			} else
				config_val_bad(ap, s, L_CURRENCY, "unknown "
				    "currency (expected an ISO 4217 code such "
				    "as PLN, EUR or JPY)");
		}
	}
	if (cur == NULL)
		bad = 1;
	/* max_delta is read in the currency, wherever the keys stand. */
	if ((v = config_val_get(ap, s, L_MAX_DELTA, 0)) != NULL &&
	    cur != NULL) {
		if (v[0] == '-') {
			config_val_bad(ap, s, L_MAX_DELTA, "must not be "
			    "negative");
			bad = 1;
		} else if (money_parse(v, cur, &t.max_delta, &why) != 0) {
			/* money's message already quotes the text. */
			config_aerr(ap, s->vline[L_MAX_DELTA], "max_delta: %s",
			    why);
			free(why);
			bad = 1;
		}
	} else
		bad = 1;
	r = config_val_word(ap, s, L_SUGGEST, suggest_words, -1);
	if (r == -1)
		bad = 1;
	t.suggest = r == -1 ? CONFIG_SUGGEST_ACCEPT : (enum config_suggest)r;
	if (s->val[L_REASON] != NULL) {
		r = config_val_word(ap, s, L_REASON, reason_words, -1);
		if (r == -1)
			bad = 1;
		else
			t.reason = xstrdup(reason_words[r]);
	}
	if (bad) {
		free(t.reason);
		return;
	}
	cfg->tolerances = xreallocarray(cfg->tolerances, cfg->ntolerances + 1,
	    sizeof *cfg->tolerances);
	tp = &cfg->tolerances[cfg->ntolerances++];
	*tp = t;
	tp->name = xstrdup(s->name);
	tp->line = s->line;
	tp->currency = xstrdup(cur);
}
