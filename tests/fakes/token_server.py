#!/usr/bin/env python3
"""A Docker token issuer for docker-registry's `auth: token` (test fixture, never used by Berth).

  token_server.py --port P --key key.pem --cert cert.pem --issuer I --service S
                  [--user name:password ...] [--anonymous-pull] [--expires 300]

Tokens are RS256 JWTs whose header carries `kid` in libtrust key-ID form (SHA-256 of the DER
SubjectPublicKeyInfo, first 240 bits, base32 in 12 groups of 4): distribution 2.8 trusts a kid
that matches a certificate of its `rootcertbundle`. Signing uses the `cryptography` module when
installed, otherwise `openssl`.

GET /token?service=S&scope=repository:NAME:pull,push[&scope=...]: Basic credentials are
checked (401 when wrong); a user gets the actions asked for, an anonymous caller only "pull"
with --anonymous-pull, and 401 otherwise. One log line per request (never a password).
"""
import argparse
import base64
import datetime
import hashlib
import json
import secrets
import subprocess
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fake_serve import serve

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    HAVE_CRYPTOGRAPHY = True
except ImportError:
    HAVE_CRYPTOGRAPHY = False


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def libtrust_kid(spki_der):
    s = base64.b32encode(hashlib.sha256(spki_der).digest()[:30]).decode().rstrip("=")
    return ":".join(s[i:i + 4] for i in range(0, len(s), 4))


class Signer:
    def __init__(self, key_path, cert_path):
        self.key_path = key_path
        if HAVE_CRYPTOGRAPHY:
            with open(key_path, "rb") as f:
                self.key = serialization.load_pem_private_key(f.read(), password=None)
            with open(cert_path, "rb") as f:
                cert = x509.load_pem_x509_certificate(f.read())
            spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)
        else:
            pub = subprocess.run(["openssl", "x509", "-in", cert_path, "-noout", "-pubkey"],
                                 check=True, capture_output=True).stdout
            spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pub,
                                  check=True, capture_output=True).stdout
        self.kid = libtrust_kid(spki)

    def sign(self, data):
        if HAVE_CRYPTOGRAPHY:
            return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.key_path], input=data,
                              check=True, capture_output=True).stdout


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        opts = self.server.opts
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/token":
            return self.reply(404, {"error": "not found"})
        q = urllib.parse.parse_qs(url.query)
        user = None
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                name, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except Exception:
                name, password = "", None
            if self.server.users.get(name) != password or not name:
                print(f"token 401 bad-credentials user={name}", flush=True)
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid username or password"}]})
            user = name
        elif not opts.anonymous_pull:
            print("token 401 anonymous", flush=True)
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]})
        access = []
        for scope in q.get("scope", []):
            for one in scope.split(" "):
                parts = one.split(":")
                if len(parts) < 3:
                    continue
                type_, name, actions = parts[0], ":".join(parts[1:-1]), parts[-1].split(",")
                granted = actions if user else [a for a in actions if a == "pull"]
                access.append({"type": type_, "name": name, "actions": granted})
        now = int(time.time())
        claims = {"iss": opts.issuer, "sub": user or "", "aud": q.get("service", [opts.service])[0],
                  "exp": now + opts.expires, "nbf": now - 5, "iat": now, "jti": secrets.token_hex(12),
                  "access": access}
        header = {"typ": "JWT", "alg": "RS256", "kid": self.server.signer.kid}
        signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
        token = signing_input.decode() + "." + b64url(self.server.signer.sign(signing_input))
        self.server.count += 1
        print(f"token 200 user={user or '-'} scopes={q.get('scope', [])}", flush=True)
        issued = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.reply(200, {"token": token, "access_token": token, "expires_in": opts.expires, "issued_at": issued})

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="token"')
        self.end_headers()
        self.wfile.write(data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--issuer", default="berth-test-issuer")
    p.add_argument("--service", default="berth-test-registry")
    p.add_argument("--user", action="append", default=[])
    p.add_argument("--anonymous-pull", action="store_true")
    p.add_argument("--expires", type=int, default=300)
    opts = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", opts.port), Handler)
    server.opts = opts
    server.users = dict(u.split(":", 1) for u in opts.user)
    server.signer = Signer(opts.key, opts.cert)
    server.count = 0
    serve(server, f"token server on 127.0.0.1:{opts.port} kid={server.signer.kid} "
          f"({'cryptography' if HAVE_CRYPTOGRAPHY else 'openssl'})")


if __name__ == "__main__":
    sys.exit(main())
