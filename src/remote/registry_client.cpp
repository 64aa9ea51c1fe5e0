#include "remote/registry_client.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <thread>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/registry_internal.h"
#include "remote/url.h"

namespace berth::remote {

const std::vector<std::string> kManifestMediaTypes = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
};

std::string normalize_repository(const std::string& provider, const std::string& name) {
  if (provider == "docker-hub" && name.find('/') == std::string::npos) return "library/" + name;
  return name;
}

std::string repository_scope(const std::string& repo, const std::string& actions) {
  return "repository:" + repo + ":" + actions;
}

std::string registry_error_message(const HttpResponse& response) {
  auto j = nlohmann::json::parse(response.body, nullptr, false);
  // Every error: docker-registry refuses a manifest whose blob it lacks with DIGEST_INVALID
  // first and MANIFEST_BLOB_UNKNOWN second.
  if (j.is_object() && j.contains("errors") && j["errors"].is_array() && !j["errors"].empty()) {
    std::string all;
    for (const auto& e : j["errors"]) {
      if (!e.is_object()) continue;
      std::string code = e.value("code", ""), msg = e.value("message", "");
      if (code.empty() && msg.empty()) continue;
      all += (all.empty() ? "" : "; ") + (code.empty() ? msg : code + ": " + msg);
    }
    if (!all.empty()) return all;
  }
  std::string s;
  for (char c : response.body.substr(0, 200))
    if (c >= 0x20 && c < 0x7f) s += c;
  return s;
}

void throw_for_status(const HttpResponse& r, const std::string& what) {
  std::string msg = registry_error_message(r);
  std::string suffix = " (HTTP " + std::to_string(r.status) + (msg.empty() ? "" : ": " + msg) + ")";
  ErrorKind kind = ErrorKind::kProtocol;
  std::string text = what + " failed";
  if (r.status == 401)
    kind = ErrorKind::kUnauthorized, text = what + ": authentication failed";
  else if (r.status == 403)
    kind = ErrorKind::kForbidden, text = what + ": access denied";
  else if (r.status == 404)
    kind = ErrorKind::kNotFound, text = what + ": not found";
  else if (r.status == 429)
    kind = ErrorKind::kRateLimited, text = what + ": too many requests to the upstream registry";
  else if (r.status >= 500)
    kind = ErrorKind::kServer, text = what + ": upstream server error";
  int retry_after_s = 0;
  if (auto v = r.header("Retry-After"))
    if (auto d = parse_retry_after(*v))
      retry_after_s = int(std::min<int64_t>((d->count() + 999) / 1000, 24 * 3600));
  throw RemoteError(kind, text + suffix, r.status, msg, retry_after_s);
}

RegistryClient::RegistryClient(RegistryConfig config)
    : config_(std::move(config)),
      http_(config_.http),
      auth_(std::make_unique<Auth>(http_, config_.retry)) {
  config_.url = normalize_base_url(config_.url);
}

RegistryClient::~RegistryClient() = default;

ProvidedAuth RegistryClient::current_auth() {
  if (config_.provider) {
    ProvidedAuth p = config_.provider();
    p.endpoint = p.endpoint.empty() ? config_.url : normalize_base_url(p.endpoint);
    return p;
  }
  return ProvidedAuth{config_.credentials.value_or(Credentials{}), config_.url};
}

HttpResponse RegistryClient::execute(Call& call) {
  ProvidedAuth auth = current_auth();
  for (bool auth_retried = false;;) {
    HttpRequest req;
    req.method = call.method;
    req.url = call.url.empty() ? auth.endpoint + call.path : call.url;
    req.headers = call.headers;
    req.body = call.body;
    req.body_reader = call.body_reader;
    req.body_size = call.body_size;
    req.on_body_start = call.on_body_start;
    std::string sent = auth_->header_for(call.scopes, auth.credentials);
    if (!sent.empty()) req.headers.emplace_back("Authorization", sent);
    HttpResponse resp = send_with_retry(req, call);
    if (resp.status == 401 && !auth_retried && call.replayable() &&
        auth_->on_unauthorized(resp, call.scopes, auth.credentials, sent)) {
      auth_retried = true;
      continue;
    }
    return resp;
  }
}

HttpResponse RegistryClient::send_with_retry(HttpRequest& req, Call& call) {
  int max = call.max_attempts > 0 ? call.max_attempts : config_.retry.max_attempts;
  BodySink counting;
  if (call.sink)
    counting = [&call](const char* d, size_t n) {
      call.delivered += n;
      return (*call.sink)(d, n);
    };
  for (int attempt = 1;; ++attempt) {
    bool can_retry = attempt < max && call.replayable() && call.delivered == 0;
    std::optional<std::chrono::milliseconds> delay;
    try {
      HttpResponse resp = call.sink ? http_.stream(req, counting) : http_.send(req, call.max_body);
      can_retry = can_retry && call.delivered == 0;
      if (!is_retryable_status(resp.status) || !can_retry) return resp;
      delay = retry_delay(config_.retry, attempt, &resp);
      if (!delay) return resp;
      spdlog::warn("remote: {} {} answered {}, retrying in {} ms", req.method, req.url, resp.status,
                   delay->count());
    } catch (const RemoteError& e) {
      if (!is_retryable_error(e.kind()) || !can_retry || call.delivered > 0) throw;
      delay = retry_delay(config_.retry, attempt, nullptr);
      spdlog::warn("remote: {} {}: {}, retrying in {} ms", req.method, req.url, e.what(),
                   delay->count());
    }
    std::this_thread::sleep_for(*delay);
  }
}

PingResult RegistryClient::ping() {
  PingResult r;
  bool anonymous = true;
  try {
    anonymous = current_auth().credentials.empty();
    Call c;
    c.path = "/v2/";
    c.max_attempts = std::min(2, config_.retry.max_attempts);
    HttpResponse resp = execute(c);
    r.http_status = resp.status;
    r.auth_scheme = auth_->scheme();
    if (resp.status == 200) {
      r.status = PingStatus::kOk;
      r.message = anonymous ? "reachable (anonymous)" : "reachable, credentials accepted";
    } else if (resp.status == 401) {
      r.status = PingStatus::kUnauthorized;
      r.message =
          anonymous ? "the registry requires credentials" : "the registry rejected the credentials";
    } else {
      r.status = PingStatus::kError;
      r.message = "unexpected answer from " + config_.url + "/v2/ (HTTP " +
                  std::to_string(resp.status) + ")";
    }
  } catch (const RemoteError& e) {
    r.error = e.kind();
    r.auth_scheme = auth_->scheme();
    r.message = e.what();
    switch (e.kind()) {
      case ErrorKind::kUnauthorized:
      case ErrorKind::kForbidden:
        r.status = PingStatus::kUnauthorized;
        break;
      case ErrorKind::kDns:
      case ErrorKind::kConnectionRefused:
      case ErrorKind::kConnect:
      case ErrorKind::kTls:
      case ErrorKind::kTimeout:
      case ErrorKind::kNetwork:
        r.status = PingStatus::kUnreachable;
        break;
      default:
        r.status = PingStatus::kError;
    }
  } catch (const std::exception& e) {
    r.status = PingStatus::kError;
    r.message = e.what();
  }
  return r;
}

}  // namespace berth::remote
