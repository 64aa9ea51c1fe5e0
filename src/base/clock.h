// Wall-clock readings in the units the database and the API use.
#pragma once

#include <cstdint>
#include <string>

namespace berth::base {

int64_t now_millis();   // Unix time in milliseconds
int64_t now_seconds();  // Unix time in seconds

// `unix_seconds` in UTC, formatted by strftime's `format` ("%Y%m%dT%H%M%SZ").
std::string utc_time(int64_t unix_seconds, const char* format);
// RFC 3339 in UTC with seconds ("2026-12-07T06:10:00Z"): of `unix_seconds`, or of now.
std::string rfc3339(int64_t unix_seconds);
std::string now_rfc3339();

}  // namespace berth::base
