#include "scan/analyze/layer_origins.h"

#include "scan/analyze/image_analyzer.h"
#include "scan/analyze/redhat_buildinfo.h"
#include "scan/analyze/wanted_paths.h"

namespace berth::scan {

namespace {

// Trivy's findPackage compares name, version and release only (not epoch or arch).
std::string package_key(const Package& p) {
  std::string key = p.name;
  key.push_back('\0');
  key += p.version;
  key.push_back('\0');
  key += p.release;
  return key;
}

std::optional<BuildInfo> build_info_of(const std::string& path, const VfsNode& node,
                                       FileKind kind) {
  if (node.truncated) throw AnalysisError(AnalysisError::Kind::kLimit, "larger than its size cap");
  if (kind == FileKind::kRedhatContentManifest) {
    auto sets = parse_content_manifest(node.data);
    if (sets.empty()) return std::nullopt;  // Trivy: no build info from this file
    return BuildInfo{std::move(sets), {}, {}};
  }
  return parse_buildinfo_dockerfile(path, node.data);
}

}  // namespace

void LayerOrigins::add_layer(int index, const VirtualFs& own_files,
                             std::vector<std::string>& warnings) {
  if (index < 0) return;
  if (layers_.size() <= size_t(index)) layers_.resize(size_t(index) + 1);
  Layer& layer = layers_[size_t(index)];
  ImageAnalysis own;
  for (const auto& [path, node] : own_files.nodes()) {
    if (node.type != VfsNode::Type::kFile) continue;
    auto kind = classify_path(path);
    if (kind == FileKind::kRedhatContentManifest || kind == FileKind::kRedhatDockerfile) {
      try {
        if (auto info = build_info_of(path, node, *kind)) {
          if (!layer.build_info) layer.build_info = BuildInfo{};
          merge_build_info(*layer.build_info, *info);
        }
      } catch (const AnalysisError& e) {
        warnings.push_back("layer " + std::to_string(index) + ": " + path + ": " + e.what() +
                           " (no Red Hat build info from it)");
      }
      continue;
    }
    try {
      analyze_file(own, path, node);
    } catch (const AnalysisError&) {
      // The merged view reports the files that matter; a lower layer's broken copy lists nothing.
    }
  }
  for (const auto& db : own.os_packages)
    for (const auto& p : db.packages) layer.os_keys.insert(package_key(p));
  for (const auto& app : own.lang_packages) {
    auto& keys = layer.lang_keys[app.file_path];
    for (const auto& p : app.packages) keys.insert(package_key(p));
  }
}

void LayerOrigins::apply(ImageAnalysis& analysis) const {
  auto first_layer = [&](auto&& lists) {
    for (size_t i = 0; i < layers_.size(); ++i)
      if (lists(layers_[i])) return int(i);
    return -1;
  };
  for (auto& db : analysis.os_packages)
    for (auto& p : db.packages) {
      std::string key = package_key(p);
      p.layer = first_layer([&](const Layer& l) { return l.os_keys.count(key) > 0; });
    }
  for (auto& app : analysis.lang_packages)
    for (auto& p : app.packages) {
      std::string key = package_key(p);
      p.layer = first_layer([&](const Layer& l) {
        auto it = l.lang_keys.find(app.file_path);
        return it != l.lang_keys.end() && it->second.count(key) > 0;
      });
    }
  analysis.layer_build_info.clear();
  for (const auto& l : layers_) analysis.layer_build_info.push_back(l.build_info);
}

const BuildInfo* build_info_for_layer(const ImageAnalysis& analysis, int layer) {
  const auto& infos = analysis.layer_build_info;
  if (layer < 0 || size_t(layer) >= infos.size()) return nullptr;
  if (infos[size_t(layer)]) return &*infos[size_t(layer)];
  if (layer == 0) return infos.size() > 1 && infos[1] ? &*infos[1] : nullptr;
  for (int i = layer - 1; i >= 0; --i)
    if (infos[size_t(i)]) return &*infos[size_t(i)];
  return nullptr;
}

}  // namespace berth::scan
