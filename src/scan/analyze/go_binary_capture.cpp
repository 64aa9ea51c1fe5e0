#include "scan/analyze/go_binary_capture.h"

#include "scan/analyze/go_buildinfo.h"

namespace berth::scan {

namespace {

constexpr size_t kHeadBytes = 64 * 1024;  // program headers must be in here

}  // namespace

GoBinaryCapture::GoBinaryCapture(uint64_t file_size, uint64_t full_cap, uint64_t inline_cap)
    : full_cap_(full_cap), inline_cap_(inline_cap), keep_full_(file_size <= full_cap) {}

bool GoBinaryCapture::in_data_segment(uint64_t off) const {
  for (const auto& s : elf_->loads)
    if (s.writable && !s.executable && off >= s.offset && off - s.offset < s.filesz) return true;
  return false;
}

void GoBinaryCapture::feed(uint64_t offset, std::string_view block) {
  if (dead_ || block.empty()) return;
  if (offset != pos_) {  // a sparse hole: Go binaries are never sparse
    dead_ = true;
    return;
  }
  pos_ += block.size();
  if (keep_full_) {
    if (full_.size() + block.size() > full_cap_) {
      keep_full_ = false;
      std::string().swap(full_);
    } else {
      full_.append(block);
    }
  }
  if (header_at_) {  // only the inline strings after the header are still wanted
    uint64_t have = win_base_ + win_.size() - *header_at_;
    if (have < inline_cap_) win_.append(block.substr(0, inline_cap_ - have));
    return;
  }
  win_.append(block);
  if (!elf_) {
    if (win_.size() >= 4 && !has_elf_magic(win_)) {
      dead_ = true;
      return;
    }
    if (win_.size() < kHeadBytes) return;
    elf_ = parse_elf_layout(win_);
    if (!elf_) {
      dead_ = true;
      return;
    }
  }
  scan();
}

void GoBinaryCapture::scan() {
  // Headers are 16-byte aligned in the file; check every aligned offset with a full header.
  size_t o = static_cast<size_t>((16 - win_base_ % 16) % 16);
  for (; o + 32 <= win_.size(); o += 16) {
    if (win_[o] != '\xff' || !in_data_segment(win_base_ + o)) continue;
    if (find_go_buildinfo_header(std::string_view(win_).substr(o, 32), win_base_ + o)) {
      header_at_ = win_base_ + o;
      if (go_buildinfo_is_inline(std::string_view(win_).substr(o))) {
        keep_full_ = false;  // the strings follow the header: the rest of the file is not needed
        std::string().swap(full_);
      }
      win_.erase(0, o);
      win_base_ += o;
      if (win_.size() > inline_cap_) win_.resize(inline_cap_);
      return;
    }
  }
  win_.erase(0, o);  // keep only the unscanned tail (less than one header)
  win_base_ += o;
}

std::optional<std::string> GoBinaryCapture::finish() {
  if (dead_) return std::nullopt;
  if (!elf_) {  // smaller than the head size
    elf_ = parse_elf_layout(win_);
    if (!elf_) return std::nullopt;
    scan();
  }
  if (!header_at_) return std::nullopt;
  if (go_buildinfo_is_inline(win_)) {
    if (auto used = go_inline_blob_size(win_)) win_.resize(*used);
    return std::move(win_);
  }
  if (keep_full_) return std::move(full_);
  too_large_ = true;
  return std::nullopt;
}

}  // namespace berth::scan
