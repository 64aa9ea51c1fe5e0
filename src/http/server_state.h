// State shared by the server and its connections (internal to http/).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <unordered_set>

#include "http/server.h"

namespace berth::http {

// Lets the server close idle keep-alive connections on shutdown.
class ConnectionTracker {
 public:
  struct Entry {
    boost::asio::ip::tcp::socket* socket;
    std::atomic<bool>* busy;
  };
  void add(Entry* e) {
    std::lock_guard lk(mu_);
    set_.insert(e);
  }
  void remove(Entry* e) {
    std::lock_guard lk(mu_);
    set_.erase(e);
  }
  size_t size() {
    std::lock_guard lk(mu_);
    return set_.size();
  }
  template <class F>
  void for_each(F f) {
    std::lock_guard lk(mu_);
    for (auto* e : set_) f(*e);
  }

 private:
  std::mutex mu_;
  std::unordered_set<Entry*> set_;
};

struct ServerState {
  ServerOptions options;
  Handler handler;
  std::atomic<bool> stopping{false};
  ConnectionTracker connections;
};

// Serves one accepted socket until it closes (defined in connection.cpp).
// `tracker` belongs to the socket's io_context, whose single thread is the only one touching it.
void start_plain_connection(ServerState& state, ConnectionTracker& tracker,
                            boost::asio::ip::tcp::socket socket);
void start_tls_connection(ServerState& state, ConnectionTracker& tracker,
                          boost::asio::ip::tcp::socket socket);

}  // namespace berth::http
