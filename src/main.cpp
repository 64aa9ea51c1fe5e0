// berth: command-line entry. Subcommands only; the work is done in app/.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/app.h"
#include "app/ecr_check.h"
#include "app/user_cli.h"
#include "app/remote_check.h"
#include "app/routing.h"
#include "app/scan_cli.h"
#include "config/config.h"

namespace {
berth::config::Config load_or_exit(const std::string& path) {
  try {
    return berth::config::load_config(path);
  } catch (const std::exception& e) {
    std::cerr << "berth: " << e.what() << "\n";
    std::exit(2);
  }
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Berth: a container registry compatible with Harbor"};
  cli.require_subcommand(1);
  std::string config_path;
  if (const char* env = std::getenv("BERTH_CONFIG")) config_path = env;

  auto* serve = cli.add_subcommand("serve", "run the registry");
  serve->add_option("-c,--config", config_path,
                    "YAML configuration file (default: built-in defaults)");
  serve->add_option("config_file", config_path, "same as --config");

  auto* fsck =
      cli.add_subcommand("fsck", "verify every stored blob against its digest (stop Berth first)");
  fsck->add_option("-c,--config", config_path, "YAML configuration file");

  auto* config_cmd = cli.add_subcommand("config", "configuration tools");
  auto* check =
      config_cmd->add_subcommand("check", "validate a configuration file and list warnings");
  check->add_option("-c,--config", config_path, "YAML configuration file");
  check->add_option("config_file", config_path, "same as --config");
  config_cmd->require_subcommand(1);

  cli.add_subcommand("version", "print the version");

  // Operator tools for local users. Without --password the password is read from stdin (one
  // line), which keeps it out of the process list.
  auto* user_cmd = cli.add_subcommand("user", "local user tools");
  user_cmd->require_subcommand(1);
  std::string user_name, user_password, user_email;
  bool user_admin = false;
  auto* user_add = user_cmd->add_subcommand("add", "create a local user");
  auto* user_reset = user_cmd->add_subcommand("reset-password", "set a user's password");
  for (auto* sub : {user_add, user_reset}) {
    sub->add_option("-c,--config", config_path, "YAML configuration file");
    sub->add_option("--name", user_name, "user name")->required();
    sub->add_option("--password", user_password, "password (default: read from stdin)");
  }
  user_add->add_option("--email", user_email, "email address");
  user_add->add_flag("--admin", user_admin, "make the user a system administrator");
  // The built-in vulnerability scanner (offline: the DB is imported by hand).
  auto* scanner_cmd = cli.add_subcommand("scanner", "vulnerability scanner tools");
  scanner_cmd->require_subcommand(1);
  std::string import_source, import_from;
  auto* import_db = scanner_cmd->add_subcommand(
      "import-db", "install a Trivy DB (db.tar.gz, a directory, or --from an artifact in Berth)");
  import_db->add_option("source", import_source,
                        "db.tar.gz (as `oras pull ghcr.io/aquasecurity/trivy-db:2` gives) or a "
                        "directory with trivy.db and metadata.json");
  import_db->add_option("--from", import_from,
                        "<project>/<repo>:<tag> of the trivy-db artifact pushed into this Berth");
  auto* db_info = scanner_cmd->add_subcommand("db-info", "show the installed Trivy DB");
  std::string scan_image, scan_format = "table";
  auto* scan_cmd = cli.add_subcommand("scan", "scan an image for vulnerabilities (offline)");
  scan_cmd->add_option("image", scan_image,
                       "<project>/<repo>:<tag>, <project>/<repo>@<digest> or oci:<dir>[:<tag>]")
      ->required();
  scan_cmd->add_option("-f,--format", scan_format, "json (Trivy's report) or table")
      ->check(CLI::IsMember({"json", "table"}));
  for (auto* sub : {import_db, db_info, scan_cmd})
    sub->add_option("-c,--config", config_path, "YAML configuration file");

  // Hidden (empty group): a diagnostic and test tool for the remote-registry client.
  berth::app::RemoteCheckOptions rc;
  auto* remote_check =
      cli.add_subcommand("remote-check", "ping a remote registry, pull an image")->group("");
  remote_check->add_option("--url", rc.url, "registry URL")->required();
  remote_check->add_option("--provider", rc.provider,
                           "docker-registry | docker-hub | harbor | aws-ecr");
  remote_check->add_option("--user", rc.username);
  remote_check->add_option("--password", rc.password)->envname("BERTH_REMOTE_PASSWORD");
  remote_check->add_flag("--ecr", rc.ecr, "ECR auth with the AWS credential chain");
  remote_check->add_option("--ecr-access-key", rc.ecr_access_key);
  remote_check->add_option("--ecr-secret", rc.ecr_secret_key)->envname("BERTH_ECR_SECRET");
  remote_check->add_option("--repo", rc.repository);
  remote_check->add_option("--ref", rc.reference);
  remote_check->add_flag("--insecure", rc.insecure);
  remote_check->add_option("--ca-file", rc.ca_file);
  remote_check->add_option("--connect-timeout-ms", rc.connect_timeout_ms);
  remote_check->add_option("--idle-timeout-ms", rc.idle_timeout_ms);
  remote_check->add_flag("--ping-only", rc.ping_only);
  remote_check->add_option("--copy-to", rc.copy_to, "then push the image to this repository");

  // Hidden: the Amazon ECR repository calls replication makes (test and diagnostic tool).
  berth::app::EcrCheckOptions ec;
  auto* ecr_check =
      cli.add_subcommand("ecr-check", "look up, create, delete or list in Amazon ECR")->group("");
  ecr_check->add_option("--url", ec.url, "ECR registry URL")->required();
  ecr_check->add_option("--ecr-access-key", ec.access_key);
  ecr_check->add_option("--ecr-secret", ec.secret_key)->envname("BERTH_ECR_SECRET");
  ecr_check->add_option("--exists", ec.exists, "does this repository exist");
  ecr_check->add_option("--ensure-repo", ec.ensure_repo, "create this repository when missing");
  ecr_check->add_option("--create-repo", ec.create_repo, "create without looking first");
  ecr_check->add_flag("--immutable", ec.immutable, "created repositories have immutable tags");
  ecr_check->add_flag("--scan-on-push", ec.scan_on_push, "created repositories scan on push");
  ecr_check->add_option("--delete", ec.delete_ref, "NAME:TAG or NAME@DIGEST to delete");
  ecr_check->add_flag("--list", ec.list, "list every repository of the registry");

  // Hidden: every Harbor API route as registered, "METHOD PATH" per line.
  auto* routes = cli.add_subcommand("routes", "list the Harbor API's routes")->group("");

  CLI11_PARSE(cli, argc, argv);

  if (cli.got_subcommand("version")) {
    std::cout << "berth " << BERTH_VERSION << "\n";
    return 0;
  }
  if (remote_check->parsed()) return berth::app::remote_check(rc);
  if (ecr_check->parsed()) return berth::app::ecr_check(ec);
  if (routes->parsed()) {
    berth::app::print_routes(std::cout);
    return 0;
  }
  auto cfg = load_or_exit(config_path);
  berth::app::init_logging(cfg.log_level);
  try {
    if (cli.got_subcommand("serve")) return berth::app::serve(cfg);
    if (cli.got_subcommand("fsck")) return berth::app::fsck(cfg);
    if (import_db->parsed()) return berth::app::scanner_import_db(cfg, import_source, import_from);
    if (db_info->parsed()) return berth::app::scanner_db_info(cfg);
    if (scan_cmd->parsed()) return berth::app::scan_image_cli(cfg, scan_image, scan_format);
    if (user_add->parsed() || user_reset->parsed()) {
      if (user_password.empty()) std::getline(std::cin, user_password);
      if (user_add->parsed())
        return berth::app::user_add(cfg, user_name, user_password, user_email, user_admin);
      return berth::app::user_reset_password(cfg, user_name, user_password);
    }
    if (check->parsed()) {
      for (const auto& w : cfg.warnings) std::cout << "warning: " << w << "\n";
      std::cout << "configuration is valid\n";
      return 0;
    }
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  return 0;
}
