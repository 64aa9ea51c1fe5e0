// Scanning through an external scanner adapter (Harbor's pluggable scanner API v1.1): a
// short-lived project robot that may pull the artifact, POST /api/v1/scan, then poll the report.
#include <spdlog/spdlog.h>

#include <chrono>

#include "auth/authenticator.h"
#include "auth/base64.h"
#include "auth/password.h"
#include "auth/robot_rules.h"
#include "auth/secret_box.h"
#include "base/clock.h"
#include "core/project_store.h"
#include "core/reference.h"
#include "jobs/job_queue.h"
#include "scan/adapter_client.h"
#include "scan/scan_service.h"

namespace berth::scan {

using nlohmann::json;

namespace {
// Harbor's job gives an adapter 30 minutes.
constexpr auto kAdapterTimeout = std::chrono::minutes(30);
constexpr int64_t kRobotLifetimeSeconds = 2 * 3600;
constexpr const char* kRobotDescription = "short-lived credential of scanner ";
}  // namespace

void ScanService::remove_expired_scanner_robots() {
  if (int n = robots_.remove_expired(kRobotDescription, base::now_seconds()))
    spdlog::info("removed {} expired robot(s) of unfinished adapter scans", n);
}

void ScanService::enable_adapters(const auth::SecretBox& secrets, std::string internal_url,
                                  std::string external_url) {
  secrets_ = &secrets;
  internal_url_ = std::move(internal_url);
  external_url_ = std::move(external_url);
}

bool ScanService::is_scanner_robot(int64_t robot_id) {
  std::lock_guard lock(robots_mu_);
  return scanner_robots_.count(robot_id) > 0;
}

json ScanService::scan_with_adapter(const std::string& registration_uuid,
                                    const std::string& repository, const std::string& digest,
                                    const std::string& mime_type, jobs::JobContext& ctx) {
  if (!secrets_) throw std::runtime_error("external scanner adapters are not set up");
  auto reg = scanners_.find(registration_uuid);
  if (!reg)
    throw std::runtime_error("scanner registration " + registration_uuid + " no longer exists");
  AdapterEndpoint endpoint{reg->url, reg->auth, "", reg->skip_cert_verify};
  if (!reg->access_credential.empty())
    endpoint.access_credential = secrets_->open(reg->access_credential).value_or("");

  std::string project(core::project_of(repository));
  auto found = projects_.find_by_name(project);
  if (!found) throw std::runtime_error("project " + project + " no longer exists");

  // The robot may pull this project's repositories, for two hours at most; it is removed after.
  auth::RobotRecord robot;
  robot.name = auth::robot_full_name("project", project, "scanner-" + auth::random_token(6));
  robot.description = kRobotDescription + reg->name;
  robot.level = "project";
  robot.project_id = found->id;
  robot.duration = 1;
  robot.expires_at = base::now_millis() / 1000 + kRobotLifetimeSeconds;
  robot.permissions_json =
      json::array(
          {{{"kind", "project"},
            {"namespace", project},
            {"project_id", found->id},
            {"access",
             json::array({{{"resource", "repository"}, {"action", "pull"}, {"effect", "allow"}},
                          {{"resource", "artifact"}, {"action", "read"}, {"effect", "allow"}}})}}})
          .dump();
  std::string secret = auth::random_token(24);
  robots_.create(robot, auth::hash_robot_secret(secret));
  {
    std::lock_guard lock(robots_mu_);
    scanner_robots_.insert(robot.id);
  }
  struct RemoveRobot {
    ScanService& self;
    int64_t id;
    ~RemoveRobot() {
      {
        std::lock_guard lock(self.robots_mu_);
        self.scanner_robots_.erase(id);
      }
      try {
        self.robots_.remove(id);
      } catch (const std::exception& e) {
        spdlog::warn("cannot remove scanner robot {}: {}", id, e.what());
      }
    }
  } cleanup{*this, robot.id};

  std::string registry_url =
      reg->use_internal_addr || external_url_.empty() ? internal_url_ : external_url_;
  while (registry_url.ends_with("/")) registry_url.pop_back();
  AdapterScanRequest request{
      registry_url, "Basic " + auth::base64_encode(robot.name + ":" + secret),
      repository,   digest,
      "",           mime_type};
  try {
    std::string id = submit_adapter_scan(endpoint, request);
    return poll_adapter_report(
        endpoint, id, [&ctx] { return ctx.stop_requested(); },
        std::chrono::duration_cast<std::chrono::seconds>(kAdapterTimeout));
  } catch (const AdapterError& e) {
    if (ctx.stop_requested() && !ctx.stopped()) throw jobs::Interrupted();
    throw std::runtime_error(std::string("scanner ") + reg->name + ": " + e.what());
  }
}

}  // namespace berth::scan
