#include "scan/image_config.h"

#include <nlohmann/json.hpp>

namespace berth::scan {

ImageConfigInfo parse_image_config(std::string_view bytes) {
  ImageConfigInfo info;
  auto c = nlohmann::json::parse(bytes, nullptr, false);
  if (!c.is_object()) return info;
  if (auto it = c.find("os"); it != c.end() && it->is_string()) info.os = *it;
  if (auto it = c.find("architecture"); it != c.end() && it->is_string()) info.architecture = *it;
  auto rootfs = c.find("rootfs");
  if (rootfs == c.end() || !rootfs->is_object()) return info;
  auto ids = rootfs->find("diff_ids");
  if (ids == rootfs->end() || !ids->is_array()) return info;
  for (const auto& id : *ids) {
    if (!id.is_string()) return {info.os, info.architecture, {}};
    info.diff_ids.push_back(id.get<std::string>());
  }
  return info;
}

std::string diff_id_for_layer(const ImageConfigInfo& config, size_t layer_count, size_t index) {
  // A count mismatch means the config does not describe these layers: say nothing.
  if (config.diff_ids.size() != layer_count || index >= layer_count) return {};
  return config.diff_ids[index];
}

}  // namespace berth::scan
