// First-start content Harbor users expect: the admin user and the public `library` project.
#pragma once

#include "config/config.h"

namespace berth::auth {
class UserStore;
}
namespace berth::core {
class ProjectStore;
}

namespace berth::app {

// Idempotent: creates admin (password harborAdminPassword, sysadmin) and library (public,
// owned by admin, admin as projectAdmin) only when they do not exist. The admin user is created
// by auth::UserService like every other user, so harborAdminPassword must pass Harbor's
// password rule; when it does not, this throws and nothing is created (Harbor itself would
// install the weak password; Berth refuses to start with one rather than serve it).
void bootstrap(auth::UserStore& users, core::ProjectStore& projects, const config::Config& cfg);

}  // namespace berth::app
