/*
 * Where a profile's cache file lives, and the file-system checks that keep
 * it private: the directory 0700, the files 0600 and ours.
 */
#include "cache/cache_int.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Longest profile name: leaves room for ".db", "-wal" under NAME_MAX. */
#define PROFILE_NAME_MAX 128

static bool
has_control(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return true;
	}
	return false;
}

/* Whether profile may name a file in the tdesk directory; *cause says why not. */
static bool
profile_name_ok(const char *profile, char **cause)
{
	const char *why;

	if (profile == NULL || *profile == '\0')
		why = "it is empty";
	else if (*profile == '.')
		why = "it starts with '.'";
	else if (strchr(profile, '/') != NULL)
		why = "it contains '/'";
	else if (has_control(profile))
		why = "it contains a control character";
	else if (strlen(profile) > PROFILE_NAME_MAX)
		why = "it is longer than 128 bytes";
	else
		return true;
	/* A name with control characters is not echoed to the terminal. */
	if (profile != NULL && !has_control(profile))
		xcause(cause, "invalid profile name \"%s\": %s", profile, why);
	else
		xcause(cause, "invalid profile name: %s", why);
	return false;
}

/*
 * The data directory: $XDG_DATA_HOME if set to an absolute path (the XDG
 * spec says to ignore a relative one), else $HOME/.local/share, else the
 * password database's home directory. Caller frees.
 */
static char *
data_home(char **cause)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct passwd pw, *pwp = NULL;
	char buf[4096];

	if (xdg != NULL && xdg[0] == '/')
		return xstrdup(xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/share", home);
	if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &pwp) == 0 &&
	    pwp != NULL && pwp->pw_dir != NULL && pwp->pw_dir[0] == '/')
		return xasprintf("%s/.local/share", pwp->pw_dir);
	xcause(cause, "cannot find a directory for the cache: "
	    "neither XDG_DATA_HOME nor HOME is an absolute path");
	return NULL;
}

/* mkdir -p with mode 0700 for every directory created; existing ones are left alone. */
static int
mkdirs(const char *dir, char **cause)
{
	struct stat sb;
	char *parent, *slash;
	int rc;

	if (stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return CACHE_OK;
		xcause(cause, "%s exists and is not a directory", dir);
		return CACHE_ERR;
	}
	if (errno != ENOENT) {
		xcause(cause, "cannot use %s: %s", dir, strerror(errno));
		return CACHE_ERR;
	}
	parent = xstrdup(dir);
	if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
		*slash = '\0';
		rc = mkdirs(parent, cause);
	} else
		rc = CACHE_OK;
	free(parent);
	if (rc != CACHE_OK)
		return rc;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		xcause(cause, "cannot create directory %s: %s", dir, strerror(errno));
		return CACHE_ERR;
	}
	/* The umask may have taken bits off 0700; the owner needs all three. */
	if (chmod(dir, 0700) != 0) {
		xcause(cause, "cannot chmod 700 %s: %s", dir, strerror(errno));
		return CACHE_ERR;
	}
	return CACHE_OK;
}

/*
 * The tdesk directory must be ours and private. One open to group or
 * others is tightened rather than refused: it is tdesk's own directory
 * (most likely made by hand under umask 022) and holds only our 0600 files,
 * so nothing else can depend on its mode, and refusing would only make the
 * user type the chmod we can do.
 */
static int
private_dir(const char *dir, char **cause)
{
	struct stat sb;
	char *q;

	if (stat(dir, &sb) != 0) {
		xcause(cause, "cannot use %s: %s", dir, strerror(errno));
		return CACHE_ERR;
	}
	if (!S_ISDIR(sb.st_mode)) {
		xcause(cause, "%s exists and is not a directory", dir);
		return CACHE_ERR;
	}
	if (sb.st_uid != geteuid()) {
		q = cache_path_shell_quote(dir);
		xcause(cause, "cache directory %s is owned by uid %ld, not by you "
		    "(uid %ld); tdesk keeps customer data there and will not use it: "
		    "remove it or fix it with chown %ld %s", dir, (long)sb.st_uid,
		    (long)geteuid(), (long)geteuid(), q);
		free(q);
		return CACHE_ERR_PERM;
	}
	if ((sb.st_mode & 077) != 0 && chmod(dir, 0700) != 0) {
		xcause(cause, "cache directory %s is open to other users (mode %04o) "
		    "and chmod 700 failed: %s", dir, (unsigned)(sb.st_mode & 07777),
		    strerror(errno));
		return CACHE_ERR_PERM;
	}
	return CACHE_OK;
}

char *
cache_path_for_profile(const char *profile, char **cause)
{
	char *base, *dir, *path = NULL;

	if (!profile_name_ok(profile, cause))
		return NULL;
	if ((base = data_home(cause)) == NULL)
		return NULL;
	dir = xasprintf("%s/tdesk", base);
	if (mkdirs(dir, cause) == CACHE_OK && private_dir(dir, cause) == CACHE_OK)
		path = xasprintf("%s/%s.db", dir, profile);
	free(dir);
	free(base);
	return path;
}

char *
cache_path_shell_quote(const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@%=";
	size_t n = 0, quotes = 0;
	const char *p;
	char *out, *o;

	if (*s != '\0' && strspn(s, safe) == strlen(s))
		return xstrdup(s);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			quotes++;
		n++;
	}
	/* 'a'\''b': each quote becomes four characters. */
	out = o = xmalloc(n + 3 * quotes + 3);
	*o++ = '\'';
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else
			*o++ = *p;
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

/*
 * Refuses what group or others may read, as ssh does for private keys:
 * the cache holds customer names, emails, payments and queued replies.
 */
static int
private_file(const char *path, char **cause)
{
	struct stat sb;
	char *q;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return CACHE_OK;
		xcause(cause, "cannot use cache %s: %s", path, strerror(errno));
		return CACHE_ERR;
	}
	if (!S_ISREG(sb.st_mode)) {
		xcause(cause, "cache %s is not a regular file", path);
		return CACHE_ERR;
	}
	q = cache_path_shell_quote(path);
	if (sb.st_uid != geteuid()) {
		xcause(cause, "cache %s is owned by uid %ld, not by you (uid %ld); "
		    "tdesk will not use it: remove it or fix it with chown %ld %s",
		    path, (long)sb.st_uid, (long)geteuid(), (long)geteuid(), q);
		free(q);
		return CACHE_ERR_PERM;
	}
	if ((sb.st_mode & 077) != 0) {
		xcause(cause, "permissions %04o for cache %s are too open: it holds "
		    "customer data and must be private to you; fix with: chmod 600 %s",
		    (unsigned)(sb.st_mode & 07777), path, q);
		free(q);
		return CACHE_ERR_PERM;
	}
	free(q);
	return CACHE_OK;
}

/* The file and its -wal and -shm, each ours and private if it exists. */
static int
private_files(const char *path, char **cause)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char *p;
	size_t i;
	int rc;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		p = xasprintf("%s%s", path, suffixes[i]);
		rc = private_file(p, cause);
		free(p);
		if (rc != CACHE_OK)
			return rc;
	}
	return CACHE_OK;
}

int
cache_path_check_file(const char *path, bool *exists, char **cause)
{
	struct stat sb;

	*exists = false;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return CACHE_OK;
		xcause(cause, "cannot use cache %s: %s", path, strerror(errno));
		return CACHE_ERR;
	}
	*exists = true;
	return private_files(path, cause);
}

int
cache_path_prepare_file(const char *path, bool *created, char **cause)
{
	int fd;

	*created = false;
	/*
	 * Create the file ourselves so it is 0600 whatever the umask: SQLite
	 * would create it 0644 under umask 022. SQLite gives the -wal and -shm
	 * files it creates later the mode of the database file.
	 */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (fchmod(fd, 0600) != 0) {
			xcause(cause, "cannot chmod 600 cache %s: %s", path,
			    strerror(errno));
			close(fd);
			return CACHE_ERR;
		}
		close(fd);
		*created = true;
	} else if (errno != EEXIST) {
		xcause(cause, "cannot create cache %s: %s", path, strerror(errno));
		return CACHE_ERR;
	}
	return private_files(path, cause);
}
