#include "core/registry_endpoint_rules.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>

namespace berth::core {

namespace {
constexpr size_t kMaxUrl = 2048;
constexpr size_t kMaxCa = 256 * 1024;

bool has_control_or_space(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}
}  // namespace

std::optional<std::string> registry_name_problem(const std::string& name) {
  if (name.empty()) return "name cannot be empty";
  if (name.size() > 64) return "the max length of name is 64";
  if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return "name must not contain control characters";
  return std::nullopt;
}

UrlCheck normalize_registry_url(const std::string& raw) {
  std::string s = raw;
  auto first = s.find_first_not_of(' ');
  s = first == std::string::npos ? "" : s.substr(first);
  while (!s.empty() && (s.back() == ' ' || s.back() == '/')) s.pop_back();
  if (s.empty()) return {"", "url cannot be empty"};
  if (s.size() > kMaxUrl) return {"", "url is longer than 2048 characters"};
  if (has_control_or_space(s)) return {"", "url must not contain spaces or control characters"};
  if (s.find("://") == std::string::npos) s = "http://" + s;
  size_t colon = s.find("://");
  std::string scheme = s.substr(0, colon);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  if (scheme != "http" && scheme != "https") return {"", "invalid HTTP scheme: " + scheme};
  std::string rest = s.substr(colon + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string::npos)
    return {"", "url must not contain a user name or password; give them in the credential"};
  if (authority.empty() || authority.front() == ':') return {"", "url has no host: " + raw};
  while (!path.empty() && path.back() == '/') path.pop_back();
  return {scheme + "://" + authority + path, ""};
}

std::optional<std::string> ca_certificate_problem(const std::string& pem) {
  if (pem.empty()) return std::nullopt;
  if (pem.size() > kMaxCa) return "ca_certificate is larger than 256 KiB";
  BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
  if (!bio) return "ca_certificate cannot be read";
  int count = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_free(cert);
    ++count;
  }
  BIO_free(bio);
  ERR_clear_error();
  if (count == 0) return "ca_certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----)";
  return std::nullopt;
}

std::optional<std::string> credential_type_problem(const std::string& type) {
  if (type == "basic" || type == "oauth") return std::nullopt;
  return "unsupported credential type '" + type + "' (basic or oauth)";
}

}  // namespace berth::core
