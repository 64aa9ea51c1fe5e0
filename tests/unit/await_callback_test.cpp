// await_callback: resumed when the callback runs, whether at once (inside the subscription)
// or later from another thread. Resuming inline once nested every wait in the previous one.
#include "http/await_callback.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

using berth::http::await_callback;
namespace asio = boost::asio;

namespace {
void run(asio::io_context& io, asio::awaitable<void> body) {
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(body), [&](std::exception_ptr ep) { failure = ep; });
  io.run();
  if (failure) std::rethrow_exception(failure);
}
}  // namespace

TEST(AwaitCallback, CalledAtOnceManyTimesDoesNotNest) {
  asio::io_context io;
  int resumed = 0;
  auto body = [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 200000; ++i) {
      auto at_once = [](std::function<void()> ready) { ready(); };
      co_await await_callback(at_once);
      ++resumed;
    }
  };
  run(io, body());
  EXPECT_EQ(resumed, 200000);
}

TEST(AwaitCallback, CalledLaterFromAnotherThread) {
  asio::io_context io;
  std::thread other;
  bool resumed = false;
  auto body = [&]() -> asio::awaitable<void> {
    auto later = [&other](std::function<void()> ready) {
      other = std::thread([ready = std::move(ready)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ready();
      });
    };
    co_await await_callback(later);
    resumed = true;
  };
  run(io, body());
  other.join();
  EXPECT_TRUE(resumed);
}
