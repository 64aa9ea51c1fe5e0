#include "remote/curl_transfer.h"
#include "base/ascii.h"

#include <cerrno>
#include <exception>

#include "remote/errors.h"
#include "remote/url.h"

namespace berth::remote::detail {
namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxErrorBody = 64 * 1024;

struct Transfer {
  CURL* handle;
  const BodySink* sink;
  size_t max_body;
  const HttpRequest* request;
  HttpResponse response{};
  size_t header_bytes = 0;
  bool too_large = false;
  bool sink_aborted = false;
  bool body_started = false;
  std::exception_ptr error{};  // thrown by the sink or the body reader; rethrown after perform
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  t->header_bytes += len;
  if (t->header_bytes > kMaxHeaderBytes) {
    t->too_large = true;
    return 0;
  }
  std::string_view line(data, len);
  if (line.starts_with("HTTP/")) {  // a new response (after 100 Continue): forget the old one
    t->response.headers.clear();
    return len;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos)
    t->response.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  return len;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  long status = 0;
  curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
  if (t->sink && status >= 200 && status < 300) {
    try {
      if (!t->body_started && t->request->on_body_start)
        t->request->on_body_start(int(status), t->response.headers);
      t->body_started = true;
      if (!(*t->sink)(data, len)) {
        t->sink_aborted = true;
        return 0;
      }
    } catch (...) {
      t->error = std::current_exception();
      return 0;
    }
    return len;
  }
  size_t cap = t->sink ? kMaxErrorBody : t->max_body;
  if (t->response.body.size() + len > cap) {
    if (t->sink) return len;  // an error body: keep its beginning, drop the rest
    t->too_large = true;
    return 0;
  }
  t->response.body.append(data, len);
  return len;
}

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  try {
    return t->request->body_reader(buffer, size * n);
  } catch (...) {
    t->error = std::current_exception();
    return CURL_READFUNC_ABORT;
  }
}

void set_method_and_body(CURL* h, Transfer& t, curl_slist*& headers) {
  const HttpRequest& r = *t.request;
  if (r.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    return;
  }
  if (r.method == "GET") return;
  if (r.body_reader) {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    if (r.body_size >= 0) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, curl_off_t(r.body_size));
  } else if (r.method != "DELETE" || !r.body.empty()) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(r.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  bool has_type = false;
  for (auto& [k, v] : r.headers) has_type |= base::ascii_lower(k) == "content-type";
  // libcurl would label a POSTFIELDS body as a form; a registry must see no such claim.
  if (!has_type) headers = curl_slist_append(headers, "Content-Type:");
}

void set_transport_options(CURL* h, const HttpOptions& o, char* errbuf) {
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // Large reads: a proxied blob goes to disk and to waiting clients in few, big pieces.
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 512L * 1024);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_MAXCONNECTS, 4L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "berth/" BERTH_VERSION);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(o.connect_timeout.count()));
  long idle_s = std::max<long>(1, long((o.idle_timeout.count() + 999) / 1000));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, idle_s);
  if (o.total_timeout.count() > 0)
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(o.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_PROXY, o.proxy.c_str());  // "" disables the *_proxy environment
  if (o.insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!o.ca_pem.empty()) {
    curl_blob blob{const_cast<char*>(o.ca_pem.data()), o.ca_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
  } else if (!o.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, o.ca_file.c_str());
  }
}

std::string where(const HttpRequest& r) {
  auto u = parse_url(r.url);
  return u ? host_header(*u) : r.url;
}

[[noreturn]] void throw_classified(CURL* h, CURLcode rc, const Transfer& t, const HttpOptions& o,
                                   const char* errbuf) {
  std::string host = where(*t.request);
  std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  curl_off_t connect_us = 0;
  curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      throw RemoteError(ErrorKind::kDns, "cannot resolve host name of " + host + ": " + detail);
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED)
        throw RemoteError(ErrorKind::kConnectionRefused, "connection refused by " + host);
      throw RemoteError(ErrorKind::kConnect, "cannot connect to " + host + ": " + detail);
    case CURLE_OPERATION_TIMEDOUT:
      if (connect_us == 0)
        throw RemoteError(ErrorKind::kTimeout, "connect to " + host + " timed out after " +
                                                   std::to_string(o.connect_timeout.count()) +
                                                   " ms");
      throw RemoteError(ErrorKind::kTimeout, "timeout talking to " + host + ": " + detail);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
      throw RemoteError(ErrorKind::kTls, "TLS error with " + host + ": " + detail);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      throw RemoteError(ErrorKind::kConfig, "bad URL " + t.request->url + ": " + detail);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      throw RemoteError(ErrorKind::kNetwork, "connection to " + host + " broken: " + detail);
    default:
      throw RemoteError(ErrorKind::kProtocol, "request to " + host + " failed: " + detail);
  }
}

}  // namespace

HttpResponse curl_transfer(CURL* h, const HttpOptions& options, const HttpRequest& request,
                           const BodySink* sink, size_t max_body) {
  Transfer t{h, sink, max_body, &request};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_reset(h);  // keeps the handle's live connections
  set_transport_options(h, options, errbuf);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_slist* headers = nullptr;
  for (auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  set_method_and_body(h, t, headers);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(headers);
  if (t.error) std::rethrow_exception(t.error);
  if (t.too_large)
    throw RemoteError(ErrorKind::kTooLarge, "response from " + where(request) + " is too large");
  if (t.sink_aborted) throw RemoteError(ErrorKind::kAborted, "transfer stopped by the receiver");
  if (rc != CURLE_OK) throw_classified(h, rc, t, options, errbuf);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = int(status);
  t.response.url = request.url;
  return std::move(t.response);
}

}  // namespace berth::remote::detail
