#include "http/lingering_close.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

namespace berth::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

asio::awaitable<void> lingering_close(beast::tcp_stream& stream, LingerLimits limits) {
  using clock = std::chrono::steady_clock;
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  const auto deadline = clock::now() + std::chrono::seconds(limits.max_seconds);
  std::vector<char> scratch(64 * 1024);
  uint64_t drained = 0;
  while (drained < limits.max_bytes) {
    auto now = clock::now();
    if (now >= deadline) break;
    stream.expires_at(std::min(deadline, now + std::chrono::seconds(limits.silence_seconds)));
    size_t n = co_await stream.async_read_some(asio::buffer(scratch),
                                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;  // end of stream (the client is done), timeout or reset
    drained += n;
  }
  stream.expires_never();
}

}  // namespace berth::http
