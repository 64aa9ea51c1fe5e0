#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

#include "base/path_prefix.h"

extern char** environ;  // POSIX; declared here because <unistd.h> hides it without _GNU_SOURCE

namespace berth::config {

namespace {

using Setter = std::function<void(Config&, const std::string&)>;

struct Key {
  std::string path;  // dotted YAML path
  std::string env;   // environment variable overriding it
  Setter set;
};

bool parse_bool(const std::string& path, const std::string& v) {
  if (v == "true" || v == "True" || v == "TRUE" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "False" || v == "FALSE" || v == "0" || v == "no") return false;
  throw std::runtime_error(path + ": expected true or false, got '" + v + "'");
}

int64_t parse_int(const std::string& path, const std::string& v, int64_t min, int64_t max) {
  size_t used = 0;
  int64_t n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (...) {
    used = 0;
  }
  if (used != v.size() || v.empty())
    throw std::runtime_error(path + ": expected an integer, got '" + v + "'");
  if (n < min || n > max)
    throw std::runtime_error(path + ": " + v + " is out of range [" + std::to_string(min) + ", " +
                             std::to_string(max) + "]");
  return n;
}

Key str_key(std::string path, std::string env, std::string Config::*field) {
  return {path, env, [field](Config& c, const std::string& v) { c.*field = v; }};
}

template <class F>
Key key(std::string path, std::string env, F f) {
  return {path, env, Setter(f)};
}

Key int_key(std::string path, std::string env, int64_t min, int64_t max,
            std::function<void(Config&, int64_t)> f) {
  return {path, env, [=](Config& c, const std::string& v) { f(c, parse_int(path, v, min, max)); }};
}

const std::vector<Key>& keys() {
  static const std::vector<Key> k = {
      str_key("externalURL", "BERTH_EXTERNAL_URL", &Config::external_url),
      str_key("secretKey", "BERTH_SECRET_KEY", &Config::secret_key),
      str_key("harborAdminPassword", "BERTH_ADMIN_PASSWORD", &Config::harbor_admin_password),
      key("expose.tls.enabled", "BERTH_TLS_ENABLED",
          [](Config& c, const std::string& v) { c.tls.enabled = parse_bool("expose.tls.enabled", v); }),
      key("expose.tls.certSource", "BERTH_TLS_CERT_SOURCE",
          [](Config& c, const std::string& v) { c.tls.cert_source = v; }),
      key("expose.tls.auto.commonName", "BERTH_TLS_COMMON_NAME",
          [](Config& c, const std::string& v) { c.tls.auto_common_name = v; }),
      key("expose.tls.secret.certFile", "BERTH_TLS_CERT_FILE",
          [](Config& c, const std::string& v) { c.tls.cert_file = v; }),
      key("expose.tls.secret.keyFile", "BERTH_TLS_KEY_FILE",
          [](Config& c, const std::string& v) { c.tls.key_file = v; }),
      key("expose.tls.secret.caFile", "BERTH_TLS_CA_FILE",
          [](Config& c, const std::string& v) { c.tls.ca_file = v; }),
      key("trivy.skipUpdate", "BERTH_TRIVY_SKIP_UPDATE",
          [](Config& c, const std::string& v) { c.trivy_skip_update = parse_bool("trivy.skipUpdate", v); }),
      key("trivy.offlineScan", "BERTH_TRIVY_OFFLINE_SCAN",
          [](Config& c, const std::string& v) { c.trivy_offline_scan = parse_bool("trivy.offlineScan", v); }),
      str_key("listen", "BERTH_LISTEN", &Config::listen),
      str_key("tlsListen", "BERTH_TLS_LISTEN", &Config::tls_listen),
      key("dataDir", "BERTH_DATA_DIR", [](Config& c, const std::string& v) { c.data_dir = v; }),
      key("portalDir", "BERTH_PORTAL_DIR", [](Config& c, const std::string& v) { c.portal_dir = v; }),
      int_key("ioThreads", "BERTH_IO_THREADS", 0, 256, [](Config& c, int64_t n) { c.io_threads = int(n); }),
      int_key("blockingThreads", "BERTH_BLOCKING_THREADS", 1, 1024,
              [](Config& c, int64_t n) { c.blocking_threads = int(n); }),
      int_key("jobs.workers", "BERTH_JOBS_WORKERS", 1, 64,
              [](Config& c, int64_t n) { c.job_workers = int(n); }),
      str_key("log.level", "BERTH_LOG_LEVEL", &Config::log_level),
      key("log.access", "BERTH_ACCESS_LOG",
          [](Config& c, const std::string& v) { c.access_log = parse_bool("log.access", v); }),
      key("storage.delete.enabled", "BERTH_STORAGE_DELETE_ENABLED",
          [](Config& c, const std::string& v) { c.storage_delete_enabled = parse_bool("storage.delete.enabled", v); }),
      int_key("tokenExpirationMinutes", "BERTH_TOKEN_EXPIRATION_MINUTES", 1, 24 * 60,
              [](Config& c, int64_t n) { c.token_expiration_minutes = int(n); }),
      int_key("sessionTimeoutMinutes", "BERTH_SESSION_TIMEOUT_MINUTES", 1, 7 * 24 * 60,
              [](Config& c, int64_t n) { c.session_timeout_minutes = int(n); }),
      int_key("limits.maxManifestBytes", "BERTH_MAX_MANIFEST_BYTES", 1024, 64ll << 20,
              [](Config& c, int64_t n) { c.limits.max_manifest_bytes = uint64_t(n); }),
      int_key("limits.maxBlobBytes", "BERTH_MAX_BLOB_BYTES", 1, INT64_MAX,
              [](Config& c, int64_t n) { c.limits.max_blob_bytes = uint64_t(n); }),
      int_key("limits.maxJsonBodyBytes", "BERTH_MAX_JSON_BODY_BYTES", 1024, 64ll << 20,
              [](Config& c, int64_t n) { c.limits.max_json_body_bytes = uint64_t(n); }),
      int_key("limits.maxHeaderBytes", "BERTH_MAX_HEADER_BYTES", 1024, 1 << 20,
              [](Config& c, int64_t n) { c.limits.max_header_bytes = uint64_t(n); }),
      int_key("limits.headerTimeoutSeconds", "BERTH_HEADER_TIMEOUT_SECONDS", 1, 3600,
              [](Config& c, int64_t n) { c.limits.header_timeout_seconds = int(n); }),
      int_key("limits.idleTimeoutSeconds", "BERTH_IDLE_TIMEOUT_SECONDS", 1, 86400,
              [](Config& c, int64_t n) { c.limits.idle_timeout_seconds = int(n); }),
      int_key("limits.bodyIdleTimeoutSeconds", "BERTH_BODY_IDLE_TIMEOUT_SECONDS", 1, 3600,
              [](Config& c, int64_t n) { c.limits.body_idle_timeout_seconds = int(n); }),
      int_key("limits.shutdownGraceSeconds", "BERTH_SHUTDOWN_GRACE_SECONDS", 0, 3600,
              [](Config& c, int64_t n) { c.limits.shutdown_grace_seconds = int(n); }),
      int_key("limits.discardBodyMaxBytes", "BERTH_DISCARD_BODY_MAX_BYTES", 0, 1ll << 30,
              [](Config& c, int64_t n) { c.limits.discard_body_max_bytes = uint64_t(n); }),
      int_key("limits.lingerMaxBytes", "BERTH_LINGER_MAX_BYTES", 0, 1ll << 40,
              [](Config& c, int64_t n) { c.limits.linger_max_bytes = uint64_t(n); }),
      int_key("limits.lingerSeconds", "BERTH_LINGER_SECONDS", 0, 3600,
              [](Config& c, int64_t n) { c.limits.linger_seconds = int(n); }),
      int_key("limits.uploadChunkMinBytes", "BERTH_UPLOAD_CHUNK_MIN_BYTES", 0, 1ll << 30,
              [](Config& c, int64_t n) { c.limits.upload_chunk_min_bytes = int(n); }),
      int_key("limits.maxPageSize", "BERTH_MAX_PAGE_SIZE", 1, 1000000,
              [](Config& c, int64_t n) { c.limits.max_page_size = n; }),
      int_key("limits.uploadExpiryHours", "BERTH_UPLOAD_EXPIRY_HOURS", 1, 24 * 365,
              [](Config& c, int64_t n) { c.limits.upload_expiry_hours = int(n); }),
      int_key("replication.workers", "BERTH_REPLICATION_WORKERS", 1, 256,
              [](Config& c, int64_t n) { c.replication.workers = int(n); }),
      int_key("replication.blobsInFlight", "BERTH_REPLICATION_BLOBS_IN_FLIGHT", 1, 32,
              [](Config& c, int64_t n) { c.replication.blobs_in_flight = int(n); }),
      int_key("replication.taskTimeoutMinutes", "BERTH_REPLICATION_TASK_TIMEOUT_MINUTES", 1,
              7 * 24 * 60, [](Config& c, int64_t n) { c.replication.task_timeout_minutes = int(n); }),
      int_key("replication.maxRetries", "BERTH_REPLICATION_MAX_RETRIES", 0, 100,
              [](Config& c, int64_t n) { c.replication.max_retries = int(n); }),
      int_key("proxy.manifestTimeoutMs", "BERTH_PROXY_MANIFEST_TIMEOUT_MS", 100, 600000,
              [](Config& c, int64_t n) { c.proxy.manifest_timeout_ms = int(n); }),
      int_key("proxy.connectTimeoutMs", "BERTH_PROXY_CONNECT_TIMEOUT_MS", 100, 600000,
              [](Config& c, int64_t n) { c.proxy.connect_timeout_ms = int(n); }),
      int_key("proxy.idleTimeoutSeconds", "BERTH_PROXY_IDLE_TIMEOUT_SECONDS", 1, 3600,
              [](Config& c, int64_t n) { c.proxy.idle_timeout_seconds = int(n); }),
      int_key("proxy.fetchThreads", "BERTH_PROXY_FETCH_THREADS", 1, 256,
              [](Config& c, int64_t n) { c.proxy.fetch_threads = int(n); }),
      key("proxy.serveCachedOnNotFound", "BERTH_PROXY_SERVE_CACHED_ON_NOT_FOUND",
          [](Config& c, const std::string& v) {
            c.proxy.serve_cached_on_not_found = parse_bool("proxy.serveCachedOnNotFound", v);
          }),
      key("proxy.mirror.project", "BERTH_PROXY_MIRROR_PROJECT",
          [](Config& c, const std::string& v) { c.proxy.mirror_project = v; }),
      key("proxy.mirror.hosts", "BERTH_PROXY_MIRROR_HOSTS", [](Config& c, const std::string& v) {
        // A comma-separated list (YAML sequences are joined the same way before this runs).
        c.proxy.mirror_hosts.clear();
        std::stringstream ss(v);
        for (std::string h; std::getline(ss, h, ',');) {
          while (!h.empty() && h.front() == ' ') h.erase(0, 1);
          while (!h.empty() && h.back() == ' ') h.pop_back();
          if (!h.empty()) c.proxy.mirror_hosts.push_back(h);
        }
      }),
  };
  return k;
}

const Key* find_key(const std::string& path) {
  for (const auto& k : keys())
    if (k.path == path) return &k;
  return nullptr;
}

bool is_section(const std::string& path) {
  for (const auto& k : keys())
    if (k.path.starts_with(path + ".")) return true;
  return false;
}

std::string join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

struct Loader {
  Config& cfg;
  std::vector<std::string>& errors;

  void walk(const YAML::Node& node, const std::string& prefix) {
    for (const auto& kv : node) {
      std::string name = kv.first.as<std::string>();
      std::string path = join(prefix, name);
      // The seed's TLS example nests trivy under expose; Harbor ignores it there, we accept it.
      if (path == "expose.trivy") {
        cfg.warnings.push_back("'expose.trivy' should be top-level 'trivy'; read as 'trivy'");
        path = "trivy";
      }
      apply(kv.second, path);
    }
  }

  void apply(const YAML::Node& value, const std::string& path) {
    if (const Key* k = find_key(path)) {
      if (value.IsSequence() && path == "proxy.mirror.hosts") {
        std::string joined;
        for (const auto& item : value) joined += (joined.empty() ? "" : ",") + item.as<std::string>();
        k->set(cfg, joined);
        return;
      }
      if (!value.IsScalar() && !value.IsNull()) {
        errors.push_back(path + ": expected a single value");
        return;
      }
      if (value.IsNull()) return;
      try {
        k->set(cfg, value.as<std::string>());
      } catch (const std::exception& e) {
        errors.push_back(e.what());
      }
      if (path == "expose.tls.enabled") tls_enabled_given = true;
    } else if (is_section(path)) {
      if (value.IsNull()) return;
      if (!value.IsMap()) {
        errors.push_back(path + ": expected a mapping");
        return;
      }
      if (path == "expose.tls") tls_section_present = true;
      walk(value, path);
    } else {
      cfg.warnings.push_back("unknown configuration key '" + path + "' is ignored");
    }
  }

  bool tls_section_present = false;
  bool tls_enabled_given = false;
};

// Harbor's package wraps the values in a Kubernetes resource; accept that file as it is.
YAML::Node unwrap_package(const YAML::Node& root) {
  if (root.IsMap() && root["kind"] && root["spec"] && root["spec"]["config"] &&
      root["spec"]["config"].IsScalar())
    return YAML::Load(root["spec"]["config"].as<std::string>());
  return root;
}

void validate(const Config& c, std::vector<std::string>& errors) {
  static const std::vector<std::string> levels = {"trace", "debug", "info", "warn", "error", "off"};
  if (std::find(levels.begin(), levels.end(), c.log_level) == levels.end())
    errors.push_back("log.level: must be one of trace, debug, info, warn, error, off");
  auto cs = c.tls.cert_source;
  if (cs != "auto" && cs != "secret" && cs != "none")
    errors.push_back("expose.tls.certSource: must be auto, secret or none, got '" + cs + "'");
  if (c.tls.enabled && cs == "secret" && (c.tls.cert_file.empty() || c.tls.key_file.empty()))
    errors.push_back("expose.tls.certSource is 'secret': expose.tls.secret.certFile and keyFile are required");
  if (!c.external_url.empty() && !c.external_url.starts_with("http://") &&
      !c.external_url.starts_with("https://"))
    errors.push_back("externalURL: must start with http:// or https://");
  else if (!base::clean_path_prefix(base::url_path(c.external_url)))
    errors.push_back("externalURL: its path must be plain segments of letters, digits, '.', '_', "
                     "'~' and '-' (\"/reg\"), got '" + base::url_path(c.external_url) + "'");
  for (auto [key, addr] : {std::pair{"listen", &c.listen}, std::pair{"tlsListen", &c.tls_listen}})
    if (addr->rfind(':') == std::string::npos)
      errors.push_back(std::string(key) + ": address '" + *addr + "' must be host:port");
}

Config load(const YAML::Node& root, const std::vector<std::pair<std::string, std::string>>& env) {
  Config cfg;
  std::vector<std::string> errors;
  Loader loader{cfg, errors};
  YAML::Node doc = unwrap_package(root);
  if (doc.IsMap()) loader.walk(doc, "");
  else if (!doc.IsNull()) errors.push_back("configuration must be a YAML mapping");

  // Harbor enables TLS unless told otherwise once expose.tls is configured; with no TLS section at
  // all Berth starts on plain HTTP so that zero configuration just works.
  if (loader.tls_section_present && !loader.tls_enabled_given) cfg.tls.enabled = true;

  for (const auto& [name, value] : env) {
    if (!name.starts_with("BERTH_")) continue;
    bool known = false;
    for (const auto& k : keys()) {
      if (k.env != name) continue;
      known = true;
      try {
        k.set(cfg, value);
      } catch (const std::exception& e) {
        errors.push_back(std::string(e.what()) + " (from " + name + ")");
      }
    }
    if (!known && name != "BERTH_CONFIG")
      cfg.warnings.push_back("unknown environment variable '" + name + "' is ignored");
  }
  // After the environment, which may set certSource too.
  if (cfg.tls.cert_source == "none") cfg.tls.enabled = false;
  validate(cfg, errors);
  if (!errors.empty()) {
    std::string msg = "invalid configuration:";
    for (const auto& e : errors) msg += "\n  - " + e;
    throw std::runtime_error(msg);
  }
  return cfg;
}

std::vector<std::pair<std::string, std::string>> process_environment() {
  std::vector<std::pair<std::string, std::string>> env;
  for (char** e = environ; *e; ++e) {
    std::string s(*e);
    auto eq = s.find('=');
    if (eq != std::string::npos) env.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return env;
}

}  // namespace

Config load_config_text(const std::string& yaml_text,
                        const std::vector<std::pair<std::string, std::string>>& env) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(std::string("invalid configuration: YAML error: ") + e.what());
  }
  return load(root, env);
}

Config load_config(const std::filesystem::path& path) {
  std::string text;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read configuration file " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  return load_config_text(text, process_environment());
}

std::vector<std::pair<std::string, std::string>> environment_overrides() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& k : keys()) out.emplace_back(k.env, k.path);
  return out;
}

}  // namespace berth::config
