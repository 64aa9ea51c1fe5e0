// ASCII case folding for protocol tokens (header names, URL schemes and hosts, auth schemes):
// never locale-dependent.
#pragma once

#include <string>
#include <string_view>

namespace berth::base {

std::string ascii_lower(std::string_view s);

}  // namespace berth::base
