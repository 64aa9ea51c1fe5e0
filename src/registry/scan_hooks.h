// What the registry asks the scanner about, without depending on it: scan-on-push and the pull
// policy (Harbor's "prevent vulnerable images from running"). Unset functions: no scanning.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace berth::registry {

struct ScanHooks {
  // After a manifest push (blocking pool).
  std::function<void(const std::string& repository, const std::string& digest)> on_push;
  // io thread, cheap: whether the project has a pull policy; nullopt when not known yet.
  std::function<std::optional<bool>(const std::string& project)> policy_cached;
  // Blocking: the same, from the database.
  std::function<bool(const std::string& project)> policy_load;
  // Blocking: nullopt to allow the pull, else the 412 message. `robot_id` (0: not a robot) lets
  // the scanner's own short-lived robots pull what the policy would refuse, as Harbor does.
  std::function<std::optional<std::string>(const std::string& repository, const std::string& digest,
                                           int64_t robot_id)>
      pull_violation;
};

}  // namespace berth::registry
