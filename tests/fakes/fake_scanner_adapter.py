#!/usr/bin/env python3
"""A scanner adapter speaking Harbor's pluggable scanner API v1.1, for Berth's tests.

  fake_scanner_adapter.py --port P [--token T] [--report-after N]

GET /api/v1/metadata: FakeScan's metadata. POST /api/v1/scan: answers 202 {"id"} and, in the
background, pulls the artifact's manifest from the registry named in the request with the
credential it carries (as a real adapter would). GET /api/v1/scan/{id}/report: 302 with
Refresh-After: 1 on the first poll (on the first N polls with --report-after N: a scan that
lasts about N seconds, long enough to watch or stop), then the v1.1 report (two findings:
CVE-2099-0001 High, fixable, and CVE-2099-0002 Low) when the pull worked, or 500 with the
pull's status. With
--token every call needs "Authorization: Bearer T"; --api-key K every call needs
"X-ScannerAdapter-API-Key: K". GET /requests lists what was asked (for
assertions; the credential is reduced to its user name).
"""
import argparse
import base64
import datetime
import json
import threading
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPORT_MIME = "application/vnd.security.vulnerability.report; version=1.1"
SCANNER = {"name": "FakeScan", "vendor": "Berth tests", "version": "1.0"}
LOCK = threading.Lock()
SCANS = {}  # id -> {"polls", "done", "pull_status", "request"}
REQUESTS = []


def pull(scan_id, req):
    reg, art = req["registry"], req["artifact"]
    url = "%s/v2/%s/manifests/%s" % (reg["url"].rstrip("/"), art["repository"], art["digest"])
    r = urllib.request.Request(url, headers={
        "Authorization": reg.get("authorization", ""),
        "Accept": "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"})
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            status = resp.status
    except urllib.error.HTTPError as e:
        status = e.code
    except Exception:  # noqa: BLE001 - any transport failure is a failed pull
        status = 0
    with LOCK:
        SCANS[scan_id]["pull_status"] = status
        SCANS[scan_id]["done"] = True


def report(req):
    vulns = [
        {"id": "CVE-2099-0001", "package": "openssl", "version": "1.0", "fix_version": "1.1",
         "severity": "High", "description": "a fake high finding",
         "links": ["https://example.test/CVE-2099-0001"],
         "preferred_cvss": {"score_v3": 7.5, "vector_v3": "CVSS:3.1/AV:N"}, "cwe_ids": ["CWE-79"],
         "vendor_attributes": {}},
        {"id": "CVE-2099-0002", "package": "zlib", "version": "1.2", "fix_version": "",
         "severity": "Low", "description": "a fake low finding", "links": [],
         "preferred_cvss": {}, "cwe_ids": [], "vendor_attributes": {}},
    ]
    return {"generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "artifact": req["artifact"], "scanner": SCANNER, "severity": "High",
            "vulnerabilities": vulns}


class Handler(BaseHTTPRequestHandler):
    token = None
    api_key = None
    report_after = 1

    def send(self, status, body=None, headers=None, ctype="application/json"):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if data:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorized(self):
        if self.token and self.headers.get("Authorization") != "Bearer " + self.token:
            self.send(401, {"error": {"message": "unauthorized"}})
            return False
        if self.api_key and self.headers.get("X-ScannerAdapter-API-Key") != self.api_key:
            self.send(401, {"error": {"message": "unauthorized"}})
            return False
        return True

    def do_GET(self):
        if self.path == "/requests":
            with LOCK:
                return self.send(200, REQUESTS)
        if not self.authorized():
            return None
        if self.path == "/api/v1/metadata":
            return self.send(200, {
                "scanner": SCANNER,
                "capabilities": [{"consumes_mime_types": [
                    "application/vnd.oci.image.manifest.v1+json",
                    "application/vnd.docker.distribution.manifest.v2+json"],
                    "produces_mime_types": [REPORT_MIME]}],
                "properties": {"harbor.scanner-adapter/scanner-type": "os-package-vulnerability"}},
                ctype="application/vnd.scanner.adapter.metadata+json; version=1.0")
        parts = self.path.split("/")
        if len(parts) == 6 and parts[1:4] == ["api", "v1", "scan"] and parts[5] == "report":
            with LOCK:
                scan = SCANS.get(parts[4])
                if scan is None:
                    return self.send(404, {"error": {"message": "unknown scan"}})
                scan["polls"] += 1
                if scan["polls"] <= self.report_after or not scan["done"]:
                    return self.send(302, None, {"Refresh-After": "1"})
                if scan["pull_status"] != 200:
                    return self.send(500, {"error": {"message": "pull failed: %s" % scan["pull_status"]}})
                return self.send(200, report(scan["request"]), ctype=REPORT_MIME)
        return self.send(404, {"error": {"message": "no route"}})

    def do_POST(self):
        if not self.authorized():
            return None
        if self.path != "/api/v1/scan":
            return self.send(404, {"error": {"message": "no route"}})
        n = int(self.headers.get("Content-Length") or 0)
        try:
            req = json.loads(self.rfile.read(n))
            req["registry"]["url"], req["artifact"]["repository"], req["artifact"]["digest"]
        except Exception:  # noqa: BLE001
            return self.send(400, {"error": {"message": "bad scan request"}})
        scan_id = str(uuid.uuid4())
        auth = req["registry"].get("authorization", "")
        user = ""
        if auth.startswith("Basic "):
            user = base64.b64decode(auth[6:]).decode(errors="replace").split(":", 1)[0]
        with LOCK:
            SCANS[scan_id] = {"polls": 0, "done": False, "pull_status": None, "request": req}
            REQUESTS.append({"id": scan_id, "registry_url": req["registry"]["url"], "user": user,
                             "artifact": req["artifact"], "content_type": self.headers.get("Content-Type")})
        threading.Thread(target=pull, args=(scan_id, req), daemon=True).start()
        return self.send(202, {"id": scan_id},
                         ctype="application/vnd.scanner.adapter.scan.response+json; version=1.0")

    def log_message(self, fmt, *args):
        print("fake-adapter: " + fmt % args, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token")
    ap.add_argument("--api-key")
    ap.add_argument("--report-after", type=int, default=1)
    a = ap.parse_args()
    Handler.token = a.token
    Handler.api_key = a.api_key
    Handler.report_after = a.report_after
    ThreadingHTTPServer(("127.0.0.1", a.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
