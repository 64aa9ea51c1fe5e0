#include "auth/authenticator.h"
#include "base/clock.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "auth/base64.h"
#include "auth/password.h"
#include "auth/robot_store.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "core/audit_log.h"
#include "core/digest.h"

namespace berth::auth {

using json = nlohmann::json;

std::string hash_robot_secret(const std::string& secret) {
  return "sha256$" + core::Digest::sha256_of(secret).hex;
}

bool verify_robot_secret(const std::string& secret, const std::string& stored) {
  return secure_equals(hash_robot_secret(secret), stored);
}

std::string Authenticator::session_hash(const std::string& sid) {
  return core::Digest::sha256_of(sid).hex;
}

Authenticator::Authenticator(IdentityStores stores, const TokenService& tokens)
    : stores_(stores), tokens_(tokens), cache_key_(random_token(32)) {}

namespace {
// "Basic <b64>" → (name, password)
std::optional<std::pair<std::string, std::string>> parse_basic(std::string_view value) {
  auto decoded = base64_decode(value);
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}
}  // namespace

// Also used by /c/log_out, which ends the session the cookie names.
std::string cookie_value(std::string_view rest, std::string_view name) {
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return "";
}

namespace {
bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}
}  // namespace

AuthOutcome Authenticator::authenticate(const AuthRequest& req) {
  AuthOutcome out;
  std::string_view authz = req.authorization;
  if (authz.size() > 8192) {
    out.error = "authorization header too large";
    return out;
  }
  if (authz.size() > 6 && iequals_prefix(authz, "Basic ")) {
    auto creds = parse_basic(authz.substr(6));
    if (!creds) {
      out.error = "malformed Basic credentials";
      return out;
    }
    auto result = login(creds->first, creds->second, std::string(req.client_address));
    out.principal = std::move(result.principal);
    out.locked_seconds = result.locked_seconds;
    if (result.locked_seconds > 0)
      out.error =
          "too many failed logins; try again in " + std::to_string(result.locked_seconds) + " s";
    else if (!out.principal)
      out.error = "invalid username or password";
    return out;
  }
  if (authz.size() > 7 && iequals_prefix(authz, "Bearer ")) {
    auto claims = tokens_.verify(authz.substr(7), base::now_seconds());
    if (!claims) {
      out.error = "invalid or expired token";
      return out;
    }
    Principal p;
    p.kind = claims->subject.empty()                 ? Principal::Kind::kAnonymous
             : claims->subject.starts_with("robot$") ? Principal::Kind::kRobot
                                                     : Principal::Kind::kUser;
    p.name = claims->subject;
    p.method = "bearer";
    p.token_access = claims->access;
    out.principal = std::move(p);
    return out;
  }
  if (!authz.empty()) {
    out.error = "unsupported authorization scheme";
    return out;
  }
  if (const std::string& sid = req.session_cookie; !sid.empty()) {
    out.principal = check_session(sid, &out.session_csrf, req.session_idle_seconds);
    // An expired session is simply anonymous; the portal then shows its login page.
    if (out.principal) return out;
  }
  out.principal = Principal{};
  return out;
}

std::optional<Principal> Authenticator::check_password(const std::string& name,
                                                       const std::string& password) {
  if (name.empty() || name.size() > 255 || password.size() > 1024) return std::nullopt;
  if (name.starts_with("robot$")) return check_robot(name, password);
  return check_user(name, password);
}

LoginResult Authenticator::login(const std::string& name, const std::string& password,
                                 const std::string& client_ip) {
  LoginResult r;
  r.locked_seconds = limiter_.locked_for(name, client_ip);
  if (r.locked_seconds > 0) return r;
  r.principal = check_password(name, password);
  if (r.principal) {
    limiter_.record_success(name, client_ip);
    return r;
  }
  limiter_.record_failure(name, client_ip);
  std::string who = name.substr(0, 255);
  stores_.audit.record({0, "login_failed", "user", who, who, client_ip});
  return r;
}

std::optional<Principal> Authenticator::check_user(const std::string& name,
                                                   const std::string& password) {
  auto cred = stores_.users.credentials(name);
  if (!cred) return std::nullopt;
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = cred->id;
  p.name = name;
  p.sysadmin = cred->sysadmin;
  p.method = "basic";
  const std::string& stored = cred->password_hash;
  std::string fingerprint =
      core::Digest::sha256_of(cache_key_ + '\0' + stored + '\0' + password).hex;
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lk(mu_);
    auto it = verified_.find(name);
    if (it != verified_.end() && it->second.until > now &&
        secure_equals(it->second.fingerprint, fingerprint))
      return p;
  }
  if (!verify_password(password, stored)) return std::nullopt;
  std::lock_guard lk(mu_);
  if (verified_.size() > 10000) verified_.clear();
  verified_[name] = {fingerprint, now + std::chrono::minutes(5)};
  return p;
}

std::optional<Principal> Authenticator::check_robot(const std::string& name,
                                                    const std::string& secret) {
  std::string secret_hash;
  auto robot = stores_.robots.find_by_name(name, &secret_hash);
  if (!robot) return std::nullopt;
  if (!verify_robot_secret(secret, secret_hash)) return std::nullopt;
  if (robot->disabled) return std::nullopt;
  if (robot->expires_at >= 0 && base::now_seconds() >= robot->expires_at) return std::nullopt;
  Principal p;
  p.kind = Principal::Kind::kRobot;
  p.id = robot->id;
  p.name = name;
  p.method = "basic";
  // permissions:
  // [{"kind":"project","namespace":"<name>|*","project_id":N,"access":[{resource,action}]}]
  json perms = json::parse(robot->permissions_json, nullptr, false);
  if (perms.is_array()) {
    for (const auto& perm : perms) {
      int64_t project_id = perm.value("project_id", int64_t(0));
      if (perm.value("namespace", "") == "*") project_id = 0;
      for (const auto& a : perm.value("access", json::array())) {
        if (a.value("effect", "allow") != "allow") continue;
        p.grants.push_back({project_id, a.value("resource", ""), a.value("action", "")});
      }
    }
  }
  return p;
}

std::optional<Principal> Authenticator::check_session(const std::string& sid, std::string* csrf,
                                                      int64_t idle_seconds) {
  if (sid.size() > 256) return std::nullopt;
  int64_t now = base::now_seconds();
  std::string hash = session_hash(sid);
  auto session = stores_.sessions.find(hash, now);
  if (!session) return std::nullopt;
  // One database write per session per 1/60 of the timeout at most, not one per request.
  int64_t step = std::max<int64_t>(1, idle_seconds / 60);
  if (idle_seconds > 0 && now + idle_seconds - session->expires_at >= step)
    stores_.sessions.renew(hash, now + idle_seconds);
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = session->user_id;
  p.name = session->username;
  p.sysadmin = session->sysadmin;
  p.method = "session";
  if (csrf) *csrf = session->csrf_token;
  return p;
}

bool Authenticator::is_sysadmin(const std::string& username) {
  auto u = stores_.users.find_by_name(username);
  return u && u->sysadmin;
}

void Authenticator::forget(const std::string& name) {
  std::lock_guard lk(mu_);
  verified_.erase(name);
}

}  // namespace berth::auth
