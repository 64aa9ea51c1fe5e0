#include "http/tls_certs.h"
#include "base/fd_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <compare>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace berth::http {
namespace {

namespace fs = std::filesystem;

constexpr long kCaValidityDays = 3650;
constexpr long kServerValidityDays = 365;
constexpr long kRenewBeforeSeconds = 30L * 24 * 3600;
constexpr long kBackdateSeconds = 3600;
// RFC 5280 upper bound for the commonName attribute (ub-common-name).
constexpr std::size_t kMaxCommonNameLength = 64;

// ---------------------------------------------------------------------------------------------
// RAII wrappers

template <auto Fn>
struct Free {
  template <class T>
  void operator()(T* p) const {
    Fn(p);
  }
};

using BioPtr = std::unique_ptr<BIO, Free<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Free<X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Free<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Free<X509_EXTENSION_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Free<GENERAL_NAMES_free>>;
using NamePtr = std::unique_ptr<GENERAL_NAME, Free<GENERAL_NAME_free>>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, Free<ASN1_STRING_free>>;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd& operator=(Fd&&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Removes a temporary file unless the write that created it completed.
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
  ~TempFileGuard() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  void dismiss() { path_.clear(); }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------------
// Errors

// Appends the OpenSSL error queue: its reasons ("bad decrypt", "no start line", ...) are what an
// operator needs to fix a broken PEM file. Draining it also keeps stale errors from leaking into
// unrelated TLS calls on this thread.
[[noreturn]] void fail(const std::string& what) {
  std::string msg = what;
  const char* sep = " (";
  while (unsigned long err = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(err, buf, sizeof buf);
    msg += sep;
    msg += buf;
    sep = "; ";
  }
  if (sep[0] == ';') msg += ")";
  throw std::runtime_error(msg);
}

void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

[[noreturn]] void fail_errno(const std::string& what, const fs::path& path) {
  const std::string reason = std::error_code(errno, std::generic_category()).message();
  throw std::runtime_error(what + " " + path.string() + ": " + reason);
}

// ---------------------------------------------------------------------------------------------
// Files

std::string read_file(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail_errno("cannot open", path);
  std::string data;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n == 0) return data;
    if (n > 0) {
      data.append(buf, static_cast<std::size_t>(n));
    } else if (errno != EINTR) {
      fail_errno("cannot read", path);
    }
  }
}

// Makes the renames durable, so a power loss cannot bring back an old key next to a new cert.
void sync_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) fail_errno("cannot open directory", dir);
  // Some filesystems cannot fsync directories at all (EINVAL); there is nothing more to do there.
  if (::fsync(fd.get()) != 0 && errno != EINVAL) fail_errno("cannot fsync directory", dir);
}

// Readers see either the old or the new file, never a torn one. mkostemp creates the file 0600,
// so key material is never readable by others, not even before fchmod.
void write_file_atomic(const fs::path& dir, const std::string& name, const std::string& data,
                       mode_t mode) {
  const fs::path target = dir / name;
  std::string tmp = (dir / ("." + name + ".tmp.XXXXXX")).string();
  Fd fd(::mkostemp(tmp.data(), O_CLOEXEC));
  if (fd.get() < 0) fail_errno("cannot create temporary file for", target);
  TempFileGuard guard(tmp);
  // fchmod, unlike open(), ignores the umask, so certificates end up exactly 0644.
  if (::fchmod(fd.get(), mode) != 0) fail_errno("cannot chmod", tmp);
  try {
    base::write_all(fd.get(), data);
  } catch (const std::system_error& e) {
    errno = e.code().value();
    fail_errno("cannot write", tmp);
  }
  if (::fsync(fd.get()) != 0) fail_errno("cannot fsync", tmp);
  if (::close(fd.release()) != 0) fail_errno("cannot close", tmp);
  if (::rename(tmp.c_str(), target.c_str()) != 0) fail_errno("cannot rename into", target);
  guard.dismiss();
  sync_dir(dir);
}

// Serialises processes (e.g. two replicas on one volume) so they cannot each mint a CA and
// overwrite each other's. flock() locks belong to the open file description, so this also
// serialises threads of one process.
Fd lock_dir(const fs::path& dir) {
  const fs::path lock_path = dir / ".lock";
  Fd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (fd.get() < 0) fail_errno("cannot open lock file", lock_path);
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) fail_errno("cannot lock", lock_path);
  }
  return fd;  // closing the descriptor releases the lock
}

void create_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
}

// ---------------------------------------------------------------------------------------------
// PEM

BioPtr memory_bio(std::string_view data) {
  BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  check(bio != nullptr, "cannot allocate OpenSSL BIO");
  return bio;
}

template <class WriteFn>
std::string to_pem(WriteFn write, const char* what) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr && write(bio.get()) == 1, std::string("cannot PEM-encode ") + what);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string cert_to_pem(X509* cert) {
  return to_pem([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); }, "certificate");
}

std::string key_to_pem(EVP_PKEY* key) {
  return to_pem(
      [key](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
      },
      "private key");
}

// Returns every certificate in the file; the first one is the leaf.
std::vector<X509Ptr> parse_certs(const std::string& pem, const fs::path& origin) {
  BioPtr bio = memory_bio(pem);
  std::vector<X509Ptr> certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certs.emplace_back(cert);
  }
  // The read loop always ends with PEM_R_NO_START_LINE at end of input; any other error means
  // a block was present but broken, which must not be silently ignored.
  const unsigned long err = ERR_peek_last_error();
  const bool clean_end =
      ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
  if (certs.empty()) fail("no PEM certificate found in " + origin.string());
  if (!clean_end) fail("malformed PEM certificate in " + origin.string());
  ERR_clear_error();
  return certs;
}

// A startup path must never block on a terminal prompt, so encrypted keys simply fail to load.
int refuse_passphrase(char*, int, int, void*) {
  return -1;
}

KeyPtr parse_key(const std::string& pem, const fs::path& origin) {
  BioPtr bio = memory_bio(pem);
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr));
  if (!key) fail("no usable unencrypted PEM private key in " + origin.string());
  return key;
}

std::string join_pem(const std::string& first, const std::string& second) {
  if (first.empty() || first.back() == '\n') return first + second;
  return first + "\n" + second;
}

// ---------------------------------------------------------------------------------------------
// Subject alternative names

struct San {
  int type;           // GEN_DNS or GEN_IPADD
  std::string value;  // lower-cased DNS name, or the raw 4/16 address bytes
  auto operator<=>(const San&) const = default;
};

std::string ascii_lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return s;
}

// inet_pton rather than OpenSSL's a2i_IPADDRESS: the latter uses sscanf and would accept
// "1.2.3.4.nip.io" as the IP 1.2.3.4. Comparing raw bytes also makes "::1" equal "0::1".
San parse_san(const std::string& entry) {
  unsigned char addr[16];
  if (::inet_pton(AF_INET, entry.c_str(), addr) == 1) {
    return {GEN_IPADD, std::string(reinterpret_cast<char*>(addr), 4)};
  }
  if (::inet_pton(AF_INET6, entry.c_str(), addr) == 1) {
    return {GEN_IPADD, std::string(reinterpret_cast<char*>(addr), 16)};
  }
  // DNS names are case-insensitive; normalising keeps "Localhost" from forcing a re-issue.
  return {GEN_DNS, ascii_lower(entry)};
}

// Keeps first-seen order (the common name leads) while dropping duplicates and empty entries,
// which config lists with trailing commas tend to produce.
std::vector<San> requested_sans(const std::string& common_name,
                                const std::vector<std::string>& sans) {
  std::vector<San> out;
  std::set<San> seen;
  auto add = [&](const std::string& entry) {
    if (entry.empty()) return;
    San san = parse_san(entry);
    if (seen.insert(san).second) out.push_back(std::move(san));
  };
  add(common_name);
  for (const std::string& entry : sans) add(entry);
  return out;
}

NamePtr to_general_name(const San& san) {
  Asn1StringPtr str(san.type == GEN_DNS ? ASN1_IA5STRING_new() : ASN1_OCTET_STRING_new());
  NamePtr name(GENERAL_NAME_new());
  check(str && name &&
            ASN1_STRING_set(str.get(), san.value.data(), static_cast<int>(san.value.size())) == 1,
        "cannot encode subjectAltName entry");
  GENERAL_NAME_set0_value(name.get(), san.type, str.release());
  return name;
}

// Built from GENERAL_NAMEs rather than an "DNS:a,IP:b" config string so that a hostname can never
// be misread as config syntax.
void add_san_extension(X509* cert, const std::vector<San>& sans) {
  NamesPtr names(GENERAL_NAMES_new());
  check(names != nullptr, "cannot allocate subjectAltName");
  for (const San& san : sans) {
    NamePtr name = to_general_name(san);
    check(sk_GENERAL_NAME_push(names.get(), name.get()) > 0, "cannot build subjectAltName");
    name.release();  // now owned by the stack
  }
  check(X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1,
        "cannot add subjectAltName extension");
}

std::set<San> sans_of(X509* cert) {
  NamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  std::set<San> out;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    int type = 0;
    auto* str = static_cast<const ASN1_STRING*>(
        GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(names.get(), i), &type));
    if (type != GEN_DNS && type != GEN_IPADD) {
      out.insert({type, {}});  // foreign name types make the sets differ, forcing a re-issue
      continue;
    }
    std::string value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(str)),
                      static_cast<std::size_t>(ASN1_STRING_length(str)));
    out.insert({type, type == GEN_DNS ? ascii_lower(std::move(value)) : std::move(value)});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Certificate construction

KeyPtr generate_key() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  check(key != nullptr, "cannot generate EC P-256 key");
  return key;
}

// Random serials avoid any serial-number state and make two issuances never collide (RFC 5280
// requires uniqueness per CA). The top bit is fixed so the DER length is always the same.
void set_random_serial(X509* cert) {
  BnPtr serial(BN_new());
  check(serial != nullptr && BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1,
        "cannot generate serial number");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr,
        "cannot set serial number");
}

X509Ptr new_cert(EVP_PKEY* key, long validity_days) {
  X509Ptr cert(X509_new());
  check(cert != nullptr && X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
            X509_set_pubkey(cert.get(), key) == 1,
        "cannot create certificate");
  set_random_serial(cert.get());
  // Backdated so that clients whose clock lags a little still accept a freshly issued cert.
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateSeconds) != nullptr &&
            X509_time_adj_ex(X509_getm_notAfter(cert.get()), validity_days, 0, nullptr) != nullptr,
        "cannot set certificate validity");
  return cert;
}

void set_subject(X509* cert, const std::string& common_name) {
  X509_NAME* name = X509_get_subject_name(cert);
  const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
  check(
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("Berth"), -1, -1, 0) == 1 &&
          X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) == 1,
      "cannot set certificate subject CN=" + common_name);
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx{};
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  check(ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1,
        std::string("cannot add certificate extension ") + OBJ_nid2sn(nid) + "=" + value);
}

void sign(X509* cert, EVP_PKEY* issuer_key) {
  check(X509_sign(cert, issuer_key, EVP_sha256()) > 0, "cannot sign certificate");
}

struct CertAndKey {
  X509Ptr cert;
  KeyPtr key;
  std::string cert_pem;  // exactly the bytes on disk, so callers serve what the files say
  std::string key_pem;
};

CertAndKey finish(X509Ptr cert, KeyPtr key) {
  std::string cert_pem = cert_to_pem(cert.get());
  std::string key_pem = key_to_pem(key.get());
  return {std::move(cert), std::move(key), std::move(cert_pem), std::move(key_pem)};
}

// A random suffix gives every installation a distinct CA name, so clients that trust several
// Berth CAs never confuse them during chain building.
std::string ca_common_name() {
  unsigned char bytes[4];
  check(RAND_bytes(bytes, sizeof bytes) == 1, "cannot generate random bytes");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "Berth Registry CA ";
  for (unsigned char b : bytes) name += {kHex[b >> 4], kHex[b & 15]};
  return name;
}

CertAndKey create_ca() {
  KeyPtr key = generate_key();
  X509Ptr cert = new_cert(key.get(), kCaValidityDays);
  set_subject(cert.get(), ca_common_name());
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1,
        "cannot set CA issuer");
  add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  sign(cert.get(), key.get());
  return finish(std::move(cert), std::move(key));
}

CertAndKey issue_server_cert(const CertAndKey& ca, const std::string& common_name,
                             const std::vector<San>& sans) {
  KeyPtr key = generate_key();
  X509Ptr cert = new_cert(key.get(), kServerValidityDays);
  // Clients match hostnames against the SANs only, so a truncated CN loses nothing, whereas a
  // longer one would make OpenSSL reject the subject outright.
  set_subject(cert.get(), common_name.substr(0, kMaxCommonNameLength));
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.cert.get())) == 1,
        "cannot set certificate issuer");
  X509* issuer = ca.cert.get();
  add_extension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_extension(cert.get(), issuer, NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), issuer, NID_subject_key_identifier, "hash");
  add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
  add_san_extension(cert.get(), sans);
  sign(cert.get(), ca.key.get());
  return finish(std::move(cert), std::move(key));
}

// ---------------------------------------------------------------------------------------------
// Loading and reuse

CertAndKey load_pair(const fs::path& cert_file, const fs::path& key_file) {
  std::string cert_pem = read_file(cert_file);
  std::string key_pem = read_file(key_file);
  std::vector<X509Ptr> certs = parse_certs(cert_pem, cert_file);
  KeyPtr key = parse_key(key_pem, key_file);
  if (X509_check_private_key(certs.front().get(), key.get()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("private key " + key_file.string() +
                             " does not match the certificate in " + cert_file.string());
  }
  return {std::move(certs.front()), std::move(key), std::move(cert_pem), std::move(key_pem)};
}

bool expires_within(X509* cert, long seconds) {
  time_t deadline = std::time(nullptr) + seconds;
  // X509_cmp_time returns 0 on a malformed time; treating that as "expiring" is the safe side.
  return X509_cmp_time(X509_get0_notAfter(cert), &deadline) <= 0;
}

bool issued_by(X509* cert, X509* ca) {
  const bool ok =
      X509_check_issued(ca, cert) == X509_V_OK && X509_verify(cert, X509_get0_pubkey(ca)) == 1;
  ERR_clear_error();
  return ok;
}

// The CA is the trust anchor clients were told to install, so it is never replaced silently:
// once ca.crt exists, any problem with it is an error for the operator to resolve.
CertAndKey load_or_create_ca(const fs::path& dir) {
  if (!fs::exists(dir / "ca.crt")) {
    CertAndKey ca = create_ca();
    // Key first: ca.crt appearing is what marks the pair complete, so a crash in between just
    // means the CA is created again on the next start.
    write_file_atomic(dir, "ca.key", ca.key_pem, 0600);
    write_file_atomic(dir, "ca.crt", ca.cert_pem, 0644);
    return ca;
  }
  try {
    CertAndKey ca = load_pair(dir / "ca.crt", dir / "ca.key");
    if (expires_within(ca.cert.get(), 0)) throw std::runtime_error("the CA certificate expired");
    return ca;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot use the auto-generated CA in " + dir.string() + ": " +
                             e.what() + " (to start over, delete ca.crt and ca.key; clients " +
                             "must then trust the new CA)");
  }
}

std::optional<CertAndKey> reusable_server_cert(const fs::path& dir, const CertAndKey& ca,
                                               const std::vector<San>& wanted) {
  if (!fs::exists(dir / "server.crt") || !fs::exists(dir / "server.key")) return std::nullopt;
  CertAndKey server;
  try {
    server = load_pair(dir / "server.crt", dir / "server.key");
  } catch (const std::runtime_error&) {
    return std::nullopt;  // torn or foreign files: replacing them is exactly what auto mode is for
  }
  const std::set<San> wanted_set(wanted.begin(), wanted.end());
  if (!issued_by(server.cert.get(), ca.cert.get()) ||
      expires_within(server.cert.get(), kRenewBeforeSeconds) ||
      sans_of(server.cert.get()) != wanted_set) {
    return std::nullopt;
  }
  return server;
}

}  // namespace

TlsMaterial ensure_auto_certificates(const std::filesystem::path& dir,
                                     const std::string& common_name,
                                     const std::vector<std::string>& sans) {
  ERR_clear_error();
  if (common_name.empty()) throw std::runtime_error("auto TLS: the common name must not be empty");
  create_dir(dir);
  Fd lock = lock_dir(dir);
  CertAndKey ca = load_or_create_ca(dir);
  const std::vector<San> wanted = requested_sans(common_name, sans);
  std::optional<CertAndKey> server = reusable_server_cert(dir, ca, wanted);
  if (!server) {
    server = issue_server_cert(ca, common_name, wanted);
    // Key first: a crash in between leaves a key that does not match server.crt, which the next
    // start detects and repairs by issuing again.
    write_file_atomic(dir, "server.key", server->key_pem, 0600);
    write_file_atomic(dir, "server.crt", server->cert_pem, 0644);
  }
  return {join_pem(server->cert_pem, ca.cert_pem), server->key_pem, ca.cert_pem};
}

TlsMaterial load_certificate_files(const std::filesystem::path& cert_file,
                                   const std::filesystem::path& key_file,
                                   const std::filesystem::path& ca_file) {
  ERR_clear_error();
  if (cert_file.empty() || key_file.empty()) {
    throw std::runtime_error("TLS: both a certificate file and a key file must be configured");
  }
  CertAndKey pair = load_pair(cert_file, key_file);
  TlsMaterial material{std::move(pair.cert_pem), std::move(pair.key_pem), {}};
  if (!ca_file.empty()) {
    material.ca_pem = read_file(ca_file);
    parse_certs(material.ca_pem, ca_file);  // fail at startup, not when a client asks for it
  }
  return material;
}

}  // namespace berth::http
