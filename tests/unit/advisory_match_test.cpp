// Trivy's advisory matching rule: OS detectors and the language compare.IsVulnerable.
#include "scan/version/advisory_match.h"

#include <gtest/gtest.h>

using namespace berth::scan;

namespace {

AdvisoryRange fixed(std::string v) {
  AdvisoryRange a;
  a.fixed_version = std::move(v);
  return a;
}

}  // namespace

TEST(AdvisoryMatchOs, AlpineAndDebian) {
  EXPECT_TRUE(match_os_advisory(OsRule::kAlpine, "1.1.1b-r1", fixed("1.1.1d-r0")).vulnerable);
  EXPECT_FALSE(match_os_advisory(OsRule::kAlpine, "1.1.1d-r0", fixed("1.1.1d-r0")).vulnerable);
  EXPECT_TRUE(match_os_advisory(OsRule::kAlpine, "1.0-r0", fixed("")).vulnerable);
  EXPECT_FALSE(match_os_advisory(OsRule::kAlpine, "1.0_foo", fixed("2.0")).vulnerable);
  AdvisoryRange affected = fixed("2.0-r0");
  affected.affected_version = "1.5-r0";
  EXPECT_FALSE(match_os_advisory(OsRule::kAlpine, "1.0-r0", affected).vulnerable);
  EXPECT_TRUE(match_os_advisory(OsRule::kAlpine, "1.5-r0", affected).vulnerable);

  auto deb = match_os_advisory(OsRule::kDebian, "1.43.4-2", fixed("1.43.4-2+deb9u1"));
  EXPECT_TRUE(deb.vulnerable);
  EXPECT_EQ(deb.fixed_version, "1.43.4-2+deb9u1");
  EXPECT_TRUE(match_os_advisory(OsRule::kDebian, "3.7.1-5", fixed("")).vulnerable);  // unfixed
  EXPECT_FALSE(match_os_advisory(OsRule::kDebian, "bad version", fixed("")).vulnerable);
  EXPECT_FALSE(match_os_advisory(OsRule::kDebian, "1.0", fixed("not-a-version")).vulnerable);
}

TEST(AdvisoryMatchOs, AmazonAndRpmFamilies) {
  EXPECT_TRUE(match_os_advisory(OsRule::kAmazon, "1.0-1.amzn2", fixed("1.0-2.amzn2")).vulnerable);
  EXPECT_FALSE(match_os_advisory(OsRule::kAmazon, "1.0-1.amzn2", fixed("")).vulnerable);
  EXPECT_TRUE(
      match_os_advisory(OsRule::kRedHat, "1:1.0.2k-16.el7", fixed("1:1.0.2k-19.el7")).vulnerable);
  EXPECT_TRUE(match_os_advisory(OsRule::kRedHat, "1.0-1.el8", fixed("")).vulnerable);
  EXPECT_FALSE(match_os_advisory(OsRule::kRpmFixedOnly, "1.0-1.el8", fixed("")).vulnerable);
  EXPECT_FALSE(
      match_os_advisory(OsRule::kRpmFixedOnly, "2.0-1.el8", fixed("1.0-1.el8")).vulnerable);
  EXPECT_EQ(os_rule_for_family("ubuntu"), OsRule::kDebian);
  EXPECT_EQ(os_rule_for_family("rocky"), OsRule::kRpmFixedOnly);
  EXPECT_FALSE(os_rule_for_family("plan9"));
}

TEST(AdvisoryMatchLanguage, IsVulnerable) {
  AdvisoryRange jq;
  jq.vulnerable_versions = {"< 3.4.0"};
  jq.patched_versions = {"3.4.0"};
  auto r = match_language_advisory(VersionScheme::kNpm, "3.3.1", jq);
  EXPECT_TRUE(r.vulnerable);
  EXPECT_EQ(r.fixed_version, "3.4.0");
  EXPECT_FALSE(match_language_advisory(VersionScheme::kNpm, "3.4.0", jq).vulnerable);

  AdvisoryRange ruby;  // only patched/unaffected: vulnerable unless one matches
  ruby.patched_versions = {">= 1.5.4"};
  ruby.unaffected_versions = {"< 1.4.0"};
  EXPECT_TRUE(match_language_advisory(VersionScheme::kRubyGems, "1.4.2", ruby).vulnerable);
  EXPECT_FALSE(match_language_advisory(VersionScheme::kRubyGems, "1.3.0", ruby).vulnerable);
  EXPECT_FALSE(match_language_advisory(VersionScheme::kRubyGems, "1.5.4", ruby).vulnerable);
  EXPECT_EQ(trivy_fixed_versions(ruby), ">= 1.5.4");

  AdvisoryRange php;  // vulnerable ranges only; FixedVersion from the "<X" bounds
  php.vulnerable_versions = {">=3.0.0, <3.2.1", ">=2.0.0, <2.8.2", "<=1.0.0", "<2.8.2"};
  EXPECT_TRUE(match_language_advisory(VersionScheme::kGeneric, "3.1.0", php).vulnerable);
  EXPECT_FALSE(match_language_advisory(VersionScheme::kGeneric, "3.2.1", php).vulnerable);
  EXPECT_EQ(trivy_fixed_versions(php), "3.2.1, 2.8.2");

  AdvisoryRange none;  // no lists at all: not vulnerable
  EXPECT_FALSE(match_language_advisory(VersionScheme::kGeneric, "1.0", none).vulnerable);
  AdvisoryRange empty_entry;  // an empty entry: always reported
  empty_entry.vulnerable_versions = {""};
  EXPECT_TRUE(match_language_advisory(VersionScheme::kNpm, "whatever", empty_entry).vulnerable);

  AdvisoryRange pip;
  pip.vulnerable_versions = {"<2.0.0"};
  pip.patched_versions = {"2.0.0", "2.0.0"};
  EXPECT_TRUE(match_language_advisory(VersionScheme::kPep440, "1.9.0rc1", pip).vulnerable);
  EXPECT_FALSE(match_language_advisory(VersionScheme::kPep440, "2.0.1", pip).vulnerable);
  EXPECT_FALSE(match_language_advisory(VersionScheme::kPep440, "not a version", pip).vulnerable);
  EXPECT_EQ(match_language_advisory(VersionScheme::kPep440, "1.0", pip).fixed_version, "2.0.0");

  AdvisoryRange bad_range;
  bad_range.vulnerable_versions = {">>1.0"};
  EXPECT_FALSE(match_language_advisory(VersionScheme::kMaven, "0.5", bad_range).vulnerable);
  AdvisoryRange mvn;
  mvn.vulnerable_versions = {">=2.0.0, <2.9.10.1"};
  EXPECT_TRUE(match_language_advisory(VersionScheme::kMaven, "2.9.10", mvn).vulnerable);
  EXPECT_EQ(scheme_for_ecosystem("cocoapods"), VersionScheme::kRubyGems);
  EXPECT_EQ(scheme_for_ecosystem("cargo"), VersionScheme::kGeneric);
}
