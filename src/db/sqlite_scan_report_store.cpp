#include "db/sqlite_scan_report_store.h"

#include "base/clock.h"
#include "core/media_types.h"
#include "db/sqlite.h"
#include "scan/scanner_store.h"

namespace berth::db {

using scan::ScanReportRow;

namespace {

std::string columns(bool with_report) {
  return std::string(
             "id, uuid, digest, repository, registration_uuid, mime_type, status, severity, "
             "summary, error, job_id, start_time, end_time") +
         (with_report ? ", report" : ", ''");
}

ScanReportRow read_report(Statement& st) {
  ScanReportRow r;
  r.id = st.int64(0);
  r.uuid = st.text(1);
  r.digest = st.text(2);
  r.repository = st.text(3);
  r.registration_uuid = st.text(4);
  r.mime_type = st.text(5);
  r.status = st.text(6);
  r.severity = st.text(7);
  r.summary = st.text(8);
  r.error = st.text(9);
  if (!st.is_null(10)) r.job_id = st.int64(10);
  if (!st.is_null(11)) r.start_time = st.int64(11);
  if (!st.is_null(12)) r.end_time = st.int64(12);
  r.report = st.text(13);
  return r;
}

std::optional<ScanReportRow> first_report(Statement& st) {
  if (!st.step()) return std::nullopt;
  auto r = read_report(st);
  st.reset();
  return r;
}
}  // namespace

std::string SqliteScanReportStore::begin(const std::string& digest, const std::string& repository,
                                         const std::string& registration_uuid,
                                         const std::string& mime_type) {
  std::string uuid = scan::random_uuid();
  auto c = db_.acquire();
  c->prepare(
       "INSERT INTO scan_reports(uuid, digest, repository, registration_uuid, mime_type, status, "
       "start_time) VALUES (?, ?, ?, ?, ?, 'Pending', ?) "
       "ON CONFLICT(digest, registration_uuid, mime_type) DO UPDATE SET uuid = excluded.uuid, "
       "repository = excluded.repository, status = 'Pending', severity = '', summary = '{}', "
       "report = '', error = '', job_id = NULL, start_time = excluded.start_time, end_time = NULL")
      .bind(1, uuid)
      .bind(2, digest)
      .bind(3, repository)
      .bind(4, registration_uuid)
      .bind(5, mime_type)
      .bind(6, base::now_millis())
      .run();
  return uuid;
}

void SqliteScanReportStore::set_job(const std::string& uuid, int64_t job_id) {
  auto c = db_.acquire();
  c->prepare("UPDATE scan_reports SET job_id = ? WHERE uuid = ?")
      .bind(1, job_id)
      .bind(2, uuid)
      .run();
}

void SqliteScanReportStore::set_running(const std::string& uuid) {
  auto c = db_.acquire();
  c->prepare("UPDATE scan_reports SET status = 'Running', start_time = ? WHERE uuid = ?")
      .bind(1, base::now_millis())
      .bind(2, uuid)
      .run();
}

void SqliteScanReportStore::finish(const std::string& uuid, const std::string& status,
                                   const std::string& severity, const std::string& summary_json,
                                   const std::string& report_json, const std::string& error) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE scan_reports SET status = ?, severity = ?, summary = ?, report = ?, error = ?, "
       "end_time = ? WHERE uuid = ?")
      .bind(1, status)
      .bind(2, severity)
      .bind(3, summary_json)
      .bind(4, report_json)
      .bind(5, error)
      .bind(6, base::now_millis())
      .bind(7, uuid)
      .run();
}

void SqliteScanReportStore::stop_unstarted(int64_t job_id) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE scan_reports SET status = 'Stopped', error = 'stopped before it started', "
       "end_time = ? WHERE job_id = ? AND status = 'Pending'")
      .bind(1, base::now_millis())
      .bind(2, job_id)
      .run();
}

std::optional<ScanReportRow> SqliteScanReportStore::find(const std::string& digest,
                                                         const std::string& registration_uuid,
                                                         const std::string& mime_type,
                                                         bool with_report) {
  auto c = db_.acquire();
  auto st =
      c->prepare("SELECT " + columns(with_report) +
                 " FROM scan_reports WHERE digest = ? AND registration_uuid = ? AND mime_type = ?");
  st.bind(1, digest).bind(2, registration_uuid).bind(3, mime_type);
  return first_report(st);
}

std::optional<ScanReportRow> SqliteScanReportStore::find_by_uuid(const std::string& uuid) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT " + columns(true) + " FROM scan_reports WHERE uuid = ?");
  st.bind(1, uuid);
  return first_report(st);
}

std::vector<scan::ScanArtifact> SqliteScanReportStore::image_artifacts() {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT r.name, m.digest FROM manifests m JOIN repositories r ON r.id = m.repository_id "
      "WHERE m.media_type IN (?, ?) ORDER BY m.id");
  st.bind(1, std::string(core::media::kOciManifest))
      .bind(2, std::string(core::media::kDockerManifest));
  std::vector<scan::ScanArtifact> out;
  while (st.step()) out.push_back({st.text(0), st.text(1)});
  return out;
}

std::vector<std::string> SqliteScanReportStore::index_children(const std::string& digest) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT DISTINCT r.digest FROM manifest_references r JOIN manifests m "
      "ON m.id = r.manifest_id WHERE m.digest = ? AND r.kind = 'manifest'");
  st.bind(1, digest);
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::optional<scan::ArtifactTypes> SqliteScanReportStore::artifact_types(
    const std::string& repository, const std::string& digest) {
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT m.media_type, m.artifact_type FROM manifests m JOIN repositories r "
      "ON r.id = m.repository_id WHERE r.name = ? AND m.digest = ?");
  st.bind(1, repository).bind(2, digest);
  if (!st.step()) return std::nullopt;
  scan::ArtifactTypes t{st.text(0), st.text(1)};
  st.reset();
  return t;
}

}  // namespace berth::db
