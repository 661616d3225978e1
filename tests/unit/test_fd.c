/*
 * api/fd.c: reading a descriptor to its end under a cap.
 */
#include "test.h"

#include <errno.h>
#include <unistd.h>

#include "api/fd.h"

/* A pipe holding n bytes of 'x', its write end closed. */
static int
filled(size_t n)
{
	char b[64];
	int p[2];

	memset(b, 'x', sizeof b);
	if (n > sizeof b || pipe(p) != 0)
		abort();
	if (write(p[1], b, n) != (ssize_t)n)
		abort();
	close(p[1]);
	return p[0];
}

static void
a_file_up_to_the_cap_is_read_whole(void)
{
	char buf[17];
	size_t len = 99;
	int fd;

	fd = filled(0);
	CHECK_INT(fd_read_capped(fd, buf, 16, &len), 0);
	CHECK_INT(len, 0);
	close(fd);
	fd = filled(16);
	CHECK_INT(fd_read_capped(fd, buf, 16, &len), 0);
	CHECK_INT(len, 16);
	close(fd);
}

static void
a_byte_past_the_cap_is_too_much(void)
{
	char buf[17];
	size_t len;
	int fd = filled(40);

	CHECK_INT(fd_read_capped(fd, buf, 16, &len), 1);
	CHECK_INT(len, 17);
	close(fd);
}

static void
a_read_error_is_reported_with_errno(void)
{
	char buf[17];
	size_t len;

	errno = 0;
	CHECK_INT(fd_read_capped(-1, buf, 16, &len), -1);
	CHECK_INT(errno, EBADF);
}

static const struct test tests[] = {
	T(a_file_up_to_the_cap_is_read_whole),
	T(a_byte_past_the_cap_is_too_much),
	T(a_read_error_is_reported_with_errno),
};

TEST_MAIN(tests)
