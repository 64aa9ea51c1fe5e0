#include "remote/www_authenticate.h"

#include <gtest/gtest.h>

using berth::remote::find_challenge;
using berth::remote::parse_www_authenticate;

TEST(WwwAuthenticate, DockerHubBearer) {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull")");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scheme, "bearer");
  EXPECT_EQ(c[0].param("realm"), "https://auth.docker.io/token");
  EXPECT_EQ(c[0].param("service"), "registry.docker.io");
  EXPECT_EQ(c[0].param("scope"), "repository:library/nginx:pull");
}

TEST(WwwAuthenticate, BasicWithSpacesAndCase) {
  auto c = parse_www_authenticate(R"(BASIC  Realm = "Registry Realm" , charset="UTF-8")");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scheme, "basic");
  EXPECT_EQ(c[0].param("realm"), "Registry Realm");
  EXPECT_EQ(c[0].param("charset"), "UTF-8");
}

TEST(WwwAuthenticate, QuotedEscapesAndCommas) {
  auto c = parse_www_authenticate(R"(Bearer realm="a\"b\\c,d", error="insufficient_scope")");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].param("realm"), "a\"b\\c,d");
  EXPECT_EQ(c[0].param("error"), "insufficient_scope");
}

TEST(WwwAuthenticate, SeveralChallenges) {
  auto c = parse_www_authenticate(
      R"(Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple", Bearer realm="https://t/x")");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].scheme, "newauth");
  EXPECT_EQ(c[0].param("type"), "1");
  EXPECT_EQ(c[0].param("title"), "Login to \"apps\"");
  EXPECT_EQ(c[1].scheme, "basic");
  EXPECT_EQ(c[1].param("realm"), "simple");
  EXPECT_EQ(c[2].scheme, "bearer");
  EXPECT_EQ(c[2].param("realm"), "https://t/x");
}

TEST(WwwAuthenticate, BareSchemeAndToken68) {
  auto c = parse_www_authenticate("Negotiate, NTLM abc123==, Basic realm=x");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].scheme, "negotiate");
  EXPECT_EQ(c[1].scheme, "ntlm");
  EXPECT_EQ(c[1].token68, "abc123==");
  EXPECT_EQ(c[2].param("realm"), "x");
}

TEST(WwwAuthenticate, MalformedStopsWithoutCrash) {
  EXPECT_TRUE(parse_www_authenticate("").empty());
  auto c = parse_www_authenticate(R"(Bearer realm="unterminated)");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].param("realm"), "");
  std::string huge(100000, 'a');
  EXPECT_LE(parse_www_authenticate(huge).size(), 16u);
}

TEST(WwwAuthenticate, FindAcrossHeaders) {
  auto b = find_challenge({R"(Basic realm="r")", R"(Bearer realm="https://x/token",service="s")"},
                          "bearer");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->param("service"), "s");
  EXPECT_FALSE(find_challenge({"Basic realm=r"}, "bearer").has_value());
}
