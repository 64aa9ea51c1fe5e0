// Password hashing: PBKDF2-HMAC-SHA256 with a per-password salt, stored as
// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>". Verification is constant-time.
#pragma once

#include <string>
#include <string_view>

namespace berth::auth {

inline constexpr int kPbkdf2Iterations = 600000;  // OWASP 2023 guidance for PBKDF2-HMAC-SHA256

std::string hash_password(std::string_view password, int iterations = kPbkdf2Iterations);
bool verify_password(std::string_view password, std::string_view stored);

// Harbor's rule: 8-128 characters with at least one upper-case letter, one lower-case letter
// and one digit. Returns an explanation when the password is not acceptable, "" when it is.
std::string password_problem(std::string_view password);

// Random bytes as URL-safe base64 without padding (secrets, session ids, CSRF tokens).
std::string random_token(size_t bytes = 32);
// Constant-time equality.
bool secure_equals(std::string_view a, std::string_view b);

}  // namespace berth::auth
