// Harbor's rules for project names and project metadata (ProjectReq.metadata), kept free of
// I/O so handlers, the CLI and tests share them.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace berth::core {

// Harbor: lowercase, 1–255 characters, ^[a-z0-9]+(?:[._-][a-z0-9]+)*$, which also makes the
// name a valid first component of a repository name. Returns the reason when invalid.
std::optional<std::string> project_name_error(const std::string& name);

using ProjectMetadata = std::map<std::string, std::string>;

// Validates and normalises metadata from a request. Throws std::invalid_argument naming the
// key on an unknown key or a bad value. `public` must be exactly "true"/"false"; the other
// booleans accept Go's ParseBool spellings and are stored as "true"/"false". Proxy keys are
// dropped unless the project is a proxy cache (has_registry).
ProjectMetadata normalize_metadata(const ProjectMetadata& in, bool has_registry);

bool is_known_metadata_key(const std::string& key);

}  // namespace berth::core
