// Maven ComparableVersion ordering and Maven constraints/ranges.
#include <gtest/gtest.h>

#include "scan/version/maven_range.h"
#include "scan/version/maven_version.h"

using namespace berth::scan;

namespace {

int c(std::string_view a, std::string_view b) {
  return MavenVersion(a).compare(MavenVersion(b));
}

bool sat(std::string_view v, std::string_view r) {
  auto m = MavenConstraint::parse(r);
  EXPECT_TRUE(m) << r;
  return m && m->satisfied_by(MavenVersion(v));
}

}  // namespace

TEST(VersionMaven, QualifierOrder) {
  const char* order[] = {"1-alpha", "1-beta", "1-milestone", "1-rc",  "1-snapshot",
                         "1",       "1-sp",   "1-abc",       "1-xyz", "1.0.1"};
  for (size_t i = 0; i + 1 < std::size(order); ++i) {
    EXPECT_LT(c(order[i], order[i + 1]), 0) << order[i] << " < " << order[i + 1];
    EXPECT_GT(c(order[i + 1], order[i]), 0);
  }
  EXPECT_EQ(c("1-cr1", "1-rc1"), 0);
  EXPECT_EQ(c("1a1", "1-alpha-1"), 0);
  EXPECT_EQ(c("1-ga", "1"), 0);
  EXPECT_EQ(c("1.0.0.Final", "1"), 0);
  EXPECT_EQ(c("1.0.0", "1"), 0);
  EXPECT_EQ(c("1.SNAPSHOT", "1-SNAPSHOT"), 0);  // ".X" is read as "-X" (Maven 3.8)
  EXPECT_LT(c("1-1", "1.1"), 0);
  EXPECT_LT(c("1-1", "1.0.1"), 0);
  EXPECT_EQ(c("1-0.1", "1.0.1"), c("1-0.1", "1.0.1"));
  EXPECT_LT(c("1.99999999999999999999", "1.100000000000000000000"), 0);
  EXPECT_EQ(MavenVersion("1.0.0-RC1").canonical(), "1-rc-1");
}

TEST(VersionMaven, ConstraintsAndRanges) {
  EXPECT_TRUE(sat("1.5", ">=1.0, <2.0"));
  EXPECT_FALSE(sat("2.0", ">=1.0, <2.0"));
  EXPECT_TRUE(sat("3.0", ">=1.0, <2.0 || =3.0"));
  EXPECT_TRUE(sat("1.0", "[1.0,2.0)"));
  EXPECT_FALSE(sat("2.0", "[1.0,2.0)"));
  EXPECT_TRUE(sat("2.0-rc1", "[1.0,2.0)"));
  EXPECT_TRUE(sat("0.5", "(,1.0],[1.2,)"));
  EXPECT_FALSE(sat("1.1", "(,1.0],[1.2,)"));
  EXPECT_TRUE(sat("1.5", "[1.5]"));
  EXPECT_FALSE(sat("1.5.1", "[1.5]"));
  EXPECT_FALSE(MavenConstraint::parse("[2.0,1.0]"));
  EXPECT_FALSE(MavenConstraint::parse("[1.0"));
  EXPECT_FALSE(MavenConstraint::parse("(1.0)"));
}
