#include "scan/analyze/elf_segments.h"

namespace berth::scan {

namespace {

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfX = 1;
constexpr uint32_t kPfW = 2;
constexpr uint32_t kMaxSegments = 4096;

}  // namespace

uint64_t read_uint(const unsigned char* p, int bytes, bool big_endian) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    int shift = big_endian ? 8 * (bytes - 1 - i) : 8 * i;
    v |= static_cast<uint64_t>(p[i]) << shift;
  }
  return v;
}

bool has_elf_magic(std::string_view bytes) {
  return bytes.starts_with(
      "\x7f"
      "ELF");
}

std::optional<ElfLayout> parse_elf_layout(std::string_view head) {
  if (!has_elf_magic(head) || head.size() < 52) return std::nullopt;
  auto* b = reinterpret_cast<const unsigned char*>(head.data());
  ElfLayout out;
  if (b[4] != 1 && b[4] != 2) return std::nullopt;
  if (b[5] != 1 && b[5] != 2) return std::nullopt;
  out.is64 = b[4] == 2;
  out.big_endian = b[5] == 2;
  bool be = out.big_endian;
  if (out.is64 && head.size() < 64) return std::nullopt;
  uint64_t phoff = out.is64 ? read_uint(b + 32, 8, be) : read_uint(b + 28, 4, be);
  uint64_t phentsize = read_uint(b + (out.is64 ? 54 : 42), 2, be);
  uint64_t phnum = read_uint(b + (out.is64 ? 56 : 44), 2, be);
  uint64_t need = out.is64 ? 56 : 32;
  if (phnum > kMaxSegments || phentsize < need) return std::nullopt;
  if (phoff > head.size() || phnum * phentsize > head.size() - phoff) return std::nullopt;
  for (uint64_t i = 0; i < phnum; ++i) {
    const unsigned char* p = b + phoff + i * phentsize;
    if (read_uint(p, 4, be) != kPtLoad) continue;
    ElfSegment s;
    uint64_t flags;
    if (out.is64) {
      flags = read_uint(p + 4, 4, be);
      s.offset = read_uint(p + 8, 8, be);
      s.vaddr = read_uint(p + 16, 8, be);
      s.filesz = read_uint(p + 32, 8, be);
    } else {
      s.offset = read_uint(p + 4, 4, be);
      s.vaddr = read_uint(p + 8, 4, be);
      s.filesz = read_uint(p + 16, 4, be);
      flags = read_uint(p + 24, 4, be);
    }
    s.writable = (flags & kPfW) != 0;
    s.executable = (flags & kPfX) != 0;
    out.loads.push_back(s);
  }
  return out;
}

std::optional<std::string_view> elf_read_vaddr(std::string_view file, const ElfLayout& layout,
                                               uint64_t addr, uint64_t size) {
  for (const auto& s : layout.loads) {
    if (addr < s.vaddr || addr - s.vaddr >= s.filesz) continue;
    uint64_t rel = addr - s.vaddr;
    if (size > s.filesz - rel) return std::nullopt;
    uint64_t off = s.offset + rel;
    if (off > file.size() || size > file.size() - off) return std::nullopt;
    return file.substr(off, size);
  }
  return std::nullopt;
}

}  // namespace berth::scan
