// Parsers for what language ecosystems install: each takes one file's bytes and returns the
// packages it declares (empty when the file names none). Invalid input never throws.
#pragma once

#include <string_view>
#include <vector>

#include "scan/analyze/types.h"

namespace berth::scan {

// node_modules/<pkg>/package.json: "name" and "version" (both required).
std::vector<Package> parse_node_package_json(std::string_view text);
// Python METADATA / PKG-INFO: the RFC 822 headers "Name" and "Version".
std::vector<Package> parse_python_metadata(std::string_view text);
// specifications/*.gemspec: `.name = ...` and `.version = ...` lines, as Trivy reads them.
std::vector<Package> parse_gemspec(std::string_view text);
// Cargo.lock: every [[package]] with name and version.
std::vector<Package> parse_cargo_lock(std::string_view text);

}  // namespace berth::scan
