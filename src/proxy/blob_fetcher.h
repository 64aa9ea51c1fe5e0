// One upstream download per blob digest at a time (singleflight). The download writes a temp
// file that is readable while it grows; every client asking for the digest meanwhile follows
// it. When the bytes hash to the digest the file is committed and linked to the repositories that
// asked (core::RegistryService::add_blob, as for uploads); a failed or short download is deleted,
// never committed.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/digest.h"
#include "proxy/proxy_target.h"
#include "store/growing_file.h"

namespace berth::core {
class RegistryService;
}
namespace berth::store {
class BlobStore;
}

namespace berth::proxy {

class BlobFetcher {
 public:
  // Temp files live in `tmp_dir` (same filesystem as the store, for the final rename); what a
  // crash left there is removed here.
  BlobFetcher(core::RegistryService& registry, store::BlobStore& blobs,
              std::filesystem::path tmp_dir, unsigned threads);
  ~BlobFetcher();

  struct Fetch {
    std::shared_ptr<store::GrowingFile> file;
    bool joined = false;  // another request had started it
  };
  // Starts the download of `digest` from `upstream_repo`, or joins the one in flight; either
  // way `local_repo` is linked to the blob once it is complete. Quick: never blocks on the
  // network (the download runs on the fetcher's own threads).
  Fetch fetch(std::shared_ptr<const Target> target, const std::string& upstream_repo,
              const std::string& local_repo, const core::Digest& digest);

  size_t in_flight() const;
  // Told about each blob committed from a verified download (set before serving).
  std::function<void(const core::Digest&)> on_committed;
  // Aborts the downloads in flight (shutdown); their partial files are deleted.
  void stop() { stopping_ = true; }

 private:
  struct Download {
    std::shared_ptr<store::GrowingFile> file;
    std::filesystem::path tmp;
    std::vector<std::string> repos;  // to link on success
  };
  void run(std::shared_ptr<const Target> target, std::string upstream_repo, core::Digest digest);
  bool adopt_stored(const Target& target, const std::string& upstream_repo,
                    const core::Digest& digest, const std::shared_ptr<Download>& d);
  // Links the repositories from index `linked` on, then leaves the in-flight map.
  void link_and_forget(const core::Digest& digest, const std::shared_ptr<Download>& d,
                       uint64_t size, size_t linked);

  core::RegistryService& registry_;
  store::BlobStore& blobs_;
  std::filesystem::path tmp_dir_;
  std::atomic<bool> stopping_{false};
  boost::asio::thread_pool pool_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Download>> inflight_;  // by digest
};

}  // namespace berth::proxy
