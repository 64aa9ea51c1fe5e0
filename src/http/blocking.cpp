#include "http/blocking.h"

#include <memory>
#include <mutex>

namespace berth::http {

namespace {
std::unique_ptr<boost::asio::thread_pool> g_pool;
std::once_flag g_default_once;
}  // namespace

void init_blocking_pool(unsigned threads) {
  if (!g_pool) g_pool = std::make_unique<boost::asio::thread_pool>(threads);
}

boost::asio::thread_pool& blocking_pool() {
  // Tests that never call init get a small default pool.
  std::call_once(g_default_once, [] { init_blocking_pool(4); });
  return *g_pool;
}

void shutdown_blocking_pool() {
  if (g_pool) g_pool->join();
}

}  // namespace berth::http
