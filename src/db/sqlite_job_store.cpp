#include "db/sqlite_job_store.h"

#include "db/sqlite.h"

namespace berth::db {

namespace {
constexpr const char* kJobColumns =
    "id, kind, payload, status, attempts, dedupe_key, error, created_at, started_at, finished_at";

jobs::Job read_job(Statement& st) {
  jobs::Job j;
  j.id = st.int64(0);
  j.kind = st.text(1);
  j.payload = st.text(2);
  j.status = st.text(3);
  j.attempts = int(st.int64(4));
  if (!st.is_null(5)) j.dedupe_key = st.text(5);
  j.error = st.text(6);
  j.created_at = st.int64(7);
  if (!st.is_null(8)) j.started_at = st.int64(8);
  if (!st.is_null(9)) j.finished_at = st.int64(9);
  return j;
}

std::optional<int64_t> active_with_key(Connection& c, const std::string& dedupe_key) {
  auto st =
      c.prepare("SELECT id FROM jobs WHERE dedupe_key = ? AND status IN ('pending', 'running')");
  st.bind(1, dedupe_key);
  if (!st.step()) return std::nullopt;
  int64_t id = st.int64(0);
  st.reset();
  return id;
}
}  // namespace

int SqliteJobStore::recover(const jobs::Recovery& r) {
  auto c = db_.acquire();
  Transaction tx(*c);
  c->prepare(
       "UPDATE jobs SET status = 'error', finished_at = ?, error = ? "
       "WHERE status = 'running' AND attempts >= ?")
      .bind(1, r.now)
      .bind(2, r.give_up_error)
      .bind(3, r.max_attempts)
      .run();
  c->prepare("UPDATE jobs SET status = 'pending' WHERE status = 'running'").run();
  int requeued = c->changes();
  c->prepare("DELETE FROM jobs WHERE status IN ('success', 'error', 'stopped') AND finished_at < ?")
      .bind(1, r.delete_finished_before)
      .run();
  tx.commit();
  return requeued;
}

jobs::EnqueueResult SqliteJobStore::add(const std::string& kind, const std::string& payload,
                                        const std::optional<std::string>& dedupe_key, int64_t now) {
  auto c = db_.acquire();
  Transaction tx(*c);
  if (dedupe_key)
    if (auto id = active_with_key(*c, *dedupe_key)) return {*id, false};
  c->prepare(
       "INSERT INTO jobs(kind, payload, status, dedupe_key, created_at) "
       "VALUES (?, ?, 'pending', ?, ?)")
      .bind(1, kind)
      .bind(2, payload)
      .bind(3, dedupe_key)
      .bind(4, now)
      .run();
  int64_t id = c->last_insert_id();
  tx.commit();
  return {id, true};
}

std::optional<jobs::Job> SqliteJobStore::claim(const std::vector<std::string>& kinds, int64_t now) {
  if (kinds.empty()) return std::nullopt;
  std::string marks;
  for (size_t i = 0; i < kinds.size(); ++i) marks += i ? ", ?" : "?";
  auto c = db_.acquire();
  // One statement, so two workers (or two instances) never claim the same job.
  auto st = c->prepare(std::string("UPDATE jobs SET status = 'running', attempts = attempts + 1, "
                                   "started_at = ?, error = '' WHERE id = (SELECT id FROM jobs "
                                   "WHERE status = 'pending' AND kind IN (") +
                       marks + ") ORDER BY id LIMIT 1) RETURNING " + kJobColumns);
  st.bind(1, now);
  for (size_t i = 0; i < kinds.size(); ++i) st.bind(int(i) + 2, kinds[i]);
  if (!st.step()) return std::nullopt;
  jobs::Job j = read_job(st);
  st.reset();
  return j;
}

void SqliteJobStore::release(int64_t id) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE jobs SET status = 'pending', attempts = MAX(attempts - 1, 0) "
       "WHERE id = ? AND status = 'running'")
      .bind(1, id)
      .run();
}

void SqliteJobStore::finish(int64_t id, const std::string& status, const std::string& error,
                            int64_t now) {
  auto c = db_.acquire();
  c->prepare("UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?")
      .bind(1, status)
      .bind(2, error)
      .bind(3, now)
      .bind(4, id)
      .run();
}

bool SqliteJobStore::stop_pending(int64_t id, int64_t now) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE jobs SET status = 'stopped', finished_at = ? WHERE id = ? AND status = 'pending'")
      .bind(1, now)
      .bind(2, id)
      .run();
  return c->changes() > 0;
}

std::optional<jobs::Job> SqliteJobStore::find(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  jobs::Job j = read_job(st);
  st.reset();
  return j;
}

std::optional<int64_t> SqliteJobStore::active_job(const std::string& dedupe_key) {
  auto c = db_.acquire();
  return active_with_key(*c, dedupe_key);
}

std::map<std::string, int64_t> SqliteJobStore::count_by_status(const std::string& kind,
                                                               int64_t execution) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT status, COUNT(*) FROM jobs WHERE kind = ? AND "
      "json_extract(payload, '$.execution') = ? GROUP BY status");
  st.bind(1, kind).bind(2, execution);
  std::map<std::string, int64_t> out;
  while (st.step()) out[st.text(0)] = st.int64(1);
  return out;
}

std::vector<int64_t> SqliteJobStore::active_jobs(const std::string& kind, int64_t execution) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT id FROM jobs WHERE kind = ? AND status IN ('pending', 'running') AND "
      "json_extract(payload, '$.execution') = ? ORDER BY id");
  st.bind(1, kind).bind(2, execution);
  std::vector<int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

}  // namespace berth::db
