// First-start content Harbor users expect: the admin user and the public `library` project.
#pragma once

#include "config/config.h"

namespace berth::db {
class Pool;
}
namespace berth::core {
class ProjectStore;
}

namespace berth::app {

// Idempotent: creates admin (password harborAdminPassword, sysadmin) and library (public,
// owned by admin, admin as projectAdmin) only when they do not exist.
void bootstrap(db::Pool& db, core::ProjectStore& projects, const config::Config& cfg);

}  // namespace berth::app
