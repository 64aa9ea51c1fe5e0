// rpm databases: the three on-disk formats (SQLite rpmdb.sqlite, BerkeleyDB hash Packages, NDB
// Packages.db) each hold one rpm header blob per installed package; parse_rpm_header turns a
// blob into a Package. All readers work on the file's bytes and bounds-check every offset.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/analyze/types.h"

namespace berth::scan {

// One header blob (il, dl, index entries, data; big-endian). nullopt for a header without a
// name (not a package); throws AnalysisError(kCorrupt) when offsets point outside the blob.
std::optional<Package> parse_rpm_header(std::string_view blob);

// SOURCERPM "name-version-release.arch.rpm" → name, version, release (Trivy's splitFileName).
bool split_rpm_filename(std::string_view file, std::string& name, std::string& version,
                        std::string& release);

std::vector<std::string> rpm_sqlite_blobs(std::string_view file);
std::vector<std::string> rpm_bdb_blobs(std::string_view file);
std::vector<std::string> rpm_ndb_blobs(std::string_view file);
bool is_rpm_ndb(std::string_view file);

// Detects the format from the bytes (SQLite, then NDB, then BerkeleyDB, as go-rpmdb does) and
// returns every package. Throws AnalysisError(kCorrupt) for an unreadable database.
std::vector<Package> parse_rpmdb(std::string_view file, OsPackageFormat& format);

}  // namespace berth::scan
