#include "core/project_rules.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace berth::core;

TEST(ProjectName, AcceptsHarborNames) {
  for (const char* n : {"a", "library", "my-project", "a.b_c-d", "0abc", "x1"})
    EXPECT_FALSE(project_name_error(n)) << n;
  EXPECT_FALSE(project_name_error(std::string(255, 'a')));
}

TEST(ProjectName, RejectsInvalidNames) {
  for (const char* n : {"", "Library", "-a", "a-", ".a", "a..b", "a_-b", "a/b", "a b", "ä"})
    EXPECT_TRUE(project_name_error(n)) << n;
  EXPECT_TRUE(project_name_error(std::string(256, 'a')));
}

TEST(ProjectMetadataRules, PublicMustBeExactlyTrueOrFalse) {
  EXPECT_EQ(normalize_metadata({{"public", "true"}}, false).at("public"), "true");
  EXPECT_THROW(normalize_metadata({{"public", "True"}}, false), std::invalid_argument);
  EXPECT_THROW(normalize_metadata({{"public", "1"}}, false), std::invalid_argument);
  EXPECT_THROW(normalize_metadata({{"public", ""}}, false), std::invalid_argument);
}

TEST(ProjectMetadataRules, OtherBooleansAreNormalised) {
  auto m = normalize_metadata({{"auto_scan", "1"}, {"prevent_vul", "F"}}, false);
  EXPECT_EQ(m.at("auto_scan"), "true");
  EXPECT_EQ(m.at("prevent_vul"), "false");
  EXPECT_THROW(normalize_metadata({{"auto_scan", "yes"}}, false), std::invalid_argument);
}

TEST(ProjectMetadataRules, SeverityAndNumbers) {
  EXPECT_NO_THROW(normalize_metadata({{"severity", "critical"}}, false));
  EXPECT_THROW(normalize_metadata({{"severity", "urgent"}}, false), std::invalid_argument);
  EXPECT_NO_THROW(normalize_metadata({{"retention_id", "12"}}, false));
  EXPECT_THROW(normalize_metadata({{"retention_id", "x"}}, false), std::invalid_argument);
}

TEST(ProjectMetadataRules, UnknownKeysAreNamed) {
  try {
    normalize_metadata({{"colour", "blue"}}, false);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("colour"), std::string::npos);
  }
}

TEST(ProjectMetadataRules, ProxyKeysOnlyForProxyProjects) {
  auto plain = normalize_metadata({{"proxy_speed_kb", "100"}}, false);
  EXPECT_FALSE(plain.count("proxy_speed_kb"));
  auto proxy = normalize_metadata({{"proxy_speed_kb", "-1"}}, true);
  EXPECT_EQ(proxy.at("proxy_speed_kb"), "-1");
  EXPECT_THROW(normalize_metadata({{"max_upstream_conn", "many"}}, true), std::invalid_argument);
}
