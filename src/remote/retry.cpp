#include "remote/retry.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>
#include <thread>

namespace berth::remote {

bool is_retryable_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool is_retryable_error(ErrorKind kind) {
  // DNS, TLS and configuration errors do not heal by themselves within seconds.
  return kind == ErrorKind::kConnectionRefused || kind == ErrorKind::kConnect ||
         kind == ErrorKind::kTimeout || kind == ErrorKind::kNetwork;
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value) {
  if (value.empty() || value.size() > 64) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::chrono::seconds(std::stoll(value.substr(0, 9)));
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  auto secs = std::max<long long>(0, (long long)(when - std::time(nullptr)));
  return std::chrono::seconds(secs);
}

std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int attempt,
                                                     const HttpResponse* response) {
  if (response)
    if (auto v = response->header("Retry-After")) {
      if (auto d = parse_retry_after(*v)) {
        if (*d > policy.max_retry_after) return std::nullopt;
        return *d;
      }
    }
  auto base = policy.initial_backoff * (1LL << std::min(attempt - 1, 16));
  auto capped = std::min<std::chrono::milliseconds>(base, policy.max_backoff);
  // Full jitter on the upper half: many clients failing together do not retry together.
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> dist(capped.count() / 2, capped.count());
  return std::chrono::milliseconds(dist(rng));
}

}  // namespace berth::remote

namespace berth::remote {
HttpResponse send_with_retries(HttpClient& client, const RetryPolicy& policy,
                               const HttpRequest& request, size_t max_body) {
  for (int attempt = 1;; ++attempt) {
    std::optional<std::chrono::milliseconds> delay;
    try {
      HttpResponse resp = client.send(request, max_body);
      if (!is_retryable_status(resp.status) || attempt >= policy.max_attempts) return resp;
      delay = retry_delay(policy, attempt, &resp);
      if (!delay) return resp;
    } catch (const RemoteError& e) {
      if (!is_retryable_error(e.kind()) || attempt >= policy.max_attempts) throw;
      delay = retry_delay(policy, attempt, nullptr);
    }
    std::this_thread::sleep_for(*delay);
  }
}
}  // namespace berth::remote
