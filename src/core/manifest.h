// Parsing and validating manifests (Docker schema2, Docker manifest list, OCI image manifest,
// OCI index, and OCI artifacts), independent of where their blobs live.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/digest.h"

namespace berth::core {

struct Descriptor {
  std::string media_type;
  Digest digest;
  int64_t size = 0;
  std::string artifact_type;
  std::string annotations_json;  // "" when absent
  std::string platform_json;     // "" when absent (index entries)
  bool foreign = false;          // non-distributable layer: may live elsewhere (urls)
};

struct ParsedManifest {
  std::string media_type;
  std::optional<Descriptor> config;     // image manifests
  std::vector<Descriptor> layers;       // image manifests
  std::vector<Descriptor> manifests;    // indexes
  std::optional<Descriptor> subject;    // OCI 1.1 referrers
  std::string artifact_type;            // artifactType, or config media type for images
  std::string annotations_json;         // "" when absent
};

struct ManifestError {
  std::string code;     // OCI error code: MANIFEST_INVALID, DIGEST_INVALID, ...
  std::string message;
};

// content_type is the request's Content-Type (may be empty); the body's own mediaType wins when
// the header is absent or generic, and the two must agree when both are specific.
// Returns the parsed manifest or the reason it is invalid.
struct ParseResult {
  std::optional<ParsedManifest> manifest;
  std::optional<ManifestError> error;
};
ParseResult parse_manifest(std::string_view body, std::string_view content_type);

}  // namespace berth::core
