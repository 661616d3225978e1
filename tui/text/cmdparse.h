/*
 * The words of a ":" command line, split much as sh(1) splits them but with
 * nothing expanded, and the quoting that gives a word back. Pure: no
 * terminal, no environment, no globbing.
 *
 * Syntax:
 *	- spaces (U+0020 only) separate words; runs of them count as one;
 *	- 'single quotes' keep everything up to the next ' literally;
 *	- "double quotes" keep everything up to the next unescaped ", where
 *	  \" is a " and \\ a \; a backslash before any other character stays
 *	  a backslash, as in sh ("a\b" is a\b);
 *	- outside quotes a backslash makes the next character literal (\  is
 *	  a space inside a word, \' a quote);
 *	- quoted and unquoted parts that touch make one word: a'b c'"d" is
 *	  "ab cd"; '' is an empty word.
 * Any other byte, a TAB or invalid UTF-8 included, is part of a word.
 */
#ifndef TDESK_CMDPARSE_H
#define TDESK_CMDPARSE_H

#include <stddef.h>

#include "api/xmalloc.h"

#define CMDPARSE_MAX_WORDS	256	/* words one line may hold */
#define CMDPARSE_MAX_BYTES	4096	/* bytes one line may hold */

enum cmdparse_result {
	CMDPARSE_OK = 0,
	CMDPARSE_UNTERMINATED,		/* a quote is not closed */
	CMDPARSE_TRAILING_BACKSLASH,	/* a \ outside quotes ends the line */
	CMDPARSE_TOO_MANY_WORDS,	/* more than CMDPARSE_MAX_WORDS */
	CMDPARSE_TOO_LONG,		/* more than CMDPARSE_MAX_BYTES */
};

/*
 * Split the NUL-terminated line into words. On CMDPARSE_OK, *argv is a new
 * NULL-terminated array of *argc new strings (an empty line gives none),
 * which the caller frees with cmdparse_free(). On an error, *argv is NULL,
 * *argc 0, and *cause (if cause is not NULL) a new message the caller
 * frees: "column N: unterminated quote" with N the column of the opening
 * quote, counting characters (UTF-8 sequences) from 1;
 * "column N: nothing after the backslash"; "column N: more than 256
 * words" (N where the extra word begins); "the line is longer than 4096
 * bytes".
 */
int	 cmdparse_split(const char *line, char ***argv, size_t *argc,
	     char **cause) TD_WUR;

/*
 * For completion: split the first len bytes of line (the text before the
 * cursor, not necessarily NUL-terminated there) as cmdparse_split() does,
 * except that an unterminated quote counts as closed at the end and a
 * trailing backslash is ignored: that text is still being typed. The last
 * word is always there, the one the cursor is in: "" when the text is
 * empty or ends with a separating space. *start is the byte offset in line
 * where that last word begins (len for an empty one). Returns CMDPARSE_OK,
 * CMDPARSE_TOO_MANY_WORDS or CMDPARSE_TOO_LONG (then *argv is NULL and
 * *argc 0); frees as cmdparse_split().
 */
int	 cmdparse_split_partial(const char *line, size_t len, char ***argv,
	     size_t *argc, size_t *start) TD_WUR;

/* Free an array from cmdparse_split*() and its strings; set *argv NULL. */
void	 cmdparse_free(char ***argv);

/*
 * word quoted so that cmdparse_split() gives it back as one word, as a new
 * string the caller frees: unchanged when it holds no space, quote or
 * backslash and is not empty; else in single quotes ('Ana Souza', ''),
 * or, when it holds a single quote, in double quotes with " and \ escaped
 * ("O'Brien \"Bob\"").
 */
char	*cmdparse_quote(const char *word);

#endif
