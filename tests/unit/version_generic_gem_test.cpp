// Trivy's generic comparer (Go modules and friends) and RubyGems.
#include <gtest/gtest.h>

#include "scan/version/gem_version.h"
#include "scan/version/generic_version.h"
#include "scan/version/version_scheme.h"

using namespace berth::scan;

TEST(VersionGeneric, GoAndSemverish) {
  auto c = [](std::string_view a, std::string_view b) {
    return *compare_versions(VersionScheme::kGeneric, a, b);
  };
  EXPECT_EQ(c("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(c("v2.0.0+incompatible", "v2.0.0"), 0);
  EXPECT_EQ(c("1.2", "1.2.0"), 0);
  EXPECT_LT(c("v0.0.0-20210101000000-abcdef123456", "v0.0.1"), 0);  // pseudo-version
  EXPECT_LT(c("1.0.0-rc.1", "1.0.0"), 0);
  EXPECT_LT(c("1.0.0-1", "1.0.0-alpha"), 0);
  EXPECT_LT(c("1.0beta", "1.0"), 0);
  EXPECT_GT(c("1.10.0", "1.9.99"), 0);
  EXPECT_FALSE(version_valid(VersionScheme::kGeneric, "abc"));
  EXPECT_FALSE(version_valid(VersionScheme::kGeneric, "1.0-"));
  auto m = [](std::string_view v, std::string_view r) {
    return version_matches(VersionScheme::kGeneric, v, r);
  };
  EXPECT_EQ(m("v1.2.3", ">=1.2.0, <1.2.5"), true);
  EXPECT_EQ(m("1.2.5", ">=1.2.0, <1.2.5"), false);
  EXPECT_EQ(m("1.3.0", "~>1.2.0"), false);
  EXPECT_EQ(m("1.9.0", "~>1.2"), true);
  EXPECT_EQ(m("0.3.0", "^0.2.1"), false);
  EXPECT_EQ(m("1.0", "=1.0 || =2.0"), true);
  EXPECT_EQ(m("1.0", ">>1.0"), std::nullopt);
}

TEST(VersionRubyGems, OrderingAndPessimistic) {
  auto c = [](std::string_view a, std::string_view b) {
    return *compare_versions(VersionScheme::kRubyGems, a, b);
  };
  EXPECT_LT(c("1.0.0.rc1", "1.0.0"), 0);
  EXPECT_LT(c("1.0.a", "1.0.b"), 0);
  EXPECT_EQ(c("1.0", "1.0.0"), 0);
  EXPECT_EQ(c("1.0-beta", "1.0.pre.beta"), 0);
  EXPECT_LT(c("1.9", "1.10"), 0);
  EXPECT_GT(c("2", "2.rc"), 0);
  EXPECT_FALSE(version_valid(VersionScheme::kRubyGems, "a.1"));
  EXPECT_FALSE(version_valid(VersionScheme::kRubyGems, "1..2"));
  auto m = [](std::string_view v, std::string_view r) {
    return *version_matches(VersionScheme::kRubyGems, v, r);
  };
  EXPECT_TRUE(m("5.3.9", "~> 5.3.1"));
  EXPECT_FALSE(m("5.4.0", "~> 5.3.1"));
  EXPECT_TRUE(m("5.9", "~> 5.3"));
  EXPECT_FALSE(m("6.0", "~> 5.3"));
  EXPECT_FALSE(m("5.4.0.rc1", "~> 5.3.1"));  // release(5.4.0.rc1) = 5.4.0, not below the bump
  EXPECT_TRUE(m("1.5.4", ">= 1.5.4"));
  EXPECT_TRUE(m("1.3", "< 1.4.0"));
}
