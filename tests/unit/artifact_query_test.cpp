#include "core/artifact_query.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_content_store.h"

namespace fs = std::filesystem;
using namespace berth;

namespace {
// A migrated database holding project "library" with repository library/app: an index (id 1)
// over two images (2, 3), a referrer of image 2 (4), and a tag on the index.
struct Fixture {
  fs::path file = fs::temp_directory_path() / ("berth-aq-" + std::to_string(::getpid()) + ".db");
  std::unique_ptr<db::Connection> c;
  std::unique_ptr<db::Pool> pool;
  std::unique_ptr<db::SqliteContentStore> store;
  Fixture() {
    fs::remove(file);
    c = std::make_unique<db::Connection>(file);
    db::migrate(*c);
    c->exec(R"SQL(
      INSERT INTO projects(id, name, owner_id, metadata, creation_time, update_time) VALUES (1, 'library', 1, '{"public":"true"}', 0, 0);
      INSERT INTO repositories(id, name, created_at, updated_at) VALUES (1, 'library/app', 0, 0);
      INSERT INTO repositories(id, name, created_at, updated_at) VALUES (2, 'orphan/app', 0, 0);
      INSERT INTO manifests(id, repository_id, digest, media_type, size, total_size, content, push_time, subject)
        VALUES (1, 1, 'sha256:i', 'application/vnd.oci.image.index.v1+json', 1, 30, '', 40, NULL),
               (2, 1, 'sha256:a', 'application/vnd.oci.image.manifest.v1+json', 1, 10, '', 10, NULL),
               (3, 1, 'sha256:b', 'application/vnd.oci.image.manifest.v1+json', 1, 20, '', 20, NULL),
               (4, 1, 'sha256:s', 'application/vnd.oci.image.manifest.v1+json', 1, 5, '', 30, 'sha256:a');
      INSERT INTO manifest_references(manifest_id, position, kind, digest, media_type, size, platform)
        VALUES (1, 0, 'manifest', 'sha256:a', 'm', 1, '{"architecture":"amd64","os":"linux"}'),
               (1, 1, 'manifest', 'sha256:b', 'm', 1, '{"architecture":"arm64","os":"linux"}'),
               (2, 0, 'config', 'sha256:c', 'application/vnd.oci.image.config.v1+json', 1, NULL);
      INSERT INTO tags(repository_id, name, manifest_id, push_time) VALUES (1, 'latest', 1, 40);
    )SQL");
    pool = std::make_unique<db::Pool>(file, 2);
    store = std::make_unique<db::SqliteContentStore>(*pool);
  }
  ~Fixture() {
    store.reset();
    pool.reset();
    c.reset();
    fs::remove(file);
    fs::remove(file.string() + "-wal");
    fs::remove(file.string() + "-shm");
  }
};
}  // namespace

TEST(ArtifactQuery, ListsTopLevelArtifactsByDefault) {
  Fixture f;
  core::ArtifactQuery q;
  q.repository_id = 1;
  EXPECT_EQ(f.store->count_artifacts(q), 1);
  auto top = f.store->list_artifacts(q);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].digest, "sha256:i");
  q.all = true;
  EXPECT_EQ(f.store->count_artifacts(q), 4);
  auto all = f.store->list_artifacts(q);
  EXPECT_EQ(all.front().digest, "sha256:i");  // -push_time
  EXPECT_EQ(all.back().digest, "sha256:a");
}

TEST(ArtifactQuery, FiltersAndSorts) {
  Fixture f;
  core::ArtifactQuery q;
  q.repository_id = 1;
  q.all = true;
  q.tag = "nil";
  EXPECT_EQ(f.store->count_artifacts(q), 3);
  q.tag = "latest";
  EXPECT_EQ(f.store->count_artifacts(q), 1);
  q.tag.reset();
  q.media_type = "application/vnd.oci.image.config.v1+json";
  EXPECT_EQ(f.store->count_artifacts(q), 1);
  q.media_type.reset();
  q.sort = "size";
  EXPECT_EQ(f.store->list_artifacts(q).front().digest, "sha256:s");
  q.sort = "size; DROP TABLE manifests";
  EXPECT_THROW(f.store->list_artifacts(q), std::invalid_argument);
}

// Harbor's type as artifact_kind derives it: the index and the image with an OCI config are
// IMAGEs; b (no config, no artifactType) and the referrer are not; a cosign artifactType wins.
TEST(ArtifactQuery, FiltersByHarborType) {
  Fixture f;
  f.c->exec(
      "UPDATE manifests SET artifact_type = 'application/vnd.dev.cosign.artifact.sig.v1+json'"
      " WHERE id = 4");
  core::ArtifactQuery q;
  q.repository_id = 1;
  q.all = true;
  q.kind = "IMAGE";
  auto images = f.store->list_artifacts(q);
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[0].digest, "sha256:i");
  EXPECT_EQ(images[1].digest, "sha256:a");
  EXPECT_EQ(f.store->count_artifacts(q), 2);
  q.kind = "SIGNATURE.COSIGN";
  ASSERT_EQ(f.store->list_artifacts(q).size(), 1u);
  EXPECT_EQ(f.store->list_artifacts(q)[0].digest, "sha256:s");
  q.kind = "CHART";
  EXPECT_EQ(f.store->count_artifacts(q), 0);
}

// labels=(1 2): artifacts carrying every listed label.
TEST(ArtifactQuery, FiltersByAllOfTheLabels) {
  Fixture f;
  f.c->exec(R"SQL(
    INSERT INTO labels(id, name, scope, creation_time, update_time) VALUES (1, 'x', 'g', 0, 0), (2, 'y', 'g', 0, 0);
    INSERT INTO artifact_labels(manifest_id, label_id, creation_time) VALUES (2, 1, 0), (2, 2, 0), (3, 1, 0);
  )SQL");
  core::ArtifactQuery q;
  q.repository_id = 1;
  q.all = true;
  q.label_ids = {1};
  EXPECT_EQ(f.store->count_artifacts(q), 2);
  q.label_ids = {1, 2};
  auto both = f.store->list_artifacts(q);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].digest, "sha256:a");
  q.kind = "IMAGE";  // binds after the labels' parameters still line up
  EXPECT_EQ(f.store->count_artifacts(q), 1);
}

TEST(ArtifactQuery, ReferencesAndParents) {
  Fixture f;
  auto index = f.store->find_artifact(1, "latest");
  ASSERT_TRUE(index);
  auto refs = f.store->artifact_references(*index);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].child_id.value_or(0), 2);
  EXPECT_NE(refs[1].platform_json.find("arm64"), std::string::npos);
  auto child = f.store->find_artifact(1, "sha256:a");
  ASSERT_TRUE(child);
  EXPECT_EQ(child->config_digest, "sha256:c");
  EXPECT_TRUE(f.store->has_parent_index(*child));
  EXPECT_FALSE(f.store->has_parent_index(*index));
}

TEST(ArtifactQuery, RepositoriesBelongToTheirProject) {
  Fixture f;
  core::RepositoryQuery q;
  q.project_ids = {1};
  EXPECT_EQ(f.store->count_repositories(q), 1);
  auto repos = f.store->list_repositories(q);
  ASSERT_EQ(repos.size(), 1u);
  EXPECT_EQ(repos[0].project_id, 1);
  EXPECT_EQ(repos[0].artifact_count, 1);  // top-level only
  q.project_ids = {};
  EXPECT_EQ(f.store->count_repositories(q), 0);
  EXPECT_FALSE(f.store->find_repository("orphan/app"));
}

TEST(ArtifactQuery, RepositoryTagsWithTheirArtifacts) {
  Fixture f;
  f.c->exec(R"SQL(
    INSERT INTO tags(repository_id, name, manifest_id, push_time, pull_time)
      VALUES (1, 'b-tag', 2, 50, NULL), (1, 'a-tag', 3, 60, 70);
  )SQL");
  core::RepositoryTagQuery q;
  q.repository_id = 1;
  auto names = [&] {
    std::string out;
    for (const auto& r : f.store->repository_tags(q)) out += (out.empty() ? "" : ",") + r.tag.name;
    return out;
  };
  EXPECT_EQ(f.store->count_repository_tags(q), 3);
  EXPECT_EQ(names(), "a-tag,b-tag,latest");  // by name
  auto rows = f.store->repository_tags(q);
  EXPECT_EQ(rows[0].digest, "sha256:b");
  EXPECT_EQ(rows[0].size, 20);
  EXPECT_EQ(rows[0].tag.artifact_id, 3);
  EXPECT_EQ(rows[0].tag.pull_time, std::optional<int64_t>(70));
  EXPECT_FALSE(rows[1].tag.pull_time);
  q.sort = "-push_time";
  EXPECT_EQ(names(), "a-tag,b-tag,latest");
  q.sort = "push_time";
  EXPECT_EQ(names(), "latest,b-tag,a-tag");
  q.sort = "-pull_time";
  EXPECT_EQ(names(), "a-tag,b-tag,latest");  // never pulled: by name
  q.sort = "name";
  q.name_fuzzy = "tag";
  EXPECT_EQ(f.store->count_repository_tags(q), 2);
  EXPECT_EQ(names(), "a-tag,b-tag");
  q.name_fuzzy.reset();
  q.name = "latest";
  EXPECT_EQ(names(), "latest");
  q.name.reset();
  q.offset = 1;
  q.limit = 1;
  EXPECT_EQ(names(), "b-tag");
  q.sort = "size";
  EXPECT_THROW(f.store->repository_tags(q), std::invalid_argument);
  q.repository_id = 2;
  q.sort = "name";
  EXPECT_EQ(f.store->count_repository_tags(q), 0);
}
