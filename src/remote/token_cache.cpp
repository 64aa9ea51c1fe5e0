#include "remote/token_cache.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "remote/errors.h"

namespace berth::remote {

std::optional<Clock::time_point> parse_rfc3339(const std::string& s) {
  int Y, M, D, h, m, sec, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec, &n) != 6)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = Y - 1900;
  tm.tm_mon = M - 1;
  tm.tm_mday = D;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  size_t i = size_t(n);
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));) ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    t -= (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else if (i >= s.size() || (s[i] != 'Z' && s[i] != 'z')) {
    return std::nullopt;
  }
  return Clock::from_time_t(t);
}

TokenResponse parse_token_response(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) throw RemoteError(ErrorKind::kProtocol, "token service answered non-JSON");
  TokenResponse t;
  for (const char* key : {"token", "access_token"})
    if (j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty()) {
      t.token = j[key].get<std::string>();
      break;
    }
  if (t.token.empty()) throw RemoteError(ErrorKind::kProtocol, "token service answered no token");
  if (j.contains("expires_in") && j["expires_in"].is_number()) {
    auto secs = j["expires_in"].get<double>();
    // Below 60 s the spec says to assume 60; cap absurd values to a day.
    t.expires_in = std::chrono::seconds(std::clamp<long long>((long long)secs, 60, 86400));
  }
  if (j.contains("issued_at") && j["issued_at"].is_string())
    t.issued_at = parse_rfc3339(j["issued_at"].get<std::string>());
  return t;
}

Clock::time_point token_usable_until(const TokenResponse& t, Clock::time_point received,
                                     std::chrono::seconds margin) {
  // A clock skewed ahead of ours would make issued_at lie in the future; trust ours then.
  Clock::time_point start = t.issued_at && *t.issued_at <= received ? *t.issued_at : received;
  auto m = std::min(margin, t.expires_in / 2);
  return start + t.expires_in - m;
}

std::optional<std::string> TokenCache::get(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.until) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.token;
}

void TokenCache::put(const std::string& key, const TokenResponse& token, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) {  // drop expired ones, then anything, to stay bounded
    std::erase_if(entries_, [&](auto& e) { return now >= e.second.until; });
    if (entries_.size() >= max_entries_) entries_.erase(entries_.begin());
  }
  entries_[key] = Entry{token.token, token_usable_until(token, now, margin_)};
}

void TokenCache::erase(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

}  // namespace berth::remote
