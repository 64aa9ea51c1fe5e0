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
  };
  return m;
}

}  // namespace

int migrate(Connection& c) {
  c.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
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
