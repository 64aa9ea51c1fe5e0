#include "core/artifact_types.h"

#include <array>
#include <utility>

#include "core/media_types.h"

namespace berth::core {

namespace {
// Config media types / artifactTypes Harbor's processors know, and the type they show.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kKinds = {{
    {media::kOciConfig, "IMAGE"},
    {media::kDockerConfig, "IMAGE"},
    {media::kHelmConfig, "CHART"},
    {"application/vnd.cnab.config.v1+json", "CNAB"},
    {"application/vnd.wasm.config.v1+json", "WASM"},
    {"application/vnd.module.wasm.config.v1+json", "WASM"},
    {"application/vnd.dev.cosign.artifact.sig.v1+json", "SIGNATURE.COSIGN"},
    {"application/vnd.cncf.notary.signature", "SIGNATURE.NOTATION"},
    {"application/vnd.goharbor.harbor.sbom.v1", "SBOM"},
    {"application/spdx+json", "SBOM"},
    {"application/vnd.cyclonedx+json", "SBOM"},
    {"application/vnd.dev.cosign.simplesigning.v1+json", "SIGNATURE.COSIGN"},
}};
}  // namespace

std::string artifact_kind(std::string_view manifest_media_type, std::string_view config_media_type,
                          std::string_view artifact_type) {
  if (media::is_index(manifest_media_type)) return "IMAGE";
  // An explicit artifactType says more than a generic (often empty) config.
  for (std::string_view t : {artifact_type, config_media_type})
    for (const auto& [mt, kind] : kKinds)
      if (t == mt) return std::string(kind);
  return "UNKNOWN";
}

std::vector<std::string> kind_media_types(std::string_view kind) {
  std::vector<std::string> out;
  for (const auto& [mt, k] : kKinds)
    if (k == kind) out.emplace_back(mt);
  return out;
}

std::vector<std::string> known_kind_media_types() {
  std::vector<std::string> out;
  for (const auto& [mt, k] : kKinds) out.emplace_back(mt);
  return out;
}

std::string artifact_media_type(std::string_view manifest_media_type,
                                std::string_view config_media_type) {
  if (media::is_index(manifest_media_type) || config_media_type.empty())
    return std::string(manifest_media_type);
  return std::string(config_media_type);
}

nlohmann::json image_extra_attrs(const nlohmann::json& config) {
  nlohmann::json out = nlohmann::json::object();
  if (!config.is_object()) return out;
  for (const char* key : {"architecture", "os", "created", "author", "variant"}) {
    auto it = config.find(key);
    if (it != config.end() && it->is_string()) out[key] = *it;
  }
  auto it = config.find("config");
  if (it != config.end() && it->is_object()) out["config"] = *it;
  return out;
}

}  // namespace berth::core
