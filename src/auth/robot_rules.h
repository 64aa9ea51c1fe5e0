// The pure rules of Harbor robot accounts: names, durations and which permissions a robot may
// hold. Kept free of the database and HTTP so they are unit-tested directly.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace berth::auth {

inline constexpr std::string_view kRobotPrefix = "robot$";
inline constexpr int64_t kDefaultRobotDurationDays = 30;  // Harbor's robot_token_duration
inline constexpr int64_t kMaxRobotDurationDays = 36500;

// A rule was broken; the message is shown to the client (400).
struct RobotRuleError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct RobotAccess {
  std::string resource, action, effect = "allow";
};
struct RobotPermissionSpec {
  std::string kind;        // "project"
  std::string namespace_;  // project name, or "*" (every project; system robots only)
  std::vector<RobotAccess> access;
};

// "" when `name` (without prefix) is acceptable: Harbor's ^[a-z0-9]+(?:[._-][a-z0-9]+)*$.
std::string robot_name_problem(std::string_view name);
// "robot$<name>" (system) or "robot$<project>+<name>" (project).
std::string robot_full_name(std::string_view level, std::string_view project,
                            std::string_view name);

// Days → normalised duration: 0 (or absent) is the 30-day default, -1 never; < -1 is an error.
int64_t normalize_duration(std::optional<int64_t> days);
// Unix seconds of expiry, -1 for never.
int64_t robot_expires_at(int64_t duration_days, int64_t now_seconds);

// True when a project can grant (resource, action) to anyone: the projectAdmin role's set.
bool project_supports(std::string_view resource, std::string_view action);

// Parses and validates RobotCreate.permissions; throws RobotRuleError.
std::vector<RobotPermissionSpec> parse_robot_permissions(const nlohmann::json& permissions);

// Checks the permissions against the level: a project robot has exactly one permission on its
// project; "*" is for system robots. Throws RobotRuleError.
void check_level(std::string_view level, const std::vector<RobotPermissionSpec>& perms);

}  // namespace berth::auth
