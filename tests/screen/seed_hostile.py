#!/usr/bin/env python3
"""Put the hostile strings of tests/unit/hostile.h into a running test
backend, where tdesk will sync them: ticket subjects, requester names,
organization names, tags and comment bodies.

    python3 tests/screen/seed_hostile.py --port N [--file hostile.json]
        [--manifest OUT.json] [--no-huge]

--file is hostile_dump's output ($BUILD/tools/hostile_dump > hostile.json);
without it the tool is run from $BUILD/tools (BUILD defaults to ./build).

For each string (the 1 MB one aside): an organization named by it (with
it in details, notes and tags), an end-user named by it in that
organization (and in tags), and a ticket whose subject is it, requested
by that user, tagged "hostile" and with it as a tag, whose first comment
(public, by the requester) and second comment (internal, by an agent) are
it. The 1 MB line becomes one more ticket, tagged "hostile_huge": its
subject is the whole line (the backend keeps any length) and its comment
is the line too, which the backend cuts at 64 KiB as Zendesk does. Then
every ticket, user and organization is read back and compared; at least
40 distinct strings must be in subjects, names and comments alike.

--manifest writes what was made: per string its index and name in
hostile.h, the text as sent (UTF-8 in base64), ticket, user and
organization ids, and shows/hides from hostile.h (base64), plus the 1 MB
ticket's id. Prints one summary line. Exit status 0 when everything
reads back as sent, 1 otherwise, 2 on usage errors or no backend.

How the bytes reach tdesk. Zendesk answers in JSON, which is UTF-8 text:
a string in it cannot hold invalid UTF-8, and tdesk's decoder rejects the
whole body when it meets invalid UTF-8 -- one such ticket would fail its
whole page, which is a sync failure for the fault tests, not something to
draw. (An escaped lone surrogate, \\ud800, or \\u0000 it reads as U+FFFD;
tests/unit/test_sync.c sends those.) So, as a server that took the bytes
in by mail or form and stored them as text:
  - invalid and overlong UTF-8, encoded surrogates and code points past
    U+10FFFF become U+FFFD, one per maximal ill-formed subpart (Python's
    errors="replace", the Unicode-recommended practice, and the count the
    sanitiser's unit tests expect);
  - NUL is dropped (a text column holds no NUL);
  - everything else travels as is: C0 controls (ESC, BEL, CAN, BS, CR...)
    as JSON escapes (\\u001b), which jansson turns back into the raw bytes;
    C1 controls U+0080-U+009F, bidi controls, zero-width and tag
    characters, combining marks and emoji as UTF-8.
Tags carry the strings as they are, spaces included; real Zendesk would
split and lower-case them, the backend does not.

tests/screen/hostile.forbid lists byte strings that must then never
reach the terminal; test_hostile.sh proves each of them turns up when
these texts are drawn without the sanitiser, and none when the sanitiser's
expected output is drawn. Standard library only.
"""

import argparse
import base64
import http.client
import json
import os
import subprocess
import sys

MIN_DISTINCT = 40


def text_of(raw):
    """The text a Zendesk answer can carry for these bytes (see above)."""
    return raw.decode("utf-8", "replace").replace("\x00", "")


class Backend:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        resp = self.conn.getresponse()
        raw = resp.read()
        try:
            obj = json.loads(raw.decode("utf-8"))
        except ValueError:
            obj = raw[:300]
        if resp.status >= 400:
            raise RuntimeError("%s %s: HTTP %d %s" % (method, path, resp.status, str(obj)[:300]))
        return obj


def load(path):
    if path is None:
        tool = os.path.join(os.environ.get("BUILD", "build"), "tools", "hostile_dump")
        try:
            out = subprocess.run([tool], check=True, stdout=subprocess.PIPE).stdout
        except (OSError, subprocess.CalledProcessError) as e:
            raise ValueError("cannot run %s (make units builds it): %s" % (tool, e))
        entries = json.loads(out.decode("utf-8"))
    else:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
    for e in entries:
        e["raw"] = base64.b64decode(e["b64"])
        if len(e["raw"]) != e["len"]:
            raise ValueError("entry %d: %d bytes, want %d" % (e["index"], len(e["raw"]), e["len"]))
    return entries


def seed(b, entries, huge):
    """Create everything; returns the manifest."""
    made = []
    org_names = set(o["name"] for o in b.call("GET", "/_control/state?what=organizations")["organizations"])
    for e in entries:
        if e["repeat"]:
            continue
        text = text_of(e["raw"])
        # Organization names are unique in Zendesk; two strings can read the
        # same once invalid bytes are U+FFFD.
        org_name = text
        while org_name in org_names:
            org_name = "%s (%d)" % (text, e["index"])
        org_names.add(org_name)
        org = b.call("POST", "/_control/zendesk/organizations", {
            "name": org_name, "details": text, "notes": text, "tags": ["hostile", text]})["organization"]
        user = b.call("POST", "/_control/zendesk/users", {
            "name": text, "email": "hostile-%02d@hostile.test" % e["index"], "organization_id": org["id"],
            "tags": ["hostile", text], "details": text, "notes": text})["user"]
        t = b.call("POST", "/_control/zendesk/tickets", {
            "subject": text, "requester_id": user["id"], "tags": ["hostile", text],
            "priority": "normal", "comment": {"body": text, "public": True}})["ticket"]
        b.call("POST", "/_control/zendesk/tickets/%d" % t["id"],
               {"comment": {"body": text, "public": False}})
        made.append({"index": e["index"], "name": e["name"],
                     "text_b64": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                     "ticket_id": t["id"], "user_id": user["id"], "organization_id": org["id"],
                     "organization_name_b64": base64.b64encode(org_name.encode("utf-8")).decode("ascii"),
                     "shows_b64": e.get("shows_b64"), "hides_b64": e.get("hides_b64")})
    manifest = {"entries": made, "huge_ticket_id": None}
    big = [e for e in entries if e["repeat"]]
    if huge and big:
        e = big[0]
        text = text_of(e["raw"])
        user = b.call("POST", "/_control/zendesk/users", {
            "name": "Huge Line Sender", "email": "hostile-huge@hostile.test", "tags": ["hostile"]})["user"]
        t = b.call("POST", "/_control/zendesk/tickets", {
            "subject": text, "requester_id": user["id"], "tags": ["hostile", "hostile_huge"],
            "comment": {"body": text, "public": True}})["ticket"]
        manifest.update({"huge_ticket_id": t["id"], "huge_index": e["index"], "huge_bytes": len(text.encode())})
    return manifest


def verify(b, manifest):
    """Read everything back; returns (problems, distinct strings in subjects,
    names and comments alike)."""
    problems = []
    users = {u["id"]: u for u in b.call("GET", "/_control/state?what=users")["users"]}
    orgs = {o["id"]: o for o in b.call("GET", "/_control/state?what=organizations")["organizations"]}
    everywhere = set()
    for m in manifest["entries"]:
        text = base64.b64decode(m["text_b64"]).decode("utf-8")
        st = b.call("GET", "/_control/state?what=tickets&id=%d" % m["ticket_id"])
        where = "ticket %d (%s)" % (m["ticket_id"], m["name"])
        ok = True
        if st["ticket"]["subject"] != text:
            problems.append("%s: the subject reads back differently" % where)
            ok = False
        bodies = [c["body"] for c in st["comments"]]
        if bodies != [text, text]:
            problems.append("%s: the comments read back differently" % where)
            ok = False
        if text not in st["ticket"]["tags"]:
            problems.append("%s: the tag is missing" % where)
        if users.get(m["user_id"], {}).get("name") != text:
            problems.append("%s: user %d's name reads back differently" % (where, m["user_id"]))
            ok = False
        org_name = base64.b64decode(m["organization_name_b64"]).decode("utf-8")
        if orgs.get(m["organization_id"], {}).get("name") != org_name:
            problems.append("%s: organization %d's name reads back differently" % (where, m["organization_id"]))
        if ok:
            everywhere.add(text)
    if manifest["huge_ticket_id"] is not None:
        st = b.call("GET", "/_control/state?what=tickets&id=%d" % manifest["huge_ticket_id"])
        subject = st["ticket"]["subject"]
        if len(subject.encode("utf-8")) != manifest["huge_bytes"]:
            problems.append("the 1 MB subject reads back as %d bytes" % len(subject.encode("utf-8")))
        body = st["comments"][0]["body"]
        if not (0 < len(body.encode("utf-8")) <= 64 * 1024 and subject.startswith(body)):
            problems.append("the 1 MB comment is not the line cut at 64 KiB")
    return problems, everywhere


def main(argv=None):
    ap = argparse.ArgumentParser(prog="seed_hostile.py", description="seed hostile strings into the test backend")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--file", help="hostile_dump output (default: run $BUILD/tools/hostile_dump)")
    ap.add_argument("--manifest", help="write what was made here (JSON)")
    ap.add_argument("--no-huge", action="store_true", help="leave out the 1 MB ticket")
    args = ap.parse_args(argv)
    try:
        entries = load(args.file)
    except (OSError, ValueError, KeyError) as e:
        print("seed_hostile.py: cannot load %s: %s" % (args.file or "hostile_dump's output", e),
              file=sys.stderr)
        return 2
    b = Backend(args.port)
    try:
        manifest = seed(b, entries, not args.no_huge)
        problems, everywhere = verify(b, manifest)
    except (OSError, http.client.HTTPException) as e:
        print("seed_hostile.py: the backend on port %d: %s" % (args.port, e), file=sys.stderr)
        return 2
    except RuntimeError as e:
        print("seed_hostile.py: %s" % e, file=sys.stderr)
        return 1
    manifest["distinct"] = len(everywhere)
    if args.manifest:
        tmp = args.manifest + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1)
        os.replace(tmp, args.manifest)
    if len(everywhere) < MIN_DISTINCT:
        problems.append("only %d distinct strings are in subjects, names and comments alike, want %d"
                        % (len(everywhere), MIN_DISTINCT))
    for p in problems:
        print("seed_hostile.py: %s" % p, file=sys.stderr)
    ids = [m["ticket_id"] for m in manifest["entries"]] or [0]
    print("seeded %d hostile tickets (#%d-#%d), users and organizations%s; %d distinct strings "
          "in subjects, names and comments" % (
              len(manifest["entries"]), min(ids), max(ids),
              "; the 1 MB line in ticket #%d" % manifest["huge_ticket_id"] if manifest["huge_ticket_id"] else "",
              len(everywhere)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
