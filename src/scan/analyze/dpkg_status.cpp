#include <cctype>
#include <charconv>
#include <map>

#include "scan/analyze/os_packages.h"
#include "scan/version/version_util.h"

namespace berth::scan {

namespace {

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool valid_upstream(std::string_view s) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!alnum(c) && std::string_view(".-+~:_").find(c) == std::string_view::npos) return false;
  return true;
}

bool valid_revision(std::string_view s) {
  for (char c : s)
    if (!alnum(c) && std::string_view("+.~_").find(c) == std::string_view::npos) return false;
  return true;
}

bool has_word(std::string_view s, std::string_view word) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (s.substr(i, j - i) == word) return true;
    i = j;
  }
  return false;
}

using Paragraph = std::map<std::string, std::string>;

void emit(const Paragraph& p, std::vector<Package>& out) {
  auto get = [&](const char* k) {
    auto it = p.find(k);
    return it == p.end() ? std::string() : it->second;
  };
  if (has_word(get("Status"), "deinstall") || has_word(get("Status"), "purge")) return;
  Package pkg;
  pkg.name = get("Package");
  std::string version = get("Version");
  if (pkg.name.empty() || version.empty()) return;
  // Source: "name" or "name (version)"
  std::string source = get("Source"), src_version = version;
  pkg.src_name = source.substr(0, source.find_first_of(" \t"));
  if (size_t open = source.find(" ("); open != std::string::npos && source.back() == ')')
    src_version = source.substr(open + 2, source.size() - open - 3);
  if (pkg.src_name.empty()) pkg.src_name = pkg.name;
  auto v = parse_deb_version(version);
  auto sv = parse_deb_version(src_version);
  if (!v || !sv) return;
  pkg.epoch = v->epoch;
  pkg.version = v->upstream;
  pkg.release = v->revision;
  pkg.src_epoch = sv->epoch;
  pkg.src_version = sv->upstream;
  pkg.src_release = sv->revision;
  pkg.arch = get("Architecture");
  pkg.maintainer = get("Maintainer");
  out.push_back(std::move(pkg));
}

}  // namespace

std::optional<DebVersion> parse_deb_version(std::string_view v) {
  v = trim(v);
  DebVersion out;
  if (size_t colon = v.find(':'); colon != std::string_view::npos) {
    std::string_view e = v.substr(0, colon);
    auto [ptr, ec] = std::from_chars(e.data(), e.data() + e.size(), out.epoch);
    if (e.empty() || ec != std::errc() || ptr != e.data() + e.size() || out.epoch < 0)
      return std::nullopt;
    v.remove_prefix(colon + 1);
  }
  size_t dash = v.rfind('-');
  out.upstream = v.substr(0, dash);
  if (dash != std::string_view::npos) out.revision = v.substr(dash + 1);
  if (!valid_upstream(out.upstream) || !valid_revision(out.revision)) return std::nullopt;
  return out;
}

std::vector<Package> parse_dpkg_status(std::string_view text) {
  std::vector<Package> out;
  Paragraph para;
  std::string last_key;
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line = text.substr(i, nl == text.npos ? text.npos : nl - i);
    i = nl == text.npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) {
      if (!para.empty()) emit(para, out);
      para.clear();
      last_key.clear();
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {  // continuation of the previous field
      if (!last_key.empty()) para[last_key] += "\n" + std::string(trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last_key = std::string(trim(line.substr(0, colon)));
    para[last_key] = std::string(trim(line.substr(colon + 1)));
  }
  if (!para.empty()) emit(para, out);
  return out;
}

}  // namespace berth::scan
