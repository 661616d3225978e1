/*
 * The table of actions and contexts (action_list.h) and keymap files:
 * parsing lines into entries, applying entries to a context x key table,
 * looking keys up, and describing the bindings for "?" and tdesk(1).
 * The action_* functions live here, not in a tui/actions.c: the archive
 * would then hold two members named actions.o (cache/actions.c is one).
 */
#include "tui/config/keymap.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/quote.h"

_Static_assert(ACT_COUNT <= 255, "keymap tables hold an action in a byte");

struct keymap {
	unsigned char	 map[CTX_COUNT][KM_KEY_LIMIT];	/* enum action, ACT_NONE if unbound here */
};

struct action_def {
	const char	*name;
	enum keymap_context ctx;
	const char	*keys;		/* default keys, keymap-file syntax */
	const char	*help;
};

#define ACT_DEF_(id, n, c, k, h) [ACT_##id] = { n, CTX_##c, k, h },
static const struct action_def action_defs[ACT_COUNT] = {
	[ACT_NONE] = { NULL, CTX_NONE, "", NULL },	/* what action_def() answers out of range */
	TDESK_ACTIONS(ACT_DEF_)
};
#undef ACT_DEF_

struct context_def {
	const char	*name;
	enum keymap_context parent;
	const char	*help;
};

#define CTX_DEF_(id, n, p, h) [CTX_##id] = { n, p, h },
static const struct context_def context_defs[CTX_COUNT] = {
	TDESK_CONTEXTS(CTX_DEF_)
};
#undef CTX_DEF_

/* <Name> keys; the first name for a code is the one keymap_key_name() writes. */
static const struct {
	const char	*name;
	int		 key;
} key_names[] = {
	{ "Enter",	'\n' },
	{ "Space",	' ' },
	{ "Tab",	'\t' },
	{ "BackTab",	KM_KEY_BTAB },
	{ "Esc",	27 },
	{ "BackSpace",	KM_KEY_BACKSPACE },
	{ "Delete",	KM_KEY_DC },
	{ "Insert",	KM_KEY_IC },
	{ "Up",		KM_KEY_UP },
	{ "Down",	KM_KEY_DOWN },
	{ "Left",	KM_KEY_LEFT },
	{ "Right",	KM_KEY_RIGHT },
	{ "Home",	KM_KEY_HOME },
	{ "End",	KM_KEY_END },
	{ "PageUp",	KM_KEY_PPAGE },
	{ "PageDown",	KM_KEY_NPAGE },
	{ "Hash",	'#' },
	{ "Lt",		'<' },
};

#define KEYMAP_MAX_FKEY	12
#define KEYMAP_QUOTE	40	/* bytes of a token quoted in a message */

/*
 * An action's row of the table; out of range, the ACT_NONE row, whose
 * fields are what the accessors answer for an unknown action.
 */
static const struct action_def *
action_def(enum action a)
{
	return &action_defs[a > ACT_NONE && a < ACT_COUNT ? a : ACT_NONE];
}

const char *
action_name(enum action a)
{
	return action_def(a)->name;
}

const char *
action_help(enum action a)
{
	return action_def(a)->help;
}

enum keymap_context
action_context(enum action a)
{
	return action_def(a)->ctx;
}

const char *
action_default_keys(enum action a)
{
	return action_def(a)->keys;
}

enum action
action_from_name(const char *name)
{
	int a;

	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		if (strcmp(action_defs[a].name, name) == 0)
			return (enum action)a;
	}
	return ACT_NONE;
}

const char *
keymap_context_name(enum keymap_context c)
{
	return c > CTX_NONE && c < CTX_COUNT ? context_defs[c].name : NULL;
}

enum keymap_context
keymap_context_parent(enum keymap_context c)
{
	return c > CTX_NONE && c < CTX_COUNT ? context_defs[c].parent : CTX_NONE;
}

enum keymap_context
keymap_context_from_name(const char *name)
{
	int c;

	for (c = 0; c < CTX_COUNT; c++) {
		if (strcmp(context_defs[c].name, name) == 0)
			return (enum keymap_context)c;
	}
	return CTX_NONE;
}

int
action_valid_in(enum action a, enum keymap_context ctx)
{
	enum keymap_context own = action_context(a);

	for (; ctx != CTX_NONE; ctx = keymap_context_parent(ctx)) {
		if (ctx == own)
			return 1;
	}
	return 0;
}

int
keymap_key_canon(int key)
{
	if (key == '\r' || key == KM_KEY_ENTER)
		return '\n';
	if (key == 127)
		return KM_KEY_BACKSPACE;
	return key;
}

/* The control code for C-c / ^C, or -1. */
static int
key_control(unsigned char c)
{
	if (isalpha(c))
		return toupper(c) & 0x1f;
	if (c != '\0' && strchr("@[\\]^_", c) != NULL)
		return c & 0x1f;
	return -1;
}

int
keymap_key_parse(const char *s)
{
	size_t i, len = strlen(s);
	char *end;
	long n;

	if (len == 1)
		return (unsigned char)s[0] > ' ' && (unsigned char)s[0] < 127 ?
		    (unsigned char)s[0] : -1;
	if (len == 3 && s[0] == 'C' && s[1] == '-')
		return keymap_key_canon(key_control((unsigned char)s[2]));
	if (len == 2 && s[0] == '^')
		return keymap_key_canon(key_control((unsigned char)s[1]));
	if (len < 3 || s[0] != '<' || s[len - 1] != '>')
		return -1;
	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (strlen(key_names[i].name) == len - 2 &&
		    strncasecmp(s + 1, key_names[i].name, len - 2) == 0)
			return key_names[i].key;
	}
	if ((s[1] == 'F' || s[1] == 'f') && isdigit((unsigned char)s[2]) &&
	    s[2] != '0') {
		errno = 0;
		n = strtol(s + 2, &end, 10);
		if (errno == 0 && end == s + len - 1 && n >= 1 &&
		    n <= KEYMAP_MAX_FKEY)
			return KM_KEY_F(n);
	}
	return -1;
}

const char *
keymap_key_name(int key, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key && key != '<') {
			snprintf(buf, size, "<%s>", key_names[i].name);
			return buf;
		}
	}
	if (key > ' ' && key < 127)
		snprintf(buf, size, "%c", key);
	else if (key >= 0 && key < ' ')
		snprintf(buf, size, "C-%c", key >= 1 && key <= 26 ?
		    'a' + key - 1 : '@' + key);
	else if (key > KM_KEY_F0 && key <= KM_KEY_F(KEYMAP_MAX_FKEY))
		snprintf(buf, size, "<F%d>", key - KM_KEY_F0);
	else
		snprintf(buf, size, "<%#o>", (unsigned)key);
	return buf;
}

static void errs_add(struct config_errors *, const char *, unsigned,
    const char *, ...) TD_PRINTF(4, 5);

/*
 * Once CONFIG_MAX_ERRORS are kept, a keymap's further errors are only
 * counted (config.c keeps all of a file's until config_errors_sort()).
 */
static void
errs_add(struct config_errors *errs, const char *name, unsigned line,
    const char *fmt, ...)
{
	va_list ap;

	if (errs->n >= CONFIG_MAX_ERRORS) {
		errs->dropped++;
		return;
	}
	va_start(ap, fmt);
	config_errors_vadd(errs, name, line, fmt, ap);
	va_end(ap);
}

/* s quoted for a message, as the configuration's other messages quote. */
static const char *
quote(const char *s, char *buf)
{
	return quote_for_message(s, strlen(s), KEYMAP_QUOTE, 0, buf);
}

#define KEYMAP_MAX_TOKENS 5

/*
 * One line (len bytes, no newline) into tokens (copies into tok[], at most
 * KEYMAP_MAX_TOKENS kept, all counted). Returns 0, or -1 if a byte outside
 * a comment is not printable ASCII.
 */
static int
tokenize(const char *p, size_t len, char **tok, size_t *ntok)
{
	size_t i = 0, start;
	int bad = 0;

	*ntok = 0;
	while (i < len) {
		if (p[i] == ' ' || p[i] == '\t') {
			i++;
			continue;
		}
		if (p[i] == '#')
			break;
		for (start = i; i < len && p[i] != ' ' && p[i] != '\t'; i++) {
			if ((unsigned char)p[i] < ' ' || (unsigned char)p[i] >= 127)
				bad = 1;
		}
		if (*ntok < KEYMAP_MAX_TOKENS)
			tok[*ntok] = xstrndup(p + start, i - start);
		(*ntok)++;
	}
	return bad ? -1 : 0;
}

static void
entries_add(struct keymap_entries *out, enum keymap_entry_kind kind,
    unsigned line, enum keymap_context ctx, int key, enum action a)
{
	struct keymap_entry *e;

	out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
	e = &out->v[out->n++];
	e->kind = kind;
	e->line = line;
	e->ctx = ctx;
	e->key = key;
	e->action = a;
}

/* One line's tokens to an entry, or an error. Returns 0 or -1. */
static int
parse_line(const char *name, unsigned line, char **tok, size_t ntok,
    struct keymap_entries *out, struct config_errors *errs)
{
	enum keymap_context ctx;
	enum action a = ACT_NONE;
	char q[QUOTE_SIZE(KEYMAP_QUOTE)];
	int bind, key;

	bind = strcmp(tok[0], "bind") == 0;
	if (!bind && strcmp(tok[0], "unbind") != 0) {
		errs_add(errs, name, line, "expected \"bind <context> <key> "
		    "<action>\" or \"unbind <context> <key>\", found %s",
		    quote(tok[0], q));
		return -1;
	}
	if (ntok != (bind ? 4u : 3u)) {
		errs_add(errs, name, line, bind ?
		    "bind takes <context> <key> <action>, found %zu words" :
		    "unbind takes <context> <key>, found %zu words", ntok - 1);
		return -1;
	}
	if ((ctx = keymap_context_from_name(tok[1])) == CTX_NONE) {
		errs_add(errs, name, line, "unknown context %s (global, "
		    "list, ticket, payment, incident, outbox or prompt)",
		    quote(tok[1], q));
		return -1;
	}
	if ((key = keymap_key_parse(tok[2])) < 0) {
		errs_add(errs, name, line, "unknown key %s",
		    quote(tok[2], q));
		return -1;
	}
	if (bind) {
		if ((a = action_from_name(tok[3])) == ACT_NONE) {
			errs_add(errs, name, line, "unknown action %s",
			    quote(tok[3], q));
			return -1;
		}
		if (!action_valid_in(a, ctx)) {
			errs_add(errs, name, line, "action \"%s\" does not "
			    "apply in context \"%s\" (it belongs to \"%s\")",
			    action_name(a), keymap_context_name(ctx),
			    keymap_context_name(action_context(a)));
			return -1;
		}
	}
	entries_add(out, bind ? KEYMAP_BIND : KEYMAP_UNBIND, line, ctx, key, a);
	return 0;
}

int
keymap_parse_text(const char *name, const char *buf, size_t len,
    struct keymap_entries *out, struct config_errors *errs)
{
	char *tok[KEYMAP_MAX_TOKENS];
	size_t pos = 0, end, ll, ntok, i;
	unsigned line = 0;
	int rc = 0;

	out->v = NULL;
	out->n = 0;
	while (pos < len) {
		line++;
		for (end = pos; end < len && buf[end] != '\n'; end++)
			;
		ll = end - pos;
		if (ll > 0 && buf[pos + ll - 1] == '\r')
			ll--;
		if (tokenize(buf + pos, ll, tok, &ntok) != 0) {
			errs_add(errs, name, line, "a control character or "
			    "non-ASCII byte outside a comment");
			rc = -1;
		} else if (ntok > 0 &&
		    parse_line(name, line, tok, ntok, out, errs) != 0)
			rc = -1;
		for (i = 0; i < ntok && i < KEYMAP_MAX_TOKENS; i++)
			free(tok[i]);
		pos = end + 1;
	}
	return rc;
}

void
keymap_entries_free(struct keymap_entries *es)
{
	free(es->v);
	es->v = NULL;
	es->n = 0;
}

int
keymap_apply(struct keymap *km, const char *name,
    const struct keymap_entries *es, struct config_errors *errs)
{
	unsigned (*seen)[KM_KEY_LIMIT];	/* line that bound ctx x key in this file */
	const struct keymap_entry *e;
	char kn[16];
	size_t i;
	int rc = 0;

	seen = xcalloc(CTX_COUNT, sizeof *seen);
	for (i = 0; i < es->n; i++) {
		e = &es->v[i];
		if (e->ctx <= CTX_NONE || e->ctx >= CTX_COUNT || e->key < 0 ||
		    e->key >= KM_KEY_LIMIT)
			continue;
		if (e->kind == KEYMAP_UNBIND) {
			km->map[e->ctx][e->key] = ACT_NONE;
			seen[e->ctx][e->key] = 0;
			continue;
		}
		if (seen[e->ctx][e->key] != 0) {
			errs_add(errs, name, e->line, "key \"%s\" is bound "
			    "twice in context \"%s\": here to \"%s\", at line "
			    "%u to \"%s\"", keymap_key_name(e->key, kn,
			    sizeof kn), keymap_context_name(e->ctx),
			    action_name(e->action), seen[e->ctx][e->key],
			    action_name(km->map[e->ctx][e->key]));
			rc = -1;
			continue;
		}
		seen[e->ctx][e->key] = e->line;
		km->map[e->ctx][e->key] = (unsigned char)e->action;
	}
	free(seen);
	return rc;
}

/*
 * Good lines are applied even when others fail, so one typo in the user's
 * file costs one binding, not all of them; the caller shows the errors.
 */
int
keymap_parse_buffer(struct keymap *km, const char *name, const char *buf,
    size_t len, struct config_errors *errs)
{
	struct keymap_entries es;
	size_t from = errs->n;
	int rc;

	rc = keymap_parse_text(name, buf, len, &es, errs);
	if (keymap_apply(km, name, &es, errs) != 0)
		rc = -1;
	keymap_entries_free(&es);
	config_errors_sort(errs, from);
	return rc;
}

int
keymap_load(struct keymap *km, const char *path, struct config_errors *errs)
{
	char *buf;
	size_t len;
	FILE *f;
	int rc;

	if ((f = fopen(path, "rb")) == NULL) {
		errs_add(errs, path, 0, "%s", strerror(errno));
		return -1;
	}
	buf = xmalloc(KEYMAP_MAX_FILE + 1);
	len = fread(buf, 1, KEYMAP_MAX_FILE + 1, f);
	if (ferror(f)) {
		errs_add(errs, path, 0, "%s", strerror(errno));
		rc = -1;
	} else if (len > KEYMAP_MAX_FILE) {
		errs_add(errs, path, 0, "larger than %d bytes",
		    KEYMAP_MAX_FILE);
		rc = -1;
	} else
		rc = keymap_parse_buffer(km, path, buf, len, errs);
	free(buf);
	fclose(f);
	return rc;
}

struct keymap *
keymap_new(void)
{
	return xcalloc(1, sizeof (struct keymap));
}

char *
keymap_default_text(void)
{
	const char *k;
	char *buf = NULL;
	size_t len = 0, n;
	FILE *f;
	int a;

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream: %s", strerror(errno));
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		if (action_defs[a].keys[0] == '\0') {
			fprintf(f, "# %s %s is unbound by default\n",
			    context_defs[action_defs[a].ctx].name,
			    action_defs[a].name);
			continue;
		}
		for (k = action_defs[a].keys; *k != '\0'; k += n) {
			k += strspn(k, " ");
			if ((n = strcspn(k, " ")) == 0)
				continue;
			fprintf(f, "bind %s %.*s %s\n",
			    context_defs[action_defs[a].ctx].name, (int)n, k,
			    action_defs[a].name);
		}
	}
	if (fclose(f) != 0)
		fatal("writing the default keymap: %s", strerror(errno));
	return buf;
}

struct keymap *
keymap_new_default(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap *km = keymap_new();
	char *text = keymap_default_text();

	/* The table is ours: an error here is a bug, and a test catches it. */
	if (keymap_parse_buffer(km, "(built-in keymap)", text, strlen(text),
	    &errs) != 0)
		fatal("%s", errs.n > 0 ? errs.v[0].msg : "built-in keymap");
	free(text);
	return km;
}

void
keymap_free(struct keymap **km)
{
	free(*km);
	*km = NULL;
}

enum action
keymap_lookup(const struct keymap *km, enum keymap_context ctx, int key)
{
	key = keymap_key_canon(key);
	if (key < 0 || key >= KM_KEY_LIMIT)
		return ACT_NONE;
	for (; ctx > CTX_NONE && ctx < CTX_COUNT;
	    ctx = keymap_context_parent(ctx)) {
		if (km->map[ctx][key] != ACT_NONE)
			return (enum action)km->map[ctx][key];
	}
	return ACT_NONE;
}

size_t
keymap_keys_for(const struct keymap *km, enum keymap_context ctx,
    enum action a, int *keys, size_t max)
{
	size_t n = 0;
	int k;

	for (k = 0; k < KM_KEY_LIMIT; k++) {
		if (keymap_key_canon(k) != k || keymap_lookup(km, ctx, k) != a)
			continue;
		if (n < max)
			keys[n] = k;
		n++;
	}
	return n;
}

/* Keys reaching a from ctx, as "j <Down>", into buf. */
static const char *
keys_text(const struct keymap *km, enum keymap_context ctx, enum action a,
    char *buf, size_t size)
{
	int keys[KEYMAP_MAX_KEYS];
	size_t n, i, used = 0;
	char kn[16];

	buf[0] = '\0';
	n = keymap_keys_for(km, ctx, a, keys, KEYMAP_MAX_KEYS);
	for (i = 0; i < n && i < KEYMAP_MAX_KEYS && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    i > 0 ? " " : "", keymap_key_name(keys[i], kn, sizeof kn));
	return n == 0 ? "(unbound)" : buf;
}

void
keymap_describe(const struct keymap *km, FILE *f, enum keymap_context ctx)
{
	enum keymap_context c;
	char buf[256];
	int a;

	/* The screen's own actions first, then what it inherits. */
	for (c = ctx; c > CTX_NONE && c < CTX_COUNT; c = keymap_context_parent(c)) {
		for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			if (action_defs[a].ctx != c)
				continue;
			fprintf(f, "%-20s %-18s %s\n", action_defs[a].name,
			    keys_text(km, ctx, (enum action)a, buf, sizeof buf),
			    action_defs[a].help);
		}
	}
}

/* s for a man(7) text line: backslash and hyphen escaped. */
static void
man_put(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

void
keymap_describe_man(FILE *f)
{
	int a, c;

	for (c = 0; c < CTX_COUNT; c++) {
		fprintf(f, ".SS %s\nIn %s.\n", context_defs[c].name,
		    context_defs[c].help);
		for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			if ((int)action_defs[a].ctx != c)
				continue;
			fputs(".TP\n.B ", f);
			man_put(f, action_defs[a].name);
			fputs("\n", f);
			if (action_defs[a].keys[0] == '\0')
				fputs("(unbound) ", f);
			else {
				fputs("\\fB", f);
				man_put(f, action_defs[a].keys);
				fputs("\\fR ", f);
			}
			man_put(f, action_defs[a].help);
			fputs(".\n", f);
		}
	}
}
