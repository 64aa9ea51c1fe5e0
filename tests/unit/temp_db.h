// A migrated SQLite database in a temporary file, removed afterwards (store tests).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "db/migrations.h"
#include "db/sqlite.h"

namespace berth::test_support {

struct TempDb {
  std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("berth-store-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".db");
  db::Pool pool;
  // pool_size: as many connections as the test's threads hold at once.
  explicit TempDb(size_t pool_size = 4) : pool(file, pool_size) {
    auto c = pool.acquire();
    db::migrate(*c);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  ~TempDb() {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  }
  void exec(const std::string& sql) { pool.acquire()->exec(sql); }
  // One integer from a query, for facts the stores do not expose (e.g. row counts).
  int64_t scalar(const std::string& sql) {
    auto c = pool.acquire();
    auto st = c->prepare(sql);
    return st.step() ? st.int64(0) : -1;
  }
};

}  // namespace berth::test_support
