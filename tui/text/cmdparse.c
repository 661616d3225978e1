/*
 * Command-line words: one scanner serves the strict split of a line that
 * is run and the forgiving split of a line still being typed, so the
 * completer sees exactly the words the command will get.
 */
#include "tui/text/cmdparse.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/xmalloc.h"
#include "tui/text/text.h"

/* The words found so far; v has room for a terminating NULL. */
struct cmdparse_words {
	char	**v;
	size_t	  n;
	size_t	  alloc;	/* slots in v */
};

static void
cmdparse_words_add(struct cmdparse_words *w, const char *s, size_t len)
{
	if (w->n + 2 > w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 8;
		w->v = xreallocarray(w->v, w->alloc, sizeof *w->v);
	}
	w->v[w->n++] = xstrndup(s, len);
	w->v[w->n] = NULL;
}

static void
cmdparse_words_clear(struct cmdparse_words *w)
{
	xfree_strings(w->v, w->n);
	memset(w, 0, sizeof *w);
}

/* The column of byte pos in line: characters from 1, as filter.c counts. */
static size_t
cmdparse_column(const char *line, size_t pos)
{
	size_t i, col = 1;

	for (i = 0; i < pos; i++) {
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	}
	return col;
}

/*
 * Split len bytes of line. partial: forgive an open quote and a trailing
 * backslash, always end with the word the end is in, and set *start to
 * where it begins. On an error *cause (if wanted) says why.
 */
static int
cmdparse_scan(const char *line, size_t len, bool partial,
    struct cmdparse_words *w, size_t *start, char **cause)
{
	size_t i = 0, n, q, blen, wstart = len, wend = 0;
	uint32_t cp;
	char *buf;
	int rc = CMDPARSE_OK;

	memset(w, 0, sizeof *w);
	if (len > CMDPARSE_MAX_BYTES) {
		xcause(cause, "the line is longer than %d bytes",
		    CMDPARSE_MAX_BYTES);
		return CMDPARSE_TOO_LONG;
	}
	buf = xmalloc(len + 1);	/* a word is never longer than the line */
	for (;;) {
		while (i < len && line[i] == ' ')
			i++;
		if (i >= len)
			break;
		if (w->n == CMDPARSE_MAX_WORDS) {
			xcause(cause, "column %zu: more than %d words",
			    cmdparse_column(line, i), CMDPARSE_MAX_WORDS);
			rc = CMDPARSE_TOO_MANY_WORDS;
			goto out;
		}
		wstart = i;
		blen = 0;
		while (i < len && line[i] != ' ') {
			if (line[i] == '\'' || line[i] == '"') {
				q = i++;
				while (i < len && line[i] != line[q]) {
					if (line[q] == '"' && line[i] == '\\' &&
					    i + 1 < len && (line[i + 1] == '"' ||
					    line[i + 1] == '\\'))
						i++;
					buf[blen++] = line[i++];
				}
				if (i < len) {
					i++;	/* the closing quote */
					continue;
				}
				if (!partial) {
					xcause(cause, "column %zu: "
					    "unterminated quote",
					    cmdparse_column(line, q));
					rc = CMDPARSE_UNTERMINATED;
					goto out;
				}
			} else if (line[i] == '\\') {
				if (i + 1 == len) {
					if (!partial) {
						xcause(cause, "column %zu: "
						    "nothing after the "
						    "backslash",
						    cmdparse_column(line, i));
						rc = CMDPARSE_TRAILING_BACKSLASH;
						goto out;
					}
					i++;
					continue;
				}
				i++;
				n = text_utf8_decode(line + i, len - i, &cp);
				memcpy(buf + blen, line + i, n);
				blen += n;
				i += n;
			} else
				buf[blen++] = line[i++];
		}
		cmdparse_words_add(w, buf, blen);
		wend = i;
	}
	if (partial) {
		/* The cursor is in no word yet: an empty one begins there. */
		if (w->n == 0 || wend != len) {
			if (w->n == CMDPARSE_MAX_WORDS) {
				rc = CMDPARSE_TOO_MANY_WORDS;
				goto out;
			}
			cmdparse_words_add(w, "", 0);
			wstart = len;
		}
		*start = wstart;
	}

out:
	free(buf);
	if (rc != CMDPARSE_OK)
		cmdparse_words_clear(w);
	return rc;
}

/* Hand the words over as argv (never NULL on success). */
static void
cmdparse_words_give(struct cmdparse_words *w, char ***argv, size_t *argc)
{
	if (w->v == NULL)
		w->v = xcalloc(1, sizeof *w->v);
	*argv = w->v;
	*argc = w->n;
	memset(w, 0, sizeof *w);
}

int
cmdparse_split(const char *line, char ***argv, size_t *argc, char **cause)
{
	struct cmdparse_words w;
	int rc;

	*argv = NULL;
	*argc = 0;
	/* strnlen: a line far over the cap is refused without reading it all. */
	rc = cmdparse_scan(line, strnlen(line, CMDPARSE_MAX_BYTES + 1), false,
	    &w, NULL, cause);
	if (rc == CMDPARSE_OK)
		cmdparse_words_give(&w, argv, argc);
	return rc;
}

int
cmdparse_split_partial(const char *line, size_t len, char ***argv,
    size_t *argc, size_t *start)
{
	struct cmdparse_words w;
	int rc;

	*argv = NULL;
	*argc = 0;
	*start = len;
	rc = cmdparse_scan(line, len, true, &w, start, NULL);
	if (rc == CMDPARSE_OK)
		cmdparse_words_give(&w, argv, argc);
	return rc;
}

void
cmdparse_free(char ***argv)
{
	char **v;

	if (argv == NULL || *argv == NULL)
		return;
	for (v = *argv; *v != NULL; v++)
		free(*v);
	free(*argv);
	*argv = NULL;
}

char *
cmdparse_quote(const char *word)
{
	size_t len = strlen(word), i, o = 0;
	char *out;

	if (len > 0 && strpbrk(word, " '\"\\") == NULL)
		return xstrdup(word);
	if (strchr(word, '\'') == NULL) {
		out = xmalloc(len + 3);
		out[o++] = '\'';
		memcpy(out + o, word, len);
		o += len;
		out[o++] = '\'';
		out[o] = '\0';
		return out;
	}
	if (len > (SIZE_MAX - 3) / 2)
		fatal("cmdparse_quote: %zu bytes is too long", len);
	out = xmalloc(len * 2 + 3);
	out[o++] = '"';
	for (i = 0; i < len; i++) {
		if (word[i] == '"' || word[i] == '\\')
			out[o++] = '\\';
		out[o++] = word[i];
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}
