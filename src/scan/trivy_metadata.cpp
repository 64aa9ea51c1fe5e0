#include "scan/trivy_metadata.h"

#include <nlohmann/json.hpp>

#include "scan/trivy_types.h"

namespace berth::scan {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_rfc3339(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t i = 19;
  if (s[i] == '.') {
    std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !digits(s, i + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_seconds{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{sec} -
         minutes{offset_minutes};
}

TrivyMetadata parse_trivy_metadata(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw TrivyDbError("metadata.json is not a JSON object");
  TrivyMetadata m;
  if (auto v = j.find("Version"); v != j.end()) {
    if (!v->is_number_integer()) throw TrivyDbError("metadata.json: Version is not an integer");
    m.version = v->get<int>();
  }
  auto timestamp = [&](const char* field, std::string& raw,
                       std::optional<std::chrono::sys_seconds>& parsed) {
    auto v = j.find(field);
    if (v == j.end() || v->is_null()) return;
    if (!v->is_string())
      throw TrivyDbError(std::string("metadata.json: ") + field + " is not a string");
    raw = v->get<std::string>();
    parsed = parse_rfc3339(raw);
    if (!parsed) throw TrivyDbError(std::string("metadata.json: bad timestamp in ") + field);
  };
  timestamp("NextUpdate", m.next_update, m.next_update_time);
  timestamp("UpdatedAt", m.updated_at, m.updated_at_time);
  timestamp("DownloadedAt", m.downloaded_at, m.downloaded_at_time);
  return m;
}

}  // namespace berth::scan
