/*
 * A test tool: an LD_PRELOAD library that makes the disk under one
 * directory full, for processes that cannot mount a small tmpfs (no root,
 * no mount namespace). Writes that would take space fail as a full disk
 * makes them fail; reads, and writes elsewhere (stdout, stderr), go on.
 *
 *	LD_PRELOAD=$BUILD/tools/fulldisk_shim.so FULLDISK_DIR=/abs/dir tdesk ...
 *
 * FULLDISK_DIR	 absolute directory: files under it (by the path of the
 *		 open file descriptor) are on the "full disk"; unset: the
 *		 shim does nothing.
 * FULLDISK_AFTER bytes that may still be written there before it is full
 *		 (default 0); a write crossing the limit is cut short, as a
 *		 real disk does, and the next one fails.
 * FULLDISK_ERRNO ENOSPC (default) or EDQUOT (a quota, not the disk).
 * FULLDISK_ARM	 a file: the shim acts only while it exists, so a running
 *		 process can find its disk filling and emptying.
 * FULLDISK_INODES=0  no inode is left either: creating a file there fails.
 *
 * Failing: write, pwrite, pwritev, writev (and their 64 forms), and
 * ftruncate, fallocate and posix_fallocate when they would grow a file.
 * Shrinking a file or removing one still works, as on a full disk. Creating
 * an empty file works too (tmpfs and ext4 keep inodes apart from blocks),
 * unless FULLDISK_INODES=0: then open() and openat() with O_CREAT of a
 * file that is not there fail (an absolute path, or one relative to the
 * working directory, is checked; a name relative to another directory
 * descriptor is not). statvfs() and fstatvfs() there report no free
 * block (and no free inode), as df would.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The shim's settings, read once from the environment. */
static struct {
	bool		 init;
	char		 dir[4096];	/* FULLDISK_DIR without a trailing '/'; "": off */
	long long	 left;		/* FULLDISK_AFTER: bytes still allowed */
	int		 err;		/* FULLDISK_ERRNO */
	char		 arm[4096];	/* FULLDISK_ARM; "": always armed */
	bool		 no_inodes;	/* FULLDISK_INODES=0 */
} fd_cfg;

static void
shim_init(void)
{
	const char *v;
	size_t n;

	if (__atomic_load_n(&fd_cfg.init, __ATOMIC_ACQUIRE))
		return;
	if ((v = getenv("FULLDISK_DIR")) != NULL && v[0] == '/' &&
	    (n = strlen(v)) < sizeof fd_cfg.dir) {
		memcpy(fd_cfg.dir, v, n + 1);
		while (n > 1 && fd_cfg.dir[n - 1] == '/')
			fd_cfg.dir[--n] = '\0';
	}
	fd_cfg.left = (v = getenv("FULLDISK_AFTER")) != NULL ?
	    strtoll(v, NULL, 10) : 0;
	fd_cfg.err = (v = getenv("FULLDISK_ERRNO")) != NULL &&
	    strcmp(v, "EDQUOT") == 0 ? EDQUOT : ENOSPC;
	if ((v = getenv("FULLDISK_ARM")) != NULL && (n = strlen(v)) <
	    sizeof fd_cfg.arm)
		memcpy(fd_cfg.arm, v, n + 1);
	fd_cfg.no_inodes = (v = getenv("FULLDISK_INODES")) != NULL &&
	    strcmp(v, "0") == 0;
	__atomic_store_n(&fd_cfg.init, true, __ATOMIC_RELEASE);
}

/* Whether the shim is set up and armed. */
static bool
armed(void)
{
	struct stat sb;

	shim_init();
	if (fd_cfg.dir[0] == '\0')
		return false;
	return fd_cfg.arm[0] == '\0' || stat(fd_cfg.arm, &sb) == 0;
}

/* Whether the absolute path is under FULLDISK_DIR. */
static bool
under_dir(const char *path)
{
	size_t dn = strlen(fd_cfg.dir);

	return strncmp(path, fd_cfg.dir, dn) == 0 &&
	    (path[dn] == '/' || path[dn] == '\0');
}

/* Whether fd is a file under FULLDISK_DIR while the shim is armed. */
static bool
on_full_disk(int fd)
{
	char link[64], path[4096];
	ssize_t n;
	int saved = errno;
	bool full = false;

	if (fd < 0 || !armed())
		goto out;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) <= 0)
		goto out;
	path[n] = '\0';
	full = under_dir(path);
out:
	errno = saved;
	return full;
}

/* Whether opening path with flags would take an inode there is none of. */
static bool
no_inode_for(int dirfd, const char *path, int flags)
{
	char cwd[4096], full[8192];
	struct stat sb;
	int saved = errno;
	bool refuse = false;

	if (!(flags & O_CREAT) || !armed() || !fd_cfg.no_inodes)
		goto out;
	if (path[0] != '/') {
		if (dirfd != AT_FDCWD || getcwd(cwd, sizeof cwd) == NULL)
			goto out;
		snprintf(full, sizeof full, "%s/%s", cwd, path);
		path = full;
	}
	refuse = under_dir(path) && lstat(path, &sb) != 0;
out:
	errno = saved;
	return refuse;
}

/*
 * How many of want bytes may be written to fd: want when it is not on the
 * full disk, else what FULLDISK_AFTER has left (0: fail with the errno).
 */
static size_t
allowed(int fd, size_t want)
{
	long long left, take;

	if (want == 0 || !on_full_disk(fd))
		return want;
	do {
		left = __atomic_load_n(&fd_cfg.left, __ATOMIC_RELAXED);
		take = left <= 0 ? 0 : (long long)want < left ?
		    (long long)want : left;
	} while (take > 0 && !__atomic_compare_exchange_n(&fd_cfg.left, &left,
	    left - take, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return (size_t)take;
}

/* Whether growing fd to size would need space the full disk lacks. */
static bool
grows(int fd, off_t size)
{
	struct stat sb;
	int saved = errno;
	bool g;

	if (!on_full_disk(fd))
		return false;
	g = fstat(fd, &sb) != 0 || size > sb.st_size;
	errno = saved;
	return g;
}

/*
 * The next definition of name (libc's, or a sanitizer's interceptor before
 * it). Through a void * as POSIX says, since ISO C has no conversion from
 * an object pointer to a function pointer.
 */
#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (real_##name == NULL) \
		*(void **)&real_##name = dlsym(RTLD_NEXT, #name)

/* The mode argument of an open with O_CREAT or O_TMPFILE. */
#define OPEN_MODE(flags, mode) do {					\
	va_list ap_;							\
	(mode) = 0;							\
	if ((flags) & (O_CREAT | O_TMPFILE)) {				\
		va_start(ap_, flags);					\
		(mode) = (mode_t)va_arg(ap_, int);			\
		va_end(ap_);						\
	}								\
} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t mode;

	REAL(open);
	OPEN_MODE(flags, mode);
	if (no_inode_for(AT_FDCWD, path, flags)) {
		errno = ENOSPC;
		return -1;
	}
	return real_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode;

	REAL(open64);
	OPEN_MODE(flags, mode);
	if (no_inode_for(AT_FDCWD, path, flags)) {
		errno = ENOSPC;
		return -1;
	}
	return real_open64(path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode;

	REAL(openat);
	OPEN_MODE(flags, mode);
	if (no_inode_for(dirfd, path, flags)) {
		errno = ENOSPC;
		return -1;
	}
	return real_openat(dirfd, path, flags, mode);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode;

	REAL(openat64);
	OPEN_MODE(flags, mode);
	if (no_inode_for(dirfd, path, flags)) {
		errno = ENOSPC;
		return -1;
	}
	return real_openat64(dirfd, path, flags, mode);
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	size_t n;

	REAL(write);
	if ((n = allowed(fd, count)) == 0 && count > 0) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_write(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t count, off_t off)
{
	size_t n;

	REAL(pwrite);
	if ((n = allowed(fd, count)) == 0 && count > 0) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t count, off64_t off)
{
	size_t n;

	REAL(pwrite64);
	if ((n = allowed(fd, count)) == 0 && count > 0) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_pwrite64(fd, buf, n, off);
}

/* The vector forms fail whole or pass whole: nothing here writes them. */
static ssize_t
vector_allowed(int fd, const struct iovec *iov, int cnt)
{
	size_t total = 0;
	int i;

	for (i = 0; i < cnt; i++)
		total += iov[i].iov_len;
	if (total > 0 && allowed(fd, total) < total) {
		errno = fd_cfg.err;
		return -1;
	}
	return 0;
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	REAL(writev);
	if (vector_allowed(fd, iov, cnt) != 0)
		return -1;
	return real_writev(fd, iov, cnt);
}

ssize_t
pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	REAL(pwritev);
	if (vector_allowed(fd, iov, cnt) != 0)
		return -1;
	return real_pwritev(fd, iov, cnt, off);
}

ssize_t
pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off)
{
	REAL(pwritev64);
	if (vector_allowed(fd, iov, cnt) != 0)
		return -1;
	return real_pwritev64(fd, iov, cnt, off);
}

int
ftruncate(int fd, off_t size)
{
	REAL(ftruncate);
	if (grows(fd, size)) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_ftruncate(fd, size);
}

int
ftruncate64(int fd, off64_t size)
{
	REAL(ftruncate64);
	if (grows(fd, (off_t)size)) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_ftruncate64(fd, size);
}

int
fallocate(int fd, int mode, off_t off, off_t len)
{
	REAL(fallocate);
	if (len > 0 && on_full_disk(fd)) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_fallocate(fd, mode, off, len);
}

int
fallocate64(int fd, int mode, off64_t off, off64_t len)
{
	REAL(fallocate64);
	if (len > 0 && on_full_disk(fd)) {
		errno = fd_cfg.err;
		return -1;
	}
	return real_fallocate64(fd, mode, off, len);
}

/* posix_fallocate reports its error as its result, not in errno. */
int
posix_fallocate(int fd, off_t off, off_t len)
{
	REAL(posix_fallocate);
	if (len > 0 && on_full_disk(fd))
		return fd_cfg.err;
	return real_posix_fallocate(fd, off, len);
}

int
posix_fallocate64(int fd, off64_t off, off64_t len)
{
	REAL(posix_fallocate64);
	if (len > 0 && on_full_disk(fd))
		return fd_cfg.err;
	return real_posix_fallocate64(fd, off, len);
}

/* What df would show of the full disk: no block free, maybe no inode. */
static void
report_full(struct statvfs *vfs)
{
	vfs->f_bfree = vfs->f_bavail = 0;
	if (fd_cfg.no_inodes)
		vfs->f_ffree = vfs->f_favail = 0;
}

int
statvfs(const char *path, struct statvfs *vfs)
{
	int rc;

	REAL(statvfs);
	if ((rc = real_statvfs(path, vfs)) == 0 && path[0] == '/' && armed() &&
	    under_dir(path))
		report_full(vfs);
	return rc;
}

int
fstatvfs(int fd, struct statvfs *vfs)
{
	int rc;

	REAL(fstatvfs);
	if ((rc = real_fstatvfs(fd, vfs)) == 0 && on_full_disk(fd))
		report_full(vfs);
	return rc;
}
