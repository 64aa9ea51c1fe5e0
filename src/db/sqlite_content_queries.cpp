// The management API's queries of SqliteContentStore: repositories, artifacts and tags as
// Harbor lists them, plus the statistics and health reads.
#include <map>
#include <stdexcept>

#include "core/artifact_types.h"
#include "core/media_types.h"
#include "db/sqlite.h"
#include "db/sqlite_content_store.h"

namespace berth::db {

using core::ArtifactQuery;
using core::ArtifactRow;
using core::ReferenceRow;
using core::RepositoryQuery;
using core::RepositoryRow;
using core::TagRow;

namespace {

// "-field" → "column DESC"; fields are looked up in `columns` so nothing user-typed reaches SQL.
std::string order_by(const std::string& sort, const std::map<std::string, std::string>& columns,
                     const std::string& fallback) {
  if (sort.empty()) return fallback;
  std::string out;
  size_t i = 0;
  while (i <= sort.size()) {
    size_t comma = sort.find(',', i);
    std::string field = sort.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    bool desc = field.starts_with("-");
    if (desc) field.erase(0, 1);
    auto it = columns.find(field);
    if (it == columns.end()) throw std::invalid_argument("cannot sort by '" + field + "'");
    out += (out.empty() ? "" : ", ") + it->second + (desc ? " DESC" : " ASC");
    if (comma == std::string::npos) break;
    i = comma + 1;
  }
  return out + ", " + fallback;
}

// Top-level artifacts: not a child of an index in the repository, not a referrer of another.
constexpr const char* kTopLevel =
    " AND m.subject IS NULL AND NOT EXISTS (SELECT 1 FROM manifest_references mr JOIN manifests pm "
    "ON pm.id = mr.manifest_id WHERE mr.kind = 'manifest' AND mr.digest = m.digest AND "
    "pm.repository_id = m.repository_id)";

std::string repo_where(const RepositoryQuery& q) {
  std::string ids;
  for (int64_t id : q.project_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  std::string w = " WHERE p.id IN (" + (ids.empty() ? std::string("NULL") : ids) + ")";
  if (q.name_exact) w += " AND r.name = ?";
  if (q.name_fuzzy) w += " AND instr(r.name, ?) > 0";
  return w;
}
int bind_repo(Statement& st, const RepositoryQuery& q) {
  int i = 1;
  if (q.name_exact) st.bind(i++, *q.name_exact);
  if (q.name_fuzzy) st.bind(i++, *q.name_fuzzy);
  return i;
}

// Repositories belong to the project named by their first path component.
constexpr const char* kRepoFrom =
    " FROM repositories r JOIN projects p ON p.name = substr(r.name, 1, instr(r.name, '/') - 1)";
constexpr const char* kRepoColumns =
    "SELECT r.id, p.id, r.name, r.description, r.pull_count, r.created_at, r.updated_at, "
    "(SELECT COUNT(*) FROM manifests m WHERE m.repository_id = r.id";

RepositoryRow repo_row(Statement& st) {
  return RepositoryRow{st.int64(0), st.int64(1), st.text(2),  st.text(3),
                       st.int64(4), st.int64(7), st.int64(5), st.int64(6)};
}

std::string repo_select() {
  return std::string(kRepoColumns) + kTopLevel + ")" + kRepoFrom;
}

}  // namespace

int64_t SqliteContentStore::count_repositories(const RepositoryQuery& q) {
  auto c = pool_.acquire();
  auto st = c->prepare(std::string("SELECT COUNT(*)") + kRepoFrom + repo_where(q));
  bind_repo(st, q);
  st.step();
  return st.int64(0);
}

std::vector<RepositoryRow> SqliteContentStore::list_repositories(const RepositoryQuery& q) {
  auto c = pool_.acquire();
  static const std::map<std::string, std::string> cols = {{"name", "r.name"},
                                                          {"creation_time", "r.created_at"},
                                                          {"update_time", "r.updated_at"},
                                                          {"pull_count", "r.pull_count"},
                                                          {"id", "r.id"}};
  auto st = c->prepare(repo_select() + repo_where(q) + " ORDER BY " +
                       order_by(q.sort, cols, "r.name") + " LIMIT ? OFFSET ?");
  int i = bind_repo(st, q);
  st.bind(i, q.limit).bind(i + 1, q.offset);
  std::vector<RepositoryRow> out;
  while (st.step()) out.push_back(repo_row(st));
  return out;
}

std::optional<RepositoryRow> SqliteContentStore::find_repository(const std::string& name) {
  auto c = pool_.acquire();
  auto st = c->prepare(repo_select() + " WHERE r.name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return repo_row(st);
}

void SqliteContentStore::set_repository_description(int64_t id, const std::string& description) {
  auto c = pool_.acquire();
  c->prepare("UPDATE repositories SET description = ? WHERE id = ?")
      .bind(1, description)
      .bind(2, id)
      .run();
}

namespace {
constexpr const char* kArtifactSelect =
    "SELECT m.id, m.repository_id, m.digest, m.media_type, m.artifact_type, "
    "COALESCE(m.annotations, ''), COALESCE(cfg.media_type, ''), COALESCE(cfg.digest, ''), "
    "m.total_size, m.push_time, m.pull_time FROM manifests m LEFT JOIN manifest_references cfg "
    "ON cfg.manifest_id = m.id AND cfg.kind = 'config'";

ArtifactRow artifact_row(Statement& st) {
  ArtifactRow a;
  a.id = st.int64(0);
  a.repository_id = st.int64(1);
  a.digest = st.text(2);
  a.manifest_media_type = st.text(3);
  a.artifact_type = st.text(4);
  a.annotations_json = st.text(5);
  a.config_media_type = st.text(6);
  a.config_digest = st.text(7);
  a.size = st.int64(8);
  a.push_time = st.int64(9);
  if (!st.is_null(10)) a.pull_time = st.int64(10);
  return a;
}

std::string marks(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

// Harbor's type as core::artifact_kind derives it: an index is an IMAGE; otherwise a known
// artifactType decides, else the config media type. Binds: the index types, the kind's types,
// every known type, the kind's types again (bind_kind).
std::string kind_where(const std::string& kind) {
  size_t k = core::kind_media_types(kind).size(), all = core::known_kind_media_types().size();
  std::string at = "COALESCE(m.artifact_type, '')";
  std::string own = "(m.media_type NOT IN (?,?) AND (" + at + " IN (" + marks(k) + ") OR (" + at +
                    " NOT IN (" + marks(all) + ") AND cfg.media_type IN (" + marks(k) + "))))";
  return " AND (" + std::string(kind == "IMAGE" ? "m.media_type IN (?,?) OR " : "") + own + ")";
}
int bind_kind(Statement& st, int i, const std::string& kind) {
  std::string idx[] = {std::string(core::media::kOciIndex),
                       std::string(core::media::kDockerManifestList)};
  auto types = core::kind_media_types(kind);
  if (kind == "IMAGE")
    for (const auto& t : idx) st.bind(i++, t);
  for (const auto& t : idx) st.bind(i++, t);
  for (const auto& t : types) st.bind(i++, t);
  for (const auto& t : core::known_kind_media_types()) st.bind(i++, t);
  for (const auto& t : types) st.bind(i++, t);
  return i;
}

std::string artifact_where(const ArtifactQuery& q) {
  std::string w = " WHERE m.repository_id = ?";
  if (!q.all) w += kTopLevel;
  if (q.tag && *q.tag == "nil")
    w += " AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id)";
  else if (q.tag && *q.tag == "*")
    w += " AND EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id)";
  else if (q.tag)
    w += " AND EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id AND t.name = ?)";
  if (q.tag_fuzzy)
    w += " AND EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id AND instr(t.name, ?) > 0)";
  if (q.digest) w += " AND m.digest = ?";
  if (q.media_type) w += " AND (m.media_type = ? OR cfg.media_type = ?)";
  if (q.kind) w += kind_where(*q.kind);
  for (size_t n = 0; n < q.label_ids.size(); ++n)
    w += " AND EXISTS (SELECT 1 FROM artifact_labels al WHERE al.manifest_id = m.id AND "
         "al.label_id = ?)";
  return w;
}
int bind_artifact(Statement& st, const ArtifactQuery& q) {
  int i = 1;
  st.bind(i++, q.repository_id);
  if (q.tag && *q.tag != "nil" && *q.tag != "*") st.bind(i++, *q.tag);
  if (q.tag_fuzzy) st.bind(i++, *q.tag_fuzzy);
  if (q.digest) st.bind(i++, *q.digest);
  if (q.media_type) {
    st.bind(i++, *q.media_type);
    st.bind(i++, *q.media_type);
  }
  if (q.kind) i = bind_kind(st, i, *q.kind);
  for (int64_t id : q.label_ids) st.bind(i++, id);
  return i;
}
}  // namespace

int64_t SqliteContentStore::count_artifacts(const ArtifactQuery& q) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT COUNT(*) FROM manifests m LEFT JOIN manifest_references cfg ON cfg.manifest_id = "
      "m.id "
      "AND cfg.kind = 'config'" +
      artifact_where(q));
  bind_artifact(st, q);
  st.step();
  return st.int64(0);
}

std::vector<ArtifactRow> SqliteContentStore::list_artifacts(const ArtifactQuery& q) {
  auto c = pool_.acquire();
  static const std::map<std::string, std::string> cols = {{"push_time", "m.push_time"},
                                                          {"pull_time", "m.pull_time"},
                                                          {"digest", "m.digest"},
                                                          {"size", "m.total_size"},
                                                          {"id", "m.id"}};
  auto st = c->prepare(std::string(kArtifactSelect) + artifact_where(q) + " ORDER BY " +
                       order_by(q.sort, cols, "m.id DESC") + " LIMIT ? OFFSET ?");
  int i = bind_artifact(st, q);
  st.bind(i, q.limit).bind(i + 1, q.offset);
  std::vector<ArtifactRow> out;
  while (st.step()) out.push_back(artifact_row(st));
  return out;
}

std::optional<ArtifactRow> SqliteContentStore::find_artifact(int64_t repository_id,
                                                             const std::string& reference) {
  auto c = pool_.acquire();
  bool digest = reference.find(':') != std::string::npos;
  auto st = c->prepare(
      std::string(kArtifactSelect) +
      (digest ? " WHERE m.repository_id = ? AND m.digest = ?"
              : " JOIN tags t ON t.manifest_id = m.id WHERE m.repository_id = ? AND t.name = ?"));
  st.bind(1, repository_id).bind(2, reference);
  if (!st.step()) return std::nullopt;
  return artifact_row(st);
}

int64_t SqliteContentStore::count_tags(int64_t artifact_id) {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT COUNT(*) FROM tags WHERE manifest_id = ?");
  st.bind(1, artifact_id);
  st.step();
  return st.int64(0);
}

std::vector<TagRow> SqliteContentStore::artifact_tags(int64_t artifact_id, int64_t offset,
                                                      int64_t limit) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT id, repository_id, manifest_id, name, push_time, pull_time FROM tags WHERE "
      "manifest_id = ? ORDER BY push_time DESC, id DESC LIMIT ? OFFSET ?");
  st.bind(1, artifact_id).bind(2, limit).bind(3, offset);
  std::vector<TagRow> out;
  while (st.step()) {
    TagRow t{st.int64(0), st.int64(1), st.int64(2), st.text(3), st.int64(4), std::nullopt};
    if (!st.is_null(5)) t.pull_time = st.int64(5);
    out.push_back(std::move(t));
  }
  return out;
}

namespace {
std::string repository_tag_where(const core::RepositoryTagQuery& q) {
  std::string w = " WHERE t.repository_id = ?";
  if (q.name) w += " AND t.name = ?";
  if (q.name_fuzzy) w += " AND instr(t.name, ?) > 0";
  return w;
}
int bind_repository_tag(Statement& st, const core::RepositoryTagQuery& q) {
  int i = 1;
  st.bind(i++, q.repository_id);
  if (q.name) st.bind(i++, *q.name);
  if (q.name_fuzzy) st.bind(i++, *q.name_fuzzy);
  return i;
}
}  // namespace

int64_t SqliteContentStore::count_repository_tags(const core::RepositoryTagQuery& q) {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT COUNT(*) FROM tags t" + repository_tag_where(q));
  bind_repository_tag(st, q);
  st.step();
  return st.int64(0);
}

std::vector<core::RepositoryTagRow> SqliteContentStore::repository_tags(
    const core::RepositoryTagQuery& q) {
  auto c = pool_.acquire();
  // Tag names are unique in a repository, so the name settles ties of the time sorts.
  static const std::map<std::string, std::string> cols = {
      {"name", "t.name"}, {"push_time", "t.push_time"}, {"pull_time", "t.pull_time"}};
  auto st = c->prepare(
      "SELECT t.id, t.repository_id, t.manifest_id, t.name, t.push_time, t.pull_time, m.digest, "
      "m.total_size FROM tags t JOIN manifests m ON m.id = t.manifest_id" +
      repository_tag_where(q) + " ORDER BY " + order_by(q.sort, cols, "t.name") +
      " LIMIT ? OFFSET ?");
  int i = bind_repository_tag(st, q);
  st.bind(i, q.limit).bind(i + 1, q.offset);
  std::vector<core::RepositoryTagRow> out;
  while (st.step()) {
    TagRow t{st.int64(0), st.int64(1), st.int64(2), st.text(3), st.int64(4), std::nullopt};
    if (!st.is_null(5)) t.pull_time = st.int64(5);
    out.push_back({std::move(t), st.text(6), st.int64(7)});
  }
  return out;
}

std::vector<ReferenceRow> SqliteContentStore::artifact_references(const ArtifactRow& a) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT mr.digest, COALESCE(mr.platform, ''), COALESCE(mr.annotations, ''), ch.id FROM "
      "manifest_references mr LEFT JOIN manifests ch ON ch.repository_id = ? AND ch.digest = "
      "mr.digest WHERE mr.manifest_id = ? AND mr.kind = 'manifest' ORDER BY mr.position");
  st.bind(1, a.repository_id).bind(2, a.id);
  std::vector<ReferenceRow> out;
  while (st.step()) {
    ReferenceRow r{a.id, std::nullopt, st.text(0), st.text(1), st.text(2)};
    if (!st.is_null(3)) r.child_id = st.int64(3);
    out.push_back(std::move(r));
  }
  return out;
}

bool SqliteContentStore::has_parent_index(const ArtifactRow& a) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT 1 FROM manifest_references mr JOIN manifests pm ON pm.id = mr.manifest_id WHERE "
      "mr.kind = 'manifest' AND mr.digest = ? AND pm.repository_id = ? LIMIT 1");
  st.bind(1, a.digest).bind(2, a.repository_id);
  return st.step();
}

int64_t SqliteContentStore::storage_bytes() {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT COALESCE((SELECT SUM(size) FROM blobs), 0) + COALESCE((SELECT SUM(size) FROM "
      "manifests), 0)");
  st.step();
  return st.int64(0);
}

void SqliteContentStore::probe() {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT 1");
  if (!st.step()) throw DbError("SELECT 1 returned nothing");
}

}  // namespace berth::db
