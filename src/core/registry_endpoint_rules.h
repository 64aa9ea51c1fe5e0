// Input rules for registry endpoints (pure: no database, no network). Each returns the problem
// as a message for the user, or nothing when the value is fine.
#pragma once

#include <optional>
#include <string>

namespace berth::core {

// Harbor: required, at most 64 characters.
std::optional<std::string> registry_name_problem(const std::string& name);

// Harbor's ValidateHTTPURL: trims blanks and trailing slashes, adds http:// when no scheme is
// given, accepts http and https only and keeps scheme://host[:port][/path] (query and fragment
// are dropped). Berth also refuses user:password@ in the URL: credentials belong in the
// credential, where they are encrypted. Returns the normalized URL or the problem.
struct UrlCheck {
  std::string url;
  std::string problem;  // empty when fine
};
UrlCheck normalize_registry_url(const std::string& raw);

// A PEM bundle with at least one parseable certificate (empty is fine: no custom CA).
std::optional<std::string> ca_certificate_problem(const std::string& pem);

// basic | oauth ("secret" is Harbor-internal).
std::optional<std::string> credential_type_problem(const std::string& type);

}  // namespace berth::core
