#include <cctype>

#include "scan/analyze/lang_parsers.h"
#include "scan/version/version_util.h"

namespace berth::scan {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

std::vector<Package> parse_python_metadata(std::string_view text) {
  Package p;
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line = text.substr(i, nl == text.npos ? text.npos : nl - i);
    i = nl == text.npos ? text.size() : nl + 1;
    if (trim(line).empty()) break;  // the headers end at the first blank line
    if (line[0] == ' ' || line[0] == '\t') continue;
    size_t colon = line.find(':');
    if (colon == line.npos) continue;
    std::string_view key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (iequals(key, "Name") && p.name.empty()) p.name = value;
    if (iequals(key, "Version") && p.version.empty()) p.version = value;
    if (iequals(key, "License") && p.licenses.empty() && !value.empty())
      p.licenses.emplace_back(value);
  }
  if (p.name.empty() || p.version.empty()) return {};
  return {p};
}

}  // namespace berth::scan
