#include "registry/pull_recorder.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include "core/content_store.h"

namespace berth::registry {

namespace {
constexpr size_t kMaxPending = 256;
constexpr auto kMaxAge = std::chrono::seconds(5);
}  // namespace

PullRecorder::~PullRecorder() {
  try {
    flush();
  } catch (const std::exception& e) {
    spdlog::warn("could not record pull times at shutdown: {}", e.what());
  }
}

void PullRecorder::record(const std::string& repo, const std::string& digest,
                          const std::string& tag) {
  std::lock_guard lk(mu_);
  if (pending_.empty()) first_ = std::chrono::steady_clock::now();
  Pending& p = pending_[{repo, digest}];
  p.time = base::now_millis();
  ++p.count;
  if (!tag.empty() && p.tags.size() < 64) p.tags.insert(tag);
}

bool PullRecorder::due() {
  std::lock_guard lk(mu_);
  if (flushing_ || pending_.empty()) return false;
  if (pending_.size() < kMaxPending && std::chrono::steady_clock::now() - first_ < kMaxAge)
    return false;
  flushing_ = true;  // one flush at a time; others keep recording
  return true;
}

void PullRecorder::flush() {
  std::map<std::pair<std::string, std::string>, Pending> batch;
  {
    std::lock_guard lk(mu_);
    batch.swap(pending_);
    flushing_ = false;
  }
  std::vector<core::PullRecord> pulls;
  pulls.reserve(batch.size());
  for (auto& [key, p] : batch)
    pulls.push_back({key.first, key.second, p.time, p.count, {p.tags.begin(), p.tags.end()}});
  content_.record_pulls(pulls);
}

}  // namespace berth::registry
