// Operator commands on local users: `berth user add` and `berth user reset-password`. They open
// the database directly (migrating it if needed), so they work while Berth is running or not.
#pragma once

#include <string>

#include "config/config.h"

namespace berth::app {

// Creates a local user; returns the process exit code (1 when the name or email is taken).
int user_add(const config::Config& cfg, const std::string& name, const std::string& password,
             const std::string& email, bool sysadmin);

// Sets a new password for an existing user; exit code 1 when the user does not exist.
int user_reset_password(const config::Config& cfg, const std::string& name,
                        const std::string& password);

}  // namespace berth::app
