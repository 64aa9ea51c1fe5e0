// The top-level router: hands each request to the handler mounted for its path (the first mount
// that matches, in the order they were added), 404 otherwise. What is mounted where is decided
// by the composition root (app/routing.cpp), so this layer knows no API.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace berth::http {

class Router {
 public:
  using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

  // Requests whose path is exactly `path`.
  void mount_exact(std::string path, Handler handler);
  // Requests whose path starts with `prefix`.
  void mount_prefix(std::string prefix, Handler handler);

  boost::asio::awaitable<Response> handle(Request& req) const;

 private:
  struct Mount {
    std::string path;
    bool exact;
    Handler handler;
  };
  std::vector<Mount> mounts_;
};

}  // namespace berth::http
