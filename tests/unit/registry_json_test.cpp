#include "api/registry_json.h"

#include <gtest/gtest.h>

using namespace berth;

TEST(RegistryJson, NeverRendersTheSecret) {
  core::RegistryEndpoint e;
  e.id = 7;
  e.name = "hub";
  e.type = "docker-hub";
  e.url = "https://hub.docker.com";
  e.access_key = "alice";
  e.access_secret = "plain-Secret-1";
  e.creation_time = e.update_time = 1764326400123;
  auto j = api::registry_json(e);
  EXPECT_EQ(j.dump().find("plain-Secret-1"), std::string::npos);
  EXPECT_EQ(j["credential"]["access_secret"], "*****");
  EXPECT_EQ(j["credential"]["access_key"], "alice");
  EXPECT_EQ(j["credential"]["type"], "basic");
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["creation_time"], "2025-11-28T10:40:00.123Z");
  EXPECT_FALSE(j.contains("ca_certificate"));

  e.access_secret.clear();
  e.has_secret = false;
  EXPECT_FALSE(api::registry_json(e)["credential"].contains("access_secret"));
  e.has_secret = true;  // stored but not opened (display reads)
  EXPECT_EQ(api::registry_json(e)["credential"]["access_secret"], "*****");
}

TEST(RegistryJson, InfoPerTypeAndLocal) {
  auto info = api::registry_info_json("docker-registry");
  EXPECT_EQ(info["type"], "docker-registry");
  EXPECT_EQ(info["supported_triggers"], api::json::array({"manual", "scheduled"}));
  ASSERT_EQ(info["supported_resource_filters"].size(), 3u);
  EXPECT_EQ(info["supported_resource_filters"][2]["values"], api::json::array({"image"}));
  EXPECT_FALSE(info.contains("supported_copy_by_chunk"));
  auto harbor = api::registry_info_json("harbor");
  EXPECT_EQ(harbor["supported_resource_filters"][2]["type"], "label");
  EXPECT_EQ(harbor["supported_copy_by_chunk"], true);
  auto local = api::registry_info_json("harbor", true);
  EXPECT_EQ(local["supported_triggers"].back(), "event_based");
}

TEST(RegistryJson, AdapterInfos) {
  auto infos = api::adapter_infos_json();
  EXPECT_EQ(infos.size(), 4u);
  EXPECT_TRUE(infos["docker-registry"].empty());
  EXPECT_EQ(infos["docker-hub"]["endpoint_pattern"]["endpoints"][0]["value"],
            "https://hub.docker.com");
  bool china = false;
  for (const auto& ep : infos["aws-ecr"]["endpoint_pattern"]["endpoints"])
    if (ep["key"] == "cn-northwest-1")
      china = ep["value"] == "https://api.ecr.cn-northwest-1.amazonaws.com.cn";
  EXPECT_TRUE(china);
}
