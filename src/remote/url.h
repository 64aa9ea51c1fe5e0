// URL helpers for the remote client: resolving a Location against the request URL, comparing
// origins (so credentials never follow a redirect to another host) and percent-encoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/percent.h"

namespace berth::remote {

struct UrlParts {
  std::string scheme;  // lowercase: "http" | "https"
  std::string host;    // lowercase, without brackets for IPv6
  int port = 0;        // explicit or the scheme default
  std::string path;    // raw (still percent-encoded), "/" when empty
  std::string query;   // raw, without '?'
};

// Parses an absolute http(s) URL; nullopt for anything else.
std::optional<UrlParts> parse_url(std::string_view url);

// Resolves `location` (absolute, or relative as in a Location header) against `base`.
std::optional<std::string> resolve_url(std::string_view base, std::string_view location);

// Same scheme, host and port.
bool same_origin(std::string_view a, std::string_view b);

// "host" or "host:port" when the port is not the scheme default (the HTTP Host header form).
std::string host_header(const UrlParts& u);

using base::percent_decode;
using base::percent_encode;

// Base URL without a trailing slash, validated; throws RemoteError(kConfig).
std::string normalize_base_url(std::string_view url);

}  // namespace berth::remote
