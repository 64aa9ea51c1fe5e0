#include "remote/aws_instance_credentials.h"
#include "base/ascii.h"

#include <arpa/inet.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "remote/errors.h"
#include "remote/retry.h"
#include "remote/token_cache.h"
#include "remote/url.h"

namespace berth::remote {
namespace {

constexpr const char* kEcsAgent = "http://169.254.170.2";
constexpr const char* kTokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr const char* kTokenHeader = "X-aws-ec2-metadata-token";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";
constexpr size_t kMaxAnswer = 64 * 1024;

bool env_true(const EnvLookup& env, const std::string& name) {
  auto v = env(name);
  return v && base::ascii_lower(trim(*v)) == "true";
}

std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Both services hand out temporary credentials only; one without an expiry would be cached
// forever, so it is refused like the SDKs refuse it.
AwsCredentials credentials_from_json(const nlohmann::json& j, const std::string& what) {
  AwsCredentials c;
  c.access_key_id = json_string(j, "AccessKeyId");
  c.secret_access_key = json_string(j, "SecretAccessKey");
  c.session_token = json_string(j, "Token");
  if (c.empty()) throw RemoteError(ErrorKind::kProtocol, what + " answered without credentials");
  c.expiration = parse_rfc3339(json_string(j, "Expiration"));
  if (!c.expiration)
    throw RemoteError(ErrorKind::kProtocol, what + " answered without a readable Expiration");
  return c;
}

// Metadata endpoints sit next to the process: short timeouts so that a Berth outside AWS gives
// up within seconds, never a proxy, never a redirect.
HttpOptions metadata_http(std::chrono::milliseconds timeout) {
  HttpOptions o;
  o.connect_timeout = timeout;
  o.idle_timeout = timeout;
  o.total_timeout = 2 * timeout;
  o.max_redirects = 0;
  o.pool_size = 1;
  return o;
}

int env_int(const EnvLookup& env, const std::string& name, int fallback, int lo, int hi) {
  auto v = env(name);
  if (!v) return fallback;
  try {
    return std::clamp(std::stoi(*v), lo, hi);
  } catch (const std::exception&) {
    return fallback;
  }
}

HttpRequest metadata_request(const std::string& method, const std::string& url) {
  HttpRequest r;
  r.method = method;
  r.url = url;
  r.follow_redirects = false;
  return r;
}

}  // namespace

bool container_http_host_allowed(const std::string& host) {
  std::string h = base::ascii_lower(host);
  if (h == "localhost" || h == "169.254.170.2" || h == "169.254.170.23") return true;
  unsigned char v4[4], v6[16], agent6[16];
  if (inet_pton(AF_INET, h.c_str(), v4) == 1) return v4[0] == 127;
  if (inet_pton(AF_INET6, h.c_str(), v6) != 1) return false;
  inet_pton(AF_INET6, "fd00:ec2::23", agent6);
  static const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(v6, loop6, 16) == 0 || std::memcmp(v6, agent6, 16) == 0;
}

std::optional<std::string> container_credentials_url(const EnvLookup& env) {
  if (auto rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    // A leading '/' keeps the value a path: "@host/x" must not turn into user info.
    return std::string(kEcsAgent) + (rel->front() == '/' ? "" : "/") + *rel;
  }
  auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!full) return std::nullopt;
  auto u = parse_url(*full);
  if (!u)
    throw RemoteError(ErrorKind::kConfig,
                      "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL: " + *full);
  if (u->scheme == "http" && !container_http_host_allowed(u->host))
    throw RemoteError(ErrorKind::kConfig,
                      "AWS_CONTAINER_CREDENTIALS_FULL_URI may use plain http only to a loopback "
                      "address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23, not " +
                          u->host);
  return *full;
}

std::optional<std::string> container_authorization(const EnvLookup& env) {
  std::optional<std::string> value;
  if (auto file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    value = read_small_file(*file);
    if (!value)
      throw RemoteError(ErrorKind::kConfig,
                        "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
  } else {
    value = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }
  if (!value) return std::nullopt;
  *value = trim(*value);
  // A line break would let the value add headers of its own.
  if (value->find_first_of("\r\n") != std::string::npos)
    throw RemoteError(ErrorKind::kConfig, "the container authorization token has a line break");
  return value;
}

AwsCredentials parse_container_credentials(int status, const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (status != 200) {
    std::string code, msg;
    if (j.is_object()) {
      code = json_string(j, "code") + json_string(j, "Code");
      msg = json_string(j, "message") + json_string(j, "Message");
    }
    if (code.empty()) code = "HTTP " + std::to_string(status);
    auto kind = status == 401 || status == 403 ? ErrorKind::kUnauthorized
                : status >= 500                ? ErrorKind::kServer
                                               : ErrorKind::kProtocol;
    throw RemoteError(
        kind,
        "the container credentials endpoint refused: " + code + (msg.empty() ? "" : ": " + msg),
        status);
  }
  if (!j.is_object())
    throw RemoteError(ErrorKind::kProtocol, "the container credentials endpoint answered non-JSON");
  AwsCredentials c = credentials_from_json(j, "the container credentials endpoint");
  c.source = "container credentials endpoint";
  return c;
}

bool imds_disabled(const EnvLookup& env) {
  return env_true(env, "AWS_EC2_METADATA_DISABLED");
}

std::string imds_endpoint(const EnvLookup& env) {
  if (auto e = env("AWS_EC2_METADATA_SERVICE_ENDPOINT")) return normalize_base_url(*e);
  auto mode = env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
  if (mode && base::ascii_lower(trim(*mode)) == "ipv6") return "http://[fd00:ec2::254]";
  return "http://169.254.169.254";
}

std::optional<std::string> parse_imds_role(const std::string& body) {
  std::string first = trim(body.substr(0, body.find('\n')));
  if (first.empty()) return std::nullopt;
  // IAM's own character set; the name goes into a URL path unencoded, as the SDKs send it.
  bool valid = first.size() <= 128 && std::all_of(first.begin(), first.end(), [](unsigned char c) {
                 return std::isalnum(c) || std::strchr("+=,.@_-", c);
               });
  if (!valid)
    throw RemoteError(ErrorKind::kProtocol, "EC2 instance metadata listed an invalid role name");
  return first;
}

AwsCredentials parse_imds_credentials(const std::string& body, const std::string& role) {
  std::string what = "EC2 instance metadata (role " + role + ")";
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) throw RemoteError(ErrorKind::kProtocol, what + " answered non-JSON");
  std::string code = json_string(j, "Code");
  if (code != "Success") {
    std::string msg = json_string(j, "Message");
    throw RemoteError(ErrorKind::kUnauthorized,
                      what + " has no credentials: " + (code.empty() ? "no Code" : code) +
                          (msg.empty() ? "" : ": " + msg));
  }
  AwsCredentials c = credentials_from_json(j, what);
  c.source = what;
  return c;
}

std::optional<AwsCredentials> fetch_container_credentials(const EnvLookup& env) {
  auto url = container_credentials_url(env);
  if (!url) return std::nullopt;
  HttpRequest req = metadata_request("GET", *url);
  if (auto auth = container_authorization(env)) req.headers.emplace_back("Authorization", *auth);
  req.headers.emplace_back("Accept", "application/json");
  HttpClient client(metadata_http(std::chrono::seconds(2)));
  RetryPolicy policy{.max_attempts = 2, .initial_backoff = std::chrono::milliseconds(100)};
  HttpResponse resp = send_with_retries(client, policy, req, kMaxAnswer);
  return parse_container_credentials(resp.status, resp.body);
}

namespace {
// The IMDSv2 session token; "" when the service speaks IMDSv1 only; nullopt, with `why_not`,
// when there is no metadata service to talk to.
std::optional<std::string> imds_session_token(HttpClient& client, const RetryPolicy& policy,
                                              const std::string& base, const EnvLookup& env,
                                              std::string& why_not) {
  try {
    HttpRequest put = metadata_request("PUT", base + "/latest/api/token");
    put.headers.emplace_back(kTokenTtlHeader, "21600");
    HttpResponse resp = send_with_retries(client, policy, put, kMaxAnswer);
    if (resp.status == 200) return trim(resp.body);
    if (resp.status != 403 && resp.status != 404 && resp.status != 405) {
      why_not = base + " answered HTTP " + std::to_string(resp.status) + " for a session token";
      return std::nullopt;
    }
    // IMDSv1 only (or a metadata emulator without tokens): the SDKs go on without a token.
    if (env_true(env, "AWS_EC2_METADATA_V1_DISABLED"))
      throw RemoteError(ErrorKind::kUnauthorized,
                        "EC2 instance metadata refused a session token (HTTP " +
                            std::to_string(resp.status) +
                            ") and AWS_EC2_METADATA_V1_DISABLED forbids IMDSv1",
                        resp.status);
    spdlog::debug("remote: IMDS token request answered {}, using IMDSv1", resp.status);
    return std::string();
  } catch (const RemoteError& e) {
    if (e.kind() == ErrorKind::kUnauthorized) throw;
    why_not = e.what();
    return std::nullopt;
  }
}

HttpResponse imds_get(HttpClient& client, const RetryPolicy& policy, const std::string& url,
                      const std::string& token) {
  HttpRequest get = metadata_request("GET", url);
  if (!token.empty()) get.headers.emplace_back(kTokenHeader, token);
  return send_with_retries(client, policy, get, kMaxAnswer);
}
}  // namespace

std::optional<AwsCredentials> fetch_imds_credentials(const EnvLookup& env, std::string& why_not) {
  if (imds_disabled(env)) {
    why_not = "disabled by AWS_EC2_METADATA_DISABLED";
    return std::nullopt;
  }
  std::string base = imds_endpoint(env);
  // The SDKs' defaults (1 s, 1 attempt) and their knobs.
  auto timeout = std::chrono::seconds(env_int(env, "AWS_METADATA_SERVICE_TIMEOUT", 1, 1, 30));
  RetryPolicy policy{.max_attempts = env_int(env, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1, 1, 5),
                     .initial_backoff = std::chrono::milliseconds(100)};
  HttpClient client(metadata_http(timeout));
  auto token = imds_session_token(client, policy, base, env, why_not);
  if (!token) return std::nullopt;

  HttpResponse roles = imds_get(client, policy, base + kCredentialsPath, *token);
  if (roles.status == 404) {
    why_not = "no IAM role attached to the instance";
    return std::nullopt;
  }
  if (roles.status != 200)
    throw RemoteError(roles.status == 401 || roles.status == 403 ? ErrorKind::kUnauthorized
                                                                 : ErrorKind::kProtocol,
                      "EC2 instance metadata answered HTTP " + std::to_string(roles.status) +
                          " for the role name",
                      roles.status);
  auto role = parse_imds_role(roles.body);
  if (!role) {
    why_not = "no IAM role attached to the instance";
    return std::nullopt;
  }
  HttpResponse creds = imds_get(client, policy, base + kCredentialsPath + *role, *token);
  if (creds.status != 200)
    throw RemoteError(ErrorKind::kUnauthorized,
                      "EC2 instance metadata answered HTTP " + std::to_string(creds.status) +
                          " for the credentials of role " + *role,
                      creds.status);
  return parse_imds_credentials(creds.body, *role);
}

}  // namespace berth::remote
