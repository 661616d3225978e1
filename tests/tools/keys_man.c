/*
 * A test tool: print the man page's key list, keymap_describe_man(), the
 * text between the BEGIN KEYS and END KEYS markers of man/tdesk.1.
 * tests/integration/test_docs.sh compares the two, so the page's keys come
 * from the one table of actions (tui/config/action_list.h).
 *
 *	keys_man > keys.man
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tui/config/keymap.h"

int
main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fputs("usage: keys_man\n", stderr);
		return 2;
	}
	keymap_describe_man(stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "keys_man: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
