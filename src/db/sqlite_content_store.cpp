// SqliteContentStore: blob links, manifests, tags and the management writes, each
// multi-statement change in one transaction.
#include "db/sqlite_content_store.h"
#include "db/sqlite_content_internal.h"

#include "base/clock.h"
#include "db/sqlite.h"

namespace berth::db {

using core::Descriptor;
using core::Digest;

namespace {

using content_internal::manifest_id;
using content_internal::repository_id;

int64_t ensure_repository(Connection& c, const std::string& repo, int64_t now) {
  if (auto id = repository_id(c, repo)) return *id;
  c.prepare("INSERT INTO repositories(name, created_at, updated_at) VALUES (?, ?, ?)")
      .bind(1, repo)
      .bind(2, now)
      .bind(3, now)
      .run();
  return c.last_insert_id();
}

std::optional<uint64_t> linked_blob_size(Connection& c, const std::string& repo,
                                         const std::string& digest) {
  auto st = c.prepare(
      "SELECT b.size FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest "
      "WHERE rb.repository = ? AND rb.digest = ?");
  st.bind(1, repo).bind(2, digest);
  if (!st.step()) return std::nullopt;
  return uint64_t(st.int64(0));
}

void insert_blob_link(Connection& c, const std::string& repo, const std::string& digest,
                      int64_t now) {
  c.prepare(
       "INSERT OR IGNORE INTO repository_blobs(repository, digest, created_at) VALUES (?, ?, ?)")
      .bind(1, repo)
      .bind(2, digest)
      .bind(3, now)
      .run();
}

std::optional<int64_t> manifest_total_size(Connection& c, int64_t repo_id,
                                           const std::string& digest) {
  auto st = c.prepare("SELECT total_size FROM manifests WHERE repository_id = ? AND digest = ?");
  st.bind(1, repo_id).bind(2, digest);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

// The artifact's total size (manifest + blobs, or + children for an index), or what is missing.
// Absent references the write allows count with their descriptor's size.
std::optional<int64_t> total_size(Connection& c, const core::ManifestWrite& w,
                                  std::optional<int64_t> repo_id, core::ManifestWriteResult& out) {
  int64_t total = int64_t(w.body.size());
  for (const auto& d : w.required_blobs) {
    auto size = linked_blob_size(c, w.repository, d.digest.str());
    if (!size && w.allow_missing_references) size = uint64_t(std::max<int64_t>(d.size, 0));
    if (!size) {
      out.missing_blob = d;
      return std::nullopt;
    }
    total += int64_t(*size);
  }
  for (const auto& child : w.manifest->manifests) {
    auto size = repo_id ? manifest_total_size(c, *repo_id, child.digest.str()) : std::nullopt;
    if (!size && w.allow_missing_references) size = std::max<int64_t>(child.size, 0);
    if (!size) {
      out.missing_manifest = child;
      return std::nullopt;
    }
    total += *size;
  }
  return total;
}

void insert_references(Connection& c, int64_t manifest_id, const core::ParsedManifest& m) {
  auto st_sql =
      "INSERT INTO manifest_references(manifest_id, position, kind, digest, media_type, size, "
      "platform, annotations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  int pos = 0;
  auto add = [&](const Descriptor& d, const char* kind) {
    auto st = c.prepare(st_sql);
    st.bind(1, manifest_id)
        .bind(2, pos++)
        .bind(3, kind)
        .bind(4, d.digest.str())
        .bind(5, d.media_type);
    st.bind(6, d.size);
    if (d.platform_json.empty())
      st.bind_null(7);
    else
      st.bind(7, d.platform_json);
    if (d.annotations_json.empty())
      st.bind_null(8);
    else
      st.bind(8, d.annotations_json);
    st.run();
  };
  if (m.config) add(*m.config, "config");
  for (const auto& l : m.layers) add(l, "layer");
  for (const auto& ch : m.manifests) add(ch, "manifest");
}

int64_t insert_manifest(Connection& c, int64_t repo_id, const core::ManifestWrite& w, int64_t total,
                        int64_t now) {
  const core::ParsedManifest& m = *w.manifest;
  auto ins = c.prepare(
      "INSERT INTO manifests(repository_id, digest, media_type, artifact_type, subject, "
      "annotations, size, total_size, content, push_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, repo_id).bind(2, w.digest.str()).bind(3, m.media_type).bind(4, m.artifact_type);
  if (m.subject)
    ins.bind(5, m.subject->digest.str());
  else
    ins.bind_null(5);
  if (m.annotations_json.empty())
    ins.bind_null(6);
  else
    ins.bind(6, m.annotations_json);
  ins.bind(7, int64_t(w.body.size())).bind(8, total).bind_blob(9, w.body).bind(10, now).run();
  int64_t id = c.last_insert_id();
  insert_references(c, id, m);
  return id;
}

core::Page page_of(Statement& st, int64_t limit) {
  core::Page p;
  while (st.step()) {
    if (limit >= 0 && int64_t(p.items.size()) == limit) {
      p.more = true;
      break;
    }
    p.items.push_back(st.text(0));
  }
  return p;
}

}  // namespace

std::optional<uint64_t> SqliteContentStore::blob_size(const std::string& repo, const Digest& d) {
  auto c = pool_.acquire();
  return linked_blob_size(*c, repo, d.str());
}

void SqliteContentStore::link_blob(const std::string& repo, const Digest& d, uint64_t size) {
  auto c = pool_.acquire();
  auto now = base::now_millis();
  Transaction tx(*c);
  c->prepare("INSERT OR IGNORE INTO blobs(digest, size, created_at) VALUES (?, ?, ?)")
      .bind(1, d.str())
      .bind(2, int64_t(size))
      .bind(3, now)
      .run();
  insert_blob_link(*c, repo, d.str(), now);
  tx.commit();
}

bool SqliteContentStore::link_blob_from(const std::string& repo, const std::string& from,
                                        const Digest& d) {
  auto c = pool_.acquire();
  if (!linked_blob_size(*c, from, d.str())) return false;
  insert_blob_link(*c, repo, d.str(), base::now_millis());
  return true;
}

bool SqliteContentStore::unlink_blob(const std::string& repo, const Digest& d) {
  auto c = pool_.acquire();
  c->prepare("DELETE FROM repository_blobs WHERE repository = ? AND digest = ?")
      .bind(1, repo)
      .bind(2, d.str())
      .run();
  return c->changes() > 0;
}

std::vector<Digest> SqliteContentStore::recorded_blobs() {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT digest FROM blobs ORDER BY digest");
  std::vector<Digest> out;
  while (st.step())
    if (auto d = Digest::parse(st.text(0))) out.push_back(*d);
  return out;
}

core::ManifestWriteResult SqliteContentStore::put_manifest(const core::ManifestWrite& w) {
  core::ManifestWriteResult out;
  auto c = pool_.acquire();
  auto now = base::now_millis();
  Transaction tx(*c);
  auto total = total_size(*c, w, repository_id(*c, w.repository), out);
  if (!total) return out;  // rolls back: nothing stored
  int64_t repo_id = ensure_repository(*c, w.repository, now);
  auto id = manifest_id(*c, repo_id, w.digest.str());
  if (!id) id = insert_manifest(*c, repo_id, w, *total, now);
  if (w.tag) {
    c->prepare(
         "INSERT INTO tags(repository_id, name, manifest_id, push_time) VALUES (?, ?, ?, ?) "
         "ON CONFLICT(repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, "
         "push_time = excluded.push_time")
        .bind(1, repo_id)
        .bind(2, *w.tag)
        .bind(3, *id)
        .bind(4, now)
        .run();
  }
  c->prepare("UPDATE repositories SET updated_at = ? WHERE id = ?")
      .bind(1, now)
      .bind(2, repo_id)
      .run();
  tx.commit();
  return out;
}

std::shared_ptr<const core::StoredManifest> SqliteContentStore::find_manifest(
    const std::string& repo, const core::ManifestReference& ref) {
  std::string sql =
      ref.is_digest()
          ? "SELECT m.digest, m.media_type, m.content FROM manifests m JOIN repositories r ON "
            "r.id = m.repository_id WHERE r.name = ? AND m.digest = ?"
          : "SELECT m.digest, m.media_type, m.content FROM tags t JOIN repositories r ON r.id = "
            "t.repository_id JOIN manifests m ON m.id = t.manifest_id WHERE r.name = ? AND t.name "
            "= ?";
  auto c = pool_.acquire();
  auto st = c->prepare(sql);
  st.bind(1, repo).bind(2, ref.str());
  if (!st.step()) return nullptr;
  auto out = std::make_shared<core::StoredManifest>();
  out->digest = *Digest::parse(st.text(0));
  out->media_type = st.text(1);
  out->content = std::make_shared<const std::string>(st.text(2));
  return out;
}

bool SqliteContentStore::delete_manifest(const std::string& repo, const Digest& d) {
  auto c = pool_.acquire();
  Transaction tx(*c);
  auto id = repository_id(*c, repo);
  if (!id) return false;
  c->prepare("DELETE FROM manifests WHERE repository_id = ? AND digest = ?")
      .bind(1, *id)
      .bind(2, d.str())
      .run();
  bool deleted = c->changes() > 0;
  tx.commit();
  return deleted;
}

bool SqliteContentStore::delete_tag(const std::string& repo, const std::string& tag) {
  auto c = pool_.acquire();
  auto id = repository_id(*c, repo);
  if (!id) return false;
  c->prepare("DELETE FROM tags WHERE repository_id = ? AND name = ?")
      .bind(1, *id)
      .bind(2, tag)
      .run();
  return c->changes() > 0;
}

std::optional<core::Page> SqliteContentStore::tag_names(const std::string& repo, int64_t limit,
                                                        const std::string& last) {
  auto c = pool_.acquire();
  auto id = repository_id(*c, repo);
  if (!id) return std::nullopt;
  auto st = c->prepare(
      "SELECT name FROM tags WHERE repository_id = ? AND name > ? ORDER BY name LIMIT ?");
  st.bind(1, *id).bind(2, last).bind(3, limit < 0 ? int64_t(-1) : limit + 1);
  return page_of(st, limit);
}

core::Page SqliteContentStore::repository_names(int64_t limit, const std::string& last) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT name FROM (SELECT name FROM repositories UNION SELECT DISTINCT repository FROM "
      "repository_blobs) WHERE name > ? ORDER BY name LIMIT ?");
  st.bind(1, last).bind(2, limit < 0 ? int64_t(-1) : limit + 1);
  return page_of(st, limit);
}

std::vector<core::Referrer> SqliteContentStore::referrers(const std::string& repo,
                                                          const Digest& d) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT m.digest, m.media_type, m.size, m.artifact_type, COALESCE(m.annotations, '') FROM "
      "manifests m JOIN repositories r ON r.id = m.repository_id WHERE r.name = ? AND m.subject = "
      "? ORDER BY m.id");
  st.bind(1, repo).bind(2, d.str());
  std::vector<core::Referrer> out;
  while (st.step()) {
    auto digest = Digest::parse(st.text(0));
    if (!digest) continue;
    out.push_back({*digest, st.text(1), st.text(3), st.int64(2), st.text(4)});
  }
  return out;
}

}  // namespace berth::db
