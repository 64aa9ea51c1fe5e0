// Harbor's policy rules: validation messages, destination names (replaceNamespace) and filters.
#include "replication/policy_rules.h"

#include <gtest/gtest.h>

#include "replication/errors.h"

using namespace berth::replication;

namespace {
Policy valid() {
  Policy p;
  p.name = "push-to-ecr";
  p.dest_registry_id = 3;
  return p;
}

Filter filter(std::string type, std::string value, std::string decoration = "") {
  Filter f;
  f.type = std::move(type);
  f.value = std::move(value);
  f.decoration = std::move(decoration);
  return f;
}

Filter labels(std::vector<std::string> names, std::string decoration = "") {
  Filter f;
  f.type = "label";
  f.labels = std::move(names);
  f.decoration = std::move(decoration);
  return f;
}

std::string problem(const Policy& p) {
  return policy_problem(p).value_or("<valid>");
}

Policy with_ns(std::string ns, int count) {
  Policy p = valid();
  p.dest_namespace = std::move(ns);
  p.dest_namespace_replace_count = count;
  return p;
}
}  // namespace

TEST(ReplicationPolicyRulesTest, ValidPolicies) {
  EXPECT_EQ(problem(valid()), "<valid>");
  Policy pull = valid();
  pull.dest_registry_id = 0;
  pull.src_registry_id = 2;
  EXPECT_EQ(problem(pull), "<valid>");
  Policy full = valid();
  full.filters = {filter("name", "library/**"), filter("tag", "v*", "matches"),
                  labels({"prod"}, "excludes"), filter("resource", "artifact"),
                  filter("tag", "", "excludes")};
  full.dest_namespace = "team-a/sub";
  full.dest_namespace_replace_count = 3;
  full.trigger = {"scheduled", "0 0 * * * *"};
  full.single_active_replication = true;
  EXPECT_EQ(problem(full), "<valid>");
  full.trigger = {"event_based", ""};
  full.single_active_replication = false;
  EXPECT_EQ(problem(full), "<valid>");
}

TEST(ReplicationPolicyRulesTest, NameAndRegistries) {
  Policy p = valid();
  p.name = "";
  EXPECT_EQ(problem(p), "empty name");
  p.name = std::string(257, 'a');
  EXPECT_EQ(problem(p), "the name is longer than 256 characters");
  p.name = "x";
  p.description = std::string(1025, 'd');
  EXPECT_EQ(problem(p), "the description is longer than 1024 characters");
  const std::string both =
      "either src_registry or dest_registry should be empty and the other one shouldn't be "
      "empty";
  p = valid();
  p.src_registry_id = 1;
  EXPECT_EQ(problem(p), both);
  p.src_registry_id = 0;
  p.dest_registry_id = 0;
  EXPECT_EQ(problem(p), both);
}

TEST(ReplicationPolicyRulesTest, Filters) {
  auto with = [](Filter f) {
    Policy p = valid();
    p.filters = {std::move(f)};
    return problem(p);
  };
  EXPECT_EQ(with(filter("repository", "x")), "invalid filter type");
  EXPECT_EQ(with(filter("", "x")), "invalid filter type");
  EXPECT_EQ(with(filter("resource", "chart")), "invalid resource filter: chart");
  EXPECT_EQ(with(filter("resource", "image", "matches")),
            "only tag and label filter support decoration");
  EXPECT_EQ(with(filter("name", "a/**", "excludes")),
            "only tag and label filter support decoration");
  EXPECT_EQ(with(filter("tag", "v*", "includes")), "invalid filter decoration, :includes");
  EXPECT_EQ(with(labels({"a"}, "nope")), "invalid filter decoration, :nope");
  EXPECT_EQ(with(filter("name", "library/{a,b")),
            "invalid name filter 'library/{a,b': the pattern has a '{' without its '}'");
  EXPECT_EQ(with(filter("tag", "v[0-")),
            "invalid tag filter 'v[0-': the pattern has a '[' without its ']'");
  EXPECT_EQ(with(labels({}, "excludes")), "<valid>");
}

TEST(ReplicationPolicyRulesTest, DestinationNamespaceAndCount) {
  EXPECT_EQ(problem(with_ns("team-a", 0)), "<valid>");
  EXPECT_EQ(problem(with_ns("Team", 0)), "invalid destination namespace: Team");
  EXPECT_EQ(problem(with_ns("a/", 0)), "invalid destination namespace: a/");
  EXPECT_EQ(problem(with_ns("a/*", 0)), "invalid destination namespace: a/*");
  EXPECT_EQ(problem(with_ns("", 4)), "invalid dest_namespace_replace_count: 4 (-1, 0, 1, 2 or 3)");
  EXPECT_EQ(problem(with_ns("x", -2)),
            "invalid dest_namespace_replace_count: -2 (-1, 0, 1, 2 or 3)");
  for (int n = -1; n <= 3; ++n) EXPECT_EQ(problem(with_ns("x", n)), "<valid>") << n;
}

TEST(ReplicationPolicyRulesTest, Triggers) {
  auto with = [](std::string type, std::string cron, bool single = false) {
    Policy p = valid();
    p.trigger = {std::move(type), std::move(cron)};
    p.single_active_replication = single;
    return problem(p);
  };
  EXPECT_EQ(with("manual", ""), "<valid>");
  EXPECT_EQ(with("manual", "", true), "<valid>");
  EXPECT_EQ(with("hourly", ""), "invalid trigger type");
  EXPECT_EQ(with("", ""), "invalid trigger type");
  EXPECT_EQ(with("scheduled", ""),
            "the cron string cannot be empty when the trigger type is scheduled");
  EXPECT_EQ(with("scheduled", "0 0 * * *")
                .rfind("invalid cron string for scheduled trigger: 0 0 * * * (", 0),
            0u);
  EXPECT_EQ(with("scheduled", "0 0 25 * * *")
                .rfind("invalid cron string for scheduled trigger: 0 0 25 * * *", 0),
            0u);
  EXPECT_EQ(with("scheduled", "5 0 * * * *"),
            "the 1st field (indicating Seconds of time) of the cron setting must be 0");
  EXPECT_EQ(with("scheduled", "0 * * * * *"),
            "* is not allowed for the Minutes field of the cron setting of replication policy");
  EXPECT_EQ(with("scheduled", "0 */5 * * * *"), "<valid>");
  EXPECT_EQ(with("event_based", "", true),
            "single active replication is not allowed for event_based triggers");
}

// Harbor's replaceNamespace examples (stage.go), every level.
TEST(ReplicationPolicyRulesTest, DestinationRepositoryFlattening) {
  const std::string src = "a/b/c/image";
  EXPECT_EQ(destination_repository(with_ns("n", -1), src), "n/image");
  EXPECT_EQ(destination_repository(with_ns("n", 0), src), "n/a/b/c/image");
  EXPECT_EQ(destination_repository(with_ns("n", 1), src), "n/b/c/image");
  EXPECT_EQ(destination_repository(with_ns("n", 2), src), "n/c/image");
  EXPECT_EQ(destination_repository(with_ns("n", 3), src), "n/image");
  try {
    destination_repository(with_ns("n", 4), src);
    FAIL() << "no error";
  } catch (const ReplicationError& e) {
    EXPECT_STREQ(e.what(),
                 "the source repository \"a/b/c/image\" contains only 3 path components [a b c] "
                 "excepting the last one, but the destination namespace flattening level is 4");
    EXPECT_FALSE(e.transient);
  }
}

TEST(ReplicationPolicyRulesTest, DestinationRepositoryShortSources) {
  EXPECT_EQ(destination_repository(with_ns("mirror", -1), "nginx"), "mirror/nginx");
  EXPECT_EQ(destination_repository(with_ns("mirror", 0), "nginx"), "mirror/nginx");
  EXPECT_THROW(destination_repository(with_ns("mirror", 1), "nginx"), ReplicationError);
  EXPECT_EQ(destination_repository(with_ns("mirror", 0), "library/nginx"), "mirror/library/nginx");
  EXPECT_EQ(destination_repository(with_ns("mirror", 1), "library/nginx"), "mirror/nginx");
  EXPECT_EQ(destination_repository(with_ns("org/team", 1), "library/nginx"), "org/team/nginx");
  EXPECT_EQ(destination_repository(with_ns("org/team", 0), "a/b/nginx"), "org/team/a/b/nginx");
}

TEST(ReplicationPolicyRulesTest, EmptyNamespaceKeepsTheName) {
  for (int n = -1; n <= 3; ++n) {
    EXPECT_EQ(destination_repository(with_ns("", n), "a/b/c/image"), "a/b/c/image");
    EXPECT_EQ(destination_repository(with_ns("", n), "nginx", PathRule::kAtLeastTwo), "nginx");
  }
}

TEST(ReplicationPolicyRulesTest, DestinationPathRules) {
  EXPECT_EQ(path_rule_of("docker-hub"), PathRule::kExactlyTwo);
  EXPECT_EQ(path_rule_of("harbor"), PathRule::kAtLeastTwo);
  EXPECT_EQ(path_rule_of("aws-ecr"), PathRule::kAny);
  EXPECT_EQ(path_rule_of("docker-registry"), PathRule::kAny);
  EXPECT_THROW(destination_repository(with_ns("n", 2), "a/b/c/image", PathRule::kExactlyTwo),
               ReplicationError);
  EXPECT_EQ(destination_repository(with_ns("n", 3), "a/b/c/image", PathRule::kExactlyTwo),
            "n/image");
  EXPECT_EQ(destination_repository(with_ns("n", 2), "a/b/c/image", PathRule::kAny), "n/c/image");
}

TEST(ReplicationPolicyRulesTest, DestinationPathRuleMessages) {
  try {
    destination_repository(with_ns("n", 0), "a/image", PathRule::kExactlyTwo);
    FAIL() << "no error";
  } catch (const ReplicationError& e) {
    EXPECT_STREQ(e.what(),
                 "the destination repository \"n/a/image\" contains 3 path components "
                 "[n a image], but the destination registry only supports 2");
  }
  EXPECT_EQ(destination_repository(with_ns("n", -1), "a/b/image", PathRule::kExactlyTwo),
            "n/image");
  EXPECT_EQ(destination_repository(with_ns("n", 0), "a/image", PathRule::kAtLeastTwo), "n/a/image");
}

TEST(ReplicationPolicyRulesTest, NameFilters) {
  Policy p = valid();
  EXPECT_TRUE(matches_name(p, "anything/at/all"));  // no filter
  p.filters = {filter("name", "")};
  EXPECT_TRUE(matches_name(p, "x"));  // empty pattern: everything
  p.filters = {filter("name", "library/**")};
  EXPECT_TRUE(matches_name(p, "library/nginx"));
  EXPECT_FALSE(matches_name(p, "team/nginx"));
  p.filters.push_back(filter("name", "**/nginx"));  // both apply
  EXPECT_TRUE(matches_name(p, "library/a/nginx"));
  EXPECT_FALSE(matches_name(p, "library/redis"));
  p.filters = {filter("name", "{a,b")};
  EXPECT_FALSE(matches_name(p, "a"));
  EXPECT_THROW(PolicyFilters{p}, PatternError);
  p.filters = {filter("name", "library/**"), filter("name", "")};
  EXPECT_EQ(PolicyFilters(p).name_patterns(), std::vector<std::string>{"library/**"});
}

TEST(ReplicationPolicyRulesTest, TagFilters) {
  Policy p = valid();
  EXPECT_TRUE(matches_tag(p, "latest"));
  EXPECT_TRUE(matches_tag(p, ""));  // untagged
  p.filters = {filter("tag", "v*")};
  EXPECT_TRUE(matches_tag(p, "v1.2"));
  EXPECT_FALSE(matches_tag(p, "latest"));
  EXPECT_FALSE(matches_tag(p, ""));
  p.filters = {filter("tag", "v*", "matches")};
  EXPECT_TRUE(matches_tag(p, "v1.2"));
  p.filters = {filter("tag", "*-rc*", "excludes")};
  EXPECT_TRUE(matches_tag(p, "1.0"));
  EXPECT_FALSE(matches_tag(p, "1.0-rc1"));
  EXPECT_TRUE(matches_tag(p, ""));  // untagged: "" does not match, so it is kept
  p.filters = {filter("tag", "*", "excludes")};
  EXPECT_FALSE(matches_tag(p, ""));  // "*" matches "", so untagged is excluded
  p.filters = {filter("tag", "", "excludes")};
  EXPECT_TRUE(matches_tag(p, "x"));  // an empty pattern keeps everything, even with excludes
  p.filters = {filter("tag", "v*"), filter("tag", "*-rc*", "excludes")};
  EXPECT_TRUE(matches_tag(p, "v2"));
  EXPECT_FALSE(matches_tag(p, "v2-rc1"));
  EXPECT_FALSE(matches_tag(p, "2"));
  p.filters = {filter("tag", "{latest,stable}")};
  EXPECT_TRUE(matches_tag(p, "stable"));
}

TEST(ReplicationPolicyRulesTest, LabelFilters) {
  Policy p = valid();
  EXPECT_TRUE(matches_labels(p, {}));
  p.filters = {labels({"prod", "signed"})};
  EXPECT_TRUE(matches_labels(p, {"signed", "prod", "x"}));
  EXPECT_FALSE(matches_labels(p, {"prod"}));
  EXPECT_FALSE(matches_labels(p, {}));
  p.filters = {labels({"prod", "signed"}, "excludes")};
  EXPECT_FALSE(matches_labels(p, {"signed", "prod"}));
  EXPECT_TRUE(matches_labels(p, {"prod"}));  // lacks one of them
  EXPECT_TRUE(matches_labels(p, {}));
  p.filters = {labels({})};
  EXPECT_TRUE(matches_labels(p, {}));
  p.filters = {labels({"a"}), labels({"b"}, "excludes")};
  EXPECT_TRUE(matches_labels(p, {"a"}));
  EXPECT_FALSE(matches_labels(p, {"a", "b"}));
}

TEST(ReplicationPolicyRulesTest, ResourceType) {
  Policy p = valid();
  EXPECT_EQ(resource_type(p), "image");
  p.filters = {filter("name", "x"), filter("resource", "artifact")};
  EXPECT_EQ(resource_type(p), "artifact");
  p.filters = {filter("resource", "image")};
  EXPECT_EQ(resource_type(p), "image");
}
