// Harbor's replication patterns (doublestar v1.3.4 semantics). The expected answers were
// checked against doublestar v1.3.4's Match itself.
#include "replication/pattern.h"

#include <gtest/gtest.h>

using berth::replication::Pattern;
using berth::replication::pattern_matches;
using berth::replication::PatternError;

namespace {
struct Case {
  const char* pattern;
  const char* name;
  bool match;
};

void check(const std::vector<Case>& cases) {
  for (const auto& c : cases)
    EXPECT_EQ(pattern_matches(c.pattern, c.name), c.match)
        << "pattern '" << c.pattern << "' name '" << c.name << "'";
}
}  // namespace

TEST(ReplicationPatternTest, Literals) {
  check({{"library/nginx", "library/nginx", true},
         {"library/nginx", "library/nginx2", false},
         {"library/nginx", "library", false},
         {"library", "library/nginx", false},
         {"", "", true},
         {"", "a", false},
         {"v1.0", "v1.0", true},
         {"V1", "v1", false}});
}

TEST(ReplicationPatternTest, StarStaysInsideOneComponent) {
  check({{"*", "nginx", true},
         {"*", "", true},
         {"*", "library/nginx", false},
         {"library/*", "library/nginx", true},
         {"library/*", "library/team/nginx", false},
         {"library/*", "library", false},
         {"library/*", "library/", true},
         {"*/nginx", "library/nginx", true},
         {"*/nginx", "nginx", false},
         {"v*", "v1.2.3", true},
         {"v*", "latest", false},
         {"*-rc*", "1.0-rc2", true},
         {"*-rc*", "1.0", false},
         {"a*b*c", "abc", true},
         {"a*b*c", "aXXbYYc", true},
         {"a*b*c", "aXXbYY", false},
         {"*.*.*", "1.2.3", true},
         {"*.*.*", "1.2", false}});
}

TEST(ReplicationPatternTest, DoubleStarSpansComponents) {
  check({{"**", "nginx", true},
         {"**", "library/team/nginx", true},
         {"**", "", true},
         {"library/**", "library/nginx", true},
         {"library/**", "library/team/nginx", true},
         {"library/**", "library", false},  // at the end it needs one component
         {"library/**", "other/nginx", false},
         {"**/nginx", "nginx", true},  // zero components in front
         {"**/nginx", "library/nginx", true},
         {"**/nginx", "a/b/c/nginx", true},
         {"**/nginx", "library/nginx2", false},
         {"a/**/b", "a/b", true},
         {"a/**/b", "a/x/b", true},
         {"a/**/b", "a/x/y/b", true},
         {"a/**/b", "a/x/y/c", false},
         {"a/**/**/b", "a/b", true},
         {"**/team/**", "x/team/y", true},
         {"**/team/**", "team/y", true},
         {"**/team/**", "x/team", false}});
}

TEST(ReplicationPatternTest, DoubleStarInsideAComponentIsAStar) {
  check({{"lib**", "library", true},
         {"lib**", "library/nginx", false},
         {"**x", "ax", true},
         {"**x", "a/x", false},
         {"a/b**/c", "a/bz/c", true},
         {"a/b**/c", "a/bz/y/c", false}});
}

TEST(ReplicationPatternTest, QuestionMark) {
  check({{"v?", "v1", true},
         {"v?", "v", false},
         {"v?", "v12", false},
         {"a?b", "a/b", false},
         {"??", "é1", true}});  // one rune, not one byte
}

TEST(ReplicationPatternTest, Alternatives) {
  check({{"{nginx,redis}", "nginx", true},
         {"{nginx,redis}", "redis", true},
         {"{nginx,redis}", "mysql", false},
         {"library/{nginx,redis}", "library/redis", true},
         {"v{1,2}.*", "v2.0", true},
         {"v{1,2}.*", "v3.0", false},
         {"{library/nginx,team/**}", "team/a/b", true},
         {"{library/nginx,team/**}", "library/nginx", true},
         {"{library/nginx,team/**}", "library/redis", false},
         {"{a,{b,c}d}", "cd", true},  // nested
         {"{a,{b,c}d}", "bd", true},
         {"{a,{b,c}d}", "a", true},
         {"{a,{b,c}d}", "c", false},
         {"a{,b}", "a", true},  // an empty alternative
         {"a{,b}", "ab", true},
         {"{x,y}{1,2}", "y1", true},
         {"{x,y}{1,2}", "y3", false},
         {"{*,x}", "abc", true},
         {"latest,x", "latest,x", true},  // ',' and '}' outside braces are plain
         {"a}", "a}", true}});
}

TEST(ReplicationPatternTest, CharacterClasses) {
  check({{"v[0-9]", "v7", true},
         {"v[0-9]", "va", false},
         {"[abc]x", "bx", true},
         {"[abc]x", "dx", false},
         {"[^abc]x", "dx", true},
         {"[^abc]x", "ax", false},
         {"[a-cx-z]", "y", true},
         {"[a-cx-z]", "m", false},
         {"[\\]]", "]", true},
         {"[\\-]", "-", true},
         {"v[0-9]*", "v10.2", true}});
}

TEST(ReplicationPatternTest, Escapes) {
  check({{"\\*", "*", true},
         {"\\*", "a", false},
         {"a\\?", "a?", true},
         {"a\\?", "ab", false},
         {"\\{a,b\\}", "{a,b}", true},
         {"\\{a,b\\}", "a", false}});
}

TEST(ReplicationPatternTest, MalformedPatternsAreRefused) {
  for (const char* bad :
       {"{a,b", "a{b{c,d}", "[a-z", "[]", "[^]", "[-a]", "[a-]", "abc\\", "[a\\", "x/[a"}) {
    EXPECT_THROW(Pattern{bad}, PatternError) << bad;
    EXPECT_FALSE(pattern_matches(bad, "a"));
  }
}

TEST(ReplicationPatternTest, AlternativesAreBounded) {
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "{a,b}";
  EXPECT_NO_THROW(Pattern{ten});  // 1024
  EXPECT_THROW(Pattern{ten + "{a,b}"}, PatternError);
  EXPECT_THROW(Pattern{std::string(5000, 'a')}, PatternError);
}

TEST(ReplicationPatternTest, CompiledPatternMatchesMany) {
  Pattern p("library/{nginx,redis}*");
  EXPECT_TRUE(p.matches("library/nginx"));
  EXPECT_TRUE(p.matches("library/redis-alpine"));
  EXPECT_FALSE(p.matches("library/mysql"));
  EXPECT_FALSE(p.matches("library/nginx/x"));
}

TEST(ReplicationPatternTest, ManyStarsStayFast) {
  // Backtracking without care is exponential here.
  std::string name(200, 'a');
  EXPECT_FALSE(pattern_matches("*a*a*a*a*a*a*a*a*a*a*b", name));
  std::string deep;
  for (int i = 0; i < 60; ++i) deep += "a/";
  EXPECT_FALSE(pattern_matches("**/**/**/**/**/**/b", deep + "c"));
}
