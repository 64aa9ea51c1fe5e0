// Hashing and encoding for the remote client (kept here, not borrowed from core/ or auth/,
// because remote/ sits below them in the dependency order).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::remote {

std::string hex_encode(std::string_view bytes);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw bytes
std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);  // standard alphabet, padded

// Incremental digest for "sha256:<hex>" / "sha512:<hex>" content digests.
class DigestHasher {
 public:
  // nullopt for an algorithm we cannot verify.
  static std::optional<DigestHasher> for_digest(std::string_view digest);
  DigestHasher(DigestHasher&&) noexcept;
  DigestHasher& operator=(DigestHasher&&) noexcept;
  ~DigestHasher();
  void update(const char* data, size_t size);
  std::string finish();  // "alg:hex"

 private:
  struct Impl;
  explicit DigestHasher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True for "sha256:<64 hex>" and "sha512:<128 hex>".
bool is_digest(std::string_view s);

}  // namespace berth::remote
