#include "remote/endpoint_client.h"

#include <algorithm>

#include "remote/ecr_auth.h"
#include "remote/errors.h"

namespace berth::remote {

const std::vector<std::string>& endpoint_types() {
  static const std::vector<std::string> types = {"aws-ecr", "docker-hub", "docker-registry",
                                                 "harbor"};
  return types;
}

bool is_endpoint_type(const std::string& type) {
  const auto& t = endpoint_types();
  return std::find(t.begin(), t.end(), type) != t.end();
}

std::string endpoint_registry_url(const EndpointSpec& spec) {
  std::string url = spec.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.empty() && spec.type == "docker-hub") url = "https://hub.docker.com";
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw RemoteError(ErrorKind::kConfig, "the URL must start with http:// or https://: " + url);
  // Docker Hub's web address is what users type; its registry API lives elsewhere.
  if (spec.type == "docker-hub" && (url == "https://hub.docker.com" || url == "https://docker.io"))
    return "https://registry-1.docker.io";
  return url;
}

std::shared_ptr<RegistryClient> make_registry_client(const EndpointSpec& spec, HttpOptions http,
                                                     RetryPolicy retry) {
  if (!is_endpoint_type(spec.type))
    throw RemoteError(ErrorKind::kConfig, "unsupported registry type: " + spec.type);
  http.insecure = spec.insecure;
  if (!spec.ca_pem.empty()) http.ca_pem = spec.ca_pem;
  RegistryConfig cfg;
  cfg.url = endpoint_registry_url(spec);
  cfg.http = http;
  cfg.retry = retry;
  if (spec.type == "aws-ecr") {
    auto ecr_endpoint = parse_ecr_url(cfg.url);
    if (!ecr_endpoint)
      throw RemoteError(ErrorKind::kConfig,
                        "not an Amazon ECR URL (want https://<account>.dkr.ecr.<region>."
                        "amazonaws.com, https://api.ecr.<region>.amazonaws.com or "
                        "https://public.ecr.aws): " +
                            cfg.url);
    AwsCredentials keys{spec.access_key, spec.access_secret, "", std::nullopt, "configured keys"};
    // The client owns its token source through the provider closure.
    auto ecr = std::make_shared<EcrAuth>(*ecr_endpoint, keys, http);
    cfg.provider = [ecr] {
      EcrToken t = ecr->token();
      return ProvidedAuth{t.credentials, t.proxy_endpoint};
    };
  } else if (!spec.access_key.empty() || !spec.access_secret.empty()) {
    cfg.credentials = Credentials{spec.access_key, spec.access_secret};
  }
  return std::make_shared<RegistryClient>(std::move(cfg));
}

PingResult ping_endpoint(const EndpointSpec& spec, HttpOptions http) {
  try {
    return make_registry_client(spec, http)->ping();
  } catch (const RemoteError& e) {
    PingResult r;
    r.status = PingStatus::kError;
    r.error = e.kind();
    r.message = e.what();
    return r;
  }
}

}  // namespace berth::remote
