// A thin RAII layer over SQLite: connections with cached prepared statements, a pool, and
// transactions. Blocking: call it from the blocking pool, never from an io thread.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace berth::db {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A UNIQUE or PRIMARY KEY constraint was violated.
struct ConstraintError : DbError {
  using DbError::DbError;
};

class Statement {
 public:
  explicit Statement(sqlite3_stmt* s) : s_(s) {}
  // Resets on destruction: a cached statement left mid-result would keep a read transaction open,
  // and a later write on the same connection would then fail with SQLITE_BUSY.
  ~Statement() {
    if (s_) sqlite3_reset(s_);
  }
  Statement(Statement&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, int v) { return bind(i, int64_t(v)); }
  Statement& bind(int i, std::string_view v);  // TEXT
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, std::string_view v);
  Statement& bind_null(int i);
  Statement& bind(int i, const std::optional<std::string>& v) {
    return v ? bind(i, std::string_view(*v)) : bind_null(i);
  }
  bool step();  // true while a row is available
  void run() {  // step to completion
    while (step()) {
    }
  }
  int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  std::string text(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  void reset();

 private:
  sqlite3_stmt* s_;
};

// A value for a statement built at run time (a filtered listing): bind_all binds them in order.
using Bind = std::variant<int64_t, std::string>;
void bind_all(Statement& st, const std::vector<Bind>& binds);

class Connection {
 public:
  explicit Connection(const std::filesystem::path& file);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached, reset statement ready for binding (valid until the next prepare of the same SQL).
  Statement prepare(const std::string& sql);
  void exec(const std::string& sql);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Commits on commit(), rolls back otherwise. Writers take the lock up front (IMMEDIATE) so two
// writers never deadlock on lock upgrade.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

class Pool;
class PooledConnection {
 public:
  PooledConnection(Pool& p, std::unique_ptr<Connection> c) : pool_(&p), c_(std::move(c)) {}
  PooledConnection(PooledConnection&&) = default;
  ~PooledConnection();
  Connection* operator->() { return c_.get(); }
  Connection& operator*() { return *c_; }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> c_;
};

class Pool {
 public:
  Pool(std::filesystem::path file, size_t size);
  PooledConnection acquire();
  void release(std::unique_ptr<Connection> c);
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t created_ = 0, size_;
};

}  // namespace berth::db
