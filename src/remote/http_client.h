// A blocking HTTP client on libcurl-easy for talking to other registries and to AWS.
//
// Why not libcurl's own redirect following: a registry answers blob GETs with a redirect to
// blob storage (S3, a CDN); the registry's Authorization header must not travel there. Redirects
// are followed here, and credentials are dropped whenever the origin changes.
//
// Bodies are streamed: a 2xx response body goes to a sink callback piece by piece, so a blob is
// never held in memory; `send` collects a body only up to a cap. Handles (and with them their
// open connections) are kept in a small bounded pool for reuse. Calls block: the server runs
// them on its blocking pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::remote {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpOptions {
  // Short by default: an unreachable upstream must fail fast, not after Harbor's 30 minutes.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
  // No byte received (or sent) for this long aborts the transfer; a slow but moving blob is fine.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds total_timeout{0};  // 0: none (blobs can be large)
  bool insecure = false;                       // skip TLS verification
  std::string ca_pem;                          // extra trust: a PEM bundle ...
  std::string ca_file;                         // ... or a PEM file
  std::string proxy;                           // empty: direct (the *_proxy environment is ignored)
  int max_redirects = 5;
  size_t pool_size = 8;  // idle handles kept for connection reuse
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;  // Authorization/Cookie are not forwarded to another origin on redirects
  std::string body;
  // A streamed request body: fill the buffer, return the byte count, 0 at the end. When set,
  // `body` is ignored and redirects (307/308) are not followed (the body cannot be replayed).
  std::function<size_t(char*, size_t)> body_reader;
  int64_t body_size = -1;  // Content-Length of a streamed body; -1: chunked
  bool follow_redirects = true;
  // Streaming calls: told the status and headers once, before the first byte of a 2xx body
  // reaches the sink (a Range request answered 200 instead of 206 needs to know; a proxy needs
  // the length before it can answer its own client).
  std::function<void(int status, const Headers& headers)> on_body_start;
};

struct HttpResponse {
  int status = 0;
  Headers headers;   // of the final response
  std::string body;  // collected body (for streamed calls: only non-2xx bodies, capped)
  std::string url;   // final URL after redirects

  std::optional<std::string> header(std::string_view name) const;  // last one, case-insensitive
  std::vector<std::string> header_values(std::string_view name) const;
};

// Receives the body of a 2xx response; return false to abort (the call then throws kAborted).
using BodySink = std::function<bool(const char* data, size_t size)>;

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Whole response; a body larger than max_body throws RemoteError(kTooLarge).
  // Transport failures throw RemoteError (kDns, kConnectionRefused, kTls, kTimeout, ...).
  HttpResponse send(const HttpRequest& request, size_t max_body = 1 << 20);
  // 2xx body to `sink`; other bodies are collected up to 64 KiB (error messages).
  HttpResponse stream(const HttpRequest& request, const BodySink& sink);

  const HttpOptions& options() const { return options_; }

 private:
  struct Pool;
  HttpResponse perform(const HttpRequest& request, const BodySink* sink, size_t max_body);

  HttpOptions options_;
  std::unique_ptr<Pool> pool_;
};

bool is_redirect(int status);
// Without leading and trailing spaces, tabs and line breaks.
std::string trim(std::string_view s);

}  // namespace berth::remote
