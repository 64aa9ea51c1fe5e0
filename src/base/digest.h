// Content digests ("sha256:<hex>", "sha512:<hex>") and incremental hashing.
#pragma once

#include <openssl/sha.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::base {

enum class DigestAlgorithm { kSha256, kSha512 };

struct Digest {
  DigestAlgorithm algorithm = DigestAlgorithm::kSha256;
  std::string hex;  // lowercase, validated length

  std::string str() const;
  std::string_view algorithm_name() const;
  bool operator==(const Digest&) const = default;

  // Accepts only algorithms Berth can verify; anything else is nullopt (DIGEST_INVALID).
  static std::optional<Digest> parse(std::string_view s);
  static Digest sha256_of(std::string_view data);
  static Digest of(DigestAlgorithm alg, std::string_view data);
};

// Incremental SHA-256 whose state can be saved to disk, so a chunked upload survives a restart.
// Uses the fixed-layout SHA256_CTX struct (deprecated in OpenSSL 3 but stable and serialisable),
// which EVP_MD_CTX is not.
class Sha256State {
 public:
  Sha256State();
  void update(const void* data, size_t len);
  std::string finish_hex() const;  // does not disturb the running state
  std::string serialize() const;   // hex of the raw context
  static std::optional<Sha256State> deserialize(std::string_view hex);

 private:
  SHA256_CTX ctx_;
};

std::string to_hex(const unsigned char* data, size_t len);

}  // namespace berth::base
