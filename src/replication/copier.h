// The copy of one artifact from one side to the other, the same for every adapter and both
// modes (registry_side.h): the manifest tree (an index's children by digest), every blob the
// destination lacks (HEAD first, a cross-repository mount when the destination holds it in a
// repository this execution already wrote, else streamed through a bounded pipe, several blobs
// at once), the artifact's referrers (signatures, SBOMs, attestations), and the tag last, so
// nobody pulls a half-copied artifact.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "replication/registry_side.h"

namespace berth::replication {

// The copy gave up because it was asked to stop (or ran out of time).
struct CopyStopped : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class BlobClaims;

struct CopyOptions {
  bool override_existing = true;  // a tag that points elsewhere on the destination is moved
  size_t chunk_size = 0;          // > 0: chunked uploads of this size
  int64_t speed_kbps = 0;         // per copy, kilobits per second; 0 unlimited
  int blobs_in_flight = 3;
  int max_referrer_depth = 3;  // referrers of referrers (a signature of an SBOM)
  RepositorySettings repository_settings;  // for repositories the destination creates
  // Polled between steps and for every piece of a blob; true stops the copy (CopyStopped).
  std::function<bool()> should_stop = [] { return false; };
  std::function<void(const std::string&)> log = [](const std::string&) {};
  // Bytes: `done` copied so far, `total` to copy (both grow as the tree is walked).
  std::function<void(int64_t done, int64_t total)> progress = [](int64_t, int64_t) {};
  // Shared by the copies running at once (nullptr: this copy is alone).
  BlobClaims* claims = nullptr;
};

// The blobs some copy is writing into a destination repository right now, shared by every copy
// of the process: one copy checks for and uploads a blob while the others wait, then find it
// there. Besides sparing the bytes, this keeps copies off each other's uploads: docker-registry
// rewrites a repository's blob link in place as each upload ends, and a manifest of the same
// repository checked at that moment is refused as referencing an unknown blob.
class BlobClaims {
 public:
  // False when another copy holds `key`.
  bool try_claim(const std::string& key);
  void release(const std::string& key);
  // Until no copy holds `key`; false when `stop` returned true first.
  bool wait(const std::string& key, const std::function<bool()>& stop);

 private:
  std::mutex mu_;
  std::condition_variable released_;
  std::set<std::string> held_;
};

// Which destination repository already holds a blob, shared by the copies that are given it
// (today one task's copy: an index's children and referrers mount instead of uploading again).
class BlobLocations {
 public:
  void remember(const std::string& digest, const std::string& repo);
  std::optional<std::string> find(const std::string& digest) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> where_;
};

struct CopyOutcome {
  std::string digest;
  bool skipped = false;  // the destination already had it (or a different one, not overridden)
  std::string note;      // why it was skipped
  int64_t bytes_copied = 0;
};

class Copier {
 public:
  Copier(RegistrySide& src, RegistrySide& dst, CopyOptions options, BlobLocations& locations);

  // `reference` is a tag or digest on the source; `dst_tag` empty copies by digest only.
  // Throws ReplicationError (why, in words) or CopyStopped.
  CopyOutcome copy(const std::string& src_repo, const std::string& reference,
                   const std::string& dst_repo, const std::string& dst_tag);

 private:
  void copy_tree(const std::string& src_repo, const ManifestData& m, const std::string& dst_repo,
                 int depth);
  void copy_referrers(const std::string& src_repo, const std::string& subject,
                      const std::string& dst_repo, int depth);
  void copy_blobs(const std::string& src_repo, const std::vector<std::pair<std::string, int64_t>>& blobs,
                  const std::string& dst_repo);
  void upload_blobs(const std::string& src_repo,
                    const std::vector<std::pair<std::string, int64_t>>& todo,
                    const std::string& dst_repo);
  void copy_blob(const std::string& src_repo, const std::string& digest, int64_t size,
                 const std::string& dst_repo);
  void check_stop() const;
  void throttle(size_t bytes);
  void add_done(int64_t n);
  void add_total(int64_t n);

  RegistrySide& src_;
  RegistrySide& dst_;
  CopyOptions o_;
  BlobLocations& locations_;
  std::mutex progress_mu_;
  int64_t done_ = 0, total_ = 0;
  std::mutex throttle_mu_;
  int64_t throttle_start_ms_ = 0;
  uint64_t throttle_bytes_ = 0;
};

// The manifest's digest reference is a digest ("sha256:..."), else a tag.
bool is_digest_reference(const std::string& reference);

}  // namespace berth::replication
