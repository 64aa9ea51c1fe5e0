// dpkg, rpm and apk comparators: hand-picked cases and the full apk-tools vector file.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scan/version/apk_version.h"
#include "scan/version/dpkg_version.h"
#include "scan/version/rpm_version.h"
#include "scan/version/version_scheme.h"

using namespace berth::scan;

namespace {

int cmp(VersionScheme s, std::string_view a, std::string_view b) {
  auto c = compare_versions(s, a, b);
  EXPECT_TRUE(c.has_value()) << a << " vs " << b;
  return c ? *c : 99;
}

}  // namespace

TEST(VersionDpkg, OrdersAsDpkg) {
  auto s = VersionScheme::kDpkg;
  EXPECT_LT(cmp(s, "1.0~rc1", "1.0"), 0);
  EXPECT_LT(cmp(s, "1.0", "1.0+b1"), 0);
  EXPECT_GT(cmp(s, "1:0.1", "2.0"), 0);
  EXPECT_LT(cmp(s, "1.0~~", "1.0~"), 0);
  EXPECT_EQ(cmp(s, "0:1.0", "1.0"), 0);
  EXPECT_EQ(cmp(s, "1.01", "1.1"), 0);
  EXPECT_LT(cmp(s, "1.0a", "1.0+"), 0);  // letters sort before other symbols
  EXPECT_LT(cmp(s, "2.30-21ubuntu1~18.04.4", "2.30-21ubuntu1~18.04.5"), 0);
  EXPECT_GT(cmp(s, "1.2.3-1+deb9u1", "1.2.3-1"), 0);
  EXPECT_LT(cmp(s, "1.99999999999999999999998", "1.99999999999999999999999"), 0);
  EXPECT_EQ(cmp(s, " 1.0-1 ", "1.0-1"), 0);
}

TEST(VersionDpkg, ParsesLikeGoDebVersion) {
  auto v = DpkgVersion::parse("2:1.2-3-4ubuntu1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->epoch, 2);
  EXPECT_EQ(v->upstream, "1.2-3");  // split at the last '-'
  EXPECT_EQ(v->revision, "4ubuntu1");
  EXPECT_TRUE(DpkgVersion::parse("1.0-"));       // empty revision is accepted (dpkg refuses)
  EXPECT_TRUE(DpkgVersion::parse("1.0_1-2_3"));  // '_' allowed, as in go-deb-version
  EXPECT_TRUE(DpkgVersion::parse("1:2:3"));      // ':' allowed in upstream after an epoch
  for (const char* bad : {"", "a1.0", "1.0-a!b", "-1:1.0", "x:1.0", ":1.0", "1.0 1", "1.0$"}) {
    EXPECT_FALSE(DpkgVersion::parse(bad)) << bad;
  }
}

TEST(VersionRpm, OrdersAsRpmvercmp) {
  auto s = VersionScheme::kRpm;
  EXPECT_LT(cmp(s, "1.0~rc1", "1.0"), 0);
  EXPECT_LT(cmp(s, "1.0", "1.0^git1"), 0);
  EXPECT_LT(cmp(s, "1.0^git1", "1.0.1"), 0);
  EXPECT_GT(cmp(s, "1.0^", "1.0"), 0);
  EXPECT_GT(cmp(s, "1:1.0-1", "2.0-1"), 0);
  EXPECT_GT(cmp(s, "1.0a", "1.0"), 0);    // more segments win...
  EXPECT_LT(cmp(s, "1.0a", "1.0.0"), 0);  // ...but letters lose to numbers
  EXPECT_GT(cmp(s, "1.0.1", "1.0a"), 0);
  EXPECT_LT(cmp(s, "1.0~rc1^git1", "1.0~rc1^git2"), 0);
  EXPECT_EQ(cmp(s, "005", "5"), 0);
  EXPECT_EQ(cmp(s, "1.0_1", "1.0.1"), 0);  // separators are all alike
  EXPECT_GT(cmp(s, "1.0-1", "1.0"), 0);    // an empty release is compared too
  EXPECT_LT(cmp(s, "1.0-1.el7", "1.0-1.el7_9"), 0);
}

TEST(VersionRpm, ParsesLikeGoRpmVersion) {
  auto v = RpmVersion::parse("3:1.0-1-2");
  EXPECT_EQ(v.epoch, 3);
  EXPECT_EQ(v.version, "1.0");
  EXPECT_EQ(v.release, "1-2");  // first '-', unlike rpm's last
  EXPECT_EQ(RpmVersion::parse("x:1.0").epoch, 0);
  EXPECT_EQ(RpmVersion::parse(" 7:1.0").epoch, 7);
  EXPECT_TRUE(version_valid(VersionScheme::kRpm, ""));
}

TEST(VersionApk, SuffixesLettersRevisions) {
  auto s = VersionScheme::kApk;
  EXPECT_LT(cmp(s, "1.0_alpha", "1.0_beta"), 0);
  EXPECT_LT(cmp(s, "1.1_rc1", "1.1"), 0);
  // A component made of zeros ends with a digit token of its own, so a suffix after a trailing
  // ".0" no longer counts as a pre-release: go-apk-version (and apk-tools' get_token) say ">".
  EXPECT_GT(cmp(s, "1.0_rc1", "1.0"), 0);
  EXPECT_GT(cmp(s, "1.0_p1", "1.0"), 0);
  EXPECT_LT(cmp(s, "1.0.4-r3", "1.0.4-r4"), 0);
  EXPECT_LT(cmp(s, "1.0a", "1.0b"), 0);
  EXPECT_GT(cmp(s, "1.1", "1.0z"), 0);
  EXPECT_LT(cmp(s, "1.01", "1.1"), 0);  // leading zeros are special
  EXPECT_FALSE(apk_version_valid("1.0_foo"));
  EXPECT_FALSE(apk_version_valid("1.0-"));
  EXPECT_FALSE(apk_version_valid("1.0-r1.2"));
  EXPECT_FALSE(apk_version_valid("1.0A"));
  EXPECT_TRUE(apk_version_valid("1.2.3_alpha1_p2-r10"));
  EXPECT_FALSE(compare_versions(s, "1.0_foo", "1.0").has_value());
}

// Every line of apk-tools' version.data (via go-apk-version) must hold, invalid ones included:
// the vector file compares them raw.
TEST(VersionApk, ApkToolsVectorFile) {
  std::ifstream in(std::string(BERTH_TEST_DATA_DIR) + "/scan/apk-version-cases.data");
  ASSERT_TRUE(in) << "tests/data/scan/apk-version-cases.data";
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string a, op, b;
    if (!(ls >> a >> op >> b)) continue;
    int c = apk_version_compare(a, b);
    int want = op == "<" ? -1 : op == ">" ? 1 : 0;
    EXPECT_EQ(c, want) << line;
    EXPECT_EQ(apk_version_compare(b, a), -want) << "reversed: " << line;
    ++n;
  }
  EXPECT_EQ(n, 728);
}
