#include "config/config.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>

using berth::config::Config;
using berth::config::environment_overrides;
using berth::config::load_config;
using berth::config::load_config_text;

namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

Config load(const std::string& yaml, const Env& env = {}) {
  return load_config_text(yaml, env);
}

// Loads and expects a failure; returns the exception message.
std::string load_error(const std::string& yaml, const Env& env = {}) {
  try {
    load_config_text(yaml, env);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an invalid configuration:\n" << yaml;
  return "";
}

bool has_warning_containing(const Config& c, const std::string& needle) {
  return std::any_of(c.warnings.begin(), c.warnings.end(),
                     [&](const std::string& w) { return w.find(needle) != std::string::npos; });
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* kSeed = R"(
expose:
  tls:
    enabled: true
    certSource: auto
    auto:
      commonName: "berth.example"
externalURL: https://berth.example:30003
secretKey: "not-a-secure-key"
)";

}  // namespace

// ---- defaults ----

TEST(Config, DefaultsWithEmptyText) {
  for (const char* text : {"", "\n", "# only a comment\n", "---\n"}) {
    Config c = load(text);
    EXPECT_EQ(c.external_url, "") << text;
    EXPECT_EQ(c.secret_key, "");
    EXPECT_EQ(c.harbor_admin_password, "Harbor12345");
    EXPECT_FALSE(c.tls.enabled);
    EXPECT_EQ(c.tls.cert_source, "auto");
    EXPECT_EQ(c.tls.auto_common_name, "");
    EXPECT_EQ(c.tls.cert_file, "");
    EXPECT_FALSE(c.trivy_skip_update);
    EXPECT_FALSE(c.trivy_offline_scan);
    EXPECT_EQ(c.listen, "0.0.0.0:8080");
    EXPECT_EQ(c.tls_listen, "0.0.0.0:8443");
    EXPECT_EQ(c.data_dir, std::filesystem::path("data"));
    EXPECT_EQ(c.io_threads, 0);
    EXPECT_EQ(c.blocking_threads, 8);
    EXPECT_EQ(c.log_level, "info");
    EXPECT_TRUE(c.access_log);
    EXPECT_TRUE(c.storage_delete_enabled);
    EXPECT_EQ(c.limits.max_manifest_bytes, 4u * 1024 * 1024);
    EXPECT_EQ(c.limits.max_blob_bytes, 64ull << 30);
    EXPECT_EQ(c.limits.max_page_size, 10000);
    EXPECT_EQ(c.limits.upload_expiry_hours, 168);
    EXPECT_TRUE(c.warnings.empty());
  }
}

TEST(Config, EmptyMappingIsDefaults) {
  Config c = load("{}");
  EXPECT_FALSE(c.tls.enabled);
  EXPECT_TRUE(c.warnings.empty());
}

// ---- Harbor package keys ----

TEST(Config, SeedConfiguration) {
  Config c = load(kSeed);
  EXPECT_TRUE(c.tls.enabled);
  EXPECT_EQ(c.tls.cert_source, "auto");
  EXPECT_EQ(c.tls.auto_common_name, "berth.example");
  EXPECT_EQ(c.external_url, "https://berth.example:30003");
  EXPECT_EQ(c.secret_key, "not-a-secure-key");
  EXPECT_TRUE(c.warnings.empty()) << c.warnings.front();
}

TEST(Config, HarborAdminPassword) {
  Config c = load("harborAdminPassword: s3cret!\n");
  EXPECT_EQ(c.harbor_admin_password, "s3cret!");
}

TEST(Config, NumericLookingStringsStayStrings) {
  Config c = load("secretKey: 0123456789\nharborAdminPassword: 12345\n");
  EXPECT_EQ(c.secret_key, "0123456789");
  EXPECT_EQ(c.harbor_admin_password, "12345");
}

TEST(Config, TlsSecretFiles) {
  Config c = load(R"(
expose:
  tls:
    certSource: secret
    secret:
      certFile: /etc/berth/tls.crt
      keyFile: /etc/berth/tls.key
      caFile: /etc/berth/ca.crt
)");
  EXPECT_TRUE(c.tls.enabled);
  EXPECT_EQ(c.tls.cert_source, "secret");
  EXPECT_EQ(c.tls.cert_file, "/etc/berth/tls.crt");
  EXPECT_EQ(c.tls.key_file, "/etc/berth/tls.key");
  EXPECT_EQ(c.tls.ca_file, "/etc/berth/ca.crt");
}

TEST(Config, TlsSecretRequiresCertAndKey) {
  auto msg = load_error("expose:\n  tls:\n    certSource: secret\n");
  EXPECT_TRUE(contains(msg, "expose.tls.secret.certFile")) << msg;
  msg =
      load_error("expose:\n  tls:\n    certSource: secret\n    secret:\n      certFile: /a.crt\n");
  EXPECT_TRUE(contains(msg, "keyFile")) << msg;
  // Not needed while TLS is off.
  Config c = load("expose:\n  tls:\n    enabled: false\n    certSource: secret\n");
  EXPECT_FALSE(c.tls.enabled);
}

TEST(Config, TrivyKeys) {
  Config c = load("trivy:\n  skipUpdate: true\n  offlineScan: true\n");
  EXPECT_TRUE(c.trivy_skip_update);
  EXPECT_TRUE(c.trivy_offline_scan);
  EXPECT_TRUE(c.warnings.empty());
  c = load("trivy:\n  skipUpdate: false\n  offlineScan: false\n");
  EXPECT_FALSE(c.trivy_skip_update);
  EXPECT_FALSE(c.trivy_offline_scan);
}

TEST(Config, ExposeTrivyIsReadAsTrivyWithAWarning) {
  Config c = load(R"(
expose:
  tls:
    enabled: true
  trivy:
    skipUpdate: true
    offlineScan: true
)");
  EXPECT_TRUE(c.trivy_skip_update);
  EXPECT_TRUE(c.trivy_offline_scan);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_TRUE(contains(c.warnings[0], "expose.trivy")) << c.warnings[0];
}

TEST(Config, UnknownKeyUnderExposeTrivyIsReportedAsTrivy) {
  Config c = load("expose:\n  trivy:\n    bogus: 1\n");
  EXPECT_TRUE(has_warning_containing(c, "expose.trivy"));
  EXPECT_TRUE(has_warning_containing(c, "'trivy.bogus'"));
}

TEST(Config, TlsSectionWithoutEnabledMeansEnabled) {
  EXPECT_TRUE(load("expose:\n  tls:\n    certSource: auto\n").tls.enabled);
  EXPECT_TRUE(load("expose:\n  tls:\n    auto:\n      commonName: x\n").tls.enabled);
  EXPECT_TRUE(load("expose:\n  tls: {}\n").tls.enabled);
}

TEST(Config, NoTlsSectionMeansDisabled) {
  EXPECT_FALSE(load("externalURL: https://x\n").tls.enabled);
  EXPECT_FALSE(load("expose:\n  tls:\n").tls.enabled);  // null section
}

TEST(Config, TlsEnabledFalseIsRespected) {
  Config c = load("expose:\n  tls:\n    enabled: false\n    certSource: auto\n");
  EXPECT_FALSE(c.tls.enabled);
}

TEST(Config, CertSourceNoneDisablesTls) {
  Config c = load("expose:\n  tls:\n    enabled: true\n    certSource: none\n");
  EXPECT_FALSE(c.tls.enabled);
  EXPECT_EQ(c.tls.cert_source, "none");
  EXPECT_FALSE(load("expose:\n  tls:\n    certSource: none\n").tls.enabled);
}

TEST(Config, BooleanSpellings) {
  for (const char* t : {"true", "True", "TRUE", "yes", "1"})
    EXPECT_TRUE(load(std::string("trivy:\n  skipUpdate: ") + t + "\n").trivy_skip_update) << t;
  for (const char* f : {"false", "False", "FALSE", "no", "0"})
    EXPECT_FALSE(load(std::string("log:\n  access: ") + f + "\n").access_log) << f;
}

// ---- Berth keys ----

TEST(Config, BerthKeys) {
  Config c = load(R"(
listen: 127.0.0.1:5000
tlsListen: "[::]:5443"
dataDir: /var/lib/berth
ioThreads: 4
blockingThreads: 16
log:
  level: debug
  access: false
storage:
  delete:
    enabled: false
limits:
  maxManifestBytes: 1048576
  maxBlobBytes: 1099511627776
  maxPageSize: 50
  uploadExpiryHours: 24
  uploadChunkMinBytes: 0
  shutdownGraceSeconds: 0
)");
  EXPECT_EQ(c.listen, "127.0.0.1:5000");
  EXPECT_EQ(c.tls_listen, "[::]:5443");
  EXPECT_EQ(c.data_dir, std::filesystem::path("/var/lib/berth"));
  EXPECT_EQ(c.io_threads, 4);
  EXPECT_EQ(c.blocking_threads, 16);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_FALSE(c.access_log);
  EXPECT_FALSE(c.storage_delete_enabled);
  EXPECT_EQ(c.limits.max_manifest_bytes, 1048576u);
  EXPECT_EQ(c.limits.max_blob_bytes, 1ull << 40);
  EXPECT_EQ(c.limits.max_page_size, 50);
  EXPECT_EQ(c.limits.upload_expiry_hours, 24);
  EXPECT_EQ(c.limits.upload_chunk_min_bytes, 0);
  EXPECT_EQ(c.limits.shutdown_grace_seconds, 0);
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, NullValuesKeepDefaults) {
  Config c = load("externalURL:\nlisten:\nlimits:\n  maxPageSize:\n");
  EXPECT_EQ(c.external_url, "");
  EXPECT_EQ(c.listen, "0.0.0.0:8080");
  EXPECT_EQ(c.limits.max_page_size, 10000);
}

// ---- unknown keys ----

TEST(Config, UnknownKeysAreWarnings) {
  Config c = load(R"(
foo: 1
expose:
  type: nodePort
  tls:
    enabled: true
    auto:
      commonName: x
      bogus: y
limits:
  maxWidgets: 3
)");
  EXPECT_TRUE(c.tls.enabled);
  EXPECT_EQ(c.tls.auto_common_name, "x");
  EXPECT_EQ(c.warnings.size(), 4u);
  EXPECT_TRUE(has_warning_containing(c, "'foo'"));
  EXPECT_TRUE(has_warning_containing(c, "'expose.type'"));
  EXPECT_TRUE(has_warning_containing(c, "'expose.tls.auto.bogus'"));
  EXPECT_TRUE(has_warning_containing(c, "'limits.maxWidgets'"));
}

TEST(Config, UnknownSectionIsOneWarning) {
  Config c = load("database:\n  type: postgresql\n  external:\n    host: db\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_TRUE(contains(c.warnings[0], "'database'"));
}

TEST(Config, KeysAreCaseSensitive) {
  Config c = load("externalUrl: https://x\n");
  EXPECT_EQ(c.external_url, "");
  EXPECT_TRUE(has_warning_containing(c, "'externalUrl'"));
}

// ---- invalid values ----

TEST(Config, InvalidBooleanNamesTheKey) {
  auto msg = load_error("expose:\n  tls:\n    enabled: maybe\n");
  EXPECT_TRUE(contains(msg, "expose.tls.enabled")) << msg;
  EXPECT_TRUE(contains(msg, "maybe")) << msg;
  msg = load_error("trivy:\n  offlineScan: sometimes\n");
  EXPECT_TRUE(contains(msg, "trivy.offlineScan")) << msg;
  msg = load_error("storage:\n  delete:\n    enabled: 2\n");
  EXPECT_TRUE(contains(msg, "storage.delete.enabled")) << msg;
}

TEST(Config, InvalidIntegerNamesTheKey) {
  for (const char* v : {"lots", "4x", "1.5", "0x10", "\"\""}) {
    auto msg = load_error(std::string("ioThreads: ") + v + "\n");
    EXPECT_TRUE(contains(msg, "ioThreads")) << msg;
  }
  auto msg = load_error("limits:\n  maxPageSize: many\n");
  EXPECT_TRUE(contains(msg, "limits.maxPageSize")) << msg;
}

TEST(Config, OutOfRangeIntegerNamesTheKey) {
  auto msg = load_error("ioThreads: 1000\n");
  EXPECT_TRUE(contains(msg, "ioThreads")) << msg;
  EXPECT_TRUE(contains(msg, "out of range")) << msg;
  EXPECT_TRUE(contains(load_error("blockingThreads: 0\n"), "blockingThreads"));
  EXPECT_TRUE(contains(load_error("ioThreads: -1\n"), "ioThreads"));
  EXPECT_TRUE(contains(load_error("limits:\n  maxPageSize: 0\n"), "limits.maxPageSize"));
  EXPECT_TRUE(
      contains(load_error("limits:\n  maxManifestBytes: 100\n"), "limits.maxManifestBytes"));
  EXPECT_TRUE(contains(load_error("limits:\n  maxBlobBytes: 99999999999999999999\n"),
                       "limits.maxBlobBytes"));
}

TEST(Config, InvalidEnumerationsAndAddresses) {
  auto msg = load_error("log:\n  level: verbose\n");
  EXPECT_TRUE(contains(msg, "log.level")) << msg;
  msg = load_error("expose:\n  tls:\n    certSource: letsencrypt\n");
  EXPECT_TRUE(contains(msg, "expose.tls.certSource")) << msg;
  EXPECT_TRUE(contains(msg, "letsencrypt")) << msg;
  msg = load_error("externalURL: berth.example:30003\n");
  EXPECT_TRUE(contains(msg, "externalURL")) << msg;
  // Its path becomes the portal's <base href>: only plain segments.
  msg = load_error("externalURL: \"https://host/reg/../x\"\n");
  EXPECT_TRUE(contains(msg, "externalURL")) << msg;
  EXPECT_EQ(load("externalURL: https://host/reg/\n").external_url, "https://host/reg/");
  msg = load_error("listen: \"8080\"\n");
  EXPECT_TRUE(contains(msg, "8080")) << msg;
  msg = load_error("tlsListen: localhost\n");
  EXPECT_TRUE(contains(msg, "localhost")) << msg;
  EXPECT_TRUE(contains(msg, "tlsListen")) << msg;
  msg = load_error("listen: localhost\n");
  EXPECT_TRUE(contains(msg, "listen")) << msg;
  EXPECT_FALSE(contains(msg, "tlsListen")) << msg;
}

TEST(Config, EveryProblemIsReportedAtOnce) {
  auto msg =
      load_error("ioThreads: x\nlog:\n  level: loud\nexpose:\n  tls:\n    enabled: perhaps\n");
  EXPECT_TRUE(contains(msg, "ioThreads")) << msg;
  EXPECT_TRUE(contains(msg, "log.level")) << msg;
  EXPECT_TRUE(contains(msg, "expose.tls.enabled")) << msg;
}

TEST(Config, WrongShapes) {
  auto msg = load_error("expose: true\n");
  EXPECT_TRUE(contains(msg, "expose")) << msg;
  msg = load_error("listen:\n  host: 0.0.0.0\n");
  EXPECT_TRUE(contains(msg, "listen")) << msg;
  msg = load_error("externalURL: [a, b]\n");
  EXPECT_TRUE(contains(msg, "externalURL")) << msg;
  msg = load_error("- a\n- b\n");
  EXPECT_TRUE(contains(msg, "mapping")) << msg;
  msg = load_error("just a string\n");
  EXPECT_TRUE(contains(msg, "mapping")) << msg;
}

TEST(Config, YamlSyntaxError) {
  auto msg = load_error("expose:\n  tls: [unclosed\n");
  EXPECT_TRUE(contains(msg, "YAML")) << msg;
}

// ---- environment ----

TEST(Config, EnvOverridesDefaults) {
  Config c = load("", {{"BERTH_EXTERNAL_URL", "https://env.example"},
                       {"BERTH_IO_THREADS", "3"},
                       {"BERTH_LOG_LEVEL", "warn"},
                       {"BERTH_ADMIN_PASSWORD", "pw"},
                       {"BERTH_DATA_DIR", "/srv/berth"},
                       {"BERTH_MAX_PAGE_SIZE", "7"},
                       {"BERTH_TRIVY_OFFLINE_SCAN", "true"}});
  EXPECT_EQ(c.external_url, "https://env.example");
  EXPECT_EQ(c.io_threads, 3);
  EXPECT_EQ(c.log_level, "warn");
  EXPECT_EQ(c.harbor_admin_password, "pw");
  EXPECT_EQ(c.data_dir, std::filesystem::path("/srv/berth"));
  EXPECT_EQ(c.limits.max_page_size, 7);
  EXPECT_TRUE(c.trivy_offline_scan);
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, EnvWinsOverTheFile) {
  Config c = load(kSeed, {{"BERTH_EXTERNAL_URL", "https://other:1"},
                          {"BERTH_TLS_ENABLED", "false"},
                          {"BERTH_TLS_COMMON_NAME", "other"}});
  EXPECT_EQ(c.external_url, "https://other:1");
  EXPECT_FALSE(c.tls.enabled);
  EXPECT_EQ(c.tls.auto_common_name, "other");
  EXPECT_EQ(c.secret_key, "not-a-secure-key");  // untouched keys keep the file's value
}

TEST(Config, EnvCanEnableTls) {
  Config c = load("", {{"BERTH_TLS_ENABLED", "true"}});
  EXPECT_TRUE(c.tls.enabled);
}

TEST(Config, EnvCertSourceNoneDisablesTls) {
  // certSource none means TLS off, wherever it comes from.
  Config c = load(kSeed, {{"BERTH_TLS_CERT_SOURCE", "none"}});
  EXPECT_EQ(c.tls.cert_source, "none");
  EXPECT_FALSE(c.tls.enabled);
}

TEST(Config, EnvSecretCertSource) {
  Config c = load(kSeed, {{"BERTH_TLS_CERT_SOURCE", "secret"},
                          {"BERTH_TLS_CERT_FILE", "/c.pem"},
                          {"BERTH_TLS_KEY_FILE", "/k.pem"},
                          {"BERTH_TLS_CA_FILE", "/ca.pem"}});
  EXPECT_TRUE(c.tls.enabled);
  EXPECT_EQ(c.tls.cert_source, "secret");
  EXPECT_EQ(c.tls.cert_file, "/c.pem");
  EXPECT_EQ(c.tls.key_file, "/k.pem");
  EXPECT_EQ(c.tls.ca_file, "/ca.pem");
}

TEST(Config, UnknownBerthEnvIsAWarning) {
  Config c = load("", {{"BERTH_NO_SUCH_SETTING", "1"}});
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_TRUE(contains(c.warnings[0], "BERTH_NO_SUCH_SETTING")) << c.warnings[0];
}

TEST(Config, OtherEnvIsIgnored) {
  Config c = load("", {{"PATH", "/usr/bin"},
                       {"HOME", "/root"},
                       {"BERTH_CONFIG", "/etc/berth.yml"},
                       {"XBERTH_LISTEN", "bad"},
                       {"berth_listen", "bad"}});
  EXPECT_TRUE(c.warnings.empty()) << c.warnings.front();
  EXPECT_EQ(c.listen, "0.0.0.0:8080");
}

TEST(Config, InvalidEnvValueNamesVariableAndKey) {
  auto msg = load_error("", {{"BERTH_IO_THREADS", "abc"}});
  EXPECT_TRUE(contains(msg, "ioThreads")) << msg;
  EXPECT_TRUE(contains(msg, "BERTH_IO_THREADS")) << msg;
  msg = load_error("", {{"BERTH_TLS_ENABLED", "maybe"}});
  EXPECT_TRUE(contains(msg, "BERTH_TLS_ENABLED")) << msg;
  msg = load_error("", {{"BERTH_TLS_CERT_SOURCE", "acme"}});
  EXPECT_TRUE(contains(msg, "certSource")) << msg;
  msg = load_error("", {{"BERTH_LISTEN", "nowhere"}});
  EXPECT_TRUE(contains(msg, "nowhere")) << msg;
}

TEST(Config, EnvironmentOverridesListIsConsistent) {
  auto list = environment_overrides();
  ASSERT_FALSE(list.empty());
  std::set<std::string> envs, keys;
  for (const auto& [env, key] : list) {
    EXPECT_TRUE(env.starts_with("BERTH_")) << env;
    EXPECT_TRUE(envs.insert(env).second) << "duplicate " << env;
    EXPECT_TRUE(keys.insert(key).second) << "duplicate " << key;
  }
  EXPECT_TRUE(envs.count("BERTH_EXTERNAL_URL"));
  EXPECT_TRUE(keys.count("expose.tls.certSource"));
  EXPECT_TRUE(keys.count("trivy.offlineScan"));
  EXPECT_TRUE(keys.count("harborAdminPassword"));
}

TEST(Config, EveryListedEnvironmentVariableIsKnown) {
  // Setting a listed variable must never produce an "unknown environment variable" warning.
  for (const auto& [env, key] : environment_overrides()) {
    Env e = {{env, "1"}};
    try {
      Config c = load("", e);
      EXPECT_FALSE(has_warning_containing(c, env)) << env;
    } catch (const std::runtime_error& ex) {
      // "1" is not valid for every key; the error must then name the variable or its key.
      EXPECT_TRUE(contains(ex.what(), env) || contains(ex.what(), key)) << ex.what();
    }
  }
}

// ---- Harbor Package custom resource ----

TEST(Config, HarborPackageCustomResource) {
  Config c = load(R"(
apiVersion: packages.example.io/v1
kind: Package
metadata:
  name: harbor
  namespace: registry
spec:
  packageName: harbor
  version: 2.11.0
  config: |
    expose:
      tls:
        enabled: true
        certSource: auto
        auto:
          commonName: "berth.example"
    externalURL: https://berth.example:30003
    secretKey: "not-a-secure-key"
    harborAdminPassword: "Admin12345"
    trivy:
      skipUpdate: true
)");
  EXPECT_TRUE(c.tls.enabled);
  EXPECT_EQ(c.tls.auto_common_name, "berth.example");
  EXPECT_EQ(c.external_url, "https://berth.example:30003");
  EXPECT_EQ(c.secret_key, "not-a-secure-key");
  EXPECT_EQ(c.harbor_admin_password, "Admin12345");
  EXPECT_TRUE(c.trivy_skip_update);
  // The resource's own fields are not configuration keys.
  EXPECT_TRUE(c.warnings.empty()) << c.warnings.front();
}

TEST(Config, PackageResourceWithInvalidInnerValue) {
  auto msg = load_error(R"(
kind: Package
spec:
  config: |
    ioThreads: many
)");
  EXPECT_TRUE(contains(msg, "ioThreads")) << msg;
}

TEST(Config, PackageResourceEnvStillWins) {
  Config c = load("kind: Package\nspec:\n  config: |\n    externalURL: https://a\n",
                  {{"BERTH_EXTERNAL_URL", "https://b"}});
  EXPECT_EQ(c.external_url, "https://b");
}

// ---- load_config from a file ----

TEST(Config, LoadConfigMissingFileThrows) {
  EXPECT_THROW(load_config("/nonexistent/dir/berth.yml"), std::runtime_error);
}

TEST(Config, LoadConfigReadsTheFile) {
  auto path = std::filesystem::temp_directory_path() /
              ("berth-config-test-" + std::to_string(::getpid()) + ".yml");
  {
    std::ofstream out(path);
    out << kSeed;
  }
  Config c;
  bool loaded = false;
  try {
    c = load_config(path);
    loaded = true;
  } catch (...) {
  }
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded);
  // The process environment may legitimately override these, so only check untouched fields
  // when no BERTH_ variable for them is set.
  if (!std::getenv("BERTH_SECRET_KEY")) {
    EXPECT_EQ(c.secret_key, "not-a-secure-key");
  }
  if (!std::getenv("BERTH_TLS_COMMON_NAME")) {
    EXPECT_EQ(c.tls.auto_common_name, "berth.example");
  }
}

TEST(Config, ProxyKeys) {
  auto c = load("proxy:\n  manifestTimeoutMs: 1500\n  fetchThreads: 4\n  serveCachedOnNotFound: true\n"
                "  mirror:\n    project: hub\n    hosts: [mirror.local, 'localhost:5000']\n");
  EXPECT_EQ(c.proxy.manifest_timeout_ms, 1500);
  EXPECT_EQ(c.proxy.fetch_threads, 4);
  EXPECT_TRUE(c.proxy.serve_cached_on_not_found);
  EXPECT_EQ(c.proxy.mirror_project, "hub");
  EXPECT_EQ(c.proxy.mirror_hosts, (std::vector<std::string>{"mirror.local", "localhost:5000"}));
  auto e = load("", {{"BERTH_PROXY_MIRROR_HOSTS", "a, b"}});
  EXPECT_EQ(e.proxy.mirror_hosts, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(e.proxy.manifest_timeout_ms, 3000);
  EXPECT_THROW(load("proxy:\n  manifestTimeoutMs: 5\n"), std::runtime_error);
}
