#include "auth/verified_token_cache.h"

#include <gtest/gtest.h>

using namespace berth::auth;

namespace {
TokenClaims claims(int64_t now, int64_t ttl) {
  TokenClaims c;
  c.subject = "alice";
  c.issued_at = now;
  c.not_before = now;
  c.expires_at = now + ttl;
  return c;
}
}  // namespace

TEST(VerifiedTokenCache, HitNeedsTheSameSignatureAndAValidTime) {
  VerifiedTokenCache cache;
  cache.put("h.p", "sig", claims(100, 60), 100);
  EXPECT_TRUE(cache.find("h.p", "sig", 120));
  EXPECT_FALSE(cache.find("h.p", "sig2", 120));
  EXPECT_FALSE(cache.find("h.p", "si", 120));
  EXPECT_FALSE(cache.find("h.q", "sig", 120));
  EXPECT_FALSE(cache.find("h.p", "sig", 30));   // before nbf - 60
  EXPECT_FALSE(cache.find("h.p", "sig", 160));  // expired: dropped
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifiedTokenCache, BoundedByCapacity) {
  VerifiedTokenCache cache(8);
  for (int i = 0; i < 8; ++i) cache.put("old" + std::to_string(i), "s", claims(0, 10), 0);
  // Full: the expired ones are dropped to make room.
  cache.put("new", "s", claims(100, 60), 100);
  EXPECT_EQ(cache.size(), 1u);
  for (int i = 0; i < 20; ++i) cache.put("v" + std::to_string(i), "s", claims(100, 60), 100);
  EXPECT_LE(cache.size(), 8u);
  EXPECT_TRUE(cache.find("v19", "s", 110));
}
