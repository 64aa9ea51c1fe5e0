// WWW-Authenticate challenges (RFC 7235 §4.1): `Bearer realm="...",service="...",scope="..."`,
// `Basic realm="..."`, several challenges in one header or in several headers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::remote {

struct Challenge {
  std::string scheme;                         // lowercase: "bearer", "basic", ...
  std::map<std::string, std::string> params;  // names lowercase, values unquoted
  std::string token68;                        // the rare `Scheme token68=` form

  std::string param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
};

// Malformed parts end the parse; what was read before them is returned. Input is bounded
// (16 KiB, 16 challenges, 32 parameters each).
std::vector<Challenge> parse_www_authenticate(std::string_view header);

// The first challenge with this (lowercase) scheme among several header values.
std::optional<Challenge> find_challenge(const std::vector<std::string>& header_values,
                                        std::string_view scheme);

}  // namespace berth::remote
