/*
 * Step 1 of reading the configuration: a git-config style parser that turns
 * text into entries, collecting every problem with its line. The dumper
 * (config_dump.c) writes values by the same quoting rules.
 */
#include "tui/config/config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/config/config_int.h"

struct parser {
	const char	*name;
	struct config_entries *out;
	struct config_errors *errs;	/* only grows: the text failed if it did */
};

/* Report a problem at line of the text. */
#define perr(ps, line, ...) \
	config_errors_add((ps)->errs, (ps)->name, (line), __VA_ARGS__)

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

char *
config_lower_ndup(const char *s, size_t n)
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

int
config_is_ws(char c)
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

	while (i < len && config_is_ws(p[i]))
		i++;
	if (i < len && p[i] == '[') {
		entry_add(ps, CONFIG_ENTRY_BROKEN, line);
		return;
	}
	if (i == len || !isalpha((unsigned char)p[i]))
		return;
	for (k = i; k < len && is_keychar(p[k]); k++)
		;
	for (j = k; j < len && config_is_ws(p[j]); j++)
		;
	if (j < len && p[j] == '=') {
		e = entry_add(ps, CONFIG_ENTRY_KEY, line);
		e->name = config_lower_ndup(p + i, k - i);
	}
}

static void
parse_header(struct parser *ps, const char *p, size_t len, unsigned line)
{
	size_t i = 1, start, n = 0;
	char *sub = NULL, *name;

	while (i < len && config_is_ws(p[i]))
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
	name = config_lower_ndup(p + start, i - start);
	while (i < len && config_is_ws(p[i]))
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
		while (i < len && config_is_ws(p[i]))
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
	for (i++; i < len && config_is_ws(p[i]); i++)
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
		for (i++; i < len && config_is_ws(p[i]); i++)
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
		if ((p[i] == '#' || p[i] == ';') &&
		    (i == 0 || config_is_ws(p[i - 1]))) {
			end = i;
			break;
		}
	}
	while (end > 0 && config_is_ws(p[end - 1]))
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
	while (i < len && config_is_ws(p[i]))
		i++;
	if (klen == 0 || i == len || p[i] != '=' ||
	    !isalpha((unsigned char)p[0])) {
		if (eq == NULL) {
			perr(ps, line, "line is not \"key = value\"");
			return;
		}
		kend = (size_t)(eq - p);
		while (kend > 0 && config_is_ws(p[kend - 1]))
			kend--;
		if (kend == 0)
			perr(ps, line, "missing key before \"=\"");
		else {
			char *k = xstrndup(p, kend), *s = config_shown(k);

			perr(ps, line, "invalid key %s: a key is a letter "
			    "followed by letters, digits, '.', '_' or '-'", s);
			free(s);
			free(k);
		}
		return;
	}
	for (i++; i < len && config_is_ws(p[i]); i++)
		;
	/* An unreadable value still sets the key, with value NULL. */
	value = parse_value(ps, p + i, len - i, line);
	e = entry_add(ps, CONFIG_ENTRY_KEY, line);
	e->name = config_lower_ndup(p, klen);
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
	for (i = 0; i < len && config_is_ws(p[i]); i++)
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
	struct parser ps = { name, out, errs };
	size_t from = errs->n;
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
	return errs->n > from ? -1 : 0;
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
