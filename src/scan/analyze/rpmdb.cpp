#include "scan/analyze/rpm_db.h"

namespace berth::scan {

std::vector<Package> parse_rpmdb(std::string_view file, OsPackageFormat& format) {
  std::vector<std::string> blobs;
  if (file.starts_with(std::string_view("SQLite format 3\0", 16))) {
    format = OsPackageFormat::kRpmSqlite;
    blobs = rpm_sqlite_blobs(file);
  } else if (is_rpm_ndb(file)) {
    format = OsPackageFormat::kRpmNdb;
    blobs = rpm_ndb_blobs(file);
  } else {
    format = OsPackageFormat::kRpmBdb;
    blobs = rpm_bdb_blobs(file);
  }
  std::vector<Package> out;
  for (const auto& blob : blobs)
    if (auto p = parse_rpm_header(blob)) out.push_back(std::move(*p));
  return out;
}

}  // namespace berth::scan
