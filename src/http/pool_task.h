// Work started on a thread pool now and awaited later, so a coroutine can overlap it with its
// own I/O (an upload hashes and writes one chunk while the next arrives from the socket).
// Boost 1.74 has no awaitable operators for this; run_blocking() awaits at once.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <mutex>

namespace berth::http {

class PoolTask {
 public:
  PoolTask() = default;  // an empty task: join() returns at once

  // Runs `f` on `pool` right away.
  static PoolTask start(boost::asio::thread_pool& pool, std::function<void()> f);

  // Waits for the work (without blocking the thread) and rethrows what it threw. Every started
  // task must be joined before what it references goes away.
  boost::asio::awaitable<void> join();

 private:
  struct State {
    std::mutex mutex;
    bool done = false;
    std::exception_ptr error;
    std::function<void()> waiter;
  };
  std::shared_ptr<State> state_;
};

}  // namespace berth::http
