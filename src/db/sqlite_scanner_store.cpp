#include "db/sqlite_scanner_store.h"

#include "base/clock.h"
#include "db/sqlite.h"

namespace berth::db {

using scan::ScannerRegistration;

namespace {
constexpr const char* kScannerColumns =
    "id, uuid, name, description, url, auth, access_credential, skip_cert_verify, "
    "use_internal_addr, disabled, is_default, immutable, creation_time, update_time";

ScannerRegistration read_scanner(Statement& st) {
  ScannerRegistration r;
  r.id = st.int64(0);
  r.uuid = st.text(1);
  r.name = st.text(2);
  r.description = st.text(3);
  r.url = st.text(4);
  r.auth = st.text(5);
  r.access_credential = st.text(6);
  r.skip_cert_verify = st.int64(7) != 0;
  r.use_internal_addr = st.int64(8) != 0;
  r.disabled = st.int64(9) != 0;
  r.is_default = st.int64(10) != 0;
  r.immutable = st.int64(11) != 0;
  r.creation_time = st.int64(12);
  r.update_time = st.int64(13);
  return r;
}

std::optional<ScannerRegistration> first_scanner(Statement& st) {
  if (!st.step()) return std::nullopt;
  auto r = read_scanner(st);
  st.reset();
  return r;
}

std::optional<ScannerRegistration> by_uuid(Connection& c, const std::string& uuid) {
  auto st = c.prepare(std::string("SELECT ") + kScannerColumns + " FROM scanners WHERE uuid = ?");
  st.bind(1, uuid);
  return first_scanner(st);
}

std::optional<ScannerRegistration> the_default(Connection& c) {
  auto st = c.prepare(std::string("SELECT ") + kScannerColumns +
                      " FROM scanners WHERE is_default = 1 LIMIT 1");
  return first_scanner(st);
}

// The same name or URL as another registration.
void run_unique(Statement& st) {
  try {
    st.run();
  } catch (const ConstraintError&) {
    throw scan::ScannerConflict("a scanner with this name or URL is already registered");
  }
}
}  // namespace

std::vector<ScannerRegistration> SqliteScannerStore::list() {
  auto c = db_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kScannerColumns + " FROM scanners ORDER BY id");
  std::vector<ScannerRegistration> out;
  while (st.step()) out.push_back(read_scanner(st));
  return out;
}

std::optional<ScannerRegistration> SqliteScannerStore::find(const std::string& uuid) {
  if (uuid.empty()) return std::nullopt;
  auto c = db_.acquire();
  return by_uuid(*c, uuid);
}

std::optional<ScannerRegistration> SqliteScannerStore::default_scanner() {
  auto c = db_.acquire();
  return the_default(*c);
}

std::string SqliteScannerStore::create(ScannerRegistration r) {
  if (r.uuid.empty()) r.uuid = scan::random_uuid();
  int64_t now = base::now_millis();
  auto c = db_.acquire();
  run_unique(
      (c->prepare("INSERT INTO scanners(uuid, name, description, url, auth, access_credential, "
                  "skip_cert_verify, use_internal_addr, disabled, is_default, immutable, "
                  "creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
           .bind(1, r.uuid)
           .bind(2, r.name)
           .bind(3, r.description)
           .bind(4, r.url)
           .bind(5, r.auth)
           .bind(6, r.access_credential)
           .bind(7, int(r.skip_cert_verify))
           .bind(8, int(r.use_internal_addr))
           .bind(9, int(r.disabled))
           .bind(10, int(r.immutable))
           .bind(11, now)
           .bind(12, now)));
  return r.uuid;
}

void SqliteScannerStore::update(const ScannerRegistration& r) {
  auto c = db_.acquire();
  run_unique((c->prepare("UPDATE scanners SET name = ?, description = ?, url = ?, auth = ?, "
                         "access_credential = ?, skip_cert_verify = ?, use_internal_addr = ?, "
                         "disabled = ?, update_time = ? WHERE uuid = ?")
                  .bind(1, r.name)
                  .bind(2, r.description)
                  .bind(3, r.url)
                  .bind(4, r.auth)
                  .bind(5, r.access_credential)
                  .bind(6, int(r.skip_cert_verify))
                  .bind(7, int(r.use_internal_addr))
                  .bind(8, int(r.disabled))
                  .bind(9, base::now_millis())
                  .bind(10, r.uuid)));
}

bool SqliteScannerStore::remove(const std::string& uuid) {
  auto c = db_.acquire();
  Transaction tx(*c);
  c->prepare("DELETE FROM scanners WHERE uuid = ? AND immutable = 0").bind(1, uuid).run();
  bool removed = c->changes() > 0;
  if (removed)
    c->prepare("DELETE FROM project_scanners WHERE scanner_uuid = ?").bind(1, uuid).run();
  tx.commit();
  return removed;
}

void SqliteScannerStore::set_default(const std::string& uuid) {
  auto c = db_.acquire();
  c->prepare("UPDATE scanners SET is_default = (uuid = ?)").bind(1, uuid).run();
}

std::optional<ScannerRegistration> SqliteScannerStore::project_scanner(int64_t project_id) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT scanner_uuid FROM project_scanners WHERE project_id = ?");
  st.bind(1, project_id);
  if (st.step()) {
    std::string uuid = st.text(0);
    st.reset();
    if (auto r = by_uuid(*c, uuid)) return r;
  }
  return the_default(*c);
}

void SqliteScannerStore::set_project_scanner(int64_t project_id, const std::string& uuid) {
  auto c = db_.acquire();
  c->prepare(
       "INSERT INTO project_scanners(project_id, scanner_uuid) VALUES (?, ?) "
       "ON CONFLICT(project_id) DO UPDATE SET scanner_uuid = excluded.scanner_uuid")
      .bind(1, project_id)
      .bind(2, uuid)
      .run();
}

std::optional<std::string> SqliteScannerStore::setting(const std::string& key) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT value FROM scan_settings WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  std::string v = st.text(0);
  st.reset();
  return v;
}

void SqliteScannerStore::put_setting(const std::string& key, const std::string& value) {
  auto c = db_.acquire();
  c->prepare(
       "INSERT INTO scan_settings(key, value) VALUES (?, ?) "
       "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

}  // namespace berth::db
