// /api/v2.0/registries (CRUD, ping, info) and /replication/adapters[infos]: registry endpoints,
// the upstreams of proxy-cache projects and the targets of replication. Only system
// administrators manage them (Harbor's system-level "registry" resource). Creating, updating
// and pinging check the endpoint is reachable with its credential (remote/endpoint_health)
// and say why not. Secrets are sealed at rest and never rendered.
#include <spdlog/spdlog.h>

#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "api/registry_json.h"
#include "core/endpoint_spec.h"
#include "core/registry_endpoint_rules.h"
#include "core/registry_endpoint_store.h"
#include "http/blocking.h"
#include "remote/endpoint_client.h"
#include "remote/endpoint_health.h"
#include "replication/policy_store.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
using core::RegistryEndpoint;

// Harbor's Registry definition (read-only fields are accepted and ignored, so a client may send
// back what it read), RegistryUpdate and RegistryPing.
const std::set<std::string> kRegistryFields = {
    "id",       "name",           "description", "type",          "url",        "credential",
    "insecure", "ca_certificate", "status",      "creation_time", "update_time"};
const std::set<std::string> kCredentialFields = {"type", "access_key", "access_secret"};
const std::set<std::string> kUpdateFields = {
    "name",       "description",   "url",      "credential_type",
    "access_key", "access_secret", "insecure", "ca_certificate"};
const std::set<std::string> kPingFields = {
    "id",         "type",          "url",      "credential_type",
    "access_key", "access_secret", "insecure", "ca_certificate"};
constexpr size_t kMaxDescription = 1024;
constexpr size_t kMaxKey = 1024, kMaxSecret = 16 * 1024;

// Short limits: the caller waits for the answer (two attempts at most).
remote::HttpOptions check_http_options() {
  remote::HttpOptions o;
  o.connect_timeout = std::chrono::seconds(5);
  o.idle_timeout = std::chrono::seconds(10);
  o.total_timeout = std::chrono::seconds(20);
  return o;
}

int64_t registry_id(const ApiRequest& r) {
  return id_or_400(r.param("id"), "registry");
}

[[noreturn]] void registry_not_found(int64_t id) {
  throw not_found("registry " + std::to_string(id) + " not found");
}

void check_type(const std::string& type) {
  if (!remote::is_endpoint_type(type)) {
    std::string known;
    for (const auto& t : remote::endpoint_types()) known += (known.empty() ? "" : ", ") + t;
    throw bad_request("unsupported registry type '" + type + "' (supported: " + known + ")");
  }
}

std::string checked_url(const std::string& type, const std::string& raw) {
  // Docker Hub has one address; Harbor's portal fills it in, the API may leave it out.
  if (raw.empty() && type == "docker-hub") return "https://hub.docker.com";
  auto u = core::normalize_registry_url(raw);
  if (!u.problem.empty()) throw bad_request(u.problem);
  return u.url;
}

std::string bounded(const std::optional<std::string>& v, const char* field, size_t max) {
  if (v && v->size() > max)
    throw bad_request(std::string("field '") + field + "' is longer than " + std::to_string(max) +
                      " bytes");
  return v.value_or("");
}

// Everything but the network check; throws 400 with the problem.
void validate(RegistryEndpoint& e) {
  if (auto p = core::registry_name_problem(e.name)) throw bad_request(*p);
  check_type(e.type);
  e.url = checked_url(e.type, e.url);
  if (auto p = core::credential_type_problem(e.credential_type)) throw bad_request(*p);
  if (auto p = core::ca_certificate_problem(e.ca_certificate)) throw bad_request(*p);
  if (e.description.size() > kMaxDescription)
    throw bad_request("description is longer than 1024 characters");
}

// The health check of create/update: 400 with the reason when unhealthy (nothing is stored).
void require_healthy(const RegistryEndpoint& e) {
  remote::EndpointHealth h =
      remote::check_endpoint_health(core::endpoint_spec(e), check_http_options());
  if (!h.healthy) {
    spdlog::info("registry endpoint '{}' ({} {}) is unhealthy: {}", e.name, e.type, e.url,
                 h.reason);
    throw bad_request(remote::unhealthy_message(h));
  }
}

RegistryEndpoint registry_from_body(const json& body) {
  RegistryEndpoint e;
  e.name = bounded(opt_string(body, "name"), "name", 256);
  e.description = bounded(opt_string(body, "description"), "description", kMaxDescription);
  e.type = bounded(opt_string(body, "type"), "type", 64);
  if (e.type.empty()) throw bad_request("type cannot be empty");
  e.url = bounded(opt_string(body, "url"), "url", 4096);
  e.insecure = opt_bool(body, "insecure").value_or(false);
  e.ca_certificate = bounded(opt_string(body, "ca_certificate"), "ca_certificate", 256 * 1024);
  if (auto it = body.find("credential"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) throw bad_request("field 'credential' must be an object");
    for (const auto& [k, v] : it->items())
      if (!kCredentialFields.count(k)) throw bad_request("unknown field 'credential." + k + "'");
    e.credential_type = opt_string(*it, "type").value_or("basic");
    if (e.credential_type.empty()) e.credential_type = "basic";
    e.access_key = bounded(opt_string(*it, "access_key"), "access_key", kMaxKey);
    e.access_secret = bounded(opt_string(*it, "access_secret"), "access_secret", kMaxSecret);
  }
  return e;
}

Awaitable create_registry(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body =
      co_await read_json_object(r.http, s.config.limits.max_json_body_bytes, kRegistryFields);
  RegistryEndpoint e = registry_from_body(body);
  validate(e);
  int64_t id = co_await http::run_blocking([&] {
    auto& store = s.endpoints;
    // Cheap checks first: a duplicate name should not cost a network round trip.
    if (store.find_by_name(e.name))
      throw conflict("a registry named " + e.name + " already exists");
    require_healthy(e);
    e.status = "healthy";
    try {
      return store.create(e);
    } catch (const core::DuplicateRegistryName& err) {
      throw conflict(err.what());
    }
  });
  spdlog::info("registry endpoint {} '{}' created by {} ({} {})", id, e.name, r.principal.name,
               e.type, e.url);
  co_return created("/api/v2.0/registries/" + std::to_string(id));
}

core::RegistryFilter registry_filter(const http::Request& req, const Paging& page) {
  core::RegistryFilter f;
  f.offset = page.offset();
  f.limit = page.page_size;
  f.sort = req.query_param("sort").value_or("");
  if (f.sort.size() > 256) throw bad_request("sort is too long");
  // The deprecated `name` parameter is a fuzzy match, as in Harbor.
  if (auto v = req.query_param("name"); v && !v->empty()) f.name = *v;
  for (auto& [key, term] : parse_q(req.query_param("q").value_or(""))) {
    bool fuzzy = term.kind == QueryTerm::Kind::kFuzzy;
    bool exact = term.kind == QueryTerm::Kind::kExact;
    if (key == "name" && fuzzy)
      f.name = term.value;
    else if (key == "name" && exact)
      f.exact_name = term.value;
    else if (key == "type" && exact)
      f.type = term.value;
    else if (key == "url" && fuzzy)
      f.url = term.value;
    else if (key == "url" && exact)
      f.exact_url = term.value;
    else
      throw bad_request("unsupported query term '" + key + "' (name, type, url)");
  }
  return f;
}

Awaitable list_registries(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Paging page = paging(r.http);
  core::RegistryFilter f = registry_filter(r.http, page);
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    int64_t count = 0;
    for (const auto& e : s.endpoints.list(f, &count)) out.push_back(registry_json(e));
    return count;
  });
}

Awaitable get_registry(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = registry_id(r);
  json j = co_await http::run_blocking([&] {
    auto e = s.endpoints.get_without_secret(id);
    if (!e) registry_not_found(id);
    return registry_json(*e);
  });
  co_return json_response(200, j);
}

// The stored endpoint with its secret, or 400 when the secret cannot be opened any more.
RegistryEndpoint load_with_secret(core::RegistryEndpointStore& store, int64_t id) {
  try {
    auto e = store.get(id);
    if (!e) registry_not_found(id);
    return *e;
  } catch (const core::RegistrySecretUnreadable& err) {
    throw bad_request(err.what());
  }
}

// Harbor's portal sends the mask back when the password field was not touched.
std::optional<std::string> new_secret(const json& body) {
  auto v = opt_string(body, "access_secret");
  if (v && *v == kSecretMask) return std::nullopt;
  bounded(v, "access_secret", kMaxSecret);
  return v;
}

Awaitable update_registry(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = registry_id(r);
  json body = co_await read_json_object(r.http, s.config.limits.max_json_body_bytes, kUpdateFields);
  auto secret = new_secret(body);
  co_await http::run_blocking([&] {
    auto& store = s.endpoints;
    RegistryEndpoint e;
    if (secret) {
      auto found = store.get_without_secret(id);
      if (!found) registry_not_found(id);
      e = *found;
      e.access_secret = *secret;
    } else {
      e = load_with_secret(store, id);
    }
    if (auto v = opt_string(body, "name")) e.name = bounded(v, "name", 256);
    if (auto v = opt_string(body, "description"))
      e.description = bounded(v, "description", kMaxDescription);
    if (auto v = opt_string(body, "url")) e.url = bounded(v, "url", 4096);
    if (auto v = opt_bool(body, "insecure")) e.insecure = *v;
    if (auto v = opt_string(body, "ca_certificate"))
      e.ca_certificate = bounded(v, "ca_certificate", 256 * 1024);
    if (auto v = opt_string(body, "credential_type")) e.credential_type = v->empty() ? "basic" : *v;
    if (auto v = opt_string(body, "access_key")) e.access_key = bounded(v, "access_key", kMaxKey);
    validate(e);
    if (auto other = store.find_by_name(e.name); other && other->id != id)
      throw conflict("a registry named " + e.name + " already exists");
    require_healthy(e);
    e.status = "healthy";
    try {
      store.update(e);
    } catch (const core::DuplicateRegistryName& err) {
      throw conflict(err.what());
    }
    spdlog::info("registry endpoint {} '{}' updated by {}", id, e.name, r.principal.name);
  });
  co_return http::Response::empty(200);
}

Awaitable delete_registry(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = registry_id(r);
  co_await http::run_blocking([&] {
    auto& store = s.endpoints;
    auto e = store.get_without_secret(id);
    if (!e) registry_not_found(id);
    // Harbor checks the replication policies first, then the proxy-cache projects.
    replication::PolicyQuery used;
    used.registry_id = id;
    used.limit = 0;
    int64_t policies = 0;
    s.replication_policies.list(used, &policies);
    if (policies > 0)
      throw ApiError(412, "PRECONDITION",
                     "the registry " + std::to_string(id) +
                         " is referenced by replication policies, cannot delete it");
    auto users = store.projects_using(id);
    if (!users.empty()) {
      std::string names;
      for (const auto& n : users) names += (names.empty() ? "" : ", ") + n;
      throw ApiError(412, "PRECONDITION",
                     "the registry " + std::to_string(id) +
                         " is referenced by proxy cache project(s) " + names +
                         ", cannot delete it");
    }
    store.remove(id);
    spdlog::info("registry endpoint {} '{}' deleted by {}", id, e->name, r.principal.name);
  });
  co_return http::Response::empty(200);
}

// POST /registries/ping: a stored endpoint (id) with type and credential overridden by the body,
// or an endpoint described entirely by the body. With an id the stored URL, insecure and CA are
// kept (Harbor), so a stored secret is only ever sent where the endpoint points.
Awaitable ping_registry(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, s.config.limits.max_json_body_bytes, kPingFields);
  auto id = opt_int(body, "id");
  auto secret = new_secret(body);
  opt_string(body, "url");  // type checks, also when an id makes them irrelevant
  opt_string(body, "ca_certificate");
  opt_bool(body, "insecure");
  co_await http::run_blocking([&] {
    auto& store = s.endpoints;
    RegistryEndpoint e;
    bool overridden = secret || body.contains("access_key") || body.contains("type") ||
                      body.contains("credential_type");
    if (id) {
      if (secret) {
        auto found = store.get_without_secret(*id);
        if (!found) registry_not_found(*id);
        e = *found;
      } else {
        e = load_with_secret(store, *id);
      }
    } else {
      e.url = bounded(opt_string(body, "url"), "url", 4096);
      e.insecure = opt_bool(body, "insecure").value_or(false);
      e.ca_certificate = bounded(opt_string(body, "ca_certificate"), "ca_certificate", 256 * 1024);
    }
    if (auto v = opt_string(body, "type")) e.type = bounded(v, "type", 64);
    if (auto v = opt_string(body, "credential_type")) e.credential_type = v->empty() ? "basic" : *v;
    if (auto v = opt_string(body, "access_key")) e.access_key = bounded(v, "access_key", kMaxKey);
    if (secret) e.access_secret = *secret;
    if (e.type.empty() || (e.url.empty() && e.type != "docker-hub"))
      throw bad_request("type or url cannot be empty");
    check_type(e.type);
    e.url = checked_url(e.type, e.url);
    if (auto p = core::credential_type_problem(e.credential_type)) throw bad_request(*p);
    if (auto p = core::ca_certificate_problem(e.ca_certificate)) throw bad_request(*p);
    remote::EndpointHealth h =
        remote::check_endpoint_health(core::endpoint_spec(e), check_http_options());
    // A ping of the endpoint as stored is its latest health check.
    if (id && !overridden) store.set_status(*id, h.healthy ? "healthy" : "unhealthy");
    if (!h.healthy) throw bad_request(remote::unhealthy_message(h));
  });
  co_return http::Response::empty(200);
}

Awaitable registry_info(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  int64_t id = registry_id(r);
  if (id == 0) co_return json_response(200, registry_info_json("harbor", true));
  auto e = co_await http::run_blocking([&] { return s.endpoints.get_without_secret(id); });
  if (!e) registry_not_found(id);
  co_return json_response(200, registry_info_json(e->type));
}

Awaitable list_adapters(Services&, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  co_return json_response(200, json(remote::endpoint_types()));
}

Awaitable list_adapter_infos(Services&, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  co_return json_response(200, adapter_infos_json());
}
}  // namespace

void register_registry_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"POST", "/api/v2.0/registries", create_registry},
      {"GET", "/api/v2.0/registries", list_registries},
      {"POST", "/api/v2.0/registries/ping", ping_registry},
      {"GET", "/api/v2.0/registries/{id}", get_registry},
      {"PUT", "/api/v2.0/registries/{id}", update_registry},
      {"DELETE", "/api/v2.0/registries/{id}", delete_registry},
      {"GET", "/api/v2.0/registries/{id}/info", registry_info},
      {"GET", "/api/v2.0/replication/adapters", list_adapters},
      {"GET", "/api/v2.0/replication/adapterinfos", list_adapter_infos},
  });
  // clang-format on
}

}  // namespace berth::api
