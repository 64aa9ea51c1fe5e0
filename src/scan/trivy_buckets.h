// trivy-db bucket names (trivy-db pkg/vulnsrc/bucket) and the lookup keys Trivy derives from an
// image: OS family + version → platform bucket, language → "<ecosystem>::" prefix, package name
// normalisation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::scan {

// Trivy's OS family names ("alpine", "debian", "ubuntu", "redhat", "centos", "rocky", "alma",
// "oracle", "amazon", "photon", "cbl-mariner", "azurelinux", "opensuse-leap",
// "opensuse-tumbleweed", "sles", "slem", "wolfi", "chainguard", "bottlerocket", "echo",
// "minimos") with the OS version as detected ("12.4", "3.19.1", "22.04", "2 (Karoo)") → the
// platform bucket ("debian 12", "alpine 3.19", "ubuntu 22.04", "amazon linux 2", "Red Hat").
// nullopt for an unknown family or an unusable version.
std::optional<std::string> os_bucket(std::string_view family, std::string_view version);

// A language type (Trivy LangType: "npm", "yarn", "node-pkg", "jar", "pom", "gomod", "gobinary",
// "pip", "poetry", "python-pkg", "bundler", "gemspec", "cargo", "composer", "nuget",
// "dotnet-core", …) or an ecosystem slug ("npm", "pip", "go", "maven", "rubygems", …) → the
// ecosystem slug whose buckets hold its advisories. nullopt when Trivy does not scan it.
std::optional<std::string> ecosystem_for(std::string_view lang_type_or_ecosystem);
// "npm" → "npm::".
inline std::string ecosystem_prefix(std::string_view ecosystem) {
  return std::string(ecosystem) + "::";
}

// Package names as trivy-db stores them: pip lower-case with '_'→'-', swift without https:// and
// .git, go/cocoapods/julia unchanged, the rest lower-case.
std::string normalize_package_name(std::string_view ecosystem, std::string_view name);

}  // namespace berth::scan
