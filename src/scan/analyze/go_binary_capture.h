// Watches an executable stream by in blocks and keeps only what Go build info needs, so a
// 200 MB binary costs a few KiB: for Go 1.18+ the bytes from the build-info header on; for older
// toolchains (pointer format) the whole file, when it is within the size cap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scan/analyze/elf_segments.h"

namespace berth::scan {

class GoBinaryCapture {
 public:
  // `file_size` as declared by the archive; the whole file is buffered only up to `full_cap`.
  GoBinaryCapture(uint64_t file_size, uint64_t full_cap, uint64_t inline_cap);
  void feed(uint64_t offset, std::string_view block);
  // What to keep: a blob starting at the header, the whole ELF, or nothing (not a Go binary).
  std::optional<std::string> finish();
  // Set by finish() when the file had pre-1.18 build info but was too large to keep.
  bool too_large() const { return too_large_; }
  bool gave_up() const { return dead_; }

 private:
  void scan();
  bool in_data_segment(uint64_t off) const;

  uint64_t pos_ = 0;
  uint64_t full_cap_, inline_cap_;
  bool dead_ = false;
  bool keep_full_;
  std::string full_;
  std::optional<ElfLayout> elf_;
  std::string win_;        // bytes from win_base_ on, not yet scanned past
  uint64_t win_base_ = 0;  // file offset of win_[0]
  std::optional<uint64_t> header_at_;
  bool too_large_ = false;
};

}  // namespace berth::scan
