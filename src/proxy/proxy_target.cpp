#include "proxy/proxy_target.h"

namespace berth::proxy {

std::string Target::upstream_repository(const std::string& local_repo) const {
  std::string repo = local_repository(local_repo);
  return repo.substr(project.size() + 1);
}

std::string Target::local_repository(const std::string& local_repo) const {
  std::string inner = local_repo.substr(project.size() + 1);
  if (type == "docker-hub" && inner.find('/') == std::string::npos)
    return project + "/library/" + inner;
  return local_repo;
}

}  // namespace berth::proxy
