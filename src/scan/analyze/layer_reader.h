// Reads image layers (tar, gzip- or zstd-compressed, detected from the bytes) as a stream and
// builds the merged VirtualFs of the files the analyzers want, applying whiteouts and opaque
// directories. Nothing is extracted to disk.
//
// What is kept per file: the bytes (up to the kind's size cap) for text files and package
// databases; for jars a summary of the Maven coordinates found inside (jar_scanner.h); for Go
// executables what go_binary_capture.h keeps. Symlinks are kept as links.
#pragma once

#include <archive.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/analyze/read_budget.h"
#include "scan/analyze/virtual_fs.h"

namespace berth::scan {

// Mode bit used to mark a node whose data is a Go build-info capture.
inline constexpr uint32_t kGoCaptureMode = 0x80000000u;

class LayerReader {
 public:
  explicit LayerReader(const Limits& limits) : budget_(limits) {}

  // Layers are added lowest first. Throws AnalysisError on a corrupt, truncated or oversized
  // layer, or when the time budget runs out.
  // `label` names the layer in messages (e.g. "layer sha256:..."); the path when empty.
  void add_layer_file(const std::string& path, std::string_view media_type = {},
                      std::string label = {});
  void add_layer_bytes(std::string_view bytes, std::string label = "layer");

  // Called at the end of each layer, before it is merged, with the layer's index (lowest first)
  // and the files this layer itself holds (the wanted kinds only): what Trivy's per-layer
  // analysis sees, for layer attribution and Red Hat build info.
  using LayerHook = std::function<void(int index, const VirtualFs& own_files)>;
  void on_layer(LayerHook hook) { hook_ = std::move(hook); }

  const VirtualFs& fs() const { return fs_; }
  std::vector<std::string>& warnings() { return warnings_; }
  uint64_t bytes_processed() const { return budget_.total_bytes(); }

 private:
  struct LayerState;
  void read_archive(struct archive* a);
  void read_entry(struct archive* a, struct archive_entry* e, LayerState& layer);
  void merge(LayerState& layer);

  ReadBudget budget_;
  VirtualFs fs_;
  std::vector<std::string> warnings_;
  int layers_read_ = 0;
  LayerHook hook_;
};

}  // namespace berth::scan
