#include "app/scan_cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>

#include "app/scan_image_source.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "db/sqlite.h"
#include "db/sqlite_content_store.h"
#include "scan/analyze/types.h"
#include "scan/scan_engine.h"
#include "scan/vuln_db_import.h"
#include "store/blob_store.h"

namespace berth::app {

namespace fs = std::filesystem;

namespace {

// stdout carries the report: logs go to stderr.
void log_to_stderr() {
  static bool done = false;
  if (done) return;
  done = true;
  auto level = spdlog::default_logger()->level();
  auto logger = spdlog::stderr_color_mt("berth-cli");
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

// Berth's own database and blob store, opened read-only in spirit (nothing is written).
struct BerthStorage {
  std::unique_ptr<db::Pool> pool;
  std::unique_ptr<db::SqliteContentStore> content;
  std::unique_ptr<store::BlobStore> blobs;
  std::unique_ptr<core::RegistryService> registry;
};

BerthStorage open_storage(const config::Config& cfg) {
  fs::path file = cfg.data_dir / "berth.db";
  if (!fs::exists(file))
    throw std::runtime_error("no Berth database at " + file.string() +
                             " (wrong --config or data dir?)");
  BerthStorage s;
  s.pool = std::make_unique<db::Pool>(file, 1);
  s.blobs = std::make_unique<store::BlobStore>(cfg.data_dir);
  s.content = std::make_unique<db::SqliteContentStore>(*s.pool);
  s.registry = std::make_unique<core::RegistryService>(
      *s.content, *s.blobs, core::RegistryService::Options{cfg.limits.max_manifest_bytes});
  return s;
}

void print_info(const scan::VulnDbInfo& info) {
  std::cout << "schema version: " << info.schema_version << "\n"
            << "updated at:     " << info.updated_at << "\n"
            << "next update:    " << info.next_update << "\n"
            << "downloaded at:  " << info.downloaded_at << "\n"
            << "imported at:    " << info.imported_at << "\n"
            << "size:           " << info.size_bytes << " bytes\n";
}

// "<repo>:<tag>" / "<repo>@<digest>" → (repo, reference).
std::pair<std::string, std::string> split_ref(const std::string& ref) {
  auto at = ref.find('@');
  if (at != std::string::npos) return {ref.substr(0, at), ref.substr(at + 1)};
  auto colon = ref.rfind(':');
  if (colon != std::string::npos && ref.find('/', colon) == std::string::npos)
    return {ref.substr(0, colon), ref.substr(colon + 1)};
  return {ref, "latest"};
}

scan::ScanTarget berth_target(BerthStorage& s, const std::string& image) {
  auto [repo, reference] = split_ref(image);
  if (!core::is_valid_repository_name(repo) || !core::parse_manifest_reference(reference))
    throw ImageSourceError("'" + image + "' is not a <project>/<repository>:<tag> reference");
  ManifestStore store;
  store.manifest =
      [&s, repo](const std::string& ref) -> std::optional<std::pair<std::string, std::string>> {
    auto r = core::parse_manifest_reference(ref);
    if (!r) return std::nullopt;
    auto m = s.registry->get_manifest(repo, *r);
    if (!m) return std::nullopt;
    return std::make_pair(m->media_type, *m->content);
  };
  store.blob_path = [&s](const std::string& digest) {
    auto d = core::Digest::parse(digest);
    if (!d) throw ImageSourceError("invalid digest " + digest);
    return s.blobs->path_of(*d);
  };
  return resolve_scan_target(store, reference, image, repo);
}

scan::ScanTarget oci_target(const std::string& image) {
  std::string rest = image.substr(4);
  std::string tag;
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find('/', colon) == std::string::npos) {
    tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  return resolve_scan_target(oci_layout_store(rest), tag, image, "");
}

std::string cut(const std::string& s, size_t width) {
  return s.size() <= width ? s : s.substr(0, width - 1) + "~";
}

void print_table(const scan::ScanReport& r) {
  std::map<std::string, int> counts;
  for (const auto& f : r.findings) ++counts[f.severity];
  std::cout << r.target.name;
  if (!r.os_family.empty()) std::cout << " (" << r.os_family << " " << r.os_name << ")";
  std::cout << "\nTotal: " << r.findings.size() << " (CRITICAL: " << counts["Critical"]
            << ", HIGH: " << counts["High"] << ", MEDIUM: " << counts["Medium"]
            << ", LOW: " << counts["Low"] << ", UNKNOWN: " << counts["Unknown"] << ")\n\n";
  if (r.findings.empty()) return;
  auto row = [](const std::string& a, const std::string& b, const std::string& c,
                const std::string& d, const std::string& e, const std::string& f,
                const std::string& g) {
    std::cout << std::left << std::setw(28) << cut(a, 27) << std::setw(22) << cut(b, 21)
              << std::setw(10) << c << std::setw(14) << cut(d, 13) << std::setw(26) << cut(e, 25)
              << std::setw(26) << cut(f, 25) << cut(g, 60) << "\n";
  };
  row("Library", "Vulnerability", "Severity", "Status", "Installed Version", "Fixed Version",
      "Title");
  for (const auto& f : r.findings) {
    std::string severity;
    for (char c : f.severity) severity += char(std::toupper(static_cast<unsigned char>(c)));
    row(f.pkg_path.empty() ? f.package : f.package + " (" + f.pkg_path + ")", f.vulnerability_id,
        severity, f.status, f.version, f.fix_version, f.title);
  }
}

}  // namespace

int scanner_import_db(const config::Config& cfg, const std::string& source,
                      const std::string& from_ref) {
  log_to_stderr();
  if (source.empty() == from_ref.empty()) {
    std::cerr << "berth: give either a db.tar.gz / directory or --from <project>/<repo>:<tag>\n";
    return 2;
  }
  try {
    scan::VulnDbInfo info;
    if (!from_ref.empty()) {
      BerthStorage s = open_storage(cfg);
      info = scan::import_vuln_db_from_artifact(*s.registry, *s.blobs, from_ref, cfg.data_dir);
    } else if (fs::is_directory(source)) {
      info = scan::import_vuln_db_dir(source, cfg.data_dir);
    } else {
      info = scan::import_vuln_db_archive(source, cfg.data_dir);
    }
    std::cout << "vulnerability database imported into "
              << scan::vuln_db_current_dir(cfg.data_dir).string() << "\n";
    print_info(info);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "berth: import refused: " << e.what()
              << "\nberth: the installed vulnerability database (if any) is unchanged\n";
    return 1;
  }
}

int scanner_db_info(const config::Config& cfg) {
  log_to_stderr();
  try {
    auto info = scan::read_vuln_db_info(scan::vuln_db_current_dir(cfg.data_dir));
    if (!info) {
      std::cerr << "berth: no vulnerability database: import one with `berth scanner import-db "
                   "<db.tar.gz>`\n";
      return 1;
    }
    print_info(*info);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "berth: " << e.what() << "\n";
    return 1;
  }
}

int scan_image_cli(const config::Config& cfg, const std::string& image, const std::string& format) {
  log_to_stderr();
  if (format != "json" && format != "table") {
    std::cerr << "berth: --format must be json or table\n";
    return 2;
  }
  try {
    scan::ScanEngine engine(scan::vuln_db_current_dir(cfg.data_dir));
    if (!engine.db_info()) {
      throw scan::NoVulnDb(
          "no vulnerability database: import one with `berth scanner import-db <db.tar.gz>`");
    }
    scan::ScanTarget target;
    std::optional<BerthStorage> storage;
    if (image.starts_with("oci:")) {
      target = oci_target(image);
    } else {
      storage = open_storage(cfg);
      target = berth_target(*storage, image);
    }
    scan::ScanReport report = engine.scan(target);
    for (const auto& w : report.warnings) std::cerr << "berth: warning: " << w << "\n";
    if (format == "json")
      std::cout << scan::trivy_json_report(report);
    else
      print_table(report);
    return 0;
  } catch (const scan::NoVulnDb& e) {
    std::cerr << "berth: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "berth: scan failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace berth::app
