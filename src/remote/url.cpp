#include "remote/url.h"
#include "base/ascii.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "remote/errors.h"

namespace berth::remote {
namespace {

struct UrlHandle {
  CURLU* h = curl_url();
  ~UrlHandle() { curl_url_cleanup(h); }
  std::optional<std::string> get(CURLUPart part, unsigned flags = 0) const {
    char* out = nullptr;
    if (curl_url_get(h, part, &out, flags) != CURLUE_OK) return std::nullopt;
    std::string s(out);
    curl_free(out);
    return s;
  }
};

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url) {
  if (url.size() > 8192) return std::nullopt;
  UrlHandle u;
  std::string s(url);
  if (curl_url_set(u.h, CURLUPART_URL, s.c_str(), 0) != CURLUE_OK) return std::nullopt;
  UrlParts p;
  p.scheme = base::ascii_lower(u.get(CURLUPART_SCHEME).value_or(""));
  if (p.scheme != "http" && p.scheme != "https") return std::nullopt;
  p.host = base::ascii_lower(u.get(CURLUPART_HOST).value_or(""));
  if (p.host.size() > 2 && p.host.front() == '[') p.host = p.host.substr(1, p.host.size() - 2);
  if (p.host.empty()) return std::nullopt;
  auto port = u.get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  p.port = port ? std::atoi(port->c_str()) : 0;
  p.path = u.get(CURLUPART_PATH).value_or("/");
  if (p.path.empty()) p.path = "/";
  p.query = u.get(CURLUPART_QUERY).value_or("");
  return p;
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view location) {
  if (location.size() > 8192) return std::nullopt;
  UrlHandle u;
  std::string b(base), l(location);
  if (curl_url_set(u.h, CURLUPART_URL, b.c_str(), 0) != CURLUE_OK) return std::nullopt;
  // With a base already set, libcurl resolves a relative URL against it (RFC 3986 §5).
  if (curl_url_set(u.h, CURLUPART_URL, l.c_str(), 0) != CURLUE_OK) return std::nullopt;
  auto out = u.get(CURLUPART_URL);
  if (!out || !parse_url(*out)) return std::nullopt;
  return out;
}

bool same_origin(std::string_view a, std::string_view b) {
  auto pa = parse_url(a), pb = parse_url(b);
  return pa && pb && pa->scheme == pb->scheme && pa->host == pb->host && pa->port == pb->port;
}

std::string host_header(const UrlParts& u) {
  std::string h = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  bool default_port =
      (u.scheme == "http" && u.port == 80) || (u.scheme == "https" && u.port == 443);
  if (!default_port && u.port != 0) h += ":" + std::to_string(u.port);
  return h;
}

std::string normalize_base_url(std::string_view url) {
  std::string s(url);
  while (!s.empty() && (s.back() == '/' || std::isspace(static_cast<unsigned char>(s.back()))))
    s.pop_back();
  auto p = parse_url(s);
  if (!p)
    throw RemoteError(ErrorKind::kConfig,
                      "invalid registry URL '" + s + "' (need http:// or https://)");
  return s;
}

}  // namespace berth::remote
