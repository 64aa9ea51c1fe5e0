#include "registry/registry_api.h"

#include <spdlog/spdlog.h>

#include "core/local_content_source.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/url.h"
#include "proxy/proxy_content_source.h"
#include "proxy/proxy_service.h"
#include "registry/access_control.h"
#include "registry/pull_recorder.h"

namespace berth::registry {

using http::Request;
using http::Response;

namespace {
std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    auto slash = s.find('/', start);
    out.push_back(s.substr(start, slash == s.npos ? s.npos : slash - start));
    if (slash == s.npos) return out;
    start = slash + 1;
  }
}

// Decodes one raw path component. A component that decodes to something holding '/' stays raw,
// so "a%2Fb" can never pose as two components (and then fails the name or tag grammar).
std::string decode_component(std::string_view raw) {
  auto d = http::percent_decode(raw);
  if (!d || d->find('/') != std::string::npos) return std::string(raw);
  return *d;
}

std::string join(const std::vector<std::string_view>& parts, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += '/';
    out += decode_component(parts[i]);
  }
  return out;
}
}  // namespace

Route parse_route(const std::string& raw_path) {
  Route r = parse_raw_route(raw_path);
  r.reference = decode_component(r.reference);
  return r;
}

Route parse_raw_route(const std::string& path) {
  using K = Route::Kind;
  if (path == "/v2/" || path == "/v2") return {K::kBase, "", ""};
  if (!path.starts_with("/v2/")) return {};
  if (path == "/v2/_catalog") return {K::kCatalog, "", ""};
  auto parts = split(std::string_view(path).substr(4));
  size_t n = parts.size();
  auto at = [&](size_t from_end) { return parts[n - from_end]; };
  if (n >= 3 && at(2) == "tags" && at(1) == "list") return {K::kTags, join(parts, n - 2), ""};
  if (n >= 4 && at(3) == "blobs" && at(2) == "uploads")
    return {at(1).empty() ? K::kUploadStart : K::kUpload, join(parts, n - 3), std::string(at(1))};
  if (n >= 3 && at(2) == "blobs" && at(1) == "uploads")
    return {K::kUploadStart, join(parts, n - 2), ""};
  if (n >= 3 && at(2) == "manifests") return {K::kManifest, join(parts, n - 2), std::string(at(1))};
  if (n >= 3 && at(2) == "blobs") return {K::kBlob, join(parts, n - 2), std::string(at(1))};
  if (n >= 3 && at(2) == "referrers")
    return {K::kReferrers, join(parts, n - 2), std::string(at(1))};
  return {};
}

Response to_response(const core::RegistryError& e) {
  return http::oci_error(e.status, e.code, e.message, e.detail_json);
}

RegistryApi::RegistryApi(core::RegistryService& service, store::BlobStore& blobs,
                         store::UploadStore& uploads, const config::Config& config,
                         AccessControl& access, proxy::ProxyService* proxy)
    : service_(service),
      uploads_(uploads),
      config_(config),
      local_(std::make_unique<core::LocalContentSource>(service, blobs)),
      access_(access),
      pulls_(std::make_unique<PullRecorder>(service.content())),
      proxy_(proxy) {
  // A proxied blob was hashed on its way in: its first serve need not hash it again.
  if (proxy_)
    proxy_->fetcher().on_committed = [this](const core::Digest& d) { local_->mark_verified(d); };
}

RegistryApi::~RegistryApi() = default;

boost::asio::awaitable<Response> RegistryApi::handle(Request& req) {
  Route route = parse_route(req.raw_path);
  Response res;
  try {
    if (route.kind == Route::Kind::kNone) {
      res = http::oci_error(404, "NOT_FOUND", "no such endpoint");
    } else if (!route.repository.empty() && !core::is_valid_repository_name(route.repository)) {
      res = http::oci_error(400, "NAME_INVALID",
                            "invalid repository name '" + route.repository + "'");
    } else {
      apply_mirror(req, route);
      AccessDecision access = co_await access_.check(req, route);
      if (access.denial) {
        res = std::move(*access.denial);
      } else {
        // A proxy project's content: the cache, filled from its upstream (the same handlers).
        std::optional<proxy::ProxyContentSource> proxied;
        if (auto target = co_await proxy_target(route)) {
          route.repository = target->local_repository(route.repository);
          proxied.emplace(*proxy_, *local_, std::move(target));
        }
        Source src =
            proxied ? Source{*proxied, proxy_->pool()} : Source{*local_, http::blocking_pool()};
        res = co_await dispatch(req, route, src);
        // The pull policy applies to ordinary projects (a proxy cache is not scanned).
        if (!proxied)
          if (auto denied = co_await pull_policy(req, route, access, res)) res = std::move(*denied);
        co_await record(req, route, access, res);
      }
    }
  } catch (const core::RegistryError& e) {
    res = to_response(e);
  } catch (const http::BodyTooLarge& e) {
    res = http::oci_error(413, "SIZE_INVALID", e.what());
  }
  res.header("Docker-Distribution-API-Version", "registry/2.0");
  co_return res;
}

void RegistryApi::apply_mirror(const Request& req, Route& r) const {
  const auto& mirror = config_.proxy;
  if (mirror.mirror_project.empty() || r.repository.empty()) return;
  std::string_view host = req.header("Host");
  // "name" matches the name on any port, "name:port" only that port.
  std::string_view bare = host.substr(
      0, host.rfind(':') == std::string_view::npos || host.find(']') != std::string_view::npos
             ? host.size()
             : host.rfind(':'));
  for (const auto& h : mirror.mirror_hosts) {
    if (http::iequals(host, h) || http::iequals(bare, h)) {
      r.repository = mirror.mirror_project + "/" + r.repository;
      return;
    }
  }
}

boost::asio::awaitable<std::shared_ptr<const proxy::Target>> RegistryApi::proxy_target(
    const Route& r) {
  if (!proxy_ || r.repository.empty()) co_return nullptr;
  std::string project(core::project_of(r.repository));
  auto found = proxy_->cached(project);
  if (found.kind == proxy::ProxyService::Kind::kUnknown)
    found = co_await http::run_blocking([&] { return proxy_->load(project); });
  co_return found.target;
}

}  // namespace berth::registry
