/*
 * `tdesk config check`: load the file, report every problem, then try each
 * token source without showing a token.
 */
#include "tui/config/config.h"

#include <stdlib.h>

#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "tui/config/config_int.h"

int
config_cmd_check(const char *path, FILE *out, FILE *err)
{
	struct config_errors errs = { NULL, 0, 0 };
	const struct config_backend *b[3];
	const struct config_profile *p;
	struct config *cfg = NULL;
	enum config_result r;
	char *token = NULL, *cause = NULL, *names;
	size_t i, j, ntok, nbad = 0;
	int rc = EXIT_CONFIG;

	if ((r = config_load(path, &cfg, &errs)) != CONFIG_OK) {
		config_errors_print(&errs, err);
		goto out;
	}
	for (i = 0; i < cfg->nprofiles; i++) {
		p = &cfg->profiles[i];
		b[0] = &p->zendesk;
		b[1] = &p->statuspage;
		b[2] = &p->payments;
		for (j = 0; j < 3; j++) {
			if (b[j]->url == NULL)
				continue;
			if (secret_resolve(&b[j]->token, &token, &cause) != 0) {
				msg_line(err, "%s:%u: %s", cfg->path,
				    b[j]->token_line, cause);
				free(cause);
				cause = NULL;
				nbad++;
			}
			secret_free(&token);
		}
	}
	if (nbad > 0)
		goto out;
	msg_line(out, "%s: ok (%zu profile%s, %zu view%s, %zu tolerance "
	    "rule%s)", cfg->path, cfg->nprofiles,
	    cfg->nprofiles == 1 ? "" : "s", cfg->nviews,
	    cfg->nviews == 1 ? "" : "s", cfg->ntolerances,
	    cfg->ntolerances == 1 ? "" : "s");
	for (i = 0; i < cfg->nprofiles; i++) {
		p = &cfg->profiles[i];
		names = xasprintf("%s%s%s", p->zendesk.url ? " zendesk" : "",
		    p->statuspage.url ? " statuspage" : "",
		    p->payments.url ? " payments" : "");
		ntok = (p->zendesk.url != NULL) + (p->statuspage.url != NULL) +
		    (p->payments.url != NULL);
		msg_line(out, "profile \"%s\"%s%s%s:%s; %zu token%s usable%s",
		    p->name, p->environment ? " (" : "",
		    p->environment ? p->environment : "",
		    p->environment ? ")" : "",
		    *names != '\0' ? names : " no backend configured",
		    ntok, ntok == 1 ? "" : "s",
		    p->production ? "; PRODUCTION" : "");
		free(names);
	}
	rc = EXIT_OK;
out:
	config_errors_free(&errs);
	config_free(&cfg);
	return rc;
}
