#!/usr/bin/env python3
"""The two AWS metadata services a process can take credentials from, for tests.

Test fixture only, never used by Berth. One loopback port serves:

* the container credentials endpoint (ECS task roles, EKS Pod Identity) at --container-path:
  GET only; when a token is configured the Authorization header must equal it (the file is
  re-read on every request, so a test can rotate it), else 401 with the agents' JSON error.
* EC2 instance metadata (IMDS) as the real service behaves:
  PUT /latest/api/token needs X-aws-ec2-metadata-token-ttl-seconds in 1..21600 (else 400) and
  no X-Forwarded-For (else 403); it returns a session token valid for that TTL.
  GET /latest/meta-data/iam/security-credentials/ lists the role (404 without one), and
  GET .../security-credentials/<role> returns {Code: "Success", AccessKeyId, ...}.
  A GET with a token that is unknown or expired gets 401; without a token it gets 401 too,
  unless the server runs with --imds-v1 STATUS, which makes the PUT answer STATUS (403, 404 or
  405: IMDSv1 only, as the SDKs expect) and lets token-less GETs through.

  aws_metadata_server.py --port P --log FILE --creds AKID:SECRET:SESSIONTOKEN
      [--role NAME] [--container-path /creds] [--container-token T | --container-token-file F]
      [--imds-v1 404] [--expires-in 3600]

One line per request in --log (never a secret): "<svc> <METHOD> <path> <status> <detail>".
"""
import argparse
import datetime
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fake_serve import serve

TOKEN_PATH = "/latest/api/token"
CREDS_PREFIX = "/latest/meta-data/iam/security-credentials/"


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeAwsMetadata/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # the default logs to stderr with the client address
        pass

    def log(self, svc, status, detail=""):
        with self.server.log_lock, open(self.server.opts.log, "a") as f:
            f.write(f"{svc} {self.command} {self.path} {status} {detail}".rstrip() + "\n")

    def reply(self, status, data, ctype="text/plain", headers=None):
        if isinstance(data, str):
            data = data.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def drain(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 16))

    def credentials(self):
        o = self.server.opts
        ak, sk, tok = o.creds.split(":", 2)
        now = time.time()
        return {"AccessKeyId": ak, "SecretAccessKey": sk, "Token": tok,
                "Expiration": iso(now + o.expires_in), "LastUpdated": iso(now)}

    def do_PUT(self):
        self.drain()
        if self.path != TOKEN_PATH:
            return self.imds_reply(405 if self.path.startswith("/latest/") else 404, "", "not-allowed")
        o = self.server.opts
        if o.imds_v1:
            return self.imds_reply(o.imds_v1, "", "v1-only")
        if self.headers.get("X-Forwarded-For") is not None:
            return self.imds_reply(403, "Forbidden", "x-forwarded-for")
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.imds_reply(400, "Missing or Invalid Parameters", f"bad-ttl={ttl or 'none'}")
        token = secrets.token_urlsafe(40)
        with self.server.token_lock:
            self.server.tokens[token] = time.time() + int(ttl)
        self.imds_reply(200, token, f"ttl={ttl}", {"X-aws-ec2-metadata-token-ttl-seconds": ttl})

    def do_GET(self):
        o = self.server.opts
        if self.path == o.container_path:
            return self.container()
        if not self.path.startswith("/latest/"):
            return self.imds_reply(404, "Not Found", "unknown-path")
        token = self.headers.get("X-aws-ec2-metadata-token")
        if token is not None:
            with self.server.token_lock:
                valid = self.server.tokens.get(token, 0) > time.time()
            if not valid:
                return self.imds_reply(401, "Unauthorized", "token=bad")
            detail = "token=ok"
        elif not o.imds_v1:
            return self.imds_reply(401, "Unauthorized", "token=none")
        else:
            detail = "token=none"
        if self.path == CREDS_PREFIX:
            if not o.role:
                return self.imds_reply(404, "Not Found", detail + " no-role")
            return self.imds_reply(200, o.role, detail)
        if self.path == CREDS_PREFIX + o.role and o.role:
            body = dict(Code="Success", Type="AWS-HMAC", **self.credentials())
            return self.imds_reply(200, json.dumps(body, indent=2), detail, ctype="text/plain")
        self.imds_reply(404, "Not Found", detail)

    def do_POST(self):
        self.drain()
        self.imds_reply(405, "", "not-allowed")

    def imds_reply(self, status, body, detail, headers=None, ctype="text/plain"):
        self.log("imds", status, detail)
        self.reply(status, body, ctype, headers)

    def container(self):
        expected = self.server.container_token()
        if expected is not None:
            got = self.headers.get("Authorization")
            if got != expected:
                what = "missing" if got is None else "bad"
                self.log("container", 401, f"auth={what}")
                return self.reply(401, json.dumps({"code": "AccessDeniedException",
                                                   "message": f"Authorization header {what}"}),
                                  "application/json")
            detail = "auth=ok"
        else:
            detail = "auth=none"
        body = dict(RoleArn="arn:aws:iam::123456789012:role/berth-task", **self.credentials())
        del body["LastUpdated"]
        self.log("container", 200, detail)
        self.reply(200, json.dumps(body), "application/json")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--creds", required=True, help="AKID:SECRET:SESSIONTOKEN handed out")
    p.add_argument("--role", default="berth-role", help="IMDS role; empty: none attached")
    p.add_argument("--container-path", default="/creds")
    p.add_argument("--container-token", default=None)
    p.add_argument("--container-token-file", default=None)
    p.add_argument("--imds-v1", type=int, choices=[403, 404, 405], default=0)
    p.add_argument("--expires-in", type=int, default=3600)
    opts = p.parse_args()
    if opts.creds.count(":") < 2:
        p.error("--creds must be AKID:SECRET:SESSIONTOKEN")
    server = ThreadingHTTPServer(("127.0.0.1", opts.port), Handler)
    server.opts = opts
    server.tokens = {}
    server.token_lock = threading.Lock()
    server.log_lock = threading.Lock()

    def container_token():
        if opts.container_token_file:
            with open(opts.container_token_file) as f:
                return f.read().strip()
        return opts.container_token
    server.container_token = container_token
    open(opts.log, "a").close()
    serve(server, f"fake AWS metadata listening on 127.0.0.1:{opts.port}")


if __name__ == "__main__":
    sys.exit(main())
