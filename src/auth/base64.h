// Base64 (standard, for Basic auth) and base64url without padding (for JWTs and tokens).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::auth {

std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);
std::string base64url_encode(std::string_view data);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace berth::auth
