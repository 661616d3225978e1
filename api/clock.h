/*
 * The clocks in milliseconds. Code whose tests need time to stand still
 * takes a now_ms callback instead and uses these only as its default.
 */
#ifndef TDESK_CLOCK_H
#define TDESK_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC: for deadlines and waits; its zero means nothing. */
int64_t	 clock_mono_ms(void);
/* CLOCK_REALTIME: milliseconds since the Unix epoch, for what is shown or
 * stored as a time of day. */
int64_t	 clock_wall_ms(void);

#endif
