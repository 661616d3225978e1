#!/usr/bin/env python3
"""Wait until the test backend's request log holds a request: a method, a
path (regex) and a predicate on its JSON body. For the screen tests, which
press a key and then need to know the console sent the write.

    python3 tests/screen/reqwait.py --port P --mark
    python3 tests/screen/reqwait.py --port P [--since SEQ] [--timeout S] [--out FILE]
        METHOD PATH_REGEX [EXPR]

--mark prints the sequence number of the newest request in the log (0 if
none), so a later wait can ignore what came before. A wait looks at the
requests after --since (default 0) every 0.1 s: METHOD matches exactly
(or * for any), PATH_REGEX is searched (re.search) in the path as sent
(/zendesk/api/v2/tickets/101.json), and EXPR, a Python expression, is
true. EXPR sees body (the JSON body, parsed; the text when it is not
JSON; None without one), query, headers (lower-case names, secrets
masked), status (the code sent, or "dropped"/"lost") and r (the whole
log entry); a KeyError, IndexError or TypeError in it counts as false,
so body["ticket"]["status"] == "solved" needs no guards.

Exit status: 0 found (the entry as JSON in --out), 1 not within --timeout
(the requests seen are printed as "# " lines, TAP diagnostics), 2 usage,
an EXPR that does not compile, or no backend. Standard library only.
"""

import argparse
import http.client
import json
import re
import sys
import time


def fetch(port, since):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/_control/requests?since=%d" % since)
        resp = conn.getresponse()
        raw = resp.read()
    finally:
        conn.close()
    if resp.status != 200:
        raise OSError("GET /_control/requests: HTTP %d" % resp.status)
    return json.loads(raw.decode("utf-8"))["requests"]


def matches(entry, method, path_re, code):
    if method != "*" and entry["method"] != method.upper():
        return False
    if not path_re.search(entry["path"] or ""):
        return False
    if code is None:
        return True
    env = {"body": entry.get("body"), "query": entry.get("query"), "headers": entry.get("headers"),
           "status": entry.get("status"), "r": entry}
    try:
        return bool(eval(code, {"__builtins__": {"len": len, "any": any, "all": all, "str": str,
                                                 "int": int, "isinstance": isinstance, "dict": dict,
                                                 "list": list, "sorted": sorted, "set": set}}, env))
    except (KeyError, IndexError, TypeError):
        return False


def main(argv=None):
    ap = argparse.ArgumentParser(prog="reqwait.py", description="wait for a request in the backend's log")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mark", action="store_true", help="print the newest request's sequence number")
    ap.add_argument("--since", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--out", help="write the matching entry here")
    ap.add_argument("method", nargs="?")
    ap.add_argument("path", nargs="?")
    ap.add_argument("expr", nargs="?")
    args = ap.parse_args(argv)
    if not args.mark and (not args.method or args.path is None):
        ap.error("give METHOD and PATH_REGEX (or --mark)")
    try:
        if args.mark:
            log = fetch(args.port, 0)
            print(log[-1]["seq"] if log else 0)
            return 0
        try:
            path_re = re.compile(args.path)
            code = compile(args.expr, "<expr>", "eval") if args.expr else None
        except (re.error, SyntaxError) as e:
            print("reqwait.py: %s" % e, file=sys.stderr)
            return 2
        deadline = time.monotonic() + args.timeout
        seen = []
        while True:
            seen = fetch(args.port, args.since)
            for entry in seen:
                if matches(entry, args.method, path_re, code):
                    if args.out:
                        with open(args.out, "w", encoding="utf-8") as f:
                            json.dump(entry, f, ensure_ascii=False, indent=1)
                    return 0
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
    except (OSError, ValueError, KeyError, http.client.HTTPException) as e:
        print("reqwait.py: the backend on port %d: %s" % (args.port, e), file=sys.stderr)
        return 2
    print("# no %s %s%s in %g s; %d request%s since #%d:" % (
        args.method.upper(), args.path, " with " + args.expr if args.expr else "", args.timeout,
        len(seen), "" if len(seen) == 1 else "s", args.since))
    for e in seen[-30:]:
        print("#   #%s %s %s -> %s %s" % (e["seq"], e["method"], e["path"], e["status"],
                                       json.dumps(e.get("body"), ensure_ascii=True)[:200]))
    return 1


if __name__ == "__main__":
    sys.exit(main())
