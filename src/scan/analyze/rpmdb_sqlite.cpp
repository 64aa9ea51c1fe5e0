#include <sqlite3.h>

#include <cstring>
#include <memory>

#include "scan/analyze/rpm_db.h"

namespace berth::scan {

namespace {

[[noreturn]] void corrupt_sqlite(const std::string& what) {
  throw AnalysisError(AnalysisError::Kind::kCorrupt, "rpmdb.sqlite: " + what);
}

}  // namespace

std::vector<std::string> rpm_sqlite_blobs(std::string_view file) {
  if (file.size() < 100 || !file.starts_with(std::string_view("SQLite format 3\0", 16)))
    corrupt_sqlite("not an SQLite database");
  // The bytes are opened in memory; rpm writes the file in WAL mode, which an in-memory database
  // cannot use, so the copy is marked as a rollback-journal database (header bytes 18 and 19).
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(file.size()));
  if (copy == nullptr) corrupt_sqlite("out of memory");
  std::memcpy(copy, file.data(), file.size());
  copy[18] = copy[19] = 1;
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_free(copy);
    sqlite3_close(raw);
    corrupt_sqlite("cannot open an in-memory database");
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, 256 << 20);
  int rc = sqlite3_deserialize(raw, "main", copy, file.size(), file.size(),
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) corrupt_sqlite(sqlite3_errmsg(raw));
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(raw, "SELECT blob FROM Packages", -1, &st, nullptr) != SQLITE_OK)
    corrupt_sqlite(sqlite3_errmsg(raw));
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(st, sqlite3_finalize);
  std::vector<std::string> out;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    auto* p = static_cast<const char*>(sqlite3_column_blob(st, 0));
    int n = sqlite3_column_bytes(st, 0);
    if (p != nullptr && n > 0) out.emplace_back(p, static_cast<size_t>(n));
  }
  if (rc != SQLITE_DONE) corrupt_sqlite(sqlite3_errmsg(raw));
  return out;
}

}  // namespace berth::scan
