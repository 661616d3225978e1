/*
 * Exit codes of tdesk and its subcommands, as documented in tdesk(1).
 */
#ifndef TDESK_EXITCODE_H
#define TDESK_EXITCODE_H

enum exit_code {
	EXIT_OK = 0,		/* success */
	EXIT_FAIL = 1,		/* the operation failed (backend, I/O) */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_CONFIG = 3,	/* configuration or secret could not be used */
	EXIT_CACHE = 4,		/* the cache was refused or could not be opened */
	EXIT_INTERNAL = 70,	/* fatal internal error (fatal(), out of memory) */
};

#endif
