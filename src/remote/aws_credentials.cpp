#include "remote/aws_credentials.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "remote/aws_instance_credentials.h"
#include "remote/errors.h"
#include "remote/retry.h"
#include "remote/token_cache.h"
#include "remote/url.h"

namespace berth::remote {
namespace {

constexpr size_t kMaxFileBytes = 1 << 20;
constexpr auto kRefreshMargin = std::chrono::minutes(5);

std::string decode_entities(std::string s) {
  static const std::pair<const char*, const char*> map[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (auto& [from, to] : map)
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += std::strlen(to))
      s.replace(p, std::strlen(from), to);
  return s;
}

}  // namespace

std::optional<std::string> read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(kMaxFileBytes + 1, '\0');
  in.read(data.data(), std::streamsize(data.size()));
  data.resize(size_t(in.gcount()));
  if (data.size() > kMaxFileBytes) return std::nullopt;
  return data;
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v || !*v) return std::nullopt;
    return std::string(v);
  };
}

std::string aws_endpoint_url(const EnvLookup& env, const std::string& service_id,
                             const std::string& fallback) {
  if (auto v = env("AWS_ENDPOINT_URL_" + service_id)) return normalize_base_url(*v);
  if (auto v = env("AWS_ENDPOINT_URL")) return normalize_base_url(*v);
  return fallback;
}

std::optional<AwsCredentials> credentials_from_env(const EnvLookup& env) {
  auto id = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY");
  if (!id || !secret) return std::nullopt;
  return AwsCredentials{*id, *secret, env("AWS_SESSION_TOKEN").value_or(""), std::nullopt,
                        "environment"};
}

std::optional<AwsCredentials> parse_shared_credentials(const std::string& text,
                                                       const std::string& profile) {
  std::istringstream in(text);
  bool in_profile = false;
  AwsCredentials c;
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      in_profile = trim(line.substr(1, line.size() - 2)) == profile;
      continue;
    }
    auto eq = line.find('=');
    if (!in_profile || eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "aws_access_key_id")
      c.access_key_id = value;
    else if (key == "aws_secret_access_key")
      c.secret_access_key = value;
    else if (key == "aws_session_token")
      c.session_token = value;
  }
  if (c.empty()) return std::nullopt;
  c.source = "shared credentials file, profile " + profile;
  return c;
}

std::optional<std::string> xml_element(const std::string& xml, const std::string& tag) {
  auto open = xml.find("<" + tag + ">");
  if (open == std::string::npos) return std::nullopt;
  size_t start = open + tag.size() + 2;
  auto close = xml.find("</" + tag + ">", start);
  if (close == std::string::npos) return std::nullopt;
  return decode_entities(trim(xml.substr(start, close - start)));
}

AwsCredentials parse_assume_role_response(int status, const std::string& xml) {
  if (status != 200) {
    std::string code = xml_element(xml, "Code").value_or("HTTP " + std::to_string(status));
    std::string msg = xml_element(xml, "Message").value_or("");
    throw RemoteError(
        ErrorKind::kUnauthorized,
        "STS AssumeRoleWithWebIdentity failed: " + code + (msg.empty() ? "" : ": " + msg), status);
  }
  AwsCredentials c;
  c.access_key_id = xml_element(xml, "AccessKeyId").value_or("");
  c.secret_access_key = xml_element(xml, "SecretAccessKey").value_or("");
  c.session_token = xml_element(xml, "SessionToken").value_or("");
  if (auto exp = xml_element(xml, "Expiration")) c.expiration = parse_rfc3339(*exp);
  if (c.empty()) throw RemoteError(ErrorKind::kProtocol, "STS answered without credentials");
  c.source = "web identity (STS AssumeRoleWithWebIdentity)";
  return c;
}

AwsCredentialChain::AwsCredentialChain(HttpOptions http, std::string region, EnvLookup env)
    : http_(std::move(http)), region_(std::move(region)), env_(std::move(env)) {}

std::optional<AwsCredentials> AwsCredentialChain::from_web_identity() {
  auto token_file = env_("AWS_WEB_IDENTITY_TOKEN_FILE"), role = env_("AWS_ROLE_ARN");
  if (!token_file || !role) return std::nullopt;
  auto token = read_small_file(*token_file);
  if (!token)
    throw RemoteError(ErrorKind::kConfig, "cannot read AWS_WEB_IDENTITY_TOKEN_FILE " + *token_file);
  std::string region = env_("AWS_REGION").value_or(env_("AWS_DEFAULT_REGION").value_or(region_));
  std::string domain = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  std::string url = aws_endpoint_url(env_, "STS", "https://sts." + region + "." + domain);
  HttpRequest req;
  req.method = "POST";
  req.url = url + "/";
  req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  // Unsigned on purpose: the web identity token is the credential.
  req.body =
      "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + percent_encode(*role) +
      "&RoleSessionName=" +
      percent_encode(
          env_("AWS_ROLE_SESSION_NAME").value_or("berth-" + std::to_string(::time(nullptr)))) +
      "&WebIdentityToken=" + percent_encode(trim(*token));
  HttpClient client(http_);
  HttpResponse resp = send_with_retries(client, RetryPolicy{}, req, 1 << 20);
  return parse_assume_role_response(resp.status, resp.body);
}

std::optional<AwsCredentials> AwsCredentialChain::from_shared_file() {
  std::string path;
  if (auto p = env_("AWS_SHARED_CREDENTIALS_FILE"))
    path = *p;
  else if (auto home = env_("HOME"))
    path = *home + "/.aws/credentials";
  else
    return std::nullopt;
  auto text = read_small_file(path);
  if (!text) return std::nullopt;
  return parse_shared_credentials(*text, env_("AWS_PROFILE").value_or("default"));
}

AwsCredentials AwsCredentialChain::resolve() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::system_clock::now();
  if (cached_ && (!cached_->expiration || now < *cached_->expiration - kRefreshMargin))
    return *cached_;
  std::optional<AwsCredentials> c = credentials_from_env(env_);
  if (!c) c = from_web_identity();
  if (!c) c = from_shared_file();
  if (!c) c = fetch_container_credentials(env_);
  std::string imds_why_not;
  if (!c) c = fetch_imds_credentials(env_, imds_why_not);
  if (!c)
    throw RemoteError(ErrorKind::kUnauthorized,
                      "no AWS credentials: none given, and none found in AWS_ACCESS_KEY_ID/"
                      "AWS_SECRET_ACCESS_KEY, AWS_WEB_IDENTITY_TOKEN_FILE+AWS_ROLE_ARN, the "
                      "shared credentials file, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI "
                      "(container credentials) or EC2 instance metadata (" +
                          imds_why_not + ")");
  spdlog::debug("remote: AWS credentials from {}", c->source);
  cached_ = c;
  return *c;
}

}  // namespace berth::remote
