// bbolt meta pages (page ids 0 and 1): decoding, validation and the choice of the current one,
// following bbolt's db.go (getPageSize, meta()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::scan::bbolt {

struct Meta {
  std::uint32_t page_size = 0;
  std::uint32_t flags = 0;
  std::uint64_t root = 0;  // root page of the DB-wide root bucket
  std::uint64_t root_sequence = 0;
  std::uint64_t freelist = 0;    // kNoFreelist when not persisted
  std::uint64_t high_water = 0;  // first page id past the used area
  std::uint64_t txid = 0;
  std::uint64_t checksum = 0;
};

// FNV-1a 64 as bbolt's meta.sum64 uses it.
std::uint64_t fnv1a64(std::string_view data);

// The meta stored in the page starting at `offset`, or an explanation of why it is not valid
// (out of the file, wrong magic/version, checksum mismatch).
struct MetaRead {
  std::optional<Meta> meta;
  std::string problem;
};
MetaRead read_meta(std::string_view file, std::uint64_t offset);

// Validates the file's meta pages and returns the current meta: the valid one with the higher
// txid. Throws BoltError when neither is valid or the chosen one contradicts the file size.
Meta select_meta(std::string_view file);

}  // namespace berth::scan::bbolt
