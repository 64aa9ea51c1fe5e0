// GET/HEAD/PUT/DELETE /v2/<name>/manifests/<reference>
#include "core/reference.h"
#include "core/registry_service.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "registry/access_control.h"
#include "registry/registry_api.h"
#include "core/content_source.h"

namespace berth::registry {

using http::Request;
using http::Response;

namespace {
Response invalid_reference(const std::string& ref) {
  if (ref.find(':') != std::string::npos)
    return http::oci_error(400, "DIGEST_INVALID", "invalid digest '" + ref + "'");
  return http::oci_error(400, "TAG_INVALID", "invalid tag '" + ref + "'");
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

boost::asio::awaitable<Response> RegistryApi::get_manifest(Request& req, const Route& r,
                                                           const Source& src) {
  auto ref = core::parse_manifest_reference(r.reference);
  // A name that cannot be a tag names no manifest: the spec allows only 404 on reads.
  if (!ref && r.reference.find(':') == std::string::npos)
    co_return http::oci_error(404, "MANIFEST_UNKNOWN", "manifest unknown: invalid tag");
  if (!ref) co_return invalid_reference(r.reference);
  // Memory answers most reads on the io thread; only misses go to the pool.
  auto m = src.content.manifest_in_memory(r.repository, *ref);
  if (!m)
    m = co_await http::run_blocking_on(
        src.pool, [&] { return src.content.get_manifest(r.repository, *ref); });
  if (!m) co_return http::oci_error(404, "MANIFEST_UNKNOWN", "manifest unknown: " + ref->str());
  co_return manifest_response(req, *m);
}

boost::asio::awaitable<std::optional<Response>> RegistryApi::pull_policy(const Request& req,
                                                                         const Route& r,
                                                                         const AccessDecision& access,
                                                                         const Response& res) {
  if (!scan_hooks_.pull_violation || r.kind != Route::Kind::kManifest || res.status != 200 ||
      (req.method != "GET" && req.method != "HEAD"))
    co_return std::nullopt;
  std::string digest;
  for (const auto& [k, v] : res.headers)
    if (http::iequals(k, "Docker-Content-Digest")) digest = v;
  if (digest.empty()) co_return std::nullopt;
  int64_t robot_id = access.principal.is_robot() ? access.principal.id : 0;
  std::string project(core::project_of(r.repository));
  // Projects without prevent_vul (nearly all) cost one cache lookup on the io thread.
  auto enabled = scan_hooks_.policy_cached(project);
  if (!enabled) enabled = co_await http::run_blocking([&] { return scan_hooks_.policy_load(project); });
  if (!*enabled) co_return std::nullopt;
  auto violation = co_await http::run_blocking(
      [&] { return scan_hooks_.pull_violation(r.repository, digest, robot_id); });
  if (!violation) co_return std::nullopt;
  co_return http::oci_error(412, "PROJECTPOLICYVIOLATION", *violation);
}

boost::asio::awaitable<Response> RegistryApi::put_manifest(Request& req, const Route& r,
                                                        const Source&) {
  auto ref = core::parse_manifest_reference(r.reference);
  if (!ref) co_return invalid_reference(r.reference);
  std::string body;
  try {
    body = co_await req.read_body(config_.limits.max_manifest_bytes);
  } catch (const http::BodyTooLarge&) {
    co_return http::oci_error(413, "MANIFEST_INVALID",
                              "manifest exceeds the " + std::to_string(config_.limits.max_manifest_bytes) +
                                  " byte limit");
  }
  std::string content_type(req.header("Content-Type"));
  auto result = co_await http::run_blocking(
      [&] { return service_.put_manifest(r.repository, *ref, content_type, body); });
  Response res = Response::empty(201);
  res.header("Location", "/v2/" + r.repository + "/manifests/" + result.digest.str());
  res.header("Docker-Content-Digest", result.digest.str());
  if (result.subject) res.header("OCI-Subject", result.subject->str());
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::delete_manifest(Request& req, const Route& r,
                                                        const Source&) {
  if (!config_.storage_delete_enabled)
    co_return http::oci_error(405, "UNSUPPORTED", "deletion is disabled (storage.delete.enabled)");
  auto ref = core::parse_manifest_reference(r.reference);
  if (!ref) co_return invalid_reference(r.reference);
  bool deleted = co_await http::run_blocking([&] {
    return ref->is_digest() ? service_.delete_manifest(r.repository, ref->digest())
                            : service_.delete_tag(r.repository, ref->tag());
  });
  if (!deleted) co_return http::oci_error(404, "MANIFEST_UNKNOWN", "manifest unknown: " + ref->str());
  co_return Response::empty(202);
}

}  // namespace berth::registry
