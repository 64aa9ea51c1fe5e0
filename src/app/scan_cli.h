// Operator commands of the built-in scanner: `berth scanner import-db`, `berth scanner db-info`
// and `berth scan`. They read Berth's data dir directly (SQLite in WAL mode allows it while Berth
// runs) and never touch the network. Each returns the process exit code.
#pragma once

#include <string>

#include "config/config.h"

namespace berth::app {

// `source` is a db.tar.gz or a directory with trivy.db + metadata.json; with `from_ref`
// ("<project>/<repo>:<tag>") the DB is read from that artifact stored in this Berth instead.
int scanner_import_db(const config::Config& cfg, const std::string& source,
                      const std::string& from_ref);
int scanner_db_info(const config::Config& cfg);
// `image` is "<project>/<repo>:<tag>", "<project>/<repo>@<digest>" or "oci:<dir>[:<tag>]";
// format "json" (Trivy's report) or "table".
int scan_image_cli(const config::Config& cfg, const std::string& image, const std::string& format);

}  // namespace berth::app
