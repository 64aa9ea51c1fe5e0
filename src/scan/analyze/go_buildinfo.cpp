#include "scan/analyze/go_buildinfo.h"

#include "scan/analyze/elf_segments.h"

namespace berth::scan {

namespace {

constexpr size_t kHeaderSize = 32;
constexpr uint64_t kMaxString = 1u << 20;

[[noreturn]] void buildinfo_corrupt(const std::string& what) {
  throw AnalysisError(AnalysisError::Kind::kCorrupt, "Go build info: " + what);
}

bool valid_header(std::string_view h) {
  if (h.size() < kHeaderSize || !h.starts_with(kGoBuildInfoMagic)) return false;
  unsigned char ptr_size = static_cast<unsigned char>(h[14]);
  return ptr_size == 4 || ptr_size == 8;
}

// uvarint-prefixed string as written by the Go 1.18+ linker.
std::string_view decode_string(std::string_view& data) {
  uint64_t len = 0;
  int shift = 0;
  size_t i = 0;
  for (;; ++i) {
    if (i >= data.size() || shift > 63) buildinfo_corrupt("bad string length");
    auto c = static_cast<unsigned char>(data[i]);
    len |= static_cast<uint64_t>(c & 0x7f) << shift;
    shift += 7;
    if ((c & 0x80) == 0) break;
  }
  data.remove_prefix(i + 1);
  if (len > data.size()) buildinfo_corrupt("string runs past the data");
  std::string_view s = data.substr(0, len);
  data.remove_prefix(len);
  return s;
}

// Pre-1.18 format: `addr` points at a Go string header {ptr, len} in the binary's memory image.
std::string_view read_go_string(std::string_view file, const ElfLayout& elf, uint64_t addr,
                                int ptr_size, bool be) {
  auto hdr = elf_read_vaddr(file, elf, addr, 2 * ptr_size);
  if (!hdr) buildinfo_corrupt("string header outside the file");
  auto* p = reinterpret_cast<const unsigned char*>(hdr->data());
  uint64_t data_addr = read_uint(p, ptr_size, be);
  uint64_t len = read_uint(p + ptr_size, ptr_size, be);
  if (len > kMaxString) buildinfo_corrupt("string too long");
  auto s = elf_read_vaddr(file, elf, data_addr, len);
  if (!s) buildinfo_corrupt("string outside the file");
  return *s;
}

// Removes the 16-byte sentinels around modinfo (Go's debug/buildinfo does the same check).
std::string_view strip_sentinels(std::string_view mod) {
  if (mod.size() >= 33 && mod[mod.size() - 17] == '\n') return mod.substr(16, mod.size() - 32);
  return {};
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t t = line.find('\t', i);
    out.push_back(line.substr(i, t == std::string_view::npos ? line.npos : t - i));
    if (t == std::string_view::npos) break;
    i = t + 1;
  }
  return out;
}

GoModule module_of(const std::vector<std::string_view>& f) {
  GoModule m;
  if (f.size() > 1) m.path = f[1];
  if (f.size() > 2) m.version = f[2];
  if (f.size() > 3) m.sum = f[3];
  return m;
}

}  // namespace

std::optional<size_t> find_go_buildinfo_header(std::string_view data, uint64_t base) {
  size_t first = static_cast<size_t>((16 - base % 16) % 16);
  for (size_t o = first; o + kHeaderSize <= data.size(); o += 16) {
    if (data[o] == '\xff' && valid_header(data.substr(o, kHeaderSize))) return o;
  }
  return std::nullopt;
}

bool go_buildinfo_is_inline(std::string_view header) {
  return header.size() > 15 && (static_cast<unsigned char>(header[15]) & 2) != 0;
}

std::optional<size_t> go_inline_blob_size(std::string_view blob) {
  if (!valid_header(blob) || !go_buildinfo_is_inline(blob)) return std::nullopt;
  std::string_view rest = blob.substr(kHeaderSize);
  try {
    decode_string(rest);
    decode_string(rest);
  } catch (const AnalysisError&) {
    return std::nullopt;
  }
  return blob.size() - rest.size();
}

GoBuildInfo parse_go_modinfo(std::string_view go_version, std::string_view modinfo) {
  GoBuildInfo info;
  info.go_version = go_version;
  GoModule* last = nullptr;
  size_t i = 0;
  while (i < modinfo.size()) {
    size_t nl = modinfo.find('\n', i);
    std::string_view line = modinfo.substr(i, nl == modinfo.npos ? modinfo.npos : nl - i);
    i = nl == modinfo.npos ? modinfo.size() : nl + 1;
    auto f = split_tabs(line);
    if (f[0] == "path" && f.size() > 1) {
      info.path = f[1];
    } else if (f[0] == "mod") {
      info.main = module_of(f);
      last = &info.main;
    } else if (f[0] == "dep") {
      info.deps.push_back(module_of(f));
      last = &info.deps.back();
    } else if (f[0] == "=>" && last != nullptr) {
      *last = module_of(f);  // a replacement takes the place of the module before it
      last = nullptr;
    }
  }
  return info;
}

std::optional<GoBuildInfo> parse_go_buildinfo(std::string_view content) {
  std::string_view go_version, modinfo;
  if (content.starts_with(kGoBuildInfoMagic)) {
    if (!valid_header(content) || !go_buildinfo_is_inline(content))
      buildinfo_corrupt("captured header is not in the inline format");
    std::string_view rest = content.substr(kHeaderSize);
    go_version = decode_string(rest);
    modinfo = decode_string(rest);
  } else {
    auto elf = parse_elf_layout(content);
    if (!elf) return std::nullopt;
    std::optional<size_t> at;
    for (const auto& s : elf->loads) {
      if (!s.writable || s.executable || s.offset >= content.size()) continue;
      std::string_view seg = content.substr(s.offset, s.filesz);
      if (auto o = find_go_buildinfo_header(seg, s.offset)) {
        at = s.offset + *o;
        break;
      }
    }
    if (!at) return std::nullopt;
    std::string_view h = content.substr(*at);
    if (go_buildinfo_is_inline(h)) return parse_go_buildinfo(h);
    int ptr_size = static_cast<unsigned char>(h[14]);
    bool be = (static_cast<unsigned char>(h[15]) & 1) != 0;
    auto* p = reinterpret_cast<const unsigned char*>(h.data());
    go_version = read_go_string(content, *elf, read_uint(p + 16, ptr_size, be), ptr_size, be);
    modinfo =
        read_go_string(content, *elf, read_uint(p + 16 + ptr_size, ptr_size, be), ptr_size, be);
  }
  if (go_version.empty()) return std::nullopt;  // Go's reader: "not a Go executable"
  return parse_go_modinfo(go_version, strip_sentinels(modinfo));
}

namespace {

// "go1.20.3" → "v1.20.3"; "go1.22rc1 X:nocoverageredesign" → "v1.22rc1".
std::string stdlib_version(std::string_view go_version) {
  std::string_view v = go_version;
  if (v.starts_with("go")) v.remove_prefix(2);
  v = v.substr(0, v.find(' '));
  v = v.substr(0, v.find("-X:"));
  return "v" + std::string(v);
}

Package lang_package(std::string name, std::string version, const std::string& file_path) {
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.file_path = file_path;
  return p;
}

}  // namespace

std::vector<Package> go_packages(const GoBuildInfo& info, const std::string& file_path) {
  std::vector<Package> out;
  if (!info.main.path.empty()) {
    std::string v = info.main.version == "(devel)" ? "" : info.main.version;
    out.push_back(lang_package(info.main.path, v, file_path));
  }
  for (const auto& d : info.deps) {
    if (d.path.empty()) continue;
    out.push_back(lang_package(d.path, d.version == "(devel)" ? "" : d.version, file_path));
  }
  out.push_back(lang_package("stdlib", stdlib_version(info.go_version), file_path));
  return out;
}

}  // namespace berth::scan
