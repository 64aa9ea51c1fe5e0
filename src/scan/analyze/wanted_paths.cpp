#include "scan/analyze/wanted_paths.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace berth::scan {

namespace {

std::string_view basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view dirname(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(
      suffix.begin(), suffix.end(), s.end() - suffix.size(),
      [](char want, char have) { return std::tolower(static_cast<unsigned char>(have)) == want; });
}

// package.json directly in a package directory under node_modules: "node_modules/x/package.json"
// or "node_modules/@scope/x/package.json" (nested node_modules count by their last occurrence).
bool is_node_package_root(std::string_view path) {
  if (basename(path) != "package.json") return false;
  size_t nm = path.rfind("node_modules/");
  if (nm == std::string_view::npos || (nm > 0 && path[nm - 1] != '/')) return false;
  std::string_view rest = dirname(path.substr(nm + 13));
  if (rest.empty()) return false;
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return !rest.starts_with('@');
  return rest.starts_with('@') && rest.find('/', slash + 1) == std::string_view::npos &&
         slash + 1 < rest.size();
}

bool is_python_metadata(std::string_view path) {
  std::string_view base = basename(path);
  if (base == "METADATA" && path.find(".dist-info/") != std::string_view::npos) return true;
  return path.ends_with("EGG-INFO/PKG-INFO") || path.ends_with(".egg-info") ||
         path.ends_with(".egg-info/PKG-INFO") || path.ends_with(".egg-info/METADATA");
}

bool is_gemspec(std::string_view path) {
  // ".*/specifications/.+\.gemspec"
  std::string_view dir = dirname(path);
  size_t spec = path.find("/specifications/");
  if (spec == std::string_view::npos) return false;
  return path.ends_with(".gemspec") && path.size() > spec + 16 + 8 && !dir.empty();
}

}  // namespace

std::optional<FileKind> classify_path(std::string_view path) {
  if (path == "etc/os-release" || path == "usr/lib/os-release") return FileKind::kOsRelease;
  if (path == "etc/alpine-release") return FileKind::kAlpineRelease;
  if (path == "etc/apk/repositories") return FileKind::kApkRepositories;
  if (path == "etc/debian_version") return FileKind::kDebianVersion;
  if (path == "etc/lsb-release") return FileKind::kLsbRelease;
  if (path == "var/lib/ubuntu-advantage/status.json") return FileKind::kUbuntuEsm;
  static constexpr std::array<std::string_view, 6> kRedhat = {
      "etc/redhat-release",    "etc/centos-release", "etc/rocky-release",
      "etc/almalinux-release", "etc/oracle-release", "etc/fedora-release"};
  if (std::find(kRedhat.begin(), kRedhat.end(), path) != kRedhat.end())
    return FileKind::kRedhatRelease;
  if (path == "etc/system-release" || path == "usr/lib/system-release")
    return FileKind::kSystemRelease;
  if (path == "lib/apk/db/installed" || path == "usr/lib/apk/db/installed") return FileKind::kApkDb;
  if (path == "var/lib/dpkg/status") return FileKind::kDpkgStatus;
  if (dirname(path) == "var/lib/dpkg/status.d" && !path.ends_with(".md5sums"))
    return FileKind::kDpkgStatus;
  std::string_view dir = dirname(path), base = basename(path);
  if ((dir == "var/lib/rpm" || dir == "usr/lib/sysimage/rpm" || dir == "usr/share/rpm") &&
      (base == "Packages" || base == "Packages.db" || base == "rpmdb.sqlite"))
    return FileKind::kRpmDb;
  // Trivy's buildinfo analyzers: files directly in these directories.
  if ((dir == "root/buildinfo/content_manifests" || dir == "usr/share/buildinfo") &&
      base.ends_with(".json"))
    return FileKind::kRedhatContentManifest;
  if (dir == "root/buildinfo" && base.starts_with("Dockerfile")) return FileKind::kRedhatDockerfile;
  if (is_node_package_root(path)) return FileKind::kNodePackageJson;
  if (is_python_metadata(path)) return FileKind::kPythonMetadata;
  if (is_gemspec(path)) return FileKind::kGemspec;
  if (ends_with_ci(base, ".jar") || ends_with_ci(base, ".war") || ends_with_ci(base, ".ear") ||
      ends_with_ci(base, ".par"))
    return FileKind::kJar;
  if (base == "Cargo.lock") return FileKind::kCargoLock;
  return std::nullopt;
}

uint64_t size_cap(FileKind kind, const Limits& limits) {
  switch (kind) {
    case FileKind::kApkDb:
    case FileKind::kDpkgStatus:
      return limits.max_ospkg_db_bytes;
    case FileKind::kRpmDb:
      return limits.max_rpmdb_bytes;
    case FileKind::kGoBinary:
      return limits.max_go_binary_bytes;
    default:
      return limits.max_file_bytes;
  }
}

}  // namespace berth::scan
