#include "scan/trivy_buckets.h"
#include "base/ascii.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace berth::scan {

namespace {

// Up to `parts` dot-separated numeric components of the version's first word ("3.19.1", 2 →
// "3.19"); nullopt unless it starts with a number.
std::optional<std::string> leading(std::string_view version, int parts) {
  version = version.substr(0, version.find(' '));
  std::string out;
  std::size_t i = 0;
  for (int p = 0; p < parts; ++p) {
    if (p > 0) {
      if (i >= version.size() || version[i] != '.') break;
      out += '.';
      ++i;
    }
    std::size_t start = i;
    while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i]))) ++i;
    if (i == start) {
      if (p == 0) return std::nullopt;
      out.pop_back();  // "3." → "3"
      break;
    }
    out.append(version.substr(start, i - start));
  }
  return out;
}

std::optional<std::string> with(std::string_view prefix, std::optional<std::string> v) {
  if (!v) return std::nullopt;
  return std::string(prefix) + *v;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::optional<std::string> os_bucket(std::string_view family, std::string_view version) {
  std::string v = trimmed(version);
  if (family == "alpine") {
    if (v == "edge") return "alpine edge";
    return with("alpine ", leading(v, 2));
  }
  if (family == "debian") return with("debian ", leading(v, 1));
  if (family == "ubuntu") return v.empty() ? std::nullopt : std::optional("ubuntu " + v);
  if (family == "amazon") {
    // Trivy: the major of the first word; anything but 2, 2022 and 2023 is Amazon Linux 1.
    auto major = leading(v, 1);
    if (!major || (*major != "2" && *major != "2022" && *major != "2023")) major = "1";
    return "amazon linux " + *major;
  }
  if (family == "redhat" || family == "centos") return "Red Hat";
  if (family == "alma") return with("alma ", leading(v, 1));
  if (family == "rocky") return with("rocky ", leading(v, 1));
  if (family == "oracle") return with("Oracle Linux ", leading(v, 1));
  if (family == "photon") return v.empty() ? std::nullopt : std::optional("Photon OS " + v);
  if (family == "cbl-mariner") return with("CBL-Mariner ", leading(v, 2));
  if (family == "azurelinux") return with("Azure Linux ", leading(v, 2));
  if (family == "opensuse-leap")
    return v.empty() ? std::nullopt : std::optional("openSUSE Leap " + v);
  if (family == "opensuse-tumbleweed") return "openSUSE Tumbleweed";
  if (family == "sles")
    return v.empty() ? std::nullopt : std::optional("SUSE Linux Enterprise " + v);
  if (family == "slem") {
    return v.empty() ? std::nullopt : std::optional("SUSE Linux Enterprise Micro " + v);
  }
  for (std::string_view unversioned : {"wolfi", "chainguard", "bottlerocket", "echo", "minimos"}) {
    if (family == unversioned) return std::string(family);
  }
  return std::nullopt;
}

std::optional<std::string> ecosystem_for(std::string_view t) {
  static const std::array<std::pair<std::string_view, std::string_view>, 40> kTable = {{
      {"npm", "npm"},
      {"yarn", "npm"},
      {"pnpm", "npm"},
      {"bun", "npm"},
      {"node-pkg", "npm"},
      {"javascript", "npm"},
      {"pip", "pip"},
      {"pipenv", "pip"},
      {"poetry", "pip"},
      {"python-pkg", "pip"},
      {"uv", "pip"},
      {"pylock", "pip"},
      {"bundler", "rubygems"},
      {"gemspec", "rubygems"},
      {"rubygems", "rubygems"},
      {"cargo", "cargo"},
      {"rustbinary", "cargo"},
      {"composer", "composer"},
      {"composer-vendor", "composer"},
      {"gomod", "go"},
      {"gobinary", "go"},
      {"go", "go"},
      {"jar", "maven"},
      {"pom", "maven"},
      {"gradle", "maven"},
      {"sbt", "maven"},
      {"maven", "maven"},
      {"nuget", "nuget"},
      {"dotnet-core", "nuget"},
      {"packages-props", "nuget"},
      {"conan", "conan"},
      {"pub", "pub"},
      {"hex", "erlang"},
      {"erlang", "erlang"},
      {"swift", "swift"},
      {"cocoapods", "cocoapods"},
      {"julia", "julia"},
      {"kubernetes", "k8s"},
      {"k8s", "k8s"},
      {"bitnami", "bitnami"},
  }};
  for (const auto& [type, eco] : kTable) {
    if (type == t) return std::string(eco);
  }
  return std::nullopt;
}

std::string normalize_package_name(std::string_view ecosystem, std::string_view name) {
  if (ecosystem == "pip") {
    std::string out = base::ascii_lower(name);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
  }
  if (ecosystem == "swift") {
    std::string_view n = name;
    if (n.starts_with("https://")) n.remove_prefix(8);
    if (n.ends_with(".git")) n.remove_suffix(4);
    return std::string(n);
  }
  if (ecosystem == "go" || ecosystem == "cocoapods" || ecosystem == "julia") {
    return std::string(name);
  }
  return base::ascii_lower(name);
}

}  // namespace berth::scan
