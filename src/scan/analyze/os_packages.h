// Parsers for OS package databases: apk's installed file, dpkg status files and the rpm
// databases (rpm headers, in rpm_db.h). Each takes the file's bytes and never reads outside them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/analyze/types.h"

namespace berth::scan {

// lib/apk/db/installed. The first record of each name wins.
std::vector<Package> parse_apk_installed(std::string_view text);

// var/lib/dpkg/status or a file in status.d/. Paragraphs whose Status says deinstall or purge,
// without Package or Version, or with a version dpkg would reject are skipped.
std::vector<Package> parse_dpkg_status(std::string_view text);

struct DebVersion {
  int epoch = 0;
  std::string upstream;
  std::string revision;
};
// go-deb-version's parse: epoch before the first ':', revision after the last '-'.
std::optional<DebVersion> parse_deb_version(std::string_view v);

}  // namespace berth::scan
