// Wall-clock readings in the units the database and the API use.
#pragma once

#include <cstdint>

namespace berth::base {

int64_t now_millis();   // Unix time in milliseconds
int64_t now_seconds();  // Unix time in seconds

}  // namespace berth::base
