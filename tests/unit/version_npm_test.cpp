// npm versions and ranges (node-semver semantics, plus Trivy's advisory syntax).
#include <gtest/gtest.h>

#include "scan/version/npm_range.h"
#include "scan/version/version_scheme.h"

using namespace berth::scan;

namespace {

bool sat(std::string_view v, std::string_view r, bool pre = false) {
  return npm_satisfies(v, r, {.include_prerelease = pre, .trivy_syntax = false});
}

}  // namespace

TEST(VersionNpm, SemverPrecedence) {
  auto c = [](std::string_view a, std::string_view b) {
    return *compare_versions(VersionScheme::kNpm, a, b);
  };
  EXPECT_LT(c("1.0.0-alpha", "1.0.0-alpha.1"), 0);
  EXPECT_LT(c("1.0.0-alpha.1", "1.0.0-alpha.beta"), 0);
  EXPECT_LT(c("1.0.0-beta.2", "1.0.0-beta.11"), 0);
  EXPECT_LT(c("1.0.0-rc.1", "1.0.0"), 0);
  EXPECT_EQ(c("v1.2.3", "1.2.3+build.5"), 0);
  for (const char* bad :
       {"1.2", "01.2.3", "1.2.3-01", "1.2.3-", "=1.2.3", "1.2.3.4", "9007199254740992.0.0"}) {
    EXPECT_FALSE(version_valid(VersionScheme::kNpm, bad)) << bad;
  }
}

TEST(VersionNpm, RangeForms) {
  EXPECT_TRUE(sat("1.2.3", "^1.2.0"));
  EXPECT_FALSE(sat("2.0.0", "^1.2.0"));
  EXPECT_TRUE(sat("0.2.9", "^0.2.3"));
  EXPECT_FALSE(sat("0.3.0", "^0.2.3"));
  EXPECT_FALSE(sat("0.0.4", "^0.0.3"));
  EXPECT_TRUE(sat("1.2.9", "~1.2.3"));
  EXPECT_FALSE(sat("1.3.0", "~1.2.3"));
  EXPECT_TRUE(sat("1.9.9", "~1"));
  EXPECT_TRUE(sat("2.3.4", "1.2.3 - 2.3.4"));
  EXPECT_TRUE(sat("2.3.9", "1.2 - 2.3"));
  EXPECT_FALSE(sat("2.4.0", "1.2 - 2.3"));
  EXPECT_TRUE(sat("1.5.0", "1.x || >=2.5.0"));
  EXPECT_TRUE(sat("2.6.0", "1.x || >=2.5.0"));
  EXPECT_FALSE(sat("2.4.0", "1.x || >=2.5.0"));
  EXPECT_TRUE(sat("1.2.3", ">= 1.2.3 < 1.3"));
  EXPECT_TRUE(sat("1.2.3", ""));
  EXPECT_TRUE(sat("2.0.0", ">1.x"));  // >1.x means >=2.0.0
  EXPECT_FALSE(sat("1.9.9", ">1.x"));
  EXPECT_TRUE(sat("2.0.0", ">=2"));
  EXPECT_FALSE(sat("1.9.9", "<=0.x || >1"));
  EXPECT_FALSE(NpmRange::parse(">=1.2.3,<2"));
  EXPECT_FALSE(NpmRange::parse("1.2.3 - "));
  EXPECT_FALSE(NpmRange::parse("~"));
}

TEST(VersionNpm, PrereleaseInclusionRule) {
  // Without includePrerelease a prerelease matches only a comparator naming the same x.y.z.
  EXPECT_TRUE(sat("1.2.4-beta", ">=1.2.4-alpha <1.3"));
  EXPECT_FALSE(sat("1.2.5-beta", ">=1.2.4-alpha <1.3"));
  EXPECT_TRUE(sat("1.2.5-beta", ">=1.2.4-alpha <1.3", true));
  EXPECT_FALSE(sat("3.0.0-alpha", "*"));
  EXPECT_TRUE(sat("3.0.0-alpha", "*", true));
  EXPECT_FALSE(sat("2.0.0-beta.1", "^1.2.0", true));  // the upper bound is <2.0.0-0
  EXPECT_FALSE(sat("1.2.0-rc.1", "^1.2.0", true));
  EXPECT_TRUE(sat("1.2.0-rc.1", "^1.2.0-rc.0", false));
}

TEST(VersionNpm, TrivySyntax) {
  NpmRangeOptions trivy{.include_prerelease = true, .trivy_syntax = true};
  EXPECT_TRUE(npm_satisfies("1.2.3", ">=1.2.0, <1.2.5", trivy));
  EXPECT_FALSE(npm_satisfies("1.2.5", ">=1.2.0, <1.2.5", trivy));
  EXPECT_TRUE(npm_satisfies("1.2.5-beta", ">=1.2.0, <1.2.5", trivy));
  EXPECT_TRUE(npm_satisfies("1.0.0", "==1.0.0", trivy));
  EXPECT_TRUE(npm_satisfies("1.0.0", "=>1.0.0", trivy));
  EXPECT_TRUE(npm_satisfies("1.0.0", "=<1.0.0", trivy));
  EXPECT_FALSE(npm_satisfies("1.2.0-beta", "1.2.x-beta", trivy));  // wildcard + prerelease
  EXPECT_TRUE(npm_satisfies("3.3.9", "< 3.4.0", trivy));
}
