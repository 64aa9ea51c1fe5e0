// The HTTP/1.1 server: one io_context per thread, SO_REUSEPORT acceptors, plain and TLS ports,
// graceful shutdown. Requests go to a single handler (the router).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "http/request.h"
#include "http/response.h"

namespace boost::asio::ssl {
class context;
}

namespace berth::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

struct ServerOptions {
  std::string listen;      // host:port, plain HTTP
  std::string tls_listen;  // host:port, used when tls_context is set
  std::shared_ptr<boost::asio::ssl::context> tls_context;
  int io_threads = 0;  // 0: hardware concurrency
  uint64_t max_header_bytes = 16 * 1024;
  int header_timeout_seconds = 30;
  int idle_timeout_seconds = 120;
  int body_idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 30;
  // After an early answer: an unread body rest up to this size is dropped and the connection
  // kept; a larger rest is drained (at most linger_max_bytes, linger_seconds) before closing.
  uint64_t discard_body_max_bytes = 1024 * 1024;
  uint64_t linger_max_bytes = 128ull << 20;
  int linger_seconds = 30;
  bool access_log = true;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening sockets (throws on failure) and serves until stop() completes.
  void run();
  // Thread-safe. Stops accepting, lets in-flight requests finish within the grace period.
  void stop();
  // The bound plain port (useful when listening on port 0).
  unsigned short port() const;
  unsigned short tls_port() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::http
