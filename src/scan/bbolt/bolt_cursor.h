// Ordered iteration over one bucket (keys in unsigned byte order), like bbolt's Cursor.
//
//   for (bool ok = c.seek("npm::"); ok && c.key().starts_with("npm::"); ok = c.next()) ...
//
// Nested-bucket entries are visited too: is_bucket() is true, value() is empty and bucket()
// opens them. Corruption that could loop (page cycles, shared subtrees, keys out of order) throws
// BoltError: the tree depth is capped and keys must strictly increase along an iteration.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "scan/bbolt/bolt_bucket.h"
#include "scan/bbolt/bolt_page.h"

namespace berth::scan::bbolt {

class Cursor {
 public:
  explicit Cursor(const Bucket& bucket) : bucket_(bucket) {}

  // Each positions the cursor and returns valid().
  bool first();
  bool seek(std::string_view target);  // first key >= target
  bool next();

  bool valid() const { return !stack_.empty(); }
  std::string_view key() const { return current().key; }
  std::string_view value() const;
  bool is_bucket() const { return current().is_bucket(); }
  Bucket bucket() const;  // throws BoltError unless is_bucket()

  static constexpr std::size_t kMaxDepth = 64;

 private:
  struct Frame {
    PageView page;
    std::uint32_t index = 0;
  };

  LeafElement current() const;
  void push(const PageView& page);
  bool settle();
  void remember_key(bool check_order);

  Bucket bucket_;
  std::vector<Frame> stack_;
  std::string_view last_key_;
};

}  // namespace berth::scan::bbolt
