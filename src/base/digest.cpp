#define OPENSSL_SUPPRESS_DEPRECATED
#include "base/digest.h"

#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>

namespace berth::base {

namespace {
bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
}  // namespace

std::string to_hex(const unsigned char* data, size_t len) {
  static const char* digits = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (size_t i = 0; i < len; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0xf];
  }
  return out;
}

std::string_view Digest::algorithm_name() const {
  return algorithm == DigestAlgorithm::kSha256 ? "sha256" : "sha512";
}

std::string Digest::str() const { return std::string(algorithm_name()) + ":" + hex; }

std::optional<Digest> Digest::parse(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto alg = s.substr(0, colon);
  auto hex = s.substr(colon + 1);
  Digest d;
  if (alg == "sha256" && hex.size() == 64) {
    d.algorithm = DigestAlgorithm::kSha256;
  } else if (alg == "sha512" && hex.size() == 128) {
    d.algorithm = DigestAlgorithm::kSha512;
  } else {
    return std::nullopt;
  }
  if (!is_lower_hex(hex)) return std::nullopt;
  d.hex = std::string(hex);
  return d;
}

Digest Digest::of(DigestAlgorithm alg, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* md_type = alg == DigestAlgorithm::kSha256 ? EVP_sha256() : EVP_sha512();
  if (EVP_Digest(data.data(), data.size(), md, &len, md_type, nullptr) != 1)
    throw std::runtime_error("digest computation failed");
  return Digest{alg, to_hex(md, len)};
}

Digest Digest::sha256_of(std::string_view data) { return of(DigestAlgorithm::kSha256, data); }

Sha256State::Sha256State() { SHA256_Init(&ctx_); }

void Sha256State::update(const void* data, size_t len) { SHA256_Update(&ctx_, data, len); }

std::string Sha256State::finish_hex() const {
  SHA256_CTX copy = ctx_;
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_Final(md, &copy);
  return to_hex(md, sizeof md);
}

std::string Sha256State::serialize() const {
  return to_hex(reinterpret_cast<const unsigned char*>(&ctx_), sizeof ctx_);
}

std::optional<Sha256State> Sha256State::deserialize(std::string_view hex) {
  if (hex.size() != sizeof(SHA256_CTX) * 2 || !is_lower_hex(hex)) return std::nullopt;
  Sha256State s;
  auto* out = reinterpret_cast<unsigned char*>(&s.ctx_);
  for (size_t i = 0; i < sizeof(SHA256_CTX); ++i) {
    auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out[i] = static_cast<unsigned char>(nib(hex[2 * i]) << 4 | nib(hex[2 * i + 1]));
  }
  // A context whose buffered byte count is out of range was not written by us.
  if (s.ctx_.num >= SHA256_CBLOCK) return std::nullopt;
  return s;
}

}  // namespace berth::base
