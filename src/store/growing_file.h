// A file that one thread is still writing while others read it: the proxy cache's in-flight
// download. Readers learn how far the file is valid and ask to be called back when it grows, so
// the first client streams straight from the download and later clients of the same digest
// follow it instead of asking the upstream again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace berth::store {

class GrowingFile {
 public:
  explicit GrowingFile(std::shared_ptr<int> fd) : fd_(std::move(fd)) {}

  struct State {
    uint64_t available = 0;  // bytes [0, available) are written and readable
    int64_t size = -1;       // the final size once known
    bool done = false;       // complete and verified
    bool failed = false;
    std::string error;
    int status = 0;  // the HTTP status that fits the failure (404 not upstream, 502 ...)
  };

  // Writer side. Each call wakes the readers waiting for it.
  void set_size(int64_t size);
  void advance(uint64_t available);
  void finish();
  void fail(const std::string& error, int status = 502);

  // Reader side.
  std::shared_ptr<int> fd() const;
  // Before the first advance(): serve another file instead (the blob turned out to be in the
  // store already).
  void replace_fd(std::shared_ptr<int> fd);
  State state() const;
  // Calls `ready` (from the writer's thread, or at once) when the size is known or the file is
  // over: the moment a client's response headers can be written.
  void when_started(std::function<void()> ready);
  // Calls `ready` when more than `have` bytes are available or the file is over.
  void when_beyond(uint64_t have, std::function<void()> ready);

 private:
  struct Waiter {
    uint64_t have;  // UINT64_MAX: waiting for the start
    std::function<void()> ready;
  };
  bool satisfied(const Waiter& w) const;
  void wake();  // with mutex_ held: collects, then calls outside the lock

  std::shared_ptr<int> fd_;
  mutable std::mutex mutex_;
  State state_;
  std::vector<Waiter> waiters_;
};

}  // namespace berth::store
