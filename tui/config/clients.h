/*
 * The HTTP clients of a profile's configured backends, made with the
 * tokens resolved from their sources (environment, 0600 file, command).
 * A token lives only long enough to be handed to its client.
 */
#ifndef TDESK_CLIENTS_H
#define TDESK_CLIENTS_H

#include <stdint.h>

struct config;
struct config_profile;
struct http_client;
struct http_hooks;
struct http_policy;

struct clients {
	struct http_client *zendesk;	/* NULL: not configured */
	struct http_client *statuspage;
	struct http_client *payments;
};

/* The HTTP policy the configuration asks for: the defaults, with [tdesk]
 * timeout as each request's deadline. */
void	clients_policy(const struct config *, struct http_policy *);

/*
 * [tdesk] readback_delay as the drainer takes it
 * (drain_options.readback_delay_s): 0 there means the default, so a
 * configured 0 is DRAIN_READBACK_AT_ONCE.
 */
int64_t	clients_readback_delay(const struct config *);

/*
 * Makes a client for every backend the profile configures, with policy
 * (NULL: the defaults) and hooks (NULL: the real clock, sleep and no
 * cancellation). Returns 0, or -1 with *cause naming the backend and the
 * token source that failed (never a token); no client is left made on
 * failure.
 */
int	clients_new(const struct config_profile *, const struct http_policy *,
	    const struct http_hooks *, struct clients *, char **cause);

/* Frees the clients that are not NULL and NULLs them. */
void	clients_free(struct clients *);

#endif
