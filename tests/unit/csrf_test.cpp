#include "api/csrf.h"

#include <gtest/gtest.h>

using namespace berth::api;
using berth::http::Request;

namespace {
constexpr int64_t kNow = 1800000000;
Request request(const std::string& method, const std::string& path, const std::string& token = "") {
  Request r;
  r.method = method;
  r.path = r.raw_path = r.target = path;
  if (!token.empty()) r.headers.emplace_back("X-Harbor-CSRF-Token", token);
  return r;
}
}  // namespace

TEST(Csrf, SignedTokensVerifyUntilTheyExpire) {
  CsrfTokens t("key material");
  std::string a = t.issue(kNow);
  EXPECT_NE(a, t.issue(kNow));
  EXPECT_TRUE(t.valid(a, kNow));
  EXPECT_TRUE(t.valid(a, kNow + CsrfTokens::kLifetimeSeconds - 1));
  EXPECT_FALSE(t.valid(a, kNow + CsrfTokens::kLifetimeSeconds));
  EXPECT_FALSE(CsrfTokens("other key").valid(a, kNow));
  std::string tampered = a;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(t.valid(tampered, kNow));
  EXPECT_FALSE(t.valid("", kNow));
  EXPECT_FALSE(t.valid("not-a-token", kNow));
}

TEST(Csrf, WhichRequestsNeedAToken) {
  EXPECT_FALSE(csrf_required(request("GET", "/api/v2.0/users"), true));
  EXPECT_FALSE(csrf_required(request("HEAD", "/api/v2.0/users"), true));
  EXPECT_TRUE(csrf_required(request("POST", "/api/v2.0/users"), true));
  EXPECT_TRUE(csrf_required(request("DELETE", "/api/v2.0/users/3"), true));
  EXPECT_FALSE(csrf_required(request("POST", "/api/v2.0/users"), false));  // Basic / Bearer
  EXPECT_TRUE(csrf_required(request("POST", "/c/login"), false));
}

TEST(Csrf, AcceptsTheSessionTokenOrASignedTokenOnLogin) {
  CsrfTokens t("key material");
  std::string signed_token = t.issue(kNow);
  EXPECT_TRUE(csrf_accepted(t, request("POST", "/api/v2.0/users", "sess"), "sess", kNow));
  EXPECT_FALSE(csrf_accepted(t, request("POST", "/api/v2.0/users", "other"), "sess", kNow));
  EXPECT_FALSE(csrf_accepted(t, request("POST", "/api/v2.0/users"), "sess", kNow));
  // A signed token is not a session's token.
  EXPECT_FALSE(csrf_accepted(t, request("POST", "/api/v2.0/users", signed_token), "sess", kNow));
  EXPECT_TRUE(csrf_accepted(t, request("POST", "/c/login", signed_token), "", kNow));
  EXPECT_FALSE(csrf_accepted(t, request("POST", "/c/login", "forged"), "", kNow));
  EXPECT_FALSE(csrf_accepted(t, request("POST", "/c/login"), "", kNow));
}
