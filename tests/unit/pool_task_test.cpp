// PoolTask: work started on a pool and joined later from a coroutine, in both orders (the
// already-finished case once resumed the coroutine inside its own initiation and crashed).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/pool_task.h"

using berth::http::PoolTask;
namespace asio = boost::asio;

namespace {
// Runs `body` as a coroutine on a fresh io_context until it completes.
// `io_threads` > 1 as in the server: a join may resume on another thread than it started on.
template <class Body>
void run_coroutine(Body body, int io_threads = 1) {
  asio::io_context io;
  std::exception_ptr failure;
  asio::co_spawn(io, body(), [&](std::exception_ptr ep) { failure = ep; });
  std::vector<std::thread> extra;
  for (int i = 1; i < io_threads; ++i) extra.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : extra) t.join();
  if (failure) std::rethrow_exception(failure);
}
}  // namespace

TEST(PoolTask, JoinAfterTheWorkFinishedManyTimes) {
  asio::thread_pool pool(2);
  std::atomic<int> sum{0};
  run_coroutine([&]() -> asio::awaitable<void> {
    for (int i = 0; i < 100000; ++i) {
      auto t = PoolTask::start(pool, [&sum] { sum++; });
      while (sum.load() <= i)
        std::this_thread::yield();  // done before join(); resuming inline would nest each join
                                    // deeper until the stack overflows
      co_await t.join();
    }
  });
  EXPECT_EQ(sum.load(), 100000);
  pool.join();
}

TEST(PoolTask, JoinBeforeTheWorkFinishesAndEmptyTask) {
  asio::thread_pool pool(2);
  bool done = false;
  run_coroutine([&]() -> asio::awaitable<void> {
    PoolTask empty;
    co_await empty.join();
    auto t = PoolTask::start(pool, [&done] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      done = true;
    });
    co_await t.join();
    EXPECT_TRUE(done);
  });
  pool.join();
}

TEST(PoolTask, JoinRethrowsWhatTheWorkThrew) {
  asio::thread_pool pool(1);
  bool caught = false;
  run_coroutine([&]() -> asio::awaitable<void> {
    auto t = PoolTask::start(pool, [] { throw std::runtime_error("disk full"); });
    try {
      co_await t.join();
    } catch (const std::runtime_error& e) {
      caught = std::string(e.what()) == "disk full";
    }
  });
  EXPECT_TRUE(caught);
  pool.join();
}

TEST(PoolTask, OverlappedJoinsOnSeveralIoThreads) {
  // The upload pattern: two tasks per step, joined in turn, the io context on two threads.
  asio::thread_pool pool(2);
  std::atomic<long> a{0}, b{0};
  run_coroutine(
      [&]() -> asio::awaitable<void> {
        PoolTask first, second;
        for (int i = 0; i < 20000; ++i) {
          co_await first.join();
          co_await second.join();
          first = PoolTask::start(pool, [&a] { a++; });
          second = PoolTask::start(pool, [&b] { b++; });
        }
        co_await first.join();
        co_await second.join();
      },
      2);
  EXPECT_EQ(a.load(), 20000);
  EXPECT_EQ(b.load(), 20000);
  pool.join();
}
