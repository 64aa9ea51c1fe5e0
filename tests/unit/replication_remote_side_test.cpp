// A remote endpoint as a replication side, the parts that need no registry: which names are
// listed without asking, the name-pattern helpers, the Harbor API's JSON and paths, and the
// sentences remote errors become. The copy against real registries is in the integration tests.
#include "replication/remote_side.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "remote/errors.h"
#include "remote/harbor_api_client.h"
#include "remote/registry_client.h"
#include "replication/errors.h"
#include "replication/name_patterns.h"
#include "replication/remote_errors.h"

using namespace berth::replication;
using berth::remote::ErrorKind;
using berth::remote::RemoteError;
using Names = std::vector<std::string>;

// ---- name patterns ----

TEST(NamePatterns, LiteralPrefixAndWildcards) {
  EXPECT_EQ(literal_prefix("library/ng*"), "library/ng");
  EXPECT_EQ(literal_prefix("library/**"), "library/");
  EXPECT_EQ(literal_prefix("a/{b,c}"), "a/");
  EXPECT_EQ(literal_prefix("a/b?"), "a/b");
  EXPECT_EQ(literal_prefix("a/[bc]"), "a/");
  EXPECT_EQ(literal_prefix("plain/name"), "plain/name");
  EXPECT_FALSE(has_wildcard("plain/name"));
  EXPECT_TRUE(has_wildcard("a\\*"));
}

TEST(NamePatterns, BraceExpansion) {
  EXPECT_EQ(expand_braces("{a,b}/x{1,2}"), (Names{"a/x1", "a/x2", "b/x1", "b/x2"}));
  EXPECT_EQ(expand_braces("p/{a,{b,c}d}"), (Names{"p/a", "p/bd", "p/cd"}));
  EXPECT_EQ(expand_braces("p/{,x}y"), (Names{"p/y", "p/xy"}));
  EXPECT_EQ(expand_braces("p/{a"), std::nullopt);
  EXPECT_EQ(expand_braces("p/a}"), std::nullopt);
  EXPECT_EQ(expand_braces("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}"), std::nullopt);
}

TEST(NamePatterns, LiteralNamesOnlyWhenEveryPatternIsExact) {
  EXPECT_EQ(literal_names({"library/nginx", "team/{api,web}", "library/nginx"}),
            (Names{"library/nginx", "team/api", "team/web"}));
  EXPECT_EQ(literal_names({"library/nginx", "team/*"}), std::nullopt);
  EXPECT_EQ(literal_names({}), std::nullopt);
  EXPECT_EQ(literal_names({""}), std::nullopt);
  EXPECT_EQ(literal_names({"a/{b,c*}"}), std::nullopt);
}

TEST(NamePatterns, LiteralProjects) {
  EXPECT_EQ(literal_projects({"library/**", "team/{a,b}", "{x,y}/z*"}),
            (Names{"library", "team", "x", "y"}));
  EXPECT_EQ(literal_projects({"library/**", "lib*/x"}), std::nullopt);
  EXPECT_EQ(literal_projects({"**"}), std::nullopt);
  EXPECT_EQ(literal_projects({}), std::nullopt);
  EXPECT_EQ(literal_projects({"nginx"}), Names{"nginx"});
}

TEST(NamePatterns, MayMatchByPrefix) {
  EXPECT_TRUE(may_match("anything", {}));
  EXPECT_TRUE(may_match("library/nginx", {"library/*"}));
  EXPECT_TRUE(may_match("team/web", {"library/*", "team/{api,web}"}));
  EXPECT_FALSE(may_match("team/db", {"library/*", "team/{api,web}"}));
  EXPECT_FALSE(may_match("other/x", {"library/**"}));
  EXPECT_TRUE(may_match("x", {"p/{a"}));  // malformed: cannot judge, so keep
}

// ---- which endpoint types list ----

TEST(RemoteSideListing, ExactNamesSkipTheCatalog) {
  for (std::string type : {"docker-registry", "aws-ecr", "harbor", "docker-hub"})
    EXPECT_EQ(names_without_listing(type, {"library/nginx", "team/{a,b}"}),
              (Names{"library/nginx", "team/a", "team/b"}))
        << type;
  EXPECT_EQ(names_without_listing("docker-registry", {"library/*"}), std::nullopt);
  EXPECT_EQ(names_without_listing("harbor", {}), std::nullopt);
  EXPECT_EQ(names_without_listing("aws-ecr", {"a/b", "c/**"}), std::nullopt);
}

TEST(RemoteSideListing, DockerHubNeedsExactNames) {
  EXPECT_EQ(names_without_listing("docker-hub", {"nginx"}), Names{"nginx"});
  EXPECT_THROW(names_without_listing("docker-hub", {"library/*"}), ReplicationError);
  EXPECT_THROW(names_without_listing("docker-hub", {}), ReplicationError);
}

TEST(RemoteSideListing, DescribeAndUnusableEndpoint) {
  berth::core::RegistryEndpoint e;
  e.name = "local-reg";
  e.type = "docker-registry";
  e.url = "http://127.0.0.1:5000";
  RemoteSide side(e);
  EXPECT_EQ(side.describe(), "endpoint local-reg (http://127.0.0.1:5000)");
  e.type = "quay";
  EXPECT_THROW(RemoteSide{e}, ReplicationError);
  e.type = "docker-registry";
  e.url = "ftp://x";
  EXPECT_THROW(RemoteSide{e}, ReplicationError);
}

TEST(RemoteSideListing, UnreachableEndpointIsTransient) {
  berth::core::RegistryEndpoint e;
  e.name = "down";
  e.type = "harbor";
  e.url = "http://127.0.0.1:1";  // nothing listens on port 1
  RemoteSideOptions o;
  o.retry.max_attempts = 1;
  RemoteSide side(e, o);
  try {
    side.repositories({"lib*/x"});
    FAIL() << "expected a ReplicationError";
  } catch (const ReplicationError& err) {
    EXPECT_TRUE(err.transient) << err.what();
    EXPECT_NE(std::string(err.what()).find("source unreachable (endpoint down)"), std::string::npos)
        << err.what();
  }
  try {
    side.prepare_repository("team/app", {});
    FAIL() << "expected a ReplicationError";
  } catch (const ReplicationError& err) {
    EXPECT_TRUE(err.transient);
    EXPECT_NE(std::string(err.what()).find("destination unreachable"), std::string::npos)
        << err.what();
  }
  EXPECT_THROW(side.prepare_repository("noproject", {}), ReplicationError);
}

TEST(RemoteSideListing, HooksReplaceTheBuiltIns) {
  berth::core::RegistryEndpoint e;
  e.name = "ecr";
  e.type = "docker-registry";
  e.url = "http://127.0.0.1:1";
  std::vector<std::string> calls;
  RemoteSideOptions o;
  o.prepare = [&](const std::string& repo, const RepositorySettings&) {
    calls.push_back("prepare " + repo);
    throw RemoteError(ErrorKind::kForbidden, "CreateRepository denied", 400,
                      "AccessDeniedException: not allowed");
  };
  o.remote_delete = [&](const std::string& repo, const std::string& ref) {
    calls.push_back("delete " + repo + ":" + ref);
    return true;
  };
  RemoteSide side(e, o);
  try {
    side.prepare_repository("team/app", {});
    FAIL() << "expected a ReplicationError";
  } catch (const ReplicationError& err) {
    EXPECT_EQ(std::string(err.what()),
              "no permission to create the project or repository for team/app on endpoint ecr "
              "(400 AccessDeniedException: not allowed)");
  }
  EXPECT_TRUE(side.delete_reference("team/app", "v1"));
  EXPECT_EQ(calls, (Names{"prepare team/app", "delete team/app:v1"}));
}

TEST(RemoteSideListing, ListHookReplacesTheCatalog) {
  berth::core::RegistryEndpoint e;
  e.name = "ecr";
  e.type = "aws-ecr";
  e.url = "https://123456789012.dkr.ecr.us-west-2.amazonaws.com";  // never asked: the hook answers
  int listed = 0;
  bool deny = false;
  RemoteSideOptions o;
  o.retry.max_attempts = 1;
  o.list_repositories = [&] {
    ++listed;
    if (deny)
      throw RemoteError(ErrorKind::kForbidden, "DescribeRepositories denied", 400,
                        "AccessDeniedException: not allowed");
    return Names{"src/b", "other/x", "src/a", "src/deep/c"};
  };
  RemoteSide side(e, o);
  // Narrowed by the patterns' literal prefixes (the policy's filter decides the rest), sorted.
  EXPECT_EQ(side.repositories({"src/**"}), (Names{"src/a", "src/b", "src/deep/c"}));
  EXPECT_EQ(side.repositories({"oth*"}), Names{"other/x"});
  EXPECT_EQ(listed, 2);
  // Exact names still need no listing.
  EXPECT_EQ(side.repositories({"src/a", "team/{x,y}"}), (Names{"src/a", "team/x", "team/y"}));
  EXPECT_EQ(listed, 2);
  deny = true;
  try {
    side.repositories({"src/**"});
    FAIL() << "expected a ReplicationError";
  } catch (const ReplicationError& err) {
    EXPECT_EQ(std::string(err.what()).rfind("no permission to list repositories", 0), 0u)
        << err.what();
    EXPECT_FALSE(err.transient);
  }
}

// ---- Harbor API JSON ----

TEST(HarborApi, ProjectRequestAndNames) {
  auto body = nlohmann::json::parse(berth::remote::harbor_project_request("team-a"));
  EXPECT_EQ(body,
            nlohmann::json::parse(R"({"project_name":"team-a","metadata":{"public":"false"}})"));
  EXPECT_EQ(
      berth::remote::harbor_names(
          R"([{"project_id":1,"name":"library","repo_count":3},{"project_id":2,"name":"team"},{"x":1}])",
          "projects"),
      (Names{"library", "team"}));
  EXPECT_EQ(berth::remote::harbor_names(R"([{"id":5,"name":"library/nginx","artifact_count":2}])",
                                        "repositories"),
            Names{"library/nginx"});
  EXPECT_TRUE(berth::remote::harbor_names("[]", "projects").empty());
  EXPECT_THROW(berth::remote::harbor_names(R"({"errors":[]})", "projects"), RemoteError);
}

TEST(HarborApi, ArtifactLabelsAndPath) {
  EXPECT_EQ(
      berth::remote::harbor_artifact_labels(
          R"({"digest":"sha256:x","labels":[{"id":1,"name":"prod","scope":"g"},{"id":2,"name":"eu"}]})"),
      (Names{"prod", "eu"}));
  EXPECT_TRUE(berth::remote::harbor_artifact_labels(R"({"digest":"sha256:x"})").empty());
  EXPECT_TRUE(berth::remote::harbor_artifact_labels(R"({"labels":null})").empty());
  EXPECT_EQ(berth::remote::harbor_artifact_path("library/team/app", "sha256:ab"),
            "/api/v2.0/projects/library/repositories/team%252Fapp/artifacts/sha256%3Aab");
}

// ---- error translation ----

namespace {
ReplicationError tr(const RemoteError& e, RemoteOperation op, const std::string& repo = "lib/app",
                    const std::string& media_type = "") {
  return translate_remote_error(e, {"ecr-prod", op, repo, media_type});
}
std::string msg(const ReplicationError& e) {
  return e.what();
}
}  // namespace

TEST(RemoteErrors, Credentials) {
  auto e = tr(RemoteError(ErrorKind::kUnauthorized, "GET x: authentication failed (HTTP 401)", 401),
              RemoteOperation::kRead);
  EXPECT_EQ(msg(e), "endpoint ecr-prod refused the credentials (401)");
  EXPECT_FALSE(e.transient);
  e = tr(
      RemoteError(ErrorKind::kUnauthorized, "x (HTTP 401: UNAUTHORIZED: authentication required)",
                  401, "UNAUTHORIZED: authentication required"),
      RemoteOperation::kWrite);
  EXPECT_EQ(
      msg(e),
      "endpoint ecr-prod refused the credentials (401 UNAUTHORIZED: authentication required)");
  // An AWS token call: its own sentence, no registry body.
  e = tr(RemoteError(ErrorKind::kUnauthorized,
                     "the AWS access key is invalid (InvalidClientTokenId)", 400),
         RemoteOperation::kWrite);
  EXPECT_EQ(msg(e),
            "endpoint ecr-prod refused the credentials: the AWS access key is invalid "
            "(InvalidClientTokenId)");
}

TEST(RemoteErrors, PermissionsAndQuota) {
  RemoteError denied(ErrorKind::kForbidden,
                     "x: access denied (HTTP 403: DENIED: requested access "
                     "to the resource is denied)",
                     403, "DENIED: requested access to the resource is denied");
  EXPECT_EQ(msg(tr(denied, RemoteOperation::kWrite)),
            "no permission to push to lib/app on endpoint ecr-prod (403 DENIED: requested access "
            "to the resource is denied)");
  EXPECT_EQ(msg(tr(denied, RemoteOperation::kRead)).rfind("no permission to pull lib/app from", 0),
            0u);
  EXPECT_EQ(
      msg(tr(denied, RemoteOperation::kList, "")).rfind("no permission to list repositories", 0),
      0u);
  EXPECT_EQ(
      msg(tr(denied, RemoteOperation::kDelete)).rfind("no permission to delete from lib/app", 0),
      0u);
  RemoteError quota(ErrorKind::kForbidden, "x", 403,
                    "DENIED: Quota exceeded when processing the request of adding 10 MiB");
  auto e = tr(quota, RemoteOperation::kWrite);
  EXPECT_EQ(
      msg(e).rfind("quota exceeded on the destination (endpoint ecr-prod) (403 DENIED: Quota", 0),
      0u)
      << msg(e);
  EXPECT_FALSE(e.transient);
  RemoteError too_large(ErrorKind::kProtocol, "x failed (HTTP 413: storage quota reached)", 413,
                        "storage quota reached");
  EXPECT_EQ(
      msg(tr(too_large, RemoteOperation::kWrite)).rfind("quota exceeded on the destination", 0),
      0u);
  RemoteError plain_413(ErrorKind::kProtocol, "x failed (HTTP 413)", 413);
  EXPECT_EQ(msg(tr(plain_413, RemoteOperation::kWrite)),
            "endpoint ecr-prod refused the upload to lib/app as too large (413)");
}

TEST(RemoteErrors, TransientWithRetryAfter) {
  auto e = tr(RemoteError(ErrorKind::kRateLimited, "x", 429, "TOOMANYREQUESTS: slow down", 30),
              RemoteOperation::kRead);
  EXPECT_TRUE(e.transient);
  EXPECT_EQ(e.retry_after_s, 30);
  EXPECT_EQ(msg(e),
            "endpoint ecr-prod is limiting the request rate (429 TOOMANYREQUESTS: slow down)");
  e = tr(RemoteError(ErrorKind::kServer, "x: upstream server error (HTTP 503)", 503, "", 5),
         RemoteOperation::kWrite);
  EXPECT_TRUE(e.transient);
  EXPECT_EQ(e.retry_after_s, 5);
  EXPECT_EQ(msg(e), "endpoint ecr-prod failed with a server error (503)");
}

TEST(RemoteErrors, Transport) {
  auto e = tr(RemoteError(ErrorKind::kConnectionRefused, "connection refused by reg:5000"),
              RemoteOperation::kPutManifest);
  EXPECT_EQ(msg(e), "destination unreachable (endpoint ecr-prod): connection refused by reg:5000");
  EXPECT_TRUE(e.transient);
  e = tr(RemoteError(ErrorKind::kTimeout, "timeout talking to reg"), RemoteOperation::kRead);
  EXPECT_EQ(msg(e), "source timed out (endpoint ecr-prod): timeout talking to reg");
  EXPECT_TRUE(e.transient);
  EXPECT_TRUE(tr(RemoteError(ErrorKind::kNetwork, "broken"), RemoteOperation::kWrite).transient);
  e = tr(RemoteError(ErrorKind::kDns, "cannot resolve host name of nope: x"),
         RemoteOperation::kWrite);
  EXPECT_FALSE(e.transient);
  EXPECT_EQ(msg(e).rfind("destination unreachable (endpoint ecr-prod)", 0), 0u);
  e = tr(RemoteError(ErrorKind::kTls, "TLS error with reg: certificate"), RemoteOperation::kWrite);
  EXPECT_FALSE(e.transient);
  EXPECT_NE(msg(e).find("CA certificate"), std::string::npos);
}

TEST(RemoteErrors, ManifestRefusals) {
  auto e = tr(RemoteError(ErrorKind::kProtocol, "PUT manifest failed (HTTP 400: ...)", 400,
                          "MANIFEST_INVALID: manifest invalid"),
              RemoteOperation::kPutManifest, "lib/app", "application/vnd.oci.image.index.v1+json");
  EXPECT_EQ(msg(e),
            "the destination (endpoint ecr-prod) refused the manifest type "
            "application/vnd.oci.image.index.v1+json for lib/app (400 MANIFEST_INVALID: manifest "
            "invalid)");
  EXPECT_FALSE(e.transient);
  e = tr(RemoteError(ErrorKind::kProtocol, "x", 400, "MANIFEST_BLOB_UNKNOWN: blob unknown"),
         RemoteOperation::kPutManifest, "lib/app", "m");
  EXPECT_EQ(msg(e).rfind("the destination (endpoint ecr-prod) lacks a blob", 0), 0u) << msg(e);
  e = tr(RemoteError(ErrorKind::kProtocol, "x", 405, "UNSUPPORTED: deletes disabled"),
         RemoteOperation::kDelete);
  EXPECT_NE(msg(e).find("does not allow"), std::string::npos) << msg(e);
}

TEST(RemoteErrors, EveryRegistryErrorIsRead) {
  // docker-registry's answer to a manifest whose blob it lacks: the telling error comes second.
  berth::remote::HttpResponse r;
  r.status = 400;
  r.body = R"({"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match )"
           R"(uploaded content"},{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to )"
           R"(registry","detail":"sha256:aa"}]})";
  try {
    berth::remote::throw_for_status(r, "PUT manifest");
    FAIL() << "no throw";
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.detail(),
              "DIGEST_INVALID: provided digest did not match uploaded content; "
              "MANIFEST_BLOB_UNKNOWN: blob unknown to registry");
    EXPECT_EQ(msg(tr(e, RemoteOperation::kPutManifest, "lib/app", "m"))
                  .rfind("the destination (endpoint ecr-prod) lacks a blob the manifest of lib/app "
                         "references (400 DIGEST_INVALID",
                         0),
              0u)
        << msg(tr(e, RemoteOperation::kPutManifest, "lib/app", "m"));
  }
}

TEST(RemoteErrors, NotFoundAndOthers) {
  RemoteError nf(ErrorKind::kNotFound,
                 "x: not found (HTTP 404: NAME_UNKNOWN: repository name not known)", 404,
                 "NAME_UNKNOWN: repository name not known");
  EXPECT_EQ(msg(tr(nf, RemoteOperation::kWrite)),
            "repository lib/app does not exist on endpoint ecr-prod (create it, or its project, "
            "there first) (404 NAME_UNKNOWN: repository name not known)");
  EXPECT_EQ(
      msg(tr(nf, RemoteOperation::kRead)).rfind("repository lib/app not found on endpoint", 0), 0u);
  EXPECT_EQ(msg(tr(RemoteError(ErrorKind::kAborted, "transfer stopped by the receiver"),
                   RemoteOperation::kRead)),
            "the transfer with endpoint ecr-prod was stopped");
  EXPECT_FALSE(
      tr(RemoteError(ErrorKind::kDigestMismatch, "blob x hashes to y"), RemoteOperation::kRead)
          .transient);
  EXPECT_EQ(msg(tr(RemoteError(ErrorKind::kConfig, "unsupported registry type: quay"),
                   RemoteOperation::kList)),
            "endpoint ecr-prod: unsupported registry type: quay");
}

TEST(RemoteErrors, ThrowForStatusKeepsTheAnswer) {
  berth::remote::HttpResponse r;
  r.status = 429;
  r.headers = {{"Retry-After", "12"}};
  r.body = R"({"errors":[{"code":"TOOMANYREQUESTS","message":"pull rate limit"}]})";
  try {
    berth::remote::throw_for_status(r, "GET blob");
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRateLimited);
    EXPECT_EQ(e.detail(), "TOOMANYREQUESTS: pull rate limit");
    EXPECT_EQ(e.retry_after_s(), 12);
    auto t = tr(e, RemoteOperation::kRead);
    EXPECT_EQ(t.retry_after_s, 12);
    EXPECT_TRUE(t.transient);
  }
}
