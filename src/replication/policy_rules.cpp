#include "replication/policy_rules.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "core/reference.h"
#include "jobs/cron.h"
#include "replication/errors.h"

namespace berth::replication {

namespace {

std::vector<std::string> split_path(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    out.push_back(s.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

std::string join(const std::vector<std::string>& parts, size_t from, size_t to, const char* sep) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (i == from ? "" : sep) + parts[i];
  return out;
}

// Go's %v of a []string: "[a b c]".
std::string go_list(const std::vector<std::string>& parts, size_t count) {
  return "[" + join(parts, 0, count, " ") + "]";
}

// Harbor's pkg/reg/model Filter.Validate, then (Berth) the pattern must parse.
std::optional<std::string> filter_problem(const Filter& f) {
  if (f.type == "name" || f.type == "tag" || f.type == "resource") {
    if (f.type == "resource" && f.value != "image" && f.value != "artifact")
      return "invalid resource filter: " + f.value;
    if (f.type != "tag" && !f.decoration.empty())
      return std::string("only tag and label filter support decoration");
  } else if (f.type != "label") {
    return std::string("invalid filter type");
  }
  if (!f.decoration.empty() && f.decoration != "matches" && f.decoration != "excludes")
    return "invalid filter decoration, :" + f.decoration;
  if (f.type == "name" || f.type == "tag") {
    try {
      Pattern check(f.value);
    } catch (const PatternError& e) {
      return "invalid " + f.type + " filter '" + f.value + "': " + e.what();
    }
  }
  return std::nullopt;
}

std::vector<std::string> fields(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string f;
  while (in >> f) out.push_back(f);
  return out;
}

// Harbor's controller/replication/model Policy.Validate, trigger part.
std::optional<std::string> trigger_problem(const Trigger& t) {
  if (t.type == "manual" || t.type == "event_based") return std::nullopt;
  if (t.type != "scheduled") return std::string("invalid trigger type");
  if (t.cron.empty())
    return std::string("the cron string cannot be empty when the trigger type is scheduled");
  try {
    jobs::Cron::parse(t.cron);
  } catch (const std::invalid_argument& e) {
    return "invalid cron string for scheduled trigger: " + t.cron + " (" + e.what() + ")";
  }
  auto parts = fields(t.cron);
  if (parts[0] != "0")
    return std::string("the 1st field (indicating Seconds of time) of the cron setting must be 0");
  if (parts[1] == "*")
    return std::string(
        "* is not allowed for the Minutes field of the cron setting of replication policy");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> policy_problem(const Policy& p) {
  // Harbor's handler checks this before the controller's Validate.
  if (p.single_active_replication && p.trigger.type == "event_based")
    return std::string("single active replication is not allowed for event_based triggers");
  if (p.name.empty()) return std::string("empty name");
  if (p.name.size() > kMaxPolicyName)
    return "the name is longer than " + std::to_string(kMaxPolicyName) + " characters";
  if (p.description.size() > kMaxPolicyDescription)
    return "the description is longer than " + std::to_string(kMaxPolicyDescription) +
           " characters";
  if ((p.src_registry_id != 0) == (p.dest_registry_id != 0))
    return std::string(
        "either src_registry or dest_registry should be empty and the other one shouldn't be "
        "empty");
  for (const auto& f : p.filters)
    if (auto problem = filter_problem(f)) return problem;
  if (!p.dest_namespace.empty() && !core::is_valid_repository_name(p.dest_namespace))
    return "invalid destination namespace: " + p.dest_namespace;
  if (p.dest_namespace_replace_count < -1 || p.dest_namespace_replace_count > 3)
    return "invalid dest_namespace_replace_count: " +
           std::to_string(p.dest_namespace_replace_count) + " (-1, 0, 1, 2 or 3)";
  return trigger_problem(p.trigger);
}

PathRule path_rule_of(const std::string& endpoint_type) {
  if (endpoint_type == "docker-hub") return PathRule::kExactlyTwo;
  if (endpoint_type == "harbor") return PathRule::kAtLeastTwo;
  return PathRule::kAny;
}

std::string destination_repository(const Policy& p, const std::string& src_repo, PathRule rule) {
  const std::string& ns = p.dest_namespace;
  if (ns.empty()) return src_repo;
  auto src = split_path(src_repo);
  const size_t before_last = src.size() - 1;
  const int count = p.dest_namespace_replace_count;
  std::string dst = ns;
  if (count >= 0) {
    if (size_t(count) > before_last)
      throw ReplicationError("the source repository \"" + src_repo + "\" contains only " +
                             std::to_string(before_last) + " path components " +
                             go_list(src, before_last) +
                             " excepting the last one, but the destination namespace "
                             "flattening level is " +
                             std::to_string(count));
    if (size_t(count) < before_last) dst += "/" + join(src, size_t(count), before_last, "/");
  }
  dst += "/" + src.back();
  auto parts = split_path(dst);
  if (rule == PathRule::kExactlyTwo && parts.size() != 2)
    throw ReplicationError("the destination repository \"" + dst + "\" contains " +
                           std::to_string(parts.size()) + " path components " +
                           go_list(parts, parts.size()) +
                           ", but the destination registry only supports 2");
  if (rule == PathRule::kAtLeastTwo && parts.size() < 2)
    throw ReplicationError("the destination repository \"" + dst + "\" contains only " +
                           std::to_string(parts.size()) + " path components " +
                           go_list(parts, parts.size()) +
                           ", but the destination registry requires at least 2");
  return dst;
}

PolicyFilters::PolicyFilters(const Policy& p) {
  for (const auto& f : p.filters) {
    bool excludes = f.decoration == "excludes";
    if (f.type == "name" && !f.value.empty()) {
      names_.emplace_back(f.value);
      name_texts_.push_back(f.value);
    } else if (f.type == "tag") {
      TagFilter t;
      if (!f.value.empty()) t.pattern.emplace(f.value);
      t.excludes = excludes;
      tags_.push_back(std::move(t));
    } else if (f.type == "label" && !f.labels.empty()) {
      labels_.push_back({f.labels, excludes});
    }
  }
}

bool PolicyFilters::name(const std::string& repo) const {
  return std::all_of(names_.begin(), names_.end(),
                     [&](const Pattern& pat) { return pat.matches(repo); });
}

bool PolicyFilters::tag(const std::string& tag) const {
  return std::all_of(tags_.begin(), tags_.end(), [&](const TagFilter& f) {
    if (!f.pattern) return true;  // Harbor: an empty pattern keeps every artifact
    return f.pattern->matches(tag) != f.excludes;
  });
}

bool PolicyFilters::labels(const std::vector<std::string>& artifact_labels) const {
  std::set<std::string> have(artifact_labels.begin(), artifact_labels.end());
  return std::all_of(labels_.begin(), labels_.end(), [&](const LabelFilter& f) {
    bool all = std::all_of(f.labels.begin(), f.labels.end(),
                           [&](const std::string& l) { return have.count(l) > 0; });
    return all != f.excludes;
  });
}

namespace {
template <typename F>
bool with_filters(const Policy& p, F&& f) {
  try {
    return f(PolicyFilters(p));
  } catch (const PatternError&) {
    return false;
  }
}
}  // namespace

bool matches_name(const Policy& p, const std::string& repo) {
  return with_filters(p, [&](const PolicyFilters& f) { return f.name(repo); });
}

bool matches_tag(const Policy& p, const std::string& tag) {
  return with_filters(p, [&](const PolicyFilters& f) { return f.tag(tag); });
}

bool matches_labels(const Policy& p, const std::vector<std::string>& labels) {
  return with_filters(p, [&](const PolicyFilters& f) { return f.labels(labels); });
}

std::string resource_type(const Policy& p) {
  for (const auto& f : p.filters)
    if (f.type == "resource" && !f.value.empty()) return f.value;
  return "image";
}

}  // namespace berth::replication
