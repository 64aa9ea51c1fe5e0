// Percent-decoding and query strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::http {

// nullopt on a malformed escape. `plus_as_space` for form/query encoding.
std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space = false);
std::string percent_encode(std::string_view s);  // RFC 3986 unreserved kept
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view q);

}  // namespace berth::http
