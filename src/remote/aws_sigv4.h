// AWS Signature Version 4 (header form), as in the AWS "Signature Version 4 signing process":
// canonical request → string to sign → HMAC key chain → Authorization header.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace berth::remote {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                                        // empty: long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // temporary credentials
  std::string source;  // where they came from ("static", "environment", ...), for messages
  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

struct SigV4Request {
  std::string method;
  std::string path = "/";  // decoded; encoded here (each segment, RFC 3986 unreserved kept)
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // must include Host
  std::string payload;
};

struct SigV4Result {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  std::string authorization;
  std::string signed_headers;
};

// Signs with `amz_date` ("YYYYMMDDTHHMMSSZ"); the request's headers should already hold
// X-Amz-Date (and X-Amz-Security-Token for temporary credentials) so that they are signed.
SigV4Result sigv4_sign(const SigV4Request& request, const AwsCredentials& credentials,
                       const std::string& region, const std::string& service,
                       const std::string& amz_date);

// Adds X-Amz-Date, X-Amz-Security-Token (when there is a session token) and Authorization.
void sigv4_sign_headers(SigV4Request& request, const AwsCredentials& credentials,
                        const std::string& region, const std::string& service,
                        std::chrono::system_clock::time_point now);

std::string amz_date(std::chrono::system_clock::time_point t);  // YYYYMMDDTHHMMSSZ
std::string canonical_query(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace berth::remote
