// A parsed HTTP request as handlers see it, kept free of Beast so handlers compile quickly.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::http {

// Streams the request body; implemented by the server for plain and TLS connections.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Reads up to buf.size() bytes; returns 0 once the whole body has been read.
  // Throws BodyError when the client breaks off or stalls.
  virtual boost::asio::awaitable<size_t> read_some(boost::asio::mutable_buffer buf) = 0;
  virtual bool done() const = 0;
  // Bytes declared by Content-Length, when the request is not chunked.
  virtual std::optional<uint64_t> declared_length() const = 0;
};

struct BodyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The body exceeded the limit the handler allows.
struct BodyTooLarge : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Request {
  std::string method;  // "GET", "HEAD", ...
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path
  std::string raw_path;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;
  std::string remote_address;
  bool secure = false;  // arrived over TLS
  BodyReader* body = nullptr;

  // Case-insensitive; "" when absent.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // First value of a query parameter; nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const;
  bool is_head() const { return method == "HEAD"; }

  // Reads the whole body (bounded by `limit`; throws BodyTooLarge beyond it).
  boost::asio::awaitable<std::string> read_body(uint64_t limit) const;
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace berth::http
