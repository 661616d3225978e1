/*
 * A test tool: queue a write in a cache's outbox through the same typed
 * actions the console uses, so the shell suites (crash, kill -9, two
 * processes, faults) have writes to send without a console.
 *
 *	enqueue CACHE comment TICKET public|internal BODY
 *	enqueue CACHE status TICKET STATUS
 *	enqueue CACHE resolve PAYMENT accept|recalculate|refund NOTE
 *	enqueue CACHE incident-update INCIDENT STATUS BODY
 *	enqueue CACHE component COMPONENT STATUS
 *
 * Prints the outbox row's id. The cache must exist (tdesk sync made it).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/actions.h"
#include "cache/cache.h"
#include "api/model.h"

static int
usage(void)
{
	fputs("usage: enqueue CACHE comment|status|resolve|incident-update|"
	    "component ARGS...\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	struct cache *c = NULL;
	char *cause = NULL;
	int64_t row = 0;
	int rc;

	if (argc < 4)
		return usage();
	if (cache_open(argv[1], NULL, &c, &cause) != CACHE_OK) {
		fprintf(stderr, "enqueue: %s\n", cause);
		free(cause);
		return 1;
	}
	if (strcmp(argv[2], "comment") == 0 && argc == 6)
		rc = cache_action_ticket_comment(c, strtoll(argv[3], NULL, 10),
		    argv[5], strcmp(argv[4], "public") == 0, &row, &cause);
	else if (strcmp(argv[2], "status") == 0 && argc == 5)
		rc = cache_action_ticket_status(c, strtoll(argv[3], NULL, 10),
		    argv[4], &row, &cause);
	else if (strcmp(argv[2], "resolve") == 0 && argc == 6) {
		enum payment_action a = strcmp(argv[4], "accept") == 0 ?
		    PAYMENT_ACTION_ACCEPT : strcmp(argv[4], "refund") == 0 ?
		    PAYMENT_ACTION_REFUND : PAYMENT_ACTION_RECALCULATE;

		rc = cache_action_payment_resolve(c, argv[3], a, argv[5], NULL,
		    &row, &cause);
	} else if (strcmp(argv[2], "incident-update") == 0 && argc == 6) {
		struct incident_change ch = {
			.status = argv[4], .body = argv[5],
			.deliver_notifications = -1,
		};

		rc = cache_action_incident_update(c, argv[3], &ch, &row, &cause);
	} else if (strcmp(argv[2], "component") == 0 && argc == 5) {
		struct component_change ch = { .status = argv[4] };

		rc = cache_action_component_update(c, argv[3], &ch, &row, &cause);
	} else {
		cache_close(&c);
		return usage();
	}
	if (rc != CACHE_OK) {
		fprintf(stderr, "enqueue: %s\n", cause);
		free(cause);
		cache_close(&c);
		return 1;
	}
	printf("%" PRId64 "\n", row);
	cache_close(&c);
	return 0;
}
