#include "scan/package_url.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "scan/vuln_matcher.h"

namespace berth::scan {

namespace {

using Qualifiers = std::vector<std::pair<std::string, std::string>>;

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Percent-encodes all but unreserved characters and `keep`; `space_plus` writes ' ' as '+'.
std::string percent_encode(std::string_view s, std::string_view keep, bool space_plus) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (unreserved(c) || keep.find(char(c)) != std::string_view::npos) {
      out += char(c);
    } else if (space_plus && c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A path segment as Go's url.PathEscape leaves it (sub-delims and ':' stay), except '@', which
// the purl spec wants encoded so it cannot be taken for the version separator.
std::string escape_segment(std::string_view s) {
  return percent_encode(s, "!$&'()*+,;=:", false);
}

// Go's url.QueryEscape.
std::string escape_query(std::string_view s) {
  return percent_encode(s, "", true);
}

std::string render(const std::string& type, const std::string& ns, const std::string& name,
                   const std::string& version, Qualifiers qualifiers) {
  std::string out = "pkg:" + type + "/";
  if (!ns.empty()) {
    size_t start = 0;
    while (true) {  // each namespace segment on its own; the '/' between them stays
      size_t slash = ns.find('/', start);
      out += escape_segment(std::string_view(ns).substr(start, slash - start));
      if (slash == std::string::npos) break;
      out += '/';
      start = slash + 1;
    }
    out += '/';
  }
  out += escape_segment(name);
  if (!version.empty()) out += "@" + escape_segment(version);
  // url.Values.Encode: sorted by key, empty values dropped by Trivy before this point.
  std::stable_sort(qualifiers.begin(), qualifiers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  char sep = '?';
  for (const auto& [k, v] : qualifiers) {
    if (v.empty()) continue;
    out += sep + escape_query(k) + "=" + escape_query(v);
    sep = '&';
  }
  return out;
}

std::string os_purl_type(const std::string& family) {
  static const std::set<std::string> apk = {"alpine", "wolfi", "chainguard"};
  static const std::set<std::string> deb = {"debian", "ubuntu"};
  static const std::set<std::string> rpm = {"redhat",        "centos",
                                            "rocky",         "alma",
                                            "amazon",        "oracle",
                                            "fedora",        "photon",
                                            "cbl-mariner",   "azurelinux",
                                            "opensuse.leap", "opensuse.tumbleweed",
                                            "sles",          "suse linux enterprise server"};
  if (apk.count(family)) return "apk";
  if (deb.count(family)) return "deb";
  if (rpm.count(family)) return "rpm";
  return "";
}

}  // namespace

std::string os_package_url(const Package& p, const std::string& family,
                           const std::string& os_name) {
  std::string type = os_purl_type(family);
  if (type.empty() || p.name.empty()) return "";
  Qualifiers q;
  if (!p.arch.empty()) q.emplace_back("arch", p.arch);
  if (p.epoch != 0) q.emplace_back("epoch", std::to_string(p.epoch));
  std::string ns = family;
  if (type == "apk") {
    q.emplace_back("distro", os_name);
  } else {
    if (family == "suse linux enterprise server") ns = "sles";
    q.emplace_back("distro", ns + "-" + os_name);
    if (type == "rpm" && !p.modularity_label.empty())
      q.emplace_back("modularitylabel", p.modularity_label);
  }
  // The epoch is a qualifier, so the version leaves it out.
  return render(type, ns, p.name, format_version(0, p.version, p.release), std::move(q));
}

std::string lang_package_url(const std::string& lang_type, const Package& p) {
  static const std::map<std::string, std::string> kTypes = {
      {"node-pkg", "npm"}, {"npm", "npm"},           {"yarn", "npm"},
      {"pnpm", "npm"},     {"python-pkg", "pypi"},   {"pip", "pypi"},
      {"pipenv", "pypi"},  {"poetry", "pypi"},       {"jar", "maven"},
      {"pom", "maven"},    {"gradle", "maven"},      {"gobinary", "golang"},
      {"gomod", "golang"}, {"gemspec", "gem"},       {"bundler", "gem"},
      {"cargo", "cargo"},  {"rust-binary", "cargo"}, {"composer", "composer"},
      {"nuget", "nuget"},  {"dotnet-core", "nuget"}};
  auto it = kTypes.find(lang_type);
  if (it == kTypes.end() || p.name.empty()) return "";
  const std::string& type = it->second;
  std::string ns, name = p.name;
  auto split_last = [&](char sep) {
    if (auto i = name.rfind(sep); i != std::string::npos) {
      ns = name.substr(0, i);
      name = name.substr(i + 1);
    }
  };
  if (type == "maven") {
    split_last(':');
  } else if (type == "pypi") {
    std::replace(name.begin(), name.end(), '_', '-');
    name = base::ascii_lower(name);
  } else if (type == "golang") {
    // A local replacement ("./x") names no software package.
    if (name.starts_with("./") || name.starts_with("../")) return "";
    name = base::ascii_lower(name);
    split_last('/');
  } else if (type == "npm" || type == "composer") {
    if (type == "composer" || name.starts_with("@")) split_last('/');
  }
  return render(type, ns, name, p.version, {});
}

}  // namespace berth::scan
