#include "core/label_rules.h"

#include <algorithm>
#include <cctype>

namespace berth::core {

namespace {
constexpr size_t kMaxName = 128;  // Harbor's harbor_label.name is varchar(128)
constexpr size_t kMaxDescription = 1024;
}  // namespace

std::optional<std::string> label_name_problem(const std::string& name) {
  if (name.empty()) return "label name cannot be empty";
  if (name.size() > kMaxName) return "the max length of label name is 128";
  if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return "label name must not contain control characters";
  return std::nullopt;
}

std::optional<std::string> label_scope_problem(const std::string& scope, int64_t project_id) {
  if (scope == kGlobalLabelScope) return std::nullopt;
  if (scope != kProjectLabelScope)
    return "invalid scope: " + scope + " (g for a global label, p for a project label)";
  if (project_id <= 0)
    return "invalid project_id: " + std::to_string(project_id) +
           " (a project label needs the id of its project)";
  return std::nullopt;
}

std::optional<std::string> label_color_problem(const std::string& color) {
  if (color.empty()) return std::nullopt;
  size_t digits = color.size() - 1;
  bool hex = color[0] == '#' && std::all_of(color.begin() + 1, color.end(),
                                            [](unsigned char c) { return std::isxdigit(c) != 0; });
  if (hex && (digits == 3 || digits == 4 || digits == 6 || digits == 8)) return std::nullopt;
  return "invalid color: " + color.substr(0, 32) + " (a hex color such as #61717D)";
}

std::optional<std::string> label_description_problem(const std::string& description) {
  if (description.size() > kMaxDescription) return "description is longer than 1024 characters";
  return std::nullopt;
}

std::optional<std::string> label_problem(const Label& l) {
  if (auto p = label_name_problem(l.name)) return p;
  if (auto p = label_scope_problem(l.scope, l.project_id)) return p;
  if (auto p = label_color_problem(l.color)) return p;
  return label_description_problem(l.description);
}

}  // namespace berth::core
