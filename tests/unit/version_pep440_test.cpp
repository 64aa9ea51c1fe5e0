// PEP 440 versions and specifiers (packaging semantics, plus Trivy's "||" and "=").
#include <gtest/gtest.h>

#include "scan/version/pep440_specifier.h"
#include "scan/version/version_scheme.h"

using namespace berth::scan;

TEST(VersionPep440, OrderingAndNormalisation) {
  auto c = [](std::string_view a, std::string_view b) {
    return *compare_versions(VersionScheme::kPep440, a, b);
  };
  EXPECT_LT(c("1.0.dev0", "1.0a1"), 0);
  EXPECT_LT(c("1.0a1.dev1", "1.0a1"), 0);
  EXPECT_LT(c("1.0a1", "1.0b1"), 0);
  EXPECT_LT(c("1.0rc1", "1.0"), 0);
  EXPECT_LT(c("1.0", "1.0+abc"), 0);
  EXPECT_LT(c("1.0+abc", "1.0.post1"), 0);
  EXPECT_LT(c("1.0+a", "1.0+1"), 0);  // numeric local parts sort after strings
  EXPECT_GT(c("1!0.1", "2.0"), 0);
  EXPECT_EQ(c("1.0.0", "1.0"), 0);
  EXPECT_EQ(c("1.0ALPHA1", "1.0a1"), 0);
  EXPECT_EQ(c("1.0-1", "1.0.post1"), 0);
  EXPECT_EQ(c("v1.0c2", "1.0rc2"), 0);
  EXPECT_EQ(c(" 1.0.Preview_3 ", "1.0rc3"), 0);
  auto v = Pep440Version::parse("V01!1.02a_1-r3.DEV4+Ubuntu-01");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->str(), "1!1.2a1.post3.dev4+ubuntu.1");
  for (const char* bad : {"", "a", "1.0-", "1.0+", "1.0+a..b", "1..0", "1.0 a", "1.*", "1.0.x"}) {
    EXPECT_FALSE(version_valid(VersionScheme::kPep440, bad)) << bad;
  }
}

TEST(VersionPep440, Specifiers) {
  auto sat = [](std::string_view v, std::string_view s, bool pre = false) {
    return pep440_satisfies(v, s, {.prereleases = pre, .trivy_syntax = false});
  };
  EXPECT_TRUE(sat("1.4.5", "~=1.4.2"));
  EXPECT_FALSE(sat("1.5.0", "~=1.4.2"));
  EXPECT_TRUE(sat("2.9", "~=2.2"));
  EXPECT_TRUE(sat("1.0+local", "==1.0"));
  EXPECT_FALSE(sat("1.0", "==1.0+local"));
  EXPECT_TRUE(sat("1.1.3", "==1.1.*"));
  EXPECT_TRUE(sat("1.1", "==1.1.0.*"));
  EXPECT_FALSE(sat("1.0.1", "!=1.0.*"));
  EXPECT_FALSE(sat("3.1.dev0", "<3.1", true));  // <V excludes V's own prereleases
  EXPECT_TRUE(sat("3.0.dev0", "<3.1", true));
  EXPECT_FALSE(sat("3.1.post1", ">3.1"));  // >V excludes V's post-releases
  EXPECT_FALSE(sat("3.1+local", ">3.1"));
  EXPECT_TRUE(sat("1.0", "===1.0"));
  EXPECT_FALSE(sat("1.0.0", "===1.0"));
  EXPECT_FALSE(sat("2.0b1", ">=1.0,<3.0"));  // prereleases excluded by default
  EXPECT_TRUE(sat("2.0b1", ">=1.0,<3.0", true));
  EXPECT_TRUE(sat("2.0b1", ">=2.0b1"));  // ...unless a specifier names one
  EXPECT_FALSE(Pep440SpecifierSet::parse("=1.0"));
  EXPECT_FALSE(Pep440SpecifierSet::parse("~=1"));
  EXPECT_FALSE(Pep440SpecifierSet::parse("<1.0+local"));
  EXPECT_FALSE(Pep440SpecifierSet::parse(">=1.0.*"));
}

TEST(VersionPep440, TrivySyntax) {
  Pep440SpecOptions trivy{.prereleases = true, .trivy_syntax = true};
  EXPECT_TRUE(pep440_satisfies("1.0", "=1.0", trivy));
  EXPECT_TRUE(pep440_satisfies("1.0", "3.0.0 || 1.0", trivy));
  EXPECT_TRUE(pep440_satisfies("2.5", ">=1.0, <2.0 || >=2.5, <3", trivy));
  // packaging's exclusive ordering: "<2.0.0" does not take 2.0.0's own prereleases.
  EXPECT_FALSE(pep440_satisfies("2.0rc1", "<2.0.0", trivy));
  EXPECT_TRUE(pep440_satisfies("1.9rc1", "<2.0.0", trivy));
}
