// Go build information (go version, main module, dependencies) from a Go executable, following
// Go's debug/buildinfo: the "\xff Go buildinf:" header in the binary's data, either with the
// strings inline (Go 1.18+) or as pointers to Go string headers (older toolchains).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/analyze/types.h"

namespace berth::scan {

inline constexpr std::string_view kGoBuildInfoMagic = "\xff Go buildinf:";

struct GoModule {
  std::string path;
  std::string version;
  std::string sum;
};

struct GoBuildInfo {
  std::string go_version;  // "go1.21.3"
  std::string path;        // main package path
  GoModule main;
  std::vector<GoModule> deps;  // with replacements applied
};

// Offset of a valid build-info header in `data`, looking only at offsets o with
// (base + o) % 16 == 0; nullopt if none.
std::optional<size_t> find_go_buildinfo_header(std::string_view data, uint64_t base);
bool go_buildinfo_is_inline(std::string_view header);
// Bytes an inline-format blob really uses (header and both strings); nullopt if cut short.
std::optional<size_t> go_inline_blob_size(std::string_view blob);

// `content` is a whole ELF file or a blob that starts at the build-info header (inline format).
// nullopt if it holds no build info; throws AnalysisError(kCorrupt) when the header is damaged.
std::optional<GoBuildInfo> parse_go_buildinfo(std::string_view content);

// Parses the module text ("path\t...", "mod\t...", "dep\t...", "=>\t...") after the sentinels
// were removed.
GoBuildInfo parse_go_modinfo(std::string_view go_version, std::string_view modinfo);

// Packages as Trivy reports them: stdlib, the main module and each dependency.
std::vector<Package> go_packages(const GoBuildInfo& info, const std::string& file_path);

}  // namespace berth::scan
