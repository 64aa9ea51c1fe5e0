#include "registry/access_control.h"

#include <algorithm>

#include "auth/authenticator.h"
#include "auth/project_access_lookup.h"
#include "auth/rbac.h"
#include "core/project_store.h"
#include "core/reference.h"
#include "http/blocking.h"
#include "http/errors.h"

namespace berth::registry {

namespace {
using K = Route::Kind;

bool token_allows(const auth::Principal& who, const std::string& type, const std::string& name,
                  const std::string& action) {
  for (const auto& a : who.token_access) {
    if (a.type != type || a.name != name) continue;
    for (const auto& act : a.actions)
      if (act == action || act == "*") return true;
  }
  return false;
}

// The decision for one principal on one repository of an existing project.
bool may(core::ProjectStore& store, const auth::Principal& who, const core::Project& p,
         const std::string& repo, const std::string& action) {
  // Public projects serve pulls to everyone, whatever credentials (or token scope) came along.
  if (action == "pull" && p.is_public()) return true;
  // A registry token carries exactly the rights granted when it was issued.
  if (who.method == "bearer") return token_allows(who, "repository", repo, action);
  return auth::allowed(who, auth::project_access(store, p, who), "repository", action);
}

std::string project_of(const std::string& repo) {
  return repo.substr(0, repo.find('/'));
}

std::string scope_actions(const std::string& action) {
  return action == "push" ? "pull,push" : action;
}

// The scopes a token needs for this request, space-separated in one scope attribute as
// distribution writes them (clients split it on spaces). A cross-repository mount also reads
// its source: without that scope a client that asks for exactly the challenge's scopes gets a
// token that cannot mount.
std::string challenge_scope(const http::Request& req, const Route& route,
                            const NeededAccess& need) {
  std::string scope = "repository:" + need.repository + ":" + scope_actions(need.action);
  if (route.kind == K::kUploadStart && req.query_param("mount")) {
    std::string from = req.query_param("from").value_or("");
    if (core::is_valid_repository_name(from) && from != need.repository)
      scope += " repository:" + from + ":pull";
  }
  return scope;
}
}  // namespace

NeededAccess needed_access(const std::string& method, const Route& route) {
  if (route.kind == K::kBase) return {"login", ""};
  if (route.kind == K::kCatalog) return {"catalog", ""};
  bool read = method == "GET" || method == "HEAD";
  // Upload sessions belong to a push, whatever the method (status GET, cancel DELETE).
  if (route.kind == K::kUploadStart || route.kind == K::kUpload) return {"push", route.repository};
  if (read) return {"pull", route.repository};
  if (method == "DELETE") return {"delete", route.repository};
  return {"push", route.repository};
}

AccessControl::AccessControl(core::ProjectStore& projects, auth::Authenticator& authenticator,
                             const config::Config& config, bool token_service)
    : projects_(projects),
      authenticator_(authenticator),
      config_(config),
      token_service_(token_service) {}

std::optional<AccessDecision> AccessControl::bearer_pull(const http::Request& req,
                                                         const Route& route) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (route.repository.empty()) return std::nullopt;
  std::string_view authz = req.header("Authorization");
  if (authz.size() <= 7 || !http::iequals(authz.substr(0, 7), "Bearer ")) return std::nullopt;
  auto outcome = authenticator_.authenticate({authz, {}, req.remote_address});  // an HMAC check
  if (!outcome.principal || outcome.principal->method != "bearer" ||
      !token_allows(*outcome.principal, "repository", route.repository, "pull"))
    return std::nullopt;
  AccessDecision d;
  d.principal = std::move(*outcome.principal);
  return d;
}

boost::asio::awaitable<AccessDecision> AccessControl::check(http::Request& req,
                                                            const Route& route) {
  // The hot path (docker/podman/containerd pulls) decided on the io thread: the token service
  // grants pull only on repositories of existing projects the caller may read, so a valid token
  // that names this repository needs no database look-up. Everything else goes to the pool.
  if (auto fast = bearer_pull(req, route)) co_return std::move(*fast);
  co_return co_await http::run_blocking([&] { return decide(req, route); });
}

std::string AccessControl::challenge(const http::Request& req, const std::string& scope) const {
  // As Harbor: Basic when the client already sent Basic credentials or asks for the catalog
  // (clients then retry with Basic directly), Bearer otherwise.
  bool basic_sent = http::iequals(req.header("Authorization").substr(0, 6), "Basic ");
  if (!token_service_ || basic_sent || scope.starts_with("registry:catalog"))
    return "Basic realm=\"harbor\"";
  std::string base = config_.external_url;
  if (base.empty())
    base = std::string(req.secure ? "https" : "http") + "://" + std::string(req.header("Host"));
  while (base.ends_with("/")) base.pop_back();
  std::string c = "Bearer realm=\"" + base + "/service/token\",service=\"harbor-registry\"";
  if (!scope.empty()) c += ",scope=\"" + scope + "\"";
  return c;
}

http::Response AccessControl::unauthorized(const http::Request& req, const std::string& scope,
                                           const std::string& message) const {
  http::Response res = http::oci_error(401, "UNAUTHORIZED", message);
  res.header("WWW-Authenticate", challenge(req, scope));
  return res;
}

bool AccessControl::subject_is_sysadmin(const std::string& name) {
  return authenticator_.is_sysadmin(name);
}

AccessDecision AccessControl::decide(http::Request& req, const Route& route) {
  AccessDecision d;
  auth::AuthOutcome outcome;
  // Without credentials there is nothing to check: skip the authenticator's work.
  if (req.has_header("Authorization") || req.has_header("Cookie"))
    outcome = authenticator_.authenticate({req.header("Authorization"),
                                           auth::cookie_value(req.header("Cookie"), "sid"),
                                           req.remote_address});
  else
    outcome.principal = auth::Principal{};
  if (!outcome.principal) {
    d.denial =
        unauthorized(req, "", outcome.error.empty() ? "authentication failed" : outcome.error);
    return d;
  }
  d.principal = std::move(*outcome.principal);
  const auth::Principal& who = d.principal;
  NeededAccess need = needed_access(req.method, route);
  if (need.action == "login") {
    if (who.anonymous()) d.denial = unauthorized(req, "", "authentication required");
    return d;
  }
  if (need.action == "catalog") {
    if (who.sysadmin || (who.method == "bearer" && token_allows(who, "registry", "catalog", "*")))
      return d;
    // podman search asks for a token without any scope, then lists the catalog with it: the
    // token still proves who the subject is, so a system administrator's token is enough.
    if (who.method == "bearer" && who.is_user() && subject_is_sysadmin(who.name)) return d;
    if (who.anonymous() || who.method == "bearer")
      d.denial = unauthorized(req, "registry:catalog:*", "authentication required");
    else
      d.denial = http::oci_error(403, "DENIED", "only system administrators may list the catalog");
    return d;
  }
  std::string project = project_of(need.repository);
  auto p = projects_.find_by_name(project);
  if (!p) {
    d.denial = http::oci_error(404, "NAME_UNKNOWN", "project " + project + " not found");
    return d;
  }
  d.project_id = p->id;
  if (!may(projects_, who, *p, need.repository, need.action)) {
    std::string scope = challenge_scope(req, route, need);
    if (who.anonymous() || who.method == "bearer")
      d.denial = unauthorized(req, scope,
                              "unauthorized to " + need.action + " repository " + need.repository);
    else
      d.denial = http::oci_error(403, "DENIED", "requested access to the resource is denied");
    return d;
  }
  if (route.kind == K::kUploadStart && req.query_param("mount")) {
    // Mounting reads the source repository: it needs pull there, or it becomes a plain upload.
    std::string from = req.query_param("from").value_or("");
    std::optional<core::Project> fp;
    if (core::is_valid_repository_name(from)) fp = projects_.find_by_name(project_of(from));
    if (!fp || !may(projects_, who, *fp, from, "pull"))
      std::erase_if(req.query,
                    [](const auto& kv) { return kv.first == "mount" || kv.first == "from"; });
  }
  return d;
}

}  // namespace berth::registry
