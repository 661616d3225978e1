/*
 * The identity guard: a cache file records which backends filled it, and is
 * refused when the profile now points elsewhere, so a cache never mixes
 * production with test data or one customer's account with another's.
 *
 * What identifies each backend:
 *  - zendesk: the URL and the agent's email. A different email on the same
 *    Zendesk is refused too, though the tickets are the same backend's:
 *    the outbox may hold replies queued under the first agent's name that
 *    would go out signed by the second, and the first agent may see tickets
 *    (restricted groups, organisations) the second may not. Both risks are
 *    worse than re-syncing into another profile.
 *  - statuspage: the API URL and the page id (another page is another
 *    product's status).
 *  - payments: the URL (the token decides the role, not the data).
 */
#include "cache/cache_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct backend_identity {
	const char	*backend;	/* identity.backend */
	const char	*url;		/* as configured, not normalised */
	const char	*account;	/* NULL = none */
	const char	*account_word;	/* how the message names the account */
	bool		 account_nocase; /* emails compare case-insensitively */
};

char *
cache_identity_normalise_url(const char *url)
{
	char *out = xstrdup(url), *auth, *end, *tail, *port;
	size_t len, i;

	/* scheme://authority/path?query#fragment; lower-case up to the path. */
	auth = strstr(out, "://");
	auth = auth != NULL ? auth + 3 : out;
	end = auth + strcspn(auth, "/?#");
	for (i = 0; out + i < end; i++)
		out[i] = (char)tolower((unsigned char)out[i]);

	/* Drop a default port: the same server however it is written. */
	port = memrchr(auth, ':', (size_t)(end - auth));
	if (port != NULL && memchr(port, ']', (size_t)(end - port)) == NULL &&
	    ((strncmp(out, "https://", 8) == 0 && end - port == 4 &&
	    strncmp(port, ":443", 4) == 0) ||
	    (strncmp(out, "http://", 7) == 0 && end - port == 3 &&
	    strncmp(port, ":80", 3) == 0))) {
		memmove(port, end, strlen(end) + 1);
		end = port;
	}

	/* Trailing slashes of the path, before any query or fragment. */
	tail = end + strcspn(end, "?#");
	len = (size_t)(tail - out);
	while (len > (size_t)(end - out) && out[len - 1] == '/')
		len--;
	memmove(out + len, tail, strlen(tail) + 1);
	return out;
}

static bool
same_account(const struct backend_identity *b, const char *recorded)
{
	const char *now = b->account != NULL ? b->account : "";

	if (recorded == NULL)
		recorded = "";
	return b->account_nocase ? strcasecmp(now, recorded) == 0 :
	    strcmp(now, recorded) == 0;
}

/*
 * "zendesk https://a.zendesk.com (agent@a)" for the mismatch message; the
 * backend's name only when with_name.
 */
static char *
describe(const struct backend_identity *b, bool with_name, const char *url,
    const char *account)
{
	const char *name = with_name ? b->backend : "", *sp = with_name ? " " : "";

	if (b->account_word == NULL)
		return xasprintf("%s%s%s", name, sp, url);
	if (account == NULL || *account == '\0')
		return xasprintf("%s%s%s (no %s)", name, sp, url,
		    *b->account_word != '\0' ? b->account_word : "account");
	if (*b->account_word == '\0')
		return xasprintf("%s%s%s (%s)", name, sp, url, account);
	return xasprintf("%s%s%s (%s %s)", name, sp, url, b->account_word, account);
}

static int
record(sqlite3 *db, const char *path, const struct backend_identity *b,
    const char *url, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = CACHE_OK;

	if (sqlite3_prepare_v2(db, "INSERT INTO identity (backend, url, account, "
	    "recorded_at) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, b->backend, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, b->account, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL)) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = cache_db_error(db, path, "recording the backend identity",
		    cause);
	sqlite3_finalize(st);
	return rc;
}

static int
check_one(sqlite3 *db, const char *path, const struct backend_identity *b,
    bool rec, char **cause)
{
	sqlite3_stmt *st = NULL;
	char *url = cache_identity_normalise_url(b->url), *was, *now;
	const char *rurl, *racct;
	int rc = CACHE_OK, step;

	if (sqlite3_prepare_v2(db, "SELECT url, account FROM identity "
	    "WHERE backend = ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, b->backend, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = cache_db_error(db, path, "reading the backend identity",
		    cause);
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		if (rec)
			rc = record(db, path, b, url, cause);
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = cache_db_error(db, path, "reading the backend identity",
		    cause);
		goto out;
	}
	rurl = (const char *)sqlite3_column_text(st, 0);
	racct = (const char *)sqlite3_column_text(st, 1);
	if (rurl != NULL && strcmp(rurl, url) == 0 && same_account(b, racct))
		goto out;
	was = describe(b, true, rurl != NULL ? rurl : "(none)", racct);
	now = describe(b, false, url, b->account);
	xcause(cause, "cache %s was filled from %s but profile points at %s; "
	    "use another profile or remove the cache", path, was, now);
	free(was);
	free(now);
	rc = CACHE_ERR_IDENTITY;
out:
	sqlite3_finalize(st);
	free(url);
	return rc;
}

int
cache_identity_check(sqlite3 *db, const char *path,
    const struct cache_identity *id, bool rec, char **cause)
{
	const struct backend_identity backends[] = {
		{ "zendesk", id->zendesk_url, id->zendesk_account, "", true },
		{ "statuspage", id->statuspage_url, id->statuspage_page, "page", false },
		{ "payments", id->payments_url, NULL, NULL, false },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		if (backends[i].url == NULL)
			continue;
		rc = check_one(db, path, &backends[i], rec, cause);
		if (rc != CACHE_OK)
			return rc;
	}
	return CACHE_OK;
}
