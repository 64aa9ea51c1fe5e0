#include "db/sqlite_replication_execution_store.h"

#include "base/clock.h"
#include "db/sqlite.h"

namespace berth::db {

using replication::Execution;
using replication::Task;

namespace {

// An execution page joined with its tasks' counts and bytes; `%WHERE%` is replaced by the
// filter and the paging of the executions themselves.
constexpr const char* kExecutionSelect =
    "SELECT e.id, e.policy_id, e.status, e.status_text, e.\"trigger\", e.start_time, "
    "e.end_time, COUNT(t.id), COALESCE(SUM(t.status = 'error'), 0), "
    "COALESCE(SUM(t.status = 'success'), 0), "
    "COALESCE(SUM(t.status IN ('pending', 'running')), 0), "
    "COALESCE(SUM(t.status = 'stopped'), 0), COALESCE(SUM(t.bytes_total), 0), "
    "COALESCE(SUM(t.bytes_done), 0) FROM (SELECT * FROM replication_executions ";
constexpr const char* kExecutionGroup =
    ") e LEFT JOIN replication_tasks t ON t.execution_id = e.id GROUP BY e.id ORDER BY e.id DESC";

Execution read_execution(Statement& st) {
  Execution e;
  e.id = st.int64(0);
  e.policy_id = st.int64(1);
  e.status = st.text(2);
  e.status_text = st.text(3);
  e.trigger = st.text(4);
  e.start_time = st.int64(5);
  if (!st.is_null(6)) e.end_time = st.int64(6);
  e.total = st.int64(7);
  e.failed = st.int64(8);
  e.succeed = st.int64(9);
  e.in_progress = st.int64(10);
  e.stopped = st.int64(11);
  e.bytes_total = st.int64(12);
  e.bytes_done = st.int64(13);
  return e;
}

std::vector<Execution> executions(Connection& c, const std::string& where,
                                  const std::vector<Bind>& binds) {
  auto st = c.prepare(std::string(kExecutionSelect) + where + kExecutionGroup);
  bind_all(st, binds);
  std::vector<Execution> out;
  while (st.step()) out.push_back(read_execution(st));
  return out;
}

constexpr const char* kTaskSelect =
    "SELECT id, execution_id, status, operation, resource_type, src_resource, dst_resource, "
    "payload, job_id, attempts, bytes_total, bytes_done, error, start_time, end_time "
    "FROM replication_tasks ";

Task read_task(Statement& st) {
  Task t;
  t.id = st.int64(0);
  t.execution_id = st.int64(1);
  t.status = st.text(2);
  t.operation = st.text(3);
  t.resource_type = st.text(4);
  t.src_resource = st.text(5);
  t.dst_resource = st.text(6);
  t.payload = st.text(7);
  t.job_id = st.int64(8);
  t.attempts = int(st.int64(9));
  t.bytes_total = st.int64(10);
  t.bytes_done = st.int64(11);
  t.error = st.text(12);
  if (!st.is_null(13)) t.start_time = st.int64(13);
  if (!st.is_null(14)) t.end_time = st.int64(14);
  return t;
}

// The tail of `log` that fits in `keep` bytes, from a line start, after a line saying that
// earlier lines were dropped.
std::string log_tail(const std::string& log, size_t keep) {
  static const std::string kDropped = "[earlier lines of this log were dropped]\n";
  size_t from = log.size() - (keep - kDropped.size());
  size_t nl = log.find('\n', from);
  from = nl == std::string::npos ? log.size() : nl + 1;
  return kDropped + log.substr(from);
}

}  // namespace

int64_t SqliteReplicationExecutionStore::create_execution(const Execution& e) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "INSERT INTO replication_executions(policy_id, status, status_text, \"trigger\", "
      "start_time, end_time) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, e.policy_id).bind(2, e.status).bind(3, e.status_text).bind(4, e.trigger);
  st.bind(5, e.start_time ? e.start_time : base::now_millis());
  if (e.end_time)
    st.bind(6, *e.end_time);
  else
    st.bind_null(6);
  st.run();
  return c->last_insert_id();
}

std::optional<Execution> SqliteReplicationExecutionStore::get_execution(int64_t id) {
  auto c = db_.acquire();
  auto found = executions(*c, "WHERE id = ?", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Execution> SqliteReplicationExecutionStore::list_executions(
    const replication::ExecutionQuery& q, int64_t* total) {
  std::string where = "WHERE 1";
  std::vector<Bind> binds;
  if (q.policy_id) {
    where += " AND policy_id = ?";
    binds.emplace_back(*q.policy_id);
  }
  if (q.status) {
    where += " AND status = ?";
    binds.emplace_back(*q.status);
  }
  if (q.trigger) {
    where += " AND \"trigger\" = ?";
    binds.emplace_back(*q.trigger);
  }
  auto c = db_.acquire();
  if (total) {
    auto st = c->prepare("SELECT COUNT(*) FROM replication_executions " + where);
    bind_all(st, binds);
    *total = st.step() ? st.int64(0) : 0;
  }
  binds.emplace_back(q.limit);
  binds.emplace_back(q.offset);
  return executions(*c, where + " ORDER BY id DESC LIMIT ? OFFSET ?", binds);
}

void SqliteReplicationExecutionStore::finish_execution(int64_t id, const std::string& status,
                                                       const std::string& status_text,
                                                       int64_t now) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE replication_executions SET status = ?, status_text = ?, end_time = ? "
       "WHERE id = ? AND status = 'running'")
      .bind(1, status)
      .bind(2, status_text)
      .bind(3, now)
      .bind(4, id)
      .run();
}

std::vector<Execution> SqliteReplicationExecutionStore::running_executions(int64_t policy_id) {
  auto c = db_.acquire();
  if (policy_id > 0)
    return executions(*c, "WHERE status = 'running' AND policy_id = ?", {policy_id});
  return executions(*c, "WHERE status = 'running'", {});
}

namespace {
void insert_task(Connection& c, const Task& t) {
  auto st = c.prepare(
      "INSERT INTO replication_tasks(execution_id, status, operation, resource_type, "
      "src_resource, dst_resource, payload, job_id, attempts, bytes_total, bytes_done, error, "
      "start_time, end_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, t.execution_id).bind(2, t.status).bind(3, t.operation).bind(4, t.resource_type);
  st.bind(5, t.src_resource).bind(6, t.dst_resource).bind(7, t.payload).bind(8, t.job_id);
  st.bind(9, int64_t(t.attempts)).bind(10, t.bytes_total).bind(11, t.bytes_done);
  st.bind(12, t.error);
  if (t.start_time)
    st.bind(13, *t.start_time);
  else
    st.bind_null(13);
  if (t.end_time)
    st.bind(14, *t.end_time);
  else
    st.bind_null(14);
  st.run();
}
}  // namespace

int64_t SqliteReplicationExecutionStore::add_task(const Task& t) {
  auto c = db_.acquire();
  insert_task(*c, t);
  return c->last_insert_id();
}

void SqliteReplicationExecutionStore::add_tasks(const std::vector<Task>& tasks) {
  auto c = db_.acquire();
  Transaction tx(*c);
  for (const auto& t : tasks) insert_task(*c, t);
  tx.commit();
}

std::vector<Task> SqliteReplicationExecutionStore::unqueued_tasks(int64_t execution_id,
                                                                  int64_t limit) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kTaskSelect) +
                       "WHERE execution_id = ? AND status = 'pending' AND job_id = 0 "
                       "ORDER BY id LIMIT ?");
  st.bind(1, execution_id).bind(2, limit);
  std::vector<Task> out;
  while (st.step()) out.push_back(read_task(st));
  return out;
}

int64_t SqliteReplicationExecutionStore::queued_tasks(int64_t execution_id) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT COUNT(*) FROM replication_tasks WHERE execution_id = ? AND "
      "(status = 'running' OR (status = 'pending' AND job_id != 0))");
  st.bind(1, execution_id);
  st.step();
  return st.int64(0);
}

std::optional<Task> SqliteReplicationExecutionStore::get_task(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kTaskSelect) + "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_task(st);
}

std::vector<Task> SqliteReplicationExecutionStore::list_tasks(const replication::TaskQuery& q,
                                                              int64_t* total) {
  std::string where = "WHERE execution_id = ?";
  std::vector<Bind> binds{q.execution_id};
  if (q.status) {
    where += " AND status = ?";
    binds.emplace_back(*q.status);
  }
  if (q.resource_type) {
    where += " AND resource_type = ?";
    binds.emplace_back(*q.resource_type);
  }
  auto c = db_.acquire();
  if (total) {
    auto st = c->prepare("SELECT COUNT(*) FROM replication_tasks " + where);
    bind_all(st, binds);
    *total = st.step() ? st.int64(0) : 0;
  }
  auto st = c->prepare(std::string(kTaskSelect) + where + " ORDER BY id LIMIT ? OFFSET ?");
  binds.emplace_back(q.limit);
  binds.emplace_back(q.offset);
  bind_all(st, binds);
  std::vector<Task> out;
  while (st.step()) out.push_back(read_task(st));
  return out;
}

void SqliteReplicationExecutionStore::set_task_job(int64_t id, int64_t job_id) {
  auto c = db_.acquire();
  c->prepare("UPDATE replication_tasks SET job_id = ? WHERE id = ?")
      .bind(1, job_id)
      .bind(2, id)
      .run();
}

void SqliteReplicationExecutionStore::start_task(int64_t id, int64_t now) {
  // A task stopped (or finished) meanwhile stays as it is.
  auto c = db_.acquire();
  c->prepare(
       "UPDATE replication_tasks SET status = 'running', start_time = ?, attempts = attempts + 1 "
       "WHERE id = ? AND status IN ('pending', 'running')")
      .bind(1, now)
      .bind(2, id)
      .run();
}

void SqliteReplicationExecutionStore::set_task_progress(int64_t id, int64_t bytes_done,
                                                        int64_t bytes_total) {
  auto c = db_.acquire();
  c->prepare("UPDATE replication_tasks SET bytes_done = ?, bytes_total = ? WHERE id = ?")
      .bind(1, bytes_done)
      .bind(2, bytes_total)
      .bind(3, id)
      .run();
}

void SqliteReplicationExecutionStore::finish_task(int64_t id, const std::string& status,
                                                  const std::string& error, int64_t now) {
  // Only an unfinished task ends: a stop is not overwritten by the worker returning later.
  auto c = db_.acquire();
  c->prepare(
       "UPDATE replication_tasks SET status = ?, error = ?, end_time = ? "
       "WHERE id = ? AND status IN ('pending', 'running')")
      .bind(1, status)
      .bind(2, error)
      .bind(3, now)
      .bind(4, id)
      .run();
}

void SqliteReplicationExecutionStore::append_task_log(int64_t id, const std::string& line) {
  std::string text = line.size() > kMaxLogLine ? line.substr(0, kMaxLogLine) + " [cut]" : line;
  if (text.empty() || text.back() != '\n') text += '\n';
  auto c = db_.acquire();
  Transaction tx(*c);
  int64_t size = -1;
  {
    auto st = c->prepare(
        "UPDATE replication_tasks SET log = log || ? WHERE id = ? "
        "RETURNING length(CAST(log AS BLOB))");
    st.bind(1, text).bind(2, id);
    if (st.step()) size = st.int64(0);
  }
  // Trimmed to three quarters, so the whole log is rewritten once per 64 KiB of new lines.
  if (size > int64_t(kMaxTaskLog)) {
    std::string log;
    {
      auto st = c->prepare("SELECT log FROM replication_tasks WHERE id = ?");
      st.bind(1, id);
      if (st.step()) log = st.text(0);
    }
    c->prepare("UPDATE replication_tasks SET log = ? WHERE id = ?")
        .bind(1, log_tail(log, kMaxTaskLog * 3 / 4))
        .bind(2, id)
        .run();
  }
  tx.commit();
}

std::string SqliteReplicationExecutionStore::task_log(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT log FROM replication_tasks WHERE id = ?");
  st.bind(1, id);
  return st.step() ? st.text(0) : std::string();
}

std::map<std::string, int64_t> SqliteReplicationExecutionStore::task_counts(int64_t execution_id) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT status, COUNT(*) FROM replication_tasks WHERE execution_id = ? GROUP BY status");
  st.bind(1, execution_id);
  std::map<std::string, int64_t> out;
  while (st.step()) out[st.text(0)] = st.int64(1);
  return out;
}

void SqliteReplicationExecutionStore::remove_for_policy(int64_t policy_id) {
  auto c = db_.acquire();
  Transaction tx(*c);
  c->prepare(
       "DELETE FROM replication_tasks WHERE execution_id IN "
       "(SELECT id FROM replication_executions WHERE policy_id = ?)")
      .bind(1, policy_id)
      .run();
  c->prepare("DELETE FROM replication_executions WHERE policy_id = ?").bind(1, policy_id).run();
  tx.commit();
}

}  // namespace berth::db
