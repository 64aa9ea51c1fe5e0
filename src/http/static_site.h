// Serves a single-page application from a directory (the portal: ui/dist). Files under
// /assets/ have content hashes in their names and are cached for a year; index.html and the
// other top-level files are revalidated on every load. Paths under the application's own routes
// (/harbor/..., /account/...) get index.html, so a deep link reloads to the same page. Knows
// nothing of the portal beyond that: the composition root says which directory and routes.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace berth::http {

class StaticSite {
 public:
  // `app_routes`: paths answered with index.html, each with everything below it ("/harbor"
  // covers "/harbor" and "/harbor/projects/3", not "/harborx"); "/" is always one.
  StaticSite(std::filesystem::path dir, std::vector<std::string> app_routes);

  boost::asio::awaitable<Response> handle(Request& req) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  bool is_app_route(const std::string& path) const;

  std::filesystem::path dir_;
  std::vector<std::string> app_routes_;
};

// "text/javascript; charset=utf-8" for "app.js"; application/octet-stream when unknown.
std::string content_type_for(const std::string& file_name);

// Whether `path` ("/assets/x.js") names a file inside the site: segments of letters, digits,
// '.', '_' and '-', none starting with '.' (no "..", no hidden files).
bool safe_site_path(const std::string& path);

}  // namespace berth::http
