#include "replication/local_side.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <random>
#include <system_error>

#include "base/fd_io.h"
#include "core/project_rules.h"
#include "core/project_store.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "remote/crypto.h"
#include "replication/errors.h"
#include "replication/name_patterns.h"
#include "store/blob_store.h"

namespace berth::replication {

namespace fs = std::filesystem;

namespace {

constexpr size_t kReadPiece = 1 << 20;
constexpr int64_t kListPage = 1000;

core::Digest parse_digest(const std::string& digest) {
  auto d = core::Digest::parse(digest);
  if (!d) throw ReplicationError("invalid digest '" + digest + "'");
  return *d;
}

core::ManifestReference parse_reference(const std::string& reference) {
  auto ref = core::parse_manifest_reference(reference);
  if (!ref) throw ReplicationError("invalid tag or digest '" + reference + "'");
  return *ref;
}

std::string random_name() {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(rng()) + "-" + std::to_string(counter.fetch_add(1)) + ".part";
}

// A temp file that removes itself unless released (on every failure path, exceptions included).
struct TempFile {
  fs::path path;
  int fd = -1;
  explicit TempFile(const fs::path& dir) : path(dir / random_name()) {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
      throw ReplicationError(std::string("cannot create a temp file for a blob: ") +
                             std::strerror(errno));
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  void close() {
    if (fd >= 0 && ::close(fd) != 0) {
      fd = -1;
      throw ReplicationError(std::string("cannot write a blob: ") + std::strerror(errno));
    }
    fd = -1;
  }
  void release() { path.clear(); }
  ~TempFile() {
    if (fd >= 0) ::close(fd);
    if (!path.empty()) {
      std::error_code ec;
      fs::remove(path, ec);
    }
  }
};

}  // namespace

LocalSide::LocalSide(core::RegistryService& registry, store::BlobStore& blobs,
                     core::ProjectStore& projects, fs::path temp_dir, LabelLookup labels)
    : registry_(registry),
      blobs_(blobs),
      projects_(projects),
      temp_dir_(std::move(temp_dir)),
      labels_(std::move(labels)) {
  fs::create_directories(temp_dir_);
}

// ---- source side ----

std::vector<std::string> LocalSide::repositories(const std::vector<std::string>& name_patterns) {
  std::vector<std::string> out;
  std::string last;
  // Pages come in byte order after `last`, so every name appears once.
  for (;;) {
    core::Page page = registry_.repositories(kListPage, last);
    for (auto& name : page.items)
      if (may_match(name, name_patterns)) out.push_back(name);
    if (!page.more || page.items.empty()) break;
    last = page.items.back();
  }
  return out;
}

std::vector<std::string> LocalSide::tags(const std::string& repo) {
  auto page = registry_.tags(repo, -1, "");
  return page ? std::move(page->items) : std::vector<std::string>{};
}

std::vector<std::string> LocalSide::labels(const std::string& repo, const std::string& digest) {
  return labels_ ? labels_(repo, digest) : std::vector<std::string>{};
}

std::optional<ManifestData> LocalSide::get_manifest(const std::string& repo,
                                                    const std::string& reference) {
  auto m = registry_.get_manifest(repo, parse_reference(reference));
  if (!m) return std::nullopt;
  return ManifestData{*m->content, m->media_type, m->digest.str()};
}

std::vector<nlohmann::json> LocalSide::referrers(const std::string& repo,
                                                 const std::string& digest) {
  auto index = nlohmann::json::parse(registry_.referrers(repo, parse_digest(digest), std::nullopt));
  std::vector<nlohmann::json> out;
  for (auto& d : index["manifests"]) out.push_back(std::move(d));
  return out;
}

bool LocalSide::read_blob(const std::string& repo, const std::string& digest,
                          const ByteSink& sink) {
  core::Digest d = parse_digest(digest);
  // Only what the repository may serve, as a pull would see it.
  if (!registry_.blob_size(repo, d)) return false;
  auto blob = blobs_.open(d);
  if (!blob) return false;
  auto hasher = remote::DigestHasher::for_digest(digest);
  auto buf = std::make_unique<char[]>(kReadPiece);
  uint64_t offset = 0;
  while (offset < blob->size) {
    size_t want = size_t(std::min<uint64_t>(kReadPiece, blob->size - offset));
    ssize_t n = ::pread(*blob->fd, buf.get(), want, off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw ReplicationError("cannot read blob " + digest + " on this Berth: " +
                             (n < 0 ? std::strerror(errno) : "the file is shorter than recorded"));
    if (hasher) hasher->update(buf.get(), size_t(n));
    if (!sink(buf.get(), size_t(n)))
      throw ReplicationError("the transfer of " + digest + " was stopped");
    offset += uint64_t(n);
  }
  if (hasher) {
    std::string got = hasher->finish();
    if (got != d.str())
      throw ReplicationError("blob " + digest + " on this Berth is damaged (its file hashes to " +
                             got + "); run berth fsck");
  }
  return true;
}

// ---- destination side ----

// Pull mode into a project that does not exist yet: created private, owned by the admin
// (user 1), as Harbor's adapter creates a missing destination project.
std::optional<core::Project> LocalSide::create_project(const std::string& name) {
  if (auto why = core::project_name_error(name))
    throw ReplicationError("cannot create project " + name + " on this Berth: " + *why);
  core::NewProject np;
  np.name = name;
  np.owner_id = 1;
  np.metadata["public"] = "false";
  try {
    projects_.create(np);
  } catch (const core::DuplicateProjectName&) {
    // another task created it meanwhile
  }
  auto p = projects_.find_by_name(name);
  if (!p) throw ReplicationError("project " + name + " could not be created on this Berth");
  return p;
}

void LocalSide::prepare_repository(const std::string& repo, const RepositorySettings&) {
  if (!core::is_valid_repository_name(repo))
    throw ReplicationError("invalid repository name '" + repo + "'");
  std::string project(core::project_of(repo));
  auto p = projects_.find_by_name(project);
  if (!p) p = create_project(project);
  if (p->registry_id)
    throw ReplicationError("project " + project +
                           " is a proxy cache on this Berth: artifacts can not be pushed to it");
}

std::optional<std::string> LocalSide::manifest_digest(const std::string& repo,
                                                      const std::string& reference) {
  auto m = registry_.get_manifest(repo, parse_reference(reference));
  if (!m) return std::nullopt;
  return m->digest.str();
}

bool LocalSide::has_blob(const std::string& repo, const std::string& digest) {
  core::Digest d = parse_digest(digest);
  // A link whose file is gone (removed by hand, quarantined) must be uploaded again.
  return registry_.blob_size(repo, d).has_value() && blobs_.exists(d);
}

bool LocalSide::mount_blob(const std::string& repo, const std::string& digest,
                           const std::string& from_repo) {
  return registry_.mount_blob(repo, from_repo, parse_digest(digest));
}

void LocalSide::write_blob(const std::string& repo, const std::string& digest, int64_t size,
                           const ByteSource& source, size_t /*chunk_size*/) {
  core::Digest d = parse_digest(digest);
  auto hasher = remote::DigestHasher::for_digest(digest);
  if (!hasher) throw ReplicationError("cannot verify digest '" + digest + "'");
  TempFile tmp(temp_dir_);
  auto buf = std::make_unique<char[]>(kReadPiece);
  uint64_t written = 0;
  for (;;) {
    size_t n = source(buf.get(), kReadPiece);
    if (n == 0) break;
    written += n;
    if (size >= 0 && written > uint64_t(size))
      throw ReplicationError("blob " + digest + " is larger than the " + std::to_string(size) +
                             " bytes announced");
    hasher->update(buf.get(), n);
    try {
      base::write_all(tmp.fd, {buf.get(), n}, "writing a replicated blob");
    } catch (const std::system_error& e) {
      throw ReplicationError(std::string("cannot store a blob on this Berth: ") + e.what());
    }
  }
  if (size >= 0 && written != uint64_t(size))
    throw ReplicationError("blob " + digest + " ended after " + std::to_string(written) + " of " +
                           std::to_string(size) + " bytes");
  std::string got = hasher->finish();
  if (got != d.str())
    throw ReplicationError("blob " + digest + " arrived with different content (it hashes to " +
                           got + ")");
  tmp.close();
  registry_.add_blob(repo, tmp.path, d, written);  // moves the file: nothing left to remove
  tmp.release();
}

void LocalSide::put_manifest(const std::string& repo, const std::string& reference,
                             const ManifestData& m) {
  auto ref = parse_reference(reference);
  try {
    registry_.put_manifest(repo, ref, m.media_type, m.bytes);
  } catch (const core::RegistryError& e) {
    throw ReplicationError("this Berth refused the manifest " + repo + ":" + reference + " (" +
                           std::to_string(e.status) + " " + e.code + ": " + e.message + ")");
  }
}

bool LocalSide::delete_reference(const std::string& repo, const std::string& reference) {
  auto ref = parse_reference(reference);
  return ref.is_digest() ? registry_.delete_manifest(repo, ref.digest())
                         : registry_.delete_tag(repo, ref.tag());
}

}  // namespace berth::replication
