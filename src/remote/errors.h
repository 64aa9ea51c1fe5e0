// Errors from talking to another registry, classified so that a message can say precisely why
// (DNS, refused, TLS, timeout, credentials rejected, ...) instead of "request failed".
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace berth::remote {

enum class ErrorKind {
  kDns,                // the host name does not resolve
  kConnectionRefused,  // nothing listens on the port
  kConnect,            // other connect failures (unreachable network, reset during connect)
  kTls,                // handshake or certificate verification failed
  kTimeout,            // connect timeout, idle (no bytes) timeout or total timeout
  kNetwork,            // connection broken after it was established
  kProtocol,           // the peer answered something that is not valid HTTP / JSON / manifest
  kTooLarge,           // a response exceeded the size we accept
  kAborted,            // the caller's sink stopped the transfer
  kUnauthorized,       // credentials missing or rejected
  kForbidden,          // authenticated but not allowed
  kNotFound,           // 404 where the caller needs the resource
  kRateLimited,        // 429 after the retries
  kServer,             // 5xx after the retries
  kDigestMismatch,     // content does not hash to its digest
  kConfig,             // bad URL, bad CA, missing credentials
};

std::string_view error_kind_name(ErrorKind kind);

class RemoteError : public std::runtime_error {
 public:
  // `detail`: what the peer said, the registry error ("CODE: message") or a short body.
  // `retry_after_s`: the answer's Retry-After in seconds (0 when absent).
  RemoteError(ErrorKind kind, const std::string& message, int http_status = 0,
              std::string detail = {}, int retry_after_s = 0)
      : std::runtime_error(message),
        kind_(kind),
        http_status_(http_status),
        detail_(std::move(detail)),
        retry_after_s_(retry_after_s) {}
  ErrorKind kind() const { return kind_; }
  int http_status() const { return http_status_; }
  const std::string& detail() const { return detail_; }
  int retry_after_s() const { return retry_after_s_; }

 private:
  ErrorKind kind_;
  int http_status_;
  std::string detail_;
  int retry_after_s_;
};

}  // namespace berth::remote
