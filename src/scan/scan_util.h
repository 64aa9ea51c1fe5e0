// Small helpers shared by the scan service's files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/media_types.h"

namespace berth::scan {

// "2026-11-28T10:00:00.000Z" from unix milliseconds.
inline std::string rfc3339_millis(int64_t millis) {
  time_t t = time_t(millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, int(millis % 1000));
  return out;
}

// What the scanners can scan: image manifests with an image config.
inline bool is_image_config(const std::string& t) {
  return t == core::media::kOciConfig || t == core::media::kDockerConfig;
}

}  // namespace berth::scan
