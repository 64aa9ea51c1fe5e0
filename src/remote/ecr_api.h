// The Amazon ECR control-plane calls replication needs besides the registry protocol: ECR
// refuses pushes to a repository that does not exist (no create-on-push), and deletes go through
// BatchDeleteImage rather than DELETE /v2/.../manifests.
//
// Every call names registryId = the account of the endpoint URL when it has one
// (https://<account>.dkr.ecr.<region>.amazonaws.com), so that with cross-account permissions
// the repository lands in the URL's account and not in the account owning the keys (Harbor
// #21828, #22858); api.ecr.<region> URLs leave it out (the keys' own account).
#pragma once

#include <string>
#include <vector>

#include "remote/ecr_call.h"

namespace berth::remote {

struct EcrRepositoryOptions {
  bool immutable_tags = false;  // imageTagMutability IMMUTABLE instead of MUTABLE
  bool scan_on_push = false;    // imageScanningConfiguration.scanOnPush
};

enum class EcrEnsureResult {
  kExisted,     // DescribeRepositories found it; nothing created
  kCreated,     // created now (or concurrently by someone else)
  kUnverified,  // neither DescribeRepositories nor CreateRepository is allowed: it may exist;
                // the push will tell
};

// Request bodies and answer parsing, separate for tests. An empty registry_id is left out.
std::string ecr_describe_repository_body(const std::string& registry_id, const std::string& name);
// DescribeRepositories of every repository: one page of `max_results` (AWS: 1..1000) after
// `next_token` (empty: the first page).
std::string ecr_list_repositories_body(const std::string& registry_id,
                                       const std::string& next_token, int max_results);
struct EcrRepositoryPage {
  std::vector<std::string> names;
  std::string next_token;  // empty: the last page
};
// The repositoryName of each entry of a DescribeRepositories answer and its nextToken.
// Malformed: RemoteError(kProtocol).
EcrRepositoryPage parse_describe_repositories_page(const std::string& json);
std::string ecr_create_repository_body(const std::string& registry_id, const std::string& name,
                                       const EcrRepositoryOptions& options);
// A reference containing ':' is a digest (tags cannot contain one), anything else a tag.
std::string ecr_batch_delete_image_body(const std::string& registry_id, const std::string& name,
                                        const std::string& tag_or_digest);
// How many images the answer reports deleted (distinct digests); a failure ImageNotFound counts
// 0, any other failure throws RemoteError with its code and reason. Malformed: kProtocol.
int parse_batch_delete_image_response(const std::string& json);

class EcrApi {
 public:
  // Empty `keys` use the AWS credential chain. ECR Public (public.ecr.aws) has another API
  // for its repositories: RemoteError(kConfig).
  EcrApi(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http,
         EnvLookup env = process_env());

  // DescribeRepositories; false on RepositoryNotFoundException.
  bool repository_exists(const std::string& name);
  // Every repository of the registry: DescribeRepositories without names, 1000 a page, following
  // nextToken. ECR refuses /v2/_catalog to IAM users, so this is how its repositories are listed
  // (as Harbor's adapter does). More than kMaxListed names (or a nextToken that never ends)
  // throws RemoteError(kProtocol) rather than listing part of the registry.
  std::vector<std::string> list_repositories();
  static constexpr size_t kMaxListed = 100000;

  // CreateRepository; RepositoryAlreadyExistsException counts as success (the settings of an
  // existing repository are left alone).
  void create_repository(const std::string& name, const EcrRepositoryOptions& options);
  // Describes first and creates only when missing, so keys without ecr:CreateRepository can
  // replicate into repositories that exist (Harbor #13268). When describing is denied it tries
  // to create; when that is denied too the answer is kUnverified.
  EcrEnsureResult ensure_repository(const std::string& name, const EcrRepositoryOptions& options);
  // BatchDeleteImage of one tag or digest; the number of images deleted (0: not there, or the
  // repository does not exist).
  int batch_delete_image(const std::string& name, const std::string& tag_or_digest);

  // The registryId sent with every call; empty for api.ecr.<region> URLs.
  const std::string& registry_id() const { return caller_.endpoint().account; }
  std::string api_url() const { return caller_.api_url(); }

 private:
  // What an access-denied message names: the repository's ARN, or its name without an account.
  std::string resource(const std::string& name) const;
  EcrReply create(const std::string& name, const EcrRepositoryOptions& options);
  [[noreturn]] void fail(const EcrReply& reply, const std::string& operation,
                         const std::string& name) const;

  EcrCaller caller_;
};

}  // namespace berth::remote
