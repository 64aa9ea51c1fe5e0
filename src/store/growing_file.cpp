#include "store/growing_file.h"

#include <limits>
#include <utility>

namespace berth::store {

namespace {
constexpr uint64_t kStart = std::numeric_limits<uint64_t>::max();
}

bool GrowingFile::satisfied(const Waiter& w) const {
  if (state_.done || state_.failed) return true;
  if (w.have == kStart) return state_.size >= 0;
  return state_.available > w.have;
}

void GrowingFile::wake() {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    auto it = waiters_.begin();
    while (it != waiters_.end()) {
      if (satisfied(*it)) {
        ready.push_back(std::move(it->ready));
        it = waiters_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& r : ready) r();
}

void GrowingFile::set_size(int64_t size) {
  {
    std::lock_guard lock(mutex_);
    state_.size = size;
  }
  wake();
}

void GrowingFile::advance(uint64_t available) {
  {
    std::lock_guard lock(mutex_);
    state_.available = available;
    if (waiters_.empty()) return;
  }
  wake();
}

void GrowingFile::finish() {
  {
    std::lock_guard lock(mutex_);
    state_.done = true;
    if (state_.size < 0) state_.size = int64_t(state_.available);
  }
  wake();
}

void GrowingFile::fail(const std::string& error, int status) {
  {
    std::lock_guard lock(mutex_);
    state_.failed = true;
    state_.error = error;
    state_.status = status;
  }
  wake();
}

std::shared_ptr<int> GrowingFile::fd() const {
  std::lock_guard lock(mutex_);
  return fd_;
}

void GrowingFile::replace_fd(std::shared_ptr<int> fd) {
  std::lock_guard lock(mutex_);
  fd_ = std::move(fd);
}

GrowingFile::State GrowingFile::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void GrowingFile::when_started(std::function<void()> ready) {
  when_beyond(kStart, std::move(ready));
}

void GrowingFile::when_beyond(uint64_t have, std::function<void()> ready) {
  {
    std::lock_guard lock(mutex_);
    Waiter w{have, std::move(ready)};
    if (!satisfied(w)) {
      waiters_.push_back(std::move(w));
      return;
    }
    ready = std::move(w.ready);
  }
  ready();
}

}  // namespace berth::store
