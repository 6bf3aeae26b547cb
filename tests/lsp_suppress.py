#!/usr/bin/env python3
"""The "ignore in the resource's Metadata" quick fix of the language server,
round trip, as a client and a user go through it, judged by the command:

For each template of tests/lsp/files/cfn (and copies of them written with
CRLF line ends, with tabs, without a final newline), the server is asked for
the code actions of every diagnostic; every inline ignore action offered is
applied to the text, then its command (tdlint.selectReason) executed, which
must come back as a window/showDocument request selecting the empty reason.
`tdlint --format json` must then report, for the text as edited: the finding
still there and a TD000 "needs a reason" error at the new entry; and with a
reason written at the selection: the finding suppressed with that reason
(inSource), every other finding as before, nothing new. The number of actions
offered per file is exact (none for YAML flow style or an anchor).

usage: tests/lsp_suppress.py TDLINT SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

tdlint, src = os.path.abspath(sys.argv[1]), sys.argv[2]
fail = []

# file -> the number of inline actions the server must offer for its findings
EXPECTED = {
    "stack.json": 2,
    "stack.yaml": 2,
    "meta.json": 2,
    "meta.yaml": 2,
    "flow.yaml": 0,
    "crlf-tabs.json": 2,
    "crlf.yaml": 2,
    "no-final-newline.yaml": 1,
    "empty.json": 2,
}


class Server:
    def __init__(self, root):
        self.p = subprocess.Popen([tdlint, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  cwd=root, env=dict(os.environ, TDLINT_TODAY="2025-06-01"))
        self.next = 0

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        n = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                n = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(n))

    def request(self, method, params):
        """The response; the messages before it in self.before."""
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": self.next, "method": method, "params": params})
        self.before = []
        while True:
            m = self.read()
            if m.get("id") == self.next and "method" not in m:
                return m
            self.before.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.stdin.close()
        return self.p.wait(timeout=30)


def offset(text, pos):
    """The index in text (a str) of an LSP position in code points (utf-32)."""
    lines = text.splitlines(keepends=True)
    return sum(len(l) for l in lines[:pos["line"]]) + pos["character"]


def lint(path):
    out = subprocess.run([tdlint, "--no-config", "--format", "json", path], capture_output=True,
                         env=dict(os.environ, TDLINT_TODAY="2025-06-01"))
    return json.loads(out.stdout)["files"][0]


def key(f):
    return (f["rule"], f["fingerprint"], f["suppressed"])


def check(root, name):
    path = os.path.join(root, name)
    with open(path, newline="") as fh:
        text = fh.read()
    before = lint(path)["findings"]
    s = Server(root)
    s.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-32"]},
                                              "window": {"showDocument": {"support": True}}}})
    s.notify("initialized", {})
    uri = "file://" + path
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                       "version": 1, "text": text}})
    # the request flushes the document: its diagnostics come before the reply
    r = s.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                  "range": {"start": {"line": 0, "character": 0},
                            "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}})
    diags = [m["params"]["diagnostics"] for m in s.before
             if m.get("method") == "textDocument/publishDiagnostics"][-1]
    offered = 0
    for d in diags:
        r = s.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                      "range": d["range"], "context": {"diagnostics": [d]}})
        for a in r["result"]:
            if not a["title"].startswith("ignore "):
                continue
            offered += 1
            what = "%s: %s at line %d" % (name, d["code"], d["range"]["start"]["line"] + 1)
            (edit,) = a["edit"]["changes"][uri]
            at = offset(text, edit["range"]["start"])
            edited = text[:at] + edit["newText"] + text[offset(text, edit["range"]["end"]):]
            cmd = a["command"]
            if cmd["command"] != "tdlint.selectReason" or cmd["arguments"][0] != uri:
                fail.append("%s: the command is %s" % (what, cmd))
                continue
            r = s.request("workspace/executeCommand", cmd)
            shows = [m for m in s.before if m.get("method") == "window/showDocument"]
            sel = cmd["arguments"][1]
            if (r.get("result", 1) is not None or len(shows) != 1 or
                    shows[0]["params"] != {"uri": uri, "takeFocus": True, "selection": sel}):
                fail.append("%s: executeCommand: %s, before it %s" % (what, r, s.before))
                continue
            s.send({"jsonrpc": "2.0", "id": shows[0]["id"], "result": {"success": True}})
            q = offset(edited, sel["start"])
            if sel["start"] != sel["end"] or edited[q - 1:q + 1] != '""':
                fail.append("%s: the selection %s is not the empty reason" % (what, sel))
                continue
            # the edit as made: the finding still there, the entry reported
            with open(path, "w", newline="") as fh:
                fh.write(edited)
            got = lint(path)["findings"]
            needs = [f for f in got if f["rule"] == "TD000" and "needs a reason" in f["message"]]
            if len(needs) != 1 or sorted(map(key, before)) != sorted(
                    key(f) for f in got if f not in needs):
                fail.append("%s: without a reason: %s" % (what, [(f["rule"], f["message"])
                                                                 for f in got]))
            # a reason written: exactly that finding suppressed
            reason = "cache on the root filesystem (OPS-7)"
            with open(path, "w", newline="") as fh:
                fh.write(edited[:q] + reason + edited[q:])
            got = lint(path)["findings"]
            target = [f for f in before if f["message"] == d["message"] and not f["suppressed"]]
            want = sorted(key(f) if f is not target[0] else (f["rule"], f["fingerprint"], True)
                          for f in before)
            sup = [f for f in got if f["fingerprint"] == target[0]["fingerprint"]]
            if (len(target) != 1 or sorted(map(key, got)) != want or len(sup) != 1 or
                    sup[0]["suppression"] != {"kind": "inSource", "justification": reason}):
                fail.append("%s: with a reason: %s" % (what, [(f["rule"], f["message"],
                                                               f["suppressed"]) for f in got]))
            with open(path, "w", newline="") as fh:
                fh.write(text)
    status = s.close()
    if status != 0:
        fail.append("%s: the server exited with status %d" % (name, status))
    if offered != EXPECTED[name]:
        fail.append("%s: %d inline ignore actions offered, not %d" % (name, offered,
                                                                      EXPECTED[name]))
    return offered


root = tempfile.mkdtemp()
try:
    cfn = os.path.join(src, "tests", "lsp", "files", "cfn")
    for n in os.listdir(cfn):
        shutil.copy(os.path.join(cfn, n), root)

    def variant(new, old, change):
        with open(os.path.join(cfn, old), newline="") as fh:
            t = fh.read()
        with open(os.path.join(root, new), "w", newline="") as fh:
            fh.write(change(t))

    variant("crlf-tabs.json", "meta.json", lambda t: t.replace("    ", "\t").replace("\n", "\r\n"))
    variant("crlf.yaml", "stack.yaml", lambda t: t.replace("\n", "\r\n"))
    with open(os.path.join(root, "no-final-newline.yaml"), "w") as fh:
        fh.write("Resources:\n  Web:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
                 "      ContainerDefinitions:\n      - {Name: web, Image: x}\n    Metadata:\n"
                 "      tdlint:\n        ignore: # ours\n\n        - rule: TD002\n"
                 "          reason: x")
    total = sum(check(root, n) for n in sorted(EXPECTED))
finally:
    shutil.rmtree(root)
for f in fail:
    print(f)
if not fail:
    print("ok: %d inline ignore actions applied, a reason written, the finding suppressed" % total)
sys.exit(1 if fail else 0)
