#include "replication/name_patterns.h"

#include <algorithm>

namespace berth::replication {
namespace {

constexpr size_t kMaxExpansions = 256;

// Appends the expansions of `p` to `out`; false when malformed or too many.
bool expand_into(std::string_view p, std::vector<std::string>& out) {
  size_t open = p.find('{');
  if (open == std::string_view::npos) {
    if (p.find('}') != std::string_view::npos) return false;
    if (out.size() >= kMaxExpansions) return false;
    out.emplace_back(p);
    return true;
  }
  if (p.substr(0, open).find('}') != std::string_view::npos) return false;
  // The matching brace and the top-level commas between.
  std::vector<size_t> cuts = {open};
  int depth = 0;
  size_t close = std::string_view::npos;
  for (size_t i = open + 1; i < p.size() && close == std::string_view::npos; ++i) {
    if (p[i] == '{') ++depth;
    if (p[i] == '}' && depth-- == 0) close = i;
    if (p[i] == ',' && depth == 0) cuts.push_back(i);
  }
  if (close == std::string_view::npos) return false;
  cuts.push_back(close);
  std::string_view head = p.substr(0, open), tail = p.substr(close + 1);
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    std::string_view alt = p.substr(cuts[k] + 1, cuts[k + 1] - cuts[k] - 1);
    std::string joined;
    joined.append(head).append(alt).append(tail);
    if (!expand_into(joined, out)) return false;
  }
  return true;
}

}  // namespace

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?[{\\") != std::string_view::npos;
}

std::string_view literal_prefix(std::string_view pattern) {
  return pattern.substr(0, std::min(pattern.size(), pattern.find_first_of("*?[{\\")));
}

std::optional<std::vector<std::string>> expand_braces(std::string_view pattern) {
  // An escaped brace is not a group; such a pattern is left whole (it counts as a wildcard).
  if (pattern.find('\\') != std::string_view::npos)
    return std::vector<std::string>{std::string(pattern)};
  std::vector<std::string> out;
  if (!expand_into(pattern, out)) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> literal_names(const std::vector<std::string>& patterns) {
  if (patterns.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& p : patterns) {
    auto expanded = expand_braces(p);
    if (!expanded) return std::nullopt;
    for (auto& name : *expanded) {
      if (name.empty() || has_wildcard(name)) return std::nullopt;
      names.push_back(std::move(name));
    }
  }
  sort_unique(names);
  return names;
}

std::optional<std::vector<std::string>> literal_projects(const std::vector<std::string>& patterns) {
  if (patterns.empty()) return std::nullopt;
  std::vector<std::string> projects;
  for (const auto& p : patterns) {
    auto expanded = expand_braces(p);
    if (!expanded) return std::nullopt;
    for (const auto& e : *expanded) {
      std::string_view prefix = literal_prefix(e);
      size_t slash = prefix.find('/');
      if (slash == std::string_view::npos) {
        // A literal name without a slash is its own project; a wildcard there reaches any.
        if (has_wildcard(e) || e.empty()) return std::nullopt;
        projects.emplace_back(e);
      } else {
        if (slash == 0) return std::nullopt;
        projects.emplace_back(prefix.substr(0, slash));
      }
    }
  }
  sort_unique(projects);
  return projects;
}

bool may_match(std::string_view name, const std::vector<std::string>& patterns) {
  if (patterns.empty()) return true;
  for (const auto& p : patterns) {
    auto expanded = expand_braces(p);
    if (!expanded) return true;
    for (const auto& e : *expanded)
      if (name.substr(0, literal_prefix(e).size()) == literal_prefix(e)) return true;
  }
  return false;
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace berth::replication
