/*
 * Allocation that never returns NULL, and fatal() for the unrecoverable.
 * Both run the fatal hook first, so the console can give the terminal back
 * before the process dies.
 */
#ifndef TDESK_XMALLOC_H
#define TDESK_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

#define TD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TD_NORETURN __attribute__((noreturn))
#define TD_WUR __attribute__((warn_unused_result))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Frees the n strings of v (NULL ones too), then v; v may be NULL. */
void	 xfree_strings(char **v, size_t n);
char	*xasprintf(const char *, ...) TD_PRINTF(1, 2);
char	*xvasprintf(const char *, va_list) TD_PRINTF(1, 0);

/* Set *cause to a new formatted message (freeing nothing); NULL cause is ignored. */
void	 xcause(char **cause, const char *, ...) TD_PRINTF(2, 3);

/* Print "tdesk: message" to stderr after running the hook, and exit(70). */
void	 fatal(const char *, ...) TD_PRINTF(1, 2) TD_NORETURN;

/* Called once before fatal() or an allocation failure ends the process. */
void	 xmalloc_set_fatal_hook(void (*)(void));

#endif
