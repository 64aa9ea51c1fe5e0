#include "replication/copier.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "core/manifest.h"
#include "core/media_types.h"
#include "replication/blob_pipe.h"
#include "replication/errors.h"

namespace berth::replication {

namespace {

constexpr size_t kPiece = 256 * 1024;

core::ParsedManifest parse(const ManifestData& m, const std::string& where) {
  auto r = core::parse_manifest(m.bytes, m.media_type);
  if (!r.manifest)
    throw ReplicationError("the source manifest " + where + " is not one Berth can copy: " +
                           (r.error ? r.error->message : "unknown format"));
  return *r.manifest;
}

// The fallback tag under which a registry without the referrers API lists referrers.
std::string referrers_tag(const std::string& digest) {
  std::string t = digest;
  std::replace(t.begin(), t.end(), ':', '-');
  return t.substr(0, 128);
}

// The claims one copy_blobs call holds, released however it ends.
class HeldClaims {
 public:
  explicit HeldClaims(BlobClaims* claims) : claims_(claims) {}
  ~HeldClaims() {
    for (const auto& k : keys_) claims_->release(k);
  }
  HeldClaims(const HeldClaims&) = delete;
  HeldClaims& operator=(const HeldClaims&) = delete;
  bool try_claim(const std::string& key) {
    if (!claims_) return true;
    if (!claims_->try_claim(key)) return false;
    keys_.insert(key);
    return true;
  }
  void release(const std::string& key) {
    if (claims_ && keys_.erase(key)) claims_->release(key);
  }

 private:
  BlobClaims* claims_;
  std::set<std::string> keys_;
};

}  // namespace

bool BlobClaims::try_claim(const std::string& key) {
  std::lock_guard lock(mu_);
  return held_.insert(key).second;
}

void BlobClaims::release(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    held_.erase(key);
  }
  released_.notify_all();
}

bool BlobClaims::wait(const std::string& key, const std::function<bool()>& stop) {
  std::unique_lock lock(mu_);
  while (held_.count(key)) {
    if (stop()) return false;
    released_.wait_for(lock, std::chrono::milliseconds(100));
  }
  return true;
}

bool is_digest_reference(const std::string& reference) {
  return reference.find(':') != std::string::npos;
}

void BlobLocations::remember(const std::string& digest, const std::string& repo) {
  std::lock_guard lock(mu_);
  where_[digest] = repo;
}

std::optional<std::string> BlobLocations::find(const std::string& digest) const {
  std::lock_guard lock(mu_);
  auto it = where_.find(digest);
  if (it == where_.end()) return std::nullopt;
  return it->second;
}

Copier::Copier(RegistrySide& src, RegistrySide& dst, CopyOptions options,
               BlobLocations& locations)
    : src_(src), dst_(dst), o_(std::move(options)), locations_(locations) {}

void Copier::check_stop() const {
  if (o_.should_stop()) throw CopyStopped("stopped");
}

CopyOutcome Copier::copy(const std::string& src_repo, const std::string& reference,
                         const std::string& dst_repo, const std::string& dst_tag) {
  check_stop();
  auto m = src_.get_manifest(src_repo, reference);
  if (!m)
    throw ReplicationError(src_repo + ":" + reference + " is no longer on " + src_.describe());
  CopyOutcome out;
  out.digest = m->digest;
  std::optional<std::string> existing;
  if (!dst_tag.empty()) existing = dst_.manifest_digest(dst_repo, dst_tag);
  if (existing && *existing != m->digest && !o_.override_existing) {
    out.skipped = true;
    out.note = "the destination tag " + dst_repo + ":" + dst_tag + " points to " + *existing +
               ", not " + m->digest + "; not overridden (the rule's override is off)";
    o_.log("WARNING " + out.note);
    return out;
  }
  dst_.prepare_repository(dst_repo, o_.repository_settings);
  if (existing && *existing == m->digest) {
    o_.log(dst_repo + ":" + dst_tag + " already has " + m->digest + "; checking its referrers");
    copy_referrers(src_repo, m->digest, dst_repo, 0);
    out.skipped = true;
    out.note = "already on the destination";
  } else {
    copy_tree(src_repo, *m, dst_repo, 0);
    if (!dst_tag.empty()) {
      check_stop();
      dst_.put_manifest(dst_repo, dst_tag, *m);
      o_.log("tagged " + dst_repo + ":" + dst_tag + " -> " + m->digest);
    }
  }
  std::lock_guard lock(progress_mu_);
  out.bytes_copied = done_;
  return out;
}

// Children first, then blobs, then the manifest by digest, then its referrers.
void Copier::copy_tree(const std::string& src_repo, const ManifestData& m,
                       const std::string& dst_repo, int depth) {
  check_stop();
  if (dst_.manifest_digest(dst_repo, m.digest)) {
    o_.log(m.digest + " already on the destination");
  } else {
    core::ParsedManifest p = parse(m, src_repo + "@" + m.digest);
    for (const auto& child : p.manifests) {
      auto cm = src_.get_manifest(src_repo, child.digest.str());
      if (!cm)
        throw ReplicationError("the index " + m.digest + " lists " + child.digest.str() +
                               ", which " + src_.describe() + " does not have");
      copy_tree(src_repo, *cm, dst_repo, depth);
    }
    std::vector<std::pair<std::string, int64_t>> blobs;
    if (p.config) blobs.emplace_back(p.config->digest.str(), p.config->size);
    for (const auto& l : p.layers) {
      if (l.foreign) {
        o_.log("skipping foreign layer " + l.digest.str());
        continue;
      }
      blobs.emplace_back(l.digest.str(), l.size);
    }
    copy_blobs(src_repo, blobs, dst_repo);
    check_stop();
    dst_.put_manifest(dst_repo, m.digest, m);
    o_.log("copied manifest " + m.digest + " (" + m.media_type + ")");
  }
  copy_referrers(src_repo, m.digest, dst_repo, depth);
}

void Copier::copy_referrers(const std::string& src_repo, const std::string& subject,
                            const std::string& dst_repo, int depth) {
  if (depth >= o_.max_referrer_depth) return;
  std::vector<nlohmann::json> refs = src_.referrers(src_repo, subject);
  if (refs.empty()) return;
  for (const auto& d : refs) {
    std::string digest = d.value("digest", "");
    if (digest.empty()) continue;
    auto rm = src_.get_manifest(src_repo, digest);
    if (!rm) continue;  // deleted meanwhile
    o_.log("referrer " + digest + " (" + d.value("artifactType", rm->media_type) + ") of " +
           subject);
    copy_tree(src_repo, *rm, dst_repo, depth + 1);
  }
  // A destination without the referrers API finds them only through the fallback tag.
  std::vector<nlohmann::json> have = dst_.referrers(dst_repo, subject);
  std::vector<nlohmann::json> merged = have;
  for (const auto& d : refs) {
    bool found = std::any_of(have.begin(), have.end(), [&](const nlohmann::json& h) {
      return h.value("digest", "") == d.value("digest", "");
    });
    if (!found) merged.push_back(d);
  }
  if (merged.size() == have.size()) return;
  nlohmann::json index = {{"schemaVersion", 2},
                          {"mediaType", std::string(core::media::kOciIndex)},
                          {"manifests", merged}};
  ManifestData im;
  im.bytes = index.dump();
  im.media_type = std::string(core::media::kOciIndex);
  im.digest = core::Digest::sha256_of(im.bytes).str();
  dst_.put_manifest(dst_repo, referrers_tag(subject), im);
  o_.log("updated the referrers tag " + referrers_tag(subject) + " on the destination");
}

// Each blob is checked and written under its claim (BlobClaims): a blob another copy is writing
// to the same repository is waited for after this copy's own uploads, then checked again.
void Copier::copy_blobs(const std::string& src_repo,
                        const std::vector<std::pair<std::string, int64_t>>& blobs,
                        const std::string& dst_repo) {
  std::vector<std::pair<std::string, int64_t>> todo, busy;
  auto seen = [&](const std::string& digest) {
    auto is = [&](const auto& t) { return t.first == digest; };
    return std::any_of(todo.begin(), todo.end(), is) || std::any_of(busy.begin(), busy.end(), is);
  };
  auto key = [&](const std::string& digest) {
    return dst_.describe() + " " + dst_repo + "@" + digest;
  };
  HeldClaims held(o_.claims);
  for (const auto& [digest, size] : blobs) {
    check_stop();
    if (seen(digest)) continue;
    if (!held.try_claim(key(digest))) {
      busy.emplace_back(digest, size);
      continue;
    }
    if (dst_.has_blob(dst_repo, digest)) {
      locations_.remember(digest, dst_repo);
      held.release(key(digest));
      continue;
    }
    if (auto from = locations_.find(digest);
        from && *from != dst_repo && dst_.mount_blob(dst_repo, digest, *from)) {
      o_.log("mounted " + digest + " from " + *from);
      held.release(key(digest));
      continue;
    }
    todo.emplace_back(digest, size);
    add_total(size);
  }
  upload_blobs(src_repo, todo, dst_repo);
  for (const auto& [digest, size] : todo) held.release(key(digest));
  if (busy.empty()) return;
  for (const auto& [digest, size] : busy)
    if (!o_.claims->wait(key(digest), o_.should_stop)) throw CopyStopped("stopped");
  copy_blobs(src_repo, busy, dst_repo);
}

// Several blobs at once (blobs_in_flight); the first error is rethrown once all have stopped.
void Copier::upload_blobs(const std::string& src_repo,
                          const std::vector<std::pair<std::string, int64_t>>& todo,
                          const std::string& dst_repo) {
  if (todo.empty()) return;
  std::atomic<size_t> next{0};
  std::mutex err_mu;
  std::exception_ptr first_error;
  auto worker = [&] {
    for (;;) {
      size_t i = next++;
      if (i >= todo.size()) return;
      {
        std::lock_guard lock(err_mu);
        if (first_error) return;
      }
      try {
        copy_blob(src_repo, todo[i].first, todo[i].second, dst_repo);
      } catch (...) {
        std::lock_guard lock(err_mu);
        if (!first_error) first_error = std::current_exception();
        return;
      }
    }
  };
  size_t n = std::min<size_t>(todo.size(), size_t(std::max(1, o_.blobs_in_flight)));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

// The source pushes into a pipe on its own thread; the destination pulls from it here.
void Copier::copy_blob(const std::string& src_repo, const std::string& digest, int64_t size,
                       const std::string& dst_repo) {
  BlobPipe pipe(std::min<size_t>(4 << 20, size_t(std::max<int64_t>(size, 1))));
  std::thread reader([&] {
    try {
      bool found = src_.read_blob(src_repo, digest, [&](const char* p, size_t n) {
        if (o_.should_stop()) return false;
        return pipe.write(p, n);
      });
      if (!found)
        throw ReplicationError("the blob " + digest + " of " + src_repo + " is missing on " +
                               src_.describe());
      if (o_.should_stop()) throw CopyStopped("stopped");
      pipe.close();
    } catch (...) {
      pipe.close(std::current_exception());
    }
  });
  try {
    dst_.write_blob(dst_repo, digest, size,
                    [&](char* buf, size_t cap) {
                      if (o_.should_stop()) throw CopyStopped("stopped");
                      size_t n = pipe.read(buf, std::min(cap, kPiece));
                      if (n) {
                        throttle(n);
                        add_done(int64_t(n));
                      }
                      return n;
                    },
                    o_.chunk_size);
  } catch (...) {
    pipe.abandon();
    reader.join();
    // Either end may notice a stop first and fail in its own words.
    if (o_.should_stop()) throw CopyStopped("stopped");
    throw;
  }
  reader.join();
  locations_.remember(digest, dst_repo);
  o_.log("copied blob " + digest + " (" + std::to_string(size) + " bytes)");
}

void Copier::throttle(size_t bytes) {
  if (o_.speed_kbps <= 0) return;
  double rate = double(o_.speed_kbps) * 128.0;  // Harbor: 1 unit = 1 kbit/s = 128 bytes/s
  int64_t wait_ms = 0;
  {
    std::lock_guard lock(throttle_mu_);
    int64_t now = base::now_millis();
    if (throttle_start_ms_ == 0) throttle_start_ms_ = now;
    throttle_bytes_ += bytes;
    int64_t due = throttle_start_ms_ + int64_t(double(throttle_bytes_) * 1000.0 / rate);
    wait_ms = due - now;
  }
  // Sleep in short steps so a stop is seen within a fraction of a second.
  while (wait_ms > 0) {
    check_stop();
    int64_t step = std::min<int64_t>(wait_ms, 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(step));
    wait_ms -= step;
  }
}

void Copier::add_done(int64_t n) {
  std::lock_guard lock(progress_mu_);
  done_ += n;
  o_.progress(done_, total_);
}

void Copier::add_total(int64_t n) {
  std::lock_guard lock(progress_mu_);
  total_ += n;
  o_.progress(done_, total_);
}

}  // namespace berth::replication
