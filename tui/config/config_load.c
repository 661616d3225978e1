/*
 * Finding and reading the configuration file: its default path, and the
 * checks on the file (owner, mode, size) before its text is parsed.
 */
#include "tui/config/config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/fd.h"
#include "tui/config/secret.h"
#include "tui/config/config_int.h"

char *
config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home;
	struct passwd *pw;

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/tdesk/config", xdg);
	home = getenv("HOME");
	if (home == NULL || *home != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || *home != '/')
		return NULL;
	return xasprintf("%s/.config/tdesk/config", home);
}

enum config_result
config_load(const char *path, struct config **out,
    struct config_errors *errs)
{
	struct config_errors local = { NULL, 0, 0 };
	enum config_result rc = CONFIG_INVALID;
	char *owned = NULL, *buf = NULL, *q;
	struct stat st;
	size_t len = 0, from = errs->n;
	int fd, n, refused = 0;

	*out = NULL;
	if (path == NULL && (path = owned = config_default_path()) == NULL) {
		config_errors_add(errs, "tdesk", 0, "no home directory to find "
		    "the configuration in: give --config FILE");
		return CONFIG_INVALID;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1 && errno == ENOENT) {
		config_errors_add(errs, path, 0, "no such file (see "
		    "tdesk.conf(5))");
		*out = config_new(path);
		(*out)->missing = 1;
		free(owned);
		return CONFIG_NOFILE;
	}
	if (fd == -1) {
		config_errors_add(errs, path, 0, "%s", strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		config_errors_add(errs, path, 0, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		config_errors_add(errs, path, 0, "not a regular file");
		goto out;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		config_errors_add(errs, path, 0, "owned by uid %lu, not by you "
		    "(uid %lu)", (unsigned long)st.st_uid,
		    (unsigned long)geteuid());
		refused = 1;
	}
	if ((st.st_mode & 077) != 0) {
		/*
		 * As ssh does: the file names commands tdesk runs and where
		 * its tokens are, so it is the user's alone.
		 */
		q = secret_shquote(path);
		config_errors_add(errs, path, 0, "readable or writable by "
		    "group or others (mode %04o); fix it with: chmod 600 %s",
		    (unsigned)(st.st_mode & 07777), q);
		free(q);
		refused = 1;
	}
	if (st.st_size > CONFIG_MAX_FILE) {
		config_errors_add(errs, path, 0, "larger than %d bytes; is "
		    "it a configuration file?", CONFIG_MAX_FILE);
		goto out;
	}
	buf = xmalloc(CONFIG_MAX_FILE + 1);
	if ((n = fd_read_capped(fd, buf, CONFIG_MAX_FILE, &len)) != 0) {
		if (n == -1)
			config_errors_add(errs, path, 0, "%s", strerror(errno));
		else
			config_errors_add(errs, path, 0, "larger than %d "
			    "bytes; is it a configuration file?",
			    CONFIG_MAX_FILE);
		goto out;
	}
	if (config_parse_buffer(path, buf, len, out, &local) == 0 && !refused)
		rc = CONFIG_OK;
	else
		config_free(out);
	/* Keep the file-wide errors first, then the file's in line order. */
	if (local.n > 0) {
		errs->v = xreallocarray(errs->v, errs->n + local.n,
		    sizeof *errs->v);
		memcpy(errs->v + errs->n, local.v, local.n * sizeof *local.v);
		errs->n += local.n;
	}
	errs->dropped += local.dropped;
	free(local.v);
	config_errors_sort(errs, from);
out:
	free(buf);
	free(owned);
	if (fd != -1)
		close(fd);
	return rc;
}
