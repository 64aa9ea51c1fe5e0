#include "core/label_rules.h"

#include <gtest/gtest.h>

using namespace berth::core;

TEST(LabelRules, Names) {
  EXPECT_FALSE(label_name_problem("prod"));
  EXPECT_FALSE(label_name_problem("release 1.0 / EU"));
  EXPECT_EQ(label_name_problem("").value_or(""), "label name cannot be empty");
  EXPECT_FALSE(label_name_problem(std::string(128, 'a')));
  EXPECT_EQ(label_name_problem(std::string(129, 'a')).value_or(""),
            "the max length of label name is 128");
  EXPECT_TRUE(label_name_problem("a\tb"));
}

TEST(LabelRules, ScopeAndProject) {
  EXPECT_FALSE(label_scope_problem("g", 0));
  EXPECT_FALSE(label_scope_problem("g", 5));  // ignored: set to 0 on create
  EXPECT_FALSE(label_scope_problem("p", 5));
  EXPECT_EQ(label_scope_problem("p", 0).value_or(""),
            "invalid project_id: 0 (a project label needs the id of its project)");
  EXPECT_TRUE(label_scope_problem("p", -1));
  EXPECT_EQ(label_scope_problem("x", 1).value_or(""),
            "invalid scope: x (g for a global label, p for a project label)");
  EXPECT_TRUE(label_scope_problem("", 0));
  EXPECT_TRUE(label_scope_problem("G", 0));
}

TEST(LabelRules, Colors) {
  for (const char* ok : {"", "#fff", "#FFFF", "#61717D", "#61717d80"})
    EXPECT_FALSE(label_color_problem(ok)) << ok;
  for (const char* bad : {"red", "#", "#12", "#12345", "61717D", "#61717G", "#61717D8"})
    EXPECT_TRUE(label_color_problem(bad)) << bad;
  EXPECT_EQ(label_color_problem("red").value_or(""),
            "invalid color: red (a hex color such as #61717D)");
}

TEST(LabelRules, WholeLabel) {
  Label l;
  l.name = "prod";
  l.scope = "g";
  EXPECT_FALSE(label_problem(l));
  l.description = std::string(1025, 'd');
  EXPECT_EQ(label_problem(l).value_or(""), "description is longer than 1024 characters");
  l.description.clear();
  l.color = "blue";
  EXPECT_TRUE(label_problem(l));
  l.color.clear();
  l.name.clear();
  EXPECT_EQ(label_problem(l).value_or(""), "label name cannot be empty");
}
