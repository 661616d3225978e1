/*
 * Reading a whole file descriptor under a cap.
 */
#ifndef TDESK_FD_H
#define TDESK_FD_H

#include <stddef.h>

/*
 * Read fd to its end into buf, which holds max + 1 bytes: the one past the
 * cap tells a file of max bytes from a longer one. Returns 0 with *len
 * set, 1 when there is more than max (buf holds max + 1 bytes of it), or
 * -1 with errno set. A read interrupted by a signal is retried.
 */
int	 fd_read_capped(int fd, char *buf, size_t max, size_t *len);

#endif
