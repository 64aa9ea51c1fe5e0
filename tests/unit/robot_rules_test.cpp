#include "auth/robot_rules.h"

#include <gtest/gtest.h>

using namespace berth::auth;
using nlohmann::json;

TEST(RobotRules, NamesFollowHarborsGrammar) {
  EXPECT_EQ(robot_name_problem("ci"), "");
  EXPECT_EQ(robot_name_problem("build-bot.v2_x"), "");
  EXPECT_NE(robot_name_problem(""), "");
  EXPECT_NE(robot_name_problem("Upper"), "");
  EXPECT_NE(robot_name_problem("a b"), "");
  EXPECT_NE(robot_name_problem("a+b"), "");
  EXPECT_NE(robot_name_problem("-lead"), "");
  EXPECT_NE(robot_name_problem("double--dash"), "");
  EXPECT_NE(robot_name_problem(std::string(129, 'a')), "");
}

TEST(RobotRules, FullNamesCarryPrefixAndProject) {
  EXPECT_EQ(robot_full_name("system", "", "ci"), "robot$ci");
  EXPECT_EQ(robot_full_name("project", "library", "ci"), "robot$library+ci");
}

TEST(RobotRules, DurationDefaultsAndLimits) {
  EXPECT_EQ(normalize_duration(std::nullopt), 30);
  EXPECT_EQ(normalize_duration(0), 30);
  EXPECT_EQ(normalize_duration(-1), -1);
  EXPECT_EQ(normalize_duration(7), 7);
  EXPECT_THROW(normalize_duration(-2), RobotRuleError);
  EXPECT_THROW(normalize_duration(kMaxRobotDurationDays + 1), RobotRuleError);
  EXPECT_EQ(robot_expires_at(-1, 1000), -1);
  EXPECT_EQ(robot_expires_at(2, 1000), 1000 + 2 * 86400);
}

TEST(RobotRules, PermissionsAreValidatedAgainstWhatAProjectSupports) {
  auto perms = parse_robot_permissions(json::parse(R"([{"kind":"project","namespace":"library",
      "access":[{"resource":"repository","action":"pull"},{"resource":"repository","action":"push","effect":"deny"}]}])"));
  ASSERT_EQ(perms.size(), 1u);
  EXPECT_EQ(perms[0].namespace_, "library");
  EXPECT_EQ(perms[0].access[0].effect, "allow");
  EXPECT_EQ(perms[0].access[1].effect, "deny");
  EXPECT_TRUE(project_supports("artifact", "delete"));
  EXPECT_TRUE(project_supports("robot", "create"));
  EXPECT_FALSE(project_supports("repository", "fly"));
  EXPECT_FALSE(project_supports("user", "create"));  // a system resource, not a project one
}

TEST(RobotRules, InvalidPermissionsAreRejected) {
  auto bad = [](const char* text) { return parse_robot_permissions(json::parse(text)); };
  EXPECT_THROW(bad(R"({})"), RobotRuleError);
  EXPECT_THROW(
      bad(R"([{"kind":"system","namespace":"/","access":[{"resource":"repository","action":"pull"}]}])"),
      RobotRuleError);
  EXPECT_THROW(bad(R"([{"kind":"project","namespace":"p","access":[]}])"), RobotRuleError);
  EXPECT_THROW(
      bad(R"([{"kind":"project","namespace":"p","access":[{"resource":"repository","action":"fly"}]}])"),
      RobotRuleError);
  EXPECT_THROW(
      bad(R"([{"kind":"project","namespace":"p","access":[{"resource":"repository","action":"pull","effect":"maybe"}]}])"),
      RobotRuleError);
  EXPECT_THROW(
      bad(R"([{"kind":"project","namespace":"p","access":[{"resource":"repository","action":"pull","extra":1}]}])"),
      RobotRuleError);
  EXPECT_THROW(
      bad(R"([{"kind":"project","namespace":"p","access":[{"resource":"repository","action":"pull"}]},
                       {"kind":"project","namespace":"p","access":[{"resource":"repository","action":"pull"}]}])"),
      RobotRuleError);
}

TEST(RobotRules, LevelsConstrainPermissions) {
  auto one = parse_robot_permissions(json::parse(
      R"([{"kind":"project","namespace":"p","access":[{"resource":"repository","action":"pull"}]}])"));
  auto star = parse_robot_permissions(json::parse(
      R"([{"kind":"project","namespace":"*","access":[{"resource":"repository","action":"pull"}]}])"));
  EXPECT_NO_THROW(check_level("project", one));
  EXPECT_NO_THROW(check_level("system", star));
  EXPECT_NO_THROW(check_level("system", {}));
  EXPECT_THROW(check_level("project", {}), RobotRuleError);
  EXPECT_THROW(check_level("project", star), RobotRuleError);
  EXPECT_THROW(check_level("galaxy", one), RobotRuleError);
}
