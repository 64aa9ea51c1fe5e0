// Harbor's rules for local user fields (src/server/v2.0/handler/user.go validateUserProfile and
// the create checks). Each returns an explanation, or "" when the value is acceptable.
#pragma once

#include <string>
#include <string_view>

namespace berth::auth {

// 1-255 characters, none of , " ~ # % $ : nor control characters ('$' also keeps the robot$
// prefix out).
std::string username_problem(std::string_view username);
// Empty is allowed (Harbor's API does not require it); otherwise a plausible address.
std::string email_problem(std::string_view email);
// 0-255 characters without , ~ # $ %.
std::string realname_problem(std::string_view realname);
// At most 30 characters, as Harbor.
std::string comment_problem(std::string_view comment);

}  // namespace berth::auth
