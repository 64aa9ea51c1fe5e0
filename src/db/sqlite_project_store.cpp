// SqliteProjectStore: projects, their metadata and summaries (members: sqlite_project_members.cpp).
#include "db/sqlite_project_store.h"

#include <nlohmann/json.hpp>

#include <variant>

#include "base/clock.h"
#include "db/like_pattern.h"
#include "db/sqlite.h"

namespace berth::db {

using core::Project;

namespace {
using json = nlohmann::json;

constexpr const char* kProjectSelect =
    "SELECT p.id, p.name, p.owner_id, COALESCE(u.username, ''), p.registry_id, p.metadata, "
    "p.cve_allowlist, p.storage_limit, p.creation_time, p.update_time FROM projects p "
    "LEFT JOIN users u ON u.id = p.owner_id ";

// Harbor's ProjectMetadata holds strings ({"public":"true"}); a JSON boolean written by an
// older tool or by hand reads as its string spelling.
core::ProjectMetadata parse_metadata(const std::string& text) {
  core::ProjectMetadata m;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return m;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string())
      m[k] = v.get<std::string>();
    else if (v.is_boolean())
      m[k] = v.get<bool>() ? "true" : "false";
  }
  return m;
}

std::string metadata_json(const core::ProjectMetadata& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j.dump();
}

Project read_project(Statement& st) {
  Project p;
  p.id = st.int64(0);
  p.name = st.text(1);
  p.owner_id = st.int64(2);
  p.owner_name = st.text(3);
  if (!st.is_null(4)) p.registry_id = st.int64(4);
  p.metadata = parse_metadata(st.text(5));
  p.cve_allowlist = st.text(6);
  p.storage_limit = st.int64(7);
  p.creation_time = st.int64(8);
  p.update_time = st.int64(9);
  return p;
}

// "p/" .. "p0": every repository name below the project, using the name index ('0' follows '/').
std::pair<std::string, std::string> repo_range(const std::string& project) {
  return {project + "/", project + "0"};
}

std::string visibility_clause(const core::Viewer& who, std::vector<Bind>& binds) {
  if (who.sysadmin) return "1";
  std::string pub = "json_extract(p.metadata, '$.public') = 'true'";
  if (!who.user_id) return pub;
  binds.emplace_back(who.user_id);
  return "(" + pub +
         " OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND "
         "m.entity_type = 'u' AND m.entity_id = ?))";
}

std::string filter_clause(const core::ProjectFilter& f, std::vector<Bind>& binds) {
  std::string where;
  if (f.name) {
    where += " AND p.name LIKE ? ESCAPE '\\'";
    binds.emplace_back(like_substring(*f.name));
  }
  if (f.exact_name) {
    where += " AND p.name = ?";
    binds.emplace_back(*f.exact_name);
  }
  if (f.is_public) {
    where += *f.is_public ? " AND json_extract(p.metadata, '$.public') = 'true'"
                          : " AND COALESCE(json_extract(p.metadata, '$.public'), '') <> 'true'";
  }
  if (f.owner) {
    where += " AND u.username = ?";
    binds.emplace_back(*f.owner);
  }
  return where;
}
}  // namespace

std::optional<Project> SqliteProjectStore::find_where(const char* where, int64_t id,
                                                      const std::string& name) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kProjectSelect) + where);
  if (id)
    st.bind(1, id);
  else
    st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return read_project(st);
}

std::optional<Project> SqliteProjectStore::find(int64_t id) {
  if (id <= 0) return std::nullopt;
  return find_where("WHERE p.id = ?", id, "");
}

std::optional<Project> SqliteProjectStore::find_by_name(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return find_where("WHERE p.name = ?", 0, name);
}

std::pair<std::vector<Project>, int64_t> SqliteProjectStore::list(const core::Viewer& who,
                                                                  const core::ProjectFilter& f) {
  std::vector<Bind> binds;
  std::string where = "WHERE " + visibility_clause(who, binds);
  where += filter_clause(f, binds);
  auto c = db_.acquire();
  int64_t total = 0;
  {
    auto st = c->prepare("SELECT COUNT(*) FROM projects p LEFT JOIN users u ON u.id = p.owner_id " +
                         where);
    bind_all(st, binds);
    if (st.step()) total = st.int64(0);
  }
  std::vector<Project> out;
  auto st = c->prepare(std::string(kProjectSelect) + where + " ORDER BY p.name LIMIT ? OFFSET ?");
  binds.emplace_back(f.limit);
  binds.emplace_back(f.offset);
  bind_all(st, binds);
  while (st.step()) out.push_back(read_project(st));
  return {std::move(out), total};
}

std::vector<Project> SqliteProjectStore::all() {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kProjectSelect) + "ORDER BY p.id");
  std::vector<Project> out;
  while (st.step()) out.push_back(read_project(st));
  return out;
}

int64_t SqliteProjectStore::create(const core::NewProject& p) {
  auto c = db_.acquire();
  int64_t now = base::now_millis();
  Transaction tx(*c);
  auto st = c->prepare(
      "INSERT INTO projects(name, owner_id, registry_id, metadata, cve_allowlist, storage_limit, "
      "creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, p.name).bind(2, p.owner_id);
  if (p.registry_id)
    st.bind(3, *p.registry_id);
  else
    st.bind_null(3);
  st.bind(4, metadata_json(p.metadata))
      .bind(5, p.cve_allowlist)
      .bind(6, p.storage_limit)
      .bind(7, now)
      .bind(8, now);
  try {
    st.run();
  } catch (const ConstraintError&) {
    throw core::DuplicateProjectName("project " + p.name + " already exists");
  }
  int64_t id = c->last_insert_id();
  c->prepare(
       "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, creation_time, "
       "update_time) VALUES (?, ?, 'u', 1, ?, ?)")
      .bind(1, id)
      .bind(2, p.owner_id)
      .bind(3, now)
      .bind(4, now)
      .run();
  tx.commit();
  return id;
}

void SqliteProjectStore::update(const Project& p) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE projects SET metadata = ?, cve_allowlist = ?, storage_limit = ?, update_time = ? "
       "WHERE id = ?")
      .bind(1, metadata_json(p.metadata))
      .bind(2, p.cve_allowlist)
      .bind(3, p.storage_limit)
      .bind(4, base::now_millis())
      .bind(5, p.id)
      .run();
}

void SqliteProjectStore::remove(int64_t id) {
  auto c = db_.acquire();
  Transaction tx(*c);
  c->prepare("DELETE FROM project_members WHERE project_id = ?").bind(1, id).run();
  // labels.project_id is 0 for global labels, so it cannot be a foreign key that cascades;
  // deleting a label detaches it from artifacts (artifact_labels cascades).
  c->prepare("DELETE FROM labels WHERE scope = 'p' AND project_id = ?").bind(1, id).run();
  c->prepare("DELETE FROM projects WHERE id = ?").bind(1, id).run();
  tx.commit();
}

int64_t SqliteProjectStore::repo_count(const std::string& project_name) {
  auto [lo, hi] = repo_range(project_name);
  auto c = db_.acquire();
  auto st = c->prepare("SELECT COUNT(*) FROM repositories WHERE name >= ? AND name < ?");
  st.bind(1, lo).bind(2, hi);
  return st.step() ? st.int64(0) : 0;
}

core::ProjectSummary SqliteProjectStore::summary(const Project& p) {
  core::ProjectSummary s;
  s.repo_count = repo_count(p.name);
  s.storage_used = storage_used(p.name);
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT role_id, COUNT(*) FROM project_members WHERE project_id = ? GROUP BY role_id");
  st.bind(1, p.id);
  while (st.step())
    if (st.int64(0) >= 1 && st.int64(0) <= 5) s.role_counts[st.int64(0)] = st.int64(1);
  return s;
}

int64_t SqliteProjectStore::storage_used(const std::string& project_name) {
  auto [lo, hi] = repo_range(project_name);
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT COALESCE(SUM(m.total_size), 0) FROM manifests m JOIN repositories r ON r.id = "
      "m.repository_id WHERE r.name >= ? AND r.name < ?");
  st.bind(1, lo).bind(2, hi);
  return st.step() ? st.int64(0) : 0;
}

}  // namespace berth::db
