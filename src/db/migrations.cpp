#include "db/migrations.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace berth::db {

namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append only: a migration that has shipped is never edited.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> m = {
      {1, R"SQL(
CREATE TABLE repositories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  pull_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- A blob known to the store, with its verified size.
CREATE TABLE blobs (
  digest TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
-- Which repositories may serve a blob: uploads and mounts add rows, deletes remove them.
CREATE TABLE repository_blobs (
  repository TEXT NOT NULL,
  digest TEXT NOT NULL REFERENCES blobs(digest),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (repository, digest)
);
CREATE INDEX repository_blobs_digest ON repository_blobs(digest);
CREATE TABLE manifests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  digest TEXT NOT NULL,
  media_type TEXT NOT NULL,
  artifact_type TEXT NOT NULL DEFAULT '',
  subject TEXT,
  annotations TEXT,
  size INTEGER NOT NULL,
  total_size INTEGER NOT NULL DEFAULT 0,
  content BLOB NOT NULL,
  push_time INTEGER NOT NULL,
  pull_time INTEGER,
  UNIQUE (repository_id, digest)
);
CREATE INDEX manifests_subject ON manifests(repository_id, subject);
-- What a manifest points at: blobs (config, layers) and child manifests (indexes).
CREATE TABLE manifest_references (
  manifest_id INTEGER NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  digest TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  platform TEXT,
  annotations TEXT,
  PRIMARY KEY (manifest_id, position)
);
CREATE INDEX manifest_references_digest ON manifest_references(digest);
CREATE TABLE tags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  manifest_id INTEGER NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
  push_time INTEGER NOT NULL,
  pull_time INTEGER,
  UNIQUE (repository_id, name)
);
CREATE INDEX tags_manifest ON tags(manifest_id);
)SQL"},
      {2, R"SQL(
-- Identity: local users (db_auth). Passwords are PBKDF2-SHA256 strings (auth/password.h).
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL DEFAULT '',
  realname TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  sysadmin INTEGER NOT NULL DEFAULT 0,
  password_changed_at INTEGER NOT NULL DEFAULT 0,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users(email) WHERE email <> '';
-- Portal sessions (cookie sid), shared by every instance through the database.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie value; the value itself is never stored
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE projects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  owner_id INTEGER NOT NULL,
  registry_id INTEGER,               -- set: a proxy-cache project of that registry endpoint
  metadata TEXT NOT NULL DEFAULT '{}',  -- Harbor ProjectMetadata: string values
  cve_allowlist TEXT NOT NULL DEFAULT '{}',
  storage_limit INTEGER NOT NULL DEFAULT -1,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
-- Project membership; entity_type 'u' (user) or 'g' (group, reserved).
CREATE TABLE project_members (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL,
  entity_type TEXT NOT NULL DEFAULT 'u',
  role_id INTEGER NOT NULL,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  UNIQUE (project_id, entity_id, entity_type)
);
CREATE TABLE robots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,         -- full name including the robot$ prefix
  description TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL,               -- system | project
  project_id INTEGER NOT NULL DEFAULT 0,
  secret_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  duration INTEGER NOT NULL,         -- days, -1 never expires
  expires_at INTEGER NOT NULL,       -- unix seconds, -1 never
  permissions TEXT NOT NULL DEFAULT '[]',  -- Harbor RobotPermission list (JSON)
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
CREATE TABLE audit_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL DEFAULT 0,
  operation TEXT NOT NULL,           -- create, delete, pull, push, login, update ...
  resource_type TEXT NOT NULL,       -- artifact, project, user, member, robot, ...
  resource TEXT NOT NULL,
  username TEXT NOT NULL,
  client_ip TEXT NOT NULL DEFAULT '',
  op_time INTEGER NOT NULL
);
CREATE INDEX audit_logs_project ON audit_logs(project_id, op_time);
CREATE INDEX audit_logs_time ON audit_logs(op_time);
)SQL"},
      {3, R"SQL(
-- Registry endpoints (Harbor's "registries"): proxy-cache sources and replication targets.
CREATE TABLE registries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,                -- docker-registry | docker-hub | harbor | aws-ecr
  url TEXT NOT NULL,
  credential_type TEXT NOT NULL DEFAULT 'basic',
  access_key TEXT NOT NULL DEFAULT '',
  access_secret TEXT NOT NULL DEFAULT '',  -- SecretBox-sealed ("v1:..."), '' when none; never plaintext
  insecure INTEGER NOT NULL DEFAULT 0,
  ca_certificate TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'healthy',  -- healthy | unhealthy (last check)
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
CREATE INDEX projects_registry ON projects(registry_id);
)SQL"},
      {4, R"SQL(
-- Background jobs (scans now, replication later): survive restarts; see jobs/job_queue.h.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                -- handler name: scan, scan_all, ...
  payload TEXT NOT NULL DEFAULT '{}',  -- JSON, read by the handler
  status TEXT NOT NULL,              -- pending | running | success | error | stopped
  attempts INTEGER NOT NULL DEFAULT 0,
  dedupe_key TEXT,                   -- at most one pending/running job per key
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,       -- unix millis
  started_at INTEGER,
  finished_at INTEGER
);
CREATE INDEX jobs_status ON jobs(status, id);
CREATE UNIQUE INDEX jobs_active_dedupe ON jobs(dedupe_key)
  WHERE dedupe_key IS NOT NULL AND status IN ('pending', 'running');
-- Scanner registrations (Harbor's /scanners): the built-in Trivy plus external adapters.
CREATE TABLE scanners (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL UNIQUE,
  auth TEXT NOT NULL DEFAULT '',
  access_credential TEXT NOT NULL DEFAULT '',  -- SecretBox-sealed, '' when none
  skip_cert_verify INTEGER NOT NULL DEFAULT 0,
  use_internal_addr INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0,
  immutable INTEGER NOT NULL DEFAULT 0,        -- the built-in one
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
CREATE TABLE project_scanners (
  project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  scanner_uuid TEXT NOT NULL
);
-- The latest vulnerability report of an artifact per scanner.
CREATE TABLE scan_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,          -- Harbor's report_id
  digest TEXT NOT NULL,               -- artifact (manifest) digest
  repository TEXT NOT NULL,           -- where it was scanned from
  registration_uuid TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  status TEXT NOT NULL,               -- Pending | Running | Success | Error | Stopped
  severity TEXT NOT NULL DEFAULT '',  -- highest finding: Critical .. None
  summary TEXT NOT NULL DEFAULT '{}', -- {"total","fixable","summary":{severity: n}}
  report TEXT NOT NULL DEFAULT '',    -- Harbor vulnerability report v1.1 JSON
  error TEXT NOT NULL DEFAULT '',
  job_id INTEGER,
  start_time INTEGER,                 -- unix millis
  end_time INTEGER,
  UNIQUE (digest, registration_uuid, mime_type)
);
-- Small system-wide scan settings: the system CVE allowlist, the scanAll schedule.
CREATE TABLE scan_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL"},
      {5, R"SQL(
-- Harbor's labels: global (scope 'g', project_id 0) or of one project (scope 'p').
CREATE TABLE labels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  color TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL,                      -- g | p
  project_id INTEGER NOT NULL DEFAULT 0,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  UNIQUE (name, scope, project_id)
);
-- Labels attached to artifacts (manifests).
CREATE TABLE artifact_labels (
  manifest_id INTEGER NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
  label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  creation_time INTEGER NOT NULL,
  PRIMARY KEY (manifest_id, label_id)
);
CREATE INDEX artifact_labels_label ON artifact_labels(label_id);
)SQL"},
      {6, R"SQL(
-- Replication rules (Harbor's replication policies). registry ids of 0 mean this Berth.
CREATE TABLE replication_policies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  src_registry_id INTEGER NOT NULL DEFAULT 0,
  dest_registry_id INTEGER NOT NULL DEFAULT 0,
  dest_namespace TEXT NOT NULL DEFAULT '',
  dest_namespace_replace_count INTEGER NOT NULL DEFAULT -1,
  filters TEXT NOT NULL DEFAULT '[]',       -- Harbor's filters JSON
  trigger_type TEXT NOT NULL DEFAULT 'manual',
  trigger_cron TEXT NOT NULL DEFAULT '',
  replicate_deletion INTEGER NOT NULL DEFAULT 0,
  override INTEGER NOT NULL DEFAULT 1,
  enabled INTEGER NOT NULL DEFAULT 1,
  speed_kbps INTEGER NOT NULL DEFAULT 0,
  copy_by_chunk INTEGER NOT NULL DEFAULT 0,
  single_active INTEGER NOT NULL DEFAULT 0,
  dest_tag_immutability INTEGER NOT NULL DEFAULT 0,  -- repositories the copy creates (ECR)
  dest_scan_on_push INTEGER NOT NULL DEFAULT 0,
  creator_id INTEGER NOT NULL DEFAULT 0,
  creation_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);
-- One run of a policy.
CREATE TABLE replication_executions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  policy_id INTEGER NOT NULL,
  status TEXT NOT NULL,                     -- running | success | error | stopped
  status_text TEXT NOT NULL DEFAULT '',
  trigger TEXT NOT NULL,                    -- manual | scheduled | event_based
  start_time INTEGER NOT NULL,
  end_time INTEGER
);
CREATE INDEX replication_executions_policy ON replication_executions(policy_id, id);
-- One artifact copied (or deleted) by an execution.
CREATE TABLE replication_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id INTEGER NOT NULL REFERENCES replication_executions(id) ON DELETE CASCADE,
  status TEXT NOT NULL,                     -- pending | running | success | error | stopped
  operation TEXT NOT NULL,                  -- copy | deletion
  resource_type TEXT NOT NULL,
  src_resource TEXT NOT NULL,
  dst_resource TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  job_id INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  bytes_total INTEGER NOT NULL DEFAULT 0,
  bytes_done INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  log TEXT NOT NULL DEFAULT '',
  start_time INTEGER,
  end_time INTEGER
);
CREATE INDEX replication_tasks_execution ON replication_tasks(execution_id, id);
)SQL"},
  };
  return m;
}

}  // namespace

int migrate(Connection& c) {
  c.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at "
      "INTEGER NOT NULL)");
  int current = 0;
  {
    auto st = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (st.step()) current = int(st.int64(0));
  }
  for (const auto& m : migrations()) {
    if (m.version <= current) continue;
    Transaction tx(c);
    c.exec(m.sql);
    c.prepare("INSERT INTO schema_migrations(version, applied_at) VALUES (?, strftime('%s','now'))")
        .bind(1, m.version)
        .run();
    tx.commit();
    spdlog::info("database migrated to version {}", m.version);
    current = m.version;
  }
  if (current > migrations().back().version)
    throw DbError("database schema version " + std::to_string(current) +
                  " is newer than this Berth supports; upgrade Berth");
  return current;
}

}  // namespace berth::db
