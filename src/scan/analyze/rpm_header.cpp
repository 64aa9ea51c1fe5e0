#include <map>

#include "scan/analyze/elf_segments.h"
#include "scan/analyze/rpm_db.h"

namespace berth::scan {

namespace {

constexpr uint32_t kMaxIndexEntries = 0xffff;  // rpm's own header limits
constexpr uint32_t kMaxDataBytes = 256u << 20;

enum : uint32_t { kTypeInt32 = 4, kTypeString = 6, kTypeStringArray = 8, kTypeI18n = 9 };
enum : int32_t {
  kTagName = 1000,
  kTagVersion = 1001,
  kTagRelease = 1002,
  kTagEpoch = 1003,
  kTagVendor = 1011,
  kTagLicense = 1014,
  kTagArch = 1022,
  kTagSourceRpm = 1044,
  kTagModularityLabel = 5096,
};

struct Entry {
  uint32_t type, offset, count;
};

[[noreturn]] void rpm_corrupt(const std::string& what) {
  throw AnalysisError(AnalysisError::Kind::kCorrupt, "rpm header: " + what);
}

uint32_t be32(const unsigned char* p) {
  return static_cast<uint32_t>(read_uint(p, 4, true));
}

}  // namespace

std::optional<Package> parse_rpm_header(std::string_view blob) {
  if (blob.size() < 8) rpm_corrupt("shorter than its preamble");
  auto* b = reinterpret_cast<const unsigned char*>(blob.data());
  uint32_t il = be32(b), dl = be32(b + 4);
  if (il == 0 || il > kMaxIndexEntries || dl > kMaxDataBytes) rpm_corrupt("bad sizes");
  uint64_t data_start = 8 + 16ull * il;
  if (data_start + dl > blob.size()) rpm_corrupt("sizes run past the blob");
  std::string_view data = blob.substr(data_start, dl);
  // Later entries with the same tag win: rpm's "dribble" entries replace region entries.
  std::map<int32_t, Entry> entries;
  for (uint32_t i = 0; i < il; ++i) {
    const unsigned char* e = b + 8 + 16 * i;
    auto tag = static_cast<int32_t>(be32(e));
    entries[tag] = Entry{be32(e + 4), be32(e + 8), be32(e + 12)};
  }
  auto string_of = [&](int32_t tag) -> std::string {
    auto it = entries.find(tag);
    if (it == entries.end()) return {};
    const Entry& en = it->second;
    if (en.type != kTypeString && en.type != kTypeStringArray && en.type != kTypeI18n)
      rpm_corrupt("tag " + std::to_string(tag) + " is not a string");
    if (en.offset >= data.size()) rpm_corrupt("string offset outside the data");
    size_t end = data.find('\0', en.offset);
    if (end == std::string_view::npos) rpm_corrupt("unterminated string");
    return std::string(data.substr(en.offset, end - en.offset));
  };
  Package p;
  p.name = string_of(kTagName);
  if (p.name.empty()) return std::nullopt;
  p.version = string_of(kTagVersion);
  p.release = string_of(kTagRelease);
  p.arch = string_of(kTagArch);
  if (p.arch.empty()) p.arch = "None";
  p.vendor = string_of(kTagVendor);
  p.modularity_label = string_of(kTagModularityLabel);
  if (auto lic = string_of(kTagLicense); !lic.empty()) p.licenses.push_back(lic);
  if (auto it = entries.find(kTagEpoch); it != entries.end()) {
    const Entry& en = it->second;
    if (en.type != kTypeInt32 || en.count < 1 || en.offset > data.size() ||
        data.size() - en.offset < 4)
      rpm_corrupt("bad epoch");
    p.epoch =
        static_cast<int>(be32(reinterpret_cast<const unsigned char*>(data.data()) + en.offset));
  }
  p.src_epoch = p.epoch;
  std::string srpm = string_of(kTagSourceRpm);
  if (!srpm.empty() && srpm != "(none)")
    split_rpm_filename(srpm, p.src_name, p.src_version, p.src_release);
  return p;
}

bool split_rpm_filename(std::string_view file, std::string& name, std::string& version,
                        std::string& release) {
  if (file.ends_with(".rpm")) file.remove_suffix(4);
  size_t arch = file.rfind('.');
  if (arch == std::string_view::npos) return false;
  size_t rel = file.substr(0, arch).rfind('-');
  if (rel == std::string_view::npos) return false;
  size_t ver = file.substr(0, rel).rfind('-');
  if (ver == std::string_view::npos) return false;
  name = file.substr(0, ver);
  version = file.substr(ver + 1, rel - ver - 1);
  release = file.substr(rel + 1, arch - rel - 1);
  return true;
}

}  // namespace berth::scan
