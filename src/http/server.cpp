#include "http/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "http/server_state.h"

namespace berth::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

tcp::endpoint parse_endpoint(const std::string& hostport) {
  auto colon = hostport.rfind(':');
  std::string host = hostport.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int port = std::stoi(hostport.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("invalid port in '" + hostport + "'");
  return {asio::ip::make_address(host), static_cast<unsigned short>(port)};
}

// Every io thread gets its own acceptor on the same port (SO_REUSEPORT): the kernel spreads
// connections across threads without a shared lock.
tcp::acceptor open_acceptor(asio::io_context& io, const tcp::endpoint& ep) {
  tcp::acceptor a(io);
  a.open(ep.protocol());
  a.set_option(tcp::acceptor::reuse_address(true));
  int one = 1;
  ::setsockopt(a.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  return a;
}

}  // namespace

struct Server::Impl {
  struct Worker {
    asio::io_context io{1};
    std::vector<tcp::acceptor> plain, tls;
    ConnectionTracker tracker;
  };
  ServerState state;
  std::vector<std::unique_ptr<Worker>> workers;
  unsigned short plain_port = 0, tls_port = 0;
  std::atomic<bool> stop_requested{false};
  std::thread stopper;
  ~Impl() {
    if (stopper.joinable()) stopper.join();
  }

  asio::awaitable<void> accept_loop(Worker& w, tcp::acceptor& acceptor, bool tls) {
    while (acceptor.is_open()) {
      boost::system::error_code ec;
      tcp::socket sock = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        // Out of descriptors or similar: back off briefly instead of spinning.
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer t(w.io, std::chrono::milliseconds(50));
        co_await t.async_wait(asio::use_awaitable);
        continue;
      }
      if (tls) start_tls_connection(state, w.tracker, std::move(sock));
      else start_plain_connection(state, w.tracker, std::move(sock));
    }
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->state.options = std::move(options);
  impl_->state.handler = std::move(handler);
  int n = impl_->state.options.io_threads;
  if (n <= 0) n = int(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) impl_->workers.push_back(std::make_unique<Impl::Worker>());

  auto bind_all = [&](const std::string& addr, bool tls, unsigned short& bound) {
    auto ep = parse_endpoint(addr);
    for (auto& w : impl_->workers) {
      // Port 0 means "any": the first acceptor picks it and the others share it.
      if (bound) ep.port(bound);
      auto& list = tls ? w->tls : w->plain;
      list.push_back(open_acceptor(w->io, ep));
      bound = list.back().local_endpoint().port();
    }
  };
  bind_all(impl_->state.options.listen, false, impl_->plain_port);
  if (impl_->state.options.tls_context) bind_all(impl_->state.options.tls_listen, true, impl_->tls_port);
}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->plain_port; }
unsigned short Server::tls_port() const { return impl_->tls_port; }

void Server::run() {
  for (auto& w : impl_->workers) {
    for (auto& a : w->plain) asio::co_spawn(w->io, impl_->accept_loop(*w, a, false), asio::detached);
    for (auto& a : w->tls) asio::co_spawn(w->io, impl_->accept_loop(*w, a, true), asio::detached);
  }
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->workers.size(); ++i)
    threads.emplace_back([w = impl_->workers[i].get()] { w->io.run(); });
  impl_->workers[0]->io.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  if (impl_->stop_requested.exchange(true)) return;
  impl_->state.stopping = true;
  for (auto& w : impl_->workers) {
    asio::post(w->io, [w = w.get()] {
      boost::system::error_code ec;
      for (auto& a : w->plain) a.close(ec);
      for (auto& a : w->tls) a.close(ec);
      // Idle keep-alive connections end now; busy ones finish their request first.
      w->tracker.for_each([](ConnectionTracker::Entry& e) {
        boost::system::error_code ignored;
        if (!*e.busy) e.socket->cancel(ignored);
      });
    });
  }
  // Wait for in-flight requests, bounded by the grace period, then stop the loops.
  impl_->stopper = std::thread([impl = impl_.get()] {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::seconds(impl->state.options.shutdown_grace_seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      size_t open = 0;
      for (auto& w : impl->workers) open += w->tracker.size();
      if (open == 0) break;
      // Connections that went idle after finishing a request are cancelled on the next pass.
      for (auto& w : impl->workers)
        asio::post(w->io, [w = w.get()] {
          w->tracker.for_each([](ConnectionTracker::Entry& e) {
            boost::system::error_code ignored;
            if (!*e.busy) e.socket->cancel(ignored);
          });
        });
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& w : impl->workers) w->io.stop();
  });
}

}  // namespace berth::http
