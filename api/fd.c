/*
 * Reading a whole file descriptor under a cap.
 */
#include "api/fd.h"

#include <errno.h>
#include <unistd.h>

int
fd_read_capped(int fd, char *buf, size_t max, size_t *len)
{
	ssize_t n;

	*len = 0;
	for (;;) {
		n = read(fd, buf + *len, max + 1 - *len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		*len += (size_t)n;
		if (*len > max)
			return 1;
	}
}
