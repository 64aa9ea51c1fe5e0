#include "scan/bbolt/bolt_bucket.h"

#include "scan/bbolt/bolt_cursor.h"
#include "scan/bbolt/bolt_error.h"
#include "scan/bbolt/page_source.h"

namespace berth::scan::bbolt {

std::optional<std::string_view> Bucket::get(std::string_view key) const {
  Cursor c(*this);
  if (!c.seek(key) || c.key() != key || c.is_bucket()) return std::nullopt;
  return c.value();
}

std::optional<Bucket> Bucket::bucket(std::string_view name) const {
  Cursor c(*this);
  if (!c.seek(name) || c.key() != name || !c.is_bucket()) return std::nullopt;
  return c.bucket();
}

Cursor Bucket::cursor() const {
  return Cursor(*this);
}

PageView Bucket::root_page() const {
  if (root_ != 0) return source_->page(root_);
  PageView p = PageView::parse(inline_page_, 0);
  if (!p.is_leaf()) throw BoltError("inline bucket page is not a leaf");
  return p;
}

Bucket Bucket::from_value(const PageSource* source, std::string_view value) {
  if (value.size() < kBucketHeaderSize) {
    throw BoltError("bucket value of " + std::to_string(value.size()) + " bytes is too short");
  }
  std::uint64_t root = load_u64(value.data());
  std::uint64_t sequence = load_u64(value.data() + 8);
  std::string_view page = root == 0 ? value.substr(kBucketHeaderSize) : std::string_view();
  return Bucket(source, root, page, sequence);
}

}  // namespace berth::scan::bbolt
