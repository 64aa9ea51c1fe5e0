// /api/v2.0/robots: robot accounts (Harbor RobotCreate / Robot / RobotCreated / RobotSec).
// The secret is shown once, in the POST (or PATCH) answer; only its hash is stored.
#include <spdlog/spdlog.h>

#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/project_lookup.h"
#include "auth/authenticator.h"
#include "auth/password.h"
#include "auth/robot_rules.h"
#include "auth/robot_store.h"
#include "base/clock.h"
#include "core/audit_log.h"
#include "core/registry_service.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

using auth::RobotRecord;
using auth::RobotRuleError;

// The stored permissions carry project ids (for the authenticator); clients see Harbor's shape.
json public_permissions(const std::string& stored) {
  json perms = json::parse(stored, nullptr, false);
  if (!perms.is_array()) return json::array();
  for (auto& p : perms) p.erase("project_id");
  return perms;
}

json robot_json(const RobotRecord& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"description", r.description},
          {"level", r.level},
          {"duration", r.duration},
          {"editable", true},
          {"disable", r.disabled},
          {"expires_at", r.expires_at},
          {"permissions", public_permissions(r.permissions_json)},
          {"creation_time", iso_time(r.creation_time)},
          {"update_time", iso_time(r.update_time)}};
}

// A robot secret the client chose must pass Harbor's password rule; otherwise a random one
// that passes it too (so a refreshed secret can be given back as a chosen one).
std::string choose_secret(const std::optional<std::string>& given) {
  if (given) {
    if (auto problem = auth::password_problem(*given); !problem.empty())
      throw bad_request("secret: " + problem);
    return *given;
  }
  for (;;) {
    std::string s = auth::random_token(24);
    if (auth::password_problem(s).empty()) return s;
  }
}

std::vector<auth::RobotPermissionSpec> parse_permissions(const json& body) {
  auto it = body.find("permissions");
  if (it == body.end() || it->is_null()) return {};
  try {
    return auth::parse_robot_permissions(*it);
  } catch (const RobotRuleError& e) {
    throw bad_request(e.what());
  }
}

// Resolves namespaces to projects, checks the caller may grant each access itself (nobody hands
// out more than they hold), and renders the stored JSON.
json resolve_permissions(core::ProjectStore& projects, const auth::Principal& who,
                         const std::vector<auth::RobotPermissionSpec>& specs) {
  json out = json::array();
  for (const auto& s : specs) {
    json access = json::array();
    for (const auto& a : s.access)
      access.push_back({{"resource", a.resource}, {"action", a.action}, {"effect", a.effect}});
    json entry = {{"kind", s.kind}, {"namespace", s.namespace_}, {"access", access}};
    if (s.namespace_ == "*") {
      if (!who.sysadmin)
        throw forbidden("only a system administrator may grant access to every project");
    } else {
      auto p = find_project(projects, s.namespace_);
      if (!p) throw not_found("project " + s.namespace_ + " not found");
      auto pa = project_access(projects, who, *p);
      for (const auto& a : s.access)
        if (a.effect == "allow" && !auth::allowed(who, pa, a.resource, a.action))
          throw forbidden("you may not grant " + a.resource + ":" + a.action + " on " + p->name);
      entry["project_id"] = p->id;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// The robot's own project, for project robots.
std::optional<ProjectInfo> robot_project(core::ProjectStore& projects, const RobotRecord& r) {
  if (r.level != "project") return std::nullopt;
  return find_project(projects, r.project_id);
}

// System robots are managed by sysadmins; project robots also by whoever holds robot:<action>.
void require_robot_access(core::ProjectStore& projects, const auth::Principal& who,
                          const RobotRecord& r, const char* action) {
  if (who.sysadmin) return;
  if (auto p = robot_project(projects, r)) return require(projects, who, *p, "robot", action);
  if (who.anonymous()) throw unauthorized();
  throw forbidden("only a system administrator may manage system robots");
}

RobotRecord load_robot(auth::RobotStore& robots, const std::string& id_param) {
  auto id = parse_id(id_param);
  if (!id) throw bad_request("robot_id must be a positive integer");
  auto r = robots.find(*id);
  if (!r) throw not_found("robot " + id_param + " not found");
  return *r;
}

void audit_robot(core::AuditLogStore& log, const ApiRequest& rq, const RobotRecord& r,
                 const char* op) {
  core::audit(log, {r.project_id, op, "robot", r.name, rq.principal.name, rq.http.remote_address});
}

const std::set<std::string> kCreateFields = {"name",  "description", "expires_at", "duration",
                                             "level", "disable",     "secret",     "permissions"};
const std::set<std::string> kSecretFields = {"secret"};
const std::set<std::string> kRobotFields = {
    "id",           "name",        "description",   "secret",     "level",
    "duration",     "editable",    "disable",       "expires_at", "permissions",
    "creator_type", "creator_ref", "creation_time", "update_time"};

http::Response create_robot(Services& s, ApiRequest& rq, const json& body) {
  std::string level = opt_string(body, "level").value_or("");
  std::string name = opt_string(body, "name").value_or("");
  auto specs = parse_permissions(body);
  try {
    auth::check_level(level, specs);
    if (auto problem = auth::robot_name_problem(name); !problem.empty())
      throw RobotRuleError(problem);
  } catch (const RobotRuleError& e) {
    throw bad_request(e.what());
  }
  int64_t duration;
  try {
    duration = auth::normalize_duration(opt_int(body, "duration"));
  } catch (const RobotRuleError& e) {
    throw bad_request(e.what());
  }
  std::string secret = choose_secret(opt_string(body, "secret"));
  RobotRecord r;
  r.level = level;
  if (level == "project") {
    auto p = find_project(s.projects, specs[0].namespace_);
    if (!p) throw not_found("project " + specs[0].namespace_ + " not found");
    require(s.projects, rq.principal, *p, "robot", "create");
    r.project_id = p->id;
  } else if (!rq.principal.sysadmin) {
    if (rq.principal.anonymous()) throw unauthorized();
    throw forbidden("only a system administrator may create system robots");
  }
  r.name = auth::robot_full_name(level, level == "project" ? specs[0].namespace_ : "", name);
  r.description = opt_string(body, "description").value_or("");
  r.disabled = opt_bool(body, "disable").value_or(false);
  r.duration = duration;
  r.expires_at = auth::robot_expires_at(duration, base::now_seconds());
  r.permissions_json = resolve_permissions(s.projects, rq.principal, specs).dump();
  r.creation_time = r.update_time = base::now_millis();
  try {
    s.robots.insert(r, auth::hash_robot_secret(secret));
  } catch (const auth::DuplicateRobot& e) {
    throw conflict(e.what());
  }
  audit_robot(s.audit, rq, r, "create");
  json out = {{"id", r.id},
              {"name", r.name},
              {"secret", secret},
              {"creation_time", iso_time(r.creation_time)},
              {"expires_at", r.expires_at}};
  http::Response res = json_response(201, out);
  res.header("Location", "/api/v2.0/robots/" + std::to_string(r.id));
  return res;
}

auth::RobotFilter robot_filter(const http::Request& req) {
  auth::RobotFilter f;
  auto q = req.query_param("q");
  if (!q) return f;
  for (const auto& [key, term] : parse_q(*q)) {
    if (key == "Level" || key == "level")
      f.level = term.value;
    else if (key == "ProjectID" || key == "project_id") {
      auto id = parse_id(term.value);
      if (!id) throw bad_request("ProjectID must be an integer");
      f.project_id = *id;
    } else if (key == "name" || key == "Name") {
      if (term.kind == QueryTerm::Kind::kFuzzy)
        f.name_fuzzy = term.value;
      else
        f.name_exact = term.value;
    }
  }
  return f;
}

http::Response list_robots(Services& s, ApiRequest& rq) {
  auto f = robot_filter(rq.http);
  Paging p = paging(rq.http);
  if (!rq.principal.sysadmin) {
    // Harbor: non-admins list the robots of one project they may see, by ProjectID.
    if (!f.project_id) {
      if (rq.principal.anonymous()) throw unauthorized();
      throw forbidden("only a system administrator may list every robot; filter by ProjectID");
    }
    auto proj = find_project(s.projects, *f.project_id);
    if (!proj) throw not_found("project " + std::to_string(*f.project_id) + " not found");
    require(s.projects, rq.principal, *proj, "robot", "list");
    f.level = "project";
  }
  int64_t total = s.robots.count(f);
  json out = json::array();
  for (const auto& r : s.robots.list(f, p.offset(), p.page_size)) out.push_back(robot_json(r));
  http::Response res = json_response(200, out);
  add_paging_headers(res, rq.http, p, total);
  return res;
}

void update_robot(Services& s, ApiRequest& rq, const json& body) {
  RobotRecord r = load_robot(s.robots, rq.param("robot_id"));
  require_robot_access(s.projects, rq.principal, r, "update");
  if (auto level = opt_string(body, "level"); level && *level != r.level)
    throw bad_request("the level of a robot cannot change");
  if (auto name = opt_string(body, "name"); name && *name != r.name)
    throw bad_request("the name of a robot cannot change");
  if (auto d = opt_string(body, "description")) r.description = *d;
  if (auto d = opt_bool(body, "disable")) r.disabled = *d;
  if (auto d = opt_int(body, "duration")) {
    try {
      r.duration = auth::normalize_duration(d);
    } catch (const RobotRuleError& e) {
      throw bad_request(e.what());
    }
    // Harbor counts the duration from the robot's creation.
    r.expires_at = auth::robot_expires_at(r.duration, r.creation_time / 1000);
  }
  if (body.contains("permissions") && !body["permissions"].is_null()) {
    auto specs = parse_permissions(body);
    try {
      auth::check_level(r.level, specs);
    } catch (const RobotRuleError& e) {
      throw bad_request(e.what());
    }
    if (auto p = robot_project(s.projects, r); p && specs[0].namespace_ != p->name)
      throw bad_request("a project robot's permission must stay on project " + p->name);
    r.permissions_json = resolve_permissions(s.projects, rq.principal, specs).dump();
  }
  r.update_time = base::now_millis();
  s.robots.update(r);
}

http::Response refresh_secret(Services& s, ApiRequest& rq, const json& body) {
  RobotRecord r = load_robot(s.robots, rq.param("robot_id"));
  require_robot_access(s.projects, rq.principal, r, "update");
  std::string secret = choose_secret(opt_string(body, "secret"));
  s.robots.set_secret(r.id, auth::hash_robot_secret(secret));
  return json_response(200, json{{"secret", secret}});
}

}  // namespace

void register_robot_routes(ApiRouter& router) {
  using Awaitable = boost::asio::awaitable<http::Response>;
  auto list = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return list_robots(s, rq); });
  };
  auto create = [](Services& s, ApiRequest& rq) -> Awaitable {
    json body =
        co_await read_json_object(rq.http, s.config.limits.max_json_body_bytes, kCreateFields);
    co_return co_await http::run_blocking([&] { return create_robot(s, rq, body); });
  };
  auto get = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] {
      RobotRecord r = load_robot(s.robots, rq.param("robot_id"));
      require_robot_access(s.projects, rq.principal, r, "read");
      return json_response(200, robot_json(r));
    });
  };
  auto update = [](Services& s, ApiRequest& rq) -> Awaitable {
    json body =
        co_await read_json_object(rq.http, s.config.limits.max_json_body_bytes, kRobotFields);
    co_await http::run_blocking([&] { update_robot(s, rq, body); });
    co_return http::Response::empty(200);
  };
  auto refresh = [](Services& s, ApiRequest& rq) -> Awaitable {
    json body =
        co_await read_json_object(rq.http, s.config.limits.max_json_body_bytes, kSecretFields);
    co_return co_await http::run_blocking([&] { return refresh_secret(s, rq, body); });
  };
  auto remove = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_await http::run_blocking([&] {
      RobotRecord r = load_robot(s.robots, rq.param("robot_id"));
      require_robot_access(s.projects, rq.principal, r, "delete");
      s.robots.remove(r.id);
      audit_robot(s.audit, rq, r, "delete");
    });
    co_return http::Response::empty(200);
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/robots", list},
      {"POST", "/api/v2.0/robots", create},
      {"GET", "/api/v2.0/robots/{robot_id}", get},
      {"PUT", "/api/v2.0/robots/{robot_id}", update},
      {"PATCH", "/api/v2.0/robots/{robot_id}", refresh},
      {"DELETE", "/api/v2.0/robots/{robot_id}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
