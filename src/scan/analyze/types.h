// What image analysis finds: the OS, the OS packages and the packages that language ecosystems
// installed, plus the limits that keep a hostile image from exhausting the machine.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

struct Package {
  std::string name;  // jar: "groupId:artifactId"
  std::string version;
  std::string release;  // rpm release, dpkg revision; empty for apk and language packages
  int epoch = 0;
  std::string arch;
  // Source package (dpkg Source:, rpm SOURCERPM, apk origin); Trivy matches Debian, Ubuntu and
  // Alpine advisories on these.
  std::string src_name;
  std::string src_version;
  std::string src_release;
  int src_epoch = 0;
  std::vector<std::string> licenses;
  std::string maintainer;        // dpkg: used to spot third-party packages
  std::string vendor;            // rpm
  std::string modularity_label;  // rpm
  std::string file_path;         // language packages: the file the package was found in
  // Index (lowest first) of the first layer whose own copy of the package DB (OS packages) or of
  // file_path (language packages) lists this package: Trivy's origin layer. -1 when unknown.
  int layer = -1;
  bool operator==(const Package&) const = default;
};

struct OsInfo {
  std::string family;     // Trivy family: "alpine", "debian", "ubuntu", "redhat", "amazon", ...
  std::string name;       // full version as found, e.g. "3.19.1", "12.4", "2 (Karoo)"
  std::string release;    // what the trivy-db platform bucket uses: "3.19", "12", "22.04", "2"
  bool extended = false;  // Ubuntu ESM
  bool found() const { return !family.empty(); }
};

enum class OsPackageFormat { kApk, kDpkg, kRpmSqlite, kRpmBdb, kRpmNdb };
std::string_view os_package_format_name(OsPackageFormat f);

struct OsPackageDb {
  std::string path;  // e.g. "var/lib/dpkg/status"
  OsPackageFormat format;
  std::vector<Package> packages;
  int layer = -1;  // index (lowest first) of the layer the file came from; -1 when unknown
};

// One file that a language ecosystem installed (or a Go binary / Cargo.lock), with its packages.
struct LangApp {
  std::string type;  // Trivy LangType: node-pkg, python-pkg, gemspec, jar, gobinary, cargo
  std::string file_path;
  std::vector<Package> packages;
  int layer = -1;  // index of the layer the file came from; -1 when unknown
};

// Red Hat build information found in one layer's own files: content sets from
// root/buildinfo/content_manifests/*.json, "<component>-<version>-<release>" and arch from
// root/buildinfo/Dockerfile-*. Selects the CPE indices of Red Hat advisories.
struct BuildInfo {
  std::vector<std::string> content_sets;
  std::string nvr;
  std::string arch;
  bool operator==(const BuildInfo&) const = default;
};

struct ImageAnalysis {
  OsInfo os;
  std::vector<OsPackageDb> os_packages;
  std::vector<LangApp> lang_packages;  // sorted by (type, file_path)
  // By layer index (lowest first): the layer's own BuildInfo, when it has one.
  std::vector<std::optional<BuildInfo>> layer_build_info;
  std::vector<std::string> warnings;  // files that could not be parsed; never fatal
  uint64_t bytes_processed = 0;       // uncompressed tar bytes read over all layers
};

struct Limits {
  uint64_t max_layer_bytes = 8ull << 30;     // uncompressed bytes read from one layer
  uint64_t max_image_bytes = 32ull << 30;    // ... and from all layers together
  uint64_t max_layer_entries = 2'000'000;    // tar headers in one layer
  uint32_t max_file_bytes = 1u << 20;        // a kept text file (os-release, package.json, ...)
  uint32_t max_ospkg_db_bytes = 64u << 20;   // apk/dpkg status files
  uint32_t max_rpmdb_bytes = 256u << 20;     // rpmdb.sqlite / Packages / Packages.db
  uint32_t max_go_binary_bytes = 64u << 20;  // a whole Go binary is kept only for old (<1.18) ones
  uint64_t max_kept_bytes = 1ull << 30;      // everything kept in memory for one image
  uint32_t max_jar_depth = 3;                // nested jars
  std::chrono::milliseconds time_budget{std::chrono::minutes(10)};
};

class AnalysisError : public std::runtime_error {
 public:
  enum class Kind { kCorrupt, kLimit, kTimeout, kIo };
  AnalysisError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace berth::scan
