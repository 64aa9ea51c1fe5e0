// Input rules for labels (pure: no database), Harbor's label.Valid() plus the color and
// description checks Harbor leaves to its portal. Each returns the problem as a message for the
// user, or nothing when the value is fine.
#pragma once

#include <optional>
#include <string>

#include "core/label_store.h"

namespace berth::core {

// Harbor: required, at most 128 bytes. Berth also refuses control characters.
std::optional<std::string> label_name_problem(const std::string& name);

// "g" (global, project_id ignored) or "p" (project, project_id > 0).
std::optional<std::string> label_scope_problem(const std::string& scope, int64_t project_id);

// Empty, or a CSS hex color as the portal's picker writes it: #RGB, #RGBA, #RRGGBB, #RRGGBBAA.
std::optional<std::string> label_color_problem(const std::string& color);

// At most 1024 bytes.
std::optional<std::string> label_description_problem(const std::string& description);

// The first problem of all of the above.
std::optional<std::string> label_problem(const Label& l);

}  // namespace berth::core
