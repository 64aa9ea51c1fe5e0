// Harbor's ReplicationPolicy body → Policy, and the pure parts of the rendering.
#include "replication/policy_json.h"

#include <gtest/gtest.h>

using namespace berth::replication;
using json = nlohmann::json;

namespace {
std::string error_of(const json& body) {
  try {
    policy_from_json(body);
  } catch (const PolicyInputError& e) {
    return e.what();
  }
  return "<none>";
}
}  // namespace

TEST(ReplicationPolicyJsonTest, HarborsExampleBody) {
  Policy p = policy_from_json(json::parse(R"({
    "name": "push-to-ecr", "description": "d",
    "src_registry": null,
    "dest_registry": {"id": 3, "name": "ignored", "credential": {"type": "basic"}},
    "dest_namespace": "team-a",
    "dest_namespace_replace_count": 1,
    "filters": [
      {"type": "name", "value": "library/**"},
      {"type": "tag", "value": "v*", "decoration": "matches"},
      {"type": "label", "value": ["prod"], "decoration": "excludes"},
      {"type": "resource", "value": "image"}
    ],
    "trigger": {"type": "scheduled", "trigger_settings": {"cron": "0 0 * * * *"}},
    "deletion": true, "override": true, "enabled": true,
    "speed": -1, "copy_by_chunk": true, "single_active_replication": true
  })"));
  EXPECT_EQ(p.name, "push-to-ecr");
  EXPECT_EQ(p.description, "d");
  EXPECT_EQ(p.src_registry_id, 0);
  EXPECT_EQ(p.dest_registry_id, 3);
  EXPECT_TRUE(p.push_mode());
  EXPECT_EQ(p.dest_namespace, "team-a");
  EXPECT_EQ(p.dest_namespace_replace_count, 1);
  ASSERT_EQ(p.filters.size(), 4u);
  EXPECT_EQ(p.filters[0].type, "name");
  EXPECT_EQ(p.filters[0].value, "library/**");
  EXPECT_EQ(p.filters[1].decoration, "matches");
  EXPECT_EQ(p.filters[2].labels, std::vector<std::string>{"prod"});
  EXPECT_EQ(p.filters[2].decoration, "excludes");
  EXPECT_EQ(p.filters[3].value, "image");
  EXPECT_EQ(p.trigger.type, "scheduled");
  EXPECT_EQ(p.trigger.cron, "0 0 * * * *");
  EXPECT_TRUE(p.replicate_deletion);
  EXPECT_TRUE(p.override_existing);
  EXPECT_TRUE(p.enabled);
  EXPECT_EQ(p.speed_kbps, 0);  // negative → unlimited
  EXPECT_TRUE(p.copy_by_chunk);
  EXPECT_TRUE(p.single_active_replication);
}

TEST(ReplicationPolicyJsonTest, DefaultsOfAMinimalBody) {
  Policy p = policy_from_json({{"name", "x"}, {"src_registry", {{"id", 2}}}});
  EXPECT_EQ(p.src_registry_id, 2);
  EXPECT_EQ(p.dest_registry_id, 0);
  EXPECT_EQ(p.dest_namespace_replace_count, -1);  // legacy
  EXPECT_EQ(p.trigger.type, "manual");
  EXPECT_TRUE(p.filters.empty());
  // Harbor's handler: absent booleans are false.
  EXPECT_FALSE(p.replicate_deletion);
  EXPECT_FALSE(p.override_existing);
  EXPECT_FALSE(p.enabled);
  EXPECT_FALSE(p.copy_by_chunk);
  EXPECT_FALSE(p.single_active_replication);
  EXPECT_EQ(p.speed_kbps, 0);
  EXPECT_EQ(policy_from_json({{"dest_registry", {{"id", 0}}}}).dest_registry_id, 0);
  EXPECT_EQ(policy_from_json({{"dest_registry", json::object()}}).dest_registry_id, 0);
  EXPECT_EQ(
      policy_from_json({{"dest_namespace_replace_count", nullptr}}).dest_namespace_replace_count,
      -1);
  EXPECT_EQ(policy_from_json({{"speed", 1024}}).speed_kbps, 1024);
  EXPECT_EQ(policy_from_json({{"trigger", {{"type", "event_based"}}}}).trigger.cron, "");
}

TEST(ReplicationPolicyJsonTest, DeletionAndReplicateDeletion) {
  EXPECT_TRUE(policy_from_json({{"deletion", true}}).replicate_deletion);
  EXPECT_TRUE(policy_from_json({{"replicate_deletion", true}}).replicate_deletion);
  EXPECT_TRUE(
      policy_from_json({{"deletion", nullptr}, {"replicate_deletion", true}}).replicate_deletion);
  // Harbor reads `deletion`; it wins when both are sent.
  EXPECT_FALSE(
      policy_from_json({{"deletion", false}, {"replicate_deletion", true}}).replicate_deletion);
}

TEST(ReplicationPolicyJsonTest, HarborsFilterValueMessages) {
  auto with = [](json f) { return error_of({{"filters", json::array({f})}}); };
  EXPECT_EQ(with({{"type", "name"}, {"value", 1}}), "the type of filter value isn't string");
  EXPECT_EQ(with({{"type", "tag"}}), "the type of filter value isn't string");
  EXPECT_EQ(with({{"type", "resource"}, {"value", json::array({"image"})}}),
            "the type of filter value isn't string");
  EXPECT_EQ(with({{"type", "label"}, {"value", "prod"}}),
            "the type of label filter value isn't string slice");
  EXPECT_EQ(with({{"type", "label"}, {"value", json::array({"a", 2})}}),
            "the type of label filter value isn't string slice");
  EXPECT_EQ(with({{"type", "tag"}, {"value", "x"}, {"decoration", 1}}),
            "field 'filters[0].decoration' must be a string");
  EXPECT_EQ(with({{"type", "tag"}, {"value", "x"}, {"pattern", "y"}}),
            "unknown field 'filters[0].pattern'");
  EXPECT_EQ(with("name"), "field 'filters[0]' must be an object");
  EXPECT_EQ(error_of({{"filters", "x"}}), "field 'filters' must be an array");
  // An unknown type keeps its string value for policy_problem to refuse.
  auto p = policy_from_json({{"filters", json::array({{{"type", "kind"}, {"value", "x"}}})}});
  EXPECT_EQ(p.filters[0].type, "kind");
}

TEST(ReplicationPolicyJsonTest, UnknownFieldsAndTypes) {
  EXPECT_EQ(error_of({{"name", "x"}, {"colour", "red"}}), "unknown field 'colour'");
  EXPECT_EQ(error_of({{"dest_registry", {{"id", 1}, {"token", "x"}}}}),
            "unknown field 'dest_registry.token'");
  EXPECT_EQ(error_of({{"trigger", {{"type", "manual"}, {"cron", "x"}}}}),
            "unknown field 'trigger.cron'");
  EXPECT_EQ(error_of({{"trigger", {{"trigger_settings", {{"kind", "x"}}}}}}),
            "unknown field 'trigger.trigger_settings.kind'");
  EXPECT_EQ(error_of({{"name", 5}}), "field 'name' must be a string");
  EXPECT_EQ(error_of({{"enabled", "yes"}}), "field 'enabled' must be true or false");
  EXPECT_EQ(error_of({{"dest_registry", 3}}), "field 'dest_registry' must be an object");
  EXPECT_EQ(error_of({{"dest_registry", {{"id", "3"}}}}),
            "field 'dest_registry.id' must be an integer");
  EXPECT_EQ(error_of({{"dest_registry", {{"id", -3}}}}),
            "field 'dest_registry.id' is out of range");
  EXPECT_EQ(error_of({{"speed", 1.5}}), "field 'speed' must be an integer");
  EXPECT_EQ(error_of({{"speed", 4294967296LL}}), "field 'speed' is out of range");
  EXPECT_EQ(error_of({{"dest_namespace_replace_count", 300}}),
            "field 'dest_namespace_replace_count' is out of range");
  EXPECT_EQ(error_of(json::array()), "the body must be a JSON object");
  // Read-only fields a client sends back are accepted.
  EXPECT_EQ(error_of({{"id", 4},
                      {"creation_time", "2026-01-01T00:00:00.000Z"},
                      {"update_time", "x"},
                      {"replicate_deletion", false}}),
            "<none>");
}

TEST(ReplicationPolicyJsonTest, RenderedFields) {
  Policy p;
  p.id = 7;
  p.name = "n";
  p.dest_namespace = "ns";
  p.dest_namespace_replace_count = 2;
  p.filters = {{"name", "a/**", {}, ""}, {"label", "", {"x", "y"}, "excludes"}};
  p.trigger = {"scheduled", "0 0 1 * * *"};
  p.replicate_deletion = true;
  p.speed_kbps = 512;
  json j = policy_fields_json(p);
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["replicate_deletion"], true);
  EXPECT_EQ(j["deletion"], true);
  EXPECT_EQ(j["dest_namespace_replace_count"], 2);
  EXPECT_EQ(j["speed"], 512);
  EXPECT_EQ(j["filters"], json::parse(R"([{"type":"name","value":"a/**"},
      {"type":"label","value":["x","y"],"decoration":"excludes"}])"));
  EXPECT_EQ(j["trigger"],
            json::parse(R"({"type":"scheduled","trigger_settings":{"cron":"0 0 1 * * *"}})"));
  EXPECT_FALSE(j.contains("src_registry"));
}

TEST(ReplicationPolicyJsonTest, FiltersRoundTrip) {
  std::vector<Filter> in = {{"name", "a/**", {}, ""},
                            {"tag", "v*", {}, "excludes"},
                            {"label", "", {"p"}, "matches"},
                            {"resource", "artifact", {}, ""}};
  auto out = filters_from_json(filters_json(in));
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].type, in[i].type);
    EXPECT_EQ(out[i].value, in[i].value);
    EXPECT_EQ(out[i].labels, in[i].labels);
    EXPECT_EQ(out[i].decoration, in[i].decoration);
  }
  EXPECT_TRUE(filters_from_json(nullptr).empty());
}
