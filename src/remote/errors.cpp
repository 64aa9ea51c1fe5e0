#include "remote/errors.h"

namespace berth::remote {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kDns:
      return "dns";
    case ErrorKind::kConnectionRefused:
      return "connection-refused";
    case ErrorKind::kConnect:
      return "connect";
    case ErrorKind::kTls:
      return "tls";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kNetwork:
      return "network";
    case ErrorKind::kProtocol:
      return "protocol";
    case ErrorKind::kTooLarge:
      return "too-large";
    case ErrorKind::kAborted:
      return "aborted";
    case ErrorKind::kUnauthorized:
      return "unauthorized";
    case ErrorKind::kForbidden:
      return "forbidden";
    case ErrorKind::kNotFound:
      return "not-found";
    case ErrorKind::kRateLimited:
      return "rate-limited";
    case ErrorKind::kServer:
      return "server";
    case ErrorKind::kDigestMismatch:
      return "digest-mismatch";
    case ErrorKind::kConfig:
      return "config";
  }
  return "unknown";
}

}  // namespace berth::remote
