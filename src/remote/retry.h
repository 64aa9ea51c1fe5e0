// When and how long to wait before trying a remote call again: 429 and 5xx answers and broken
// or refused connections are retried with exponential backoff (with jitter), honouring
// Retry-After within a bound; a bounded number of attempts.
#pragma once

#include <chrono>
#include <optional>

#include "remote/errors.h"
#include "remote/http_client.h"

namespace berth::remote {

struct RetryPolicy {
  int max_attempts = 4;  // 1: no retry
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  std::chrono::milliseconds max_retry_after{30000};  // a longer Retry-After ends the retries
};

bool is_retryable_status(int status);
bool is_retryable_error(ErrorKind kind);

// Delay before attempt `attempt + 1` (attempt counts from 1), or nullopt when the server asked
// for a wait longer than the policy allows.
std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int attempt,
                                                     const HttpResponse* response);

// Retry-After as seconds or an HTTP date; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value);

}  // namespace berth::remote

namespace berth::remote {
// `client.send` with the policy's retries (for small, replayable requests such as token and
// AWS API calls).
HttpResponse send_with_retries(HttpClient& client, const RetryPolicy& policy,
                               const HttpRequest& request, size_t max_body = 1 << 20);
}  // namespace berth::remote
