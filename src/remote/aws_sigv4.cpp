#include "remote/aws_sigv4.h"
#include "base/ascii.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "remote/crypto.h"
#include "remote/url.h"

namespace berth::remote {
namespace {

// Removes "." and ".." segments and empty segments, as AWS does for non-S3 services.
std::string normalize_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!seg.empty() && seg != ".") {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string s;
  for (auto& seg : out) s += "/" + percent_encode(seg);
  bool trailing = path.size() > 1 && path.back() == '/' && !out.empty();
  if (s.empty() || trailing) s += "/";
  return s;
}

std::string trim_collapse(const std::string& v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string canonical_query(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  for (auto& [k, v] : query) enc.emplace_back(percent_encode(k), percent_encode(v));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (auto& [k, v] : enc) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

SigV4Result sigv4_sign(const SigV4Request& req, const AwsCredentials& creds,
                       const std::string& region, const std::string& service,
                       const std::string& date) {
  std::map<std::string, std::string> headers;  // sorted by lowercase name; repeats joined by ','
  for (auto& [k, v] : req.headers) {
    auto& slot = headers[base::ascii_lower(k)];
    slot += (slot.empty() ? "" : ",") + trim_collapse(v);
  }
  SigV4Result r;
  std::string canonical_headers;
  for (auto& [k, v] : headers) {
    canonical_headers += k + ":" + v + "\n";
    r.signed_headers += (r.signed_headers.empty() ? "" : ";") + k;
  }
  r.canonical_request = req.method + "\n" + normalize_path(req.path) + "\n" +
                        canonical_query(req.query) + "\n" + canonical_headers + "\n" +
                        r.signed_headers + "\n" + sha256_hex(req.payload);
  std::string day = date.substr(0, 8);
  std::string scope = day + "/" + region + "/" + service + "/aws4_request";
  r.string_to_sign =
      "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + sha256_hex(r.canonical_request);
  std::string key = hmac_sha256("AWS4" + creds.secret_access_key, day);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  key = hmac_sha256(key, "aws4_request");
  r.signature = hex_encode(hmac_sha256(key, r.string_to_sign));
  r.authorization = "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id + "/" + scope +
                    ", SignedHeaders=" + r.signed_headers + ", Signature=" + r.signature;
  return r;
}

void sigv4_sign_headers(SigV4Request& req, const AwsCredentials& creds, const std::string& region,
                        const std::string& service, std::chrono::system_clock::time_point now) {
  std::string date = amz_date(now);
  req.headers.emplace_back("X-Amz-Date", date);
  if (!creds.session_token.empty())
    req.headers.emplace_back("X-Amz-Security-Token", creds.session_token);
  auto r = sigv4_sign(req, creds, region, service, date);
  req.headers.emplace_back("Authorization", r.authorization);
}

}  // namespace berth::remote
