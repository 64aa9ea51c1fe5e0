// Red Hat build information in an image layer, as Trivy's buildinfo analyzers read it
// (trivy pkg/fanal/analyzer/buildinfo): content manifests give the content sets, the Dockerfile
// OSBS leaves in root/buildinfo gives the component (name) and architecture labels, the version
// and release coming from the file name (Dockerfile-ubi8-8.3-227 → "8.3-227").
#pragma once

#include <string_view>
#include <vector>

#include "scan/analyze/types.h"

namespace berth::scan {

// root/buildinfo/content_manifests/*.json: the "content_sets" string array (empty when absent
// or null). Throws AnalysisError(kCorrupt) for invalid JSON or a field of the wrong type.
std::vector<std::string> parse_content_manifest(std::string_view text);

// root/buildinfo/Dockerfile-*: nvr = "<com.redhat.component or bzcomponent>-<version-release
// from `path`>", arch = the "architecture" label. Label keys and values are unquoted and have
// $VAR / ${VAR} replaced from ARGs before FROM and ENVs, as buildkit's shell lexer does.
// Throws AnalysisError(kCorrupt) for a syntax error or when either label is missing.
BuildInfo parse_buildinfo_dockerfile(std::string_view path, std::string_view text);

// Trivy's per-layer merge: a later file's nvr/arch or non-empty content sets replace `into`'s.
void merge_build_info(BuildInfo& into, const BuildInfo& from);

}  // namespace berth::scan
