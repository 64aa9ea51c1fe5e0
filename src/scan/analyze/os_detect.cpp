#include "scan/analyze/os_detect.h"
#include "base/ascii.h"
#include "scan/version/version_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

namespace berth::scan {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    out.push_back(text.substr(i, nl == text.npos ? text.npos : nl - i));
    i = nl == text.npos ? text.size() : nl + 1;
  }
  return out;
}

std::string first_line(std::string_view text) {
  auto lines = lines_of(text);
  return lines.empty() ? "" : std::string(trim(lines[0]));
}

std::string_view unquote(std::string_view v) {
  while (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
  return v;
}

OsInfo make(std::string family, std::string name) {
  OsInfo os;
  os.family = std::move(family);
  os.name = std::move(name);
  return os;
}

const std::string* text_of(const VirtualFs& fs, const std::string& path) {
  const VfsNode* n = fs.find_resolved(path);
  return n && !n->truncated ? &n->data : nullptr;
}

// Numeric-aware "3.10" > "3.9" for Alpine repository versions.
bool version_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    size_t ei = a.find('.', i), ej = b.find('.', j);
    std::string pa = a.substr(i, ei == a.npos ? a.npos : ei - i);
    std::string pb = b.substr(j, ej == b.npos ? b.npos : ej - j);
    if (pa != pb) {
      if (pa.size() != pb.size() && std::all_of(pa.begin(), pa.end(), ::isdigit) &&
          std::all_of(pb.begin(), pb.end(), ::isdigit))
        return pa.size() < pb.size();
      return pa < pb;
    }
    i = ei == a.npos ? a.size() : ei + 1;
    j = ej == b.npos ? b.size() : ej + 1;
  }
  return i >= a.size() && j < b.size();
}

bool ubuntu_esm_enabled(std::string_view json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object() || !j.contains("services") || !j["services"].is_array()) return false;
  for (const auto& s : j["services"]) {
    if (s.is_object() && s.value("name", "") == "esm-infra" && s.value("status", "") == "enabled")
      return true;
  }
  return false;
}

}  // namespace

OsInfo os_from_os_release(std::string_view text) {
  static const std::map<std::string, std::string> kIds = {
      {"rhel", "redhat"},
      {"centos", "centos"},
      {"rocky", "rocky"},
      {"almalinux", "alma"},
      {"ol", "oracle"},
      {"fedora", "fedora"},
      {"alpine", "alpine"},
      {"bottlerocket", "bottlerocket"},
      {"opensuse-tumbleweed", "opensuse-tumbleweed"},
      {"opensuse-leap", "opensuse-leap"},
      {"opensuse", "opensuse-leap"},
      {"sles", "sles"},
      {"sle-micro", "slem"},
      {"sl-micro", "slem"},
      {"sle-micro-rancher", "slem"},
      {"photon", "photon"},
      {"wolfi", "wolfi"},
      {"chainguard", "chainguard"},
      {"azurelinux", "azurelinux"},
      {"mariner", "cbl-mariner"},
      {"echo", "echo"},
      {"minimos", "minimos"},
      {"coreos", "coreos"},
      {"activestate", "activestate"},
  };
  std::string id, version, name;
  for (auto line : lines_of(text)) {
    size_t eq = line.find('=');
    if (eq == line.npos) continue;
    std::string_view key = trim(line.substr(0, eq)), value = unquote(trim(line.substr(eq + 1)));
    if (key == "ID") id = value;
    if (key == "VERSION_ID") version = value;
    if (key == "NAME") name = value;
  }
  auto it = kIds.find(id);
  if (it == kIds.end()) return {};
  std::string family = it->second;
  if (family == "centos" && name == "CentOS Stream") family = "centos-stream";
  return make(family, version);
}

OsInfo os_from_redhat_release(std::string_view path, std::string_view text) {
  static const std::regex kRelease(R"((.*) release (\d[\d\.]*))");
  std::string line = first_line(text);
  std::smatch m;
  if (!std::regex_search(line, m, kRelease)) return {};
  std::string who = base::ascii_lower(std::string(trim(m[1].str())));
  std::string family = "redhat";
  if (who == "centos" || who == "centos linux")
    family = "centos";
  else if (who == "centos stream")
    family = "centos-stream";
  else if (who == "rocky" || who == "rocky linux")
    family = "rocky";
  else if (who == "alma" || who == "almalinux" || who == "alma linux")
    family = "alma";
  else if (who == "oracle" || who == "oracle linux" || who == "oracle linux server")
    family = "oracle";
  else if (who == "fedora" || who == "fedora linux")
    family = "fedora";
  // The family-specific files only ever name their own family.
  static const std::map<std::string_view, std::string> kByFile = {{"etc/centos-release", "centos"},
                                                                  {"etc/rocky-release", "rocky"},
                                                                  {"etc/almalinux-release", "alma"},
                                                                  {"etc/oracle-release", "oracle"},
                                                                  {"etc/fedora-release", "fedora"}};
  if (auto it = kByFile.find(path); it != kByFile.end() && family != "centos-stream")
    family = it->second;
  return make(family, m[2].str());
}

OsInfo os_from_system_release(std::string_view text) {
  std::string line = first_line(text);
  std::vector<std::string> fields;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = line.find_first_of(" \t", i);
    if (j != i) fields.push_back(line.substr(i, j == line.npos ? line.npos : j - i));
    i = j == line.npos ? line.size() : j + 1;
  }
  size_t from;
  if (line.starts_with("Amazon Linux release 2"))
    from = 3;
  else if (line.starts_with("Amazon Linux"))
    from = 2;
  else
    return {};
  std::string name;
  for (size_t k = from; k < fields.size(); ++k) name += (name.empty() ? "" : " ") + fields[k];
  return name.empty() ? OsInfo{} : make("amazon", name);
}

OsInfo os_from_lsb_release(std::string_view text) {
  bool ubuntu = false;
  std::string version;
  for (auto line : lines_of(text)) {
    line = trim(line);
    if (line == "DISTRIB_ID=Ubuntu") ubuntu = true;
    if (line.starts_with("DISTRIB_RELEASE=")) version = line.substr(16);
  }
  return ubuntu ? make("ubuntu", version) : OsInfo{};
}

std::string alpine_repository_release(std::string_view text) {
  static const std::regex kRepo(
      R"((https*|ftp)://[0-9A-Za-z.-]+/([A-Za-z]+)/v?([0-9A-Za-z_.-]+)/)");
  std::string best;
  for (auto line : lines_of(text)) {
    std::string l(trim(line));
    std::smatch m;
    if (l.starts_with("#") || !std::regex_search(l, m, kRepo)) continue;
    std::string v = m[3].str();
    if (v == "edge") return "edge";
    if (best.empty() || version_less(best, v)) best = v;
  }
  return best;
}

void merge_os(OsInfo& into, const OsInfo& next) {
  if ((into.family == "redhat" || into.family == "debian") && !next.family.empty()) {
    bool ext = into.extended;
    into = next;
    into.extended = into.extended || ext;
    return;
  }
  if (into.family.empty()) into.family = next.family;
  if (into.name.empty()) into.name = next.name;
  into.extended = into.extended || next.extended;
}

std::string platform_release(const std::string& family, const std::string& name) {
  // The first `parts` dot-separated components of the version.
  auto cut = [&](int parts) {
    size_t from = 0, pos = std::string::npos;
    for (int i = 0; i < parts; ++i) {
      pos = name.find('.', from);
      if (pos == std::string::npos) return name;
      from = pos + 1;
    }
    return name.substr(0, pos);
  };
  if (family == "alpine" || family == "cbl-mariner" || family == "azurelinux") return cut(2);
  if (family == "debian" || family == "redhat" || family == "centos" || family == "alma" ||
      family == "rocky" || family == "oracle" || family == "fedora")
    return cut(1);
  if (family == "amazon") {
    std::string first = name.substr(0, name.find(' '));
    first = first.substr(0, first.find('.'));
    return (first == "2" || first == "2022" || first == "2023") ? first : "1";
  }
  return name;
}

OsInfo detect_os(const VirtualFs& fs) {
  OsInfo os;
  auto merge_from = [&](const std::string& path, auto parse) {
    if (const std::string* t = text_of(fs, path)) merge_os(os, parse(*t));
  };
  // Release files of a specific distribution first; os-release only fills what they left empty.
  for (const char* p : {"etc/centos-release", "etc/rocky-release", "etc/almalinux-release",
                        "etc/oracle-release", "etc/fedora-release", "etc/redhat-release"})
    merge_from(p, [&](std::string_view t) { return os_from_redhat_release(p, t); });
  merge_from("etc/alpine-release",
             [](std::string_view t) { return make("alpine", first_line(t)); });
  merge_from("etc/system-release", os_from_system_release);
  merge_from("usr/lib/system-release", os_from_system_release);
  merge_from("etc/debian_version",
             [](std::string_view t) { return make("debian", first_line(t)); });
  merge_from("etc/lsb-release", os_from_lsb_release);
  merge_from("etc/os-release", os_from_os_release);
  merge_from("usr/lib/os-release", os_from_os_release);
  if (os.family == "ubuntu")
    if (const std::string* t = text_of(fs, "var/lib/ubuntu-advantage/status.json"))
      os.extended = ubuntu_esm_enabled(*t);
  if (!os.found()) return os;
  os.release = platform_release(os.family, os.name);
  if (os.family == "alpine")
    if (const std::string* t = text_of(fs, "etc/apk/repositories")) {
      std::string repo = alpine_repository_release(*t);
      if (!repo.empty()) os.release = repo;
    }
  return os;
}

}  // namespace berth::scan
