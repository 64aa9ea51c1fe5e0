#include "auth/secret_box.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

#include "auth/base64.h"

namespace berth::auth {

namespace {
constexpr size_t kNonce = 12, kTag = 16;
constexpr std::string_view kPrefix = "v1:";

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
Ctx new_ctx() {
  Ctx c(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!c) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return c;
}
const unsigned char* u(const char* p) {
  return reinterpret_cast<const unsigned char*>(p);
}
unsigned char* u(char* p) {
  return reinterpret_cast<unsigned char*>(p);
}
}  // namespace

SecretBox::SecretBox(std::string_view key_material) : key_(32, '\0') {
  if (key_material.empty()) throw std::invalid_argument("SecretBox needs key material");
  // A dedicated key for this purpose, never the raw secretKey (which also signs tokens).
  static constexpr std::string_view kLabel = "berth secrets at rest v1";
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_material.data(), int(key_material.size()), u(kLabel.data()), kLabel.size(),
       u(key_.data()), &len);
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  if (RAND_bytes(u(out.data()), int(kNonce)) != 1) throw std::runtime_error("RAND_bytes failed");
  auto ctx = new_ctx();
  int n = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key_.data()), u(out.data())) !=
          1 ||
      EVP_EncryptUpdate(ctx.get(), u(out.data() + kNonce), &n, u(plaintext.data()),
                        int(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), u(out.data() + kNonce + n), &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTag),
                          out.data() + kNonce + plaintext.size()) != 1)
    throw std::runtime_error("AES-GCM encryption failed");
  return std::string(kPrefix) + base64url_encode(out);
}

std::optional<std::string> SecretBox::open(std::string_view sealed) const {
  if (!sealed.starts_with(kPrefix) || sealed.size() > 1024 * 1024) return std::nullopt;
  auto raw = base64url_decode(sealed.substr(kPrefix.size()));
  if (!raw || raw->size() < kNonce + kTag) return std::nullopt;
  size_t len = raw->size() - kNonce - kTag;
  std::string plain(len, '\0');
  auto ctx = new_ctx();
  int n = 0;
  std::string tag = raw->substr(kNonce + len);
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key_.data()), u(raw->data())) !=
          1 ||
      EVP_DecryptUpdate(ctx.get(), u(plain.data()), &n, u(raw->data() + kNonce), int(len)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTag), tag.data()) != 1)
    return std::nullopt;
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), u(plain.data() + n), &final_len) != 1) return std::nullopt;
  return plain;
}

}  // namespace berth::auth
