// The composition root: builds Berth's services from a Config and runs them. main.cpp only parses
// the command line and calls these.
#pragma once

#include <string>

#include "config/config.h"

namespace berth::app {

// Serves until SIGTERM/SIGINT; returns the process exit code.
int serve(const config::Config& cfg);

// Verifies every blob against its digest (Berth should be stopped); non-zero when any is corrupt.
int fsck(const config::Config& cfg);

// Sets spdlog's level and format for the process.
void init_logging(const std::string& level);

}  // namespace berth::app
