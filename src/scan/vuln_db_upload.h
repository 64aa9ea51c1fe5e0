// Where the built-in scanner's database lives and how an uploaded one is installed. The install
// is a wiring point: the importer (scan/vuln_db_import.h on feat-scanengine) does the work.
#pragma once

#include <filesystem>

#include "scan/scan_engine.h"

namespace berth::scan {

// <data_dir>/trivy/db: trivy.db + metadata.json, as Harbor's Trivy keeps them in its cache dir.
std::filesystem::path vuln_db_dir(const std::filesystem::path& data_dir);

// Thrown when this build cannot install databases (the importer is not wired in).
struct VulnDbImportUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Validates and atomically installs the uploaded db.tar.gz at `archive`; returns the new
// database's info. Throws std::invalid_argument (bad file; the old DB stays) or
// VulnDbImportUnavailable.
VulnDbInfo install_uploaded_vuln_db(const std::filesystem::path& archive,
                                    const std::filesystem::path& data_dir);

}  // namespace berth::scan
