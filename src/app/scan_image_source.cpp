#include "app/scan_image_source.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/digest.h"
#include "core/manifest.h"
#include "core/media_types.h"
#include "scan/image_config.h"

namespace berth::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr uint64_t kMaxDocumentBytes = 4 << 20;

std::optional<std::string> read_small(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return std::nullopt;
  if (size > kMaxDocumentBytes) throw ImageSourceError(p.string() + ": too large for a manifest");
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The blob file of a validated digest (never a path built from unchecked text).
fs::path layout_blob(const fs::path& dir, const std::string& digest) {
  auto d = core::Digest::parse(digest);
  if (!d) throw ImageSourceError("invalid digest '" + digest + "'");
  return dir / "blobs" / std::string(d->algorithm_name()) / d->hex;
}

std::string pick_platform(const core::ParsedManifest& index) {
  if (index.manifests.empty()) throw ImageSourceError("the index lists no manifests");
  for (const auto& m : index.manifests) {
    if (m.platform_json.empty()) continue;
    auto p = json::parse(m.platform_json, nullptr, false);
    if (p.is_object() && p.value("os", "") == "linux" && p.value("architecture", "") == "amd64")
      return m.digest.str();
  }
  return index.manifests.front().digest.str();
}

}  // namespace

ManifestStore oci_layout_store(const fs::path& dir) {
  ManifestStore store;
  store.blob_path = [dir](const std::string& digest) { return layout_blob(dir, digest); };
  store.manifest =
      [dir](const std::string& ref) -> std::optional<std::pair<std::string, std::string>> {
    std::string digest = ref;
    if (!core::Digest::parse(ref)) {
      auto text = read_small(dir / "index.json");
      if (!text) throw ImageSourceError(dir.string() + ": no index.json (not an OCI layout)");
      json index = json::parse(*text, nullptr, false);
      if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array())
        throw ImageSourceError(dir.string() + "/index.json is not valid");
      digest.clear();
      const auto& manifests = index["manifests"];
      for (const auto& m : manifests) {
        std::string name;
        if (m.contains("annotations") && m["annotations"].is_object())
          name = m["annotations"].value("org.opencontainers.image.ref.name", "");
        if ((ref.empty() && manifests.size() == 1) || (!ref.empty() && name == ref)) {
          digest = m.value("digest", "");
          break;
        }
      }
      if (digest.empty()) return std::nullopt;
    }
    auto body = read_small(layout_blob(dir, digest));
    if (!body) return std::nullopt;
    auto j = json::parse(*body, nullptr, false);
    std::string media_type = j.is_object() ? j.value("mediaType", "") : "";
    if (media_type.empty()) media_type = std::string(core::media::kOciManifest);
    return std::make_pair(media_type, *body);
  };
  return store;
}

scan::ScanTarget resolve_scan_target(const ManifestStore& store, const std::string& ref,
                                     const std::string& name, const std::string& repository) {
  auto m = store.manifest(ref);
  if (!m) throw ImageSourceError(name + ": image not found");
  auto parsed = core::parse_manifest(m->second, m->first);
  if (!parsed.manifest)
    throw ImageSourceError(name + ": invalid manifest" +
                           (parsed.error ? ": " + parsed.error->message : std::string()));
  std::string digest = core::Digest::sha256_of(m->second).str();
  if (core::media::is_index(parsed.manifest->media_type)) {
    digest = pick_platform(*parsed.manifest);
    m = store.manifest(digest);
    if (!m) throw ImageSourceError(name + ": manifest " + digest + " is missing");
    parsed = core::parse_manifest(m->second, m->first);
    if (!parsed.manifest || core::media::is_index(parsed.manifest->media_type))
      throw ImageSourceError(name + ": invalid image manifest " + digest);
  }
  scan::ScanTarget t;
  t.name = name;
  t.digest = digest;
  t.repository = repository;
  scan::ImageConfigInfo config_info;
  if (parsed.manifest->config) {
    t.config_digest = parsed.manifest->config->digest.str();
    std::error_code ec;
    fs::path config = store.blob_path(t.config_digest);
    if (fs::exists(config, ec) && fs::file_size(config, ec) <= kMaxDocumentBytes) {
      config_info = scan::parse_image_config(read_small(config).value_or(""));
      t.os = config_info.os;
      t.architecture = config_info.architecture;
    }
  }
  const auto& layers = parsed.manifest->layers;
  for (size_t i = 0; i < layers.size(); ++i) {
    fs::path p = store.blob_path(layers[i].digest.str());
    std::error_code ec;
    if (!fs::exists(p, ec))
      throw ImageSourceError(name + ": layer " + layers[i].digest.str() + " is not stored here");
    t.layers.push_back({p, layers[i].media_type, layers[i].digest.str(),
                        scan::diff_id_for_layer(config_info, layers.size(), i)});
  }
  return t;
}

}  // namespace berth::app
