#include "db/sqlite_label_store.h"

#include <gtest/gtest.h>

#include "db/sqlite_project_store.h"
#include "temp_db.h"

using namespace berth;
using core::AttachResult;
using core::Label;

namespace {
// Two projects (1 lib, 2 team) and three manifests: lib/app @a (id 10), @b (id 11), team/x @a (12).
struct Db : test_support::TempDb {
  db::SqliteLabelStore store{pool};
  Db() : TempDb(2) {
    exec(
        "INSERT INTO users(id, username, password_hash, creation_time, update_time) VALUES "
        "(2, 'alice', 'x', 0, 0);"
        "INSERT INTO projects(id, name, owner_id, creation_time, update_time) VALUES "
        "(1, 'lib', 2, 0, 0), (2, 'team', 2, 0, 0);"
        "INSERT INTO repositories(id, name, created_at, updated_at) VALUES "
        "(1, 'lib/app', 0, 0), (2, 'team/x', 0, 0);"
        "INSERT INTO manifests(id, repository_id, digest, media_type, size, content, push_time) "
        "VALUES (10, 1, 'sha256:aa', 'm', 1, 'x', 0), (11, 1, 'sha256:bb', 'm', 1, 'x', 0), "
        "(12, 2, 'sha256:aa', 'm', 1, 'x', 0);");
  }
  int64_t create(const std::string& name, const std::string& scope = "g", int64_t project = 0) {
    Label l;
    l.name = name;
    l.scope = scope;
    l.project_id = project;
    l.color = "#61717D";
    l.description = "about " + name;
    return store.create(l);
  }
};

std::vector<std::string> names(const std::vector<Label>& ls) {
  std::vector<std::string> out;
  for (const auto& l : ls) out.push_back(l.name);
  return out;
}
}  // namespace

TEST(SqliteLabelStore, CreateGetUpdateRemove) {
  Db db;
  int64_t id = db.create("prod");
  auto l = db.store.get(id);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->name, "prod");
  EXPECT_EQ(l->description, "about prod");
  EXPECT_EQ(l->color, "#61717D");
  EXPECT_EQ(l->scope, "g");
  EXPECT_EQ(l->project_id, 0);
  EXPECT_GT(l->creation_time, 0);
  EXPECT_EQ(l->creation_time, l->update_time);

  l->name = "production";
  l->description = "";
  l->color = "#000";
  l->scope = "p";  // ignored: scope and project never change
  l->project_id = 1;
  EXPECT_TRUE(db.store.update(*l));
  auto u = db.store.get(id);
  EXPECT_EQ(u->name, "production");
  EXPECT_EQ(u->description, "");
  EXPECT_EQ(u->color, "#000");
  EXPECT_EQ(u->scope, "g");
  EXPECT_EQ(u->project_id, 0);

  EXPECT_TRUE(db.store.remove(id));
  EXPECT_FALSE(db.store.get(id));
  EXPECT_FALSE(db.store.remove(id));
  l->id = id;
  EXPECT_FALSE(db.store.update(*l));
}

TEST(SqliteLabelStore, GlobalLabelsBelongToNoProject) {
  Db db;
  int64_t id = db.create("g1", "g", 7);
  EXPECT_EQ(db.store.get(id)->project_id, 0);
}

TEST(SqliteLabelStore, NamesAreUniquePerScopeAndProject) {
  Db db;
  db.create("prod");
  EXPECT_THROW(db.create("prod"), core::DuplicateLabelName);
  // The same name is fine as a project label, and in another project.
  db.create("prod", "p", 1);
  db.create("prod", "p", 2);
  EXPECT_THROW(db.create("prod", "p", 1), core::DuplicateLabelName);
  try {
    db.create("prod", "p", 2);
  } catch (const core::DuplicateLabelName& e) {
    EXPECT_STREQ(e.what(), "label prod already exists");
  }
  // Renaming onto an existing name is refused and changes nothing.
  int64_t other = db.create("qa");
  auto l = *db.store.get(other);
  l.name = "prod";
  EXPECT_THROW(db.store.update(l), core::DuplicateLabelName);
  EXPECT_EQ(db.store.get(other)->name, "qa");
}

TEST(SqliteLabelStore, ListFiltersByScopeProjectAndNameWithPagesAndSort) {
  Db db;
  db.create("prod");
  db.create("qa");
  db.create("prod-eu");
  db.create("p1", "p", 1);
  db.create("p2", "p", 1);
  db.create("other", "p", 2);
  core::LabelQuery q;
  q.scope = "g";
  int64_t total = 0;
  EXPECT_EQ(names(db.store.list(q, &total)), (std::vector<std::string>{"prod", "qa", "prod-eu"}));
  EXPECT_EQ(total, 3);
  q.project_id = 1;  // ignored for global labels
  EXPECT_EQ(db.store.list(q, &total).size(), 3u);
  q.name = "prod";
  EXPECT_EQ(names(db.store.list(q, &total)), (std::vector<std::string>{"prod", "prod-eu"}));
  q.name.reset();
  q.exact_name = "prod";
  EXPECT_EQ(names(db.store.list(q, &total)), (std::vector<std::string>{"prod"}));
  q.exact_name.reset();
  q.sort = "-name";
  q.limit = 2;
  EXPECT_EQ(names(db.store.list(q, &total)), (std::vector<std::string>{"qa", "prod-eu"}));
  EXPECT_EQ(total, 3);
  q.offset = 2;
  EXPECT_EQ(names(db.store.list(q, &total)), (std::vector<std::string>{"prod"}));
  q.sort = "colour";
  EXPECT_THROW(db.store.list(q, &total), std::invalid_argument);

  core::LabelQuery p;
  p.scope = "p";
  p.project_id = 1;
  EXPECT_EQ(names(db.store.list(p, &total)), (std::vector<std::string>{"p1", "p2"}));
  p.project_id = 2;
  EXPECT_EQ(names(db.store.list(p, nullptr)), (std::vector<std::string>{"other"}));
  // Wildcards in a fuzzy name are literal.
  p.name = "%";
  EXPECT_TRUE(db.store.list(p, &total).empty());
}

TEST(SqliteLabelStore, AttachDetachAndLabelsOfAnArtifact) {
  Db db;
  int64_t prod = db.create("prod");
  int64_t qa = db.create("qa", "p", 1);
  EXPECT_EQ(db.store.attach(10, qa), AttachResult::kAttached);
  EXPECT_EQ(db.store.attach(10, prod), AttachResult::kAttached);
  EXPECT_EQ(db.store.attach(10, prod), AttachResult::kAlreadyAttached);
  EXPECT_EQ(db.store.attach(10, 999), AttachResult::kMissing);
  EXPECT_EQ(db.store.attach(999, prod), AttachResult::kMissing);
  EXPECT_EQ(names(db.store.labels_of_artifact(10)), (std::vector<std::string>{"qa", "prod"}));
  EXPECT_TRUE(db.store.labels_of_artifact(11).empty());

  EXPECT_TRUE(db.store.detach(10, qa));
  EXPECT_FALSE(db.store.detach(10, qa));
  EXPECT_EQ(names(db.store.labels_of_artifact(10)), (std::vector<std::string>{"prod"}));
}

TEST(SqliteLabelStore, LabelNamesOfARepositoryDigest) {
  Db db;
  int64_t prod = db.create("prod");
  int64_t beta = db.create("beta");
  db.store.attach(10, prod);
  db.store.attach(10, beta);
  db.store.attach(12, beta);
  EXPECT_EQ(db.store.label_names_of("lib/app", "sha256:aa"),
            (std::vector<std::string>{"beta", "prod"}));
  // The same digest in another repository carries its own labels.
  EXPECT_EQ(db.store.label_names_of("team/x", "sha256:aa"), (std::vector<std::string>{"beta"}));
  EXPECT_TRUE(db.store.label_names_of("lib/app", "sha256:bb").empty());
  EXPECT_TRUE(db.store.label_names_of("lib/none", "sha256:aa").empty());
}

TEST(SqliteLabelStore, DeletingALabelOrAnArtifactDetaches) {
  Db db;
  int64_t prod = db.create("prod");
  int64_t qa = db.create("qa");
  db.store.attach(10, prod);
  db.store.attach(11, prod);
  db.store.attach(11, qa);
  db.store.remove(prod);
  EXPECT_TRUE(db.store.labels_of_artifact(10).empty());
  EXPECT_EQ(names(db.store.labels_of_artifact(11)), (std::vector<std::string>{"qa"}));
  db.exec("DELETE FROM manifests WHERE id = 11");
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM artifact_labels"), 0);
  EXPECT_TRUE(db.store.get(qa));
}

TEST(SqliteLabelStore, DeletingAProjectDeletesItsLabelsOnly) {
  Db db;
  db::SqliteProjectStore projects(db.pool);
  int64_t global = db.create("prod");
  int64_t mine = db.create("mine", "p", 2);
  int64_t theirs = db.create("theirs", "p", 1);
  db.store.attach(12, mine);
  db.store.attach(12, global);
  projects.remove(2);
  EXPECT_FALSE(db.store.get(mine));
  EXPECT_TRUE(db.store.get(global));
  EXPECT_TRUE(db.store.get(theirs));
  EXPECT_EQ(names(db.store.labels_of_artifact(12)), (std::vector<std::string>{"prod"}));
}
