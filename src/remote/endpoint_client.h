// One place that turns a registry endpoint as the user configured it (provider type, URL,
// credential, TLS options) into a RegistryClient that talks to it: the registries API pings
// with it, the proxy cache pulls with it, replication pushes with it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "remote/registry_client.h"

namespace berth::remote {

struct EndpointSpec {
  std::string type;  // docker-registry | docker-hub | harbor | aws-ecr
  std::string url;
  std::string access_key;     // basic: user name; aws-ecr: AWS access key id (empty: the chain)
  std::string access_secret;  // basic: password;  aws-ecr: AWS secret access key
  bool insecure = false;
  std::string ca_pem;  // extra trust for a private CA
};

// The provider types Berth can talk to, in the order the API lists them.
const std::vector<std::string>& endpoint_types();
bool is_endpoint_type(const std::string& type);

// The URL actually used: docker-hub's "https://hub.docker.com" becomes the registry host;
// a missing scheme is refused. Throws RemoteError(kConfig) with a message for the user.
std::string endpoint_registry_url(const EndpointSpec& spec);

// Throws RemoteError(kConfig) when the spec cannot work (unknown type, bad URL, an aws-ecr URL
// that names no region).
std::shared_ptr<RegistryClient> make_registry_client(const EndpointSpec& spec,
                                                     HttpOptions http = {}, RetryPolicy retry = {});

// GET /v2/ with the endpoint's authentication (for aws-ecr: GetAuthorizationToken first).
// Never throws: failures come back as a PingResult whose message says why.
PingResult ping_endpoint(const EndpointSpec& spec, HttpOptions http = {});

}  // namespace berth::remote
