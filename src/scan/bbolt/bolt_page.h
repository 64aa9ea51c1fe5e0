// bbolt's on-disk page layout (etcd-io/bbolt, format version 2) and a bounds-checked view of one
// branch or leaf page. Every offset read from the file is checked against the page's bytes before
// use, so a corrupt page yields a BoltError instead of an out-of-bounds read.
#pragma once

#include <cstdint>
#include <string_view>

namespace berth::scan::bbolt {

inline constexpr std::uint32_t kMagic = 0xED0CDAED;
inline constexpr std::uint32_t kVersion = 2;
inline constexpr std::size_t kPageHeaderSize = 16;
inline constexpr std::size_t kElementSize = 16;  // leaf and branch elements alike
inline constexpr std::size_t kBucketHeaderSize = 16;
inline constexpr std::uint16_t kBranchPage = 0x01;
inline constexpr std::uint16_t kLeafPage = 0x02;
inline constexpr std::uint16_t kMetaPage = 0x04;
inline constexpr std::uint16_t kFreelistPage = 0x10;
inline constexpr std::uint32_t kBucketLeafFlag = 0x01;
inline constexpr std::uint64_t kNoFreelist = ~std::uint64_t{0};

// bbolt writes native-endian integers and the published databases come from amd64, so the file is
// little-endian; these loads are byte-wise so alignment and host order never matter.
inline std::uint64_t load_le(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
inline std::uint16_t load_u16(const char* p) {
  return static_cast<std::uint16_t>(load_le(p, 2));
}
inline std::uint32_t load_u32(const char* p) {
  return static_cast<std::uint32_t>(load_le(p, 4));
}
inline std::uint64_t load_u64(const char* p) {
  return load_le(p, 8);
}

struct LeafElement {
  std::uint32_t flags = 0;
  std::string_view key;
  std::string_view value;
  bool is_bucket() const { return (flags & kBucketLeafFlag) != 0; }
};

struct BranchElement {
  std::string_view key;
  std::uint64_t child = 0;
};

class PageView {
 public:
  PageView() = default;
  // `bytes` is the whole logical page (overflow pages included) or an inline bucket's page image;
  // `id` is only used in messages (0 = inline page). Throws BoltError unless the page is a leaf
  // or a non-empty branch whose element array fits in `bytes`.
  static PageView parse(std::string_view bytes, std::uint64_t id);

  bool is_leaf() const { return flags_ == kLeafPage; }
  bool is_branch() const { return flags_ == kBranchPage; }
  std::uint16_t count() const { return count_; }
  std::uint64_t id() const { return id_; }

  LeafElement leaf(std::uint32_t i) const;
  BranchElement branch(std::uint32_t i) const;
  std::string_view key(std::uint32_t i) const;
  // The first element whose key is >= target (count() when there is none).
  std::uint32_t lower_bound(std::string_view target) const;

 private:
  std::string_view slice(std::size_t elem, std::uint64_t pos, std::uint64_t len,
                         std::uint32_t i) const;

  std::string_view bytes_;
  std::uint64_t id_ = 0;
  std::uint16_t flags_ = 0;
  std::uint16_t count_ = 0;
};

}  // namespace berth::scan::bbolt
