// An in-memory RegistrySide for the replication unit tests: it stores what it is given and
// checks what a registry checks on a manifest push (every blob and child there first). Reads
// can be slowed down (`read_delay`) to hold a copy in the middle of a blob.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "base/digest.h"
#include "replication/copier.h"
#include "replication/errors.h"
#include "replication/registry_side.h"

namespace berth::replication {

using nlohmann::json;

inline std::string sha(const std::string& s) { return base::Digest::sha256_of(s).str(); }

class MemorySide : public RegistrySide {
 public:
  std::chrono::milliseconds read_delay{0};  // per 1000-byte piece read
  std::string describe() const override { return "memory"; }
  std::vector<std::string> repositories(const std::vector<std::string>&) override {
    std::set<std::string> names;
    for (const auto& [k, v] : tags_) names.insert(k.first);
    return {names.begin(), names.end()};
  }
  std::vector<std::string> tags(const std::string& repo) override {
    std::vector<std::string> out;
    for (const auto& [k, v] : tags_)
      if (k.first == repo) out.push_back(k.second);
    return out;
  }
  std::vector<std::string> labels(const std::string&, const std::string&) override { return {}; }
  std::optional<ManifestData> get_manifest(const std::string& repo, const std::string& ref) override {
    std::lock_guard l(mu_);
    std::string d = ref;
    if (!is_digest_reference(ref)) {
      auto it = tags_.find({repo, ref});
      if (it == tags_.end()) return std::nullopt;
      d = it->second;
    }
    auto it = manifests_.find({repo, d});
    if (it == manifests_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<json> referrers(const std::string& repo, const std::string& digest) override {
    std::lock_guard l(mu_);
    std::vector<json> out;
    for (const auto& [k, m] : manifests_) {
      if (k.first != repo) continue;
      auto j = json::parse(m.bytes);
      if (j.contains("subject") && j["subject"]["digest"] == digest)
        out.push_back({{"mediaType", m.media_type}, {"digest", m.digest}, {"size", m.bytes.size()}});
    }
    return out;
  }
  bool read_blob(const std::string& repo, const std::string& digest, const ByteSink& sink) override {
    std::string data;
    {
      std::lock_guard l(mu_);
      auto it = blobs_.find({repo, digest});
      if (it == blobs_.end()) return false;
      data = it->second;
    }
    for (size_t off = 0; off < data.size(); off += 1000) {
      if (read_delay.count()) std::this_thread::sleep_for(read_delay);
      if (!sink(data.data() + off, std::min<size_t>(1000, data.size() - off)))
        throw ReplicationError("aborted");
      ++pieces_read;
    }
    return true;
  }
  void prepare_repository(const std::string& repo, const RepositorySettings&) override {
    std::lock_guard l(mu_);
    prepared.insert(repo);
  }
  std::optional<std::string> manifest_digest(const std::string& repo, const std::string& ref) override {
    auto m = get_manifest(repo, ref);
    if (!m) return std::nullopt;
    return m->digest;
  }
  bool has_blob(const std::string& repo, const std::string& digest) override {
    std::lock_guard l(mu_);
    return blobs_.count({repo, digest}) > 0;
  }
  bool mount_blob(const std::string& repo, const std::string& digest, const std::string& from) override {
    std::lock_guard l(mu_);
    auto it = blobs_.find({from, digest});
    if (it == blobs_.end()) return false;
    blobs_[{repo, digest}] = it->second;
    ++mounts;
    return true;
  }
  void write_blob(const std::string& repo, const std::string& digest, int64_t size,
                  const ByteSource& source, size_t) override {
    std::string data;
    char buf[777];
    for (size_t n; (n = source(buf, sizeof buf)) > 0;) data.append(buf, n);
    if (int64_t(data.size()) != size || sha(data) != digest) throw ReplicationError("bad blob");
    std::lock_guard l(mu_);
    blobs_[{repo, digest}] = data;
    ++uploads;
  }
  void put_manifest(const std::string& repo, const std::string& ref, const ManifestData& m) override {
    std::lock_guard l(mu_);
    // Every blob and child must be there first, as a registry checks.
    auto j = json::parse(m.bytes);
    auto need = [&](const json& d) {
      std::string dg = d["digest"];
      if (!blobs_.count({repo, dg}) && !manifests_.count({repo, dg}))
        throw ReplicationError("missing " + dg + " for " + m.digest);
    };
    if (j.contains("config")) need(j["config"]);
    for (const auto& l : j.value("layers", json::array())) need(l);
    for (const auto& c : j.value("manifests", json::array()))
      if (!is_digest_reference(ref) || ref == m.digest) need(c);
    manifests_[{repo, m.digest}] = m;
    if (!is_digest_reference(ref)) tags_[{repo, ref}] = m.digest;
    order.push_back(ref);
  }
  bool delete_reference(const std::string& repo, const std::string& ref) override {
    std::lock_guard l(mu_);
    return tags_.erase({repo, ref}) > 0;
  }

  // Test setup: stores without checks.
  std::string add_blob(const std::string& repo, const std::string& data) {
    blobs_[{repo, sha(data)}] = data;
    return sha(data);
  }
  ManifestData add_manifest(const std::string& repo, const json& j, const std::string& tag = "") {
    ManifestData m{j.dump(), j.value("mediaType", ""), sha(j.dump())};
    manifests_[{repo, m.digest}] = m;
    if (!tag.empty()) tags_[{repo, tag}] = m.digest;
    return m;
  }

  std::set<std::string> prepared;
  std::vector<std::string> order;
  std::atomic<int> uploads{0}, mounts{0}, pieces_read{0};

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::string> blobs_;
  std::map<std::pair<std::string, std::string>, ManifestData> manifests_;
  std::map<std::pair<std::string, std::string>, std::string> tags_;
};


inline const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";

inline json image(MemorySide& s, const std::string& repo, const std::string& seed, size_t layer_bytes = 5000) {
  std::string cfg = R"({"architecture":"amd64","os":"linux","seed":")" + seed + "\"}";
  std::string layer(layer_bytes, 'x');
  layer += seed;
  return {{"schemaVersion", 2},
          {"mediaType", kOciManifest},
          {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", s.add_blob(repo, cfg)}, {"size", cfg.size()}}},
          {"layers", {{{"mediaType", "application/vnd.oci.image.layer.v1.tar"}, {"digest", s.add_blob(repo, layer)}, {"size", layer.size()}}}}};
}

}  // namespace berth::replication
