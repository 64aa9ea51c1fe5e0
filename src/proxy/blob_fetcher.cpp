#include "proxy/blob_fetcher.h"
#include "base/fd_io.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <random>

#include "core/registry_service.h"
#include "remote/errors.h"
#include "store/blob_store.h"

namespace berth::proxy {

namespace fs = std::filesystem;

namespace {
std::string random_name() {
  static std::atomic<uint64_t> counter{0};
  std::random_device rd;
  return std::to_string(rd()) + "-" + std::to_string(counter.fetch_add(1)) + ".part";
}

// The status a client gets when the download fails before its response started.
int status_for(const remote::RemoteError& e) {
  switch (e.kind()) {
    case remote::ErrorKind::kNotFound:
      return 404;
    case remote::ErrorKind::kRateLimited:
      return 429;
    default:
      return 502;
  }
}
}  // namespace

BlobFetcher::BlobFetcher(core::RegistryService& registry, store::BlobStore& blobs, fs::path tmp_dir,
                         unsigned threads)
    : registry_(registry), blobs_(blobs), tmp_dir_(std::move(tmp_dir)), pool_(threads) {
  std::error_code ec;
  fs::remove_all(tmp_dir_, ec);  // partial downloads of a previous run are never committed
  fs::create_directories(tmp_dir_);
}

BlobFetcher::~BlobFetcher() {
  stop();
  pool_.join();
}

size_t BlobFetcher::in_flight() const {
  std::lock_guard lock(mutex_);
  return inflight_.size();
}

BlobFetcher::Fetch BlobFetcher::fetch(std::shared_ptr<const Target> target,
                                      const std::string& upstream_repo,
                                      const std::string& local_repo, const core::Digest& digest) {
  std::lock_guard lock(mutex_);
  if (auto it = inflight_.find(digest.str()); it != inflight_.end()) {
    auto& repos = it->second->repos;
    if (std::find(repos.begin(), repos.end(), local_repo) == repos.end())
      repos.push_back(local_repo);
    return {it->second->file, true};
  }
  auto d = std::make_shared<Download>();
  d->tmp = tmp_dir_ / random_name();
  int fd = ::open(d->tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    auto file = std::make_shared<store::GrowingFile>(nullptr);
    file->fail(std::string("cannot create a cache file: ") + std::strerror(errno), 500);
    return {file, false};
  }
  d->file = std::make_shared<store::GrowingFile>(std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  }));
  d->repos.push_back(local_repo);
  inflight_.emplace(digest.str(), d);
  target->stats->blob_fetches++;
  boost::asio::post(pool_,
                    [this, target, upstream_repo, digest] { run(target, upstream_repo, digest); });
  return {d->file, false};
}

void BlobFetcher::run(std::shared_ptr<const Target> target, std::string upstream_repo,
                      core::Digest digest) {
  std::shared_ptr<Download> d;
  {
    std::lock_guard lock(mutex_);
    d = inflight_.at(digest.str());
  }
  auto& file = *d->file;
  if (adopt_stored(*target, upstream_repo, digest, d)) return;
  int fd = *file.fd();
  uint64_t written = 0;
  int64_t announced = -1;
  auto forget = [&] {
    std::lock_guard lock(mutex_);
    inflight_.erase(digest.str());
  };
  try {
    target->stats->upstream_requests++;
    bool found = target->blobs->get_blob(
        upstream_repo, digest.str(),
        [&](const char* p, size_t n) {
          if (stopping_) return false;
          target->limiter->consume(n);
          base::write_all(fd, {p, n}, "cannot write the cache file");
          written += n;
          target->stats->upstream_bytes += n;
          file.advance(written);
          return true;
        },
        0,
        [&](int64_t size) {
          announced = size;
          if (size >= 0) file.set_size(size);
        });
    if (!found)
      throw remote::RemoteError(
          remote::ErrorKind::kNotFound,
          "blob " + digest.str() + " is not in the upstream repository " + upstream_repo);
    if (announced >= 0 && uint64_t(announced) != written)
      throw remote::RemoteError(remote::ErrorKind::kNetwork,
                                "the upstream sent " + std::to_string(written) + " of " +
                                    std::to_string(announced) + " bytes");
    std::string first;
    {
      std::lock_guard lock(mutex_);
      first = d->repos.front();
    }
    registry_.add_blob(first, d->tmp, digest, written);  // readers keep the same inode
    if (on_committed) on_committed(digest);
    link_and_forget(digest, d, written, 1);
    file.finish();
  } catch (const remote::RemoteError& e) {
    target->stats->upstream_failures++;
    spdlog::warn("proxy: {} from {}: {}", digest.str(), target->url, e.what());
    std::error_code ec;
    fs::remove(d->tmp, ec);
    forget();
    file.fail(e.what(), status_for(e));
  } catch (const std::exception& e) {
    spdlog::error("proxy: {}: {}", digest.str(), e.what());
    std::error_code ec;
    fs::remove(d->tmp, ec);
    forget();
    file.fail(e.what(), 500);
  }
}

bool BlobFetcher::adopt_stored(const Target& target, const std::string& upstream_repo,
                               const core::Digest& digest, const std::shared_ptr<Download>& d) {
  auto stored = blobs_.open(digest);
  if (!stored) return false;
  // Another repository (maybe another project) has these bytes. Serving them here must not
  // reveal that: only when the upstream confirms this repository has the blob too.
  try {
    target.stats->upstream_requests++;
    auto size = target.blobs->head_blob(upstream_repo, digest.str());
    if (!size || uint64_t(*size) != stored->size) return false;
  } catch (const remote::RemoteError&) {
    return false;  // let the download report the problem
  }
  std::error_code ec;
  fs::remove(d->tmp, ec);
  d->file->replace_fd(stored->fd);
  d->file->set_size(int64_t(stored->size));
  d->file->advance(stored->size);
  link_and_forget(digest, d, stored->size, 0);
  d->file->finish();
  return true;
}

void BlobFetcher::link_and_forget(const core::Digest& digest, const std::shared_ptr<Download>& d,
                                  uint64_t size, size_t linked) {
  // Requests that join while linking add repositories: loop until none is left, then leave
  // the in-flight map in the same critical section, so no joiner is forgotten.
  while (true) {
    std::vector<std::string> todo;
    {
      std::lock_guard lock(mutex_);
      if (linked == d->repos.size()) {
        inflight_.erase(digest.str());
        return;
      }
      todo.assign(d->repos.begin() + long(linked), d->repos.end());
      linked = d->repos.size();
    }
    for (const auto& repo : todo) registry_.link_blob(repo, digest, size);
  }
}

}  // namespace berth::proxy
