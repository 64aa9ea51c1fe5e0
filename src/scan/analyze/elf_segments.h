// Just enough ELF to find Go build info: the byte order, the pointer size and the PT_LOAD
// segments. Every read is bounds-checked against the bytes actually present.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace berth::scan {

struct ElfSegment {
  uint64_t offset = 0;  // in the file
  uint64_t vaddr = 0;
  uint64_t filesz = 0;
  bool writable = false;
  bool executable = false;
};

struct ElfLayout {
  bool is64 = false;
  bool big_endian = false;
  std::vector<ElfSegment> loads;
};

bool has_elf_magic(std::string_view bytes);

// Parses the file header and the program headers. `head` must contain them (they normally sit in
// the first few hundred bytes). nullopt if not ELF or the headers are out of `head`.
std::optional<ElfLayout> parse_elf_layout(std::string_view head);

// Reads `size` bytes at virtual address `addr` from a whole ELF file; nullopt if unmapped.
std::optional<std::string_view> elf_read_vaddr(std::string_view file, const ElfLayout& layout,
                                               uint64_t addr, uint64_t size);

uint64_t read_uint(const unsigned char* p, int bytes, bool big_endian);

}  // namespace berth::scan
