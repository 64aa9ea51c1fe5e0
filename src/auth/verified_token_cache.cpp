#include "auth/verified_token_cache.h"

#include "auth/password.h"

namespace berth::auth {

std::optional<TokenClaims> VerifiedTokenCache::find(std::string_view signing_input,
                                                    std::string_view signature, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(signing_input);
  if (it == entries_.end() || !secure_equals(it->second.signature, signature)) return std::nullopt;
  const TokenClaims& c = it->second.claims;
  if (now >= c.expires_at || now + 60 < c.not_before) {
    if (now >= c.expires_at) entries_.erase(it);
    return std::nullopt;
  }
  return c;
}

void VerifiedTokenCache::put(std::string_view signing_input, std::string_view signature,
                             const TokenClaims& claims, int64_t now) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) {
    // Tokens live 30 minutes by default: drop the expired ones, and everything if that is not
    // enough (a flood of distinct valid tokens only costs re-verification).
    for (auto it = entries_.begin(); it != entries_.end();)
      it = it->second.claims.expires_at <= now ? entries_.erase(it) : std::next(it);
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_.insert_or_assign(std::string(signing_input), Entry{std::string(signature), claims});
}

size_t VerifiedTokenCache::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace berth::auth
