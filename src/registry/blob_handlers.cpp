// GET/HEAD/DELETE /v2/<name>/blobs/<digest>
#include "core/digest.h"
#include "core/registry_service.h"
#include "http/await_callback.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/range.h"
#include "registry/growing_file_body.h"
#include "registry/registry_api.h"
#include "core/content_source.h"

namespace berth::registry {

using http::Request;
using http::Response;

namespace {
// Suspends until the download knows its size or is over (woken from a fetcher thread).
boost::asio::awaitable<void> await_start(store::GrowingFile& file) {
  auto subscribe = [&file](std::function<void()> ready) { file.when_started(std::move(ready)); };
  co_await http::await_callback(subscribe);
}

// A blob still on its way in (a proxied download): answered once its size is known, the body
// following the file as it grows.
boost::asio::awaitable<Response> arriving_blob(const Request& req, const core::Digest& digest,
                                               const std::shared_ptr<store::GrowingFile>& file) {
  co_await await_start(*file);
  auto st = file->state();
  if (st.failed) {
    if (st.status == 404) co_return http::oci_error(404, "BLOB_UNKNOWN", st.error);
    if (st.status == 429) co_return http::oci_error(429, "TOOMANYREQUESTS", st.error);
    co_return http::oci_error(
        st.status ? unsigned(st.status) : 502, "UNKNOWN",
        "blob " + digest.str() + " is not cached and the upstream failed: " + st.error);
  }
  uint64_t size = uint64_t(st.size);
  BlobAnswer a = blob_answer(req, digest, size);
  if (a.status == 416) co_return std::move(a.response);
  Response res = std::move(a.response);
  res.body = http::GrowingRegion{std::make_shared<GrowingFileBody>(file), a.range.first,
                                 size ? a.range.length() : 0};
  co_return res;
}
}  // namespace

BlobAnswer blob_answer(const Request& req, const core::Digest& digest, uint64_t size) {
  BlobAnswer a;
  Response& res = a.response;
  res.header("Docker-Content-Digest", digest.str());
  res.header("Etag", "\"" + digest.str() + "\"");
  res.header("Accept-Ranges", "bytes");
  res.header("Content-Type", "application/octet-stream");
  a.range = http::ByteRange{0, size ? size - 1 : 0};
  if (auto h = req.header("Range"); !h.empty()) {
    auto rr = http::parse_range(h, size);
    if (rr.status == http::RangeStatus::kUnsatisfiable) {
      a.status = 416;
      a.response = http::oci_error(416, "RANGE_INVALID", "requested range not satisfiable");
      a.response.header("Content-Range", "bytes */" + std::to_string(size));
      return a;
    }
    if (rr.status == http::RangeStatus::kSatisfiable) {
      a.range = rr.range;
      a.status = res.status = 206;
      res.header("Content-Range", "bytes " + std::to_string(a.range.first) + "-" +
                                      std::to_string(a.range.last) + "/" + std::to_string(size));
    }
  }
  return a;
}

boost::asio::awaitable<Response> RegistryApi::get_blob(Request& req, const Route& r,
                                                       const Source& src) {
  auto digest = core::Digest::parse(r.reference);
  if (!digest) co_return http::oci_error(400, "DIGEST_INVALID", "invalid digest '" + r.reference + "'");
  bool head = req.is_head();
  auto found = co_await http::run_blocking_on(src.pool, [&] {
    return head ? src.content.stat_blob(r.repository, *digest)
                : src.content.open_blob(r.repository, *digest);
  });
  using Status = core::Blob::Status;
  if (found.status == Status::kMissing)
    co_return http::oci_error(404, "BLOB_UNKNOWN", "blob unknown to registry", "{\"digest\":\"" + digest->str() + "\"}");
  if (found.status == Status::kCorrupt)
    co_return http::oci_error(404, "BLOB_UNKNOWN",
                              "stored blob failed verification and was quarantined; push it again");
  if (found.arriving) co_return co_await arriving_blob(req, *digest, found.arriving);
  uint64_t size = found.file.size;
  BlobAnswer a = blob_answer(req, *digest, size);
  if (a.status == 416) co_return std::move(a.response);
  Response res = std::move(a.response);
  http::ByteRange range = a.range;
  uint64_t length = size ? range.length() : 0;
  if (head) res.head_length = length;
  else res.body = http::FileRegion{found.file.fd, range.first, length};
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::delete_blob(Request& req, const Route& r,
                                                        const Source&) {
  if (!config_.storage_delete_enabled)
    co_return http::oci_error(405, "UNSUPPORTED", "deletion is disabled (storage.delete.enabled)");
  auto digest = core::Digest::parse(r.reference);
  if (!digest) co_return http::oci_error(400, "DIGEST_INVALID", "invalid digest '" + r.reference + "'");
  bool removed = co_await http::run_blocking([&] { return service_.unlink_blob(r.repository, *digest); });
  if (!removed) co_return http::oci_error(404, "BLOB_UNKNOWN", "blob unknown to repository");
  Response res = Response::empty(202);
  res.header("Docker-Content-Digest", digest->str());
  co_return res;
}

}  // namespace berth::registry
