// Detects the image's OS from its release files, the way Trivy's OS analyzers do (see
// trivy-db-spec §3.2), and derives the release the trivy-db platform bucket is keyed by.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scan/analyze/types.h"
#include "scan/analyze/virtual_fs.h"

namespace berth::scan {

OsInfo detect_os(const VirtualFs& fs);

// One analyzer's answer for one file ({} when the file says nothing usable).
OsInfo os_from_os_release(std::string_view text);
OsInfo os_from_redhat_release(std::string_view path, std::string_view text);
OsInfo os_from_system_release(std::string_view text);
OsInfo os_from_lsb_release(std::string_view text);
// The newest Alpine release named in etc/apk/repositories ("3.19", "edge"), or "".
std::string alpine_repository_release(std::string_view text);

// Trivy's OS.Merge: a later redhat/debian result is replaced by a more specific one.
void merge_os(OsInfo& into, const OsInfo& next);

// The version trivy-db buckets use for this family ("12" for Debian 12.4, "3.19" for 3.19.1).
std::string platform_release(const std::string& family, const std::string& name);

}  // namespace berth::scan
