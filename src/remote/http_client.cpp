#include "remote/http_client.h"
#include "base/ascii.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "remote/curl_transfer.h"
#include "remote/errors.h"
#include "remote/url.h"

namespace berth::remote {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  auto want = base::ascii_lower(name);
  for (auto it = headers.rbegin(); it != headers.rend(); ++it)
    if (base::ascii_lower(it->first) == want) return it->second;
  return std::nullopt;
}

std::vector<std::string> HttpResponse::header_values(std::string_view name) const {
  auto want = base::ascii_lower(name);
  std::vector<std::string> out;
  for (auto& [k, v] : headers)
    if (base::ascii_lower(k) == want) out.push_back(v);
  return out;
}

// Idle easy handles. A handle keeps its connection cache across curl_easy_reset, so reusing a
// handle reuses its keep-alive connections; the pool bound caps idle connections too.
struct HttpClient::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;
  size_t max_idle;

  explicit Pool(size_t max) : max_idle(max) {}
  ~Pool() {
    for (CURL* h : idle) curl_easy_cleanup(h);
  }
  CURL* acquire() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    CURL* h = curl_easy_init();
    if (!h) throw RemoteError(ErrorKind::kConfig, "libcurl: cannot create a handle");
    return h;
  }
  void release(CURL* h) {
    {
      std::lock_guard lock(mutex);
      if (idle.size() < max_idle) {
        idle.push_back(h);
        return;
      }
    }
    curl_easy_cleanup(h);
  }
};

namespace {
std::once_flag g_curl_init;

struct Lease {
  CURL* handle;
  std::function<void(CURL*)> give_back;
  ~Lease() { give_back(handle); }
};

bool is_credential_header(const std::string& name) {
  auto n = base::ascii_lower(name);
  return n == "authorization" || n == "cookie" || n == "x-amz-security-token";
}

// The request to send after a redirect, or nullopt when it must not be followed.
std::optional<HttpRequest> next_request(const HttpRequest& current, const HttpResponse& resp) {
  auto location = resp.header("Location");
  if (!location || location->empty()) return std::nullopt;
  auto target = resolve_url(current.url, *location);
  if (!target) throw RemoteError(ErrorKind::kProtocol, "redirect to an invalid URL: " + *location);
  bool rewrite_to_get = resp.status == 303 ||
                        ((resp.status == 301 || resp.status == 302) && current.method == "POST");
  if (current.body_reader && !rewrite_to_get) return std::nullopt;  // cannot replay the body
  HttpRequest next = current;
  next.url = *target;
  if (rewrite_to_get) {
    next.method = current.method == "HEAD" ? "HEAD" : "GET";
    next.body.clear();
    next.body_reader = nullptr;
  }
  if (!same_origin(current.url, next.url)) {
    // Blob storage behind a redirect gets a pre-signed URL; our credentials stay with the registry.
    std::erase_if(next.headers, [](auto& h) { return is_credential_header(h.first); });
  }
  return next;
}
}  // namespace

HttpClient::HttpClient(HttpOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>(options_.pool_size)) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::send(const HttpRequest& request, size_t max_body) {
  return perform(request, nullptr, max_body);
}

HttpResponse HttpClient::stream(const HttpRequest& request, const BodySink& sink) {
  return perform(request, &sink, 0);
}

HttpResponse HttpClient::perform(const HttpRequest& request, const BodySink* sink,
                                 size_t max_body) {
  Lease lease{pool_->acquire(), [this](CURL* h) { pool_->release(h); }};
  HttpRequest current = request;
  for (int hop = 0;; ++hop) {
    HttpResponse resp = detail::curl_transfer(lease.handle, options_, current, sink, max_body);
    if (!current.follow_redirects || !is_redirect(resp.status)) return resp;
    auto next = next_request(current, resp);
    if (!next) return resp;
    if (hop >= options_.max_redirects)
      throw RemoteError(ErrorKind::kProtocol, "too many redirects (last: " + next->url + ")");
    current = std::move(*next);
  }
}

}  // namespace berth::remote
