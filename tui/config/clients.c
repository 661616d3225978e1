/*
 * Making the HTTP clients of a profile from its configuration and tokens.
 */
#include "tui/config/clients.h"

#include <stdlib.h>
#include <string.h>

#include "tui/config/config.h"
#include "cache/drain.h"
#include "api/http.h"
#include "api/payments.h"
#include "tui/config/secret.h"
#include "api/statuspage.h"
#include "api/xmalloc.h"
#include "api/zendesk.h"

/* Resolves b's token; NULL with *cause prefixed by the backend's name. */
static char *
token_for(const char *name, const struct config_backend *b, char **cause)
{
	char *token = NULL, *why = NULL;

	if (secret_resolve(&b->token, &token, &why) != 0) {
		xcause(cause, "%s: %s", name, why);
		free(why);
		return NULL;
	}
	return token;
}

void
clients_policy(const struct config *cfg, struct http_policy *policy)
{
	http_policy_default(policy);
	policy->deadline_ms = (int64_t)cfg->tdesk.timeout_s * 1000;
}

int64_t
clients_readback_delay(const struct config *cfg)
{
	return cfg->tdesk.readback_delay_s > 0 ? cfg->tdesk.readback_delay_s :
	    DRAIN_READBACK_AT_ONCE;
}

int
clients_new(const struct config_profile *p, const struct http_policy *policy,
    const struct http_hooks *hooks, struct clients *cl, char **cause)
{
	char *token;

	memset(cl, 0, sizeof *cl);
	if (p->zendesk.url != NULL) {
		if ((token = token_for("zendesk", &p->zendesk, cause)) == NULL)
			goto fail;
		cl->zendesk = zendesk_client_new(p->zendesk.url,
		    p->zendesk_email, token, policy, hooks, cause);
		secret_free(&token);
		if (cl->zendesk == NULL)
			goto fail;
	}
	if (p->statuspage_page_id != NULL) {
		if ((token = token_for("statuspage", &p->statuspage, cause)) ==
		    NULL)
			goto fail;
		cl->statuspage = statuspage_client_new(p->statuspage.url,
		    p->statuspage_page_id, token, policy, hooks, cause);
		secret_free(&token);
		if (cl->statuspage == NULL)
			goto fail;
	}
	if (p->payments.url != NULL) {
		if ((token = token_for("payments", &p->payments, cause)) == NULL)
			goto fail;
		cl->payments = payments_client_new(p->payments.url, token,
		    policy, hooks, cause);
		secret_free(&token);
		if (cl->payments == NULL)
			goto fail;
	}
	return 0;
fail:
	clients_free(cl);
	return -1;
}

void
clients_free(struct clients *cl)
{
	http_client_free(&cl->zendesk);
	http_client_free(&cl->statuspage);
	http_client_free(&cl->payments);
}
