#include "db/sqlite.h"

namespace berth::db {

namespace {
[[noreturn]] void raise(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(msg);
  throw DbError(msg);
}
}  // namespace

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view v) {
  sqlite3_bind_blob(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(s_);
  sqlite3_reset(s_);
  raise(db, rc, "sqlite step");
}

std::string Statement::text(int col) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
  int n = sqlite3_column_bytes(s_, col);
  return p ? std::string(p, size_t(n)) : std::string();
}

void Statement::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

Connection::Connection(const std::filesystem::path& file) {
  int rc =
      sqlite3_open_v2(file.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open database " + file.string() + ": " + sqlite3_errstr(rc);
    if (db_) sqlite3_close(db_);
    throw DbError(msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  // WAL lets readers run beside the single writer; NORMAL sync is durable with WAL across process
  // crashes (kill -9), and the blob files themselves are fsynced separately.
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
}

Connection::~Connection() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

Statement Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(it->second);
  }
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), int(sql.size()), &st, nullptr);
  if (rc != SQLITE_OK) raise(db_, rc, "sqlite prepare '" + sql + "'");
  cache_.emplace(sql, st);
  return Statement(st);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(msg);
    throw DbError("sqlite exec: " + msg);
  }
}

Transaction::Transaction(Connection& c) : c_(c) {
  c_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      c_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}

void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

PooledConnection::~PooledConnection() {
  if (c_) pool_->release(std::move(c_));
}

Pool::Pool(std::filesystem::path file, size_t size) : file_(std::move(file)), size_(size) {}

PooledConnection Pool::acquire() {
  std::unique_lock lk(mu_);
  cv_.wait(lk, [&] { return !idle_.empty() || created_ < size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return PooledConnection(*this, std::move(c));
  }
  ++created_;
  lk.unlock();
  try {
    return PooledConnection(*this, std::make_unique<Connection>(file_));
  } catch (...) {
    std::lock_guard relock(mu_);
    --created_;
    cv_.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> c) {
  std::lock_guard lk(mu_);
  idle_.push_back(std::move(c));
  cv_.notify_one();
}

void bind_all(Statement& st, const std::vector<Bind>& binds) {
  for (size_t i = 0; i < binds.size(); ++i)
    std::visit([&](const auto& v) { st.bind(int(i + 1), v); }, binds[i]);
}

}  // namespace berth::db
