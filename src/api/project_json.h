// Harbor's Project / ProjectReq JSON shapes: rendering and request parsing.
#pragma once

#include <nlohmann/json.hpp>

#include "auth/rbac.h"
#include "core/project_store.h"

namespace berth::api {

// The Project definition of the swagger, as the caller sees it.
nlohmann::json project_json(const core::Project& p, int64_t repo_count, const auth::Principal& who,
                            const auth::ProjectAccess& access);

// Harbor's quota shape, {hard:{storage}, used:{storage}} (bytes; hard -1 = unlimited), as the
// project summary and, beyond Harbor, each project of the list carry it.
nlohmann::json quota_json(int64_t storage_limit, int64_t storage_used);

// ProjectReq.metadata: an object of strings, validated and normalised (400 on anything else).
core::ProjectMetadata parse_metadata(const nlohmann::json& value, bool has_registry);
// ProjectReq.cve_allowlist: {items:[{cve_id}], expires_at}; returns the JSON text to store.
std::string parse_cve_allowlist(const nlohmann::json& value);

}  // namespace berth::api
