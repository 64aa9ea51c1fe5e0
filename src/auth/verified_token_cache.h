// Claims of registry tokens whose signature was already checked, so the /v2/ hot path does not
// base64-decode, HMAC and JSON-parse the same token on every request of a pull (the profile of
// manifest GETs showed that work and its allocations near the top).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/token_service.h"

namespace berth::auth {

class VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(size_t capacity = 4096) : capacity_(capacity) {}

  // The claims stored for this token when its signature matches the stored one (compared in
  // constant time; the map is keyed by the signed part, which is not secret) and it is still
  // valid at `now`.
  std::optional<TokenClaims> find(std::string_view signing_input, std::string_view signature,
                                  int64_t now);
  void put(std::string_view signing_input, std::string_view signature, const TokenClaims& claims,
           int64_t now);
  size_t size();

 private:
  struct Entry {
    std::string signature;
    TokenClaims claims;
  };
  // Transparent, so a lookup by string_view allocates nothing on the hot path.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

}  // namespace berth::auth
