// jobs::JobStore on the metadata database (table jobs).
#pragma once

#include "jobs/job_store.h"

namespace berth::db {

class Pool;

class SqliteJobStore : public jobs::JobStore {
 public:
  explicit SqliteJobStore(Pool& db) : db_(db) {}

  int recover(const jobs::Recovery& r) override;
  jobs::EnqueueResult add(const std::string& kind, const std::string& payload,
                          const std::optional<std::string>& dedupe_key, int64_t now) override;
  std::optional<jobs::Job> claim(const std::vector<std::string>& kinds, int64_t now) override;
  void release(int64_t id) override;
  void finish(int64_t id, const std::string& status, const std::string& error,
              int64_t now) override;
  bool stop_pending(int64_t id, int64_t now) override;
  std::optional<jobs::Job> find(int64_t id) override;
  std::optional<int64_t> active_job(const std::string& dedupe_key) override;
  std::map<std::string, int64_t> count_by_status(const std::string& kind,
                                                 int64_t execution) override;
  std::vector<int64_t> active_jobs(const std::string& kind, int64_t execution) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
