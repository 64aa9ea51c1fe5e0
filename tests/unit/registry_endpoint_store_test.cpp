#include "db/sqlite_registry_endpoint_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "auth/secret_box.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "core/endpoint_spec.h"

namespace fs = std::filesystem;
using namespace berth;
using core::RegistryEndpoint;
using RegistryEndpointStore = db::SqliteRegistryEndpointStore;
using core::RegistryFilter;

namespace {
struct Db {
  fs::path file = fs::temp_directory_path() / ("berth-reg-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(rand()) + ".db");
  db::Pool pool{file, 2};
  Db() {
    auto c = pool.acquire();
    db::migrate(*c);
  }
  ~Db() {
    for (auto suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  }
  std::string raw_secret(int64_t id) {
    auto c = pool.acquire();
    auto st = c->prepare("SELECT access_secret FROM registries WHERE id = ?");
    st.bind(1, id);
    return st.step() ? st.text(0) : "<no row>";
  }
};

RegistryEndpoint endpoint(const std::string& name, const std::string& secret = "s3cret-Passw0rd") {
  RegistryEndpoint e;
  e.name = name;
  e.description = "desc of " + name;
  e.type = "docker-registry";
  e.url = "https://" + name + ".example.test";
  e.access_key = "alice";
  e.access_secret = secret;
  e.insecure = true;
  e.ca_certificate = "-----BEGIN CERTIFICATE-----\n...";
  return e;
}
}  // namespace

TEST(RegistryEndpointStore, CreateGetRoundTripsEveryField) {
  Db db;
  auth::SecretBox box("secret-key-one");
  RegistryEndpointStore store(db.pool, box);
  int64_t id = store.create(endpoint("hub"));
  ASSERT_GT(id, 0);
  auto e = store.get(id);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, id);
  EXPECT_EQ(e->name, "hub");
  EXPECT_EQ(e->description, "desc of hub");
  EXPECT_EQ(e->type, "docker-registry");
  EXPECT_EQ(e->url, "https://hub.example.test");
  EXPECT_EQ(e->credential_type, "basic");
  EXPECT_EQ(e->access_key, "alice");
  EXPECT_EQ(e->access_secret, "s3cret-Passw0rd");
  EXPECT_TRUE(e->has_secret);
  EXPECT_TRUE(e->insecure);
  EXPECT_EQ(e->ca_certificate, "-----BEGIN CERTIFICATE-----\n...");
  EXPECT_EQ(e->status, "healthy");
  EXPECT_GT(e->creation_time, 0);
  EXPECT_EQ(e->creation_time, e->update_time);
  auto spec = core::endpoint_spec(*e);
  EXPECT_EQ(spec.access_secret, "s3cret-Passw0rd");
  EXPECT_EQ(spec.ca_pem, e->ca_certificate);
  EXPECT_FALSE(store.get(id + 100));
}

TEST(RegistryEndpointStore, SecretIsSealedAtRestAndNeedsTheRightKey) {
  Db db;
  auth::SecretBox box("secret-key-one");
  RegistryEndpointStore store(db.pool, box);
  int64_t id = store.create(endpoint("sealed"));
  std::string raw = db.raw_secret(id);
  EXPECT_TRUE(raw.starts_with("v1:")) << raw;
  EXPECT_EQ(raw.find("s3cret"), std::string::npos);
  EXPECT_EQ(box.open(raw).value_or(""), "s3cret-Passw0rd");

  auth::SecretBox other("secret-key-two");
  RegistryEndpointStore wrong(db.pool, other);
  EXPECT_THROW(wrong.get(id), core::RegistrySecretUnreadable);
  // Display reads never open the secret, so they still work with another key.
  auto shown = wrong.get_without_secret(id);
  ASSERT_TRUE(shown);
  EXPECT_TRUE(shown->has_secret);
  EXPECT_EQ(shown->access_secret, "");
}

TEST(RegistryEndpointStore, NoSecretStoresNothing) {
  Db db;
  auth::SecretBox box("k");
  RegistryEndpointStore store(db.pool, box);
  int64_t id = store.create(endpoint("anon", ""));
  EXPECT_EQ(db.raw_secret(id), "");
  auto e = store.get(id);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->has_secret);
  EXPECT_EQ(e->access_secret, "");
}

TEST(RegistryEndpointStore, DuplicateNamesAreRefused) {
  Db db;
  auth::SecretBox box("k");
  RegistryEndpointStore store(db.pool, box);
  int64_t a = store.create(endpoint("one"));
  store.create(endpoint("two"));
  EXPECT_THROW(store.create(endpoint("one")), core::DuplicateRegistryName);
  auto e = store.get(a);
  e->name = "two";
  EXPECT_THROW(store.update(*e), core::DuplicateRegistryName);
  ASSERT_TRUE(store.find_by_name("one"));
  EXPECT_EQ(store.find_by_name("one")->id, a);
  EXPECT_FALSE(store.find_by_name("three"));
}

TEST(RegistryEndpointStore, UpdateReplacesFieldsAndReseals) {
  Db db;
  auth::SecretBox box("k");
  RegistryEndpointStore store(db.pool, box);
  int64_t id = store.create(endpoint("upd"));
  std::string before = db.raw_secret(id);
  auto e = *store.get(id);
  e.name = "renamed";
  e.url = "http://127.0.0.1:5000";
  e.access_secret = "new-Secret-1";
  e.insecure = false;
  e.ca_certificate = "";
  e.status = "unhealthy";
  store.update(e);
  auto after = *store.get(id);
  EXPECT_EQ(after.name, "renamed");
  EXPECT_EQ(after.url, "http://127.0.0.1:5000");
  EXPECT_EQ(after.access_secret, "new-Secret-1");
  EXPECT_FALSE(after.insecure);
  EXPECT_EQ(after.ca_certificate, "");
  EXPECT_EQ(after.status, "unhealthy");
  EXPECT_EQ(after.creation_time, e.creation_time);
  EXPECT_NE(db.raw_secret(id), before);
  EXPECT_EQ(db.raw_secret(id).find("new-Secret"), std::string::npos);
  store.set_status(id, "healthy");
  EXPECT_EQ(store.get(id)->status, "healthy");
}

TEST(RegistryEndpointStore, ListFiltersPagesSortsAndCounts) {
  Db db;
  auth::SecretBox box("k");
  RegistryEndpointStore store(db.pool, box);
  for (const char* n : {"alpha", "beta", "alphabet", "gamma_1", "gammax1"})
    store.create(endpoint(n));
  auto hub = endpoint("hub");
  hub.type = "docker-hub";
  store.create(hub);

  int64_t total = 0;
  auto all = store.list({}, &total);
  EXPECT_EQ(total, 6);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].name, "alpha");
  for (const auto& e : all) EXPECT_EQ(e.access_secret, "") << "list never opens secrets";

  RegistryFilter f;
  f.name = "alpha";
  auto fuzzy = store.list(f, &total);
  EXPECT_EQ(total, 2);
  f = {};
  f.exact_name = "alpha";
  EXPECT_EQ(store.list(f, &total).size(), 1u);
  f = {};
  f.name = "a_";  // LIKE wildcards are literal
  store.list(f, &total);
  EXPECT_EQ(total, 1);
  f = {};
  f.type = "docker-hub";
  auto hubs = store.list(f, &total);
  ASSERT_EQ(hubs.size(), 1u);
  EXPECT_EQ(hubs[0].name, "hub");
  f = {};
  f.url = "beta.example";
  EXPECT_EQ(store.list(f, &total).size(), 1u);

  f = {};
  f.limit = 2;
  f.offset = 4;
  auto page = store.list(f, &total);
  EXPECT_EQ(total, 6);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].name, "gammax1");

  f = {};
  f.sort = "-name";
  auto desc = store.list(f, &total);
  ASSERT_FALSE(desc.empty());
  EXPECT_EQ(desc[0].name, "hub");
  f.sort = "password";
  EXPECT_THROW(store.list(f, &total), std::invalid_argument);
  f.sort = "name;DROP TABLE registries";
  EXPECT_THROW(store.list(f, &total), std::invalid_argument);
}

TEST(RegistryEndpointStore, RemoveAndProjectsUsing) {
  Db db;
  auth::SecretBox box("k");
  RegistryEndpointStore store(db.pool, box);
  int64_t id = store.create(endpoint("up"));
  {
    auto c = db.pool.acquire();
    c->prepare(
         "INSERT INTO projects(name, owner_id, registry_id, creation_time, update_time) "
         "VALUES ('proxy-b', 1, ?, 0, 0), ('proxy-a', 1, ?, 0, 0), ('plain', 1, NULL, 0, 0)")
        .bind(1, id)
        .bind(2, id)
        .run();
  }
  EXPECT_EQ(store.projects_using(id), (std::vector<std::string>{"proxy-a", "proxy-b"}));
  EXPECT_TRUE(store.projects_using(id + 1).empty());
  EXPECT_TRUE(store.remove(id));
  EXPECT_FALSE(store.remove(id));
  EXPECT_FALSE(store.get(id));
}
