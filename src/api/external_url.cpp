#include "api/external_url.h"

namespace berth::api {

std::string external_url(const Services& s, const http::Request& req) {
  std::string url = s.config.external_url;
  if (url.empty()) url = (req.secure ? "https://" : "http://") + std::string(req.header("Host"));
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace berth::api
