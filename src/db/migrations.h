// Numbered schema migrations, applied in order at start-up inside one transaction each.
#pragma once

#include "db/sqlite.h"

namespace berth::db {

// Brings the schema up to date; returns the version now in force.
int migrate(Connection& c);

}  // namespace berth::db
