// WIRING POINT for the lead: when merging feat-scanengine, replace the body of
// install_uploaded_vuln_db with the importer's call, e.g.
//     return import_vuln_db_archive(archive, data_dir);   // scan/vuln_db_import.h
// (and make vuln_db_dir agree with the directory the importer installs into).
#include "scan/vuln_db_upload.h"

namespace berth::scan {

std::filesystem::path vuln_db_dir(const std::filesystem::path& data_dir) {
  return data_dir / "trivy" / "db";
}

VulnDbInfo install_uploaded_vuln_db(const std::filesystem::path& archive,
                                    const std::filesystem::path& data_dir) {
  (void)archive;
  (void)data_dir;
  throw VulnDbImportUnavailable(
      "this build cannot import vulnerability databases through the API yet; use "
      "`berth scanner import-db db.tar.gz`");
}

}  // namespace berth::scan
