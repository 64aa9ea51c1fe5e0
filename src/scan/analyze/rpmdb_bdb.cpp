// BerkeleyDB hash database (rpm's legacy "Packages"): page 0 is the metadata page; hash pages
// hold key/value pairs whose values point (H_OFFPAGE) to chains of overflow pages that hold the
// header blobs. Either byte order, detected from the magic.
#include "scan/analyze/elf_segments.h"
#include "scan/analyze/rpm_db.h"

namespace berth::scan {

namespace {

constexpr uint32_t kHashMagic = 0x061561;
constexpr uint8_t kTypeHashMeta = 8;
constexpr uint8_t kTypeHashUnsorted = 2;
constexpr uint8_t kTypeHash = 13;
constexpr uint8_t kTypeOverflow = 7;
constexpr uint8_t kItemOffPage = 3;
constexpr size_t kPageHeader = 26;

[[noreturn]] void corrupt_bdb(const std::string& what) {
  throw AnalysisError(AnalysisError::Kind::kCorrupt, "BerkeleyDB Packages: " + what);
}

struct Reader {
  std::string_view file;
  bool be;
  uint32_t page_size;
  uint32_t last_pgno;

  std::string_view page(uint32_t pgno) const {
    uint64_t off = static_cast<uint64_t>(pgno) * page_size;
    if (pgno > last_pgno || off + page_size > file.size()) corrupt_bdb("page outside the file");
    return file.substr(off, page_size);
  }
  uint32_t u32(std::string_view p, size_t at) const {
    if (at + 4 > p.size()) corrupt_bdb("field outside its page");
    return static_cast<uint32_t>(
        read_uint(reinterpret_cast<const unsigned char*>(p.data()) + at, 4, be));
  }
  uint16_t u16(std::string_view p, size_t at) const {
    if (at + 2 > p.size()) corrupt_bdb("field outside its page");
    return static_cast<uint16_t>(
        read_uint(reinterpret_cast<const unsigned char*>(p.data()) + at, 2, be));
  }
  static uint8_t type_of(std::string_view p) { return static_cast<uint8_t>(p[25]); }

  // Concatenates an overflow chain; each page holds hf_offset bytes after its header.
  std::string overflow(uint32_t pgno, uint32_t total) const {
    std::string out;
    out.reserve(std::min<uint64_t>(total, file.size()));
    for (uint32_t hops = 0; pgno != 0 && out.size() < total; ++hops) {
      if (hops > last_pgno) corrupt_bdb("overflow chain loops");
      std::string_view p = page(pgno);
      if (type_of(p) != kTypeOverflow) corrupt_bdb("overflow chain reaches a non-overflow page");
      uint16_t len = u16(p, 22);
      if (kPageHeader + len > p.size()) corrupt_bdb("overflow page length");
      out.append(p.substr(kPageHeader, std::min<size_t>(len, total - out.size())));
      pgno = u32(p, 16);
    }
    if (out.size() != total) corrupt_bdb("overflow chain shorter than its item");
    return out;
  }
};

}  // namespace

std::vector<std::string> rpm_bdb_blobs(std::string_view file) {
  if (file.size() < 512) corrupt_bdb("too small");
  auto* b = reinterpret_cast<const unsigned char*>(file.data());
  Reader r{file, false, 0, 0};
  if (read_uint(b + 12, 4, false) == kHashMagic)
    r.be = false;
  else if (read_uint(b + 12, 4, true) == kHashMagic)
    r.be = true;
  else
    corrupt_bdb("not a BerkeleyDB hash database");
  if (b[25] != kTypeHashMeta) corrupt_bdb("page 0 is not hash metadata");
  r.page_size = static_cast<uint32_t>(read_uint(b + 20, 4, r.be));
  if (r.page_size < 512 || r.page_size > 65536 || (r.page_size & (r.page_size - 1)) != 0)
    corrupt_bdb("bad page size");
  r.last_pgno = static_cast<uint32_t>(read_uint(b + 32, 4, r.be));
  if (static_cast<uint64_t>(r.last_pgno) * r.page_size >= file.size())
    r.last_pgno = static_cast<uint32_t>(file.size() / r.page_size) - 1;  // tolerate a short file
  std::vector<std::string> out;
  for (uint32_t pgno = 1; pgno <= r.last_pgno; ++pgno) {
    std::string_view p = r.page(pgno);
    uint8_t t = Reader::type_of(p);
    if (t != kTypeHash && t != kTypeHashUnsorted) continue;
    uint16_t entries = r.u16(p, 20);
    if (kPageHeader + 2ull * entries > p.size()) corrupt_bdb("hash page index overflows");
    for (uint32_t i = 1; i < entries; i += 2) {  // odd indexes are the values
      uint16_t at = r.u16(p, kPageHeader + 2 * i);
      if (at >= p.size()) corrupt_bdb("hash item outside its page");
      if (static_cast<uint8_t>(p[at]) != kItemOffPage) continue;  // rpm keeps headers off-page
      if (at + 12ull > p.size()) corrupt_bdb("hash item outside its page");
      uint32_t first = r.u32(p, at + 4), total = r.u32(p, at + 8);
      if (total > file.size()) corrupt_bdb("item longer than the file");
      out.push_back(r.overflow(first, total));
    }
  }
  return out;
}

}  // namespace berth::scan
