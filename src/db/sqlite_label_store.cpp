#include "db/sqlite_label_store.h"

#include <map>

#include "base/clock.h"
#include "db/like_pattern.h"
#include "db/sort_clause.h"
#include "db/sqlite.h"

namespace berth::db {

using core::Label;

namespace {

constexpr const char* kLabelColumns =
    "SELECT id, name, description, color, scope, project_id, creation_time, update_time "
    "FROM labels ";

Label read_label(Statement& st) {
  Label l;
  l.id = st.int64(0);
  l.name = st.text(1);
  l.description = st.text(2);
  l.color = st.text(3);
  l.scope = st.text(4);
  l.project_id = st.int64(5);
  l.creation_time = st.int64(6);
  l.update_time = st.int64(7);
  return l;
}

// Harbor's sort parameter ("name,-creation_time") over these columns only.
std::string label_order_by(const std::string& sort) {
  static const std::map<std::string, std::string> kSortable = {{"id", "id"},
                                                               {"name", "name"},
                                                               {"creation_time", "creation_time"},
                                                               {"update_time", "update_time"}};
  return " ORDER BY " + sort_clause(sort, kSortable, "id ASC", "id ASC");
}

[[noreturn]] void duplicate(const std::string& name) {
  throw core::DuplicateLabelName("label " + name + " already exists");
}

bool exists(Connection& c, const char* table, int64_t id) {
  auto st = c.prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = ?");
  st.bind(1, id);
  return st.step();
}
}  // namespace

std::optional<Label> SqliteLabelStore::get(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kLabelColumns) + "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_label(st);
}

std::vector<Label> SqliteLabelStore::list(const core::LabelQuery& q, int64_t* total) {
  std::string where = "WHERE scope = ? AND project_id = ?";
  std::vector<Bind> binds{q.scope, q.scope == core::kGlobalLabelScope ? 0 : q.project_id};
  if (q.name) {
    where += " AND name LIKE ? ESCAPE '\\'";
    binds.emplace_back(like_substring(*q.name));
  }
  if (q.exact_name) {
    where += " AND name = ?";
    binds.emplace_back(*q.exact_name);
  }
  std::string order = label_order_by(q.sort);
  auto c = db_.acquire();
  if (total) {
    auto st = c->prepare("SELECT COUNT(*) FROM labels " + where);
    bind_all(st, binds);
    *total = st.step() ? st.int64(0) : 0;
  }
  auto st = c->prepare(std::string(kLabelColumns) + where + order + " LIMIT ? OFFSET ?");
  binds.emplace_back(q.limit);
  binds.emplace_back(q.offset);
  bind_all(st, binds);
  std::vector<Label> out;
  while (st.step()) out.push_back(read_label(st));
  return out;
}

int64_t SqliteLabelStore::create(const Label& l) {
  int64_t now = base::now_millis();
  int64_t project_id = l.scope == core::kGlobalLabelScope ? 0 : l.project_id;
  auto c = db_.acquire();
  try {
    c->prepare(
         "INSERT INTO labels(name, description, color, scope, project_id, creation_time, "
         "update_time) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, l.name)
        .bind(2, l.description)
        .bind(3, l.color)
        .bind(4, l.scope)
        .bind(5, project_id)
        .bind(6, now)
        .bind(7, now)
        .run();
  } catch (const ConstraintError&) {
    duplicate(l.name);
  }
  return c->last_insert_id();
}

bool SqliteLabelStore::update(const Label& l) {
  auto c = db_.acquire();
  try {
    c->prepare(
         "UPDATE labels SET name = ?, description = ?, color = ?, update_time = ? WHERE id = ?")
        .bind(1, l.name)
        .bind(2, l.description)
        .bind(3, l.color)
        .bind(4, base::now_millis())
        .bind(5, l.id)
        .run();
  } catch (const ConstraintError&) {
    duplicate(l.name);
  }
  return c->changes() > 0;
}

bool SqliteLabelStore::remove(int64_t id) {
  auto c = db_.acquire();
  // artifact_labels rows go with it (ON DELETE CASCADE).
  c->prepare("DELETE FROM labels WHERE id = ?").bind(1, id).run();
  return c->changes() > 0;
}

core::AttachResult SqliteLabelStore::attach(int64_t artifact_id, int64_t label_id) {
  auto c = db_.acquire();
  Transaction tx(*c);
  if (!exists(*c, "labels", label_id) || !exists(*c, "manifests", artifact_id))
    return core::AttachResult::kMissing;
  c->prepare(
       "INSERT OR IGNORE INTO artifact_labels(manifest_id, label_id, creation_time) "
       "VALUES (?, ?, ?)")
      .bind(1, artifact_id)
      .bind(2, label_id)
      .bind(3, base::now_millis())
      .run();
  bool added = c->changes() > 0;
  tx.commit();
  return added ? core::AttachResult::kAttached : core::AttachResult::kAlreadyAttached;
}

bool SqliteLabelStore::detach(int64_t artifact_id, int64_t label_id) {
  auto c = db_.acquire();
  c->prepare("DELETE FROM artifact_labels WHERE manifest_id = ? AND label_id = ?")
      .bind(1, artifact_id)
      .bind(2, label_id)
      .run();
  return c->changes() > 0;
}

std::vector<Label> SqliteLabelStore::labels_of_artifact(int64_t artifact_id) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT l.id, l.name, l.description, l.color, l.scope, l.project_id, l.creation_time, "
      "l.update_time FROM artifact_labels al JOIN labels l ON l.id = al.label_id "
      "WHERE al.manifest_id = ? ORDER BY al.creation_time, al.rowid");
  st.bind(1, artifact_id);
  std::vector<Label> out;
  while (st.step()) out.push_back(read_label(st));
  return out;
}

std::vector<std::string> SqliteLabelStore::label_names_of(const std::string& repo,
                                                          const std::string& digest) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT l.name FROM repositories r JOIN manifests m ON m.repository_id = r.id "
      "JOIN artifact_labels al ON al.manifest_id = m.id JOIN labels l ON l.id = al.label_id "
      "WHERE r.name = ? AND m.digest = ? ORDER BY l.name");
  st.bind(1, repo).bind(2, digest);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

}  // namespace berth::db
