#include "app/app.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>

#include "api/harbor_api.h"
#include "app/bootstrap.h"
#include "app/janitor.h"
#include "app/routing.h"
#include "auth/secret_box.h"
#include "proxy/proxy_service.h"
#include "auth/authenticator.h"
#include "auth/secret_box.h"
#include "auth/token_service.h"
#include "auth/user_service.h"
#include "app/tls_setup.h"
#include "core/registry_service.h"
#include "core/project_store.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_content_store.h"
#include "db/sqlite_label_store.h"
#include "db/sqlite_audit_log_store.h"
#include "db/sqlite_robot_store.h"
#include "db/sqlite_session_store.h"
#include "db/sqlite_user_store.h"
#include "db/sqlite_project_store.h"
#include "db/sqlite_registry_endpoint_store.h"
#include "db/sqlite_replication_execution_store.h"
#include "db/sqlite_replication_policy_store.h"
#include "db/sqlite_job_store.h"
#include "db/sqlite_scan_report_store.h"
#include "db/sqlite_scanner_robot_store.h"
#include "db/sqlite_scanner_store.h"
#include "http/blocking.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "replication/replicator.h"
#include "replication/side_factory.h"
#include "scan/scan_service.h"
#include "registry/access_control.h"
#include "registry/registry_api.h"
#include "store/blob_store.h"
#include "store/fsck.h"
#include "store/upload_store.h"

namespace berth::app {

namespace fs = std::filesystem;

void init_logging(const std::string& level) {
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
}

namespace {
http::ServerOptions server_options(const config::Config& cfg) {
  http::ServerOptions o;
  o.listen = cfg.listen;
  o.tls_listen = cfg.tls_listen;
  o.io_threads = cfg.io_threads;
  o.max_header_bytes = cfg.limits.max_header_bytes;
  o.header_timeout_seconds = cfg.limits.header_timeout_seconds;
  o.idle_timeout_seconds = cfg.limits.idle_timeout_seconds;
  o.body_idle_timeout_seconds = cfg.limits.body_idle_timeout_seconds;
  o.shutdown_grace_seconds = cfg.limits.shutdown_grace_seconds;
  o.discard_body_max_bytes = cfg.limits.discard_body_max_bytes;
  o.linger_max_bytes = cfg.limits.linger_max_bytes;
  o.linger_seconds = cfg.limits.linger_seconds;
  o.access_log = cfg.access_log;
  return o;
}

// Signals are taken by one thread with sigwait, so no handler runs inside library code.
sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}
}  // namespace

// Where replication writes blobs before they are whole; what a killed process left there is
// removed at start (nothing in it was ever visible).
fs::path replication_temp_dir(const config::Config& cfg) {
  fs::path dir = cfg.data_dir / "replication-tmp";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return dir;
}

int serve(const config::Config& cfg) {
  for (const auto& w : cfg.warnings) spdlog::warn("config: {}", w);
  fs::create_directories(cfg.data_dir);

  // Block the signals before any thread starts so all threads inherit the mask.
  sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  db::Pool pool(cfg.data_dir / "berth.db", size_t(cfg.blocking_threads + cfg.job_workers) + 3);
  {
    auto conn = pool.acquire();
    int version = db::migrate(*conn);
    spdlog::info("database {} at schema version {}", pool.file().string(), version);
  }
  // Identity stores: users, portal sessions, robots, the audit trail.
  db::SqliteUserStore users(pool);
  db::SqliteSessionStore sessions(pool);
  db::SqliteRobotStore robots(pool);
  db::SqliteAuditLogStore audit_log(pool);
  auth::UserService user_service(users);
  // Project and endpoint stores (the endpoint store below, once SecretBox exists).
  db::SqliteProjectStore projects(pool);
  bootstrap(users, projects, cfg);
  store::BlobStore blobs(cfg.data_dir);
  store::UploadStore uploads(cfg.data_dir);
  // Content stores: repositories, artifacts, tags, blob links.
  db::SqliteContentStore content(pool);
  db::SqliteLabelStore labels(pool);
  core::RegistryService service(content, blobs, {cfg.limits.max_manifest_bytes});

  http::ServerOptions options = server_options(cfg);
  std::string ca_pem;
  if (cfg.tls.enabled) {
    http::TlsMaterial material = tls_material(cfg);
    options.tls_context = make_tls_context(material);
    ca_pem = material.ca_pem;
  }
  auth::TokenService tokens(auth::token_signing_key(cfg.secret_key, cfg.data_dir.string()),
                           cfg.token_expiration_minutes * 60);
  auth::Authenticator authenticator({users, sessions, robots, audit_log}, tokens);
  // Registry credentials at rest: the same key material as the tokens (SecretBox derives its
  // own key from it), so every instance sharing secretKey can open them.
  auth::SecretBox secrets(auth::token_signing_key(cfg.secret_key, cfg.data_dir.string()));
  db::SqliteRegistryEndpointStore endpoints(pool, secrets);
  proxy::ProxyService proxy(projects, endpoints, service, blobs, cfg);
  // Scan and job stores.
  db::SqliteJobStore job_store(pool);
  db::SqliteScannerStore scanner_store(pool);
  db::SqliteScanReportStore scan_report_store(pool);
  db::SqliteScannerRobotStore scanner_robot_store(pool, robots);
  jobs::JobQueue job_queue(job_store, {.workers = cfg.job_workers});
  jobs::Scheduler scheduler;
  scan::ScanService scans({scanner_store, scan_report_store, scanner_robot_store}, projects,
                          service, blobs, job_queue, scheduler, cfg.data_dir);
  scans.init();
  // Replication stores: rules, executions and their tasks.
  db::SqliteReplicationPolicyStore replication_policies(pool);
  db::SqliteReplicationExecutionStore replication_executions(pool);
  // Replication runs on a queue of its own (its own workers, the same job rows), so copies and
  // scans do not wait for each other. The first queue recovers both kinds at start.
  jobs::JobQueue replication_queue(job_store, {.workers = cfg.replication.workers + 2,
                                               .recover = false});
  replication::Replicator replicator(
      replication_policies, replication_executions, replication_queue, scheduler,
      replication::make_side_factory(
          {.registry = service,
           .blobs = blobs,
           .projects = projects,
           .endpoints = endpoints,
           .temp_dir = replication_temp_dir(cfg),
           .labels = [&labels](const std::string& repo,
                               const std::string& digest) {
             return labels.label_names_of(repo, digest);
           },
           .http = {}}),
      {.workers = cfg.replication.workers,
       .blobs_in_flight = cfg.replication.blobs_in_flight,
       .task_timeout_ms = int64_t(cfg.replication.task_timeout_minutes) * 60 * 1000,
       .max_retries = cfg.replication.max_retries});
  replicator.init();
  api::HarborApi harbor_api(api::Services{
      .config = cfg,
      .registry = service,
      .authenticator = authenticator,
      .tokens = tokens,
      .ca_pem = ca_pem,
      .secrets = secrets,
      .proxy_stats_json =
          [&proxy](int64_t project_id) { return proxy.stats_of(project_id)->to_json(); },
      .scans = &scans,
      .content = content,
      .labels = labels,
      .users = users,
      .sessions = sessions,
      .robots = robots,
      .audit = audit_log,
      .user_service = user_service,
      .projects = projects,
      .endpoints = endpoints,
      .scanners = scanner_store,
      .scan_reports = scan_report_store,
      .replication_policies = replication_policies,
      .replication_executions = replication_executions,
      .replication = &replicator,
      .artifact_events = [&replicator](const core::ArtifactEvent& e) {
        replicator.on_artifact_event(e);
      }});
  registry::AccessControl access(projects, authenticator, cfg,
                                 harbor_api.serves("GET", "/service/token"));
  registry::RegistryApi registry_api(service, blobs, uploads, cfg, access, &proxy);
  registry_api.set_audit_log(audit_log);
  registry_api.set_artifact_listener(
      [&replicator](const core::ArtifactEvent& e) { replicator.on_artifact_event(e); });
  registry_api.set_scan_hooks(
      {[&scans](const std::string& repo, const std::string& digest) { scans.on_push(repo, digest); },
       [&scans](const std::string& project) { return scans.policy_cached(project); },
       [&scans](const std::string& project) { return scans.policy_load(project); },
       [&scans](const std::string& repo, const std::string& digest, int64_t robot_id) {
         return scans.pull_violation(repo, digest, robot_id);
       }});
  http::init_blocking_pool(unsigned(cfg.blocking_threads));
  http::StaticSite portal = make_portal(cfg);
  if (!std::filesystem::exists(portal.dir() / "index.html"))
    spdlog::warn("web portal not built: no index.html in {} (see portalDir)", portal.dir().string());
  http::Router router = make_router(registry_api, harbor_api, portal);
  http::Server server(options, [&router](http::Request& r) { return router.handle(r); });
  spdlog::info("berth {} listening on http://{}", BERTH_VERSION, cfg.listen.substr(0, cfg.listen.rfind(':') + 1) + std::to_string(server.port()));
  if (cfg.tls.enabled) spdlog::info("TLS on port {}", server.tls_port());
  {
    // Where scanner adapters pull from: this process (loopback when listening on every address).
    std::string host = cfg.listen.substr(0, cfg.listen.rfind(':'));
    if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::" || host == "[::]") host = "[::1]";
    scans.enable_adapters(secrets, "http://" + host + ":" + std::to_string(server.port()), cfg.external_url);
  }

  Janitor janitor(uploads, cfg.limits.upload_expiry_hours);
  job_queue.start();
  replication_queue.start();
  scheduler.start();
  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == 0) return;
    spdlog::info("signal {}: finishing in-flight requests (at most {} s)", sig,
                 cfg.limits.shutdown_grace_seconds);
    server.stop();
  });
  server.run();
  signal_thread.join();
  scheduler.stop();
  replication_queue.shutdown();
  job_queue.shutdown();
  http::shutdown_blocking_pool();
  spdlog::info("stopped");
  return 0;
}

int fsck(const config::Config& cfg) {
  store::BlobStore blobs(cfg.data_dir);
  auto report = store::verify_all_blobs(blobs, [](const std::string& d, bool ok) {
    if (!ok) spdlog::error("corrupt blob {}", d);
  });
  for (const auto& s : report.strays) spdlog::warn("stray file in blob store: {}", s);
  size_t problems = report.corrupt.size();
  // Blobs the server already found corrupt were moved to quarantine/; they still count until a
  // healthy copy has been pushed again.
  for (const auto& q : store::quarantined_blobs(blobs)) {
    spdlog::error("corrupt blob {} (quarantined by the server)", q.str());
    ++problems;
  }
  // Recorded blobs whose file is gone.
  auto db_file = cfg.data_dir / "berth.db";
  if (fs::exists(db_file)) {
    db::Pool pool(db_file, 1);
    for (const auto& d : db::SqliteContentStore(pool).recorded_blobs()) {
      if (!blobs.exists(d)) {
        spdlog::error("missing blob {} (recorded in the database, no file)", d.str());
        ++problems;
      }
    }
  }
  spdlog::info("checked {} blobs ({} bytes): {} problems", report.checked, report.bytes, problems);
  return problems == 0 ? 0 : 1;
}

}  // namespace berth::app
