/*
 * Zendesk request bodies: the {"ticket":{…}} of an update, update_many and
 * create, built from a struct ticket_update and checked before sending.
 */
#include "api/zendesk_encode.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/decode.h"

/* What a ticket body is for: the checks differ a little. */
enum zendesk_body {
	ZENDESK_BODY_UPDATE,
	ZENDESK_BODY_MANY,
	ZENDESK_BODY_BATCH,
	ZENDESK_BODY_CREATE,
};

static const char *const zendesk_statuses[] = {
	"new", "open", "pending", "hold", "solved", "closed", NULL
};
static const char *const zendesk_priorities[] = {
	"urgent", "high", "normal", "low", NULL
};
static const char *const zendesk_types[] = {
	"problem", "incident", "question", "task", NULL
};

/* An id field: 0 sends null when nullable; negatives are refused. */
static int
zendesk_put_id(json_t *t, const char *path, const char *key, int64_t id,
    int nullable, char **cause)
{
	char p[DECODE_PATH_MAX];

	if (id < 0 || (id == 0 && !nullable)) {
		xcause(cause, "%s: %lld is not a valid id",
		    decode_join(p, sizeof p, path, key), (long long)id);
		return -1;
	}
	if (id == 0)
		decode_put_null(t, key);
	else
		decode_put_int64(t, key, id);
	return 0;
}

/* Tags are single words to Zendesk: a space would split one in two. */
static int
zendesk_put_tags(json_t *t, const char *path, const char *key,
    const struct string_array *a, char **cause)
{
	char p[DECODE_PATH_MAX];
	size_t i;

	for (i = 0; i < a->n; i++) {
		const char *s = a->items[i];

		if (s != NULL && (*s == '\0' ||
		    strpbrk(s, " \t\r\n") != NULL)) {
			xcause(cause, "%s: a tag must be one non-empty word",
			    decode_item(p, sizeof p, path, key, i));
			return -1;
		}
	}
	return decode_put_strings(t, path, key, a, cause);
}

static int
zendesk_put_comment(json_t *t, const char *path,
    const struct ticket_update *u, char **cause)
{
	char p[DECODE_PATH_MAX];
	json_t *c;

	decode_join(p, sizeof p, path, "comment");
	if (u->comment_body == NULL && u->comment_html_body == NULL) {
		xcause(cause, "%s: a comment needs a body", p);
		return -1;
	}
	c = json_object();
	if ((u->comment_body != NULL && decode_put_string(c, p, "body",
	    u->comment_body, cause) != 0) ||
	    (u->comment_html_body != NULL && decode_put_string(c, p,
	    "html_body", u->comment_html_body, cause) != 0)) {
		json_decref(c);
		return -1;
	}
	decode_put_bool(c, "public", u->comment_public);
	return decode_put(t, path, "comment", c, cause);
}

/* The ticket object of any of the bodies, at path, into *out. */
static int
zendesk_ticket_object(const struct ticket_update *u, const char *path,
    enum zendesk_body kind, json_t **out, char **cause)
{
	char p[DECODE_PATH_MAX];
	json_t *t = json_object();
	int64_t secs;

	*out = NULL;
	if (kind == ZENDESK_BODY_BATCH && zendesk_put_id(t, path, "id", u->id,
	    0, cause) != 0)
		goto fail;
	if (u->set == 0 && kind != ZENDESK_BODY_CREATE) {
		xcause(cause, "%s: nothing to change", path);
		goto fail;
	}
	if (((u->set & TICKET_UPDATE_SUBJECT) && decode_put_string(t, path,
	    "subject", u->subject, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_COMMENT) && zendesk_put_comment(t, path, u,
	    cause) != 0) ||
	    ((u->set & TICKET_UPDATE_STATUS) && decode_put_word(t, path,
	    "status", u->status, zendesk_statuses, 0, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_CUSTOM_STATUS) && zendesk_put_id(t, path,
	    "custom_status_id", u->custom_status_id, 0, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_PRIORITY) && decode_put_word(t, path,
	    "priority", u->priority, zendesk_priorities, 1, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_TYPE) && decode_put_word(t, path, "type",
	    u->type, zendesk_types, 1, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_REQUESTER) && zendesk_put_id(t, path,
	    "requester_id", u->requester_id, 0, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_ASSIGNEE) && zendesk_put_id(t, path,
	    "assignee_id", u->assignee_id, 1, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_GROUP) && zendesk_put_id(t, path,
	    "group_id", u->group_id, 1, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_TAGS) && zendesk_put_tags(t, path, "tags",
	    &u->tags, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_ADD_TAGS) && zendesk_put_tags(t, path,
	    "additional_tags", &u->additional_tags, cause) != 0) ||
	    ((u->set & TICKET_UPDATE_REMOVE_TAGS) && zendesk_put_tags(t, path,
	    "remove_tags", &u->remove_tags, cause) != 0))
		goto fail;

	if (kind == ZENDESK_BODY_CREATE) {
		if (!(u->set & TICKET_UPDATE_COMMENT)) {
			xcause(cause, "%s: a new ticket needs a comment", path);
			goto fail;
		}
		if (u->updated_stamp != NULL) {
			xcause(cause, "%s: a new ticket has no updated_stamp",
			    path);
			goto fail;
		}
	}

	/*
	 * Safe update: Zendesk refuses the change with 409 if the ticket was
	 * updated after this stamp. It must be the updated_at text exactly as
	 * Zendesk sent it; only its form is checked here.
	 */
	if (u->updated_stamp != NULL) {
		if (decode_time_parse(u->updated_stamp, &secs, NULL) != 0) {
			xcause(cause, "%s: not an RFC 3339 timestamp",
			    decode_join(p, sizeof p, path, "updated_stamp"));
			goto fail;
		}
		decode_put_bool(t, "safe_update", 1);
		if (decode_put_string(t, path, "updated_stamp",
		    u->updated_stamp, cause) != 0)
			goto fail;
	}
	*out = t;
	return 0;
fail:
	json_decref(t);
	return -1;
}

/* {"ticket":{…}} for one change. */
static int
zendesk_encode_single(const struct ticket_update *u, enum zendesk_body kind,
    char **json, char **cause)
{
	json_t *t;

	*json = NULL;
	if (zendesk_ticket_object(u, "ticket", kind, &t, cause) != 0)
		return -1;
	return decode_wrap("ticket", t, json, cause);
}

int
zendesk_encode_ticket_update(const struct ticket_update *u, char **json,
    char **cause)
{
	return zendesk_encode_single(u, ZENDESK_BODY_UPDATE, json, cause);
}

int
zendesk_encode_update_many(const struct ticket_update *u, char **json,
    char **cause)
{
	return zendesk_encode_single(u, ZENDESK_BODY_MANY, json, cause);
}

int
zendesk_encode_ticket_create(const struct ticket_update *u, char **json,
    char **cause)
{
	return zendesk_encode_single(u, ZENDESK_BODY_CREATE, json, cause);
}

int
zendesk_encode_update_batch(const struct ticket_update *u, size_t n,
    char **json, char **cause)
{
	char p[DECODE_PATH_MAX];
	json_t *arr, *t;
	size_t i;

	*json = NULL;
	if (n == 0 || n > ZENDESK_UPDATE_MANY_MAX) {
		xcause(cause, "tickets: a batch update takes 1 to %d tickets, "
		    "not %zu", ZENDESK_UPDATE_MANY_MAX, n);
		return -1;
	}
	arr = json_array();
	for (i = 0; i < n; i++) {
		if (zendesk_ticket_object(&u[i], decode_item(p, sizeof p,
		    "tickets", NULL, i), ZENDESK_BODY_BATCH, &t, cause) != 0) {
			json_decref(arr);
			return -1;
		}
		json_array_append_new(arr, t);
	}
	return decode_wrap("tickets", arr, json, cause);
}
