// Berth's configuration: Harbor package keys plus Berth's own, with defaults and env overrides.
// Every key is listed in docs/CONFIG.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace berth::config {

struct TlsConfig {
  bool enabled = false;
  std::string cert_source = "auto";  // auto | secret | none
  std::string auto_common_name;      // expose.tls.auto.commonName
  std::string cert_file;             // expose.tls.secret.certFile
  std::string key_file;              // expose.tls.secret.keyFile
  std::string ca_file;               // expose.tls.secret.caFile
};

struct LimitsConfig {
  uint64_t max_manifest_bytes = 4 * 1024 * 1024;
  uint64_t max_blob_bytes = 64ull * 1024 * 1024 * 1024;
  uint64_t max_json_body_bytes = 1024 * 1024;
  uint64_t max_header_bytes = 16 * 1024;
  int header_timeout_seconds = 30;   // time to send request headers (slowloris bound)
  int idle_timeout_seconds = 120;    // keep-alive connection idle time
  int body_idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 30;   // in-flight requests get this long after SIGTERM
  // Early answers (401, 404, 413, 416 before the body is read): a body rest up to
  // discard_body_max_bytes is read and dropped; a larger one is drained within the linger bounds.
  uint64_t discard_body_max_bytes = 1024 * 1024;
  uint64_t linger_max_bytes = 128ull << 20;
  int linger_seconds = 30;
  int upload_chunk_min_bytes = 1 << 20;  // OCI-Chunk-Min-Length advertised (0: not advertised)
  int64_t max_page_size = 10000;
  int upload_expiry_hours = 168;         // abandoned uploads are removed after this long         // upper bound of n= on tags/list and _catalog
};

// The pull-through cache (proxy-cache projects) and the transparent mirror.
struct ProxyConfig {
  // Upstream manifest checks (HEAD by tag) give up after this long and serve the cached copy.
  int manifest_timeout_ms = 3000;
  int connect_timeout_ms = 3000;
  int idle_timeout_seconds = 30;  // a blob download with no byte for this long fails
  int fetch_threads = 16;         // concurrent upstream blob downloads
  // Serve a cached tag even when the upstream says it no longer exists (Harbor main's
  // proxy_cache_local_on_not_found).
  bool serve_cached_on_not_found = false;
  // Transparent mirror: requests whose Host is one of mirror_hosts address mirror_project
  // without a project prefix (/v2/library/nginx → /v2/<mirror_project>/library/nginx).
  std::string mirror_project;
  std::vector<std::string> mirror_hosts;
};

// Replication (replication policies, executions and tasks).
struct ReplicationConfig {
  int workers = 8;                  // tasks copying at once, over every policy
  int blobs_in_flight = 3;          // blobs of one task streaming at once
  int task_timeout_minutes = 240;   // a task still running after this long fails
  int max_retries = 5;              // transient errors (network, 429, 5xx) retried with backoff
};

struct Config {
  // Harbor package keys.
  std::string external_url;
  std::string secret_key;
  std::string harbor_admin_password = "Harbor12345";
  TlsConfig tls;
  bool trivy_skip_update = false;
  bool trivy_offline_scan = false;

  // Berth keys.
  std::string listen = "0.0.0.0:8080";
  std::string tls_listen = "0.0.0.0:8443";
  std::filesystem::path data_dir = "data";
  // The built web portal (ui/dist); empty: `portal` next to the executable.
  std::filesystem::path portal_dir;
  int io_threads = 0;        // 0: one per core
  int blocking_threads = 8;  // disk, database and other blocking work
  int job_workers = 2;       // background jobs (scans, scan all) running at once
  std::string log_level = "info";
  bool access_log = true;
  bool storage_delete_enabled = true;
  int token_expiration_minutes = 30;  // registry tokens from /service/token (Harbor's default)
  int session_timeout_minutes = 60;   // portal sessions (cookie sid)
  LimitsConfig limits;
  ProxyConfig proxy;
  ReplicationConfig replication;

  // Problems found while loading that do not stop Berth (unknown keys, deprecated spellings).
  std::vector<std::string> warnings;
};

// Loads `path` (empty: defaults only), then applies BERTH_* environment overrides, then validates.
// Throws std::runtime_error with every problem found when the result is unusable.
Config load_config(const std::filesystem::path& path);

// Same, from YAML text (for tests); `env` maps variable names to values.
Config load_config_text(const std::string& yaml_text,
                        const std::vector<std::pair<std::string, std::string>>& env);

// The list of environment variables Berth reads, with their keys (for docs and `config check`).
std::vector<std::pair<std::string, std::string>> environment_overrides();

}  // namespace berth::config
