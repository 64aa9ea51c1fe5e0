#!/usr/bin/env python3
"""A small Amazon ECR API (GetAuthorizationToken, DescribeRepositories, CreateRepository,
BatchDeleteImage), ECR Public API (GetAuthorizationToken of service "ecr-public") and STS
(AssumeRoleWithWebIdentity) for tests.

Test fixture only, never used by Berth. It checks requests the way AWS does: the SigV4
Authorization header is recomputed from the request with the secret of the configured access
key (credential scope date/region/service, X-Amz-Date within 15 minutes, host and x-amz-date
signed, payload hash), X-Amz-Target must name the operation, and errors have AWS's JSON shape.

  ecr_server.py --port P --access-key AK --secret-key SK --password PW --proxy-endpoint URL
                [--region us-west-2] [--account 123456789012]
                [--sts-role-arn ARN --sts-web-identity-token TOKEN]   (STS on the same port)
                [--temp-key AKID:SECRET:SESSIONTOKEN ...]
                [--other-account 210987654321] [--deny ecr:CreateRepository ...]
                [--registry-url http://127.0.0.1:PORT] [--repository NAME ...]

Repositories (ecr_repositories.py says what it checks) are kept in memory per account, with
their settings. The keys belong to --account (user arn:aws:iam::<account>:user/test); a
request's registryId may name it or --other-account (as if that account's registry policy let
this user in; its repositories are kept apart, so a test sees where a repository was created);
any other account is AccessDeniedException. --deny ecr:<Operation> (repeatable) answers that
operation with AWS's AccessDeniedException as if no policy allowed it; --repository seeds one.
DescribeRepositories without repositoryNames lists an account's repositories with AWS's paging
(maxResults, nextToken). GET /_fake/repositories (unsigned) lists the repositories with their
account and settings, the calls per operation (every correctly signed call, whatever its
outcome), listPages (the pages of repository listings answered) and the images deleted.
BatchDeleteImage deletes in the docker-registry at --registry-url (the one behind
--proxy-endpoint, reached as user AWS with --password); without it there are no images (every
id is ImageNotFound).

ECR Public is told apart by its X-Amz-Target (SpencerFrontendService.GetAuthorizationToken), as
on its own endpoint api.ecr-public.us-east-1.amazonaws.com: the signature must be scoped to
region us-east-1 and service "ecr-public" (whatever --region says), and the answer is one
authorizationData object without proxyEndpoint. Point AWS_ENDPOINT_URL_ECR_PUBLIC here.

Temporary credentials (from STS here, or from --temp-key: handed out by another fake such as
aws_metadata_server.py) are accepted only with their X-Amz-Security-Token, as AWS does.

One log line per request on stdout (never a secret): "ecr <operation> <outcome> key=<AK>"
("ecr-public ..." for ECR Public); repository calls that succeed end with their JSON request.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import secrets
import sys
import time
import urllib.parse
import xml.sax.saxutils
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ecr_repositories import MEMBERS, AwsError, DataPlane, Repositories
from fake_serve import serve

TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921."
PUBLIC_TARGET = "SpencerFrontendService.GetAuthorizationToken"
MAX_BODY = 1 << 20


def uri_encode(s, keep_slash=False):
    safe = "-_.~" + ("/" if keep_slash else "")
    return urllib.parse.quote(s, safe=safe)


def canonical_path(raw_path):
    segs = []
    for seg in urllib.parse.unquote(raw_path).split("/"):
        if seg == "..":
            if segs:
                segs.pop()
        elif seg not in ("", "."):
            segs.append(seg)
    path = "/" + "/".join(uri_encode(s) for s in segs)
    if raw_path.endswith("/") and segs:
        path += "/"
    return path


def canonical_query(raw_query):
    pairs = urllib.parse.parse_qsl(raw_query, keep_blank_values=True)
    enc = sorted((uri_encode(k), uri_encode(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in enc)


def sign(secret, date, region, service, string_to_sign):
    key = hmac.new(("AWS4" + secret).encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeAWS/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # the default logs to stderr with the client address
        pass

    def log(self, line):
        print(line, flush=True)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self.reply_json(413, {"__type": "SerializationException", "message": "too large"})
        body = self.rfile.read(length)
        ctype = self.headers.get("Content-Type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            return self.sts(body)
        if self.headers.get("X-Amz-Target") == PUBLIC_TARGET:
            return self.ecr_public(body)
        target = self.headers.get("X-Amz-Target", "")
        op = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else target
        try:
            key = self.verify_sigv4(body, self.server.opts.region, "ecr")
            if op != "GetAuthorizationToken" and op not in MEMBERS:
                raise AwsError("UnknownOperationException", None)
            try:
                req = json.loads(body or b"{}")
            except ValueError:
                raise AwsError("SerializationException", "Start of structure or map found where not expected.")
            if op == "GetAuthorizationToken":
                return self.get_authorization_token(key, req)
            out = self.server.repos.call(op, req)
            self.log(f"ecr {op} ok key={key} {json.dumps(req, sort_keys=True)}")
            self.reply_json(200, out)
        except AwsError as e:
            self.reply_error("ecr", op, e)

    def get_authorization_token(self, key, req):
        repos = self.server.repos
        repos.count("GetAuthorizationToken")
        repos.authorize("GetAuthorizationToken", "*")
        ids = req.get("registryIds") if isinstance(req, dict) else None
        if ids is not None and (not isinstance(ids, list) or not ids or
                                any(i not in repos.accounts for i in ids)):
            raise AwsError("AccessDeniedException",
                           f"User is not authorized to access registry {ids}")
        self.server.counts["GetAuthorizationToken"] += 1
        self.log(f"ecr GetAuthorizationToken ok key={key} registryIds={ids}")
        token = base64.b64encode(b"AWS:" + self.server.opts.password.encode()).decode()
        self.reply_json(200, {"authorizationData": [{
            "authorizationToken": token,
            "expiresAt": time.time() + 12 * 3600 + 0.123,
            "proxyEndpoint": self.server.opts.proxy_endpoint}]})

    def do_GET(self):
        if self.path.partition("?")[0] == "/_fake/repositories":
            return self.reply(200, json.dumps(self.server.repos.admin()).encode(), "application/json")
        self.reply(404, b"not found\n", "text/plain")

    def ecr_public(self, body):
        # ECR Public's API exists in us-east-1 only; its answer is a single object.
        try:
            key = self.verify_sigv4(body, "us-east-1", "ecr-public")
            try:
                req = json.loads(body or b"{}")
            except ValueError:
                req = None
            if not isinstance(req, dict):
                raise AwsError("SerializationException", "Start of structure or map found where not expected.")
            self.server.counts["GetAuthorizationTokenPublic"] += 1
            self.log(f"ecr-public GetAuthorizationToken ok key={key}")
            token = base64.b64encode(b"AWS:" + self.server.opts.password.encode()).decode()
            self.reply_json(200, {"authorizationData": {
                "authorizationToken": token,
                "expiresAt": time.time() + 12 * 3600 + 0.456}})
        except AwsError as e:
            self.reply_error("ecr-public", "GetAuthorizationToken", e)

    def reply_error(self, api, op, e):
        self.log(f"{api} {op} {e.type}")
        out = {"__type": e.type}
        if e.message is not None:
            out["message"] = e.message
        self.reply_json(e.status, out, error_type=e.type)

    def verify_sigv4(self, body, want_region, want_service):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            raise AwsError("MissingAuthenticationTokenException", "Missing Authentication Token")
        fields = {}
        for part in auth[len("AWS4-HMAC-SHA256 "):].split(","):
            k, _, v = part.strip().partition("=")
            fields[k] = v
        cred = fields.get("Credential", "").split("/")
        if len(cred) != 5 or cred[4] != "aws4_request":
            raise AwsError("IncompleteSignatureException", "Authorization header requires a valid Credential.")
        key, date, region, service = cred[:4]
        keys = self.server.keys
        if key not in keys:
            raise AwsError("UnrecognizedClientException", "The security token included in the request is invalid.")
        secret, session_token = keys[key]
        if session_token and self.headers.get("X-Amz-Security-Token") != session_token:
            raise AwsError("UnrecognizedClientException", "The security token included in the request is invalid.")
        if region != want_region:
            raise AwsError("InvalidSignatureException", "Credential should be scoped to a valid region. ")
        if service != want_service:
            raise AwsError("InvalidSignatureException",
                           f"Credential should be scoped to correct service: '{want_service}'. ")
        signed = fields.get("SignedHeaders", "").split(";")
        if "host" not in signed or "x-amz-date" not in signed:
            raise AwsError("InvalidSignatureException",
                           "'Host' or 'x-amz-date' must be a signed header in the Authorization header.")
        amz_date = self.headers.get("X-Amz-Date", "")
        try:
            when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            raise AwsError("IncompleteSignatureException", "Date must be in ISO-8601 'basic format'.")
        now = datetime.datetime.now(datetime.timezone.utc)
        if abs((now - when).total_seconds()) > 15 * 60:
            raise AwsError("InvalidSignatureException",
                           f"Signature expired: {amz_date} is now earlier than {now:%Y%m%dT%H%M%SZ} (15 min).")
        if date != amz_date[:8]:
            raise AwsError("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.")
        path, _, query = self.path.partition("?")
        canon_headers = ""
        for name in signed:
            values = self.headers.get_all(name) or []
            canon_headers += name + ":" + ",".join(" ".join(v.split()) for v in values) + "\n"
        creq = "\n".join([self.command, canonical_path(path), canonical_query(query), canon_headers,
                          ";".join(signed), hashlib.sha256(body).hexdigest()])
        sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, f"{date}/{region}/{service}/aws4_request",
                         hashlib.sha256(creq.encode()).hexdigest()])
        if not hmac.compare_digest(sign(secret, date, region, service, sts), fields.get("Signature", "")):
            raise AwsError("InvalidSignatureException",
                           "The request signature we calculated does not match the signature you provided. "
                           "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        return key

    def sts(self, body):
        opts = self.server.opts
        form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        if form.get("Action") != "AssumeRoleWithWebIdentity" or form.get("Version") != "2011-06-15":
            return self.reply_sts_error(400, "InvalidAction", "Could not find operation " + form.get("Action", ""))
        if not opts.sts_role_arn or form.get("RoleArn") != opts.sts_role_arn:
            return self.reply_sts_error(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        if form.get("WebIdentityToken") != opts.sts_web_identity_token:
            return self.reply_sts_error(400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider")
        ak, sk, tok = "ASIA" + secrets.token_hex(8).upper(), secrets.token_urlsafe(30), secrets.token_urlsafe(60)
        self.server.keys[ak] = (sk, tok)
        exp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.log(f"sts AssumeRoleWithWebIdentity ok session={form.get('RoleSessionName', '')} key={ak}")
        e = xml.sax.saxutils.escape
        xml_body = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    "<AssumeRoleWithWebIdentityResult><Credentials>"
                    f"<AccessKeyId>{ak}</AccessKeyId><SecretAccessKey>{e(sk)}</SecretAccessKey>"
                    f"<SessionToken>{e(tok)}</SessionToken><Expiration>{exp}</Expiration>"
                    "</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>")
        self.reply(200, xml_body.encode(), "text/xml")

    def reply_sts_error(self, status, code, message):
        self.log(f"sts AssumeRoleWithWebIdentity {code}")
        e = xml.sax.saxutils.escape
        self.reply(status, (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
                            f"<Message>{e(message)}</Message></Error></ErrorResponse>").encode(), "text/xml")

    def reply_json(self, status, obj, error_type=None):
        headers = {"x-amzn-ErrorType": error_type + ":"} if error_type else {}
        self.reply(status, json.dumps(obj).encode(), "application/x-amz-json-1.1", headers)

    def reply(self, status, data, ctype, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", secrets.token_hex(16))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--access-key", required=True)
    p.add_argument("--secret-key", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--proxy-endpoint", required=True)
    p.add_argument("--region", default="us-west-2")
    p.add_argument("--account", default="123456789012")
    p.add_argument("--sts-role-arn", default="")
    p.add_argument("--sts-web-identity-token", default="")
    p.add_argument("--temp-key", action="append", default=[], metavar="AKID:SECRET:SESSIONTOKEN")
    p.add_argument("--other-account", default="", help="a second account the keys may use")
    p.add_argument("--deny", action="append", default=[], metavar="ecr:OPERATION",
                   help="answer this action with AccessDeniedException (repeatable)")
    p.add_argument("--registry-url", default="", help="docker-registry BatchDeleteImage deletes in")
    p.add_argument("--repository", action="append", default=[], metavar="NAME",
                   help="a repository of --account that exists from the start (MUTABLE)")
    opts = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", opts.port), Handler)
    server.opts = opts
    server.keys = {opts.access_key: (opts.secret_key, "")}
    for temp in opts.temp_key:
        parts = temp.split(":", 2)
        if len(parts) != 3 or not all(parts):
            p.error("--temp-key must be AKID:SECRET:SESSIONTOKEN")
        server.keys[parts[0]] = (parts[1], parts[2])
    server.counts = {"GetAuthorizationToken": 0, "GetAuthorizationTokenPublic": 0}
    data_plane = DataPlane(opts.registry_url, opts.password) if opts.registry_url else None
    server.repos = Repositories(opts.account, opts.other_account, opts.region, opts.deny, data_plane)
    for name in opts.repository:
        server.repos.add(opts.account, name)
    serve(server, f"fake ECR listening on 127.0.0.1:{opts.port}")


if __name__ == "__main__":
    sys.exit(main())
