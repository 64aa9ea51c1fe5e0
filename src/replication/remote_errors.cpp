#include "replication/remote_errors.h"
#include "base/ascii.h"

#include <algorithm>
#include <cctype>

namespace berth::replication {

namespace {

using remote::ErrorKind;
using Op = RemoteOperation;

bool at_destination(Op op) {
  return op == Op::kPrepare || op == Op::kWrite || op == Op::kPutManifest || op == Op::kDelete;
}

bool contains_ci(std::string_view s, std::string_view needle) {
  return base::ascii_lower(s).find(needle) != std::string::npos;
}

// What the peer answered, to end a sentence: " (403 DENIED: …)" for an HTTP answer, or
// ": <message>" when the error did not come from one (an AWS token call, a transport failure).
std::string because(const remote::RemoteError& e) {
  std::string status = e.http_status() > 0 ? std::to_string(e.http_status()) : "";
  if (!e.detail().empty()) return " (" + status + (status.empty() ? "" : " ") + e.detail() + ")";
  if (!status.empty() && std::string_view(e.what()).find("(HTTP ") != std::string_view::npos)
    return " (" + status + ")";
  return std::string(": ") + e.what();
}

std::string denied(const RemoteErrorContext& c, const std::string& ep) {
  switch (c.operation) {
    case Op::kList:
      return "no permission to list " +
             (c.repository.empty() ? "repositories" : "the tags of " + c.repository) + " on " + ep;
    case Op::kRead:
      return "no permission to pull " + c.repository + " from " + ep;
    case Op::kPrepare:
      return "no permission to create the project or repository for " + c.repository + " on " + ep;
    case Op::kDelete:
      return "no permission to delete from " + c.repository + " on " + ep;
    case Op::kWrite:
    case Op::kPutManifest:
      break;
  }
  return "no permission to push to " + c.repository + " on " + ep;
}

std::string not_found(const RemoteErrorContext& c, const std::string& ep) {
  if (at_destination(c.operation))
    return "repository " + c.repository + " does not exist on " + ep +
           " (create it, or its project, there first)";
  if (c.repository.empty()) return ep + " does not offer a repository list";
  return "repository " + c.repository + " not found on " + ep;
}

// A 4xx the client did not classify (400, 405, 413, 415, ...).
ReplicationError refused(const remote::RemoteError& e, const RemoteErrorContext& c,
                         const std::string& ep) {
  int status = e.http_status();
  const std::string& detail = e.detail();
  if (c.operation == Op::kPutManifest && (status == 400 || status == 415)) {
    if (detail.find("BLOB_UNKNOWN") != std::string::npos)  // MANIFEST_BLOB_UNKNOWN too
      return ReplicationError("the destination (" + ep + ") lacks a blob the manifest of " +
                              c.repository + " references" + because(e));
    if (detail.find("MANIFEST_UNKNOWN") != std::string::npos)
      return ReplicationError("the destination (" + ep + ") lacks a manifest the index " +
                              c.repository + " lists" + because(e));
    return ReplicationError("the destination (" + ep + ") refused the manifest type " +
                            (c.media_type.empty() ? "(none)" : c.media_type) + " for " +
                            c.repository + because(e));
  }
  if (status == 413)
    return ReplicationError(ep + " refused the upload to " + c.repository + " as too large" +
                            because(e));
  if (status == 405)
    return ReplicationError(ep + " does not allow this operation on " + c.repository +
                            " (deletion disabled, or read-only)" + because(e));
  if (status >= 400)
    return ReplicationError(ep + " refused the request for " +
                            (c.repository.empty() ? "the repository list" : c.repository) +
                            because(e));
  return ReplicationError(ep + " answered unexpectedly: " + e.what());
}

}  // namespace

ReplicationError translate_remote_error(const remote::RemoteError& e, const RemoteErrorContext& c) {
  const std::string ep = "endpoint " + c.endpoint;
  const std::string role = at_destination(c.operation) ? "destination" : "source";
  const std::string what = e.what();
  int status = e.http_status();
  if ((status == 403 || status == 413) && contains_ci(e.detail() + " " + what, "quota"))
    return ReplicationError("quota exceeded on the destination (" + ep + ")" + because(e));
  switch (e.kind()) {
    case ErrorKind::kDns:  // a name that does not resolve rarely starts to within minutes
      return ReplicationError(role + " unreachable (" + ep + "): " + what);
    case ErrorKind::kConnectionRefused:
    case ErrorKind::kConnect:
      return ReplicationError(role + " unreachable (" + ep + "): " + what, true);
    case ErrorKind::kNetwork:
      return ReplicationError("the connection to the " + role + " broke (" + ep + "): " + what,
                              true);
    case ErrorKind::kTimeout:
      return ReplicationError(role + " timed out (" + ep + "): " + what, true);
    case ErrorKind::kTls:
      return ReplicationError("TLS with " + ep + " failed: " + what +
                              " (give the endpoint its CA certificate, or mark it insecure)");
    case ErrorKind::kUnauthorized:
      return ReplicationError(ep + " refused the credentials" + because(e));
    case ErrorKind::kForbidden:
      return ReplicationError(denied(c, ep) + because(e));
    case ErrorKind::kNotFound:
      return ReplicationError(not_found(c, ep) + because(e));
    case ErrorKind::kRateLimited:
      return ReplicationError(ep + " is limiting the request rate" + because(e), true,
                              e.retry_after_s());
    case ErrorKind::kServer:
      return ReplicationError(ep + " failed with a server error" + because(e), true,
                              e.retry_after_s());
    case ErrorKind::kDigestMismatch:
      return ReplicationError("content from " + ep + " does not match its digest: " + what);
    case ErrorKind::kAborted:
      return ReplicationError("the transfer with " + ep + " was stopped");
    case ErrorKind::kTooLarge:
    case ErrorKind::kConfig:
      return ReplicationError(ep + ": " + what);
    case ErrorKind::kProtocol:
      break;
  }
  return refused(e, c, ep);
}

}  // namespace berth::replication
