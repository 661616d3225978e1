/*
 * A circuit breaker for one backend: closed (requests go), open after
 * threshold consecutive failures (nothing goes until a cooldown passes),
 * half-open (exactly one probe goes; its success closes the breaker, its
 * failure opens it again with twice the cooldown, up to a cap). A plain
 * state machine: the time is an argument, the caller does the locking.
 */
#ifndef TDESK_BREAKER_H
#define TDESK_BREAKER_H

#include <stdint.h>

#include "api/xmalloc.h"

enum breaker_state {
	BREAKER_CLOSED = 0,
	BREAKER_OPEN,
	BREAKER_HALF_OPEN,	/* the cooldown is over; one probe may go
				 * or is on its way */
};

struct breaker {
	enum breaker_state state;
	int		 threshold;	/* consecutive failures that open it */
	int		 failures;	/* consecutive failures so far */
	int64_t		 cooldown_ms;	/* the first wait when it opens */
	int64_t		 cooldown_max_ms;	/* the longest wait after
						 * failed probes */
	int64_t		 current_ms;	/* the wait of the present opening */
	int64_t		 open_until;	/* ms (the caller's clock): no
					 * probe before */
	int		 probing;	/* half-open: the probe has been
					 * let through and not yet
					 * reported */
	const char	*name;		/* the backend, for the debug log;
					 * not owned; NULL: unnamed */
};

/* Closed, with the given threshold (>= 1) and cooldowns (> 0). */
void	 breaker_init(struct breaker *, int threshold, int64_t cooldown_ms,
	     int64_t cooldown_max_ms);

/*
 * May a request go at now? 1: yes (when half-open, this request is the
 * probe, and every other caller is refused until it is reported). 0: no,
 * with *retry_in_ms (if not NULL) set to the wait before a probe may go
 * (0 while another probe is on its way).
 */
int	 breaker_allow(struct breaker *, int64_t now, int64_t *retry_in_ms)
	     TD_WUR;

/* The request let through answered in a way that shows the backend works. */
void	 breaker_success(struct breaker *);

/* The request failed (a transient failure); may open the breaker. */
void	 breaker_failure(struct breaker *, int64_t now);

/*
 * The request let through ended without a verdict on the backend (it was
 * cancelled before anything was sent): a probe slot is given back.
 */
void	 breaker_release(struct breaker *);

/* The wait before a probe may go (0 unless open). */
int64_t	 breaker_retry_in(const struct breaker *, int64_t now);

const char *breaker_state_name(enum breaker_state);

#endif
