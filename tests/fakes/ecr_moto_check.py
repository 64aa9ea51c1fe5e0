#!/usr/bin/env python3
"""Cross-checks the fake ECR's repository calls (ecr_server.py) against moto's ECR backend and
AWS's own service model (botocore's), so the fake does not drift into a dialect of its own.

  ecr_moto_check.py [--bodies FILE]

1. Starts moto_server and the fake on free loopback ports and runs the same boto3 calls against
   both (create, create again, describe, describe missing, bad name, BatchDeleteImage of a
   missing tag / bad digest / in a missing repository, cross-account create): answers and
   errors must agree (createdAt only by type). Where moto is known to differ from AWS, the line
   says so and is not counted.
   DescribeRepositories without names is paged by the fake, not by moto ("maxResults and
   nextToken not implemented"): the fake's pages of one name each, joined, must equal moto's one
   answer; the fake's bad-nextToken error is checked against AWS's alone.
2. --bodies FILE: lines "Operation JSON" (the requests Berth sent, from the fake's log) are
   validated against botocore's model of the ECR API (member names, types, required members)
   and then sent to moto through boto3, which must accept them.

Prints "same: ...", "ok: ..." or "DIFF: ..." lines; exit 1 on any DIFF. Needs boto3 and moto 5
(exit 2 when missing, for callers to skip). Never talks to AWS: every client has an explicit
loopback endpoint and dummy keys.
"""
import argparse
import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

try:
    import boto3
    import botocore.exceptions
    import botocore.validate
    import moto  # noqa: F401  (only to know moto_server is there)
except ImportError as e:
    print(f"skip: {e}")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "123456789012"  # moto's default account
REGION = "us-west-2"
AK, SK = "AKIAIOSFODNN7EXAMPLE", "moto-check-secret"
DIGEST = "sha256:" + "a" * 64


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start")


def start(cmd, url):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait(url)
    return proc


def client(port):
    return boto3.client("ecr", region_name=REGION, endpoint_url=f"http://127.0.0.1:{port}",
                        aws_access_key_id=AK, aws_secret_access_key=SK)


def outcome(c, op, params):
    """The answer without request metadata (timestamps by type), or the AWS error."""
    try:
        out = getattr(c, op)(**params)
    except botocore.exceptions.ClientError as e:
        return {"error": e.response["Error"].get("Code"), "message": e.response["Error"].get("Message")}
    out.pop("ResponseMetadata", None)
    return outcome_of(out)


def outcome_of(value):
    """JSON-comparable, timestamps by type."""
    return json.loads(json.dumps(value, default=lambda v: "<datetime>" if isinstance(v, datetime.datetime) else str(v)))


SCENARIO = [
    # (name, operation, params, why moto differs from AWS or None)
    ("create", "create_repository",
     {"repositoryName": "team/app", "registryId": ACCOUNT, "imageTagMutability": "IMMUTABLE",
      "imageScanningConfiguration": {"scanOnPush": True}}, None),
    ("create again", "create_repository", {"repositoryName": "team/app", "registryId": ACCOUNT}, None),
    ("create with defaults", "create_repository", {"repositoryName": "plain"}, None),
    ("describe", "describe_repositories", {"repositoryNames": ["team/app"], "registryId": ACCOUNT}, None),
    ("describe missing", "describe_repositories", {"repositoryNames": ["team/none"], "registryId": ACCOUNT}, None),
    ("bad name", "create_repository", {"repositoryName": "Team/App"},
     "moto's message lacks the final quote of AWS's (as quoted in stelligent/mu#323, boto/boto3#3191)"),
    ("delete missing tag", "batch_delete_image",
     {"repositoryName": "team/app", "registryId": ACCOUNT, "imageIds": [{"imageTag": "v9"}]}, None),
    ("delete bad digest", "batch_delete_image",
     {"repositoryName": "team/app", "imageIds": [{"imageDigest": "sha256:xyz"}]}, None),
    ("delete missing digest", "batch_delete_image",
     {"repositoryName": "team/app", "imageIds": [{"imageDigest": DIGEST}]}, None),
    ("delete in missing repository", "batch_delete_image",
     {"repositoryName": "team/none", "imageIds": [{"imageTag": "v1"}]}, None),
    ("bad mutability", "create_repository", {"repositoryName": "mm", "imageTagMutability": "SOMETIMES"},
     "the fake answers as AWS's generic model validation does (ValidationException), moto with "
     "InvalidParameterException; which one ECR sends is not verified here"),
    ("cross-account create", "create_repository", {"repositoryName": "xx", "registryId": "999999999999"},
     "moto creates in any account; AWS refuses without a registry policy (AccessDeniedException)"),
]


def compare(fake, mock):
    diffs = 0
    for name, op, params, known in SCENARIO:
        a, b = outcome(fake, op, params), outcome(mock, op, params)
        if a == b:
            print(f"same: {name}")
        elif known:
            print(f"known difference: {name}: {known}\n  fake={json.dumps(a)}\n  moto={json.dumps(b)}")
        else:
            diffs += 1
            print(f"DIFF: {name}\n  fake={json.dumps(a)}\n  moto={json.dumps(b)}")
    return diffs


def paging(fake, mock):
    """The fake's pages (boto3's paginator, one repository a page) against moto's whole list."""
    pages = fake.get_paginator("describe_repositories").paginate(
        registryId=ACCOUNT, PaginationConfig={"PageSize": 1})
    paged = [r for page in pages for r in page["repositories"]]
    whole = mock.describe_repositories(registryId=ACCOUNT)["repositories"]
    by_name = lambda rs: outcome_of(sorted(rs, key=lambda r: r["repositoryName"]))  # noqa: E731
    diffs = 0
    if len(paged) >= 2 and by_name(paged) == by_name(whole):
        print(f"same: list all, paged one by one ({len(paged)} pages)")
    else:
        diffs += 1
        print(f"DIFF: list all\n  fake pages={json.dumps(by_name(paged))}\n  moto={json.dumps(by_name(whole))}")
    bad = outcome(fake, "describe_repositories", {"registryId": ACCOUNT, "nextToken": "bm90LWEtdG9rZW4="})
    if bad.get("error") == "InvalidParameterException" and "NextToken" in bad.get("message", ""):
        print("fake only (moto does not page): a nextToken it did not hand out is InvalidParameterException")
    else:
        diffs += 1
        print(f"DIFF: bad nextToken: fake={json.dumps(bad)}")
    return diffs


def snake(op):
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in op).lstrip("_")


def check_bodies(path, mock):
    """Berth's requests against AWS's model, then through boto3 to moto."""
    diffs = 0
    model = mock.meta.service_model
    with open(path) as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    for ln in lines:
        op, _, body = ln.partition(" ")
        params = json.loads(body)
        report = botocore.validate.ParamValidator().validate(params, model.operation_model(op).input_shape)
        if report.has_errors():
            diffs += 1
            print(f"DIFF: {op} {body}: not what AWS's model accepts:\n{report.generate_report()}")
            continue
        got = outcome(mock, snake(op), params)
        accepted = "error" not in got or got["error"] in ("RepositoryAlreadyExistsException", "RepositoryNotFoundException")
        if accepted:
            print(f"ok: {op} {body}: valid for AWS's model, moto answers {got.get('error', 'success')}")
        else:
            diffs += 1
            print(f"DIFF: {op} {body}: moto refused it: {json.dumps(got)}")
    if not lines:
        diffs += 1
        print(f"DIFF: no request bodies in {path}")
    return diffs


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bodies", help='file of "Operation JSON" lines to check against the model')
    opts = p.parse_args()
    moto_port, fake_port = free_port(), free_port()
    procs = []
    try:
        procs.append(start(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)],
                           f"http://127.0.0.1:{moto_port}/moto-api/"))
        procs.append(start([sys.executable, os.path.join(HERE, "ecr_server.py"), "--port", str(fake_port),
                            "--access-key", AK, "--secret-key", SK, "--password", "unused",
                            "--proxy-endpoint", "http://unused.invalid", "--region", REGION,
                            "--account", ACCOUNT], f"http://127.0.0.1:{fake_port}/"))
        mock = client(moto_port)
        diffs = compare(client(fake_port), mock) + paging(client(fake_port), mock)
        if opts.bodies:
            diffs += check_bodies(opts.bodies, mock)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()
    print(f"{'DIFF' if diffs else 'all same'}: {diffs} difference(s)")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
