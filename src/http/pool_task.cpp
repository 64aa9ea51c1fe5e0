#include "http/pool_task.h"

#include "http/await_callback.h"

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
    std::function<void()> waiter;
    {
      std::lock_guard lock(s->mutex);
      s->done = true;
      s->error = ep;
      waiter = std::move(s->waiter);
    }
    if (waiter) waiter();
  });
  return t;
}

asio::awaitable<void> PoolTask::join() {
  auto s = std::move(state_);
  if (!s) co_return;
  // A raw pointer in a named lambda (`s` keeps the state alive until we resume): GCC 12
  // destroys temporaries with destructors inside co_await expressions twice.
  State* state = s.get();
  auto subscribe = [state](std::function<void()> ready) {
    std::unique_lock lock(state->mutex);
    if (state->done) {
      lock.unlock();
      ready();
    } else {
      state->waiter = std::move(ready);
    }
  };
  co_await await_callback(subscribe);
  if (s->error) std::rethrow_exception(s->error);
}

}  // namespace berth::http
