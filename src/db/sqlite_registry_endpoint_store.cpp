#include "db/sqlite_registry_endpoint_store.h"

#include <map>
#include <variant>

#include "auth/secret_box.h"
#include "base/clock.h"
#include "db/like_pattern.h"
#include "db/sort_clause.h"
#include "db/sqlite.h"

namespace berth::db {

using core::RegistryEndpoint;

namespace {

constexpr const char* kEndpointColumns =
    "SELECT id, name, description, type, url, credential_type, access_key, access_secret, "
    "insecure, ca_certificate, status, creation_time, update_time FROM registries ";

// Reads a row; the sealed secret is returned separately so no caller sees it by accident.
RegistryEndpoint read_endpoint(Statement& st, std::string* sealed) {
  RegistryEndpoint e;
  e.id = st.int64(0);
  e.name = st.text(1);
  e.description = st.text(2);
  e.type = st.text(3);
  e.url = st.text(4);
  e.credential_type = st.text(5);
  e.access_key = st.text(6);
  *sealed = st.text(7);
  e.has_secret = !sealed->empty();
  e.insecure = st.int64(8) != 0;
  e.ca_certificate = st.text(9);
  e.status = st.text(10);
  e.creation_time = st.int64(11);
  e.update_time = st.int64(12);
  return e;
}

// Harbor's sort parameter ("name,-creation_time") over these columns only.
std::string endpoint_order_by(const std::string& sort) {
  static const std::map<std::string, std::string> kSortable = {{"id", "id"},
                                                               {"name", "name"},
                                                               {"type", "type"},
                                                               {"url", "url"},
                                                               {"creation_time", "creation_time"},
                                                               {"update_time", "update_time"}};
  return " ORDER BY " + sort_clause(sort, kSortable, "id ASC", "id ASC");
}
}  // namespace

std::optional<RegistryEndpoint> SqliteRegistryEndpointStore::get(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kEndpointColumns) + "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  std::string sealed;
  RegistryEndpoint e = read_endpoint(st, &sealed);
  if (!sealed.empty()) {
    auto plain = box_.open(sealed);
    if (!plain)
      throw core::RegistrySecretUnreadable(
          "the stored credential of registry '" + e.name +
          "' cannot be decrypted (was secretKey changed?); enter the credential again");
    e.access_secret = std::move(*plain);
  }
  return e;
}

std::optional<RegistryEndpoint> SqliteRegistryEndpointStore::get_without_secret(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kEndpointColumns) + "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  std::string sealed;
  return read_endpoint(st, &sealed);
}

std::optional<RegistryEndpoint> SqliteRegistryEndpointStore::find_by_name(const std::string& name) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kEndpointColumns) + "WHERE name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  std::string sealed;
  return read_endpoint(st, &sealed);
}

std::vector<RegistryEndpoint> SqliteRegistryEndpointStore::list(const core::RegistryFilter& f,
                                                                int64_t* total) {
  std::string where = "WHERE 1";
  std::vector<Bind> binds;
  auto add = [&](const char* clause, std::string v) {
    where += clause;
    binds.emplace_back(std::move(v));
  };
  if (f.name) add(" AND name LIKE ? ESCAPE '\\'", like_substring(*f.name));
  if (f.exact_name) add(" AND name = ?", *f.exact_name);
  if (f.type) add(" AND type = ?", *f.type);
  if (f.url) add(" AND url LIKE ? ESCAPE '\\'", like_substring(*f.url));
  if (f.exact_url) add(" AND url = ?", *f.exact_url);
  std::string order = endpoint_order_by(f.sort);
  auto c = db_.acquire();
  if (total) {
    auto st = c->prepare("SELECT COUNT(*) FROM registries " + where);
    bind_all(st, binds);
    *total = st.step() ? st.int64(0) : 0;
  }
  auto st = c->prepare(std::string(kEndpointColumns) + where + order + " LIMIT ? OFFSET ?");
  binds.emplace_back(f.limit);
  binds.emplace_back(f.offset);
  bind_all(st, binds);
  std::vector<RegistryEndpoint> out;
  std::string sealed;
  while (st.step()) out.push_back(read_endpoint(st, &sealed));
  return out;
}

namespace {
// Columns 1-10 of an insert or update, in the order both statements list them.
void bind_fields(Statement& st, const RegistryEndpoint& e, const std::string& sealed) {
  st.bind(1, e.name).bind(2, e.description).bind(3, e.type).bind(4, e.url);
  st.bind(5, e.credential_type).bind(6, e.access_key).bind(7, sealed);
  st.bind(8, int64_t(e.insecure)).bind(9, e.ca_certificate).bind(10, e.status);
}
}  // namespace

int64_t SqliteRegistryEndpointStore::create(const RegistryEndpoint& e) {
  int64_t now = base::now_millis();
  std::string sealed = e.access_secret.empty() ? "" : box_.seal(e.access_secret);
  auto c = db_.acquire();
  try {
    auto st = c->prepare(
        "INSERT INTO registries(name, description, type, url, credential_type, access_key, "
        "access_secret, insecure, ca_certificate, status, creation_time, update_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_fields(st, e, sealed);
    st.bind(11, now).bind(12, now).run();
  } catch (const ConstraintError&) {
    throw core::DuplicateRegistryName("a registry named " + e.name + " already exists");
  }
  return c->last_insert_id();
}

void SqliteRegistryEndpointStore::update(const RegistryEndpoint& e) {
  std::string sealed = e.access_secret.empty() ? "" : box_.seal(e.access_secret);
  auto c = db_.acquire();
  try {
    auto st = c->prepare(
        "UPDATE registries SET name = ?, description = ?, type = ?, url = ?, "
        "credential_type = ?, access_key = ?, access_secret = ?, insecure = ?, "
        "ca_certificate = ?, status = ?, update_time = ? WHERE id = ?");
    bind_fields(st, e, sealed);
    st.bind(11, base::now_millis()).bind(12, e.id).run();
  } catch (const ConstraintError&) {
    throw core::DuplicateRegistryName("a registry named " + e.name + " already exists");
  }
}

bool SqliteRegistryEndpointStore::remove(int64_t id) {
  auto c = db_.acquire();
  c->prepare("DELETE FROM registries WHERE id = ?").bind(1, id).run();
  return c->changes() > 0;
}

void SqliteRegistryEndpointStore::set_status(int64_t id, const std::string& status) {
  auto c = db_.acquire();
  c->prepare("UPDATE registries SET status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
}

std::vector<std::string> SqliteRegistryEndpointStore::projects_using(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT name FROM projects WHERE registry_id = ? ORDER BY name");
  st.bind(1, id);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

}  // namespace berth::db
