/*
 * tdesk: entry point. Parses the global options and dispatches to the
 * console or to a subcommand.
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("tdesk %s\n", TDESK_VERSION);
		return 0;
	}
	return 0;
}
