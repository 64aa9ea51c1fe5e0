// Harbor's view of an artifact derived from its manifest: the "type" shown in the API
// (IMAGE, CHART, CNAB, SIGNATURE.COSIGN, SBOM, ...), the artifact media type, and the
// extra_attrs of images (from the image config). Pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// manifest_media_type: the manifest's own type; config_media_type: its config descriptor's type
// ("" for indexes); artifact_type: artifactType, or the config media type (as stored on push).
std::string artifact_kind(std::string_view manifest_media_type, std::string_view config_media_type,
                          std::string_view artifact_type);

// The config media types / artifactTypes that make an artifact of `kind` (IMAGE, CHART, ...),
// for queries that filter by type; empty for a kind Harbor does not know. known_kind_media_types:
// every type with a kind (an artifactType outside it falls back to the config type).
std::vector<std::string> kind_media_types(std::string_view kind);
std::vector<std::string> known_kind_media_types();

// Harbor's Artifact.media_type: the config media type, or the manifest type for indexes.
std::string artifact_media_type(std::string_view manifest_media_type,
                                std::string_view config_media_type);

// {architecture, os, config, created, author} from an image config document; {} when it is not
// a JSON object.
nlohmann::json image_extra_attrs(const nlohmann::json& config);

}  // namespace berth::core
