#!/usr/bin/env python3
"""A tiny client for the test backend, for shell tests:

    python3 tests/backend/ctl.py --port P METHOD PATH [JSON-BODY | -]
    python3 tests/backend/ctl.py --port-file F -H 'Authorization: Bearer pay-admin' GET /payments/v1/me

Prints the JSON response (indented, UTF-8) on stdout, or the raw body when
it is not JSON. Exit status: 0 for HTTP < 400, 1 for HTTP >= 400, 2 when the
request could not be made (bad arguments, connection refused or dropped).
A body of "-" is read from stdin. Standard library only.
"""

import argparse
import http.client
import json
import sys


def main(argv=None):
    ap = argparse.ArgumentParser(description="call the tdesk test backend")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int)
    where.add_argument("--port-file")
    ap.add_argument("-H", "--header", action="append", default=[],
                    help="an extra request header, 'Name: value' (repeatable)")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("method")
    ap.add_argument("path")
    ap.add_argument("body", nargs="?")
    args = ap.parse_args(argv)

    port = args.port
    if port is None:
        try:
            with open(args.port_file) as f:
                port = int(f.read().strip())
        except (OSError, ValueError) as e:
            print("ctl.py: cannot read the port from %s: %s" % (args.port_file, e), file=sys.stderr)
            return 2
    body = args.body
    if body == "-":
        body = sys.stdin.read()
    data = None
    headers = {"Accept": "application/json"}
    if body is not None:
        try:
            json.loads(body)
        except ValueError as e:
            print("ctl.py: the body is not JSON: %s" % e, file=sys.stderr)
            return 2
        data = body.encode("utf-8")
        headers["Content-Type"] = "application/json"
    for h in args.header:
        name, sep, value = h.partition(":")
        if not sep:
            print("ctl.py: a header is 'Name: value', got %r" % h, file=sys.stderr)
            return 2
        headers[name.strip()] = value.strip()
    path = args.path if args.path.startswith("/") else "/" + args.path
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout)
        conn.request(args.method.upper(), path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
    except (OSError, http.client.HTTPException) as e:
        print("ctl.py: %s %s: %s" % (args.method.upper(), path, e or type(e).__name__), file=sys.stderr)
        return 2
    text = raw.decode("utf-8", "replace")
    try:
        out = json.dumps(json.loads(text), indent=2, ensure_ascii=False) if text.strip() else ""
    except ValueError:
        out = text
    if out:
        # A lone surrogate (from "\\ud800") is printed as that escape.
        sys.stdout.buffer.write((out + "\n").encode("utf-8", "backslashreplace"))
        sys.stdout.flush()
    if resp.status >= 400:
        print("ctl.py: HTTP %d %s" % (resp.status, resp.reason), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
