#include "auth/base64.h"

#include <gtest/gtest.h>

using namespace berth::auth;

TEST(Base64, StandardRoundTripsWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("admin:Harbor12345"), "YWRtaW46SGFyYm9yMTIzNDU=");
  EXPECT_EQ(base64_decode("YWRtaW46SGFyYm9yMTIzNDU="), "admin:Harbor12345");
  std::string all;
  for (int i = 0; i < 256; ++i) all += char(i);
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
}

TEST(Base64, UrlVariantHasNoPaddingAndUrlAlphabet) {
  std::string bytes("\xfb\xff\xfe", 3);
  EXPECT_EQ(base64url_encode(bytes), "-__-");
  EXPECT_EQ(base64url_decode("-__-"), bytes);
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_decode("Zg"), "f");
}

TEST(Base64, RejectsGarbage) {
  EXPECT_FALSE(base64_decode("***"));
  EXPECT_FALSE(base64url_decode("a+b/"));
  EXPECT_FALSE(base64_decode("Z"));
}
