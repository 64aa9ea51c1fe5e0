#include "remote/ecr_api.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <set>

#include "remote/errors.h"

namespace berth::remote {
namespace {

using nlohmann::json;

json with_registry(const std::string& registry_id, json body) {
  if (!registry_id.empty()) body["registryId"] = registry_id;
  return body;
}

// A page as large as AWS allows: fewer calls, each under its rate limit.
constexpr int kListPage = 1000;
// Pages may be shorter than asked; this only stops a nextToken that never ends.
constexpr int kMaxListPages = 1000;

bool is_forbidden(const EcrReply& r) {
  return r.error_type == "AccessDeniedException" || r.error_type == "AccessDenied";
}

}  // namespace

std::string ecr_describe_repository_body(const std::string& registry_id, const std::string& name) {
  return with_registry(registry_id, {{"repositoryNames", {name}}}).dump();
}

std::string ecr_list_repositories_body(const std::string& registry_id,
                                       const std::string& next_token, int max_results) {
  json body = {{"maxResults", max_results}};
  if (!next_token.empty()) body["nextToken"] = next_token;
  return with_registry(registry_id, std::move(body)).dump();
}

EcrRepositoryPage parse_describe_repositories_page(const std::string& text) {
  auto bad = [](const std::string& why) {
    return RemoteError(ErrorKind::kProtocol, "ECR DescribeRepositories: " + why);
  };
  auto j = json::parse(text, nullptr, false);
  if (!j.is_object()) throw bad("the answer is not a JSON object");
  EcrRepositoryPage page;
  const auto repos = j.value("repositories", json::array());
  if (!repos.is_array()) throw bad("repositories is not a list");
  for (const auto& r : repos) {
    auto name = r.is_object() ? r.find("repositoryName") : r.end();
    if (!r.is_object() || name == r.end() || !name->is_string() || name->empty())
      throw bad("a repository without a repositoryName");
    page.names.push_back(name->get<std::string>());
  }
  auto token = j.find("nextToken");
  if (token != j.end() && !token->is_null()) {
    if (!token->is_string()) throw bad("nextToken is not a string");
    page.next_token = token->get<std::string>();
  }
  return page;
}

std::string ecr_create_repository_body(const std::string& registry_id, const std::string& name,
                                       const EcrRepositoryOptions& options) {
  return with_registry(registry_id,
                       {{"repositoryName", name},
                        {"imageTagMutability", options.immutable_tags ? "IMMUTABLE" : "MUTABLE"},
                        {"imageScanningConfiguration", {{"scanOnPush", options.scan_on_push}}}})
      .dump();
}

std::string ecr_batch_delete_image_body(const std::string& registry_id, const std::string& name,
                                        const std::string& tag_or_digest) {
  bool digest = tag_or_digest.find(':') != std::string::npos;
  json id = {{digest ? "imageDigest" : "imageTag", tag_or_digest}};
  return with_registry(registry_id, {{"repositoryName", name}, {"imageIds", json::array({id})}})
      .dump();
}

int parse_batch_delete_image_response(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_object())
    throw RemoteError(ErrorKind::kProtocol, "ECR BatchDeleteImage: the answer is not JSON");
  for (const auto& f : j.value("failures", json::array())) {
    std::string code = f.is_object() ? f.value("failureCode", "") : "";
    if (code == "ImageNotFound") continue;  // already gone: nothing to delete
    std::string reason = f.is_object() ? f.value("failureReason", "") : "";
    throw RemoteError(ErrorKind::kProtocol, "ECR BatchDeleteImage refused the image (AWS: " +
                                                (code.empty() ? "unknown failure" : code) +
                                                (reason.empty() ? "" : ": " + reason) + ")");
  }
  // One entry per removed tag: an image with two tags deleted by digest is still one image.
  std::set<std::string> digests;
  int untracked = 0;
  for (const auto& id : j.value("imageIds", json::array())) {
    std::string d = id.is_object() ? id.value("imageDigest", "") : "";
    if (d.empty())
      ++untracked;
    else
      digests.insert(d);
  }
  return int(digests.size()) + untracked;
}

EcrApi::EcrApi(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http, EnvLookup env)
    : caller_(std::move(endpoint), std::move(keys), std::move(http), std::move(env)) {
  if (caller_.endpoint().is_public)
    throw RemoteError(ErrorKind::kConfig,
                      "Amazon ECR Public repositories are managed through another API; create "
                      "them in the ECR Public console");
}

std::string EcrApi::resource(const std::string& name) const {
  std::string arn = ecr_repository_arn(caller_.endpoint(), name);
  return arn.empty() ? "repository " + name : arn;
}

void EcrApi::fail(const EcrReply& reply, const std::string& operation,
                  const std::string& name) const {
  throw_ecr_error(reply.status, reply.body, reply.error_type_header, caller_.action(operation),
                  resource(name));
}

bool EcrApi::repository_exists(const std::string& name) {
  EcrReply r =
      caller_.call("DescribeRepositories", ecr_describe_repository_body(registry_id(), name));
  if (r.status == 200) return true;
  if (r.error_type == "RepositoryNotFoundException") return false;
  fail(r, "DescribeRepositories", name);
}

std::vector<std::string> EcrApi::list_repositories() {
  std::vector<std::string> names;
  std::string token;
  for (int pages = 1;; ++pages) {
    EcrReply r = caller_.call("DescribeRepositories",
                              ecr_list_repositories_body(registry_id(), token, kListPage));
    if (r.status != 200) fail(r, "DescribeRepositories", "*");
    EcrRepositoryPage page = parse_describe_repositories_page(r.body);
    names.insert(names.end(), page.names.begin(), page.names.end());
    if (names.size() > kMaxListed)
      throw RemoteError(ErrorKind::kProtocol,
                        "ECR DescribeRepositories: more than " + std::to_string(kMaxListed) +
                            " repositories; name the repositories in the filter instead");
    if (page.next_token.empty()) break;
    if (pages >= kMaxListPages || page.next_token == token)
      throw RemoteError(ErrorKind::kProtocol,
                        "ECR DescribeRepositories: the pages do not end (nextToken after " +
                            std::to_string(pages) + " pages)");
    token = std::move(page.next_token);
  }
  spdlog::debug("remote: ECR DescribeRepositories listed {} repositories", names.size());
  return names;
}

void EcrApi::create_repository(const std::string& name, const EcrRepositoryOptions& options) {
  EcrReply r = create(name, options);
  // Already there (created meanwhile): success; its settings are left alone.
  if (r.status != 200 && r.error_type != "RepositoryAlreadyExistsException")
    fail(r, "CreateRepository", name);
}

EcrEnsureResult EcrApi::ensure_repository(const std::string& name,
                                          const EcrRepositoryOptions& options) {
  EcrReply d =
      caller_.call("DescribeRepositories", ecr_describe_repository_body(registry_id(), name));
  if (d.status == 200) return EcrEnsureResult::kExisted;
  const bool described = !is_forbidden(d);
  if (described && d.error_type != "RepositoryNotFoundException")
    fail(d, "DescribeRepositories", name);
  EcrReply c = create(name, options);
  if (c.status == 200) return EcrEnsureResult::kCreated;
  if (c.error_type == "RepositoryAlreadyExistsException")
    return described ? EcrEnsureResult::kCreated  // by someone else between the two calls
                     : EcrEnsureResult::kExisted;
  if (!described && is_forbidden(c)) {
    // Push-only keys (AWS's usual push policy has neither action): the push decides.
    spdlog::warn("remote: may neither describe nor create ECR repository {}; assuming it exists",
                 resource(name));
    return EcrEnsureResult::kUnverified;
  }
  fail(c, "CreateRepository", name);
}

EcrReply EcrApi::create(const std::string& name, const EcrRepositoryOptions& options) {
  EcrReply r =
      caller_.call("CreateRepository", ecr_create_repository_body(registry_id(), name, options));
  if (r.status == 200)
    spdlog::info("remote: created ECR repository {} ({} tags, scan on push {})", resource(name),
                 options.immutable_tags ? "immutable" : "mutable",
                 options.scan_on_push ? "on" : "off");
  return r;
}

int EcrApi::batch_delete_image(const std::string& name, const std::string& tag_or_digest) {
  EcrReply r = caller_.call("BatchDeleteImage",
                            ecr_batch_delete_image_body(registry_id(), name, tag_or_digest));
  if (r.error_type == "RepositoryNotFoundException") return 0;  // nothing there to delete
  if (r.status != 200) fail(r, "BatchDeleteImage", name);
  int n = parse_batch_delete_image_response(r.body);
  spdlog::debug("remote: ECR BatchDeleteImage {}:{} deleted {}", name, tag_or_digest, n);
  return n;
}

}  // namespace berth::remote
