// Serves a single-page application from a directory (the portal: ui/dist). Files under
// /assets/ have content hashes in their names and are cached for a year; index.html and the
// other top-level files are revalidated on every load. Paths under the application's own routes
// (/harbor/..., /account/...) get index.html, so a deep link reloads to the same page. Knows
// nothing of the portal beyond that: the composition root says which directory and routes.
//
// Behind a reverse proxy that maps https://host/<prefix>/ to Berth's /, the page must load its
// files and call the API under the prefix. index.html gets a `<base href="/<prefix>/">` (always:
// "/" without a proxy, because the built portal names its files relatively and a deep link's own
// path must not be their base). The prefix is the proxy's X-Forwarded-Prefix when that is a
// clean path (see base::clean_path_prefix; anything else is ignored, never echoed), else the
// configured one (the path of externalURL).
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
  // `base_path`: the prefix without a proxy header ("/" or "/reg/", already clean).
  StaticSite(std::filesystem::path dir, std::vector<std::string> app_routes,
             std::string base_path = "/");

  boost::asio::awaitable<Response> handle(Request& req) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  bool is_app_route(const std::string& path) const;
  boost::asio::awaitable<Response> index(const Request& req) const;

  std::filesystem::path dir_;
  std::vector<std::string> app_routes_;
  std::string base_path_;
};

// "text/javascript; charset=utf-8" for "app.js"; application/octet-stream when unknown.
std::string content_type_for(const std::string& file_name);

// Whether `path` ("/assets/x.js") names a file inside the site: segments of letters, digits,
// '.', '_' and '-', none starting with '.' (no "..", no hidden files).
bool safe_site_path(const std::string& path);

// The base path index.html gets for a request: its clean X-Forwarded-Prefix, else `configured`.
std::string request_base_path(const Request& req, const std::string& configured);

// `html` with `<base href="<base_path>">` as the first element of its <head> (unchanged when it
// has no <head>). `base_path` must be clean (base::clean_path_prefix).
std::string with_base_href(const std::string& html, const std::string& base_path);

}  // namespace berth::http
