// Secrets at rest (registry credentials, scanner credentials): AES-256-GCM with a key derived
// from secretKey, so every instance sharing the configuration can read them. The stored form is
// "v1:" + base64url(nonce(12) | ciphertext | tag(16)).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::auth {

class SecretBox {
 public:
  // key_material: secretKey (or the data dir's random key when secretKey is empty).
  explicit SecretBox(std::string_view key_material);

  std::string seal(std::string_view plaintext) const;
  // nullopt when the text was not sealed with this key or was altered.
  std::optional<std::string> open(std::string_view sealed) const;

 private:
  std::string key_;  // 32 bytes
};

}  // namespace berth::auth
