// System endpoints: ping, the CA download, systeminfo and health.
#include <unistd.h>

#include <fstream>

#include "api/api_util.h"
#include "api/external_url.h"
#include "api/harbor_api.h"
#include "auth/password.h"
#include "base/clock.h"
#include "core/content_store.h"
#include "core/registry_service.h"
#include "http/blocking.h"

namespace berth::api {

// The Harbor release whose API Berth follows, then Berth's own version. Harbor reports
// "<release>-<gitcommit>"; clients that parse it read the leading "v2.x.y".
const std::string kHarborVersion = std::string("v2.11.0-berth-") + BERTH_VERSION;

namespace {

json system_info(const Services& s, const ApiRequest& rq) {
  json j = {{"auth_mode", "db_auth"},
            {"primary_auth_mode", false},
            {"self_registration", false},
            {"banner_message", ""},
            {"oidc_provider_name", ""}};
  if (rq.principal.anonymous()) return j;
  std::string url = external_url(s, rq.http);
  auto scheme = url.find("://");
  j["harbor_version"] = kHarborVersion;
  j["external_url"] = url;
  // Host and port only: docker needs /v2/ at the root of a host, so a path prefix of
  // externalURL (a portal behind a reverse proxy at /reg) is no part of an image name.
  std::string host = scheme == std::string::npos ? url : url.substr(scheme + 3);
  j["registry_url"] = host.substr(0, host.find('/'));
  j["has_ca_root"] = !s.ca_pem.empty();
  j["project_creation_restriction"] = "everyone";
  j["read_only"] = false;
  j["notification_enable"] = false;
  j["current_time"] = iso_time(base::now_millis());
  j["registry_storage_provider_name"] = "filesystem";
  return j;
}

json component(const std::string& name, const std::string& error) {
  json c = {{"name", name}, {"status", error.empty() ? "healthy" : "unhealthy"}};
  if (!error.empty()) c["error"] = error;
  return c;
}

std::string check_database(core::ContentStore& content) {
  try {
    content.probe();
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

// The blob store must accept writes: create, write and remove a probe file under the data dir.
std::string check_storage(const Services& s) {
  auto probe = s.config.data_dir / (".health-" + auth::random_token(8));
  {
    std::ofstream f(probe);
    if (!(f << "ok") || !f.flush())
      return "storage at " + s.config.data_dir.string() + " is not writable";
  }
  std::error_code ec;
  std::filesystem::remove(probe, ec);
  return "";
}

json health(Services& s) {
  json components =
      json::array({component("core", ""), component("database", check_database(s.content)),
                   component("registry", check_storage(s))});
  bool healthy = true;
  for (const auto& c : components) healthy = healthy && c["status"] == "healthy";
  return {{"status", healthy ? "healthy" : "unhealthy"}, {"components", components}};
}

}  // namespace

void register_system_routes(ApiRouter& router) {
  using Awaitable = boost::asio::awaitable<http::Response>;
  auto ping = [](Services&, ApiRequest&) -> Awaitable {
    co_return http::Response::text(200, "Pong");
  };
  auto getcert = [](Services& services, ApiRequest&) -> Awaitable {
    // Harbor answers 404 when it has no CA to hand out.
    if (services.ca_pem.empty())
      throw not_found(
          "no CA certificate: TLS is off or uses operator-supplied certificates without a CA");
    http::Response r = http::Response::text(200, services.ca_pem, "application/octet-stream");
    r.header("Content-Disposition", "attachment; filename=\"ca.crt\"");
    co_return r;
  };
  // No permission needed: anonymous callers get the reduced field set, as in Harbor.
  auto systeminfo = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return json_response(200, system_info(s, rq));
  };
  // No auth, as in Harbor: load balancers probe it.
  auto get_health = [](Services& s, ApiRequest&) -> Awaitable {
    co_return json_response(200, co_await http::run_blocking([&s] { return health(s); }));
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/ping", ping},
      {"GET", "/api/v2.0/systeminfo", systeminfo},
      {"GET", "/api/v2.0/systeminfo/getcert", getcert},
      {"GET", "/api/v2.0/health", get_health},
  });
  // clang-format on
}

}  // namespace berth::api
