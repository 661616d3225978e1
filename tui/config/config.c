/*
 * The configuration file: a git-config style parser that turns text into
 * entries, and an applier that checks the entries and builds a struct
 * config, both collecting every problem with its line. Also the
 * `config check` and `--dump-config` commands.
 *
 * Past the house's thousand lines: the "----" markers below (parse, apply,
 * load, use, dump, commands) are the seams to split it along; the parser
 * and the dumper must keep agreeing on the quoting rules when it is.
 */
#include "tui/config/config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tui/cli/exitcode.h"
#include "api/money.h"
#include "tui/cli/msg.h"

#define STATUSPAGE_DEFAULT_URL	"https://api.statuspage.io/v1"
#define BILLING_FIELD_DEFAULT	"billing_status"
#define MAX_ENVIRONMENT		40	/* bytes; it is shown in the status line */
#define MAX_SHOWN_VALUE		64	/* bytes of a value quoted in a message */

/* ---- errors ---- */

static void errs_add(struct config_errors *, const char *, unsigned,
    const char *, ...) TD_PRINTF(4, 5);

static void
errs_add(struct config_errors *errs, const char *name, unsigned line,
    const char *fmt, ...)
{
	struct config_error *e;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	errs->v = xreallocarray(errs->v, errs->n + 1, sizeof *errs->v);
	e = &errs->v[errs->n++];
	e->line = line;
	if (line == 0)
		e->msg = xasprintf("%s: %s", name, msg);
	else
		e->msg = xasprintf("%s:%u: %s", name, line, msg);
	free(msg);
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

/* Sort errs->v[from..] by line (stable) and keep at most CONFIG_MAX_ERRORS. */
static void
errs_finish(struct config_errors *errs, size_t from)
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

/*
 * A value as a message quotes it: in double quotes with the file's escapes,
 * cut at MAX_SHOWN_VALUE bytes on a character boundary. Returns a new
 * string.
 */
static char *
shown(const char *v)
{
	size_t i, n = 0, len = strlen(v), cut = len;
	char *s;

	if (len > MAX_SHOWN_VALUE) {
		cut = MAX_SHOWN_VALUE;
		while (cut > 0 && ((unsigned char)v[cut] & 0xc0) == 0x80)
			cut--;
	}
	s = xmalloc(2 * cut + 8);
	s[n++] = '"';
	for (i = 0; i < cut; i++) {
		switch (v[i]) {
		case '"':
		case '\\':
			s[n++] = '\\';
			s[n++] = v[i];
			break;
		case '\t':
			s[n++] = '\\';
			s[n++] = 't';
			break;
		case '\n':
			s[n++] = '\\';
			s[n++] = 'n';
			break;
		default:
			s[n++] = v[i];
			break;
		}
	}
	if (cut < len) {
		memcpy(s + n, "...", 3);
		n += 3;
	}
	s[n++] = '"';
	s[n] = '\0';
	return s;
}

/* ---- step 1: text to entries ---- */

struct parser {
	const char	*name;
	struct config_entries *out;
	struct config_errors *errs;
	int		 failed;
};

static void perr(struct parser *, unsigned, const char *, ...) TD_PRINTF(3, 4);

static void
perr(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	errs_add(ps->errs, ps->name, line, "%s", msg);
	free(msg);
	ps->failed = 1;
}

static struct config_entry *
entry_add(struct parser *ps, enum config_entry_kind kind, unsigned line)
{
	struct config_entry *e;

	ps->out->v = xreallocarray(ps->out->v, ps->out->n + 1,
	    sizeof *ps->out->v);
	e = &ps->out->v[ps->out->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->line = line;
	return e;
}

static char *
lower_ndup(const char *s, size_t n)
{
	char *p = xstrndup(s, n);
	size_t i;

	for (i = 0; p[i] != '\0'; i++)
		p[i] = (char)tolower((unsigned char)p[i]);
	return p;
}

/*
 * Offset of the first byte of p[0..len) that is not part of well-formed
 * UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), or
 * len if there is none.
 */
static size_t
utf8_bad(const unsigned char *p, size_t len)
{
	size_t i = 0, n, k;
	unsigned c;

	while (i < len) {
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return i;
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
		}
		if ((c == 0xe0 && p[i + 1] < 0xa0) ||
		    (c == 0xed && p[i + 1] > 0x9f) ||
		    (c == 0xf0 && p[i + 1] < 0x90) ||
		    (c == 0xf4 && p[i + 1] > 0x8f))
			return i;
		i += n + 1;
	}
	return len;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_keychar(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

/*
 * A line whose problem has been reported: record what it seems to be, a
 * header or a key, so that the applier neither puts the keys after a broken
 * header in the section before it nor reports a key it held as missing.
 */
static void
line_unreadable(struct parser *ps, const char *p, size_t len, unsigned line)
{
	struct config_entry *e;
	size_t i = 0, j, k;

	while (i < len && is_ws(p[i]))
		i++;
	if (i < len && p[i] == '[') {
		entry_add(ps, CONFIG_ENTRY_BROKEN, line);
		return;
	}
	if (i == len || !isalpha((unsigned char)p[i]))
		return;
	for (k = i; k < len && is_keychar(p[k]); k++)
		;
	for (j = k; j < len && is_ws(p[j]); j++)
		;
	if (j < len && p[j] == '=') {
		e = entry_add(ps, CONFIG_ENTRY_KEY, line);
		e->name = lower_ndup(p + i, k - i);
	}
}

static void
parse_header(struct parser *ps, const char *p, size_t len, unsigned line)
{
	size_t i = 1, start, n = 0;
	char *sub = NULL, *name;

	while (i < len && is_ws(p[i]))
		i++;
	start = i;
	while (i < len && is_keychar(p[i]))
		i++;
	if (i == start) {
		if (i < len && p[i] == '"')
			perr(ps, line, "section header has a name but no "
			    "section: write [profile \"NAME\"]");
		else
			perr(ps, line, "bad section header: expected [section] "
			    "or [section \"name\"]");
		goto broken;
	}
	name = lower_ndup(p + start, i - start);
	while (i < len && is_ws(p[i]))
		i++;
	if (i < len && p[i] == '"') {
		sub = xmalloc(len - i);
		for (i++; i < len && p[i] != '"'; i++) {
			if (p[i] == '\\' && i + 1 < len &&
			    (p[i + 1] == '"' || p[i + 1] == '\\'))
				i++;
			else if (p[i] == '\\') {
				perr(ps, line, "bad escape in section name "
				    "(only \\\" and \\\\ are allowed)");
				goto broken_name;
			}
			sub[n++] = p[i];
		}
		sub[n] = '\0';
		if (i == len) {
			perr(ps, line, "unterminated section name (missing "
			    "closing \")");
			goto broken_name;
		}
		i++;
		while (i < len && is_ws(p[i]))
			i++;
	}
	if (i == len) {
		perr(ps, line, "section header is missing \"]\"");
		goto broken_name;
	}
	if (p[i] != ']') {
		perr(ps, line, "bad section header: expected [section] or "
		    "[section \"name\"]");
		goto broken_name;
	}
	for (i++; i < len && is_ws(p[i]); i++)
		;
	if (i < len && p[i] != '#' && p[i] != ';') {
		perr(ps, line, "text after \"]\" in section header");
		goto broken_name;
	}
	{
		struct config_entry *e = entry_add(ps, CONFIG_ENTRY_SECTION,
		    line);

		e->name = name;
		e->sub = sub;
	}
	return;
broken_name:
	free(name);
	free(sub);
broken:
	entry_add(ps, CONFIG_ENTRY_BROKEN, line);
}

/*
 * The value part of a line, p[0..len) after the '=' and its whitespace.
 * Returns a new string, or NULL after reporting the problem.
 */
static char *
parse_value(struct parser *ps, const char *p, size_t len, unsigned line)
{
	size_t i, n = 0, end;
	char *v;

	if (len > 0 && p[0] == '"') {
		v = xmalloc(len);
		for (i = 1; i < len && p[i] != '"'; i++) {
			if (p[i] != '\\') {
				v[n++] = p[i];
				continue;
			}
			if (++i == len)
				break;
			switch (p[i]) {
			case '"':
			case '\\':
				v[n++] = p[i];
				break;
			case 't':
				v[n++] = '\t';
				break;
			case 'n':
				v[n++] = '\n';
				break;
			default:
				perr(ps, line, "unknown escape \\%c in quoted "
				    "value (use \\\\, \\\", \\t or \\n)",
				    isprint((unsigned char)p[i]) ? p[i] : '?');
				free(v);
				return NULL;
			}
		}
		if (i >= len) {
			perr(ps, line, "unterminated quoted value (missing "
			    "closing \")");
			free(v);
			return NULL;
		}
		v[n] = '\0';
		for (i++; i < len && is_ws(p[i]); i++)
			;
		if (i < len && p[i] != '#' && p[i] != ';') {
			perr(ps, line, "text after the closing quote; quote "
			    "the whole value");
			free(v);
			return NULL;
		}
		return v;
	}

	/* Unquoted: a comment starts at # or ; at the start or after blanks. */
	end = len;
	for (i = 0; i < len; i++) {
		if ((p[i] == '#' || p[i] == ';') && (i == 0 || is_ws(p[i - 1]))) {
			end = i;
			break;
		}
	}
	while (end > 0 && is_ws(p[end - 1]))
		end--;
	return xstrndup(p, end);
}

static void
parse_keyvalue(struct parser *ps, const char *p, size_t len, unsigned line)
{
	const char *eq = memchr(p, '=', len);
	struct config_entry *e;
	size_t i = 0, klen, kend;
	char *value;

	while (i < len && is_keychar(p[i]))
		i++;
	klen = i;
	while (i < len && is_ws(p[i]))
		i++;
	if (klen == 0 || i == len || p[i] != '=' ||
	    !isalpha((unsigned char)p[0])) {
		if (eq == NULL) {
			perr(ps, line, "line is not \"key = value\"");
			return;
		}
		kend = (size_t)(eq - p);
		while (kend > 0 && is_ws(p[kend - 1]))
			kend--;
		if (kend == 0)
			perr(ps, line, "missing key before \"=\"");
		else {
			char *k = xstrndup(p, kend), *s = shown(k);

			perr(ps, line, "invalid key %s: a key is a letter "
			    "followed by letters, digits, '.', '_' or '-'", s);
			free(s);
			free(k);
		}
		return;
	}
	for (i++; i < len && is_ws(p[i]); i++)
		;
	/* An unreadable value still sets the key, with value NULL. */
	value = parse_value(ps, p + i, len - i, line);
	e = entry_add(ps, CONFIG_ENTRY_KEY, line);
	e->name = lower_ndup(p, klen);
	e->value = value;
}

static void
parse_line(struct parser *ps, const char *p, size_t len, unsigned line)
{
	size_t i, bad;

	if (len > CONFIG_MAX_LINE) {
		perr(ps, line, "line is longer than %d bytes", CONFIG_MAX_LINE);
		line_unreadable(ps, p, len, line);
		return;
	}
	if (memchr(p, '\0', len) != NULL) {
		perr(ps, line, "NUL byte in line");
		line_unreadable(ps, p, len, line);
		return;
	}
	if (memmem(p, len, "\xef\xbb\xbf", 3) != NULL) {
		perr(ps, line, "byte order mark (U+FEFF) after the start of "
		    "the file");
		line_unreadable(ps, p, len, line);
		return;
	}
	if ((bad = utf8_bad((const unsigned char *)p, len)) < len) {
		perr(ps, line, "invalid UTF-8 at byte %zu", bad + 1);
		line_unreadable(ps, p, len, line);
		return;
	}
	for (i = 0; i < len; i++) {
		if (((unsigned char)p[i] < 0x20 && p[i] != '\t') ||
		    p[i] == 0x7f) {
			perr(ps, line, "control character 0x%02x at byte %zu",
			    (unsigned)(unsigned char)p[i], i + 1);
			line_unreadable(ps, p, len, line);
			return;
		}
	}
	for (i = 0; i < len && is_ws(p[i]); i++)
		;
	if (i == len || p[i] == '#' || p[i] == ';')
		return;
	if (p[i] == '[')
		parse_header(ps, p + i, len - i, line);
	else
		parse_keyvalue(ps, p + i, len - i, line);
}

int
config_parse_text(const char *name, const char *buf, size_t len,
    struct config_entries *out, struct config_errors *errs)
{
	struct parser ps = { name, out, errs, 0 };
	const char *nl;
	size_t off = 0, end, n;
	unsigned line = 0;

	out->v = NULL;
	out->n = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		off = 3;	/* a UTF-8 byte order mark */
	while (off < len) {
		line++;
		nl = memchr(buf + off, '\n', len - off);
		end = nl != NULL ? (size_t)(nl - buf) : len;
		n = end - off;
		if (n > 0 && buf[off + n - 1] == '\r')
			n--;
		parse_line(&ps, buf + off, n, line);
		off = nl != NULL ? end + 1 : len;
	}
	return ps.failed ? -1 : 0;
}

void
config_entries_free(struct config_entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].name);
		free(es->v[i].sub);
		free(es->v[i].value);
	}
	free(es->v);
	es->v = NULL;
	es->n = 0;
}

/* ---- step 2: entries to a struct config ---- */

enum section { S_TDESK, S_PROFILE, S_VIEW, S_TOLERANCE, S_COUNT };

struct keydef {
	const char	*name;
	const char	*expect;	/* what a value should be, for messages */
};

#define MAX_KEYS 16

enum { T_PROFILE, T_KEYMAP, T_TIMEZONES, T_NOTIFY, T_TIMEOUT,
    T_READBACK_DELAY };
static const struct keydef tdesk_keys[] = {
	{ "profile", "the name of a [profile \"NAME\"] section" },
	{ "keymap", "default, vi or emacs" },
	{ "timezones", "a comma-separated list of UTC, local, offsets like "
	    "+02:00 and zone names like Europe/Warsaw" },
	{ "notify", "auto, libnotify, osc9, osc777, bell or off" },
	{ "timeout", "a duration from 1s to 10m, such as 30s or 2m" },
	{ "readback_delay", "a duration from 0s to 60m, such as 2m" },
	{ NULL, NULL }
};

/* Each backend's keys in the same order: url, token_env, _file, _cmd. */
enum {
	P_ENVIRONMENT,
	P_ZD_URL, P_ZD_ENV, P_ZD_FILE, P_ZD_CMD, P_ZD_EMAIL, P_ZD_BILLING,
	P_SP_URL, P_SP_ENV, P_SP_FILE, P_SP_CMD, P_SP_PAGE,
	P_PM_URL, P_PM_ENV, P_PM_FILE, P_PM_CMD,
};
#define TOKEN_ENV_EXPECT "the name of an environment variable holding the token"
#define TOKEN_FILE_EXPECT "the path of a file holding the token"
#define TOKEN_CMD_EXPECT "a command that prints the token"
static const struct keydef profile_keys[] = {
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

enum { V_FILTER };
static const struct keydef view_keys[] = {
	{ "filter", "a filter expression such as status:open tag:billing" },
	{ NULL, NULL }
};

enum { L_CURRENCY, L_MAX_DELTA, L_SUGGEST, L_REASON };
static const struct keydef tolerance_keys[] = {
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
	{ "tdesk", tdesk_keys },
	{ "profile", profile_keys },
	{ "view", view_keys },
	{ "tolerance", tolerance_keys },
};

static const char *const keymap_words[] = { "default", "vi", "emacs", NULL };
static const char *const notify_words[] = { "auto", "libnotify", "osc9",
    "osc777", "bell", "off", NULL };
static const char *const suggest_words[] = { "accept", "recalculate",
    "refund", NULL };
static const char *const reason_words[] = { "underpaid", "overpaid",
    "fee_rounding", "reference_mismatch", "account_mismatch", "late",
    "duplicate", NULL };
static const char *const production_words[] = { "production", "prod", "live",
    NULL };

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

/* A section as the file gives it, merged over repeated headers. */
struct rawsec {
	enum section	 type;
	const char	*name;		/* subsection, NULL for [tdesk] */
	unsigned	 line;		/* of the first header */
	const char	*val[MAX_KEYS];	/* into the entries; NULL: not set */
	unsigned	 vline[MAX_KEYS];
};

/* The value of a key whose line has been reported as unreadable. */
static const char unreadable[] = "";

struct applier {
	const char	*name;
	struct config_errors *errs;
	int		 failed;
	struct rawsec	*secs;
	size_t		 nsecs;
	size_t		*hash;		/* open addressing: index + 1, 0 empty */
	size_t		 hsize;
	struct config	*cfg;
};

static void aerr(struct applier *, unsigned, const char *, ...)
    TD_PRINTF(3, 4);

static void
aerr(struct applier *ap, unsigned line, const char *fmt, ...)
{
	va_list va;
	char *msg;

	va_start(va, fmt);
	msg = xvasprintf(fmt, va);
	va_end(va);
	errs_add(ap->errs, ap->name, line, "%s", msg);
	free(msg);
	ap->failed = 1;
}

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
static char *
sec_title(const struct rawsec *s)
{
	char *q, *t;

	if (s->name == NULL)
		return xasprintf("[%s]", sections[s->type].name);
	q = shown(s->name);
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
	char *title = sec_title(s), *list = join_keys(keys), *k = shown(e->name);
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; keys[i].name != NULL; i++) {
		if ((d = edit_distance(e->name, keys[i].name)) < bestd) {
			bestd = d;
			best = keys[i].name;
		}
	}
	if (best != NULL)
		aerr(ap, e->line, "unknown key %s in %s: did you mean %s? "
		    "(expected one of: %s)", k, title, best, list);
	else
		aerr(ap, e->line, "unknown key %s in %s (expected one of: %s)",
		    k, title, list);
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
			aerr(ap, e->line, "unknown section [%s]: write [%.*s "
			    "\"%s\"]", e->name, (int)(dot - e->name), e->name,
			    dot + 1);
		else
			aerr(ap, e->line, "unknown section [%s] (expected "
			    "tdesk, profile, view or tolerance)", e->name);
		return NULL;
	}
	if (t == S_TDESK && e->sub != NULL) {
		aerr(ap, e->line, "section [tdesk] takes no name: write [tdesk]");
		return NULL;
	}
	if (t != S_TDESK && (e->sub == NULL || *e->sub == '\0')) {
		aerr(ap, e->line, "section [%s] needs a name: [%s \"NAME\"]",
		    e->name, e->name);
		return NULL;
	}
	if (t != S_TDESK && !name_ok(e->sub)) {
		q = shown(e->sub);
		aerr(ap, e->line, "%s name %s: use at most %d letters, digits, "
		    "'.', '_' or '-', starting with a letter or digit",
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
		title = sec_title(s);
		aerr(ap, e->line, "duplicate key %s in %s (first set on line "
		    "%u)", keys[i].name, title, s->vline[i]);
		free(title);
		return;
	}
	s->val[i] = e->value != NULL ? e->value : unreadable;
	s->vline[i] = e->line;
}

/* Index of v in words, case-insensitively, or -1. */
static int
word_index(const char *v, const char *const *words)
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
static const char *
val_get(struct applier *ap, const struct rawsec *s, int k, int multiline)
{
	const char *v = s->val[k], *key = sections[s->type].keys[k].name;
	char *q;

	if (v == NULL || v == unreadable)
		return NULL;
	if (*v == '\0') {
		aerr(ap, s->vline[k], "%s is empty: expected %s", key,
		    sections[s->type].keys[k].expect);
		return NULL;
	}
	if (!multiline && strpbrk(v, "\t\n") != NULL) {
		q = shown(v);
		aerr(ap, s->vline[k], "%s = %s: a tab or newline is not allowed "
		    "here", key, q);
		free(q);
		return NULL;
	}
	return v;
}

/* Report "KEY = "VALUE": expected ..." for a bad value. */
static void
val_bad(struct applier *ap, const struct rawsec *s, int k, const char *why)
{
	char *q = shown(s->val[k]);

	aerr(ap, s->vline[k], "%s = %s: %s", sections[s->type].keys[k].name,
	    q, why != NULL ? why : sections[s->type].keys[k].expect);
	free(q);
}

static int
val_word(struct applier *ap, const struct rawsec *s, int k,
    const char *const *words, int dflt)
{
	const char *v = val_get(ap, s, k, 0);
	char *why;
	int i;

	if (v == NULL)
		return dflt;
	if ((i = word_index(v, words)) == -1) {
		why = xasprintf("expected %s", sections[s->type].keys[k].expect);
		val_bad(ap, s, k, why);
		free(why);
		return dflt;
	}
	return i;
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

static void
zones_free(struct config_zone *z, size_t n)
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

static void
build_tdesk(struct applier *ap, const struct rawsec *s)
{
	struct config_tdesk *t = &ap->cfg->tdesk;
	struct config_zone z, *zones = NULL;
	const char *v, *p, *comma;
	size_t i, nzones = 0, a, b;
	char *item, *why;
	int bad = 0;

	if ((v = val_get(ap, s, T_PROFILE, 0)) != NULL) {
		t->profile = xstrdup(v);
		t->profile_line = s->vline[T_PROFILE];
	}
	t->keymap = val_word(ap, s, T_KEYMAP, keymap_words,
	    CONFIG_KEYMAP_DEFAULT);
	t->notify = val_word(ap, s, T_NOTIFY, notify_words,
	    CONFIG_NOTIFY_AUTO);
	if ((v = val_get(ap, s, T_TIMEOUT, 0)) != NULL) {
		if ((t->timeout_s = duration_parse(v, CONFIG_TIMEOUT_MIN,
		    CONFIG_TIMEOUT_MAX)) < 0) {
			t->timeout_s = CONFIG_TIMEOUT_DEFAULT;
			val_bad(ap, s, T_TIMEOUT, "expected a duration from 1s "
			    "to 10m, such as 30s or 2m");
		}
	}
	if ((v = val_get(ap, s, T_READBACK_DELAY, 0)) != NULL) {
		if ((t->readback_delay_s = duration_parse(v, 0,
		    CONFIG_READBACK_DELAY_MAX)) < 0) {
			t->readback_delay_s = CONFIG_READBACK_DELAY_DEFAULT;
			val_bad(ap, s, T_READBACK_DELAY, "expected a duration "
			    "from 0s to 60m, such as 2m");
		}
	}
	if ((v = val_get(ap, s, T_TIMEZONES, 0)) == NULL)
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
			val_bad(ap, s, T_TIMEZONES, why);
			free(why);
			bad = 1;
		}
		free(item);
		if (*comma == '\0')
			break;
	}
	if (bad) {
		zones_free(zones, nzones);
		return;
	}
	zones_free(t->zones, t->nzones);
	t->zones = zones;
	t->nzones = nzones;
}

static int
loopback_host(const char *h)
{
	const char *p = h;
	int part, n;

	if (strcasecmp(h, "localhost") == 0 || strcmp(h, "[::1]") == 0)
		return 1;
	if (strncmp(h, "127.", 4) != 0)
		return 0;
	/* Exactly four canonical decimal parts: no octal, no short forms. */
	for (part = 0; part < 4; part++) {
		if (!isdigit((unsigned char)*p) || (p[0] == '0' &&
		    isdigit((unsigned char)p[1])))
			return 0;
		for (n = 0; isdigit((unsigned char)*p); p++) {
			n = n * 10 + (*p - '0');
			if (n > 255)
				return 0;
		}
		if (part < 3 && *p++ != '.')
			return 0;
	}
	return *p == '\0';
}

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
	host = lower_ndup(rest, hostlen);
	if (!https && !loopback_host(host)) {
		*why = xasprintf("plain http:// is allowed only to a loopback "
		    "host (127.0.0.0/8, ::1, localhost), not %s: use https://",
		    host);
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
 * val_bad() for a URL, which may hold a password: the part before an '@'
 * in its authority is shown as "***".
 */
static void
url_bad(struct applier *ap, const struct rawsec *s, int k, const char *why)
{
	const char *v = s->val[k], *sep = strstr(v, "://"), *at, *end;
	char *masked, *q;

	if (sep == NULL) {
		val_bad(ap, s, k, why);
		return;
	}
	sep += 3;
	end = sep + strcspn(sep, "/?#");
	for (at = end; at > sep && at[-1] != '@'; at--)
		;
	if (at == sep) {
		val_bad(ap, s, k, why);
		return;
	}
	masked = xasprintf("%.*s***@%s", (int)(sep - v), v, at);
	q = shown(masked);
	aerr(ap, s->vline[k], "%s = %s: %s", profile_keys[k].name, q, why);
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
	const struct keydef *keys = profile_keys;
	const char *v;
	char *why = NULL, *arg;
	int i, n = 0, set[3];
	unsigned last;
	size_t j;

	if (s->val[k_conf] == NULL) {
		/* Not configured: none of its other keys may be set. */
		if (k_url != k_conf && s->val[k_url] != NULL)
			aerr(ap, s->vline[k_url], "%s is set but %s is not",
			    keys[k_url].name, keys[k_conf].name);
		for (i = 0; i < 3; i++) {
			if (s->val[k_tok + i] != NULL)
				aerr(ap, s->vline[k_tok + i], "%s is set but %s "
				    "is not (the %s backend is not configured)",
				    keys[k_tok + i].name, keys[k_conf].name, what);
		}
		for (j = 0; j < nothers; j++) {
			if (s->val[others[j]] != NULL)
				aerr(ap, s->vline[others[j]], "%s is set but %s "
				    "is not (the %s backend is not configured)",
				    keys[others[j]].name, keys[k_conf].name, what);
		}
		return;
	}
	b->line = s->vline[k_conf];
	if (s->val[k_url] == NULL && default_url != NULL)
		b->url = xstrdup(default_url);
	else if ((v = val_get(ap, s, k_url, 0)) != NULL) {
		if ((b->url = url_check(v, k_url == P_ZD_URL, &why)) == NULL) {
			url_bad(ap, s, k_url, why);
			free(why);
		} else if (k_url == P_ZD_URL && strlen(b->url) >= 7 &&
		    strcasecmp(b->url + strlen(b->url) - 7, "/api/v2") == 0) {
			val_bad(ap, s, k_url, "give the account root: tdesk "
			    "adds /api/v2/...");
		}
	}

	for (i = 0; i < 3; i++) {
		if (s->val[k_tok + i] != NULL)
			set[n++] = k_tok + i;
	}
	if (n == 0) {
		aerr(ap, b->line, "%s is set but no token source: add %s, "
		    "%s or %s", keys[k_conf].name, keys[k_tok].name,
		    keys[k_tok + 1].name, keys[k_tok + 2].name);
		return;
	}
	/* Reported at the last of them, which is where the clash shows. */
	for (i = 0, last = 0; i < n; i++) {
		if (s->vline[set[i]] > last)
			last = s->vline[set[i]];
	}
	if (n == 2) {
		aerr(ap, last, "%s (line %u) and %s (line %u) both "
		    "give the %s token: keep only one", keys[set[0]].name,
		    s->vline[set[0]], keys[set[1]].name, s->vline[set[1]], what);
		return;
	}
	if (n == 3) {
		aerr(ap, last, "%s (line %u), %s (line %u) and %s "
		    "(line %u) all give the %s token: keep only one",
		    keys[set[0]].name, s->vline[set[0]], keys[set[1]].name,
		    s->vline[set[1]], keys[set[2]].name, s->vline[set[2]], what);
		return;
	}
	i = set[0] - k_tok;
	if ((v = val_get(ap, s, set[0], kinds[i] == SECRET_CMD)) == NULL)
		return;
	switch (kinds[i]) {
	case SECRET_ENV:
		for (j = 0; v[j] != '\0'; j++) {
			if (!isalnum((unsigned char)v[j]) && v[j] != '_')
				break;
		}
		if (v[j] != '\0' || isdigit((unsigned char)v[0])) {
			val_bad(ap, s, set[0], "expected the name of an "
			    "environment variable (letters, digits and _)");
			return;
		}
		arg = xstrdup(v);
		break;
	case SECRET_FILE:
		if ((arg = expand_path(v, &why)) == NULL) {
			val_bad(ap, s, set[0], why);
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

static void
build_profile(struct applier *ap, const struct rawsec *s)
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

	if ((v = val_get(ap, s, P_ENVIRONMENT, 0)) != NULL) {
		if (strlen(v) > MAX_ENVIRONMENT)
			val_bad(ap, s, P_ENVIRONMENT, "longer than 40 bytes");
		else {
			p->environment = xstrdup(v);
			p->production = word_index(v, production_words) != -1;
		}
	}

	build_backend(ap, s, "zendesk", P_ZD_URL, P_ZD_URL, P_ZD_ENV,
	    zd_others, 2, NULL, &p->zendesk);
	if (s->val[P_ZD_URL] != NULL) {
		if ((v = val_get(ap, s, P_ZD_EMAIL, 0)) != NULL) {
			at = strchr(v, '@');
			if (at == NULL || at == v || at[1] == '\0' ||
			    strchr(at + 1, '@') != NULL || strpbrk(v, " :") != NULL)
				val_bad(ap, s, P_ZD_EMAIL, "expected an email "
				    "address such as agent@example.com");
			else
				p->zendesk_email = xstrdup(v);
		}
		v = val_get(ap, s, P_ZD_BILLING, 0);
		if (v != NULL && (strlen(v) > 64 || !chars_ok(v, "_-")))
			val_bad(ap, s, P_ZD_BILLING, "expected an organization "
			    "field key (letters, digits, _ and -)");
		else
			p->zendesk_billing_field = xstrdup(v != NULL ? v :
			    BILLING_FIELD_DEFAULT);
	}

	build_backend(ap, s, "statuspage", P_SP_PAGE, P_SP_URL, P_SP_ENV,
	    NULL, 0, STATUSPAGE_DEFAULT_URL, &p->statuspage);
	if ((v = val_get(ap, s, P_SP_PAGE, 0)) != NULL) {
		if (strlen(v) > 64 || !chars_ok(v, "_-"))
			val_bad(ap, s, P_SP_PAGE, "expected a Statuspage page "
			    "ID (letters, digits, _ and -)");
		else
			p->statuspage_page_id = xstrdup(v);
	}

	build_backend(ap, s, "payments", P_PM_URL, P_PM_URL, P_PM_ENV,
	    NULL, 0, NULL, &p->payments);
}

static void
build_view(struct applier *ap, const struct rawsec *s)
{
	struct config *cfg = ap->cfg;
	struct config_view *w;
	const char *v;
	char *title;

	if (s->val[V_FILTER] == NULL) {
		title = sec_title(s);
		aerr(ap, s->line, "%s needs filter (%s)", title,
		    view_keys[V_FILTER].expect);
		free(title);
		return;
	}
	if ((v = val_get(ap, s, V_FILTER, 1)) == NULL)
		return;
	cfg->views = xreallocarray(cfg->views, cfg->nviews + 1,
	    sizeof *cfg->views);
	w = &cfg->views[cfg->nviews++];
	w->name = xstrdup(s->name);
	w->line = s->line;
	w->filter = xstrdup(v);
}

static void
build_tolerance(struct applier *ap, const struct rawsec *s)
{
	static const int required[] = { L_CURRENCY, L_MAX_DELTA, L_SUGGEST };
	struct config *cfg = ap->cfg;
	struct config_tolerance t, *tp;
	const char *cur = NULL, *v;
	char *title, *why = NULL, upper[8];
	size_t i;
	int bad = 0, r;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 3; i++) {
		if (s->val[required[i]] == NULL) {
			title = sec_title(s);
			aerr(ap, s->line, "%s needs %s (%s)", title,
			    tolerance_keys[required[i]].name,
			    tolerance_keys[required[i]].expect);
			free(title);
			bad = 1;
		}
	}
	if ((v = val_get(ap, s, L_CURRENCY, 0)) != NULL) {
		if (money_exponent(v) >= 0)
			cur = v;
		else {
			for (i = 0; v[i] != '\0' && i < sizeof upper - 1; i++)
				upper[i] = (char)toupper((unsigned char)v[i]);
			upper[i] = '\0';
			if (v[i] == '\0' && money_exponent(upper) >= 0) {
				why = xasprintf("currency codes are upper-case: "
				    "%s", upper);
				val_bad(ap, s, L_CURRENCY, why);
				free(why);
			} else
				val_bad(ap, s, L_CURRENCY, "unknown currency "
				    "(expected an ISO 4217 code such as PLN, "
				    "EUR or JPY)");
		}
	}
	if (cur == NULL)
		bad = 1;
	/* max_delta is read in the currency, wherever the keys stand. */
	if ((v = val_get(ap, s, L_MAX_DELTA, 0)) != NULL && cur != NULL) {
		if (v[0] == '-') {
			val_bad(ap, s, L_MAX_DELTA, "must not be negative");
			bad = 1;
		} else if (money_parse(v, cur, &t.max_delta, &why) != 0) {
			/* money's message already quotes the text. */
			aerr(ap, s->vline[L_MAX_DELTA], "max_delta: %s", why);
			free(why);
			bad = 1;
		}
	} else
		bad = 1;
	r = val_word(ap, s, L_SUGGEST, suggest_words, -1);
	if (r == -1)
		bad = 1;
	t.suggest = r == -1 ? CONFIG_SUGGEST_ACCEPT : (enum config_suggest)r;
	if (s->val[L_REASON] != NULL) {
		r = val_word(ap, s, L_REASON, reason_words, -1);
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

/* "acme, beta" or "" for the profiles there are. Returns a new string. */
static char *
profile_list(const struct config *cfg)
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

static struct config *
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

int
config_apply(const char *name, const struct config_entries *es,
    struct config **out, struct config_errors *errs)
{
	struct applier ap;
	struct rawsec *cur = NULL;
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
				q = shown(e->name);
				aerr(&ap, e->line, "key %s is outside any "
				    "section: put it under [tdesk] or "
				    "[profile \"NAME\"]", q);
				free(q);
				outside = 1;
			}
			break;
		}
	}
	for (i = 0; i < ap.nsecs; i++) {
		switch (ap.secs[i].type) {
		case S_TDESK:
			build_tdesk(&ap, &ap.secs[i]);
			break;
		case S_PROFILE:
			build_profile(&ap, &ap.secs[i]);
			break;
		case S_VIEW:
			build_view(&ap, &ap.secs[i]);
			break;
		case S_TOLERANCE:
			build_tolerance(&ap, &ap.secs[i]);
			break;
		case S_COUNT:
			break;
		}
	}
	t = &ap.cfg->tdesk;
	if (t->profile != NULL) {
		for (i = 0; i < ap.cfg->nprofiles; i++) {
			if (strcmp(ap.cfg->profiles[i].name, t->profile) == 0)
				break;
		}
		if (i == ap.cfg->nprofiles) {
			list = profile_list(ap.cfg);
			q = shown(t->profile);
			aerr(&ap, t->profile_line, "profile = %s: there is no "
			    "[profile %s] section (%s%s)", q, q,
			    *list != '\0' ? "profiles: " :
			    "there are no profiles", list);
			free(q);
			free(list);
		}
	}
	free(ap.secs);
	free(ap.hash);
	if (ap.failed) {
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
	errs_finish(errs, from);
	return rc;
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
	zones_free(cfg->tdesk.zones, cfg->tdesk.nzones);
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

/* ---- loading ---- */

char *
config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home;
	struct passwd *pw;

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/tdesk/config", xdg);
	home = getenv("HOME");
	if (home == NULL || *home != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || *home != '/')
		return NULL;
	return xasprintf("%s/.config/tdesk/config", home);
}

enum config_result
config_load(const char *path, struct config **out,
    struct config_errors *errs)
{
	struct config_errors local = { NULL, 0, 0 };
	enum config_result rc = CONFIG_INVALID;
	char *owned = NULL, *buf = NULL, *q;
	struct stat st;
	size_t len = 0, from = errs->n;
	ssize_t n;
	int fd, refused = 0;

	*out = NULL;
	if (path == NULL && (path = owned = config_default_path()) == NULL) {
		errs_add(errs, "tdesk", 0, "no home directory to find the "
		    "configuration in: give --config FILE");
		return CONFIG_INVALID;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1 && errno == ENOENT) {
		errs_add(errs, path, 0, "no such file (see tdesk.conf(5))");
		*out = config_new(path);
		(*out)->missing = 1;
		free(owned);
		return CONFIG_NOFILE;
	}
	if (fd == -1) {
		errs_add(errs, path, 0, "%s", strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		errs_add(errs, path, 0, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		errs_add(errs, path, 0, "not a regular file");
		goto out;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		errs_add(errs, path, 0, "owned by uid %lu, not by you (uid "
		    "%lu)", (unsigned long)st.st_uid, (unsigned long)geteuid());
		refused = 1;
	}
	if ((st.st_mode & 077) != 0) {
		/*
		 * As ssh does: the file names commands tdesk runs and where
		 * its tokens are, so it is the user's alone.
		 */
		q = secret_shquote(path);
		errs_add(errs, path, 0, "readable or writable by group or "
		    "others (mode %04o); fix it with: chmod 600 %s",
		    (unsigned)(st.st_mode & 07777), q);
		free(q);
		refused = 1;
	}
	if (st.st_size > CONFIG_MAX_FILE) {
		errs_add(errs, path, 0, "larger than %d bytes; is it a "
		    "configuration file?", CONFIG_MAX_FILE);
		goto out;
	}
	buf = xmalloc(CONFIG_MAX_FILE + 1);
	for (;;) {
		n = read(fd, buf + len, CONFIG_MAX_FILE + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			errs_add(errs, path, 0, "%s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > CONFIG_MAX_FILE) {
			errs_add(errs, path, 0, "larger than %d bytes; is it "
			    "a configuration file?", CONFIG_MAX_FILE);
			goto out;
		}
	}
	if (config_parse_buffer(path, buf, len, out, &local) == 0 && !refused)
		rc = CONFIG_OK;
	else
		config_free(out);
	/* Keep the file-wide errors first, then the file's in line order. */
	if (local.n > 0) {
		errs->v = xreallocarray(errs->v, errs->n + local.n,
		    sizeof *errs->v);
		memcpy(errs->v + errs->n, local.v, local.n * sizeof *local.v);
		errs->n += local.n;
	}
	errs->dropped += local.dropped;
	free(local.v);
	errs_finish(errs, from);
out:
	free(buf);
	free(owned);
	if (fd != -1)
		close(fd);
	return rc;
}

/* ---- using it ---- */

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
		list = profile_list(cfg);
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
	list = profile_list(cfg);
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

/* ---- dump ---- */

/* Write a value so that the parser reads it back unchanged. */
static void
dump_value(FILE *f, const char *v)
{
	size_t i, len = strlen(v);
	int quote = len == 0 || is_ws(v[0]) || is_ws(v[len - 1]) ||
	    v[0] == '"' || v[0] == '#' || v[0] == ';' || strchr(v, '\n') != NULL;

	for (i = 1; i < len && !quote; i++) {
		if ((v[i] == '#' || v[i] == ';') && is_ws(v[i - 1]))
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

/* ---- commands ---- */

int
config_cmd_check(const char *path, FILE *out, FILE *err)
{
	struct config_errors errs = { NULL, 0, 0 };
	const struct config_backend *b[3];
	const struct config_profile *p;
	struct config *cfg = NULL;
	enum config_result r;
	char *token = NULL, *cause = NULL, *names;
	size_t i, j, ntok, nbad = 0;
	int rc = EXIT_CONFIG;

	if ((r = config_load(path, &cfg, &errs)) != CONFIG_OK) {
		config_errors_print(&errs, err);
		goto out;
	}
	for (i = 0; i < cfg->nprofiles; i++) {
		p = &cfg->profiles[i];
		b[0] = &p->zendesk;
		b[1] = &p->statuspage;
		b[2] = &p->payments;
		for (j = 0; j < 3; j++) {
			if (b[j]->url == NULL)
				continue;
			if (secret_resolve(&b[j]->token, &token, &cause) != 0) {
				msg_line(err, "%s:%u: %s", cfg->path,
				    b[j]->token_line, cause);
				free(cause);
				cause = NULL;
				nbad++;
			}
			secret_free(&token);
		}
	}
	if (nbad > 0)
		goto out;
	msg_line(out, "%s: ok (%zu profile%s, %zu view%s, %zu tolerance "
	    "rule%s)", cfg->path, cfg->nprofiles,
	    cfg->nprofiles == 1 ? "" : "s", cfg->nviews,
	    cfg->nviews == 1 ? "" : "s", cfg->ntolerances,
	    cfg->ntolerances == 1 ? "" : "s");
	for (i = 0; i < cfg->nprofiles; i++) {
		p = &cfg->profiles[i];
		names = xasprintf("%s%s%s", p->zendesk.url ? " zendesk" : "",
		    p->statuspage.url ? " statuspage" : "",
		    p->payments.url ? " payments" : "");
		ntok = (p->zendesk.url != NULL) + (p->statuspage.url != NULL) +
		    (p->payments.url != NULL);
		msg_line(out, "profile \"%s\"%s%s%s:%s; %zu token%s usable%s",
		    p->name, p->environment ? " (" : "",
		    p->environment ? p->environment : "",
		    p->environment ? ")" : "",
		    *names != '\0' ? names : " no backend configured",
		    ntok, ntok == 1 ? "" : "s",
		    p->production ? "; PRODUCTION" : "");
		free(names);
	}
	rc = EXIT_OK;
out:
	config_errors_free(&errs);
	config_free(&cfg);
	return rc;
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
