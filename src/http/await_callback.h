// Suspends a coroutine until a callback-style API calls back: from another thread, or at once
// (an already-satisfied condition). The resumption is always posted: resuming inside the
// initiation would re-enter the coroutine from its own suspension, nesting ever deeper.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <functional>
#include <memory>

namespace berth::http {

// `subscribe` receives a std::function<void()> to call exactly once.
template <class Subscribe>
boost::asio::awaitable<void> await_callback(Subscribe subscribe) {
  namespace asio = boost::asio;
  auto initiation = [&subscribe](auto handler) {
    // std::function needs a copyable target; the handler is move-only.
    auto h = std::make_shared<decltype(handler)>(std::move(handler));
    subscribe(std::function<void()>([h] {
      auto ex = asio::get_associated_executor(*h);
      asio::post(ex, [h] { std::move (*h)(); });
    }));
  };
  co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(initiation,
                                                                       asio::use_awaitable);
}

}  // namespace berth::http
