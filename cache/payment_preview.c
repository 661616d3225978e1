/*
 * The money preview of a payment resolution and the checks before one is
 * queued: pure arithmetic on the cached payment in minor units, so the
 * command line and the console say the same thing, exactly.
 */
#include "cache/payment_preview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/money.h"
#include "api/xmalloc.h"

/* "PLN 15.46": an amount as the preview writes it. */
static char *
amount(int64_t minor, const char *cur, char *buf, size_t size)
{
	char num[MONEY_BUFSIZE];

	snprintf(buf, size, "%s %s", cur, money_format(minor, cur, num,
	    sizeof num));
	return buf;
}

int
cache_payment_resolvable(const struct payment_detail *d,
    enum payment_action action, const int64_t *refund_minor, char **cause)
{
	char num[MONEY_BUFSIZE], received[MONEY_BUFSIZE];
	const char *id = d->row.id, *cur = d->row.currency;
	int64_t refund;

	/* The words are cache_action_payment_resolve()'s, which asks this. */
	if (d->row.status == NULL || strcmp(d->row.status, "flagged") != 0) {
		xcause(cause, "payment %s is %s, not flagged: there is nothing "
		    "to resolve", id, d->row.status != NULL ? d->row.status :
		    "of unknown status");
		return CACHE_ERR;
	}
	if (cur == NULL || money_exponent(cur) < 0) {
		xcause(cause, "payment %s: unknown currency %s", id,
		    cur != NULL ? cur : "(none)");
		return CACHE_ERR;
	}
	if (action == PAYMENT_ACTION_REFUND) {
		refund = refund_minor != NULL ? *refund_minor :
		    d->row.received_minor;
		if (refund <= 0 || refund > d->row.received_minor) {
			xcause(cause, "payment %s: a refund of %s %s is not "
			    "above zero and at most the %s %s received", id,
			    money_format(refund, cur, num, sizeof num), cur,
			    money_format(d->row.received_minor, cur, received,
			    sizeof received), cur);
			return CACHE_ERR;
		}
	} else if (refund_minor != NULL) {
		xcause(cause, "payment %s: only a refund has an amount", id);
		return CACHE_ERR;
	}
	return CACHE_OK;
}

char *
cache_payment_mask_account(const char *account, char *buf, size_t size)
{
	char compact[128];
	size_t n = 0, i;

	for (i = 0; account[i] != '\0' && n < sizeof compact - 1; i++) {
		if (account[i] != ' ')
			compact[n++] = account[i];
	}
	compact[n] = '\0';
	/* Too short to hide a middle: the last four alone. */
	if (n <= 8)
		snprintf(buf, size, "\xe2\x80\xa6%s", compact + (n > 4 ? n - 4 :
		    0));
	else
		snprintf(buf, size, "%.4s\xe2\x80\xa6%s", compact,
		    compact + n - 4);
	return buf;
}

static void
add(struct payment_preview *pv, const char *label, char *text)
{
	if (pv->nlines == PAYMENT_PREVIEW_LINES) {
		free(text);
		return;
	}
	pv->lines[pv->nlines].label = label;
	pv->lines[pv->nlines].text = text;
	pv->nlines++;
}

/* Where a refund goes: the account it came from (masked), else the customer. */
static char *
refund_to(const struct payment_detail *d)
{
	char masked[64];

	if (d->received_account != NULL && *d->received_account != '\0')
		return xstrdup(cache_payment_mask_account(d->received_account,
		    masked, sizeof masked));
	if (d->row.customer_name != NULL && *d->row.customer_name != '\0')
		return xstrdup(d->row.customer_name);
	return xstrdup("the customer");
}

static char *
outcome(const struct payment_detail *d, enum payment_action action,
    const int64_t *refund_minor, int64_t diff)
{
	const char *cur = d->row.currency;
	char rec[64], exp[64], delta[64], part[64], kept[64], *to, *s;
	int64_t refund, rest;

	amount(d->row.received_minor, cur, rec, sizeof rec);
	amount(d->row.expected_minor, cur, exp, sizeof exp);
	switch (action) {
	case PAYMENT_ACTION_ACCEPT:
		if (diff == 0)
			return xasprintf("the order is accepted as paid: %s "
			    "received against %s", rec, exp);
		amount(diff < 0 ? -diff : diff, cur, delta, sizeof delta);
		return xasprintf("the order is accepted as paid: %s received "
		    "against %s (%s %s)", rec, exp, delta, diff < 0 ?
		    "written off" : "more kept");
	case PAYMENT_ACTION_RECALCULATE:
		return xasprintf("the order is recalculated to what was paid: "
		    "%s", rec);
	case PAYMENT_ACTION_REFUND:
	default:
		break;
	}
	refund = refund_minor != NULL ? *refund_minor : d->row.received_minor;
	to = refund_to(d);
	if (refund == d->row.received_minor)
		s = xasprintf("refund %s to %s, the order is cancelled", rec, to);
	else {
		/* Cannot overflow: 0 < refund < received. */
		rest = d->row.received_minor - refund;
		s = xasprintf("refund %s of %s received to %s (%s kept), the "
		    "order is cancelled", amount(refund, cur, part, sizeof part),
		    rec, to, amount(rest, cur, kept, sizeof kept));
	}
	free(to);
	return s;
}

int
cache_payment_preview(const struct payment_detail *d,
    enum payment_action action, const int64_t *refund_minor,
    struct payment_preview *pv, char **cause)
{
	const struct payment_row *r = &d->row;
	const char *cur = r->currency;
	char a[64], b[64], masked[64];
	int64_t diff;
	int rc;

	memset(pv, 0, sizeof *pv);
	if ((rc = cache_payment_resolvable(d, action, refund_minor, cause)) !=
	    CACHE_OK)
		return rc;
	/* INT64_MIN has no magnitude to print: refused with the overflows. */
	if (money_sub(r->received_minor, r->expected_minor, &diff) != 0 ||
	    diff == INT64_MIN) {
		xcause(cause, "payment %s: the difference between what was "
		    "received and expected is out of range", r->id);
		return CACHE_ERR;
	}
	add(pv, "payment", xasprintf("%s, order %s%s%s%s", r->id,
	    r->order_id != NULL ? r->order_id : "(none)",
	    r->provider != NULL ? " (" : "", r->provider != NULL ?
	    r->provider : "", r->provider != NULL ? ")" : ""));
	add(pv, "customer", xasprintf("%s%s%s%s",
	    r->customer_name != NULL ? r->customer_name : "(unknown)",
	    r->customer_email != NULL ? " <" : "",
	    r->customer_email != NULL ? r->customer_email : "",
	    r->customer_email != NULL ? ">" : ""));
	add(pv, "expected", xstrdup(amount(r->expected_minor, cur, a,
	    sizeof a)));
	if (r->has_fee)
		add(pv, "received", xasprintf("%s (the provider's fee %s)",
		    amount(r->received_minor, cur, a, sizeof a),
		    amount(r->fee_minor, cur, b, sizeof b)));
	else
		add(pv, "received", xstrdup(amount(r->received_minor, cur, a,
		    sizeof a)));
	if (d->received_account != NULL && *d->received_account != '\0')
		add(pv, "account", xstrdup(cache_payment_mask_account(
		    d->received_account, masked, sizeof masked)));
	if (diff == 0)
		add(pv, "difference", xstrdup("none: exactly as expected"));
	else
		add(pv, "difference", xasprintf("%s %s than expected",
		    amount(diff < 0 ? -diff : diff, cur, a, sizeof a),
		    diff < 0 ? "less" : "more"));
	add(pv, "outcome", outcome(d, action, refund_minor, diff));
	return CACHE_OK;
}

void
cache_payment_preview_clear(struct payment_preview *pv)
{
	size_t i;

	for (i = 0; i < pv->nlines; i++)
		free(pv->lines[i].text);
	memset(pv, 0, sizeof *pv);
}

int
cache_payments_role(struct cache *c, char **role, char **cause)
{
	struct cache_sync_state st;
	int rc;

	*role = NULL;
	if ((rc = cache_sync_state_get(c, "payments", "me", &st, cause)) !=
	    CACHE_OK)
		return rc;
	/* "" is what sync stores when /v1/me sent no role: not known. */
	if (st.cursor != NULL && *st.cursor != '\0') {
		*role = st.cursor;
		st.cursor = NULL;
	}
	cache_sync_state_free(&st);
	return CACHE_OK;
}

int
cache_payments_may_resolve(const char *role, char **cause)
{
	if (role == NULL) {
		xcause(cause, "this profile's payments role is not known yet: "
		    "run tdesk sync --once first");
		return 0;
	}
	switch (payments_role_from_name(role)) {
	case PAYMENTS_ROLE_TECHNICIAN:
	case PAYMENTS_ROLE_ADMIN:
		return 1;
	default:
		xcause(cause, "resolving payments needs the technician or admin "
		    "role; this profile's payments user is %s", role);
		return 0;
	}
}
