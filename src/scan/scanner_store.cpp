#include "scan/scanner_store.h"
#include "base/clock.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "db/sqlite.h"

namespace berth::scan {

namespace {
constexpr const char* kColumns =
    "id, uuid, name, description, url, auth, access_credential, skip_cert_verify, "
    "use_internal_addr, disabled, is_default, immutable, creation_time, update_time";

ScannerRegistration read_row(db::Statement& st) {
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

std::optional<ScannerRegistration> find_where(db::Connection& c, const std::string& where,
                                              const std::string& arg) {
  auto st = c.prepare(std::string("SELECT ") + kColumns + " FROM scanners WHERE " + where);
  if (!arg.empty()) st.bind(1, arg);
  if (!st.step()) return std::nullopt;
  auto r = read_row(st);
  st.reset();
  return r;
}
}  // namespace

std::string random_uuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no randomness for a uuid");
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::vector<ScannerRegistration> ScannerStore::list() {
  auto c = db_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kColumns + " FROM scanners ORDER BY id");
  std::vector<ScannerRegistration> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

std::optional<ScannerRegistration> ScannerStore::find(const std::string& uuid) {
  if (uuid.empty()) return std::nullopt;
  auto c = db_.acquire();
  return find_where(*c, "uuid = ?", uuid);
}

std::optional<ScannerRegistration> ScannerStore::default_scanner() {
  auto c = db_.acquire();
  return find_where(*c, "is_default = 1 LIMIT 1", "");
}

std::string ScannerStore::create(ScannerRegistration r) {
  if (r.uuid.empty()) r.uuid = random_uuid();
  int64_t now = base::now_millis();
  auto c = db_.acquire();
  c->prepare(
       "INSERT INTO scanners(uuid, name, description, url, auth, access_credential, "
       "skip_cert_verify, use_internal_addr, disabled, is_default, immutable, creation_time, "
       "update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
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
      .bind(12, now)
      .run();
  return r.uuid;
}

void ScannerStore::update(const ScannerRegistration& r) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE scanners SET name = ?, description = ?, url = ?, auth = ?, access_credential = ?, "
       "skip_cert_verify = ?, use_internal_addr = ?, disabled = ?, update_time = ? WHERE uuid = ?")
      .bind(1, r.name)
      .bind(2, r.description)
      .bind(3, r.url)
      .bind(4, r.auth)
      .bind(5, r.access_credential)
      .bind(6, int(r.skip_cert_verify))
      .bind(7, int(r.use_internal_addr))
      .bind(8, int(r.disabled))
      .bind(9, base::now_millis())
      .bind(10, r.uuid)
      .run();
}

bool ScannerStore::remove(const std::string& uuid) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  c->prepare("DELETE FROM scanners WHERE uuid = ? AND immutable = 0").bind(1, uuid).run();
  bool removed = c->changes() > 0;
  c->prepare("DELETE FROM project_scanners WHERE scanner_uuid = ?").bind(1, uuid).run();
  tx.commit();
  return removed;
}

void ScannerStore::set_default(const std::string& uuid) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  c->prepare("UPDATE scanners SET is_default = (uuid = ?)").bind(1, uuid).run();
  tx.commit();
}

std::optional<ScannerRegistration> ScannerStore::project_scanner(int64_t project_id) {
  auto c = db_.acquire();
  return project_scanner(*c, project_id);
}

std::optional<ScannerRegistration> ScannerStore::project_scanner(db::Connection& c,
                                                                 int64_t project_id) {
  auto st = c.prepare("SELECT scanner_uuid FROM project_scanners WHERE project_id = ?");
  st.bind(1, project_id);
  if (st.step()) {
    std::string uuid = st.text(0);
    st.reset();
    if (auto r = find_where(c, "uuid = ?", uuid)) return r;
  }
  return find_where(c, "is_default = 1 LIMIT 1", "");
}

void ScannerStore::set_project_scanner(int64_t project_id, const std::string& uuid) {
  auto c = db_.acquire();
  c->prepare(
       "INSERT INTO project_scanners(project_id, scanner_uuid) VALUES (?, ?) "
       "ON CONFLICT(project_id) DO UPDATE SET scanner_uuid = excluded.scanner_uuid")
      .bind(1, project_id)
      .bind(2, uuid)
      .run();
}

void ScannerStore::ensure_builtin(const std::string& description) {
  if (!find(kBuiltinScannerUuid)) {
    ScannerRegistration r;
    r.uuid = kBuiltinScannerUuid;
    r.name = "Trivy";
    r.description = description;
    r.url = kBuiltinScannerUrl;
    r.immutable = true;
    create(r);
  }
  if (!default_scanner()) set_default(kBuiltinScannerUuid);
}

}  // namespace berth::scan
