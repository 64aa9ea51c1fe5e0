#include "core/project_rules.h"

#include <set>
#include <stdexcept>

namespace berth::core {

namespace {
bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

const std::set<std::string>& bool_keys() {
  static const std::set<std::string> k = {"public",
                                          "enable_content_trust",
                                          "enable_content_trust_cosign",
                                          "prevent_vul",
                                          "auto_scan",
                                          "auto_sbom_generation",
                                          "reuse_sys_cve_allowlist",
                                          "proxy_referrer_api",
                                          "proxy_cache_local_on_not_found"};
  return k;
}
const std::set<std::string>& proxy_keys() {
  static const std::set<std::string> k = {"proxy_speed_kb",
                                          "max_upstream_conn",
                                          "proxy_referrer_api",
                                          "proxy_cache_local_on_not_found",
                                          "proxy_cache_filter_pattern",
                                          "proxy_cache_filter_kind"};
  return k;
}

// Go's strconv.ParseBool, which Harbor uses for metadata booleans.
std::optional<bool> parse_bool(const std::string& v) {
  static const std::set<std::string> yes = {"1", "t", "T", "TRUE", "true", "True"};
  static const std::set<std::string> no = {"0", "f", "F", "FALSE", "false", "False"};
  if (yes.count(v)) return true;
  if (no.count(v)) return false;
  return std::nullopt;
}

bool is_integer(const std::string& v, bool allow_negative) {
  size_t i = (allow_negative && v.starts_with("-")) ? 1 : 0;
  if (v.size() <= i || v.size() > 19) return false;
  return v.find_first_not_of("0123456789", i) == std::string::npos;
}

std::string normalize_value(const std::string& key, const std::string& v) {
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("invalid metadata '" + key + "': " + why);
  };
  if (key == "public") {
    if (v != "true" && v != "false") throw bad("must be \"true\" or \"false\"");
    return v;
  }
  if (bool_keys().count(key)) {
    auto b = parse_bool(v);
    if (!b) throw bad("must be \"true\" or \"false\"");
    return *b ? "true" : "false";
  }
  if (key == "severity") {
    static const std::set<std::string> ok = {"none", "low", "medium", "high", "critical"};
    if (!ok.count(v)) throw bad("must be one of none, low, medium, high, critical");
    return v;
  }
  if (key == "retention_id" && !is_integer(v, false)) throw bad("must be a number");
  if ((key == "proxy_speed_kb" || key == "max_upstream_conn") && !is_integer(v, true))
    throw bad("must be an integer (-1: unlimited)");
  if (key == "proxy_cache_filter_kind" && v != "doublestar" && v != "regex")
    throw bad("must be \"doublestar\" or \"regex\"");
  if (v.size() > 1024) throw bad("value too long");
  return v;
}
}  // namespace

std::optional<std::string> project_name_error(const std::string& name) {
  if (name.empty()) return "the project name is empty";
  if (name.size() > 255) return "the project name is longer than 255 characters";
  if (!alnum(name.front()) || !alnum(name.back()))
    return "the project name must start and end with a lowercase letter or digit";
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (alnum(c)) continue;
    if (c != '.' && c != '_' && c != '-')
      return "the project name may contain only lowercase letters, digits, '.', '_' and '-'";
    if (!alnum(name[i - 1])) return "the project name may not contain two separators in a row";
  }
  return std::nullopt;
}

bool is_known_metadata_key(const std::string& key) {
  static const std::set<std::string> other = {"severity",
                                              "retention_id",
                                              "proxy_speed_kb",
                                              "max_upstream_conn",
                                              "proxy_cache_filter_pattern",
                                              "proxy_cache_filter_kind"};
  return bool_keys().count(key) || other.count(key);
}

ProjectMetadata normalize_metadata(const ProjectMetadata& in, bool has_registry) {
  ProjectMetadata out;
  for (const auto& [k, v] : in) {
    if (!is_known_metadata_key(k)) throw std::invalid_argument("unknown metadata '" + k + "'");
    if (!has_registry && proxy_keys().count(k)) continue;
    out[k] = normalize_value(k, v);
  }
  return out;
}

}  // namespace berth::core
