#include "db/sqlite_replication_policy_store.h"

#include "base/clock.h"
#include "db/like_pattern.h"
#include "db/sort_clause.h"
#include "db/sqlite.h"
#include "replication/policy_json.h"

namespace berth::db {

using replication::Policy;

namespace {

constexpr const char* kPolicySelect =
    "SELECT id, name, description, src_registry_id, dest_registry_id, dest_namespace, "
    "dest_namespace_replace_count, filters, trigger_type, trigger_cron, replicate_deletion, "
    "override, enabled, speed_kbps, copy_by_chunk, single_active, creator_id, creation_time, "
    "update_time, dest_tag_immutability, dest_scan_on_push FROM replication_policies ";

Policy read_policy(Statement& st) {
  Policy p;
  p.id = st.int64(0);
  p.name = st.text(1);
  p.description = st.text(2);
  p.src_registry_id = st.int64(3);
  p.dest_registry_id = st.int64(4);
  p.dest_namespace = st.text(5);
  p.dest_namespace_replace_count = int(st.int64(6));
  // Written by this store from validated filters; a row edited by hand that no longer parses
  // reads as no filters rather than failing every listing.
  auto filters = nlohmann::json::parse(st.text(7), nullptr, false);
  try {
    p.filters = replication::filters_from_json(filters);
  } catch (const replication::PolicyInputError&) {
    p.filters.clear();
  }
  p.trigger.type = st.text(8);
  p.trigger.cron = st.text(9);
  p.replicate_deletion = st.int64(10) != 0;
  p.override_existing = st.int64(11) != 0;
  p.enabled = st.int64(12) != 0;
  p.speed_kbps = st.int64(13);
  p.copy_by_chunk = st.int64(14) != 0;
  p.single_active_replication = st.int64(15) != 0;
  p.creator_id = st.int64(16);
  p.creation_time = st.int64(17);
  p.update_time = st.int64(18);
  p.dest_settings.tag_immutability = st.int64(19) != 0;
  p.dest_settings.scan_on_push = st.int64(20) != 0;
  return p;
}

// Columns 1-15 of an insert or update, in the order both statements list them (the two
// repository settings follow at 16 and 17).
void bind_fields(Statement& st, const Policy& p) {
  st.bind(1, p.name).bind(2, p.description).bind(3, p.src_registry_id);
  st.bind(4, p.dest_registry_id).bind(5, p.dest_namespace);
  st.bind(6, int64_t(p.dest_namespace_replace_count));
  st.bind(7, replication::filters_json(p.filters).dump());
  st.bind(8, p.trigger.type).bind(9, p.trigger.cron);
  st.bind(10, int64_t(p.replicate_deletion)).bind(11, int64_t(p.override_existing));
  st.bind(12, int64_t(p.enabled)).bind(13, p.speed_kbps).bind(14, int64_t(p.copy_by_chunk));
  st.bind(15, int64_t(p.single_active_replication));
  st.bind(16, int64_t(p.dest_settings.tag_immutability));
  st.bind(17, int64_t(p.dest_settings.scan_on_push));
}

[[noreturn]] void duplicate(const Policy& p) {
  throw replication::DuplicatePolicyName("replication policy " + p.name + " already exists");
}

}  // namespace

std::optional<Policy> SqliteReplicationPolicyStore::get(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kPolicySelect) + "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_policy(st);
}

std::vector<Policy> SqliteReplicationPolicyStore::list(const replication::PolicyQuery& q,
                                                       int64_t* total) {
  std::string where = "WHERE 1";
  std::vector<Bind> binds;
  if (q.name) {
    where += " AND name LIKE ? ESCAPE '\\'";
    binds.emplace_back(like_substring(*q.name));
  }
  if (q.exact_name) {
    where += " AND name = ?";
    binds.emplace_back(*q.exact_name);
  }
  if (q.registry_id) {
    where += " AND (src_registry_id = ? OR dest_registry_id = ?)";
    binds.emplace_back(*q.registry_id);
    binds.emplace_back(*q.registry_id);
  }
  static const std::map<std::string, std::string> kSortable = {{"id", "id"},
                                                               {"name", "name"},
                                                               {"creation_time", "creation_time"},
                                                               {"update_time", "update_time"}};
  std::string order =
      " ORDER BY " + sort_clause(q.sort, kSortable, "creation_time DESC, id DESC", "id DESC");
  auto c = db_.acquire();
  if (total) {
    auto st = c->prepare("SELECT COUNT(*) FROM replication_policies " + where);
    bind_all(st, binds);
    *total = st.step() ? st.int64(0) : 0;
  }
  auto st = c->prepare(std::string(kPolicySelect) + where + order + " LIMIT ? OFFSET ?");
  binds.emplace_back(q.limit);  // SQLite: a negative limit is no limit
  binds.emplace_back(q.offset);
  bind_all(st, binds);
  std::vector<Policy> out;
  while (st.step()) out.push_back(read_policy(st));
  return out;
}

std::vector<Policy> SqliteReplicationPolicyStore::with_trigger(const std::string& trigger_type) {
  auto c = db_.acquire();
  auto st =
      c->prepare(std::string(kPolicySelect) + "WHERE enabled = 1 AND trigger_type = ? ORDER BY id");
  st.bind(1, trigger_type);
  std::vector<Policy> out;
  while (st.step()) out.push_back(read_policy(st));
  return out;
}

int64_t SqliteReplicationPolicyStore::create(const Policy& p) {
  int64_t now = base::now_millis();
  auto c = db_.acquire();
  try {
    auto st = c->prepare(
        "INSERT INTO replication_policies(name, description, src_registry_id, dest_registry_id, "
        "dest_namespace, dest_namespace_replace_count, filters, trigger_type, trigger_cron, "
        "replicate_deletion, override, enabled, speed_kbps, copy_by_chunk, single_active, "
        "dest_tag_immutability, dest_scan_on_push, creator_id, creation_time, update_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_fields(st, p);
    st.bind(18, p.creator_id).bind(19, now).bind(20, now).run();
  } catch (const ConstraintError&) {
    duplicate(p);
  }
  return c->last_insert_id();
}

void SqliteReplicationPolicyStore::update(const Policy& p) {
  auto c = db_.acquire();
  try {
    auto st = c->prepare(
        "UPDATE replication_policies SET name = ?, description = ?, src_registry_id = ?, "
        "dest_registry_id = ?, dest_namespace = ?, dest_namespace_replace_count = ?, "
        "filters = ?, trigger_type = ?, trigger_cron = ?, replicate_deletion = ?, override = ?, "
        "enabled = ?, speed_kbps = ?, copy_by_chunk = ?, single_active = ?, "
        "dest_tag_immutability = ?, dest_scan_on_push = ?, update_time = ? WHERE id = ?");
    bind_fields(st, p);
    st.bind(18, base::now_millis()).bind(19, p.id).run();
  } catch (const ConstraintError&) {
    duplicate(p);
  }
}

bool SqliteReplicationPolicyStore::remove(int64_t id) {
  auto c = db_.acquire();
  c->prepare("DELETE FROM replication_policies WHERE id = ?").bind(1, id).run();
  return c->changes() > 0;
}

}  // namespace berth::db
