#include "scan/bbolt/bolt_meta.h"

#include "scan/bbolt/bolt_error.h"
#include "scan/bbolt/bolt_page.h"

namespace berth::scan::bbolt {

namespace {

constexpr std::size_t kMetaSize = 64;     // up to and including the checksum
constexpr std::size_t kChecksummed = 56;  // the checksum covers everything before it
constexpr std::uint32_t kMinPageSize = 512;
constexpr std::uint32_t kMaxPageSize = 1u << 28;

}  // namespace

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

MetaRead read_meta(std::string_view file, std::uint64_t offset) {
  MetaRead out;
  if (offset > file.size() || file.size() - offset < kPageHeaderSize + kMetaSize) {
    out.problem = "beyond the end of the file";
    return out;
  }
  const char* m = file.data() + offset + kPageHeaderSize;
  Meta meta;
  std::uint32_t magic = load_u32(m);
  std::uint32_t version = load_u32(m + 4);
  meta.page_size = load_u32(m + 8);
  meta.flags = load_u32(m + 12);
  meta.root = load_u64(m + 16);
  meta.root_sequence = load_u64(m + 24);
  meta.freelist = load_u64(m + 32);
  meta.high_water = load_u64(m + 40);
  meta.txid = load_u64(m + 48);
  meta.checksum = load_u64(m + 56);
  if (magic != kMagic) {
    out.problem = "bad magic";
  } else if (version != kVersion) {
    out.problem = "unsupported version " + std::to_string(version);
  } else if (meta.checksum != fnv1a64(std::string_view(m, kChecksummed))) {
    out.problem = "checksum mismatch";
  } else {
    out.meta = meta;
  }
  return out;
}

namespace {

// bbolt reads the page size from meta 0; when meta 0 is damaged it probes for meta 1 at the
// usual page sizes.
MetaRead find_second_meta(std::string_view file) {
  MetaRead last{std::nullopt, "not found at any page size"};
  for (int i = 0; i <= 14; ++i) {
    std::uint64_t pos = std::uint64_t{1024} << i;
    if (pos + 1024 >= file.size()) break;
    MetaRead r = read_meta(file, pos);
    if (r.meta && r.meta->page_size == pos) return r;
  }
  return last;
}

void check_chosen(const Meta& m, std::string_view file) {
  if (m.page_size < kMinPageSize || m.page_size > kMaxPageSize) {
    throw BoltError("unsupported page size " + std::to_string(m.page_size));
  }
  std::uint64_t pages_in_file = file.size() / m.page_size;
  if (m.high_water > pages_in_file) {
    throw BoltError("file truncated: " + std::to_string(file.size()) + " bytes hold " +
                    std::to_string(pages_in_file) + " pages but the meta page says " +
                    std::to_string(m.high_water));
  }
  if (m.root < 2 || m.root >= m.high_water) {
    throw BoltError("root page " + std::to_string(m.root) + " out of range");
  }
}

}  // namespace

Meta select_meta(std::string_view file) {
  if (file.size() < kPageHeaderSize + kMetaSize) throw BoltError("file too small");
  MetaRead m0 = read_meta(file, 0);
  MetaRead m1;
  if (m0.meta) {
    if (m0.meta->page_size < kMinPageSize || m0.meta->page_size > kMaxPageSize) {
      throw BoltError("unsupported page size " + std::to_string(m0.meta->page_size));
    }
    m1 = read_meta(file, m0.meta->page_size);
  } else {
    m1 = find_second_meta(file);
  }
  if (!m0.meta && !m1.meta) {
    throw BoltError("no valid meta page (meta 0: " + m0.problem + "; meta 1: " + m1.problem + ")");
  }
  // bbolt prefers the higher txid (meta 0 on a tie) and falls back to the other if it is invalid.
  const MetaRead* first = &m0;
  const MetaRead* second = &m1;
  if (m1.meta && m0.meta && m1.meta->txid > m0.meta->txid) std::swap(first, second);
  Meta chosen = first->meta ? *first->meta : *second->meta;
  check_chosen(chosen, file);
  return chosen;
}

}  // namespace berth::scan::bbolt
