// Bearer tokens cached per (realm, service, scope) until they expire, minus a safety margin so a
// token is never sent in its last seconds. The clock is passed in, for tests.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace berth::remote {

using Clock = std::chrono::system_clock;

struct TokenResponse {
  std::string token;
  std::chrono::seconds expires_in{60};  // the spec's default when absent
  std::optional<Clock::time_point> issued_at;
};

// Parses a token endpoint's JSON: {token | access_token, expires_in, issued_at (RFC 3339)}.
// Throws RemoteError(kProtocol) when no token is in it.
TokenResponse parse_token_response(const std::string& json);

// The moment a token stops being usable: issued_at (or `received` when absent or in the
// future) plus expires_in, minus the margin (at most half the lifetime, so short tokens work).
Clock::time_point token_usable_until(const TokenResponse& t, Clock::time_point received,
                                     std::chrono::seconds margin);

class TokenCache {
 public:
  explicit TokenCache(std::chrono::seconds margin = std::chrono::seconds(30),
                      size_t max_entries = 256)
      : margin_(margin), max_entries_(max_entries) {}

  std::optional<std::string> get(const std::string& key, Clock::time_point now);
  void put(const std::string& key, const TokenResponse& token, Clock::time_point now);
  void erase(const std::string& key);

 private:
  struct Entry {
    std::string token;
    Clock::time_point until;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::chrono::seconds margin_;
  size_t max_entries_;
};

// RFC 3339 ("2024-01-02T03:04:05Z", fractions and offsets allowed); nullopt when malformed.
std::optional<Clock::time_point> parse_rfc3339(const std::string& s);

}  // namespace berth::remote
