#include <set>

#include "scan/analyze/os_packages.h"

namespace berth::scan {

std::vector<Package> parse_apk_installed(std::string_view text) {
  std::vector<Package> out;
  std::set<std::string> seen;
  Package cur;
  auto flush = [&] {
    if (!cur.name.empty() && !cur.version.empty() && seen.insert(cur.name).second) {
      cur.src_version = cur.version;
      if (cur.src_name.empty()) cur.src_name = cur.name;
      out.push_back(std::move(cur));
    }
    cur = Package{};
  };
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line = text.substr(i, nl == text.npos ? text.npos : nl - i);
    i = nl == text.npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 2) {  // a blank line ends the record
      flush();
      continue;
    }
    if (line[1] != ':') continue;
    std::string value(line.substr(2));
    switch (line[0]) {
      case 'P':
        cur.name = value;
        break;
      case 'V':
        cur.version = value;
        break;
      case 'o':
        cur.src_name = value;
        break;
      case 'A':
        cur.arch = value;
        break;
      case 'L':
        if (!value.empty()) cur.licenses.push_back(value);
        break;
      case 'm':
        cur.maintainer = value;
        break;
      default:
        break;
    }
  }
  flush();
  return out;
}

}  // namespace berth::scan
