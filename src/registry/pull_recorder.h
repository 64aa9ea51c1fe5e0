// Remembers manifest pulls in memory and writes them (pull_time, pull_count) in batches, so a
// busy pull path does not pay a database write per request.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace berth::core {
class ContentStore;
}

namespace berth::registry {

class PullRecorder {
 public:
  explicit PullRecorder(core::ContentStore& content) : content_(content) {}
  ~PullRecorder();  // writes what is still pending

  // Cheap (a lock and a map insert); `tag` is empty for pulls by digest.
  void record(const std::string& repo, const std::string& digest, const std::string& tag);
  // True when a batch should be written now (many pending, or the oldest is a few seconds old).
  bool due();
  // Blocking: call on the blocking pool.
  void flush();

 private:
  struct Pending {
    int64_t time = 0;
    int64_t count = 0;
    std::set<std::string> tags;
  };
  core::ContentStore& content_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Pending> pending_;
  std::chrono::steady_clock::time_point first_{};
  bool flushing_ = false;
};

}  // namespace berth::registry
