/*
 * libFuzzer target for tui/text/cmdparse.h. The input, cut at NUL bytes, is a
 * list of words: quoted and joined by spaces they must parse back to
 * exactly those words. The input up to its first NUL is also a command
 * line: split strictly it parses or fails with a message; its words quote
 * and parse back; the forgiving split of any prefix never fails within
 * the caps and agrees with the strict split of the whole line.
 */
#include "tui/text/cmdparse.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Quote words[0..n), join them with spaces, parse, expect them back. */
static void
fuzz_round_trip(char *const *words, size_t n)
{
	size_t i, len = 0, argc;
	char **quoted, *line, **argv, *cause = NULL;

	if (n > CMDPARSE_MAX_WORDS)
		return;
	quoted = calloc(n + 1, sizeof *quoted);
	if (quoted == NULL)
		abort();
	for (i = 0; i < n; i++) {
		quoted[i] = cmdparse_quote(words[i]);
		len += strlen(quoted[i]) + 1;
	}
	line = malloc(len + 1);
	if (line == NULL)
		abort();
	len = 0;
	for (i = 0; i < n; i++) {
		memcpy(line + len, quoted[i], strlen(quoted[i]));
		len += strlen(quoted[i]);
		line[len++] = ' ';
	}
	line[len] = '\0';
	if (len <= CMDPARSE_MAX_BYTES) {
		if (cmdparse_split(line, &argv, &argc, &cause) != CMDPARSE_OK)
			abort();
		if (argc != n || argv[argc] != NULL)
			abort();
		for (i = 0; i < n; i++) {
			if (strcmp(argv[i], words[i]) != 0)
				abort();
		}
		cmdparse_free(&argv);
		if (argv != NULL)
			abort();
	}
	for (i = 0; i < n; i++)
		free(quoted[i]);
	free(quoted);
	free(line);
}

/* The forgiving split of line[0..len) against the strict one's words. */
static void
fuzz_partial(const char *line, size_t len, char *const *strict,
    size_t nstrict)
{
	char **argv;
	size_t argc, start, i;
	int rc;

	rc = cmdparse_split_partial(line, len, &argv, &argc, &start);
	if (rc != CMDPARSE_OK) {
		if (rc != CMDPARSE_TOO_MANY_WORDS && rc != CMDPARSE_TOO_LONG)
			abort();
		if (argv != NULL || argc != 0)
			abort();
		return;
	}
	if (argc < 1 || argv[argc] != NULL || start > len)
		abort();
	if (start == len && argv[argc - 1][0] != '\0' && len > 0)
		abort();
	if (strict != NULL) {
		/* The same words, and perhaps an empty one being started. */
		if (argc != nstrict && argc != nstrict + 1)
			abort();
		if (argc == nstrict + 1 && argv[nstrict][0] != '\0')
			abort();
		for (i = 0; i < nstrict; i++) {
			if (strcmp(argv[i], strict[i]) != 0)
				abort();
		}
	}
	cmdparse_free(&argv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, **words = NULL, **argv, *cause = NULL;
	size_t i, n = 0, argc, len;
	int rc;

	buf = malloc(size + 1);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';

	/* The input as words cut at NUL bytes. */
	words = calloc(size + 2, sizeof *words);
	if (words == NULL)
		abort();
	words[n++] = buf;
	for (i = 0; i < size; i++) {
		if (buf[i] == '\0')
			words[n++] = buf + i + 1;
	}
	fuzz_round_trip(words, n);
	free(words);

	/* The input up to the first NUL as a line. */
	len = strlen(buf);
	cause = NULL;
	rc = cmdparse_split(buf, &argv, &argc, &cause);
	if (rc == CMDPARSE_OK) {
		if (cause != NULL || argc > CMDPARSE_MAX_WORDS)
			abort();
		for (i = 0; i < argc; i++) {
			if (strlen(argv[i]) > len)
				abort();
		}
		fuzz_round_trip(argv, argc);
		fuzz_partial(buf, len, argv, argc);
		cmdparse_free(&argv);
	} else {
		if (cause == NULL || argv != NULL || argc != 0)
			abort();
		if ((rc == CMDPARSE_UNTERMINATED ||
		    rc == CMDPARSE_TRAILING_BACKSLASH ||
		    rc == CMDPARSE_TOO_MANY_WORDS) &&
		    strncmp(cause, "column ", 7) != 0)
			abort();
		free(cause);
	}
	/* Prefixes, as the cursor moves through the line. */
	for (i = 0; i < len; i += 1 + len / 16)
		fuzz_partial(buf, i, NULL, 0);
	free(buf);
	return 0;
}
