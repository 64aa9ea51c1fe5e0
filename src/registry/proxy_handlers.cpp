// /v2/ requests on proxy-cache projects: manifests and blobs come from the cache or through
// proxy::ProxyService from the upstream; pushes are refused as in Harbor.
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <boost/asio/use_awaitable.hpp>

#include "core/reference.h"
#include "core/registry_service.h"
#include "http/await_callback.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/range.h"
#include "proxy/proxy_service.h"
#include "registry/growing_file_body.h"
#include "registry/registry_api.h"
#include "remote/errors.h"

namespace berth::registry {

using http::Request;
using http::Response;
namespace asio = boost::asio;

namespace {
// Suspends until the download knows its size or is over (woken from a fetcher thread).
asio::awaitable<void> await_start(store::GrowingFile& file) {
  auto subscribe = [&file](std::function<void()> ready) { file.when_started(std::move(ready)); };
  co_await http::await_callback(subscribe);
}

}  // namespace

Response manifest_response(const Request& req, const core::StoredManifest& m) {
  Response res;
  res.header("Content-Type", m.media_type);
  res.header("Docker-Content-Digest", m.digest.str());
  res.header("Etag", "\"" + m.digest.str() + "\"");
  if (req.is_head())
    res.head_length = m.content->size();
  else
    res.body = m.content;
  return res;
}

boost::asio::awaitable<Response> RegistryApi::dispatch_proxy(
    Request& req, const Route& r, const std::shared_ptr<const proxy::Target>& t) {
  using K = Route::Kind;
  const std::string& m = req.method;
  bool read = m == "GET" || m == "HEAD";
  if (r.kind == K::kUploadStart || r.kind == K::kUpload || (r.kind == K::kManifest && m == "PUT"))
    co_return http::oci_error(403, "DENIED", "can not push artifact to a proxy project");
  if (read && r.kind == K::kManifest) co_return co_await proxy_manifest(req, r, *t);
  if (read && r.kind == K::kBlob) co_return co_await proxy_blob(req, r, t);
  if (read && r.kind == K::kTags) co_return co_await proxy_tags(req, r, *t);
  if (read && r.kind == K::kReferrers) co_return co_await proxy_referrers(req, r, *t);
  co_return co_await dispatch(req, r);
}

boost::asio::awaitable<Response> RegistryApi::proxy_manifest(Request& req, const Route& r,
                                                             const proxy::Target& t) {
  auto ref = core::parse_manifest_reference(r.reference);
  if (!ref) co_return co_await get_manifest(req, r);  // the usual 400
  // A digest the cache holds needs no upstream and no pool hop.
  if (ref->is_digest()) {
    if (auto hit = service_.cache().get(r.repository, ref->str())) {
      t.stats->cache_hits++;
      co_return manifest_response(req, *hit);
    }
  }
  auto m = co_await http::run_blocking_on(proxy_->pool(),
                                          [&] { return proxy_->manifest(t, r.repository, *ref); });
  co_return manifest_response(req, *m);
}

boost::asio::awaitable<Response> RegistryApi::proxy_blob(
    Request& req, const Route& r, const std::shared_ptr<const proxy::Target>& tp) {
  const proxy::Target& t = *tp;
  auto digest = core::Digest::parse(r.reference);
  if (!digest) co_return co_await get_blob(req, r);  // the usual 400
  auto local =
      co_await http::run_blocking([&] { return service_.blob_size(r.repository, *digest); });
  if (local) {
    t.stats->cache_hits++;
    co_return co_await get_blob(req, r);
  }
  std::string upstream = t.upstream_repository(r.repository);
  if (req.is_head()) {
    // Clients HEAD before they GET: answer from the upstream without downloading yet.
    std::optional<int64_t> size;
    try {
      size = co_await http::run_blocking_on(proxy_->pool(), [&] {
        return proxy_->upstream_blob_size(t, r.repository, digest->str());
      });
    } catch (const remote::RemoteError& e) {
      co_return http::oci_error(502, "UNKNOWN", std::string("upstream failed: ") + e.what());
    }
    if (!size) co_return http::oci_error(404, "BLOB_UNKNOWN", "blob unknown to registry");
    Response res = std::move(blob_answer(req, *digest, uint64_t(*size)).response);
    res.head_length = uint64_t(*size);
    co_return res;
  }
  t.stats->cache_misses++;
  auto fetch = proxy_->fetcher().fetch(tp, upstream, r.repository, *digest);
  if (fetch.joined) t.stats->joined_fetches++;
  co_await await_start(*fetch.file);
  auto st = fetch.file->state();
  if (st.failed) {
    if (st.status == 404) co_return http::oci_error(404, "BLOB_UNKNOWN", st.error);
    if (st.status == 429) co_return http::oci_error(429, "TOOMANYREQUESTS", st.error);
    co_return http::oci_error(
        st.status ? unsigned(st.status) : 502, "UNKNOWN",
        "blob " + digest->str() + " is not cached and the upstream failed: " + st.error);
  }
  uint64_t size = uint64_t(st.size);
  BlobAnswer a = blob_answer(req, *digest, size);
  if (a.status == 416) co_return std::move(a.response);
  Response res = std::move(a.response);
  http::ByteRange range = a.range;
  res.body = http::GrowingRegion{std::make_shared<GrowingFileBody>(fetch.file), range.first,
                                 size ? range.length() : 0};
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::proxy_tags(Request& req, const Route& r,
                                                         const proxy::Target& t) {
  auto tags =
      co_await http::run_blocking_on(proxy_->pool(), [&] { return proxy_->tags(t, r.repository); });
  nlohmann::json body = {{"name", r.repository}, {"tags", tags}};
  Response res = Response::json(200, body.dump());
  if (req.is_head()) {
    res.head_length = std::get<std::string>(res.body).size();
    res.body = std::string();
  }
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::proxy_referrers(Request& req, const Route& r,
                                                              const proxy::Target& t) {
  auto digest = core::Digest::parse(r.reference);
  if (!digest) co_return co_await referrers(req, r);  // the usual 400
  std::optional<std::string> artifact_type = req.query_param("artifactType");
  auto body = co_await http::run_blocking_on(
      proxy_->pool(), [&] { return proxy_->referrers(t, r.repository, *digest, artifact_type); });
  co_return referrers_response(req, std::move(body), artifact_type.has_value());
}

}  // namespace berth::registry
