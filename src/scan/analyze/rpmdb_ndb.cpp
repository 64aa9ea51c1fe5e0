// NDB (SUSE's Packages.db), little-endian: a 32-byte header, slot pages of 16-byte slots
// {magic 'Slot', package index, block offset, block count}, and blobs at block*16 with a 16-byte
// header {magic 'BlbS', package index, checksum, length}.
#include "scan/analyze/elf_segments.h"
#include "scan/analyze/rpm_db.h"

namespace berth::scan {

namespace {

constexpr uint32_t kHeaderMagic = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
constexpr uint32_t kSlotMagic = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
constexpr uint32_t kBlobMagic = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
constexpr uint64_t kSlotsPerPage = 4096 / 16;
constexpr uint64_t kBlockSize = 16;

[[noreturn]] void corrupt_ndb(const std::string& what) {
  throw AnalysisError(AnalysisError::Kind::kCorrupt, "NDB Packages.db: " + what);
}

uint32_t le32(std::string_view f, uint64_t at) {
  if (at + 4 > f.size()) corrupt_ndb("read past the end of the file");
  return static_cast<uint32_t>(
      read_uint(reinterpret_cast<const unsigned char*>(f.data()) + at, 4, false));
}

}  // namespace

bool is_rpm_ndb(std::string_view file) {
  return file.size() >= 32 && le32(file, 0) == kHeaderMagic;
}

std::vector<std::string> rpm_ndb_blobs(std::string_view file) {
  if (!is_rpm_ndb(file)) corrupt_ndb("bad magic");
  if (le32(file, 4) != 0) corrupt_ndb("unsupported version");
  uint64_t slot_pages = le32(file, 12);
  if (slot_pages == 0 || slot_pages * 4096 > file.size()) corrupt_ndb("bad slot page count");
  uint64_t slots = slot_pages * kSlotsPerPage - 2;  // the header takes the first two slots
  std::vector<std::string> out;
  for (uint64_t s = 0; s < slots; ++s) {
    uint64_t at = 32 + s * 16;
    if (le32(file, at) != kSlotMagic) corrupt_ndb("bad slot magic");
    uint32_t pkg = le32(file, at + 4);
    if (pkg == 0) continue;  // free slot
    uint64_t blob_at = le32(file, at + 8) * kBlockSize;
    if (le32(file, blob_at) != kBlobMagic) corrupt_ndb("bad blob magic");
    if (le32(file, blob_at + 4) != pkg) corrupt_ndb("blob belongs to another package");
    uint64_t len = le32(file, blob_at + 12);
    if (blob_at + 16 + len > file.size()) corrupt_ndb("blob runs past the end of the file");
    out.emplace_back(file.substr(blob_at + 16, len));
  }
  return out;
}

}  // namespace berth::scan
