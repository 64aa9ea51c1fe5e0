#include "api/registry_json.h"

#include "remote/endpoint_client.h"

namespace berth::api {

json registry_json(const core::RegistryEndpoint& e) {
  json credential = {{"type", e.credential_type}, {"access_key", e.access_key}};
  if (e.has_secret || !e.access_secret.empty()) credential["access_secret"] = kSecretMask;
  json j = {{"id", e.id},
            {"name", e.name},
            {"description", e.description},
            {"type", e.type},
            {"url", e.url},
            {"insecure", e.insecure},
            {"status", e.status},
            {"credential", credential},
            {"creation_time", iso_time(e.creation_time)},
            {"update_time", iso_time(e.update_time)}};
  if (!e.ca_certificate.empty()) j["ca_certificate"] = e.ca_certificate;
  return j;
}

namespace {
json filter(const char* type, const char* style, json values = nullptr) {
  json f = {{"type", type}, {"style", style}};
  if (!values.is_null()) f["values"] = std::move(values);
  return f;
}
}  // namespace

json registry_info_json(const std::string& type, bool local) {
  // Harbor's adapters: name and tag filters as text inputs; harbor also filters by label; the
  // resource-type radio is appended by the controller ("process").
  json filters = json::array({filter("name", "input"), filter("tag", "input")});
  bool harbor = type == "harbor" || local;
  if (harbor) filters.push_back(filter("label", "list", json::array()));
  filters.push_back(filter("resource", "radio", json::array({"image"})));
  json triggers = json::array({"manual", "scheduled"});
  // Only the local registry emits events (Harbor appends event_based for id 0).
  if (local) triggers.push_back("event_based");
  json info = {{"type", local ? "harbor" : type},
               {"description", ""},
               {"supported_resource_filters", filters},
               {"supported_triggers", triggers}};
  if (harbor) info["supported_copy_by_chunk"] = true;
  return info;
}

namespace {
json endpoint_pattern(const char* kind,
                      const std::vector<std::pair<std::string, std::string>>& eps) {
  json list = json::array();
  for (const auto& [k, v] : eps) list.push_back({{"key", k}, {"value", v}});
  return {{"endpoint_type", kind}, {"endpoints", list}};
}

// The regions whose ECR API endpoint Harbor's portal offers in a list.
json ecr_pattern() {
  static const char* const kRegions[] = {
      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "af-south-1",
      "ap-east-1",      "ap-south-1",     "ap-south-2",     "ap-northeast-1", "ap-northeast-2",
      "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
      "ap-southeast-5", "ap-southeast-7", "ca-central-1",   "ca-west-1",      "cn-north-1",
      "cn-northwest-1", "eu-central-1",   "eu-central-2",   "eu-west-1",      "eu-west-2",
      "eu-west-3",      "eu-south-1",     "eu-south-2",     "eu-north-1",     "il-central-1",
      "me-south-1",     "me-central-1",   "mx-central-1",   "sa-east-1",      "us-gov-east-1",
      "us-gov-west-1"};
  std::vector<std::pair<std::string, std::string>> eps;
  for (const char* r : kRegions) {
    std::string region = r;
    std::string domain = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    eps.emplace_back(region, "https://api.ecr." + region + "." + domain);
  }
  return endpoint_pattern("EndpointPatternTypeList", eps);
}
}  // namespace

json adapter_infos_json() {
  json out = json::object();
  for (const auto& type : remote::endpoint_types()) {
    json info = json::object();  // Harbor: no pattern = free-form URL and user/password
    if (type == "aws-ecr") info["endpoint_pattern"] = ecr_pattern();
    if (type == "docker-hub")
      info["endpoint_pattern"] = endpoint_pattern("EndpointPatternTypeFix",
                                                  {{"hub.docker.com", "https://hub.docker.com"}});
    out[type] = std::move(info);
  }
  return out;
}

}  // namespace berth::api
