#include "auth/user_rules.h"

#include <gtest/gtest.h>

using namespace berth::auth;

TEST(UserRules, Username) {
  EXPECT_EQ(username_problem("alice"), "");
  EXPECT_EQ(username_problem("alice.smith-2_x@corp"), "");
  EXPECT_EQ(username_problem(std::string(255, 'a')), "");
  EXPECT_NE(username_problem(""), "");
  EXPECT_NE(username_problem(std::string(256, 'a')), "");
  for (const char* bad : {"a,b", "a\"b", "a~b", "a#b", "a%b", "a$b", "robot$x", "a:b", "a\nb"})
    EXPECT_NE(username_problem(bad), "") << bad;
}

TEST(UserRules, Email) {
  EXPECT_EQ(email_problem(""), "");
  EXPECT_EQ(email_problem("a@b.io"), "");
  EXPECT_EQ(email_problem("first.last+tag@sub.example.com"), "");
  for (const char* bad : {"a", "a@b", "@b.io", "a@@b.io", "a b@c.io", "a@.io", "a@b.", "a@b.c<"})
    EXPECT_NE(email_problem(bad), "") << bad;
}

TEST(UserRules, RealnameAndComment) {
  EXPECT_EQ(realname_problem(""), "");
  EXPECT_EQ(realname_problem("Alice Smith"), "");
  EXPECT_NE(realname_problem("Alice, Smith"), "");
  EXPECT_NE(realname_problem(std::string(256, 'a')), "");
  EXPECT_EQ(comment_problem(std::string(30, 'c')), "");
  EXPECT_NE(comment_problem(std::string(31, 'c')), "");
}
