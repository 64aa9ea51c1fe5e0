#include "store/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "base/shared_fd.h"

namespace berth::store {

namespace fs = std::filesystem;

namespace {
[[noreturn]] void sys_fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}
}  // namespace

void fsync_path(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) sys_fail("open " + p.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) sys_fail("fsync " + p.string());
}

std::optional<base::Digest> hash_file(const fs::path& p, base::DigestAlgorithm alg) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), alg == base::DigestAlgorithm::kSha256 ? EVP_sha256() : EVP_sha512(),
                    nullptr);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<unsigned char> buf(1 << 20);
  while (true) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), buf.data(), size_t(n));
  }
  ::close(fd);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  return base::Digest{alg, base::to_hex(md, len)};
}

BlobStore::BlobStore(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_ / "blobs");
}

fs::path BlobStore::path_of(const base::Digest& d) const {
  return root_ / "blobs" / std::string(d.algorithm_name()) / d.hex.substr(0, 2) / d.hex;
}

void BlobStore::commit_file(const fs::path& tmp, const base::Digest& d) {
  // Renaming over an existing file is atomic and heals a copy that was damaged on disk; readers
  // holding the old file keep their descriptor.
  auto dest = path_of(d);
  fs::create_directories(dest.parent_path());
  fsync_path(tmp);
  if (::rename(tmp.c_str(), dest.c_str()) != 0) sys_fail("rename into " + dest.string());
  fsync_path(dest.parent_path());
}

void BlobStore::put(std::string_view data, const base::Digest& d) {
  if (base::Digest::of(d.algorithm, data) != d)
    throw std::runtime_error("blob content does not match digest");
  auto dest = path_of(d);
  if (fs::exists(dest)) return;
  fs::create_directories(dest.parent_path());
  auto tmp = dest.parent_path() / ("." + d.hex + ".tmp" + std::to_string(::getpid()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) sys_fail("create " + tmp.string());
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      sys_fail("write " + tmp.string());
    }
    off += size_t(n);
  }
  ::close(fd);
  commit_file(tmp, d);
}

std::optional<OpenBlob> BlobStore::open(const base::Digest& d) const {
  auto p = path_of(d);
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  return OpenBlob{base::make_shared_fd(fd), uint64_t(st.st_size)};
}

bool BlobStore::exists(const base::Digest& d) const {
  return fs::exists(path_of(d));
}

std::optional<uint64_t> BlobStore::size_of(const base::Digest& d) const {
  std::error_code ec;
  auto s = fs::file_size(path_of(d), ec);
  if (ec) return std::nullopt;
  return s;
}

bool BlobStore::verify(const base::Digest& d) const {
  auto h = hash_file(path_of(d), d.algorithm);
  return h && *h == d;
}

void BlobStore::remove(const base::Digest& d) {
  std::error_code ec;
  fs::remove(path_of(d), ec);
}

}  // namespace berth::store
