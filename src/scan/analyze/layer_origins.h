// Which layer each package comes from, and the Red Hat build info that applies to it, by
// Trivy's rules (trivy pkg/fanal/applier/docker.go): a package belongs to the lowest layer whose
// own package DB lists it with the same name, version and release (for language packages: whose
// own copy of the package's file lists it), whatever later layers rewrote.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "scan/analyze/types.h"
#include "scan/analyze/virtual_fs.h"

namespace berth::scan {

class LayerOrigins {
 public:
  // Records what layer `index` itself holds (LayerReader::on_layer): the package keys of its OS
  // package DBs and language files, and its BuildInfo. Build-info files that do not parse
  // become warnings; other unparsable files are reported by the merged-view analysis.
  void add_layer(int index, const VirtualFs& own_files, std::vector<std::string>& warnings);

  // Sets Package::layer on every package of `analysis` and fills analysis.layer_build_info.
  void apply(ImageAnalysis& analysis) const;

 private:
  struct Layer {
    std::unordered_set<std::string> os_keys;
    std::map<std::string, std::unordered_set<std::string>> lang_keys;  // by file path
    std::optional<BuildInfo> build_info;
  };
  std::vector<Layer> layers_;
};

// Trivy's lookupBuildInfo for a package whose origin layer is `layer`: that layer's BuildInfo;
// else for the base layer, layer 1's (Red Hat base images keep it there); else the nearest lower
// layer's (images built on a Red Hat image). nullptr when none applies.
const BuildInfo* build_info_for_layer(const ImageAnalysis& analysis, int layer);

}  // namespace berth::scan
