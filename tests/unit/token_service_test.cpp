#include "auth/token_service.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "auth/base64.h"

using namespace berth::auth;
using nlohmann::json;

namespace {
const std::string kKey = "0123456789abcdef0123456789abcdef";
constexpr int64_t kNow = 1800000000;

std::string sign(const json& header, const json& claims, const std::string& key = kKey) {
  std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + base64url_encode(std::string(reinterpret_cast<char*>(mac), len));
}

json claims(int64_t now) {
  return {{"iss", TokenService::kIssuer},
          {"sub", "alice"},
          {"aud", TokenService::kAudience},
          {"iat", now},
          {"nbf", now},
          {"exp", now + 60},
          {"access", json::array()}};
}
}  // namespace

TEST(TokenService, IssueThenVerify) {
  TokenService ts(kKey, 1800);
  std::vector<TokenAccess> access = {{"repository", "library/alpine", {"pull", "push"}}};
  auto jwt = ts.issue("alice", access, kNow);
  auto c = ts.verify(jwt, kNow + 10);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->subject, "alice");
  EXPECT_EQ(c->audience, "harbor-registry");
  EXPECT_EQ(c->issuer, "harbor-token-issuer");
  EXPECT_EQ(c->expires_at, kNow + 1800);
  ASSERT_EQ(c->access.size(), 1u);
  EXPECT_EQ(c->access[0].name, "library/alpine");
  EXPECT_EQ(c->access[0].actions, (std::vector<std::string>{"pull", "push"}));
}

TEST(TokenService, RejectsTamperedSignatureAndPayload) {
  TokenService ts(kKey);
  auto jwt = ts.issue("alice", {}, kNow);
  std::string bad_sig = jwt;
  // Not the last character: its low bits may be base64 padding that decoding ignores.
  char& c = bad_sig[bad_sig.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(ts.verify(bad_sig, kNow));
  // Same payload re-signed with another key.
  auto dot = jwt.find('.');
  auto payload = base64url_decode(jwt.substr(dot + 1, jwt.rfind('.') - dot - 1));
  EXPECT_FALSE(ts.verify(sign({{"alg", "HS256"}}, json::parse(*payload), kKey + "x"), kNow));
  // Payload swapped under the original signature.
  json other = json::parse(*payload);
  other["sub"] = "admin";
  std::string swapped =
      jwt.substr(0, dot) + "." + base64url_encode(other.dump()) + jwt.substr(jwt.rfind('.'));
  EXPECT_FALSE(ts.verify(swapped, kNow));
  TokenService other_key(kKey + "other");
  EXPECT_FALSE(other_key.verify(jwt, kNow));
}

TEST(TokenService, RejectsExpiredAndNotYetValid) {
  TokenService ts(kKey, 60);
  auto jwt = ts.issue("alice", {}, kNow);
  EXPECT_TRUE(ts.verify(jwt, kNow + 59));
  EXPECT_FALSE(ts.verify(jwt, kNow + 60));
  EXPECT_FALSE(ts.verify(jwt, kNow - 3600));
}

TEST(TokenService, RejectsWrongAudienceAndIssuer) {
  TokenService ts(kKey);
  json c = claims(kNow);
  EXPECT_TRUE(ts.verify(sign({{"alg", "HS256"}}, c), kNow));
  c["aud"] = "other-service";
  EXPECT_FALSE(ts.verify(sign({{"alg", "HS256"}}, c), kNow));
  c = claims(kNow);
  c["iss"] = "someone-else";
  EXPECT_FALSE(ts.verify(sign({{"alg", "HS256"}}, c), kNow));
}

TEST(TokenService, RejectsAlgNoneAndOtherAlgorithms) {
  TokenService ts(kKey);
  std::string unsigned_jwt = base64url_encode(json({{"alg", "none"}}).dump()) + "." +
                             base64url_encode(claims(kNow).dump()) + ".";
  EXPECT_FALSE(ts.verify(unsigned_jwt, kNow));
  // Correctly MACed but claiming another algorithm.
  EXPECT_FALSE(ts.verify(sign({{"alg", "HS512"}}, claims(kNow)), kNow));
  EXPECT_FALSE(ts.verify(sign({{"alg", "none"}}, claims(kNow)), kNow));
}

TEST(TokenService, RejectsMalformed) {
  TokenService ts(kKey);
  EXPECT_FALSE(ts.verify("", kNow));
  EXPECT_FALSE(ts.verify("a.b", kNow));
  EXPECT_FALSE(ts.verify("a.b.c.d", kNow));
  EXPECT_FALSE(ts.verify(std::string(70000, 'a'), kNow));
  EXPECT_THROW(TokenService("short"), std::invalid_argument);
}

TEST(TokenService, RememberedTokensAreCheckedAsStrictly) {
  // After a token passed once (and is remembered), the same payload with any other signature,
  // an expired time or another service's key must still fail.
  TokenService ts(kKey, 60);
  std::vector<TokenAccess> access = {{"repository", "p/r", {"pull"}}};
  auto jwt = ts.issue("alice", access, kNow);
  for (int i = 0; i < 3; ++i) {
    auto c = ts.verify(jwt, kNow + 1);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->access.at(0).name, "p/r");
  }
  std::string bad_sig = jwt;
  char& c = bad_sig[bad_sig.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(ts.verify(bad_sig, kNow + 1));
  std::string no_sig = jwt.substr(0, jwt.rfind('.') + 1);
  EXPECT_FALSE(ts.verify(no_sig, kNow + 1));
  auto dot = jwt.find('.');
  auto payload = base64url_decode(jwt.substr(dot + 1, jwt.rfind('.') - dot - 1));
  EXPECT_FALSE(ts.verify(sign({{"alg", "HS256"}}, json::parse(*payload), kKey + "x"), kNow + 1));
  EXPECT_FALSE(ts.verify(jwt, kNow + 60));
  EXPECT_FALSE(ts.verify(jwt, kNow + 1 - 3600));
  EXPECT_TRUE(ts.verify(jwt, kNow + 2));  // still good in its window after all that
  TokenService other_key(kKey + "other");
  EXPECT_FALSE(other_key.verify(jwt, kNow + 1));
}
