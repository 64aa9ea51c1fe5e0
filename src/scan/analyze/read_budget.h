// Limits on how much work one image may cost: decompressed bytes per layer and per image, tar
// entries per layer, bytes kept in memory, and wall-clock time. Every loop that reads layer data
// calls check() between blocks, so a decompression bomb stops at the cap instead of at its end.
#pragma once

#include <archive.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "scan/analyze/types.h"

namespace berth::scan {

class ReadBudget {
 public:
  explicit ReadBudget(const Limits& limits);
  const Limits& limits() const { return limits_; }

  void start_layer(std::string label);
  void end_layer();
  // `layer_pos` is the decompressed position in the current layer's stream.
  void check_bytes(uint64_t layer_pos);
  // Bytes decompressed inside the current layer beyond the tar stream (nested jars).
  void count_nested(uint64_t bytes);
  void count_entry();
  void check_time() const;
  // Bytes kept in memory; throws when the image would keep more than max_kept_bytes.
  void keep(uint64_t bytes);
  // Reads the decompressed position of `a` and checks bytes and time.
  void check_archive(archive* a);

  uint64_t total_bytes() const { return done_bytes_ + layer_bytes_; }
  const std::string& layer_label() const { return label_; }

 private:
  Limits limits_;
  std::chrono::steady_clock::time_point deadline_;
  std::string label_;
  uint64_t done_bytes_ = 0;
  uint64_t layer_bytes_ = 0;
  uint64_t layer_pos_ = 0;
  uint64_t nested_bytes_ = 0;
  uint64_t layer_entries_ = 0;
  uint64_t kept_bytes_ = 0;
};

}  // namespace berth::scan
