/*
 * The records tdesk reads from and writes to its three backends (Zendesk,
 * Statuspage, the payments review API), as plain transparent structs. The
 * decoders in *_decode.c fill them; cache/ stores them; tui/ shows them.
 *
 * Ownership: every char * and array in a record is owned by the record and
 * freed by its *_clear() (which frees what it owns and zeroes the struct,
 * so it can be reused) or *_free() (clear, free the struct itself, NULL the
 * pointer). A NULL string means the backend sent null or left the key out;
 * the comment on a field says when "" and NULL differ.
 *
 * Each record's fields are also described once as data, in records.c (see
 * fields.h): its JSON keys, types and presence, from which it is decoded,
 * cleared and written back. A field added here is added there too.
 */
#ifndef TDESK_MODEL_H
#define TDESK_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* ---- Shared pieces ---------------------------------------------------- */

/* A point in time as a backend wrote it, and as seconds since the epoch. */
struct timestamp {
	char		*text;		/* exactly as sent (a safe_update
					 * stamp must be); NULL: null or
					 * absent */
	int64_t		 secs;		/* seconds since
					 * 1970-01-01T00:00:00Z; 0 when text
					 * is NULL */
	int32_t		 nsec;		/* fraction of the second, in
					 * nanoseconds (digits past 9
					 * dropped) */
};

struct string_array {
	char		**items;	/* n owned strings */
	size_t		  n;
};

struct int64_array {
	int64_t		*items;		/* n values */
	size_t		 n;
};

void	timestamp_clear(struct timestamp *);
void	string_array_clear(struct string_array *);
void	int64_array_clear(struct int64_array *);

/* ---- Zendesk Support API v2 -------------------------------------------- */

struct ticket_field {
	int64_t		 id;		/* custom field id */
	char		*value;		/* the value as compact JSON text:
					 * "\"745\"", "true", "null" */
};

struct ticket {
	int64_t		 id;
	char		*subject;		/* NULL: no subject */
	char		*raw_subject;		/* subject before dynamic
						 * content is rendered */
	char		*description;		/* the first comment's text */
	char		*status;		/* new open pending hold
						 * solved closed (deleted in
						 * exports); the category
						 * when custom statuses are
						 * on */
	int64_t		 custom_status_id;	/* 0: none */
	char		*priority;		/* urgent high normal low;
						 * NULL: none */
	char		*type;			/* problem incident question
						 * task; NULL: none */
	int64_t		 requester_id;		/* 0: not sent */
	int64_t		 submitter_id;		/* 0: not sent */
	int64_t		 assignee_id;		/* 0: unassigned */
	int64_t		 group_id;		/* 0: no group */
	int64_t		 organization_id;	/* 0: no organization */
	int64_t		 brand_id;		/* 0: not sent */
	int64_t		 ticket_form_id;	/* 0: not sent */
	int64_t		 problem_id;		/* incident tickets: the
						 * linked problem; 0: none */
	char		*external_id;		/* NULL: none */
	char		*recipient;		/* original recipient
						 * address; NULL: none */
	char		*via_channel;		/* via.channel: web, email,
						 * api…; NULL: not sent */
	char		*satisfaction_score;	/* satisfaction_rating.score;
						 * NULL: not rated */
	int		 has_incidents;		/* a problem with incidents
						 * linked */
	int		 is_public;		/* has a public comment; 0
						 * when not sent */
	struct string_array tags;
	struct int64_array collaborator_ids;
	struct int64_array follower_ids;
	struct int64_array email_cc_ids;
	struct ticket_field *custom_fields;	/* ncustom_fields of them */
	size_t		 ncustom_fields;
	struct timestamp created_at;
	struct timestamp updated_at;		/* .text is the updated_stamp
						 * for a safe update */
	struct timestamp due_at;		/* task tickets; NULL text
						 * otherwise */
	int64_t		 generated_timestamp;	/* unix seconds of the last
						 * change of any kind; 0: not
						 * sent */
};

struct attachment {
	int64_t		 id;
	char		*file_name;
	char		*content_url;
	char		*content_type;		/* NULL: not sent */
	int64_t		 size;			/* bytes */
};

struct comment {
	int64_t		 id;
	int64_t		 ticket_id;		/* given by the caller;
						 * comments do not carry it */
	int64_t		 author_id;		/* -1: Zendesk itself (a
						 * system comment) */
	int64_t		 audit_id;		/* 0: not sent */
	char		*type;			/* Comment or VoiceComment;
						 * NULL: not sent */
	char		*body;			/* plain text (Markdown for
						 * agents) */
	char		*html_body;		/* NULL: not sent */
	char		*plain_body;		/* NULL: not sent */
	int		 public;		/* 0: an internal note */
	char		*via_channel;		/* via.channel; NULL: none */
	struct timestamp created_at;
	struct attachment *attachments;		/* nattachments of them */
	size_t		 nattachments;
};

struct user {
	int64_t		 id;
	char		*name;
	char		*email;			/* NULL: none */
	char		*role;			/* end-user agent admin */
	int64_t		 organization_id;	/* 0: none */
	int64_t		 default_group_id;	/* 0: none */
	int		 active;		/* 0: deleted */
	int		 suspended;
	char		*time_zone;		/* Zendesk's name ("Pacific
						 * Time (US & Canada)");
						 * NULL: not sent */
	char		*iana_time_zone;	/* "America/Los_Angeles";
						 * NULL: not sent */
	char		*locale;		/* NULL: not sent */
	struct string_array tags;
	struct timestamp created_at;
	struct timestamp updated_at;
};

struct group {
	int64_t		 id;
	char		*name;
	char		*description;		/* NULL: none */
	int		 deleted;
	int		 is_public;		/* 1 when not sent */
	struct timestamp created_at;
	struct timestamp updated_at;
};

struct organization {
	int64_t		 id;
	char		*name;
	char		*external_id;		/* NULL: none */
	int64_t		 group_id;		/* 0: none */
	char		*details;		/* NULL: none */
	char		*notes;			/* NULL: none */
	struct string_array domain_names;
	struct string_array tags;
	char		*billing_standing;	/* organization_fields[billing
						 * field] as text; NULL:
						 * unset or no field
						 * configured */
	struct timestamp created_at;
	struct timestamp updated_at;
};

struct macro {
	int64_t		 id;
	char		*title;
	char		*description;		/* NULL: none */
	int		 active;
	int64_t		 position;		/* 0: not sent */
	char		*actions;		/* the actions array as
						 * compact JSON text */
	struct timestamp created_at;
	struct timestamp updated_at;
};

struct job_result {
	int64_t		 id;			/* the ticket (or other
						 * record); 0: not sent */
	int64_t		 index;			/* position in the request;
						 * -1: not sent */
	int		 success;		/* 1, 0, or -1 when not sent */
	char		*action;		/* "update"…; NULL: not sent */
	char		*status;		/* "Updated"…; NULL: not sent */
	char		*error;			/* failure code; NULL: none */
	char		*details;		/* failure text (or JSON text
						 * if not a string); NULL:
						 * none */
};

struct job_status {
	char		*id;
	char		*job_type;		/* NULL: not sent */
	char		*status;		/* queued working failed
						 * completed killed */
	int64_t		 progress;		/* -1: not sent or null */
	int64_t		 total;			/* -1: not sent or null */
	char		*message;		/* NULL: none */
	char		*url;			/* NULL: not sent */
	struct job_result *results;		/* nresults of them; none
						 * until the job has run */
	size_t		 nresults;
};

/* An error body: {"error": "Code", "description": "…", "details": {…}}. */
struct zendesk_error {
	char		*error;			/* the code
						 * ("RecordInvalid"), or the
						 * text when Zendesk sends
						 * only that */
	char		*description;		/* NULL: none */
	char		*details;		/* details as compact JSON
						 * text; NULL: none */
};

/*
 * Where a list response leaves off. Zendesk sends one of two shapes:
 * cursor pagination (meta.has_more/after_cursor/before_cursor, links.next/
 * prev) or offset pagination (next_page/previous_page URLs and count).
 */
struct zendesk_page {
	int		 has_more;		/* a next page exists
						 * (meta.has_more, or
						 * next_page not null) */
	char		*after_cursor;		/* page[after] for the next
						 * page; NULL in offset mode */
	char		*before_cursor;		/* page[before] for the
						 * previous page; NULL in
						 * offset mode */
	char		*next_url;		/* links.next or next_page;
						 * NULL: none */
	char		*prev_url;		/* links.prev or
						 * previous_page; NULL: none */
	int64_t		 count;			/* offset mode: total
						 * records; -1: not sent */
};

/* GET /api/v2/incremental/tickets/cursor (and the time-based variant). */
struct zendesk_export_page {
	struct ticket	*tickets;		/* ntickets of them */
	size_t		 ntickets;
	struct user	*users;			/* include=users sideload */
	size_t		 nusers;
	struct group	*groups;		/* sideloaded with
						 * include=groups */
	size_t		 ngroups;
	struct organization *organizations;	/* sideloaded with
						 * include=organizations */
	size_t		 norganizations;
	char		*after_cursor;		/* the cursor for the next
						 * request; NULL in the
						 * time-based variant */
	char		*before_cursor;		/* NULL: no previous page */
	char		*after_url;		/* NULL: not sent */
	int		 end_of_stream;		/* everything up to about a
						 * minute ago has been
						 * returned */
	int64_t		 end_time;		/* time-based: the next
						 * start_time; 0: not sent */
	char		*next_page;		/* time-based: the next URL;
						 * NULL: not sent */
};

struct zendesk_ticket_page {
	struct ticket	*tickets;		/* ntickets of them */
	size_t		 ntickets;
	struct zendesk_page page;
};

struct zendesk_comment_page {
	struct comment	*comments;		/* ncomments of them */
	size_t		 ncomments;
	struct zendesk_page page;
};

struct zendesk_user_page {
	struct user	*users;			/* nusers of them */
	size_t		 nusers;
	struct zendesk_page page;
};

struct zendesk_group_page {
	struct group	*groups;		/* ngroups of them */
	size_t		 ngroups;
	struct zendesk_page page;
};

struct zendesk_organization_page {
	struct organization *organizations;	/* norganizations of them */
	size_t		 norganizations;
	struct zendesk_page page;
};

struct zendesk_macro_page {
	struct macro	*macros;		/* nmacros of them */
	size_t		 nmacros;
	struct zendesk_page page;
};

/* Bits of ticket_update.set: which fields are sent. */
enum ticket_update_field {
	TICKET_UPDATE_STATUS		= 1 << 0,
	TICKET_UPDATE_PRIORITY		= 1 << 1,	/* priority NULL
							 * sends null */
	TICKET_UPDATE_TYPE		= 1 << 2,	/* NULL sends null */
	TICKET_UPDATE_ASSIGNEE		= 1 << 3,	/* assignee_id 0
							 * sends null */
	TICKET_UPDATE_GROUP		= 1 << 4,	/* 0 sends null */
	TICKET_UPDATE_CUSTOM_STATUS	= 1 << 5,
	TICKET_UPDATE_SUBJECT		= 1 << 6,
	TICKET_UPDATE_TAGS		= 1 << 7,	/* replace every tag */
	TICKET_UPDATE_ADD_TAGS		= 1 << 8,	/* additional_tags */
	TICKET_UPDATE_REMOVE_TAGS	= 1 << 9,	/* remove_tags */
	TICKET_UPDATE_COMMENT		= 1 << 10,
	TICKET_UPDATE_REQUESTER		= 1 << 11,	/* on create */
};

/*
 * A change to a ticket: what tdesk sends (zendesk_encode_ticket_update and
 * friends) and what a macro would do (zendesk_decode_macro_apply).
 */
struct ticket_update {
	unsigned	 set;			/* TICKET_UPDATE_* bits */
	int64_t		 id;			/* the ticket, for a batch
						 * update; ignored elsewhere */
	char		*status;
	char		*priority;
	char		*type;
	int64_t		 assignee_id;
	int64_t		 group_id;
	int64_t		 custom_status_id;
	int64_t		 requester_id;
	char		*subject;
	struct string_array tags;		/* TICKET_UPDATE_TAGS */
	struct string_array additional_tags;	/* TICKET_UPDATE_ADD_TAGS */
	struct string_array remove_tags;	/* TICKET_UPDATE_REMOVE_TAGS */
	char		*comment_body;		/* TICKET_UPDATE_COMMENT:
						 * body or html_body, or both */
	char		*comment_html_body;
	int		 comment_public;	/* 0: an internal note */
	char		*updated_stamp;		/* safe update against this
						 * updated_at; NULL: unsafe */
};

/* GET /api/v2/tickets/{id}/macros/{macro_id}/apply. */
struct macro_result {
	struct ticket_update changes;		/* what tdesk understands */
	char		*ticket;		/* result.ticket as compact
						 * JSON text, everything
						 * included */
};

/* PUT /api/v2/tickets/{id}: {"ticket":…, "audit":…}. */
struct zendesk_ticket_update_result {
	struct ticket	 ticket;
	int64_t		 audit_id;		/* 0: no audit sent */
};

/* ---- Statuspage Manage API v1 ----------------------------------------- */

struct component {
	char		*id;
	char		*page_id;		/* NULL: not sent */
	char		*group_id;		/* NULL: not in a group */
	char		*name;
	char		*description;		/* NULL: none */
	int64_t		 position;
	char		*status;		/* operational
						 * under_maintenance
						 * degraded_performance
						 * partial_outage
						 * major_outage */
	int		 showcase;
	int		 only_show_if_degraded;
	int		 group;			/* this component is a group */
	char		*automation_email;	/* NULL: not sent */
	struct timestamp start_date;		/* a date (midnight UTC);
						 * NULL text: none */
	struct timestamp created_at;
	struct timestamp updated_at;
};

struct component_group {
	char		*id;
	char		*page_id;		/* NULL: not sent */
	char		*name;
	char		*description;		/* NULL: none */
	struct string_array components;		/* component ids */
	int64_t		 position;
	struct timestamp created_at;
	struct timestamp updated_at;
};

struct affected_component {
	char		*code;			/* the component id */
	char		*name;
	char		*old_status;
	char		*new_status;
};

struct incident_update {
	char		*id;
	char		*incident_id;		/* NULL: not sent */
	char		*status;		/* investigating identified
						 * monitoring resolved, or a
						 * scheduled one */
	char		*body;
	struct timestamp created_at;
	struct timestamp updated_at;
	struct timestamp display_at;		/* when it is shown as posted */
	int		 affected_known;	/* 0: affected_components was
						 * null */
	struct affected_component *affected;	/* naffected of them */
	size_t		 naffected;
	int		 deliver_notifications;
	int		 wants_twitter_update;
	char		*custom_tweet;		/* NULL: none */
};

struct incident {
	char		*id;
	char		*name;
	char		*status;		/* investigating identified
						 * monitoring resolved
						 * scheduled in_progress
						 * verifying completed */
	char		*impact;		/* none maintenance minor
						 * major critical */
	char		*impact_override;	/* NULL: none */
	char		*shortlink;		/* NULL: none */
	char		*page_id;		/* NULL: not sent */
	struct timestamp created_at;
	struct timestamp updated_at;
	struct timestamp started_at;
	struct timestamp monitoring_at;
	struct timestamp resolved_at;
	struct timestamp scheduled_for;
	struct timestamp scheduled_until;
	struct incident_update *updates;	/* nupdates of them, newest
						 * first as sent */
	size_t		 nupdates;
	struct component *components;		/* affected components;
						 * ncomponents of them */
	size_t		 ncomponents;
	char		*postmortem_body;	/* NULL: none */
	struct timestamp postmortem_body_last_updated_at;
	struct timestamp postmortem_published_at;	/* NULL text: not
							 * published */
	int		 postmortem_ignored;
	char		*metadata;		/* compact JSON text of the
						 * metadata object; NULL:
						 * none */
	char		*reminder_intervals;	/* e.g. "[3, 6, 12, 24]";
						 * NULL: the page default */
};

struct incident_template {
	char		*id;
	char		*name;
	char		*title;			/* the incident's name */
	char		*body;
	char		*update_status;		/* NULL: none */
	char		*group_id;		/* NULL: no template group */
	struct string_array component_ids;
	int		 should_tweet;
	int		 should_send_notifications;
};

struct postmortem {
	char		*preview_key;		/* NULL: not sent */
	char		*body;			/* the published text; NULL:
						 * none */
	char		*body_draft;		/* NULL: none */
	struct timestamp body_updated_at;
	struct timestamp body_draft_updated_at;
	struct timestamp published_at;		/* NULL text: not published */
	int		 notify_subscribers;
	int		 notify_twitter;
	char		*custom_tweet;		/* NULL: none */
	struct timestamp created_at;
	struct timestamp updated_at;
};

/* The bare JSON arrays Statuspage answers list requests with. */
struct statuspage_incident_list {
	struct incident	*incidents;		/* nincidents of them */
	size_t		 nincidents;
};

struct statuspage_component_list {
	struct component *components;		/* ncomponents of them */
	size_t		 ncomponents;
};

struct statuspage_component_group_list {
	struct component_group *groups;		/* ngroups of them */
	size_t		 ngroups;
};

struct statuspage_template_list {
	struct incident_template *templates;	/* ntemplates of them */
	size_t		 ntemplates;
};

/* An error body; the spec says {"message"}, real ones also {"error": …}. */
struct statuspage_error {
	char		*message;		/* every message, "; "-joined */
};

/* A new incident or a change to one; NULL / -1 is not sent. Not owned. */
struct incident_change {
	const char	*name;			/* required to create */
	const char	*status;
	const char	*impact_override;
	const char	*body;			/* the update's text */
	const char	**component_ids;	/* ncomponents ids, with the
						 * status of each in */
	const char	**component_statuses;	/* component_statuses[i] */
	size_t		 ncomponents;
	int		 deliver_notifications;	/* 1, 0, or -1: not sent (the
						 * backend's default) */
};

/* A change to a component; NULL fields are not sent. Not owned. */
struct component_change {
	const char	*status;
	const char	*name;
	const char	*description;
};

/* ---- Payments review API (DESIGN.md §3) ------------------------------- */

/* Bits of payment.reasons. */
enum payment_reason {
	PAYMENT_REASON_UNDERPAID		= 1 << 0,
	PAYMENT_REASON_OVERPAID			= 1 << 1,
	PAYMENT_REASON_REFERENCE_MISMATCH	= 1 << 2,
	PAYMENT_REASON_ACCOUNT_MISMATCH		= 1 << 3,
	PAYMENT_REASON_FEE_ROUNDING		= 1 << 4,
	PAYMENT_REASON_LATE			= 1 << 5,
	PAYMENT_REASON_DUPLICATE		= 1 << 6,
};

enum payment_status {
	PAYMENT_STATUS_OTHER = 0,	/* a status this tdesk does not know:
					 * show it, offer no action */
	PAYMENT_STATUS_FLAGGED,
	PAYMENT_STATUS_ACCEPTED,
	PAYMENT_STATUS_RECALCULATED,
	PAYMENT_STATUS_REFUNDED,
	PAYMENT_STATUS_EXPIRED,
};

enum payments_role {
	PAYMENTS_ROLE_OTHER = 0,	/* unknown: treated as the least
					 * privileged */
	PAYMENTS_ROLE_FIRST_LINE,
	PAYMENTS_ROLE_TECHNICIAN,
	PAYMENTS_ROLE_ADMIN,
};

enum payment_action {
	PAYMENT_ACTION_ACCEPT = 1,
	PAYMENT_ACTION_RECALCULATE,
	PAYMENT_ACTION_REFUND,
};

struct payment_customer {
	char		*id;
	char		*name;
	char		*email;			/* NULL: none */
	int64_t		 zendesk_user_id;	/* 0: not linked to a Zendesk
						 * user */
};

struct payment_event {
	struct timestamp at;
	char		*actor;			/* who: an agent, "system",
						 * the provider */
	char		*action;		/* flagged, accepted, note… */
	char		*note;			/* NULL: none */
};

struct payment {
	char		*id;
	char		*order_id;
	int64_t		 version;		/* the expected_version of a
						 * resolution */
	struct payment_customer customer;
	char		*provider;
	char		*currency;		/* ISO 4217 (or BTC…) code
						 * money_exponent() knows */
	int64_t		 expected_minor;	/* the order's amount, in
						 * minor units of currency */
	int64_t		 received_minor;	/* what arrived, gross */
	int		 has_fee;		/* fee_amount was sent */
	int64_t		 fee_minor;		/* the provider's fee; 0
						 * unless has_fee */
	char		*expected_reference;	/* NULL: none */
	char		*received_reference;	/* NULL: none */
	char		*expected_account;	/* NULL: none */
	char		*received_account;	/* NULL: none */
	unsigned	 reasons;		/* PAYMENT_REASON_* bits */
	struct string_array other_reasons;	/* reasons this tdesk does
						 * not know, kept to show */
	enum payment_status status;
	char		*status_text;		/* status as sent */
	struct timestamp received_at;		/* NULL text: not received */
	struct timestamp flagged_at;
	struct timestamp auto_cancel_at;	/* NULL text: never */
	struct timestamp updated_at;
	struct int64_array ticket_ids;		/* linked Zendesk tickets */
	struct payment_event *history;		/* nhistory of them, oldest
						 * first */
	size_t		 nhistory;
};

struct payments_me {
	char		*id;
	char		*name;
	enum payments_role role;
	char		*role_text;		/* role as sent */
};

struct payments_page {
	struct payment	*payments;		/* npayments of them */
	size_t		 npayments;
	char		*next_cursor;		/* NULL: the last page */
};

struct payments_error {
	char		*error;			/* version_conflict,
						 * forbidden,
						 * idempotency_mismatch… */
	char		*message;		/* NULL: none */
	int		 has_payment;		/* payment below is filled
						 * (409 version_conflict) */
	struct payment	 payment;		/* the payment as it is now */
};

/* A resolution request (POST …/resolution); nothing here is owned. */
struct payment_resolution {
	enum payment_action action;
	const char	*note;
	int64_t		 expected_version;
	int		 has_refund_amount;	/* refund only; 0: the
						 * backend refunds all
						 * received */
	int64_t		 refund_minor;
};

/* Release what each record owns and zero it, ready for reuse. NULL is fine. */
void	ticket_clear(struct ticket *);
void	comment_clear(struct comment *);
void	user_clear(struct user *);
void	group_clear(struct group *);
void	organization_clear(struct organization *);
void	macro_clear(struct macro *);
void	job_status_clear(struct job_status *);
void	zendesk_error_clear(struct zendesk_error *);
void	zendesk_page_clear(struct zendesk_page *);
void	zendesk_export_page_clear(struct zendesk_export_page *);
void	zendesk_ticket_page_clear(struct zendesk_ticket_page *);
void	zendesk_comment_page_clear(struct zendesk_comment_page *);
void	zendesk_user_page_clear(struct zendesk_user_page *);
void	zendesk_group_page_clear(struct zendesk_group_page *);
void	zendesk_organization_page_clear(struct zendesk_organization_page *);
void	zendesk_macro_page_clear(struct zendesk_macro_page *);
void	ticket_update_clear(struct ticket_update *);
void	macro_result_clear(struct macro_result *);
void	zendesk_ticket_update_result_clear(
	    struct zendesk_ticket_update_result *);
void	component_clear(struct component *);
void	component_group_clear(struct component_group *);
void	incident_update_clear(struct incident_update *);
void	incident_clear(struct incident *);
void	incident_template_clear(struct incident_template *);
void	postmortem_clear(struct postmortem *);
void	statuspage_error_clear(struct statuspage_error *);
void	statuspage_incident_list_clear(struct statuspage_incident_list *);
void	statuspage_component_list_clear(struct statuspage_component_list *);
void	statuspage_component_group_list_clear(
	    struct statuspage_component_group_list *);
void	statuspage_template_list_clear(struct statuspage_template_list *);
void	payment_clear(struct payment *);
void	payments_me_clear(struct payments_me *);
void	payments_page_clear(struct payments_page *);
void	payments_error_clear(struct payments_error *);

/*
 * For records on the heap: clear, free the struct, set *p to NULL. NULL or
 * *p NULL is fine.
 */
void	ticket_free(struct ticket **);
void	comment_free(struct comment **);
void	user_free(struct user **);
void	group_free(struct group **);
void	organization_free(struct organization **);
void	macro_free(struct macro **);
void	job_status_free(struct job_status **);
void	component_free(struct component **);
void	component_group_free(struct component_group **);
void	incident_free(struct incident **);
void	incident_template_free(struct incident_template **);
void	postmortem_free(struct postmortem **);
void	payment_free(struct payment **);

/*
 * Name <-> value for the payments vocabularies; the name is NULL and the
 * value 0 when unknown.
 */
const char	*payment_reason_name(enum payment_reason);
unsigned	 payment_reason_from_name(const char *);
const char	*payment_status_name(enum payment_status);
enum payment_status payment_status_from_name(const char *);
const char	*payments_role_name(enum payments_role);
enum payments_role payments_role_from_name(const char *);
const char	*payment_action_name(enum payment_action);

#endif
