// GET/HEAD/DELETE /v2/<name>/blobs/<digest>
#include "core/digest.h"
#include "core/registry_service.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/range.h"
#include "registry/registry_api.h"
#include "store/blob_verifier.h"

namespace berth::registry {

using http::Request;
using http::Response;

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

boost::asio::awaitable<Response> RegistryApi::get_blob(Request& req, const Route& r) {
  auto digest = core::Digest::parse(r.reference);
  if (!digest) co_return http::oci_error(400, "DIGEST_INVALID", "invalid digest '" + r.reference + "'");
  bool head = req.is_head();
  auto found = co_await http::run_blocking([&]() -> std::optional<store::BlobVerifier::Result> {
    auto size = service_.blob_size(r.repository, *digest);
    if (!size) return std::nullopt;
    if (head) {
      // HEAD answers from metadata and the file's presence; GET verifies the bytes it sends.
      auto disk = blobs_.size_of(*digest);
      if (!disk || *disk != *size) return store::BlobVerifier::Result{store::BlobVerifier::Status::kMissing, {}};
      return store::BlobVerifier::Result{store::BlobVerifier::Status::kOk, {nullptr, *size}};
    }
    return verifier_->open_verified(*digest, *size);
  });
  if (!found || found->status == store::BlobVerifier::Status::kMissing)
    co_return http::oci_error(404, "BLOB_UNKNOWN", "blob unknown to registry", "{\"digest\":\"" + digest->str() + "\"}");
  if (found->status == store::BlobVerifier::Status::kCorrupt)
    co_return http::oci_error(404, "BLOB_UNKNOWN",
                              "stored blob failed verification and was quarantined; push it again");
  uint64_t size = found->blob.size;
  BlobAnswer a = blob_answer(req, *digest, size);
  if (a.status == 416) co_return std::move(a.response);
  Response res = std::move(a.response);
  http::ByteRange range = a.range;
  uint64_t length = size ? range.length() : 0;
  if (head) res.head_length = length;
  else res.body = http::FileRegion{found->blob.fd, range.first, length};
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::delete_blob(Request& req, const Route& r) {
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
