/*
 * Output of the listing commands in three forms: aligned columns for
 * people (the default), tab-separated --plain for scripts, and one JSON
 * document with --json. Every string from a backend goes through the
 * sanitiser on the way out, whatever the form.
 */
#ifndef TDESK_OUTPUT_H
#define TDESK_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

enum output_mode {
	OUTPUT_HUMAN = 0,
	OUTPUT_PLAIN,
	OUTPUT_JSON,
};

/* The options every listing takes: --json, --plain, --limit N. */
struct output_opts {
	enum output_mode mode;
	size_t		 limit;		/* rows; 0: the command's default */
};

/*
 * Parses the listing options in argv, leaving the others (in order) in
 * rest[0..*nrest). Returns 0, or -1 after printing a usage message.
 */
int	 output_parse_opts(const char *cmd, int argc, char **argv,
	    struct output_opts *opts, char **rest, int *nrest);

struct output_column {
	const char	*title;
	int		 width;		/* columns; 0: what is left (one per table) */
	int		 right;		/* right-aligned (numbers, money) */
	int		 whole;		/* never cut (IDs, money): a longer cell
					 * pushes the row wider instead */
};

/*
 * One row of an aligned table: each cell sanitised to a single line, cut
 * to its column with an ellipsis and padded; a cell may be NULL (empty).
 * titles: a row of the columns' titles.
 */
void	 output_table_titles(FILE *, const struct output_column *, size_t n);
void	 output_table_row(FILE *, const struct output_column *, size_t n,
	    const char *const *cells);

/*
 * A listing's row in the form the mode asks for: aligned cells for people,
 * TAB-separated for --plain; and its titles, which only people get.
 */
void	 output_row(FILE *, enum output_mode, const struct output_column *,
	    size_t n, const char *const *cells);
void	 output_titles(FILE *, enum output_mode, const struct output_column *,
	    size_t n);

/*
 * A listing as one JSON array: fn makes the object of each of the n rows,
 * size bytes apart from rows. Written as output_json() does.
 */
int	 output_json_rows(FILE *, const void *rows, size_t n, size_t size,
	    json_t *(*fn)(const void *row));

/* One --plain row: cells sanitised to single lines, joined by TABs. */
void	 output_plain_row(FILE *, const char *const *cells, size_t n);

/* "label   value" for a detail view; value sanitised (NULL: "-"). */
void	 output_field(FILE *, const char *label, const char *value);

/* s sanitised to one line, with no newline ("" for NULL). */
void	 output_inline(FILE *, const char *s);

/* A multi-line body, sanitised, each line indented. */
void	 output_body(FILE *, const char *body, const char *indent);

/*
 * A sanitised JSON string (line breaks and tabs kept), or JSON null for
 * NULL; and an RFC 3339 time string, or null for 0.
 */
json_t	*output_json_string(const char *);
json_t	*output_json_time(int64_t);

/*
 * A copy of a JSON value from a backend with every string and object key
 * sanitised; NULL in, JSON null out. For records stored whole (a conflict's
 * server version).
 */
json_t	*output_json_clean(const json_t *);

/* An amount as a decimal string, or JSON null if it cannot be written. */
json_t	*output_json_money(int64_t minor, const char *currency);

/*
 * Writes v (and drops the reference) followed by a newline. On a terminal
 * every non-ASCII character is escaped, so nothing a backend sent can act
 * on it. Returns 0, or -1 if the write failed.
 */
int	 output_json(FILE *, json_t *v);

#endif
