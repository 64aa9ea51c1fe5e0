#include <regex>
#include <string>

#include "scan/analyze/lang_parsers.h"

namespace berth::scan {

namespace {

// `"rake".freeze` → rake
std::string clean_value(std::string s) {
  if (s.ends_with(".freeze")) s.resize(s.size() - 7);
  size_t b = s.find_first_not_of("'\"");
  size_t e = s.find_last_not_of("'\"");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::vector<Package> parse_gemspec(std::string_view text) {
  static const std::regex kName(R"(\.name\s*=\s*(\S+))");
  static const std::regex kVersion(R"(\.version\s*=\s*(\S+))");
  Package p;
  size_t i = 0;
  while (i < text.size() && (p.name.empty() || p.version.empty())) {
    size_t nl = text.find('\n', i);
    std::string line(text.substr(i, nl == text.npos ? text.npos : nl - i));
    i = nl == text.npos ? text.size() : nl + 1;
    if (line.size() > 4096) continue;  // real gemspec lines are short; keeps regex work bounded
    std::smatch m;
    if (p.name.empty() && std::regex_search(line, m, kName)) p.name = clean_value(m[1].str());
    if (p.version.empty() && std::regex_search(line, m, kVersion))
      p.version = clean_value(m[1].str());
  }
  if (p.name.empty() || p.version.empty()) return {};
  return {p};
}

}  // namespace berth::scan
