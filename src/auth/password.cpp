#include "auth/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>
#include <vector>

#include "auth/base64.h"

namespace berth::auth {

namespace {
std::string pbkdf2(std::string_view password, std::string_view salt, int iterations) {
  std::string out(32, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), int(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), int(salt.size()),
                        iterations, EVP_sha256(), int(out.size()),
                        reinterpret_cast<unsigned char*>(out.data())) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return out;
}

std::string random_bytes(size_t n) {
  std::string s(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(s.data()), int(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return s;
}
}  // namespace

std::string hash_password(std::string_view password, int iterations) {
  std::string salt = random_bytes(16);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64url_encode(salt) + "$" +
         base64url_encode(pbkdf2(password, salt, iterations));
}

bool verify_password(std::string_view password, std::string_view stored) {
  // pbkdf2-sha256$<iterations>$<salt>$<hash>
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() < 4) {
    size_t d = stored.find('$', start);
    parts.push_back(stored.substr(start, d == stored.npos ? stored.npos : d - start));
    if (d == stored.npos) break;
    start = d + 1;
  }
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  for (char c : parts[1]) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || iterations > 100000000) return false;
    iterations = iterations * 10 + (c - '0');
  }
  auto salt = base64url_decode(parts[2]);
  auto expected = base64url_decode(parts[3]);
  if (iterations < 1 || !salt || !expected) return false;
  return secure_equals(pbkdf2(password, *salt, iterations), *expected);
}

std::string password_problem(std::string_view p) {
  if (p.size() < 8 || p.size() > 128) return "the password must be 8 to 128 characters long";
  bool upper = false, lower = false, digit = false;
  for (char c : p) {
    upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
    lower |= std::islower(static_cast<unsigned char>(c)) != 0;
    digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
  }
  if (!upper || !lower || !digit)
    return "the password must contain at least one upper-case letter, one lower-case letter and "
           "one digit";
  return "";
}

std::string random_token(size_t bytes) { return base64url_encode(random_bytes(bytes)); }

bool secure_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace berth::auth
