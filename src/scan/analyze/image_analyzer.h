// Image analysis entry point: layers in, OS + OS packages + language packages out.
#pragma once

#include <string>
#include <vector>

#include "scan/analyze/types.h"
#include "scan/analyze/virtual_fs.h"

namespace berth::scan {

// (Not scan_engine.h's LayerBlob: the analyzer needs only the file.)
struct LayerFile {
  std::string path;        // the blob file (tar, tar+gzip or tar+zstd; detected from its bytes)
  std::string media_type;  // informational: used in error messages only
  std::string label = {};  // names the layer in messages instead of the path (its digest)
};

// Reads the layers lowest first, merges them and runs every analyzer; each package gets its
// origin layer and each layer its Red Hat build info (layer_origins.h). Throws AnalysisError when
// a layer is unreadable or over a limit; a file that does not parse becomes a warning.
ImageAnalysis analyze_image(const std::vector<LayerFile>& layers, const Limits& limits = {});

// Runs the analyzers on an already merged view. Packages keep layer -1 (no per-layer record):
// the matchers then attribute them to the layer that wrote their file.
ImageAnalysis analyze_fs(const VirtualFs& fs);

// Runs the analyzer for one file (a kind wanted_paths.h names, or a Go build-info capture),
// adding what it finds to `out`. Throws AnalysisError for a file that does not parse.
void analyze_file(ImageAnalysis& out, const std::string& path, const VfsNode& node);

}  // namespace berth::scan
