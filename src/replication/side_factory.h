// Builds the two sides of a policy: registry id 0 is this Berth (LocalSide), any other id the
// stored endpoint (RemoteSide), with Amazon ECR's repository management plugged in for aws-ecr
// endpoints (DescribeRepositories, then CreateRepository in the URL's account; BatchDeleteImage
// for deletions).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "remote/http_client.h"
#include "replication/replicator.h"

namespace berth::core {
class RegistryService;
class ProjectStore;
class RegistryEndpointStore;
}  // namespace berth::core
namespace berth::store {
class BlobStore;
}

namespace berth::replication {

struct SideFactoryDeps {
  core::RegistryService& registry;
  store::BlobStore& blobs;
  core::ProjectStore& projects;
  core::RegistryEndpointStore& endpoints;
  std::filesystem::path temp_dir;  // on the blob store's filesystem
  std::function<std::vector<std::string>(const std::string& repo, const std::string& digest)>
      labels;
  remote::HttpOptions http;
};

SideFactory make_side_factory(SideFactoryDeps deps);

}  // namespace berth::replication
