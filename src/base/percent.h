// Percent-decoding (RFC 3986) for URL paths and query strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::base {

// nullopt on a malformed escape; '+' becomes a space only when asked (query strings).
std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space = false);
// Encodes everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - _ . ~); with
// keep_slash, '/' is kept too (for paths).
std::string percent_encode(std::string_view s, bool keep_slash = false);

}  // namespace berth::base
