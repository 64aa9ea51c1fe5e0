#include "remote/ecr_auth.h"
#include "base/ascii.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/http_client.h"

namespace berth::remote {

std::optional<EcrEndpoint> parse_ecr_url(const std::string& url) {
  // The pattern Harbor's aws-ecr adapter accepts (group 1: account, 2: fips, 3: region, 4: domain).
  static const std::regex re(
      R"(^https://(?:api|(\d{12})\.dkr)\.ecr(-fips)?\.([a-z0-9\-]+)\.(amazonaws\.com(?:\.cn)?|sc2s\.sgov\.gov|c2s\.ic\.gov)/?$)",
      std::regex::icase);
  // ECR Public has one global registry host; its API lives in us-east-1 only.
  static const std::regex public_re(R"(^https://public\.ecr\.aws/?$)", std::regex::icase);
  std::smatch m;
  if (url.size() > 256) return std::nullopt;
  if (std::regex_match(url, public_re))
    return EcrEndpoint{"", "us-east-1", "amazonaws.com", false, true};
  if (!std::regex_match(url, m, re)) return std::nullopt;
  return EcrEndpoint{m[1].str(), base::ascii_lower(m[3].str()), base::ascii_lower(m[4].str()), m[2].matched};
}

namespace {

// One authorizationData entry, the same in both APIs (ECR Public just lacks proxyEndpoint).
EcrToken parse_authorization_data(const nlohmann::json& d, Clock::time_point now,
                                  std::chrono::seconds margin) {
  auto decoded = base64_decode(d.value("authorizationToken", ""));
  auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos)
    throw RemoteError(ErrorKind::kProtocol,
                      "ECR GetAuthorizationToken: unreadable authorizationToken");
  EcrToken t;
  t.credentials = {decoded->substr(0, colon), decoded->substr(colon + 1)};
  if (d.contains("proxyEndpoint") && d["proxyEndpoint"].is_string())
    t.proxy_endpoint = d["proxyEndpoint"].get<std::string>();
  auto until = now + std::chrono::hours(1);  // Harbor's cap, well inside the 12 h validity
  if (d.contains("expiresAt") && d["expiresAt"].is_number()) {
    auto at = Clock::from_time_t(time_t(d["expiresAt"].get<double>()));
    until = std::min(until, at);
  }
  t.usable_until = until - margin;
  return t;
}

}  // namespace

EcrToken parse_ecr_token_response(const std::string& json, Clock::time_point now,
                                  std::chrono::seconds margin) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("authorizationData") || !j["authorizationData"].is_array() ||
      j["authorizationData"].empty() || !j["authorizationData"][0].is_object())
    throw RemoteError(ErrorKind::kProtocol, "ECR GetAuthorizationToken: no authorizationData");
  return parse_authorization_data(j["authorizationData"][0], now, margin);
}

EcrToken parse_ecr_public_token_response(const std::string& json, Clock::time_point now,
                                         std::chrono::seconds margin) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("authorizationData") || !j["authorizationData"].is_object())
    throw RemoteError(ErrorKind::kProtocol,
                      "ECR Public GetAuthorizationToken: no authorizationData");
  EcrToken t = parse_authorization_data(j["authorizationData"], now, margin);
  t.proxy_endpoint.clear();  // the registry is public.ecr.aws whatever the answer says
  return t;
}

EcrAuth::EcrAuth(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http, EnvLookup env)
    : caller_(std::move(endpoint), std::move(keys), std::move(http), std::move(env)) {}

std::string EcrAuth::api_url() const {
  return caller_.api_url();
}

EcrToken EcrAuth::fetch() {
  const EcrEndpoint& e = caller_.endpoint();
  std::string payload =
      e.account.empty() ? std::string("{}") : nlohmann::json{{"registryIds", {e.account}}}.dump();
  EcrReply reply = caller_.call("GetAuthorizationToken", payload);
  if (reply.status != 200)
    throw_ecr_error(reply.status, reply.body, reply.error_type_header,
                    caller_.action("GetAuthorizationToken"));
  if (e.is_public) {
    // No proxyEndpoint: registry calls stay on the configured URL (empty endpoint).
    EcrToken t = parse_ecr_public_token_response(reply.body, Clock::now());
    spdlog::debug("remote: ECR Public token (credentials from {})", reply.credentials_source);
    return t;
  }
  EcrToken t = parse_ecr_token_response(reply.body, Clock::now());
  if (t.proxy_endpoint.empty())
    t.proxy_endpoint = "https://" + (e.account.empty() ? std::string("api") : e.account + ".dkr") +
                       ".ecr." + e.region + "." + e.domain;
  spdlog::debug("remote: ECR token for {} (credentials from {})", t.proxy_endpoint,
                reply.credentials_source);
  return t;
}

EcrToken EcrAuth::token() {
  std::lock_guard lock(mutex_);  // concurrent callers wait for one refresh
  if (cached_ && Clock::now() < cached_->usable_until) return *cached_;
  cached_ = fetch();
  return *cached_;
}

CredentialProvider EcrAuth::provider() {
  return [this] {
    EcrToken t = token();
    return ProvidedAuth{t.credentials, t.proxy_endpoint};
  };
}

}  // namespace berth::remote
