#include "auth/secret_box.h"

#include <gtest/gtest.h>

using berth::auth::SecretBox;

TEST(SecretBox, RoundTripsAndNeverStoresPlaintext) {
  SecretBox box("not-a-secure-key");
  for (std::string secret : {std::string(""), std::string("AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG"),
                             std::string(5000, 'x'), std::string("\0bin\xff", 5)}) {
    std::string sealed = box.seal(secret);
    EXPECT_TRUE(sealed.starts_with("v1:"));
    if (secret.size() > 4) {
      EXPECT_EQ(sealed.find(secret), std::string::npos);
    }
    auto opened = box.open(sealed);
    ASSERT_TRUE(opened.has_value());
    EXPECT_EQ(*opened, secret);
  }
}

TEST(SecretBox, FreshNonceEachTime) {
  SecretBox box("k");
  EXPECT_NE(box.seal("same"), box.seal("same"));
}

TEST(SecretBox, RefusesAnotherKey) {
  std::string sealed = SecretBox("key-one").seal("password");
  EXPECT_FALSE(SecretBox("key-two").open(sealed).has_value());
}

TEST(SecretBox, RefusesTamperingAndGarbage) {
  SecretBox box("key");
  std::string sealed = box.seal("password");
  for (size_t i = 3; i < sealed.size(); ++i) {
    std::string t = sealed;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    auto r = box.open(t);
    EXPECT_TRUE(!r.has_value() || *r != "password") << "position " << i;
  }
  EXPECT_FALSE(box.open("").has_value());
  EXPECT_FALSE(box.open("v1:").has_value());
  EXPECT_FALSE(box.open("v1:!!!").has_value());
  EXPECT_FALSE(box.open("v2:" + sealed.substr(3)).has_value());
  EXPECT_FALSE(box.open(sealed.substr(0, sealed.size() - 4)).has_value());
}

TEST(SecretBox, EmptyKeyMaterialIsAnError) {
  EXPECT_THROW(SecretBox(""), std::invalid_argument);
}
