#include "app/ecr_check.h"

#include <iostream>

#include "remote/ecr_api.h"
#include "remote/ecr_auth.h"
#include "remote/errors.h"

namespace berth::app {
namespace {

using namespace berth::remote;

const char* ensure_word(EcrEnsureResult r) {
  switch (r) {
    case EcrEnsureResult::kExisted:
      return "existed";
    case EcrEnsureResult::kCreated:
      return "created";
    case EcrEnsureResult::kUnverified:
      return "unverified";
  }
  return "unverified";
}

// "team/app:v1" → {team/app, v1}; "team/app@sha256:..." and "team/app:sha256:..." → the digest.
std::pair<std::string, std::string> split_delete_ref(const std::string& ref) {
  auto at = ref.find('@');
  auto cut = at != std::string::npos ? at : ref.find(':');
  if (cut == std::string::npos || cut == 0 || cut + 1 == ref.size())
    throw RemoteError(ErrorKind::kConfig, "--delete wants NAME:TAG or NAME@DIGEST, not " + ref);
  return {ref.substr(0, cut), ref.substr(cut + 1)};
}

int run(const EcrCheckOptions& o) {
  auto endpoint = parse_ecr_url(o.url);
  if (!endpoint) throw RemoteError(ErrorKind::kConfig, "not an ECR endpoint URL: " + o.url);
  AwsCredentials keys{o.access_key, o.secret_key, "", std::nullopt, "configured keys"};
  EcrApi api(*endpoint, keys, HttpOptions{});
  std::cout << "api: " << api.api_url()
            << " registryId=" << (api.registry_id().empty() ? "(none)" : api.registry_id()) << "\n";
  EcrRepositoryOptions settings{o.immutable, o.scan_on_push};
  // Each call before its line is printed: the calls log on the same stream.
  if (!o.exists.empty()) {
    bool found = api.repository_exists(o.exists);
    std::cout << "exists: " << o.exists << " " << (found ? "yes" : "no") << "\n";
  }
  if (!o.ensure_repo.empty()) {
    auto result = api.ensure_repository(o.ensure_repo, settings);
    std::cout << "ensure: " << o.ensure_repo << " " << ensure_word(result) << "\n";
  }
  if (!o.create_repo.empty()) {
    api.create_repository(o.create_repo, settings);
    std::cout << "create: " << o.create_repo << " ok\n";
  }
  if (!o.delete_ref.empty()) {
    auto [name, ref] = split_delete_ref(o.delete_ref);
    int n = api.batch_delete_image(name, ref);
    std::cout << "delete: " << name << " " << ref << " " << n << " image(s) deleted\n";
  }
  if (o.list) {
    auto names = api.list_repositories();
    std::cout << "list: " << names.size() << " repositories\n";
    for (const auto& n : names) std::cout << "repository: " << n << "\n";
  }
  return 0;
}

}  // namespace

int ecr_check(const EcrCheckOptions& options) {
  try {
    return run(options);
  } catch (const RemoteError& e) {
    std::cerr << "error: " << e.what() << " [" << error_kind_name(e.kind()) << "]\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace berth::app
