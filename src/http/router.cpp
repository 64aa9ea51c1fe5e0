#include "http/router.h"

#include "http/errors.h"

namespace berth::http {

void Router::mount_exact(std::string path, Handler handler) {
  mounts_.push_back({std::move(path), true, std::move(handler)});
}

void Router::mount_prefix(std::string prefix, Handler handler) {
  mounts_.push_back({std::move(prefix), false, std::move(handler)});
}

boost::asio::awaitable<Response> Router::handle(Request& req) const {
  for (const Mount& m : mounts_)
    if (m.exact ? req.path == m.path : req.path.starts_with(m.path))
      co_return co_await m.handler(req);
  co_return harbor_error(404, "NOT_FOUND", "no such endpoint: " + req.path);
}

}  // namespace berth::http
