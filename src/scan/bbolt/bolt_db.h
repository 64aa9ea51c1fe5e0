// Read-only access to a bbolt database file (the format of Trivy's trivy.db), zero-copy over a
// read-only mmap.
//
//   auto db = BoltDb::open("trivy.db");
//   if (auto vulns = db.root().bucket("vulnerability"))
//     if (auto v = vulns->get("CVE-2019-1549")) ...   // string_view into the mapping
//
// Keys and values are string_views into the mapping: they, and every Bucket and Cursor, are valid
// while the BoltDb lives. A corrupt file throws BoltError at open or at the access that meets the
// damage; nothing reads outside the file and no loop runs unbounded. Reads are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "scan/bbolt/bolt_bucket.h"
#include "scan/bbolt/bolt_cursor.h"
#include "scan/bbolt/bolt_error.h"
#include "scan/bbolt/bolt_meta.h"

namespace berth::scan::bbolt {

class PageSource;

class BoltDb {
 public:
  // Maps the file and selects the current meta page. Throws BoltError.
  static BoltDb open(const std::string& path);

  BoltDb(BoltDb&&) noexcept;
  BoltDb& operator=(BoltDb&&) noexcept;
  ~BoltDb();

  // The DB-wide root bucket: its entries are the top-level buckets.
  Bucket root() const;
  // Shorthand for root().bucket(name).
  std::optional<Bucket> bucket(std::string_view name) const { return root().bucket(name); }

  const Meta& meta() const;
  std::uint32_t page_size() const { return meta().page_size; }
  std::size_t file_size() const;
  const std::string& path() const;

 private:
  explicit BoltDb(std::unique_ptr<PageSource> source);
  std::unique_ptr<PageSource> source_;
};

}  // namespace berth::scan::bbolt
