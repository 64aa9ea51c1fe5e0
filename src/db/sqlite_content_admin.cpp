// SqliteContentStore's management writes (repository and artifact deletes, tagging) and the
// batched pull times; kept apart from the /v2/ paths in sqlite_content_store.cpp.
#include <set>

#include "base/clock.h"
#include "db/sqlite.h"
#include "db/sqlite_content_internal.h"
#include "db/sqlite_content_store.h"

namespace berth::db {

namespace {

using content_internal::manifest_id;
using content_internal::repository_id;

// Number of manifests in the repository (other than `except`) whose index lists `digest`.
int64_t parents_of(Connection& c, int64_t repo_id, const std::string& digest,
                   const std::set<int64_t>& except) {
  auto st = c.prepare(
      "SELECT DISTINCT pm.id FROM manifest_references mr JOIN manifests pm ON pm.id = "
      "mr.manifest_id "
      "WHERE mr.kind = 'manifest' AND mr.digest = ? AND pm.repository_id = ?");
  st.bind(1, digest).bind(2, repo_id);
  int64_t n = 0;
  while (st.step()) n += except.count(st.int64(0)) ? 0 : 1;
  return n;
}

// Collects what deleting `id` takes with it: its referrers and the children only it lists.
void collect(Connection& c, int64_t repo_id, int64_t id, const std::string& digest,
             std::set<int64_t>& doomed) {
  if (!doomed.insert(id).second || doomed.size() > 10000) return;
  std::vector<std::pair<int64_t, std::string>> next;
  {
    auto st = c.prepare("SELECT id, digest FROM manifests WHERE repository_id = ? AND subject = ?");
    st.bind(1, repo_id).bind(2, digest);
    while (st.step()) next.emplace_back(st.int64(0), st.text(1));
  }
  {
    auto st = c.prepare(
        "SELECT ch.id, ch.digest FROM manifest_references mr JOIN manifests ch ON ch.digest = "
        "mr.digest "
        "AND ch.repository_id = ? WHERE mr.manifest_id = ? AND mr.kind = 'manifest'");
    st.bind(1, repo_id).bind(2, id);
    while (st.step()) next.emplace_back(st.int64(0), st.text(1));
  }
  for (const auto& [child, child_digest] : next)
    if (parents_of(c, repo_id, child_digest, doomed) == 0)
      collect(c, repo_id, child, child_digest, doomed);
}

}  // namespace

bool SqliteContentStore::delete_repository(const std::string& repo) {
  auto c = pool_.acquire();
  Transaction tx(*c);
  c->prepare("DELETE FROM repository_blobs WHERE repository = ?").bind(1, repo).run();
  bool blobs = c->changes() > 0;
  c->prepare("DELETE FROM repositories WHERE name = ?").bind(1, repo).run();  // cascades
  bool deleted = c->changes() > 0 || blobs;
  tx.commit();
  return deleted;
}

core::ArtifactDeletion SqliteContentStore::delete_artifact(const std::string& repo,
                                                           const core::Digest& d) {
  auto c = pool_.acquire();
  Transaction tx(*c);
  auto repo_id = repository_id(*c, repo);
  auto id = repo_id ? manifest_id(*c, *repo_id, d.str()) : std::nullopt;
  if (!id) return core::ArtifactDeletion::kNotFound;
  // Removing an index child would leave the index pointing at nothing.
  if (parents_of(*c, *repo_id, d.str(), {}) > 0) return core::ArtifactDeletion::kReferenced;
  std::set<int64_t> doomed;
  collect(*c, *repo_id, *id, d.str(), doomed);
  for (int64_t m : doomed) c->prepare("DELETE FROM manifests WHERE id = ?").bind(1, m).run();
  tx.commit();
  return core::ArtifactDeletion::kDeleted;
}

core::TagCreation SqliteContentStore::add_tag(const std::string& repo, const core::Digest& d,
                                              const std::string& tag) {
  auto c = pool_.acquire();
  Transaction tx(*c);
  auto repo_id = repository_id(*c, repo);
  auto id = repo_id ? manifest_id(*c, *repo_id, d.str()) : std::nullopt;
  if (!id) return core::TagCreation::kNotFound;
  try {
    c->prepare("INSERT INTO tags(repository_id, name, manifest_id, push_time) VALUES (?, ?, ?, ?)")
        .bind(1, *repo_id)
        .bind(2, tag)
        .bind(3, *id)
        .bind(4, base::now_millis())
        .run();
  } catch (const ConstraintError&) {
    return core::TagCreation::kExists;
  }
  tx.commit();
  return core::TagCreation::kCreated;
}

void SqliteContentStore::record_pulls(const std::vector<core::PullRecord>& pulls) {
  if (pulls.empty()) return;
  auto c = pool_.acquire();
  Transaction tx(*c);
  for (const auto& p : pulls) {
    c->prepare(
         "UPDATE manifests SET pull_time = ? WHERE digest = ? AND repository_id = (SELECT id FROM "
         "repositories WHERE name = ?)")
        .bind(1, p.time)
        .bind(2, p.digest)
        .bind(3, p.repository)
        .run();
    for (const auto& tag : p.tags)
      c->prepare(
           "UPDATE tags SET pull_time = ? WHERE name = ? AND repository_id = (SELECT id FROM "
           "repositories WHERE name = ?)")
          .bind(1, p.time)
          .bind(2, tag)
          .bind(3, p.repository)
          .run();
    c->prepare("UPDATE repositories SET pull_count = pull_count + ? WHERE name = ?")
        .bind(1, p.count)
        .bind(2, p.repository)
        .run();
  }
  tx.commit();
}

}  // namespace berth::db
