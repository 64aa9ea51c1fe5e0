// A bbolt bucket: the DB root bucket, a nested bucket with its own page tree, or an inline bucket
// whose single leaf page is stored inside its parent's value. A cheap value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "scan/bbolt/bolt_page.h"

namespace berth::scan::bbolt {

class Cursor;
class PageSource;

class Bucket {
 public:
  // The value stored under `key`; nullopt when the key is absent or names a nested bucket
  // (bbolt's Bucket.Get semantics).
  std::optional<std::string_view> get(std::string_view key) const;
  // The nested bucket `name`; nullopt when absent or when `name` holds a plain value.
  std::optional<Bucket> bucket(std::string_view name) const;
  Cursor cursor() const;

  std::uint64_t sequence() const { return sequence_; }
  bool is_inline() const { return root_ == 0; }

  // The root page of this bucket's tree (the inline page for inline buckets).
  PageView root_page() const;
  const PageSource* source() const { return source_; }

  // Opens a nested bucket from its leaf value (the 16-byte header, plus the page image when
  // inline). Throws BoltError when the value is malformed.
  static Bucket from_value(const PageSource* source, std::string_view value);

 private:
  friend class BoltDb;
  Bucket(const PageSource* source, std::uint64_t root, std::string_view inline_page,
         std::uint64_t sequence)
      : source_(source), root_(root), inline_page_(inline_page), sequence_(sequence) {}

  const PageSource* source_ = nullptr;
  std::uint64_t root_ = 0;
  std::string_view inline_page_;
  std::uint64_t sequence_ = 0;
};

}  // namespace berth::scan::bbolt
