// The API upload of a trivy-db archive: the same import as `berth scanner import-db`.
#include "scan/vuln_db_upload.h"

#include "scan/vuln_db_import.h"

namespace berth::scan {

std::filesystem::path vuln_db_dir(const std::filesystem::path& data_dir) {
  return vuln_db_current_dir(data_dir);
}

VulnDbInfo install_uploaded_vuln_db(const std::filesystem::path& archive,
                                    const std::filesystem::path& data_dir) {
  return import_vuln_db_archive(archive, data_dir);
}

}  // namespace berth::scan
