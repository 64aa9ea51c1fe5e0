#include "core/registry_service.h"
#include "base/clock.h"

#include <nlohmann/json.hpp>

#include <chrono>

#include "core/manifest.h"
#include "core/media_types.h"
#include "db/sqlite.h"
#include "store/blob_store.h"

namespace berth::core {

using nlohmann::json;

namespace {

RegistryError error(unsigned status, std::string code, std::string message,
                    std::string detail = "") {
  return RegistryError{status, std::move(code), std::move(message), std::move(detail)};
}

std::string digest_detail(const Digest& d) {
  return json{{"digest", d.str()}}.dump();
}

std::optional<int64_t> repository_id(db::Connection& c, const std::string& repo) {
  auto st = c.prepare("SELECT id FROM repositories WHERE name = ?");
  st.bind(1, repo);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

int64_t ensure_repository(db::Connection& c, const std::string& repo, int64_t now) {
  if (auto id = repository_id(c, repo)) return *id;
  c.prepare("INSERT INTO repositories(name, created_at, updated_at) VALUES (?, ?, ?)")
      .bind(1, repo)
      .bind(2, now)
      .bind(3, now)
      .run();
  return c.last_insert_id();
}

std::optional<uint64_t> linked_blob_size(db::Connection& c, const std::string& repo,
                                         const std::string& digest) {
  auto st = c.prepare(
      "SELECT b.size FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest "
      "WHERE rb.repository = ? AND rb.digest = ?");
  st.bind(1, repo).bind(2, digest);
  if (!st.step()) return std::nullopt;
  return uint64_t(st.int64(0));
}

struct ChildManifest {
  int64_t total_size;
};

std::optional<ChildManifest> manifest_in_repo(db::Connection& c, int64_t repo_id,
                                              const std::string& digest) {
  auto st = c.prepare("SELECT total_size FROM manifests WHERE repository_id = ? AND digest = ?");
  st.bind(1, repo_id).bind(2, digest);
  if (!st.step()) return std::nullopt;
  return ChildManifest{st.int64(0)};
}

// Checks that everything the manifest points at is present in the repository and returns the
// artifact's total size (manifest + blobs, or + children for an index).
// With `allow_missing` (a proxy cache storing what the upstream said, before its blobs are
// fetched on demand) absent references count with their descriptor's size instead of failing.
int64_t check_references(db::Connection& c, const std::string& repo, std::optional<int64_t> repo_id,
                         const ParsedManifest& m, size_t manifest_size, bool allow_missing) {
  int64_t total = int64_t(manifest_size);
  if (m.config) {
    std::vector<const Descriptor*> all{&*m.config};
    for (const auto& l : m.layers) all.push_back(&l);
    for (const auto* d : all) {
      if (d->foreign) continue;
      auto size = linked_blob_size(c, repo, d->digest.str());
      if (!size && allow_missing) size = uint64_t(std::max<int64_t>(d->size, 0));
      if (!size)
        throw error(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + d->digest.str(),
                    digest_detail(d->digest));
      total += int64_t(*size);
    }
  }
  for (const auto& child : m.manifests) {
    auto found = repo_id ? manifest_in_repo(c, *repo_id, child.digest.str()) : std::nullopt;
    if (!found && allow_missing) {
      total += std::max<int64_t>(child.size, 0);
      continue;
    }
    if (!found)
      throw error(400, "MANIFEST_UNKNOWN", "manifest unknown to repository: " + child.digest.str(),
                  digest_detail(child.digest));
    total += found->total_size;
  }
  return total;
}

void insert_references(db::Connection& c, int64_t manifest_id, const ParsedManifest& m) {
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

std::shared_ptr<const StoredManifest> load_manifest(db::Connection& c, const std::string& repo,
                                                    const ManifestReference& ref) {
  std::string sql =
      ref.is_digest()
          ? "SELECT m.digest, m.media_type, m.content FROM manifests m JOIN repositories r ON "
            "r.id = m.repository_id WHERE r.name = ? AND m.digest = ?"
          : "SELECT m.digest, m.media_type, m.content FROM tags t JOIN repositories r ON r.id = "
            "t.repository_id JOIN manifests m ON m.id = t.manifest_id WHERE r.name = ? AND t.name "
            "= ?";
  auto st = c.prepare(sql);
  st.bind(1, repo).bind(2, ref.str());
  if (!st.step()) return nullptr;
  auto out = std::make_shared<StoredManifest>();
  out->digest = *Digest::parse(st.text(0));
  out->media_type = st.text(1);
  out->content = std::make_shared<const std::string>(st.text(2));
  return out;
}

Page page_of(db::Statement& st, int64_t limit) {
  Page p;
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

RegistryService::RegistryService(db::Pool& db, store::BlobStore& blobs, Options options)
    : db_(db), blobs_(blobs), options_(options) {}

std::optional<uint64_t> RegistryService::blob_size(const std::string& repo, const Digest& d) {
  auto c = db_.acquire();
  return linked_blob_size(*c, repo, d.str());
}

void RegistryService::link_blob(const std::string& repo, const Digest& d, uint64_t size) {
  auto c = db_.acquire();
  auto now = base::now_millis();
  db::Transaction tx(*c);
  c->prepare("INSERT OR IGNORE INTO blobs(digest, size, created_at) VALUES (?, ?, ?)")
      .bind(1, d.str())
      .bind(2, int64_t(size))
      .bind(3, now)
      .run();
  c->prepare(
       "INSERT OR IGNORE INTO repository_blobs(repository, digest, created_at) VALUES (?, ?, ?)")
      .bind(1, repo)
      .bind(2, d.str())
      .bind(3, now)
      .run();
  tx.commit();
}

void RegistryService::add_blob(const std::string& repo, const std::filesystem::path& tmp,
                               const Digest& d, uint64_t size) {
  blobs_.commit_file(tmp, d);  // fsync + rename: readers of the temp file keep the same inode
  link_blob(repo, d, size);
}

bool RegistryService::mount_blob(const std::string& repo, const std::string& from,
                                 const Digest& d) {
  auto c = db_.acquire();
  if (!linked_blob_size(*c, from, d.str()) || !blobs_.exists(d)) return false;
  c->prepare(
       "INSERT OR IGNORE INTO repository_blobs(repository, digest, created_at) VALUES (?, ?, ?)")
      .bind(1, repo)
      .bind(2, d.str())
      .bind(3, base::now_millis())
      .run();
  return true;
}

bool RegistryService::unlink_blob(const std::string& repo, const Digest& d) {
  auto c = db_.acquire();
  c->prepare("DELETE FROM repository_blobs WHERE repository = ? AND digest = ?")
      .bind(1, repo)
      .bind(2, d.str())
      .run();
  return c->changes() > 0;
}

PutManifestResult RegistryService::put_manifest(const std::string& repo,
                                                const ManifestReference& ref,
                                                std::string_view content_type,
                                                const std::string& body,
                                                bool allow_missing_references) {
  if (body.size() > options_.max_manifest_bytes)
    throw error(
        413, "MANIFEST_INVALID",
        "manifest exceeds the " + std::to_string(options_.max_manifest_bytes) + " byte limit");
  auto parsed = parse_manifest(body, content_type);
  if (parsed.error) throw error(400, parsed.error->code, parsed.error->message);
  const ParsedManifest& m = *parsed.manifest;
  Digest digest =
      ref.is_digest() ? Digest::of(ref.digest().algorithm, body) : Digest::sha256_of(body);
  if (ref.is_digest() && digest != ref.digest())
    throw error(400, "DIGEST_INVALID",
                "manifest digest " + digest.str() + " does not match " + ref.digest().str());

  auto c = db_.acquire();
  auto now = base::now_millis();
  db::Transaction tx(*c);
  int64_t total =
      check_references(*c, repo, repository_id(*c, repo), m, body.size(), allow_missing_references);
  int64_t repo_id = ensure_repository(*c, repo, now);
  int64_t manifest_id;
  {
    auto st = c->prepare("SELECT id FROM manifests WHERE repository_id = ? AND digest = ?");
    st.bind(1, repo_id).bind(2, digest.str());
    if (st.step()) {
      manifest_id = st.int64(0);
    } else {
      auto ins = c->prepare(
          "INSERT INTO manifests(repository_id, digest, media_type, artifact_type, subject, "
          "annotations, size, total_size, content, push_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)");
      ins.bind(1, repo_id).bind(2, digest.str()).bind(3, m.media_type).bind(4, m.artifact_type);
      if (m.subject)
        ins.bind(5, m.subject->digest.str());
      else
        ins.bind_null(5);
      if (m.annotations_json.empty())
        ins.bind_null(6);
      else
        ins.bind(6, m.annotations_json);
      ins.bind(7, int64_t(body.size())).bind(8, total).bind_blob(9, body).bind(10, now).run();
      manifest_id = c->last_insert_id();
      insert_references(*c, manifest_id, m);
    }
  }
  if (!ref.is_digest()) {
    c->prepare(
         "INSERT INTO tags(repository_id, name, manifest_id, push_time) VALUES (?, ?, ?, ?) "
         "ON CONFLICT(repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, "
         "push_time = excluded.push_time")
        .bind(1, repo_id)
        .bind(2, ref.tag())
        .bind(3, manifest_id)
        .bind(4, now)
        .run();
  }
  c->prepare("UPDATE repositories SET updated_at = ? WHERE id = ?")
      .bind(1, now)
      .bind(2, repo_id)
      .run();
  tx.commit();
  cache_.invalidate(repo);
  PutManifestResult r{digest, std::nullopt};
  if (m.subject) r.subject = m.subject->digest;
  return r;
}

std::shared_ptr<const StoredManifest> RegistryService::get_manifest(const std::string& repo,
                                                                    const ManifestReference& ref) {
  auto key = ref.str();
  if (auto hit = cache_.get(repo, key)) return hit;
  auto version = cache_.version();
  auto c = db_.acquire();
  auto m = load_manifest(*c, repo, ref);
  if (m) cache_.put(repo, key, m, version);
  return m;
}

bool RegistryService::delete_manifest(const std::string& repo, const Digest& d) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto id = repository_id(*c, repo);
  if (!id) return false;
  c->prepare("DELETE FROM manifests WHERE repository_id = ? AND digest = ?")
      .bind(1, *id)
      .bind(2, d.str())
      .run();
  bool deleted = c->changes() > 0;
  tx.commit();
  cache_.invalidate(repo);
  return deleted;
}

bool RegistryService::delete_tag(const std::string& repo, const std::string& tag) {
  auto c = db_.acquire();
  auto id = repository_id(*c, repo);
  if (!id) return false;
  c->prepare("DELETE FROM tags WHERE repository_id = ? AND name = ?")
      .bind(1, *id)
      .bind(2, tag)
      .run();
  bool deleted = c->changes() > 0;
  cache_.invalidate(repo);
  return deleted;
}

std::optional<Page> RegistryService::tags(const std::string& repo, int64_t limit,
                                          const std::string& last) {
  auto c = db_.acquire();
  auto id = repository_id(*c, repo);
  if (!id) return std::nullopt;
  auto st = c->prepare(
      "SELECT name FROM tags WHERE repository_id = ? AND name > ? ORDER BY name LIMIT ?");
  st.bind(1, *id).bind(2, last).bind(3, limit < 0 ? int64_t(-1) : limit + 1);
  return page_of(st, limit);
}

Page RegistryService::repositories(int64_t limit, const std::string& last) {
  auto c = db_.acquire();
  // Like distribution, a repository shows once it holds anything: manifests or just blobs.
  auto st = c->prepare(
      "SELECT name FROM (SELECT name FROM repositories UNION SELECT DISTINCT repository FROM "
      "repository_blobs) WHERE name > ? ORDER BY name LIMIT ?");
  st.bind(1, last).bind(2, limit < 0 ? int64_t(-1) : limit + 1);
  return page_of(st, limit);
}

std::string RegistryService::referrers(const std::string& repo, const Digest& d,
                                       const std::optional<std::string>& artifact_type) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT m.digest, m.media_type, m.size, m.artifact_type, m.annotations FROM manifests m "
      "JOIN repositories r ON r.id = m.repository_id WHERE r.name = ? AND m.subject = ? ORDER BY "
      "m.id");
  st.bind(1, repo).bind(2, d.str());
  json list = json::array();
  while (st.step()) {
    std::string at = st.text(3);
    if (artifact_type && at != *artifact_type) continue;
    json desc = {{"mediaType", st.text(1)}, {"digest", st.text(0)}, {"size", st.int64(2)}};
    if (!at.empty()) desc["artifactType"] = at;
    if (!st.is_null(4)) desc["annotations"] = json::parse(st.text(4), nullptr, false);
    list.push_back(std::move(desc));
  }
  json index = {{"schemaVersion", 2}, {"mediaType", media::kOciIndex}, {"manifests", list}};
  return index.dump();
}

}  // namespace berth::core
