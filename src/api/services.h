// Everything the API handlers may use, owned by app/ and handed to each resource's
// register_*_routes function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "config/config.h"
#include "core/artifact_event.h"

namespace berth::core {
class RegistryService;
class ContentStore;
class AuditLogStore;
class ProjectStore;
class RegistryEndpointStore;
class LabelStore;
}  // namespace berth::core
namespace berth::scan {
class ScanService;
class ScannerStore;
class ScanReportStore;
}  // namespace berth::scan
namespace berth::replication {
class PolicyStore;
class ExecutionStore;
class ReplicationService;
}  // namespace berth::replication
namespace berth::auth {
class Authenticator;
class TokenService;
class SecretBox;
class UserStore;
class SessionStore;
class RobotStore;
class UserService;
}  // namespace berth::auth

namespace berth::api {

struct Services {
  const config::Config& config;
  core::RegistryService& registry;
  auth::Authenticator& authenticator;
  const auth::TokenService& tokens;
  std::string ca_pem;  // for /systeminfo/getcert; empty without a CA
  // Seals registry credentials at rest.
  const auth::SecretBox& secrets;
  // The proxy cache's counters of a project as JSON (empty function: no proxy cache).
  std::function<std::string(int64_t project_id)> proxy_stats_json = {};
  // Scanning (scanners, scans, scanAll, CVE allowlist); null: the scan routes answer 503.
  scan::ScanService* scans = nullptr;

  // Content stores: repositories, artifacts, tags, blob links. Writes that change what /v2/
  // serves go through `registry`, which keeps its manifest cache coherent.
  core::ContentStore& content;
  // Labels (global and per project) and which artifacts carry them.
  core::LabelStore& labels;
  // Identity stores: users, portal sessions, robots, the audit trail; users are created and
  // their passwords set only through user_service (one rule for API, CLI and bootstrap).
  auth::UserStore& users;
  auth::SessionStore& sessions;
  auth::RobotStore& robots;
  core::AuditLogStore& audit;
  auth::UserService& user_service;
  // Project and endpoint stores: projects, members, metadata; registry endpoints.
  core::ProjectStore& projects;
  core::RegistryEndpointStore& endpoints;
  // Scan and job stores.
  scan::ScannerStore& scanners;
  scan::ScanReportStore& scan_reports;
  // Replication: rules, executions and tasks; the service that runs them (null: the execution
  // routes answer 503).
  replication::PolicyStore& replication_policies;
  replication::ExecutionStore& replication_executions;
  replication::ReplicationService* replication = nullptr;
  // Told of re-tags and deletions made through the API (event-based replication); /v2/ pushes
  // and deletes are told by the registry routes.
  core::ArtifactEventListener artifact_events = {};
};

// Tells `artifact_events` (when set) of a change made through the API.
void tell(Services& s, const core::ArtifactEvent& e);
// The scan service; 503 SERVICE_UNAVAILABLE when scanning is off.
scan::ScanService& scans_of(Services& s);

}  // namespace berth::api
