// What a handler answers: status, headers and one of a few body kinds the server knows how to send.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "http/growing_body.h"

namespace berth::http {

// A region of an open file, sent with sendfile(2) on plain connections.
struct FileRegion {
  std::shared_ptr<int> fd;  // closes on last release
  uint64_t offset = 0;
  uint64_t length = 0;
};

// A region of a file that is still being written (a proxied blob on its way in): sent as it
// grows; a failed download cuts the connection so the client never takes a short body as whole.
struct GrowingRegion {
  std::shared_ptr<GrowingBody> file;
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct Response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::variant<std::string, std::shared_ptr<const std::string>, FileRegion, GrowingRegion> body;
  // For HEAD: the Content-Length to announce while sending no body.
  std::optional<uint64_t> head_length;
  bool close_connection = false;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response text(unsigned status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response json(unsigned status, std::string body);
  static Response empty(unsigned status);
};

}  // namespace berth::http
