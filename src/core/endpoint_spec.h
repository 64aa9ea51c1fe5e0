// How to reach a stored registry endpoint, for the remote clients (proxy cache, health checks, replication).
#pragma once

#include "core/registry_endpoint_store.h"
#include "remote/endpoint_client.h"

namespace berth::core {

inline remote::EndpointSpec endpoint_spec(const RegistryEndpoint& e) {
  return {e.type, e.url, e.access_key, e.access_secret, e.insecure, e.ca_certificate};
}

}  // namespace berth::proxy
