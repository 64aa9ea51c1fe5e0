// Runs blocking work (disk, database, hashing of whole files) on a bounded thread pool and
// resumes the awaiting coroutine on its own executor, so io threads never block.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>

namespace berth::http {

// The process-wide pool; created by the server (or a test) before first use.
boost::asio::thread_pool& blocking_pool();
void init_blocking_pool(unsigned threads);
void shutdown_blocking_pool();

// Runs `f` on `pool` (the blocking pool, or another bounded pool such as the proxy cache's
// for calls that wait on other servers).
template <class F>
auto run_blocking_on(boost::asio::thread_pool& pool, F f)
    -> boost::asio::awaitable<std::invoke_result_t<F>> {
  using R = std::invoke_result_t<F>;
  namespace asio = boost::asio;
  if constexpr (std::is_void_v<R>) {
    co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
        [&pool, f = std::move(f)](auto handler) mutable {
          asio::post(pool, [f = std::move(f), handler = std::move(handler)]() mutable {
            std::exception_ptr ep;
            try {
              f();
            } catch (...) {
              ep = std::current_exception();
            }
            auto ex = asio::get_associated_executor(handler);
            asio::dispatch(ex, [handler = std::move(handler), ep]() mutable { handler(ep); });
          });
        },
        asio::use_awaitable);
  } else {
    auto result =
        co_await asio::async_initiate<decltype(asio::use_awaitable),
                                      void(std::exception_ptr, std::optional<R>)>(
            [&pool, f = std::move(f)](auto handler) mutable {
              asio::post(pool, [f = std::move(f), handler = std::move(handler)]() mutable {
                std::exception_ptr ep;
                std::optional<R> r;
                try {
                  r.emplace(f());
                } catch (...) {
                  ep = std::current_exception();
                }
                auto ex = asio::get_associated_executor(handler);
                asio::dispatch(ex, [handler = std::move(handler), ep, r = std::move(r)]() mutable {
                  handler(ep, std::move(r));
                });
              });
            },
            asio::use_awaitable);
    co_return std::move(*result);
  }
}

template <class F>
auto run_blocking(F f) -> boost::asio::awaitable<std::invoke_result_t<F>> {
  return run_blocking_on(blocking_pool(), std::move(f));
}

}  // namespace berth::http
