// Lingering close: after an early answer to a request whose body is still arriving, the server
// stops writing and reads (and drops) what the client still sends for a bounded time, so the
// client finishes its write and reads the answer instead of hitting a reset (nginx's
// lingering_close). Closing with unread bytes in the receive queue would send an RST.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstdint>

namespace berth::http {

struct LingerLimits {
  uint64_t max_bytes = 128ull << 20;  // drop at most this much, then close
  int max_seconds = 30;               // total time spent draining
  int silence_seconds = 5;            // a client that sends nothing for this long is done
};

// Shuts down the sending side, then drains the socket within `limits`. Never throws.
boost::asio::awaitable<void> lingering_close(boost::beast::tcp_stream& stream, LingerLimits limits);

}  // namespace berth::http
