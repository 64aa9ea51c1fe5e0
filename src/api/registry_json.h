// Harbor's JSON shapes for registry endpoints: Registry (the secret masked as Harbor does),
// RegistryInfo per provider type and the provider patterns of /replication/adapterinfos.
#pragma once

#include "api/api_util.h"
#include "core/registry_endpoint_store.h"

namespace berth::api {

// Registry: id, name, description, type, url, insecure, ca_certificate (when set), status,
// creation_time, update_time, credential {type, access_key, access_secret: "*****" when a secret
// is stored}. The secret itself is never rendered.
json registry_json(const core::RegistryEndpoint& e);

// The mask Harbor shows instead of a stored secret; a PUT that sends it back changes nothing.
inline constexpr const char* kSecretMask = "*****";

// RegistryInfo of an endpoint type; id 0 is the local registry (Berth itself).
json registry_info_json(const std::string& type, bool local = false);

// /replication/adapterinfos: {type: RegistryProviderInfo} for every type Berth supports.
json adapter_infos_json();

}  // namespace berth::api
