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
};

// Reads the layers lowest first, merges them and runs every analyzer. Throws AnalysisError when
// a layer is unreadable or over a limit; a file that does not parse becomes a warning.
ImageAnalysis analyze_image(const std::vector<LayerFile>& layers, const Limits& limits = {});

// Runs the analyzers on an already merged view.
ImageAnalysis analyze_fs(const VirtualFs& fs);

}  // namespace berth::scan
