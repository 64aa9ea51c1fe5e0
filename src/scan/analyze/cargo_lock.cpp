#include <cctype>

#include "scan/analyze/lang_parsers.h"
#include "scan/version/version_util.h"

namespace berth::scan {

namespace {

// `key = "value"` → value; only basic strings, which is all Cargo writes for name/version.
bool string_field(std::string_view line, std::string_view key, std::string& out) {
  if (!line.starts_with(key)) return false;
  std::string_view rest = trim(line.substr(key.size()));
  if (!rest.starts_with('=')) return false;
  rest = trim(rest.substr(1));
  if (rest.size() < 2 || rest.front() != '"') return false;
  size_t close = rest.find('"', 1);
  if (close == rest.npos) return false;
  out = rest.substr(1, close - 1);
  return true;
}

}  // namespace

std::vector<Package> parse_cargo_lock(std::string_view text) {
  std::vector<Package> out;
  Package cur;
  bool in_package = false;
  auto flush = [&] {
    if (in_package && !cur.name.empty() && !cur.version.empty()) out.push_back(cur);
    cur = Package{};
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line = trim(text.substr(i, nl == text.npos ? text.npos : nl - i));
    i = nl == text.npos ? text.size() : nl + 1;
    if (line.starts_with('[')) {
      flush();
      in_package = line == "[[package]]";
      continue;
    }
    if (!in_package) continue;
    string_field(line, "name", cur.name) || string_field(line, "version", cur.version);
  }
  flush();
  return out;
}

}  // namespace berth::scan
