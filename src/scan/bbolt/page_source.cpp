#include "scan/bbolt/page_source.h"

#include "scan/bbolt/bolt_error.h"

namespace berth::scan::bbolt {

PageView PageSource::page(std::uint64_t id) const {
  // select_meta guaranteed high_water * page_size <= file size.
  if (id < 2 || id >= meta_.high_water) {
    throw BoltError("page id " + std::to_string(id) + " out of range (high-water mark " +
                    std::to_string(meta_.high_water) + ")");
  }
  std::string_view file = file_->bytes();
  std::uint64_t ps = meta_.page_size;
  const char* hdr = file.data() + id * ps;
  std::uint64_t stored_id = load_u64(hdr);
  if (stored_id != id) {
    throw BoltError("page " + std::to_string(id) + ": header names page " +
                    std::to_string(stored_id));
  }
  std::uint64_t overflow = load_u32(hdr + 12);
  if (overflow >= meta_.high_water - id) {
    throw BoltError("page " + std::to_string(id) + ": " + std::to_string(overflow) +
                    " overflow pages run past the end of the database");
  }
  return PageView::parse(file.substr(id * ps, (overflow + 1) * ps), id);
}

}  // namespace berth::scan::bbolt
