/*
 * Human, plain and JSON output for the listing commands.
 */
#include "tui/cli/output.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/decode.h"
#include "api/money.h"
#include "tui/cli/msg.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"
#include "api/xmalloc.h"

/* Listings are cut at this many rows unless --limit says otherwise. */
#define OUTPUT_DEFAULT_LIMIT	100
/* And never more than this: a listing is a window, not a table dump. */
#define OUTPUT_MAX_LIMIT	100000

int
output_parse_opts(const char *cmd, int argc, char **argv,
    struct output_opts *opts, char **rest, int *nrest)
{
	const char *v;
	char *end;
	unsigned long long n;
	int i, options = 1;

	memset(opts, 0, sizeof *opts);
	opts->limit = OUTPUT_DEFAULT_LIMIT;
	*nrest = 0;
	for (i = 0; i < argc; i++) {
		if (!options)
			rest[(*nrest)++] = argv[i];
		else if (strcmp(argv[i], "--") == 0)
			options = 0;
		else if (strcmp(argv[i], "--json") == 0)
			opts->mode = OUTPUT_JSON;
		else if (strcmp(argv[i], "--plain") == 0)
			opts->mode = OUTPUT_PLAIN;
		else if (strcmp(argv[i], "--limit") == 0 ||
		    strncmp(argv[i], "--limit=", 8) == 0) {
			if (argv[i][7] == '=')
				v = argv[i] + 8;
			else if (i + 1 < argc)
				v = argv[++i];
			else {
				msg_error("%s: --limit needs a number", cmd);
				return -1;
			}
			errno = 0;
			n = strtoull(v, &end, 10);
			if (v[0] < '0' || v[0] > '9' || errno != 0 ||
			    *end != '\0' || n == 0 || n > OUTPUT_MAX_LIMIT) {
				msg_error("%s: --limit %s: expected a number "
				    "from 1 to %d", cmd, v, OUTPUT_MAX_LIMIT);
				return -1;
			}
			opts->limit = (size_t)n;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			msg_error("%s: unknown option %s", cmd, argv[i]);
			return -1;
		} else
			rest[(*nrest)++] = argv[i];
	}
	return 0;
}

static int
terminal_width(FILE *f)
{
	struct winsize ws;
	const char *c;
	long v;

	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if ((c = getenv("COLUMNS")) != NULL && (v = strtol(c, NULL, 10)) >= 20 &&
	    v <= 1000)
		return (int)v;
	return 100;
}

static void
table_cells(FILE *f, const struct output_column *cols, size_t n,
    const char *const *cells, int sanitise)
{
	int total = terminal_width(f), fixed = 0, w;
	char *clean, *fit;
	size_t i;

	for (i = 0; i < n; i++)
		fixed += cols[i].width + (i > 0 ? 1 : 0);
	for (i = 0; i < n; i++) {
		w = cols[i].width;
		if (w == 0)
			w = total - fixed > 8 ? total - fixed : 8;
		clean = sanitise ? text_sanitize_line(cells[i] != NULL ?
		    cells[i] : "", TEXT_NUL, 0) : xstrdup(cells[i]);
		/* An amount or an ID cut short would read as another one. */
		if (cols[i].whole && text_width(clean) > w)
			w = text_width(clean);
		fit = text_fit(clean, w, TEXT_ELLIPSIS |
		    (i + 1 < n ? TEXT_PAD : 0) | (cols[i].right ? TEXT_RIGHT : 0));
		fprintf(f, "%s%s", i > 0 ? " " : "", fit);
		free(fit);
		free(clean);
	}
	fputc('\n', f);
}

void
output_table_titles(FILE *f, const struct output_column *cols, size_t n)
{
	const char **titles = xcalloc(n, sizeof *titles);
	size_t i;

	for (i = 0; i < n; i++)
		titles[i] = cols[i].title;
	table_cells(f, cols, n, titles, 0);
	free(titles);
}

void
output_table_row(FILE *f, const struct output_column *cols, size_t n,
    const char *const *cells)
{
	table_cells(f, cols, n, cells, 1);
}

void
output_plain_row(FILE *f, const char *const *cells, size_t n)
{
	char *clean;
	size_t i;

	for (i = 0; i < n; i++) {
		clean = text_sanitize_line(cells[i] != NULL ? cells[i] : "",
		    TEXT_NUL, 0);
		fprintf(f, "%s%s", i > 0 ? "\t" : "", clean);
		free(clean);
	}
	fputc('\n', f);
}

void
output_row(FILE *f, enum output_mode mode, const struct output_column *cols,
    size_t n, const char *const *cells)
{
	if (mode == OUTPUT_PLAIN)
		output_plain_row(f, cells, n);
	else
		output_table_row(f, cols, n, cells);
}

void
output_titles(FILE *f, enum output_mode mode, const struct output_column *cols,
    size_t n)
{
	if (mode == OUTPUT_HUMAN)
		output_table_titles(f, cols, n);
}

int
output_json_rows(FILE *f, const void *rows, size_t n, size_t size,
    json_t *(*fn)(const void *row))
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, fn((const char *)rows + i * size));
	return output_json(f, arr);
}

void
output_field(FILE *f, const char *label, const char *value)
{
	char *clean = text_sanitize_line(value != NULL ? value : "-", TEXT_NUL, 0);

	fprintf(f, "%-14s %s\n", label, clean);
	free(clean);
}

void
output_inline(FILE *f, const char *s)
{
	char *clean = text_sanitize_line(s != NULL ? s : "", TEXT_NUL, 0);

	fputs(clean, f);
	free(clean);
}

void
output_body(FILE *f, const char *body, const char *indent)
{
	char *clean = text_sanitize(body != NULL ? body : "", TEXT_NUL,
	    TEXT_KEEP_LF, 0), *line, *nl;

	for (line = clean; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		fprintf(f, "%s%s\n", indent, line);
		if (nl == NULL)
			break;
	}
	free(clean);
}

json_t *
output_json_string(const char *s)
{
	char *clean;
	json_t *v;

	if (s == NULL)
		return json_null();
	clean = text_sanitize(s, TEXT_NUL, TEXT_KEEP_LF | TEXT_KEEP_TAB, 0);
	v = json_string(clean);
	free(clean);
	return v != NULL ? v : json_null();
}

json_t *
output_json_time(int64_t t)
{
	char buf[32];

	if (t == 0 || timefmt_rfc3339(t, buf, sizeof buf)[0] == '\0')
		return json_null();
	return json_string(buf);
}

json_t *
output_json_money(int64_t minor, const char *currency)
{
	char buf[MONEY_BUFSIZE];

	if (currency == NULL || money_exponent(currency) < 0)
		return json_null();
	return json_string(money_format(minor, currency, buf, sizeof buf));
}

/* decode_map_strings' cleaners: line breaks and tabs kept in a string,
 * a key on one line. */
static char *
clean_string(const char *s, size_t len)
{
	return text_sanitize(s, len, TEXT_KEEP_LF | TEXT_KEEP_TAB, 0);
}

static char *
clean_key(const char *s, size_t len)
{
	(void)len;
	return text_sanitize_line(s, TEXT_NUL, 0);
}

json_t *
output_json_clean(const json_t *v)
{
	return decode_map_strings(v, clean_string, clean_key);
}

int
output_json(FILE *f, json_t *v)
{
	size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	int rc;

	if (isatty(fileno(f)))
		flags |= JSON_ENSURE_ASCII;
	rc = json_dumpf(v, f, flags);
	json_decref(v);
	if (rc != 0 || fputc('\n', f) == EOF)
		return -1;
	return 0;
}
