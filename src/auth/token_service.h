// Registry tokens for /service/token and Bearer auth on /v2/: JWTs signed with HMAC-SHA256.
// The key is derived from secretKey (or a random key kept in the data dir), so every instance
// that shares the configuration accepts every other instance's tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"

namespace berth::auth {

class VerifiedTokenCache;

struct TokenClaims {
  std::string issuer;
  std::string subject;  // user or robot name; "" for anonymous
  std::string audience;
  int64_t issued_at = 0;
  int64_t not_before = 0;
  int64_t expires_at = 0;
  std::string id;
  std::vector<TokenAccess> access;
};

class TokenService {
 public:
  static constexpr const char* kIssuer = "harbor-token-issuer";
  static constexpr const char* kAudience = "harbor-registry";

  TokenService(std::string key, int ttl_seconds = 1800);

  std::string issue(const std::string& subject, const std::vector<TokenAccess>& access,
                    int64_t now_seconds) const;
  // nullopt when the signature, algorithm, issuer, audience, expiry or format is wrong. Tokens
  // that passed are remembered (by signature) so the next request with them skips the parsing.
  std::optional<TokenClaims> verify(std::string_view jwt, int64_t now_seconds) const;
  int ttl_seconds() const { return ttl_; }

 private:
  std::string key_;
  int ttl_;
  std::shared_ptr<VerifiedTokenCache> verified_;
};

// The signing key: HMAC-SHA256(secretKey, "berth registry token") when secretKey is set, else
// 32 random bytes created once in <data_dir>/token.key (mode 0600).
std::string token_signing_key(const std::string& secret_key, const std::string& data_dir);

}  // namespace berth::auth
