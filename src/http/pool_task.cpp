#include "http/pool_task.h"

namespace berth::http {

namespace asio = boost::asio;

PoolTask PoolTask::start(asio::thread_pool& pool, std::function<void()> f) {
  PoolTask t;
  t.state_ = std::make_shared<State>();
  asio::post(pool, [s = t.state_, f = std::move(f)] {
    std::exception_ptr ep;
    try {
      f();
    } catch (...) {
      ep = std::current_exception();
    }
    std::function<void(std::exception_ptr)> waiter;
    {
      std::lock_guard lock(s->mutex);
      s->done = true;
      s->error = ep;
      waiter = std::move(s->waiter);
    }
    if (waiter) waiter(ep);
  });
  return t;
}

asio::awaitable<void> PoolTask::join() {
  auto s = std::move(state_);
  if (!s) co_return;
  // A raw pointer (`s` keeps the state alive until we resume) and a named lambda: GCC 12
  // destroys temporaries with destructors inside co_await expressions twice.
  State* state = s.get();
  auto initiation = [state](auto handler) {
    // std::function needs a copyable target; the handler is move-only. Always post: when
    // the work is already done we are inside the initiation, and resuming the coroutine
    // from there would destroy this lambda while it runs.
    auto h = std::make_shared<decltype(handler)>(std::move(handler));
    auto resume = [h](std::exception_ptr ep) {
      auto ex = asio::get_associated_executor(*h);
      asio::post(ex, [h, ep]() mutable { std::move (*h)(ep); });
    };
    std::unique_lock lock(state->mutex);
    if (state->done) {
      auto ep = state->error;
      lock.unlock();
      resume(ep);
    } else {
      state->waiter = std::move(resume);
    }
  };
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
      initiation, asio::use_awaitable);
}

}  // namespace berth::http
