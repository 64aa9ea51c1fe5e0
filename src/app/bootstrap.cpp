#include "app/bootstrap.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "auth/user_service.h"
#include "auth/user_store.h"
#include "core/project_store.h"

namespace berth::app {

namespace {
int64_t ensure_admin(auth::UserStore& users, const config::Config& cfg) {
  if (auto admin = users.find_by_name("admin")) return admin->id;
  try {
    int64_t id = auth::UserService(users).create({"admin", "admin@example.com", "system admin",
                                                  "admin user", cfg.harbor_admin_password, true});
    spdlog::info("created the admin user (password from harborAdminPassword)");
    return id;
  } catch (const auth::UserError& e) {
    throw std::runtime_error(
        std::string("cannot create the admin user from harborAdminPassword: ") + e.what());
  }
}

void ensure_library(core::ProjectStore& projects, int64_t admin_id) {
  if (projects.find_by_name("library")) return;
  core::NewProject p;
  p.name = "library";
  p.owner_id = admin_id;
  p.metadata = {{"public", "true"}};
  try {
    projects.create(p);
  } catch (const core::DuplicateProjectName&) {
    // another instance on the same database created it first
  }
}
}  // namespace

void bootstrap(auth::UserStore& users, core::ProjectStore& projects, const config::Config& cfg) {
  ensure_library(projects, ensure_admin(users, cfg));
}

}  // namespace berth::app
