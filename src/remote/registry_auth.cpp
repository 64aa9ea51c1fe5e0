// Authentication negotiation for RegistryClient: the scheme is learned from 401 challenges;
// Bearer tokens are fetched per scope and cached until shortly before they expire.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/registry_internal.h"
#include "remote/url.h"
#include "remote/www_authenticate.h"

namespace berth::remote {
namespace {

std::string basic_value(const Credentials& c) {
  return "Basic " + base64_encode(c.username + ":" + c.password);
}

std::vector<std::string> split_scopes(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string part; in >> part;) out.push_back(part);
  return out;
}

std::string host_of(const std::string& url) {
  auto u = parse_url(url);
  return u ? host_header(*u) : url;
}

}  // namespace

std::string RegistryClient::Auth::scheme() {
  std::lock_guard lock(mutex_);
  return scheme_;
}

std::string RegistryClient::Auth::token_key(const std::vector<std::string>& scopes,
                                            const Credentials& creds) {
  std::string key = realm_ + "\n" + service_ + "\n" + creds.username + "\n";
  // Rotated credentials (ECR) must not reuse tokens issued for the old ones.
  key += sha256_hex(creds.password).substr(0, 16);
  for (auto& s : scopes) key += "\n" + s;
  return key;
}

std::string RegistryClient::Auth::header_for(const std::vector<std::string>& scopes,
                                             const Credentials& creds) {
  std::string scheme, realm, service, key;
  {
    std::lock_guard lock(mutex_);
    scheme = scheme_;
    realm = realm_;
    service = service_;
    key = token_key(scopes, creds);
  }
  if (scheme == "basic") return creds.empty() ? "" : basic_value(creds);
  if (scheme != "bearer") return "";
  auto now = Clock::now();
  if (auto cached = tokens_.get(key, now)) return "Bearer " + *cached;
  TokenResponse token = fetch_token(realm, service, scopes, creds);
  tokens_.put(key, token, now);
  return "Bearer " + token.token;
}

bool RegistryClient::Auth::on_unauthorized(const HttpResponse& response,
                                           std::vector<std::string>& scopes,
                                           const Credentials& creds, const std::string& sent) {
  auto values = response.header_values("WWW-Authenticate");
  if (auto bearer = find_challenge(values, "bearer")) {
    std::string realm = bearer->param("realm");
    if (!parse_url(realm))
      throw RemoteError(ErrorKind::kProtocol,
                        "the registry's Bearer challenge has no usable realm");
    for (auto& s : split_scopes(bearer->param("scope")))
      if (std::find(scopes.begin(), scopes.end(), s) == scopes.end()) scopes.push_back(s);
    std::lock_guard lock(mutex_);
    scheme_ = "bearer";
    realm_ = realm;
    service_ = bearer->param("service");
    tokens_.erase(token_key(scopes, creds));  // a token that was refused is not reused
    return true;
  }
  if (find_challenge(values, "basic")) {
    std::lock_guard lock(mutex_);
    scheme_ = "basic";
    // Resending helps only if we have credentials and did not just send them.
    return !creds.empty() && !sent.starts_with("Basic ");
  }
  return false;
}

TokenResponse RegistryClient::Auth::fetch_token(const std::string& realm,
                                                const std::string& service,
                                                const std::vector<std::string>& scopes,
                                                const Credentials& creds) {
  std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&");
  url += "service=" + percent_encode(service);
  for (auto& s : scopes) url += "&scope=" + percent_encode(s);
  if (!creds.empty()) url += "&account=" + percent_encode(creds.username);
  HttpRequest req;
  req.url = url;
  if (!creds.empty()) req.headers.emplace_back("Authorization", basic_value(creds));
  HttpResponse resp = send_with_retries(http_, retry_, req, 1 << 20);
  if (resp.status == 401 || resp.status == 403) {
    std::string who = creds.empty() ? std::string("anonymous access")
                                    : "the credentials of user '" + creds.username + "'";
    throw RemoteError(resp.status == 401 ? ErrorKind::kUnauthorized : ErrorKind::kForbidden,
                      "the token service at " + host_of(realm) + " refused " + who + " (HTTP " +
                          std::to_string(resp.status) + ")",
                      resp.status);
  }
  if (resp.status != 200) throw_for_status(resp, "token request to " + host_of(realm));
  spdlog::debug("remote: token from {} for {} scope(s)", host_of(realm), scopes.size());
  return parse_token_response(resp.body);
}

}  // namespace berth::remote
