#include "scan/vuln_db_import.h"

#include "base/clock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/manifest.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "scan/trivy_db.h"
#include "scan/trivy_json.h"
#include "scan/vuln_db_import_internal.h"
#include "store/blob_store.h"

namespace berth::scan {

namespace fs = std::filesystem;

namespace {

constexpr const char* kImportedAtFile = "imported_at";

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) out += kHex[rng() & 15];
  return out;
}

std::string read_text(const fs::path& p, uint64_t cap) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) throw VulnDbImportError(p.filename().string() + ": " + ec.message());
  if (size > cap)
    throw VulnDbImportError(p.filename().string() + " is larger than " + std::to_string(cap) +
                            " bytes");
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  UniqueFd guard(fd);
  ::fsync(fd);
}

void copy_file_synced(const fs::path& from, const fs::path& to, uint64_t cap) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec))
    throw VulnDbImportError(from.filename().string() + ": not found or not a regular file");
  if (fs::file_size(from) > cap)
    throw VulnDbImportError(from.filename().string() + " is larger than " + std::to_string(cap) +
                            " bytes");
  if (!fs::copy_file(from, to, ec) || ec)
    throw VulnDbImportError("cannot copy " + from.filename().string() + ": " + ec.message());
  int fd = ::open(to.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    UniqueFd guard(fd);
    ::fsync(fd);
  }
}

// Held while importing: one import at a time per data dir.
class ImportLock {
 public:
  explicit ImportLock(const fs::path& root) {
    fd_ = ::open((root / ".import.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw VulnDbImportError("cannot create the import lock file");
    if (::flock(fd_, LOCK_EX) != 0) throw VulnDbImportError("cannot lock the trivy directory");
  }
  ~ImportLock() { ::close(fd_); }

 private:
  int fd_ = -1;
};

// A temp dir under <dataDir>/trivy, removed unless released.
class TempDbDir {
 public:
  explicit TempDbDir(const fs::path& root) : path_(root / ("tmp-" + random_suffix())) {
    fs::create_directories(path_);
  }
  ~TempDbDir() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

fs::path trivy_root(const fs::path& data_dir) {
  return data_dir / "trivy";
}

// Leftovers: temp dirs of interrupted imports and DBs older than the previous one.
void clean_old(const fs::path& root, const std::string& keep_a, const std::string& keep_b) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    bool stale_tmp = name.starts_with("tmp-");
    bool old_db = name.starts_with("db-") && name != keep_a && name != keep_b;
    if (stale_tmp || old_db) fs::remove_all(e.path(), ec);
  }
}

// Renames the validated temp dir into place and switches `current` to it.
VulnDbInfo install(TempDbDir& tmp, const fs::path& data_dir, VulnDbInfo info) {
  fs::path root = trivy_root(data_dir);
  info.imported_at = base::now_rfc3339();
  { std::ofstream(tmp.path() / kImportedAtFile, std::ios::trunc) << info.imported_at << "\n"; }
  fsync_dir(tmp.path());
  std::string name =
      "db-" + base::utc_time(base::now_seconds(), "%Y%m%dT%H%M%SZ") + "-" + random_suffix();
  fs::rename(tmp.path(), root / name);
  tmp.release();
  std::string previous;
  std::error_code ec;
  fs::path current = root / "current";
  if (fs::is_symlink(current, ec)) {
    previous = fs::read_symlink(current, ec).filename().string();
  } else if (fs::is_directory(current, ec)) {
    // A DB an operator copied in by hand (trivy.db + metadata.json in a plain `current`
    // directory): kept as the previous DB. Between the two renames `current` is briefly absent;
    // a scan starting then fails with "no vulnerability database" rather than using a half DB.
    previous = "db-manual-" + random_suffix();
    fs::rename(current, root / previous);
  }
  fs::path link_tmp = root / ("current.tmp-" + random_suffix());
  fs::create_directory_symlink(name, link_tmp);
  fs::rename(link_tmp, current);  // atomic: readers see the old or the new DB, never neither
  fsync_dir(root);
  clean_old(root, name, previous);
  return info;
}

template <typename Fill>
VulnDbInfo import_with(const fs::path& data_dir, const VulnDbImportLimits& limits, Fill&& fill) {
  fs::path root = trivy_root(data_dir);
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec)
    throw VulnDbImportError("cannot create the vulnerability database directory: " + ec.message());
  ImportLock lock(root);
  TempDbDir tmp(root);
  fill(tmp.path());
  VulnDbInfo info = validate_vuln_db_dir(tmp.path(), limits);
  return install(tmp, data_dir, info);
}

}  // namespace

fs::path vuln_db_current_dir(const fs::path& data_dir) {
  return trivy_root(data_dir) / "current";
}

std::optional<VulnDbInfo> read_vuln_db_info(const fs::path& db_dir) {
  std::error_code ec;
  if (!fs::exists(db_dir / "trivy.db", ec)) return std::nullopt;
  TrivyMetadata m = parse_trivy_metadata(read_text(db_dir / "metadata.json", 1 << 20));
  VulnDbInfo info;
  info.schema_version = m.version;
  info.updated_at = m.updated_at;
  info.next_update = m.next_update;
  info.downloaded_at = m.downloaded_at;
  info.size_bytes = int64_t(fs::file_size(db_dir / "trivy.db", ec));
  if (fs::exists(db_dir / kImportedAtFile, ec)) {
    std::string t = read_text(db_dir / kImportedAtFile, 4096);
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    info.imported_at = t;
  }
  return info;
}

VulnDbInfo validate_vuln_db_dir(const fs::path& dir, const VulnDbImportLimits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "metadata.json", ec))
    throw VulnDbImportError("metadata.json is missing");
  if (!fs::is_regular_file(dir / "trivy.db", ec)) throw VulnDbImportError("trivy.db is missing");
  TrivyMetadata m;
  try {
    m = parse_trivy_metadata(read_text(dir / "metadata.json", limits.max_metadata_bytes));
  } catch (const TrivyDbError& e) {
    throw VulnDbImportError(std::string("metadata.json is not valid: ") + e.what());
  }
  if (m.version != 2)
    throw VulnDbImportError("metadata.json says schema Version " + std::to_string(m.version) +
                            "; Berth reads trivy-db schema version 2 only");
  if (fs::file_size(dir / "trivy.db") > limits.max_db_bytes)
    throw VulnDbImportError("trivy.db is larger than " + std::to_string(limits.max_db_bytes) +
                            " bytes");
  try {
    TrivyDb db = TrivyDb::open(dir.string());
    auto vulns = db.bolt().bucket("vulnerability");
    if (!vulns)
      throw VulnDbImportError("trivy.db has no 'vulnerability' bucket: not a trivy-db v2 file");
    // A sample read: the first records must parse.
    auto c = vulns->cursor();
    int n = 0;
    for (bool ok = c.first(); ok && n < 16; ok = c.next(), ++n) {
      if (!c.is_bucket() && !c.value().empty()) parse_vulnerability(c.value());
    }
  } catch (const VulnDbImportError&) {
    throw;
  } catch (const std::exception& e) {
    throw VulnDbImportError(std::string("trivy.db is not a readable trivy-db: ") + e.what());
  }
  auto info = read_vuln_db_info(dir);
  return *info;
}

VulnDbInfo import_vuln_db_archive(const fs::path& archive, const fs::path& data_dir,
                                  const VulnDbImportLimits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(archive, ec))
    throw VulnDbImportError(archive.string() + ": not found or not a regular file");
  return import_with(data_dir, limits,
                     [&](const fs::path& into) { extract_vuln_db_archive(archive, into, limits); });
}

VulnDbInfo import_vuln_db_dir(const fs::path& dir, const fs::path& data_dir,
                              const VulnDbImportLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw VulnDbImportError(dir.string() + ": not a directory");
  return import_with(data_dir, limits, [&](const fs::path& into) {
    copy_file_synced(dir / "trivy.db", into / "trivy.db", limits.max_db_bytes);
    copy_file_synced(dir / "metadata.json", into / "metadata.json", limits.max_metadata_bytes);
  });
}

VulnDbInfo import_vuln_db_from_artifact(core::RegistryService& registry, store::BlobStore& blobs,
                                        const std::string& ref, const fs::path& data_dir,
                                        const VulnDbImportLimits& limits) {
  auto at = ref.find('@');
  auto colon = ref.rfind(':');
  std::string repo, reference;
  if (at != std::string::npos) {
    repo = ref.substr(0, at);
    reference = ref.substr(at + 1);
  } else if (colon != std::string::npos && ref.find('/', colon) == std::string::npos) {
    repo = ref.substr(0, colon);
    reference = ref.substr(colon + 1);
  } else {
    repo = ref;
    reference = "latest";
  }
  auto parsed_ref = core::parse_manifest_reference(reference);
  if (!core::is_valid_repository_name(repo) || !parsed_ref || repo.find('/') == std::string::npos)
    throw VulnDbImportError("'" + ref + "' is not a <project>/<repository>:<tag> reference");
  auto manifest = registry.get_manifest(repo, *parsed_ref);
  if (!manifest) throw VulnDbImportError(ref + ": no such artifact in this registry");
  auto parsed = core::parse_manifest(*manifest->content, manifest->media_type);
  if (!parsed.manifest)
    throw VulnDbImportError(ref + ": the manifest is not valid" +
                            (parsed.error ? ": " + parsed.error->message : std::string()));
  for (const auto& layer : parsed.manifest->layers) {
    if (layer.media_type != kTrivyDbLayerMediaType) continue;
    if (uint64_t(layer.size) > limits.max_db_bytes * 2)
      throw VulnDbImportError(ref + ": the DB layer is too large");
    fs::path file = blobs.path_of(layer.digest);
    if (!blobs.exists(layer.digest))
      throw VulnDbImportError(ref + ": the DB layer " + layer.digest.str() + " is not stored here");
    return import_vuln_db_archive(file, data_dir, limits);
  }
  throw VulnDbImportError(ref + ": no layer of media type " + kTrivyDbLayerMediaType +
                          " (push the artifact as Trivy publishes it)");
}

}  // namespace berth::scan
