// The parts of an image config (OCI / Docker v2 config JSON) the scanner reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

struct ImageConfigInfo {
  std::string os, architecture;
  std::vector<std::string> diff_ids;  // rootfs.diff_ids, lowest layer first
};

// Never throws: fields that are missing or of the wrong type stay empty (diff_ids is empty
// unless every entry is a string).
ImageConfigInfo parse_image_config(std::string_view bytes);

// The DiffID of manifest layer `index`: only when the config lists one per manifest layer.
std::string diff_id_for_layer(const ImageConfigInfo& config, size_t layer_count, size_t index);

}  // namespace berth::scan
