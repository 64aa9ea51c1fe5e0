#include "base/path_prefix.h"

namespace berth::base {

namespace {

bool segment_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '~' || c == '-';
}

}  // namespace

std::optional<std::string> clean_path_prefix(std::string_view path) {
  if (path.empty() || path == "/") return std::string("/");
  if (path.front() != '/' || path.size() > 200) return std::nullopt;
  if (path.back() == '/') path.remove_suffix(1);
  bool segment_start = true;
  for (size_t i = 1; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (segment_start) return std::nullopt;  // "//" : an empty segment
      segment_start = true;
      continue;
    }
    if (!segment_char(c) || (segment_start && c == '.')) return std::nullopt;
    segment_start = false;
  }
  if (segment_start) return std::nullopt;  // "//" at the end
  return std::string(path) + "/";
}

std::string url_path(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  auto rest = url.substr(scheme + 3);
  auto slash = rest.find_first_of("/?#");
  if (slash == std::string_view::npos || rest[slash] != '/') return "";
  auto path = rest.substr(slash);
  return std::string(path.substr(0, path.find_first_of("?#")));
}

}  // namespace berth::base
