#include "scan/bbolt/bolt_page.h"

#include <string>

#include "scan/bbolt/bolt_error.h"

namespace berth::scan::bbolt {

namespace {

std::string page_name(std::uint64_t id) {
  return id == 0 ? std::string("inline page") : "page " + std::to_string(id);
}

}  // namespace

PageView PageView::parse(std::string_view bytes, std::uint64_t id) {
  if (bytes.size() < kPageHeaderSize) throw BoltError(page_name(id) + ": shorter than its header");
  PageView p;
  p.bytes_ = bytes;
  p.id_ = id;
  p.flags_ = load_u16(bytes.data() + 8);
  p.count_ = load_u16(bytes.data() + 10);
  if (!p.is_leaf() && !p.is_branch()) {
    throw BoltError(page_name(id) + ": expected a branch or leaf page, found flags " +
                    std::to_string(p.flags_));
  }
  if (p.is_branch() && p.count_ == 0) throw BoltError(page_name(id) + ": empty branch page");
  if (kPageHeaderSize + std::size_t{p.count_} * kElementSize > bytes.size()) {
    throw BoltError(page_name(id) + ": " + std::to_string(p.count_) +
                    " elements do not fit in the page");
  }
  return p;
}

std::string_view PageView::slice(std::size_t elem, std::uint64_t pos, std::uint64_t len,
                                 std::uint32_t i) const {
  // pos is relative to the element itself; all sums are 64-bit from 32-bit inputs: no overflow.
  std::uint64_t start = elem + pos;
  if (start > bytes_.size() || len > bytes_.size() - start) {
    throw BoltError(page_name(id_) + ": element " + std::to_string(i) + " points outside the page");
  }
  return bytes_.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(len));
}

LeafElement PageView::leaf(std::uint32_t i) const {
  if (!is_leaf() || i >= count_) throw BoltError(page_name(id_) + ": bad leaf element access");
  std::size_t elem = kPageHeaderSize + std::size_t{i} * kElementSize;
  const char* e = bytes_.data() + elem;
  LeafElement out;
  out.flags = load_u32(e);
  std::uint64_t pos = load_u32(e + 4);
  std::uint64_t ksize = load_u32(e + 8);
  std::uint64_t vsize = load_u32(e + 12);
  std::string_view kv = slice(elem, pos, ksize + vsize, i);
  out.key = kv.substr(0, static_cast<std::size_t>(ksize));
  out.value = kv.substr(static_cast<std::size_t>(ksize));
  return out;
}

BranchElement PageView::branch(std::uint32_t i) const {
  if (!is_branch() || i >= count_) throw BoltError(page_name(id_) + ": bad branch element access");
  std::size_t elem = kPageHeaderSize + std::size_t{i} * kElementSize;
  const char* e = bytes_.data() + elem;
  BranchElement out;
  out.key = slice(elem, load_u32(e), load_u32(e + 4), i);
  out.child = load_u64(e + 8);
  return out;
}

std::string_view PageView::key(std::uint32_t i) const {
  return is_leaf() ? leaf(i).key : branch(i).key;
}

std::uint32_t PageView::lower_bound(std::string_view target) const {
  std::uint32_t lo = 0, hi = count_;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (key(mid) < target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace berth::scan::bbolt
