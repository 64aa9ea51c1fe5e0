// What /v2/ leaves behind besides content: audit entries for pushes and deletes, pull times.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/audit_log.h"
#include "http/blocking.h"
#include "registry/access_control.h"
#include "registry/pull_recorder.h"
#include "registry/registry_api.h"

namespace berth::registry {

namespace {
std::string response_header(const http::Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers)
    if (http::iequals(k, name)) return v;
  return "";
}

// "<repo>:<tag>" or "<repo>@<digest>", as Harbor names artifacts in its audit log.
std::string artifact_name(const Route& r) {
  bool digest = r.reference.find(':') != std::string::npos;
  return r.repository + (digest ? "@" : ":") + r.reference;
}
}  // namespace

boost::asio::awaitable<void> RegistryApi::record(const http::Request& req, const Route& route,
                                                 const AccessDecision& access,
                                                 const http::Response& res) {
  if (route.kind != Route::Kind::kManifest) co_return;
  if (req.method == "GET" && res.status == 200) {
    bool by_digest = route.reference.find(':') != std::string::npos;
    pulls_->record(route.repository, response_header(res, "Docker-Content-Digest"),
                   by_digest ? "" : route.reference);
    if (pulls_->due()) co_await http::run_blocking([this] { pulls_->flush(); });
    co_return;
  }
  const char* op = nullptr;
  if (req.method == "PUT" && res.status == 201) op = "create";
  if (req.method == "DELETE" && res.status == 202) op = "delete";
  if (!op) co_return;
  core::AuditEntry e{access.project_id, op, "artifact", artifact_name(route), access.principal.name,
                     req.remote_address};
  std::string pushed = *op == 'c' ? response_header(res, "Docker-Content-Digest") : "";
  bool by_digest = route.reference.find(':') != std::string::npos;
  core::ArtifactEvent event{*op == 'c' ? core::ArtifactEvent::Kind::kPushed
                                       : core::ArtifactEvent::Kind::kDeleted,
                            route.repository, by_digest ? route.reference : pushed,
                            by_digest ? "" : route.reference};
  // [&] only: GCC 12 destroys a by-value capture of a coroutine argument twice.
  co_await http::run_blocking([&] {
    if (audit_log_) core::audit(*audit_log_, e);
    if (artifact_listener_) {
      try {
        artifact_listener_(event);
      } catch (const std::exception& ex) {
        spdlog::warn("artifact event for {}: {}", route.repository, ex.what());
      }
    }
    if (!pushed.empty() && scan_hooks_.on_push) {
      try {
        scan_hooks_.on_push(route.repository, pushed);
      } catch (const std::exception& ex) {
        spdlog::warn("scan on push of {}@{}: {}", route.repository, pushed, ex.what());
      }
    }
  });
}

}  // namespace berth::registry
