// Blob uploads: POST /v2/<name>/blobs/uploads/ (start, monolithic, mount), then
// PATCH/PUT/GET/DELETE /v2/<name>/blobs/uploads/<id>.
#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>

#include <memory>

#include "base/fd_io.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/pool_task.h"
#include "http/range.h"
#include "registry/registry_api.h"
#include "store/blob_store.h"
#include "store/upload_store.h"

namespace berth::registry {

using http::Request;
using http::Response;

namespace {

constexpr size_t kChunkBuffer = 1 << 20;

std::string range_value(uint64_t offset) {
  return "0-" + std::to_string(offset == 0 ? 0 : offset - 1);
}

Response upload_progress(unsigned status, const std::string& repo, const store::UploadState& st) {
  Response res = Response::empty(status);
  res.header("Location", "/v2/" + repo + "/blobs/uploads/" + st.id);
  res.header("Range", range_value(st.offset));
  res.header("Docker-Upload-UUID", st.id);
  return res;
}

Response upload_unknown() {
  return http::oci_error(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
}

// Streams the request body onto the end of the upload, hashing as it goes. The state is only
// advanced in memory; the caller saves it once the chunk is known to be complete and valid.
// Three things overlap: the next chunk arrives from the socket while the previous one is hashed
// on one pool thread and written on another (serially they capped pushes at a third of SHA-256
// speed). Two buffers suffice: a buffer is reused only after both of its jobs are joined.
boost::asio::awaitable<uint64_t> append_body(Request& req, store::UploadState& st,
                                             const std::filesystem::path& data,
                                             uint64_t max_total) {
  if (!req.body || req.body->done()) co_return 0;
  if (auto len = req.body->declared_length(); len && st.offset + *len > max_total)
    throw http::BodyTooLarge("blob exceeds the configured maximum size");
  int raw = ::open(data.c_str(), O_WRONLY | O_CLOEXEC);
  if (raw < 0) throw std::system_error(errno, std::generic_category(), "opening upload");
  auto fd = std::shared_ptr<int>(new int(raw), [](int* p) {
    ::close(*p);
    delete p;
  });
  std::shared_ptr<char[]> bufs[2] = {std::shared_ptr<char[]>(new char[kChunkBuffer]),
                                     std::shared_ptr<char[]>(new char[kChunkBuffer])};
  http::PoolTask hashing, writing;
  auto& pool = http::blocking_pool();
  uint64_t appended = 0;
  std::exception_ptr failure;
  for (int cur = 0;; cur ^= 1) {
    size_t n = 0;
    try {
      // Fill the buffer before handing it on: a socket read returns a few hundred KiB at
      // most, and every hand-off to the pool costs two thread wake-ups, which dominated the
      // profile of a push (more time in context switches than in SHA-256).
      while (n < kChunkBuffer) {
        size_t got = co_await req.body->read_some(
            boost::asio::buffer(bufs[cur].get() + n, kChunkBuffer - n));
        if (got == 0) break;
        n += got;
      }
      if (st.offset + n > max_total)
        throw http::BodyTooLarge("blob exceeds the configured maximum size");
    } catch (...) {
      failure = std::current_exception();
    }
    // The previous chunk's jobs hold the other buffer and `st.hash`: done before going on.
    try {
      co_await hashing.join();
      co_await writing.join();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
    if (failure) std::rethrow_exception(failure);
    if (n == 0) break;
    auto buf = bufs[cur];
    auto* hash = &st.hash;
    uint64_t at = st.offset;
    hashing = http::PoolTask::start(pool, [hash, buf, n] { hash->update(buf.get(), n); });
    writing = http::PoolTask::start(pool, [fd, buf, n, at] {
      base::pwrite_all(*fd, {buf.get(), n}, at, "writing upload");
      // Start writing this piece to disk now, so the fsync before the blob is committed finds
      // little left to do (it was 30% of a 100 MiB push on this VM's disk).
      ::sync_file_range(*fd, off_t(at), off_t(n), SYNC_FILE_RANGE_WRITE);
    });
    st.offset += n;
    appended += n;
  }
  co_return appended;
}

}  // namespace

// Completes an upload whose bytes are all in place: verify, publish, link.
static boost::asio::awaitable<Response> finish_upload(core::RegistryService& service,
                                                      store::UploadStore& uploads,
                                                      const std::string& repo,
                                                      store::UploadState& st,
                                                      const std::string& digest_param) {
  auto expected = core::Digest::parse(digest_param);
  if (!expected)
    co_return http::oci_error(400, "DIGEST_INVALID", "invalid digest '" + digest_param + "'");
  auto data = uploads.data_path(st.id);
  core::Digest actual;
  if (expected->algorithm == core::DigestAlgorithm::kSha256) {
    actual = core::Digest{core::DigestAlgorithm::kSha256, st.hash.finish_hex()};
  } else {
    auto h =
        co_await http::run_blocking([&] { return store::hash_file(data, expected->algorithm); });
    if (!h) throw std::runtime_error("cannot read upload data");
    actual = *h;
  }
  if (actual != *expected) {
    co_await http::run_blocking([&] { uploads.remove(st.id); });
    co_return http::oci_error(
        400, "DIGEST_INVALID",
        "provided digest " + expected->str() + " does not match uploaded content " + actual.str());
  }
  co_await http::run_blocking([&] {
    service.add_blob(repo, data, actual, st.offset);
    uploads.remove(st.id);
  });
  Response res = Response::empty(201);
  res.header("Location", "/v2/" + repo + "/blobs/" + actual.str());
  res.header("Docker-Content-Digest", actual.str());
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::start_upload(Request& req, const Route& r,
                                                        const Source&) {
  auto mount = req.query_param("mount");
  auto from = req.query_param("from");
  if (mount && from && core::is_valid_repository_name(*from)) {
    if (auto d = core::Digest::parse(*mount)) {
      bool mounted =
          co_await http::run_blocking([&] { return service_.mount_blob(r.repository, *from, *d); });
      if (mounted) {
        Response res = Response::empty(201);
        res.header("Location", "/v2/" + r.repository + "/blobs/" + d->str());
        res.header("Docker-Content-Digest", d->str());
        co_return res;
      }
    }
  }
  // A failed mount falls back to a normal upload session, as the spec asks.
  auto st = co_await http::run_blocking([&] { return uploads_.create(r.repository); });
  if (auto digest = req.query_param("digest")) {
    auto lock = co_await http::run_blocking([&] { return uploads_.try_lock(st.id); });
    auto data = uploads_.data_path(st.id);  // a named local: no temporary in co_await (GCC 12)
    co_await append_body(req, st, data, config_.limits.max_blob_bytes);
    co_return co_await finish_upload(service_, uploads_, r.repository, st, *digest);
  }
  Response res = upload_progress(202, r.repository, st);
  if (config_.limits.upload_chunk_min_bytes > 0)
    res.header("OCI-Chunk-Min-Length", std::to_string(config_.limits.upload_chunk_min_bytes));
  co_return res;
}

// Loads and locks an upload of this repository, or explains why not.
struct LockedUpload {
  std::optional<store::UploadLock> lock;
  std::optional<store::UploadState> state;
  bool busy = false;
};

static boost::asio::awaitable<LockedUpload> lock_upload(store::UploadStore& uploads,
                                                        const Route& r) {
  co_return co_await http::run_blocking([&] {
    LockedUpload out;
    auto peek = uploads.load(r.reference, false);
    if (!peek || peek->repository != r.repository) return out;
    out.lock = uploads.try_lock(r.reference);
    if (!out.lock) {
      out.busy = true;
      out.state = peek;
      return out;
    }
    out.state = uploads.load(r.reference, true);
    return out;
  });
}

// Checks a chunk's Content-Range against the upload; nullopt when it may be appended.
static std::optional<Response> check_chunk_range(const Request& req, const Route& r,
                                                 const store::UploadState& st) {
  auto cr = req.header("Content-Range");
  if (cr.empty()) return std::nullopt;
  auto range = http::parse_content_range(cr);
  if (!range) return http::oci_error(400, "BLOB_UPLOAD_INVALID", "malformed Content-Range");
  if (range->first != st.offset) {
    Response res =
        http::oci_error(416, "BLOB_UPLOAD_INVALID",
                        "chunk starts at " + std::to_string(range->first) + " but the upload has " +
                            std::to_string(st.offset) + " bytes");
    res.header("Location", "/v2/" + r.repository + "/blobs/uploads/" + st.id);
    res.header("Range", range_value(st.offset));
    res.header("Docker-Upload-UUID", st.id);
    return res;
  }
  if (auto len = req.body ? req.body->declared_length() : std::nullopt;
      len && *len != range->length())
    return http::oci_error(400, "BLOB_UPLOAD_INVALID",
                           "Content-Length does not match Content-Range");
  return std::nullopt;
}

boost::asio::awaitable<Response> RegistryApi::patch_upload(Request& req, const Route& r,
                                                        const Source&) {
  auto up = co_await lock_upload(uploads_, r);
  if (!up.state) co_return upload_unknown();
  if (up.busy) {
    Response res = upload_progress(416, r.repository, *up.state);
    co_return res;
  }
  auto& st = *up.state;
  if (auto bad = check_chunk_range(req, r, st)) co_return std::move(*bad);
  uint64_t start = st.offset;
  auto data = uploads_.data_path(st.id);  // a named local: no temporary in co_await (GCC 12)
  uint64_t n = co_await append_body(req, st, data, config_.limits.max_blob_bytes);
  if (auto cr = req.header("Content-Range");
      !cr.empty() && n != http::parse_content_range(cr)->length())
    co_return http::oci_error(400, "BLOB_UPLOAD_INVALID", "chunk shorter than its Content-Range");
  (void)start;
  co_await http::run_blocking([&] { uploads_.save(st); });
  co_return upload_progress(202, r.repository, st);
}

boost::asio::awaitable<Response> RegistryApi::put_upload(Request& req, const Route& r,
                                                        const Source&) {
  auto digest = req.query_param("digest");
  if (!digest)
    co_return http::oci_error(400, "DIGEST_INVALID", "the digest query parameter is required");
  auto up = co_await lock_upload(uploads_, r);
  if (!up.state) co_return upload_unknown();
  if (up.busy) co_return upload_progress(416, r.repository, *up.state);
  auto& st = *up.state;
  if (auto bad = check_chunk_range(req, r, st)) co_return std::move(*bad);
  auto data = uploads_.data_path(st.id);  // a named local: no temporary in co_await (GCC 12)
  co_await append_body(req, st, data, config_.limits.max_blob_bytes);
  co_return co_await finish_upload(service_, uploads_, r.repository, st, *digest);
}

boost::asio::awaitable<Response> RegistryApi::upload_status(Request& req, const Route& r,
                                                        const Source&) {
  auto st = co_await http::run_blocking([&] { return uploads_.load(r.reference, false); });
  if (!st || st->repository != r.repository) co_return upload_unknown();
  co_return upload_progress(204, r.repository, *st);
}

boost::asio::awaitable<Response> RegistryApi::cancel_upload(Request& req, const Route& r,
                                                        const Source&) {
  auto up = co_await lock_upload(uploads_, r);
  if (!up.state) co_return upload_unknown();
  co_await http::run_blocking([&] { uploads_.remove(r.reference); });
  co_return Response::empty(204);
}

}  // namespace berth::registry
