// Harbor's ReplicationPolicy as the API shows it: the policy's own fields
// (replication/policy_json.h), its creation and update times, and src_registry / dest_registry
// as Registry objects, this Berth being Harbor's "Local" registry (id 0).
#pragma once

#include <map>

#include "api/api_util.h"
#include "core/registry_endpoint_store.h"
#include "replication/policy.h"

namespace berth::api {

// Harbor's local registry object: id 0, name "Local", type "harbor", status "healthy", the
// credential type "secret" with its secret masked, zero times; `url` is where clients reach
// this Berth (Harbor shows its internal core URL, which means nothing outside its network).
json local_registry_json(const std::string& url);

// Renders policies, looking each endpoint up once (blocking: the endpoint store).
class PolicyRenderer {
 public:
  PolicyRenderer(core::RegistryEndpointStore& endpoints, std::string local_url)
      : endpoints_(endpoints), local_url_(std::move(local_url)) {}
  json render(const replication::Policy& p);

 private:
  json registry(int64_t id);

  core::RegistryEndpointStore& endpoints_;
  std::string local_url_;
  std::map<int64_t, json> seen_;
};

}  // namespace berth::api
