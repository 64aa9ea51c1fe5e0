#include "db/sqlite_replication_policy_store.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "temp_db.h"

using namespace berth;
using replication::Policy;
using replication::PolicyQuery;

namespace {
Policy sample(const std::string& name, int64_t dest = 3) {
  Policy p;
  p.name = name;
  p.description = "about " + name;
  p.dest_registry_id = dest;
  p.dest_namespace = "team-a";
  p.dest_namespace_replace_count = 1;
  p.filters = {{"name", "library/**", {}, ""},
               {"tag", "v*", {}, "excludes"},
               {"label", "", {"prod", "signed"}, "matches"},
               {"resource", "image", {}, ""}};
  p.trigger = {"scheduled", "0 0 * * * *"};
  p.replicate_deletion = true;
  p.override_existing = false;
  p.enabled = true;
  p.speed_kbps = 2048;
  p.copy_by_chunk = true;
  p.single_active_replication = true;
  p.creator_id = 7;
  return p;
}

std::vector<std::string> names(const std::vector<Policy>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.name);
  return out;
}
}  // namespace

TEST(SqliteReplicationPolicyStoreTest, CreateGetRoundTrip) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  Policy in = sample("p1");
  int64_t id = s.create(in);
  auto out = s.get(id);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->id, id);
  EXPECT_EQ(out->name, "p1");
  EXPECT_EQ(out->description, "about p1");
  EXPECT_EQ(out->src_registry_id, 0);
  EXPECT_EQ(out->dest_registry_id, 3);
  EXPECT_EQ(out->dest_namespace, "team-a");
  EXPECT_EQ(out->dest_namespace_replace_count, 1);
  ASSERT_EQ(out->filters.size(), 4u);
  EXPECT_EQ(out->filters[1].decoration, "excludes");
  EXPECT_EQ(out->filters[2].labels, (std::vector<std::string>{"prod", "signed"}));
  EXPECT_EQ(out->trigger.type, "scheduled");
  EXPECT_EQ(out->trigger.cron, "0 0 * * * *");
  EXPECT_TRUE(out->replicate_deletion);
  EXPECT_FALSE(out->override_existing);
  EXPECT_TRUE(out->enabled);
  EXPECT_EQ(out->speed_kbps, 2048);
  EXPECT_TRUE(out->copy_by_chunk);
  EXPECT_TRUE(out->single_active_replication);
  EXPECT_EQ(out->creator_id, 7);
  EXPECT_GT(out->creation_time, 0);
  EXPECT_EQ(out->update_time, out->creation_time);
  EXPECT_FALSE(s.get(id + 100));
}

TEST(SqliteReplicationPolicyStoreTest, DuplicateNames) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  s.create(sample("same"));
  EXPECT_THROW(s.create(sample("same")), replication::DuplicatePolicyName);
  Policy other = sample("other");
  other.id = s.create(other);
  other.name = "same";
  try {
    s.update(other);
    FAIL() << "no error";
  } catch (const replication::DuplicatePolicyName& e) {
    EXPECT_STREQ(e.what(), "replication policy same already exists");
  }
  EXPECT_EQ(s.get(other.id)->name, "other");
}

TEST(SqliteReplicationPolicyStoreTest, UpdateKeepsCreatorAndCreationTime) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  int64_t id = s.create(sample("p"));
  db.exec("UPDATE replication_policies SET creation_time = 1000, update_time = 1000");
  Policy p = *s.get(id);
  p.name = "renamed";
  p.src_registry_id = 5;
  p.dest_registry_id = 0;
  p.filters = {};
  p.trigger = {"manual", ""};
  p.enabled = false;
  p.creator_id = 99;
  p.creation_time = 5;
  s.update(p);
  Policy got = *s.get(id);
  EXPECT_EQ(got.name, "renamed");
  EXPECT_EQ(got.src_registry_id, 5);
  EXPECT_EQ(got.dest_registry_id, 0);
  EXPECT_TRUE(got.filters.empty());
  EXPECT_EQ(got.trigger.type, "manual");
  EXPECT_FALSE(got.enabled);
  EXPECT_EQ(got.creator_id, 7);
  EXPECT_EQ(got.creation_time, 1000);
  EXPECT_GT(got.update_time, 1000);
}

TEST(SqliteReplicationPolicyStoreTest, ListFiltersSortsAndPages) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  s.create(sample("alpha", 3));
  s.create(sample("beta", 4));
  Policy pull = sample("gamma_x", 0);
  pull.src_registry_id = 3;
  s.create(pull);
  s.create(sample("gamma", 5));
  // Distinct creation times, in creation order.
  db.exec("UPDATE replication_policies SET creation_time = id * 1000");
  int64_t total = 0;
  EXPECT_EQ(names(s.list({}, &total)),
            (std::vector<std::string>{"gamma", "gamma_x", "beta", "alpha"}));
  EXPECT_EQ(total, 4);

  PolicyQuery q;
  q.sort = "name";
  EXPECT_EQ(names(s.list(q, nullptr)),
            (std::vector<std::string>{"alpha", "beta", "gamma", "gamma_x"}));
  q.sort = "-name";
  EXPECT_EQ(names(s.list(q, nullptr)).front(), "gamma_x");
  q.sort = "creation_time";
  EXPECT_EQ(names(s.list(q, nullptr)).front(), "alpha");
  q.sort = "colour";
  EXPECT_THROW(s.list(q, nullptr), std::invalid_argument);

  q = {};
  q.name = "gamma";
  EXPECT_EQ(s.list(q, &total).size(), 2u);
  q.name = "a_";  // LIKE wildcards are literal
  EXPECT_EQ(names(s.list(q, &total)), std::vector<std::string>{"gamma_x"});
  EXPECT_EQ(total, 1);
  q = {};
  q.exact_name = "gamma";
  EXPECT_EQ(names(s.list(q, &total)), std::vector<std::string>{"gamma"});

  q = {};
  q.registry_id = 3;  // either side
  q.sort = "name";
  EXPECT_EQ(names(s.list(q, &total)), (std::vector<std::string>{"alpha", "gamma_x"}));
  q.registry_id = 9;
  EXPECT_TRUE(s.list(q, &total).empty());
  EXPECT_EQ(total, 0);

  q = {};
  q.sort = "name";
  q.limit = 2;
  q.offset = 2;
  EXPECT_EQ(names(s.list(q, &total)), (std::vector<std::string>{"gamma", "gamma_x"}));
  EXPECT_EQ(total, 4);
  q.limit = -1;
  q.offset = 0;
  EXPECT_EQ(s.list(q, nullptr).size(), 4u);
}

TEST(SqliteReplicationPolicyStoreTest, WithTriggerOnlyEnabled) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  s.create(sample("sched"));
  Policy off = sample("sched-off");
  off.enabled = false;
  s.create(off);
  Policy ev = sample("event");
  ev.trigger = {"event_based", ""};
  s.create(ev);
  EXPECT_EQ(names(s.with_trigger("scheduled")), std::vector<std::string>{"sched"});
  EXPECT_EQ(names(s.with_trigger("event_based")), std::vector<std::string>{"event"});
  EXPECT_TRUE(s.with_trigger("manual").empty());
}

TEST(SqliteReplicationPolicyStoreTest, Remove) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  int64_t id = s.create(sample("p"));
  EXPECT_TRUE(s.remove(id));
  EXPECT_FALSE(s.remove(id));
  EXPECT_FALSE(s.get(id));
  s.create(sample("p"));  // the name is free again
}

TEST(SqliteReplicationPolicyStoreTest, UnreadableFiltersReadAsNone) {
  test_support::TempDb db;
  db::SqliteReplicationPolicyStore s(db.pool);
  int64_t id = s.create(sample("p"));
  db.exec("UPDATE replication_policies SET filters = 'not json'");
  EXPECT_TRUE(s.get(id)->filters.empty());
}
