// Internals of RegistryClient shared by its source files: one logical call, and the
// authentication state (learned scheme, realm, token cache).
#pragma once

#include "remote/registry_client.h"

namespace berth::remote {

struct RegistryClient::Call {
  std::string method = "GET";
  std::string path;  // "/v2/..." (with query) relative to the base URL ...
  std::string url;   // ... or an absolute URL (upload Location, Link)
  Headers headers;
  std::string body;
  std::function<size_t(char*, size_t)> body_reader;
  int64_t body_size = -1;
  std::vector<std::string> scopes;
  const BodySink* sink = nullptr;
  std::function<void(int, const Headers&)> on_body_start;
  size_t max_body = 1 << 20;
  int max_attempts = 0;    // 0: the policy's
  uint64_t delivered = 0;  // bytes handed to the sink: after any, no retry
  bool replayable() const { return !body_reader; }
};

class RegistryClient::Auth {
 public:
  Auth(HttpClient& http, RetryPolicy retry) : http_(http), retry_(retry) {}

  // The Authorization value for a request with these scopes ("" for none); may fetch a token.
  std::string header_for(const std::vector<std::string>& scopes, const Credentials& creds);
  // Learns from a 401; true when resending (once) may succeed. May add the challenge's scope.
  bool on_unauthorized(const HttpResponse& response, std::vector<std::string>& scopes,
                       const Credentials& creds, const std::string& sent);
  std::string scheme();

 private:
  std::string token_key(const std::vector<std::string>& scopes, const Credentials& creds);
  TokenResponse fetch_token(const std::string& realm, const std::string& service,
                            const std::vector<std::string>& scopes, const Credentials& creds);

  HttpClient& http_;
  RetryPolicy retry_;
  std::mutex mutex_;
  std::string scheme_;  // "", "basic", "bearer"
  std::string realm_;
  std::string service_;
  TokenCache tokens_;
};

}  // namespace berth::remote
