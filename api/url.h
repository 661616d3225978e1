/*
 * Which backend URLs tdesk will use: https to any host, plain http only to
 * a loopback one. The configuration's check and the HTTP client both ask
 * here, and the client's rule that a loopback host is never reached through
 * a proxy uses the same test.
 */
#ifndef TDESK_URL_H
#define TDESK_URL_H

/*
 * Is host, as a URL writes it, this machine? "localhost" (any case; not
 * "localhost.", which a resolver may send elsewhere), an IPv4 address in
 * 127.0.0.0/8 in dotted decimal, or a bracketed IPv6 address equal to ::1
 * or to an IPv4-mapped ::ffff:127.0.0.0/104 however it is spelt. The
 * addresses are read with inet_pton(), never compared as strings. Returns
 * 1 or 0.
 */
int	 url_host_loopback(const char *host);

/*
 * May a backend be reached with scheme (case-insensitive) at host? https:
 * yes; http: only when url_host_loopback(host). Returns 0, or -1 with *why
 * set (a new string naming the host or the scheme).
 */
int	 url_scheme_allowed(const char *scheme, const char *host, char **why);

#endif
