#include "remote/ecr_auth.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/retry.h"
#include "remote/url.h"

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
  return EcrEndpoint{m[1].str(), lower_ascii(m[3].str()), lower_ascii(m[4].str()), m[2].matched};
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

void throw_ecr_error(int status, const std::string& body, const std::string& type_header,
                     const std::string& action) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  std::string type = type_header.substr(0, type_header.find(':'));
  std::string msg;
  if (j.is_object()) {
    if (j.contains("__type") && j["__type"].is_string()) type = j["__type"].get<std::string>();
    for (const char* k : {"message", "Message"})
      if (j.contains(k) && j[k].is_string()) msg = j[k].get<std::string>();
  }
  type = type.substr(type.find('#') == std::string::npos ? 0 : type.find('#') + 1);
  std::string aws = " (AWS: " + (type.empty() ? "HTTP " + std::to_string(status) : type) +
                    (msg.empty() ? "" : ": " + msg) + ")";
  if (type == "UnrecognizedClientException" || type == "InvalidClientTokenId")
    throw RemoteError(ErrorKind::kUnauthorized, "the AWS access key is invalid" + aws, status);
  if (type == "InvalidSignatureException" || type == "SignatureDoesNotMatch")
    throw RemoteError(ErrorKind::kUnauthorized,
                      "the AWS secret access key is wrong (signature mismatch)" + aws, status);
  if (type == "ExpiredTokenException")
    throw RemoteError(ErrorKind::kUnauthorized, "the AWS session token has expired" + aws, status);
  if (type == "AccessDeniedException" || type == "AccessDenied")
    throw RemoteError(ErrorKind::kForbidden, "the AWS credentials may not call " + action + aws,
                      status);
  if (type == "ThrottlingException" || status == 429)
    throw RemoteError(ErrorKind::kRateLimited, "ECR throttled GetAuthorizationToken" + aws, status);
  throw RemoteError(status >= 500 ? ErrorKind::kServer : ErrorKind::kProtocol,
                    "ECR GetAuthorizationToken failed" + aws, status);
}

EcrAuth::EcrAuth(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http, EnvLookup env)
    : endpoint_(std::move(endpoint)),
      keys_(std::move(keys)),
      http_(std::move(http)),
      env_(env),
      chain_(http_, endpoint_.region, env) {}

std::string EcrAuth::api_url() const {
  // "ECR_PUBLIC": the SDKs' environment name for service id "ECR PUBLIC".
  if (endpoint_.is_public)
    return aws_endpoint_url(env_, "ECR_PUBLIC", "https://api.ecr-public.us-east-1.amazonaws.com");
  std::string host = "api.ecr" + std::string(endpoint_.fips ? "-fips" : "") + "." +
                     endpoint_.region + "." + endpoint_.domain;
  return aws_endpoint_url(env_, "ECR", "https://" + host);
}

EcrToken EcrAuth::fetch() {
  AwsCredentials creds = keys_.empty() ? chain_.resolve() : keys_;
  std::string url = api_url() + "/";
  auto parts = parse_url(url);
  SigV4Request sreq;
  sreq.method = "POST";
  sreq.path = "/";
  sreq.payload = endpoint_.account.empty()
                     ? std::string("{}")
                     : nlohmann::json{{"registryIds", {endpoint_.account}}}.dump();
  const bool pub = endpoint_.is_public;
  sreq.headers = {
      {"Host", host_header(*parts)},
      {"Content-Type", "application/x-amz-json-1.1"},
      {"X-Amz-Target", pub ? "SpencerFrontendService.GetAuthorizationToken"
                           : "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"}};
  sigv4_sign_headers(sreq, creds, endpoint_.region, pub ? "ecr-public" : "ecr",
                     std::chrono::system_clock::now());
  HttpRequest req;
  req.method = "POST";
  req.url = url;
  req.headers = sreq.headers;
  req.body = sreq.payload;
  req.follow_redirects = false;
  HttpClient client(http_);
  HttpResponse resp = send_with_retries(client, RetryPolicy{}, req, 1 << 20);
  if (resp.status != 200)
    throw_ecr_error(resp.status, resp.body, resp.header("x-amzn-ErrorType").value_or(""),
                    pub ? "ecr-public:GetAuthorizationToken" : "ecr:GetAuthorizationToken");
  if (pub) {
    // No proxyEndpoint: registry calls stay on the configured URL (empty endpoint).
    EcrToken t = parse_ecr_public_token_response(resp.body, Clock::now());
    spdlog::debug("remote: ECR Public token (credentials from {})",
                  creds.source.empty() ? "configured keys" : creds.source);
    return t;
  }
  EcrToken t = parse_ecr_token_response(resp.body, Clock::now());
  if (t.proxy_endpoint.empty())
    t.proxy_endpoint =
        "https://" + (endpoint_.account.empty() ? std::string("api") : endpoint_.account + ".dkr") +
        ".ecr." + endpoint_.region + "." + endpoint_.domain;
  spdlog::debug("remote: ECR token for {} (credentials from {})", t.proxy_endpoint,
                creds.source.empty() ? "configured keys" : creds.source);
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
