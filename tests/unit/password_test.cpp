#include "auth/password.h"

#include <gtest/gtest.h>

using namespace berth::auth;

TEST(Password, HashVerifiesOnlyTheRightPassword) {
  std::string h = hash_password("Harbor12345", 1000);
  EXPECT_TRUE(h.starts_with("pbkdf2-sha256$1000$"));
  EXPECT_TRUE(verify_password("Harbor12345", h));
  EXPECT_FALSE(verify_password("harbor12345", h));
  EXPECT_FALSE(verify_password("", h));
  EXPECT_NE(h, hash_password("Harbor12345", 1000)) << "salts must differ";
}

TEST(Password, DefaultIterationsRoundTrip) {
  std::string h = hash_password("S3cretPass");
  EXPECT_TRUE(h.starts_with("pbkdf2-sha256$600000$"));
  EXPECT_TRUE(verify_password("S3cretPass", h));
}

TEST(Password, TamperedOrMalformedHashIsRejected) {
  std::string h = hash_password("Harbor12345", 1000);
  std::string flipped = h;
  // Not the last character: its low bits may be base64 padding that decoding ignores.
  char& c = flipped[flipped.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password("Harbor12345", flipped));
  std::string fewer = h;
  fewer.replace(fewer.find("$1000$"), 6, "$999$");
  EXPECT_FALSE(verify_password("Harbor12345", fewer));
  EXPECT_FALSE(verify_password("Harbor12345", ""));
  EXPECT_FALSE(verify_password("Harbor12345", "md5$1$abc$def"));
  EXPECT_FALSE(verify_password("Harbor12345", "pbkdf2-sha256$x$abc$def"));
  EXPECT_FALSE(verify_password("Harbor12345", "pbkdf2-sha256$0$abc$def"));
  EXPECT_FALSE(verify_password("Harbor12345", "pbkdf2-sha256$1000$***$def"));
}

TEST(Password, HarborRules) {
  EXPECT_EQ(password_problem("Harbor12345"), "");
  EXPECT_EQ(password_problem("aB3aaaaa"), "");
  EXPECT_NE(password_problem("aB3aaaa"), "");                     // 7 characters
  EXPECT_EQ(password_problem(std::string(126, 'a') + "B3"), "");  // 128 is the maximum
  EXPECT_EQ(password_problem(std::string(125, 'a') + "B3"), "");
  EXPECT_NE(password_problem(std::string(127, 'a') + "B3"), "");  // 129
  EXPECT_NE(password_problem("harbor12345"), "");                 // no upper case
  EXPECT_NE(password_problem("HARBOR12345"), "");                 // no lower case
  EXPECT_NE(password_problem("HarborHarbor"), "");                // no digit
}

TEST(Password, RandomTokensAndSecureEquals) {
  std::string a = random_token(32), b = random_token(32);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_TRUE(secure_equals("abc", "abc"));
  EXPECT_FALSE(secure_equals("abc", "abd"));
  EXPECT_FALSE(secure_equals("abc", "abcd"));
  EXPECT_TRUE(secure_equals("", ""));
}
