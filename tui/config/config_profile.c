/*
 * Building a [profile "NAME"] section: its environment and its three
 * backends, each a base URL and one token source.
 */
#include "tui/config/config.h"

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/url.h"
#include "tui/config/config_int.h"

#define STATUSPAGE_DEFAULT_URL	"https://api.statuspage.io/v1"
#define BILLING_FIELD_DEFAULT	"billing_status"
#define MAX_ENVIRONMENT		40	/* bytes; it is shown in the status line */

static const char *const production_words[] = { "production", "prod", "live",
    NULL };

/*
 * Check a backend base URL and normalise it (scheme and host lower-cased,
 * trailing slashes dropped). Returns a new string, or NULL with *why set
 * (a new string).
 */
static char *
url_check(const char *v, int creds_hint_email, char **why)
{
	const char *rest, *auth_end, *port = NULL, *p;
	size_t hostlen, i;
	char *host, *norm;
	int https, portnum;

	if (strncasecmp(v, "https://", 8) == 0) {
		https = 1;
		rest = v + 8;
	} else if (strncasecmp(v, "http://", 7) == 0) {
		https = 0;
		rest = v + 7;
	} else {
		*why = xstrdup("must start with https:// (or http:// to a "
		    "loopback host)");
		return NULL;
	}
	for (p = v; *p != '\0'; p++) {
		if ((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f &&
		    strchr("\"<>\\^`{|}", *p) == NULL)
			continue;
		if (*p == ' ')
			*why = xstrdup("a URL cannot hold a space "
			    "(percent-encode it as %20)");
		else if ((unsigned char)*p >= 0x80)
			*why = xstrdup("a URL cannot hold non-ASCII text "
			    "(percent-encode it; use the punycode form of a "
			    "host)");
		else if ((unsigned char)*p < 0x20)
			*why = xstrdup("a URL cannot hold a control character");
		else
			*why = xasprintf("a URL cannot hold '%c' "
			    "(percent-encode it)", *p);
		return NULL;
	}
	auth_end = rest + strcspn(rest, "/?#");
	if (memchr(rest, '@', (size_t)(auth_end - rest)) != NULL) {
		*why = xasprintf("must not hold credentials (user:password@); %s",
		    creds_hint_email ? "use zendesk.email and a token source" :
		    "use a token source");
		return NULL;
	}
	if (strchr(v, '?') != NULL || strchr(v, '#') != NULL) {
		*why = xstrdup("must not have a query (?) or fragment (#)");
		return NULL;
	}
	if (*rest == '[') {
		p = memchr(rest, ']', (size_t)(auth_end - rest));
		if (p == NULL) {
			*why = xstrdup("has an unterminated [IPv6] host");
			return NULL;
		}
		for (i = 1; rest + i < p; i++) {
			if (!isxdigit((unsigned char)rest[i]) && rest[i] != ':' &&
			    rest[i] != '.') {
				*why = xstrdup("has a bad [IPv6] host");
				return NULL;
			}
		}
		hostlen = (size_t)(p - rest) + 1;
		if (hostlen == 2) {
			*why = xstrdup("has no host");
			return NULL;
		}
	} else {
		for (hostlen = 0; rest + hostlen < auth_end &&
		    rest[hostlen] != ':'; hostlen++) {
			if (!isalnum((unsigned char)rest[hostlen]) &&
			    strchr(".-_", rest[hostlen]) == NULL) {
				*why = xasprintf("host has a bad character '%c'",
				    rest[hostlen]);
				return NULL;
			}
		}
		if (hostlen == 0) {
			*why = xstrdup("has no host");
			return NULL;
		}
	}
	if (rest + hostlen < auth_end) {
		if (rest[hostlen] != ':') {
			*why = xstrdup("has text after the [IPv6] host");
			return NULL;
		}
		port = rest + hostlen + 1;
		for (portnum = 0, p = port; p < auth_end; p++) {
			if (!isdigit((unsigned char)*p) || portnum > 6553) {
				portnum = -1;
				break;
			}
			portnum = portnum * 10 + (*p - '0');
		}
		if (p == port || portnum < 1 || portnum > 65535) {
			*why = xstrdup("has a bad port (expected 1 to 65535)");
			return NULL;
		}
	}
	host = config_lower_ndup(rest, hostlen);
	if (url_scheme_allowed(https ? "https" : "http", host, why) != 0) {
		free(host);
		return NULL;
	}
	i = strlen(auth_end);
	while (i > 0 && auth_end[i - 1] == '/')
		i--;
	norm = xasprintf("%s://%s%.*s%.*s", https ? "https" : "http", host,
	    port != NULL ? (int)(auth_end - port + 1) : 0,
	    port != NULL ? port - 1 : "", (int)i, auth_end);
	free(host);
	return norm;
}

/*
 * config_val_bad() for a URL, which may hold a password: the part before an '@'
 * in its authority is config_shown as "***".
 */
static void
url_bad(struct applier *ap, const struct rawsec *s, int k, const char *why)
{
	const char *v = s->val[k], *sep = strstr(v, "://"), *at, *end;
	char *masked, *q;

	if (sep == NULL) {
		config_val_bad(ap, s, k, why);
		return;
	}
	sep += 3;
	end = sep + strcspn(sep, "/?#");
	for (at = end; at > sep && at[-1] != '@'; at--)
		;
	if (at == sep) {
		config_val_bad(ap, s, k, why);
		return;
	}
	masked = xasprintf("%.*s***@%s", (int)(sep - v), v, at);
	q = config_shown(masked);
	config_aerr(ap, s->vline[k], "%s = %s: %s", config_profile_keys[k].name,
	    q, why);
	free(q);
	free(masked);
}

/* ~/, $HOME/ and ${HOME}/ at the start of a token_file path. */
static char *
expand_path(const char *v, char **why)
{
	const char *home, *rest = NULL;
	struct passwd *pw;

	if (strcmp(v, "~") == 0 || strcmp(v, "$HOME") == 0) {
		*why = xstrdup("names the home directory, not a file");
		return NULL;
	}
	if (strncmp(v, "~/", 2) == 0)
		rest = v + 1;
	else if (strncmp(v, "$HOME/", 6) == 0)
		rest = v + 5;
	else if (strncmp(v, "${HOME}/", 8) == 0)
		rest = v + 7;
	else if (v[0] == '~') {
		*why = xstrdup("~user is not supported: write the full path");
		return NULL;
	} else if (v[0] != '/') {
		*why = xstrdup("must be an absolute path or start with ~/ or "
		    "$HOME/");
		return NULL;
	}
	if (rest == NULL)
		return xstrdup(v);
	home = getenv("HOME");
	if (home == NULL || *home != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || *home != '/') {
		*why = xstrdup("needs a home directory, and HOME is not set");
		return NULL;
	}
	return xasprintf("%s%s", home, rest);
}

/*
 * A backend of a profile, from its keys: k_url (url or, for statuspage,
 * page_id) configures it; k_tok is its token_env, followed by _file and _cmd.
 * others are the rest of its keys, which need it to be configured.
 */
static void
build_backend(struct applier *ap, const struct rawsec *s, const char *what,
    int k_conf, int k_url, int k_tok, const int *others, size_t nothers,
    const char *default_url, struct config_backend *b)
{
	static const enum secret_kind kinds[] = { SECRET_ENV, SECRET_FILE,
	    SECRET_CMD };
	const struct keydef *keys = config_profile_keys;
	const char *v;
	char *why = NULL, *arg;
	int i, n = 0, set[3];
	unsigned last;
	size_t j;

	if (s->val[k_conf] == NULL) {
		/* Not configured: none of its other keys may be set. */
		if (k_url != k_conf && s->val[k_url] != NULL)
			config_aerr(ap, s->vline[k_url], "%s is set but %s is "
			    "not", keys[k_url].name, keys[k_conf].name);
		for (i = 0; i < 3; i++) {
			if (s->val[k_tok + i] != NULL)
				config_aerr(ap, s->vline[k_tok + i],
				    "%s is set but %s is not (the %s backend "
				    "is not configured)", keys[k_tok + i].name,
				    keys[k_conf].name, what);
		}
		for (j = 0; j < nothers; j++) {
			if (s->val[others[j]] != NULL)
				config_aerr(ap, s->vline[others[j]],
				    "%s is set but %s is not (the %s backend "
				    "is not configured)", keys[others[j]].name,
				    keys[k_conf].name, what);
		}
		return;
	}
	b->line = s->vline[k_conf];
	if (s->val[k_url] == NULL && default_url != NULL)
		b->url = xstrdup(default_url);
	else if ((v = config_val_get(ap, s, k_url, 0)) != NULL) {
		if ((b->url = url_check(v, k_url == P_ZD_URL, &why)) == NULL) {
			url_bad(ap, s, k_url, why);
			free(why);
		} else if (k_url == P_ZD_URL && strlen(b->url) >= 7 &&
		    strcasecmp(b->url + strlen(b->url) - 7, "/api/v2") == 0) {
			config_val_bad(ap, s, k_url, "give the account root: "
			    "tdesk adds /api/v2/...");
		}
	}

	for (i = 0; i < 3; i++) {
		if (s->val[k_tok + i] != NULL)
			set[n++] = k_tok + i;
	}
	if (n == 0) {
		config_aerr(ap, b->line, "%s is set but no token source: add "
		    "%s, %s or %s", keys[k_conf].name, keys[k_tok].name,
		    keys[k_tok + 1].name, keys[k_tok + 2].name);
		return;
	}
	/* Reported at the last of them, which is where the clash shows. */
	for (i = 0, last = 0; i < n; i++) {
		if (s->vline[set[i]] > last)
			last = s->vline[set[i]];
	}
	if (n == 2) {
		config_aerr(ap, last, "%s (line %u) and %s (line %u) both "
		    "give the %s token: keep only one", keys[set[0]].name,
		    s->vline[set[0]], keys[set[1]].name, s->vline[set[1]], what);
		return;
	}
	if (n == 3) {
		config_aerr(ap, last, "%s (line %u), %s (line %u) and %s "
		    "(line %u) all give the %s token: keep only one",
		    keys[set[0]].name, s->vline[set[0]], keys[set[1]].name,
		    s->vline[set[1]], keys[set[2]].name, s->vline[set[2]], what);
		return;
	}
	i = set[0] - k_tok;
	if ((v = config_val_get(ap, s, set[0], kinds[i] == SECRET_CMD)) == NULL)
		return;
	switch (kinds[i]) {
	case SECRET_ENV:
		for (j = 0; v[j] != '\0'; j++) {
			if (!isalnum((unsigned char)v[j]) && v[j] != '_')
				break;
		}
		if (v[j] != '\0' || isdigit((unsigned char)v[0])) {
			config_val_bad(ap, s, set[0], "expected the name of an "
			    "environment variable (letters, digits and _)");
			return;
		}
		arg = xstrdup(v);
		break;
	case SECRET_FILE:
		if ((arg = expand_path(v, &why)) == NULL) {
			config_val_bad(ap, s, set[0], why);
			free(why);
			return;
		}
		break;
	default:
		arg = xstrdup(v);
		break;
	}
	b->token.kind = kinds[i];
	b->token.arg = arg;
	b->token.key = keys[set[0]].name;
	b->token_text = xstrdup(v);
	b->token_line = s->vline[set[0]];
}

static int
chars_ok(const char *v, const char *extra)
{
	for (; *v != '\0'; v++) {
		if (!isalnum((unsigned char)*v) && strchr(extra, *v) == NULL)
			return 0;
	}
	return 1;
}

void
config_build_profile(struct applier *ap, const struct rawsec *s)
{
	static const int zd_others[] = { P_ZD_EMAIL, P_ZD_BILLING };
	struct config *cfg = ap->cfg;
	struct config_profile *p;
	const char *v, *at;

	cfg->profiles = xreallocarray(cfg->profiles, cfg->nprofiles + 1,
	    sizeof *cfg->profiles);
	p = &cfg->profiles[cfg->nprofiles++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(s->name);
	p->line = s->line;

	if ((v = config_val_get(ap, s, P_ENVIRONMENT, 0)) != NULL) {
		if (strlen(v) > MAX_ENVIRONMENT)
			config_val_bad(ap, s, P_ENVIRONMENT, "longer than 40 "
			    "bytes");
		else {
			p->environment = xstrdup(v);
			p->production = config_word_index(v,
			    production_words) != -1;
		}
	}

	build_backend(ap, s, "zendesk", P_ZD_URL, P_ZD_URL, P_ZD_ENV,
	    zd_others, 2, NULL, &p->zendesk);
	if (s->val[P_ZD_URL] != NULL) {
		if ((v = config_val_get(ap, s, P_ZD_EMAIL, 0)) != NULL) {
			at = strchr(v, '@');
			if (at == NULL || at == v || at[1] == '\0' ||
			    strchr(at + 1, '@') != NULL || strpbrk(v, " :") != NULL)
				config_val_bad(ap, s, P_ZD_EMAIL, "expected an "
				    "email address such as agent@example.com");
			else
				p->zendesk_email = xstrdup(v);
		}
		v = config_val_get(ap, s, P_ZD_BILLING, 0);
		if (v != NULL && (strlen(v) > 64 || !chars_ok(v, "_-")))
			config_val_bad(ap, s, P_ZD_BILLING, "expected an "
			    "organization field key (letters, digits, _ and "
			    "-)");
		else
			p->zendesk_billing_field = xstrdup(v != NULL ? v :
			    BILLING_FIELD_DEFAULT);
	}

	build_backend(ap, s, "statuspage", P_SP_PAGE, P_SP_URL, P_SP_ENV,
	    NULL, 0, STATUSPAGE_DEFAULT_URL, &p->statuspage);
	if ((v = config_val_get(ap, s, P_SP_PAGE, 0)) != NULL) {
		if (strlen(v) > 64 || !chars_ok(v, "_-"))
			config_val_bad(ap, s, P_SP_PAGE, "expected a "
			    "Statuspage page ID (letters, digits, _ and -)");
		else
			p->statuspage_page_id = xstrdup(v);
	}

	build_backend(ap, s, "payments", P_PM_URL, P_PM_URL, P_PM_ENV,
	    NULL, 0, NULL, &p->payments);
}
