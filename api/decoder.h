/*
 * The shape every body decoder of zendesk_decode.h, statuspage_decode.h
 * and payments_decode.h has, declared once: the whole body (len bytes)
 * in, the record *out, a message in *cause on failure.
 */
#ifndef TDESK_DECODER_H
#define TDESK_DECODER_H

#include <stddef.h>

#include "api/xmalloc.h"

/* int name(body, len, type *out, cause), its result to be checked. */
#define DECODE_DECLARE(name, type)					\
	int name(const char *body, size_t len, type *out, char **cause) TD_WUR

/* The same with one argument of the caller's (decl) before out. */
#define DECODE_DECLARE_ARG(name, decl, type)				\
	int name(const char *body, size_t len, decl, type *out,		\
	    char **cause) TD_WUR

#endif
