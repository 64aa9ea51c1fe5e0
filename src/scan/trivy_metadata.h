// trivy-db's metadata.json: {"Version":2,"NextUpdate":…,"UpdatedAt":…,"DownloadedAt":…}.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace berth::scan {

struct TrivyMetadata {
  int version = 0;
  std::string next_update;  // RFC 3339 as stored
  std::string updated_at;
  std::string downloaded_at;
  // The same instants, to the second (Go's zero time "0001-01-01T00:00:00Z" included).
  std::optional<std::chrono::sys_seconds> next_update_time, updated_at_time, downloaded_at_time;
};

// Throws TrivyDbError on malformed JSON or timestamps. Does not check the version.
TrivyMetadata parse_trivy_metadata(std::string_view json);

// RFC 3339 ("2022-03-02T12:07:07.99504023Z", "…+09:00"); fractional seconds are dropped.
std::optional<std::chrono::sys_seconds> parse_rfc3339(std::string_view text);

}  // namespace berth::scan
