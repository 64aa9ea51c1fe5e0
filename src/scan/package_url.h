// Package URLs (purl) as Trivy writes them (PkgIdentifier.PURL; Harbor's report `purl`): the
// type from the OS family or the language, epoch and arch as qualifiers, `distro` naming the OS.
#pragma once

#include <string>

#include "scan/analyze/types.h"

namespace berth::scan {

// "pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12.4"; "" for an unknown family.
std::string os_package_url(const Package& p, const std::string& family, const std::string& os_name);
// "pkg:npm/%40scope/name@1.0.0", "pkg:maven/group/artifact@1.0"; "" for an unknown type.
std::string lang_package_url(const std::string& lang_type, const Package& p);

}  // namespace berth::scan
