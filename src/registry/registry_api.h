// The OCI distribution API under /v2/: routing and handlers. Handlers parse and answer; content
// rules live in core::RegistryService, files in store/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "config/config.h"
#include "core/artifact_event.h"
#include "core/digest.h"
#include "http/range.h"
#include "http/request.h"
#include "http/response.h"
#include "registry/scan_hooks.h"

namespace berth::core {
class RegistryService;
class AuditLogStore;
class ContentSource;
class LocalContentSource;
struct RegistryError;
}  // namespace berth::core
namespace berth::store {
class BlobStore;
class UploadStore;
}  // namespace berth::store

namespace berth::proxy {
class ProxyService;
struct Target;
}  // namespace berth::proxy
namespace berth::core {
struct StoredManifest;
}

namespace berth::registry {

class AccessControl;
class PullRecorder;
struct AccessDecision;

// Which /v2/ endpoint a path addresses, parsed from the right so repository names may contain
// any of the keywords as path components.
struct Route {
  enum class Kind {
    kBase,
    kCatalog,
    kTags,
    kManifest,
    kBlob,
    kUploadStart,
    kUpload,
    kReferrers,
    kNone
  };
  Kind kind = Kind::kNone;
  std::string repository;
  std::string reference;  // tag/digest, blob digest or upload id
};
// Takes the raw (still percent-encoded) path and decodes each component after splitting.
Route parse_route(const std::string& raw_path);
Route parse_raw_route(const std::string& raw_path);

// Where a request's content comes from (the project's own store, or the proxy cache wrapping it)
// and the pool its blocking calls run on (the proxy's own for calls that may wait on an upstream).
struct Source {
  core::ContentSource& content;
  boost::asio::thread_pool& pool;
};

class RegistryApi {
 public:
  using Awaitable = boost::asio::awaitable<http::Response>;
  using Handler = Awaitable (RegistryApi::*)(http::Request&, const Route&, const Source&);
  // One row of the /v2/ route table (registry_routes.cpp): the distribution spec's method and
  // path, literally, so grepping the spec's path finds its handler.
  struct RouteRow {
    std::string_view method;
    std::string_view path;
    Route::Kind kind;
    Handler handler;
  };
  static std::span<const RouteRow> routes();

  // Every request passes `access` before dispatch; `db` receives audit entries and pull times.
  // `proxy` may be null (no proxy-cache projects served).
  RegistryApi(core::RegistryService& service, store::BlobStore& blobs, store::UploadStore& uploads,
              const config::Config& config, AccessControl& access,
              proxy::ProxyService* proxy = nullptr);
  ~RegistryApi();

  boost::asio::awaitable<http::Response> handle(http::Request& req);
  // Scan-on-push and the vulnerability pull policy (set before serving).
  void set_scan_hooks(ScanHooks hooks) { scan_hooks_ = std::move(hooks); }
  // Told of every manifest push and delete through /v2/ (event-based replication).
  void set_artifact_listener(core::ArtifactEventListener l) { artifact_listener_ = std::move(l); }
  // Where pushes and deletes are audited (set before serving; unset: not audited).
  void set_audit_log(core::AuditLogStore& log) { audit_log_ = &log; }

 private:
  Awaitable dispatch(http::Request& req, const Route& route, const Source& src);
  // Audit entries for pushes and deletes, pull times for manifest GETs.
  boost::asio::awaitable<void> record(const http::Request& req, const Route& route,
                                      const AccessDecision& access, const http::Response& res);

  // manifest_handlers.cpp
  Awaitable get_manifest(http::Request& req, const Route& r, const Source& src);
  Awaitable put_manifest(http::Request& req, const Route& r, const Source& src);
  Awaitable delete_manifest(http::Request& req, const Route& r, const Source& src);
  // blob_handlers.cpp
  Awaitable get_blob(http::Request& req, const Route& r, const Source& src);
  Awaitable delete_blob(http::Request& req, const Route& r, const Source& src);
  // upload_handlers.cpp
  Awaitable start_upload(http::Request& req, const Route& r, const Source& src);
  Awaitable patch_upload(http::Request& req, const Route& r, const Source& src);
  Awaitable put_upload(http::Request& req, const Route& r, const Source& src);
  Awaitable upload_status(http::Request& req, const Route& r, const Source& src);
  Awaitable cancel_upload(http::Request& req, const Route& r, const Source& src);
  // listing_handlers.cpp
  Awaitable base(http::Request& req, const Route& r, const Source& src);
  Awaitable list_tags(http::Request& req, const Route& r, const Source& src);
  Awaitable catalog(http::Request& req, const Route& r, const Source& src);
  Awaitable referrers(http::Request& req, const Route& r, const Source& src);
  // The proxy target of the route's project (null for ordinary projects).
  boost::asio::awaitable<std::shared_ptr<const proxy::Target>> proxy_target(const Route& r);
  // Transparent mirror: a request for a mirror host addresses the mirror project.
  void apply_mirror(const http::Request& req, Route& r) const;

  core::RegistryService& service_;
  store::UploadStore& uploads_;
  const config::Config& config_;
  // The content of ordinary projects; proxy projects wrap it (proxy::ProxyContentSource).
  std::unique_ptr<core::LocalContentSource> local_;
  AccessControl& access_;
  std::unique_ptr<PullRecorder> pulls_;
  proxy::ProxyService* proxy_;
  ScanHooks scan_hooks_;
  core::ArtifactEventListener artifact_listener_;
  core::AuditLogStore* audit_log_ = nullptr;
  // manifest_handlers.cpp: 412 when the project's vulnerability policy forbids the manifest pull
  // that produced `res`.
  boost::asio::awaitable<std::optional<http::Response>> pull_policy(const http::Request& req,
                                                                    const Route& r,
                                                                    const AccessDecision& access,
                                                                    const http::Response& res);
};

// The headers of a blob answer of `size` bytes and the byte range the request asks for:
// status 200, 206 with Content-Range, or 416 (then `response` is the whole error answer).
struct BlobAnswer {
  unsigned status = 200;
  http::Response response;
  http::ByteRange range;
};
BlobAnswer blob_answer(const http::Request& req, const core::Digest& digest, uint64_t size);

// The answer for a stored manifest (GET body or HEAD length).
http::Response manifest_response(const http::Request& req, const core::StoredManifest& m);
// A referrers index answer (GET or HEAD); `filtered` adds OCI-Filters-Applied.
http::Response referrers_response(const http::Request& req, std::string index, bool filtered);

// Renders a core::RegistryError as an OCI error response.
http::Response to_response(const core::RegistryError& e);

}  // namespace berth::registry
