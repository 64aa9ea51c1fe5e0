#!/usr/bin/env python3
"""A read-only registry that behaves like one backed by blob storage (test fixture only).

  redirect_registry.py --port P --storage-port P2 --layout OCI_DIR --user name:password
                       [--fail-first N] [--retry-after SECONDS]

Serves the images of an OCI layout (tags from index.json) with Basic auth. Blob GETs answer
307 to a "storage" listener on another port (another origin), like S3 behind a registry; the
storage refuses (400) any request that carries an Authorization header, as S3 does with a
pre-signed URL. The first N manifest GETs answer 503 (then 429) with Retry-After, to exercise
retries. One log line per request: "<listener> <method> <path> <status> auth=<yes|no>".
"""
import argparse
import base64
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fake_serve import serve


class Registry(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def done(self, status, body=b"", headers=None, ctype="application/json"):
        print(f"registry {self.command} {self.path} {status} auth={'yes' if self.headers.get('Authorization') else 'no'}",
              flush=True)
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def authorized(self):
        want = "Basic " + base64.b64encode(self.server.opts.user.encode()).decode()
        return self.headers.get("Authorization") == want

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        opts, st = self.server.opts, self.server.state
        if not self.authorized():
            return self.done(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                             {"WWW-Authenticate": 'Basic realm="redirect-registry"'})
        parts = self.path.split("?")[0].split("/")
        if self.path == "/v2/":
            return self.done(200, b"{}")
        if len(parts) >= 5 and parts[-2] == "manifests":
            with st["lock"]:
                st["manifest_gets"] += 1
                failing = st["manifest_gets"] <= opts.fail_first
                status = 503 if st["manifest_gets"] % 2 else 429
            if failing:
                return self.done(status, b'{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}',
                                 {"Retry-After": str(opts.retry_after)})
            digest = self.server.tags.get(parts[-1], parts[-1])
            path = os.path.join(opts.layout, "blobs", *digest.split(":", 1))
            if not os.path.isfile(path):
                return self.done(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN","message":"unknown"}]}')
            data = open(path, "rb").read()
            mt = json.loads(data).get("mediaType", "application/vnd.oci.image.manifest.v1+json")
            return self.done(200, data, {"Docker-Content-Digest": digest}, mt)
        if len(parts) >= 5 and parts[-2] == "blobs":
            loc = f"http://127.0.0.1:{opts.storage_port}/storage/{parts[-1]}?X-Amz-Signature=fake"
            return self.done(307, b"", {"Location": loc})
        if parts[-2:] == ["tags", "list"]:
            body = json.dumps({"name": "/".join(parts[2:-2]), "tags": sorted(self.server.tags)}).encode()
            return self.done(200, body)
        return self.done(404, b'{"errors":[{"code":"NAME_UNKNOWN","message":"unknown"}]}')


class Storage(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        auth = self.headers.get("Authorization")
        digest = self.path.split("?")[0].rsplit("/", 1)[-1]
        path = os.path.join(self.server.opts.layout, "blobs", *digest.split(":", 1))
        if auth:
            status, body = 400, b"<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>"
        elif not os.path.isfile(path):
            status, body = 404, b"<Error><Code>NoSuchKey</Code></Error>"
        else:
            status, body = 200, open(path, "rb").read()
        print(f"storage GET {self.path.split('?')[0]} {status} auth={'yes' if auth else 'no'}", flush=True)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--storage-port", type=int, required=True)
    p.add_argument("--layout", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--retry-after", type=int, default=1)
    opts = p.parse_args()
    index = json.load(open(os.path.join(opts.layout, "index.json")))
    tags = {m["annotations"]["org.opencontainers.image.ref.name"]: m["digest"]
            for m in index["manifests"] if "org.opencontainers.image.ref.name" in m.get("annotations", {})}
    reg = ThreadingHTTPServer(("127.0.0.1", opts.port), Registry)
    sto = ThreadingHTTPServer(("127.0.0.1", opts.storage_port), Storage)
    for s in (reg, sto):
        s.opts = opts
    reg.tags = tags
    reg.state = {"lock": threading.Lock(), "manifest_gets": 0}
    threading.Thread(target=sto.serve_forever, daemon=True).start()
    serve(reg, f"redirect registry on 127.0.0.1:{opts.port}, storage on 127.0.0.1:{opts.storage_port}")


if __name__ == "__main__":
    sys.exit(main())
