#include "http/response.h"

namespace berth::http {

Response Response::text(unsigned status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.header("Content-Type", std::move(content_type));
  return r;
}

Response Response::json(unsigned status, std::string body) {
  return text(status, std::move(body), "application/json; charset=utf-8");
}

Response Response::empty(unsigned status) {
  Response r;
  r.status = status;
  return r;
}

}  // namespace berth::http
