#include "remote/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <stdexcept>

namespace berth::remote {

std::string hex_encode(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex_encode(std::string_view(reinterpret_cast<char*>(md), len));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string base64_encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), int(data.size()));
  out.resize(size_t(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()), int(clean.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  if (!clean.empty() && clean.back() == '=') ++pad;
  if (clean.size() > 1 && clean[clean.size() - 2] == '=') ++pad;
  out.resize(size_t(n) - pad);  // EVP_DecodeBlock counts padding as zero bytes
  return out;
}

bool is_digest(std::string_view s) {
  size_t want = 0;
  if (s.starts_with("sha256:"))
    want = 64;
  else if (s.starts_with("sha512:"))
    want = 128;
  else
    return false;
  auto hex = s.substr(7);
  if (hex.size() != want) return false;
  for (char c : hex)
    if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  return true;
}

struct DigestHasher::Impl {
  std::string algorithm;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

DigestHasher::DigestHasher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DigestHasher::DigestHasher(DigestHasher&&) noexcept = default;
DigestHasher& DigestHasher::operator=(DigestHasher&&) noexcept = default;
DigestHasher::~DigestHasher() = default;

std::optional<DigestHasher> DigestHasher::for_digest(std::string_view digest) {
  auto impl = std::make_unique<Impl>();
  const EVP_MD* md = nullptr;
  if (digest.starts_with("sha256:"))
    md = EVP_sha256(), impl->algorithm = "sha256";
  else if (digest.starts_with("sha512:"))
    md = EVP_sha512(), impl->algorithm = "sha512";
  else
    return std::nullopt;
  if (!impl->ctx || EVP_DigestInit_ex(impl->ctx, md, nullptr) != 1)
    throw std::runtime_error("OpenSSL digest init failed");
  return DigestHasher(std::move(impl));
}

void DigestHasher::update(const char* data, size_t size) {
  EVP_DigestUpdate(impl_->ctx, data, size);
}

std::string DigestHasher::finish() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, md, &len);
  return impl_->algorithm + ":" + hex_encode(std::string_view(reinterpret_cast<char*>(md), len));
}

}  // namespace berth::remote
