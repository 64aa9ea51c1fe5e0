#include "api/csrf.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "auth/base64.h"
#include "auth/password.h"

namespace berth::api {

namespace {
constexpr size_t kNonceBytes = 16, kMacBytes = 32;

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string be64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = char(v & 0xff);
  return s;
}

uint64_t from_be64(std::string_view s) {
  uint64_t v = 0;
  for (char c : s) v = v << 8 | uint8_t(c);
  return v;
}
}  // namespace

CsrfTokens::CsrfTokens(std::string_view key) : key_(hmac(key, "berth portal csrf")) {}

std::string CsrfTokens::issue(int64_t now) const {
  std::string nonce(kNonceBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), int(nonce.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  std::string payload = nonce + be64(uint64_t(now + kLifetimeSeconds));
  return auth::base64url_encode(payload + hmac(key_, payload));
}

bool CsrfTokens::valid(std::string_view token, int64_t now) const {
  if (token.empty() || token.size() > 256) return false;
  auto raw = auth::base64url_decode(token);
  if (!raw || raw->size() != kNonceBytes + 8 + kMacBytes) return false;
  std::string_view payload(raw->data(), kNonceBytes + 8);
  std::string_view mac(raw->data() + kNonceBytes + 8, kMacBytes);
  if (!auth::secure_equals(mac, hmac(key_, payload))) return false;
  return int64_t(from_be64(payload.substr(kNonceBytes))) > now;
}

bool csrf_required(const http::Request& req, bool session) {
  bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
  if (safe) return false;
  return session || req.path == "/c/login";
}

bool csrf_accepted(const CsrfTokens& tokens, const http::Request& req,
                   const std::string& session_csrf, int64_t now) {
  std::string_view sent = req.header(CsrfTokens::kHeader);
  if (sent.empty()) return false;
  if (!session_csrf.empty() && auth::secure_equals(sent, session_csrf)) return true;
  return req.path == "/c/login" && tokens.valid(sent, now);
}

}  // namespace berth::api
