"""The repository side of the fake Amazon ECR API (ecr_server.py): DescribeRepositories,
CreateRepository and BatchDeleteImage with AWS's JSON shapes, validation and messages.

Test fixture only. What it checks, as ECR does:
  - the caller's identity is user arn:aws:iam::<account>:user/test; registryId (absent: the
    caller's account) must be that account or the "other" account (as if a registry policy let
    the user in); any other account is AccessDeniedException naming the action and the
    repository's ARN, as are the operations listed with --deny;
  - members have their types, lengths, enum values and name pattern (AWS's messages); unlike AWS,
    members it does not know are refused (SerializationException), so a misspelled field cannot
    be silently ignored;
  - repositories are kept per account with their settings (imageTagMutability, scanOnPush);
  - DescribeRepositories without repositoryNames lists the account's repositories in pages as
    AWS does: maxResults 1..1000 (default 100), an opaque nextToken while more remain (none on
    the last page), InvalidParameterException for a nextToken it did not hand out for that
    registry, and neither member together with repositoryNames. Pages go by name order,
    continuing after the last name served, so a repository created meanwhile is not skipped.

Images: the fake has no data plane of its own. With a registry URL (the docker-registry behind
the proxyEndpoint) BatchDeleteImage deletes there with ECR's semantics: a digest deletes the
image and all its tags; a tag removes that tag and deletes the image only when it was the last
tag (docker-registry 2.8 cannot untag, so the manifest is deleted and put back under the other
tags). Without one there are no images: every id is ImageNotFound. Deletions are recorded for
GET /_fake/repositories.
"""
import base64
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request

NAME_PATTERN = r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"
DIGEST_PATTERN = r"[0-9a-zA-Z_+.-]+:[0-9a-fA-F]{64}"
TAG_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
MUTABILITY = ["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"]
MANIFEST_TYPES = ", ".join([
    "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json"])

# The members each operation accepts (from the ECR API reference).
MEMBERS = {
    "DescribeRepositories": {"registryId", "repositoryNames", "nextToken", "maxResults"},
    "CreateRepository": {"registryId", "repositoryName", "tags", "imageTagMutability",
                         "imageTagMutabilityExclusionFilters", "imageScanningConfiguration",
                         "encryptionConfiguration"},
    "BatchDeleteImage": {"registryId", "repositoryName", "imageIds"},
}


class AwsError(Exception):
    def __init__(self, type_, message, status=400):
        super().__init__(message)
        self.type, self.message, self.status = type_, message, status


def validation(value, where, constraint):
    return AwsError("ValidationException",
                    f"1 validation error detected: Value {value} at '{where}' failed to satisfy "
                    f"constraint: {constraint}")


def want_type(req, name, type_, type_word):
    if name in req and not isinstance(req[name], type_):
        raise AwsError("SerializationException",
                       f"Member '{name}' must be {type_word}, not {json.dumps(req[name])}")


def check_name(req, where="repositoryName", value=None, required=True):
    name = req.get(where) if value is None else value
    if name is None:
        if required:
            raise validation("null", where, "Member must not be null")
        return None
    if not isinstance(name, str):
        raise AwsError("SerializationException", f"Member '{where}' must be a string")
    if not 2 <= len(name) <= 256:
        raise validation(f"'{name}'", where,
                         "Member must have length less than or equal to 256 and greater than or equal to 2")
    if not re.fullmatch(NAME_PATTERN, name):
        raise AwsError("InvalidParameterException",
                       f"Invalid parameter at '{where}' failed to satisfy constraint: "
                       f"'must satisfy regular expression '{NAME_PATTERN}''")
    return name


class DataPlane:
    """The docker-registry behind the fake, reached with Basic AWS:<password>."""

    def __init__(self, url, password):
        self.url = url.rstrip("/")
        self.auth = "Basic " + base64.b64encode(b"AWS:" + password.encode()).decode()

    def request(self, method, path, data=None, headers=None):
        h = {"Authorization": self.auth, "Accept": MANIFEST_TYPES, **(headers or {})}
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def digest_of(self, name, ref):
        status, headers, _ = self.request("HEAD", f"/v2/{name}/manifests/{ref}")
        return headers.get("Docker-Content-Digest") if status == 200 else None

    def tags_of(self, name, digest):
        status, _, body = self.request("GET", f"/v2/{name}/tags/list")
        tags = (json.loads(body).get("tags") or []) if status == 200 else []
        return [t for t in tags if self.digest_of(name, t) == digest]

    def delete(self, name, ref):
        """ECR's BatchDeleteImage for one tag or digest: the imageIds it reports, or None."""
        digest = ref if ":" in ref else self.digest_of(name, ref)
        if not digest or (":" in ref and self.digest_of(name, digest) is None):
            return None
        tags = self.tags_of(name, digest)
        status, headers, manifest = self.request("GET", f"/v2/{name}/manifests/{digest}")
        if status != 200:
            return None
        status, _, body = self.request("DELETE", f"/v2/{name}/manifests/{digest}")
        if status != 202:
            raise AwsError("ServerException", f"the registry refused the delete: {status} {body[:200]!r}", 500)
        if ":" in ref:
            return [{"imageDigest": digest, "imageTag": t} for t in tags] or [{"imageDigest": digest}]
        for other in (t for t in tags if t != ref):  # untag only: put the image back
            self.request("PUT", f"/v2/{name}/manifests/{other}", manifest,
                         {"Content-Type": headers.get("Content-Type", "")})
        return [{"imageDigest": digest, "imageTag": ref}]


class Repositories:
    def __init__(self, account, other_account, region, deny, data_plane):
        self.account, self.region, self.deny = account, region, set(deny)
        self.accounts = {account: {}}
        if other_account:
            self.accounts[other_account] = {}
        self.data_plane = data_plane
        self.lock = threading.Lock()
        self.calls = {}
        self.list_pages = 0  # DescribeRepositories answers without repositoryNames
        self.tokens = {}  # nextToken handed out -> (registry, last name served)
        self.deleted = []

    def arn(self, registry, name):
        return f"arn:aws:ecr:{self.region}:{registry}:repository/{name}"

    def denied(self, op, resource, policy="identity-based"):
        return AwsError("AccessDeniedException",
                        f"User: arn:aws:iam::{self.account}:user/test is not authorized to perform: "
                        f"ecr:{op} on resource: {resource} because no {policy} policy allows the "
                        f"ecr:{op} action")

    def authorize(self, op, resource):
        """--deny: as if no identity-based policy allowed the action."""
        if "ecr:" + op in self.deny:
            raise self.denied(op, resource)

    def count(self, op):
        with self.lock:
            self.calls[op] = self.calls.get(op, 0) + 1

    def call(self, op, req):
        self.count(op)
        if not isinstance(req, dict):
            raise AwsError("SerializationException", "Start of structure or map found where not expected.")
        unknown = sorted(set(req) - MEMBERS[op])
        if unknown:
            raise AwsError("SerializationException", f"Unknown member '{unknown[0]}' for {op}")
        want_type(req, "registryId", str, "a string")
        registry = req.get("registryId", self.account)
        if not re.fullmatch(r"[0-9]{12}", registry):
            raise AwsError("InvalidParameterException",
                           "Invalid parameter at 'registryId' failed to satisfy constraint: "
                           "'must satisfy regular expression '[0-9]{12}''")
        name = req.get("repositoryName")
        resource = self.arn(registry, name if isinstance(name, str) else "*")
        self.authorize(op, resource)
        if registry not in self.accounts:
            raise self.denied(op, resource, "resource-based")
        return getattr(self, op)(registry, req)

    def DescribeRepositories(self, registry, req):
        want_type(req, "repositoryNames", list, "a list")
        want_type(req, "nextToken", str, "a string")
        if isinstance(req.get("maxResults"), bool):
            raise AwsError("SerializationException", "Member 'maxResults' must be an integer")
        want_type(req, "maxResults", int, "an integer")
        names = req.get("repositoryNames")
        repos = self.accounts[registry]
        if names is None:
            return self.list_page(registry, req.get("maxResults"), req.get("nextToken"))
        for paging in ("maxResults", "nextToken"):
            if paging in req:
                # AWS's documentation: "This option cannot be used when you specify
                # repositories with repositoryNames." (its exact message is not verified)
                raise AwsError("InvalidParameterException",
                               f"Invalid parameter at '{paging}' failed to satisfy constraint: "
                               "'cannot be used when you specify repositories with repositoryNames'")
        if not 1 <= len(names) <= 100:
            raise validation("[]", "repositoryNames",
                             "Member must have length less than or equal to 100 and greater than or equal to 1")
        out = []
        for i, n in enumerate(names):
            check_name(req, f"repositoryNames.{i + 1}.member", n)
            with self.lock:
                if n not in repos:
                    raise AwsError("RepositoryNotFoundException",
                                   f"The repository with name '{n}' does not exist in the registry with id '{registry}'")
                out.append(dict(repos[n]))
        return {"repositories": out}

    def list_page(self, registry, max_results, token):
        """One page of the registry's repositories, by name, after the token's last name."""
        if max_results is not None and not 1 <= max_results <= 1000:
            bound = "greater than or equal to 1" if max_results < 1 else "less than or equal to 1000"
            raise validation(f"'{max_results}'", "maxResults", f"Member must have value {bound}")
        limit = 100 if max_results is None else max_results
        with self.lock:
            after = ""
            if token is not None:
                issued = self.tokens.get(token)
                if issued is None or issued[0] != registry:
                    # As ECR words it (regclient/regclient#931).
                    raise AwsError("InvalidParameterException",
                                   "Invalid parameter at 'NextToken' failed to satisfy constraint: "
                                   "'Invalid next token provided.'")
                after = issued[1]
            names = sorted(n for n in self.accounts[registry] if n > after)
            page = names[:limit]
            out = {"repositories": [dict(self.accounts[registry][n]) for n in page]}
            if len(names) > limit:
                # Opaque, as AWS's; base64 so that '+', '/' and '=' travel through the client.
                token = base64.b64encode(secrets.token_bytes(48)).decode()
                self.tokens[token] = (registry, page[-1])
                out["nextToken"] = token
            self.list_pages += 1
            return out

    def CreateRepository(self, registry, req):
        name = check_name(req)
        want_type(req, "imageTagMutability", str, "a string")
        mutability = req.get("imageTagMutability", "MUTABLE")
        if mutability not in MUTABILITY:
            raise validation(f"'{mutability}'", "imageTagMutability",
                             f"Member must satisfy enum value set: [{', '.join(MUTABILITY)}]")
        want_type(req, "imageScanningConfiguration", dict, "a structure")
        scanning = req.get("imageScanningConfiguration", {})
        if set(scanning) - {"scanOnPush"} or not isinstance(scanning.get("scanOnPush", False), bool):
            raise AwsError("SerializationException", "imageScanningConfiguration has one member, scanOnPush (a boolean)")
        return {"repository": self.add(registry, name, mutability, scanning.get("scanOnPush", False))}

    def add(self, registry, name, mutability="MUTABLE", scan_on_push=False):
        """A new repository in AWS's shape (also how tests seed one that already exists)."""
        repo = {
            "repositoryArn": self.arn(registry, name),
            "registryId": registry,
            "repositoryName": name,
            "repositoryUri": f"{registry}.dkr.ecr.{self.region}.amazonaws.com/{name}",
            "createdAt": round(time.time(), 3),
            "imageTagMutability": mutability,
            "imageScanningConfiguration": {"scanOnPush": scan_on_push},
            "encryptionConfiguration": {"encryptionType": "AES256"},
        }
        with self.lock:
            if name in self.accounts[registry]:
                raise AwsError("RepositoryAlreadyExistsException",
                               f"The repository with name '{name}' already exists in the registry with id '{registry}'")
            self.accounts[registry][name] = repo
        return dict(repo)

    def BatchDeleteImage(self, registry, req):
        name = check_name(req)
        want_type(req, "imageIds", list, "a list")
        ids = req.get("imageIds")
        if ids is None:
            raise validation("null", "imageIds", "Member must not be null")
        if not 1 <= len(ids) <= 100:
            raise validation("[]", "imageIds",
                             "Member must have length less than or equal to 100 and greater than or equal to 1")
        with self.lock:
            if name not in self.accounts[registry]:
                raise AwsError("RepositoryNotFoundException",
                               f"The repository with name '{name}' does not exist in the registry with id '{registry}'")
        deleted, failures = [], []
        for image_id in ids:
            if not isinstance(image_id, dict) or set(image_id) - {"imageTag", "imageDigest"}:
                raise AwsError("SerializationException", "an image id has imageTag and/or imageDigest")
            failure = self.delete_one(name, image_id)
            if isinstance(failure, dict):
                failures.append(failure)
            else:
                deleted += failure
        with self.lock:
            self.deleted += [{"account": registry, "repositoryName": name, **d} for d in deleted]
        return {"imageIds": deleted, "failures": failures}

    def delete_one(self, name, image_id):
        """The imageIds deleted (a list) or a failure (a dict), in AWS's words."""
        tag, digest = image_id.get("imageTag"), image_id.get("imageDigest")
        if tag is None and digest is None:
            return {"imageId": {}, "failureCode": "MissingDigestAndTag",
                    "failureReason": "Invalid request parameters: both tag and digest cannot be null"}
        if digest is not None and not re.fullmatch(DIGEST_PATTERN, str(digest)):
            return {"imageId": image_id, "failureCode": "InvalidImageDigest",
                    "failureReason": "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'"}
        if tag is not None and not re.fullmatch(TAG_PATTERN, str(tag)):
            return {"imageId": image_id, "failureCode": "InvalidImageTag",
                    "failureReason": "Invalid request parameters: image tag should satisfy the regex '[a-zA-Z0-9-_.]+'"}
        if tag is not None and digest is not None and self.data_plane and \
                self.data_plane.digest_of(name, tag) != digest:
            return {"imageId": image_id, "failureCode": "ImageTagDoesNotMatchDigest",
                    "failureReason": "Invalid request parameters: given tag does not map to the given digest"}
        done = self.data_plane.delete(name, digest or tag) if self.data_plane else None
        if done is None:
            return {"imageId": image_id, "failureCode": "ImageNotFound",
                    "failureReason": "Requested image not found"}
        return done

    def admin(self):
        with self.lock:
            repos = [{"account": acct, "repositoryName": r["repositoryName"],
                      "repositoryUri": r["repositoryUri"], "imageTagMutability": r["imageTagMutability"],
                      "scanOnPush": r["imageScanningConfiguration"]["scanOnPush"], "createdAt": r["createdAt"]}
                     for acct, rs in self.accounts.items() for r in rs.values()]
            return {"repositories": repos, "calls": dict(self.calls), "listPages": self.list_pages,
                    "deleted": list(self.deleted)}
