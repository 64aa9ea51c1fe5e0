#include "auth/token_service.h"

#include <fcntl.h>
#include <openssl/hmac.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "auth/base64.h"
#include "auth/password.h"
#include "auth/verified_token_cache.h"

namespace berth::auth {

using json = nlohmann::json;

namespace {
std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}
}  // namespace

TokenService::TokenService(std::string key, int ttl_seconds)
    : key_(std::move(key)), ttl_(ttl_seconds), verified_(std::make_shared<VerifiedTokenCache>()) {
  if (key_.size() < 16) throw std::invalid_argument("token signing key too short");
}

std::string TokenService::issue(const std::string& subject, const std::vector<TokenAccess>& access,
                                int64_t now) const {
  json acc = json::array();
  for (const auto& a : access)
    acc.push_back({{"type", a.type}, {"name", a.name}, {"actions", a.actions}});
  json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  json claims = {{"iss", kIssuer}, {"sub", subject},    {"aud", kAudience},        {"iat", now},
                 {"nbf", now - 1}, {"exp", now + ttl_}, {"jti", random_token(12)}, {"access", acc}};
  std::string signing_input =
      base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  return signing_input + "." + base64url_encode(hmac_sha256(key_, signing_input));
}

std::optional<TokenClaims> TokenService::verify(std::string_view jwt, int64_t now) const {
  if (jwt.size() > 64 * 1024) return std::nullopt;
  auto d1 = jwt.find('.');
  auto d2 = d1 == jwt.npos ? jwt.npos : jwt.find('.', d1 + 1);
  if (d2 == jwt.npos || jwt.find('.', d2 + 1) != jwt.npos) return std::nullopt;
  if (auto hit = verified_->find(jwt.substr(0, d2), jwt.substr(d2 + 1), now)) return hit;
  auto sig = base64url_decode(jwt.substr(d2 + 1));
  if (!sig || !secure_equals(*sig, hmac_sha256(key_, jwt.substr(0, d2)))) return std::nullopt;
  auto header = base64url_decode(jwt.substr(0, d1));
  auto payload = base64url_decode(jwt.substr(d1 + 1, d2 - d1 - 1));
  if (!header || !payload) return std::nullopt;
  json h = json::parse(*header, nullptr, false);
  json c = json::parse(*payload, nullptr, false);
  if (!h.is_object() || !c.is_object() || h.value("alg", "") != "HS256") return std::nullopt;
  try {
    TokenClaims t;
    t.issuer = c.at("iss").get<std::string>();
    t.subject = c.value("sub", "");
    t.audience = c.at("aud").get<std::string>();
    t.issued_at = c.at("iat").get<int64_t>();
    t.not_before = c.value("nbf", t.issued_at);
    t.expires_at = c.at("exp").get<int64_t>();
    t.id = c.value("jti", "");
    if (t.issuer != kIssuer || t.audience != kAudience) return std::nullopt;
    if (now >= t.expires_at || now + 60 < t.not_before) return std::nullopt;
    for (const auto& a : c.value("access", json::array())) {
      TokenAccess ta{a.at("type").get<std::string>(), a.at("name").get<std::string>(),
                     a.at("actions").get<std::vector<std::string>>()};
      t.access.push_back(std::move(ta));
    }
    verified_->put(jwt.substr(0, d2), jwt.substr(d2 + 1), t, now);
    return t;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string token_signing_key(const std::string& secret_key, const std::string& data_dir) {
  if (!secret_key.empty()) return hmac_sha256(secret_key, "berth registry token");
  namespace fs = std::filesystem;
  fs::path path = fs::path(data_dir) / "token.key";
  std::ifstream in(path, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() >= 32) return key;
  fs::create_directories(data_dir);
  key = base64url_encode(random_token(32));
  fs::path tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, key.data(), key.size()) != ssize_t(key.size()) || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot write " + path.string());
  }
  ::close(fd);
  // Another instance may have won the race: link() fails then and we read its key.
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    fs::remove(tmp);
    std::ifstream again(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
  }
  fs::remove(tmp);
  return key;
}

}  // namespace berth::auth
