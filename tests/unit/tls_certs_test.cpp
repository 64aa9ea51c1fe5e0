#include "http/tls_certs.h"

#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using berth::http::ensure_auto_certificates;
using berth::http::load_certificate_files;
using berth::http::TlsMaterial;

template <auto Fn>
struct Free {
  template <class T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using BioPtr = std::unique_ptr<BIO, Free<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Free<X509_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Free<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Free<X509_STORE_CTX_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Free<GENERAL_NAMES_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Free<BN_free>>;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

X509Ptr parse_cert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) throw std::runtime_error("test: cannot parse certificate");
  return cert;
}

// Verifies like a TLS client would: chain to the CA, serverAuth purpose, and optional host/IP.
int verify_error(const std::string& leaf_pem, const std::string& ca_pem, const char* host = nullptr,
                 const char* ip = nullptr) {
  X509Ptr leaf = parse_cert(leaf_pem);
  X509Ptr ca = parse_cert(ca_pem);
  StorePtr store(X509_STORE_new());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_add_cert(store.get(), ca.get());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  if (host != nullptr) X509_VERIFY_PARAM_set1_host(param, host, 0);
  if (ip != nullptr) X509_VERIFY_PARAM_set1_ip_asc(param, ip);
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

// SANs rendered as "DNS:name" / "IP:addr" in certificate order.
std::vector<std::string> sans_of(const std::string& pem) {
  X509Ptr cert = parse_cert(pem);
  NamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  std::vector<std::string> out;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* s = name->d.dNSName;
      out.push_back("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                         ASN1_STRING_length(s)));
    } else if (name->type == GEN_IPADD) {
      const ASN1_STRING* s = name->d.iPAddress;
      char buf[INET6_ADDRSTRLEN] = {};
      inet_ntop(ASN1_STRING_length(s) == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(s), buf,
                sizeof buf);
      out.push_back(std::string("IP:") + buf);
    }
  }
  return out;
}

int days_valid(const std::string& pem) {
  X509Ptr cert = parse_cert(pem);
  int days = 0;
  int seconds = 0;
  ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()), X509_get0_notAfter(cert.get()));
  return days;
}

unsigned file_mode(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

bool have_openssl_cli() {
  return std::system("openssl version >/dev/null 2>&1") == 0;
}

int run(const std::string& command) {
  return std::system((command + " </dev/null >/dev/null 2>&1").c_str());
}

std::string q(const fs::path& path) {
  return "'" + path.string() + "'";
}

const std::vector<std::string> kSans = {"localhost", "127.0.0.1"};
const std::string kHost = "registry.example.test";

class TlsCertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("berth_tls_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  TlsMaterial ensure(const std::vector<std::string>& sans = kSans) {
    return ensure_auto_certificates(dir_, kHost, sans);
  }
  std::string file(const char* name) const { return slurp(dir_ / name); }

  fs::path dir_;
};

TEST_F(TlsCertsTest, GeneratedCertificateVerifiesAgainstCa) {
  const TlsMaterial m = ensure();
  EXPECT_EQ(verify_error(file("server.crt"), file("ca.crt")), X509_V_OK);
  EXPECT_EQ(verify_error(file("server.crt"), m.ca_pem, kHost.c_str()), X509_V_OK);
  EXPECT_EQ(verify_error(file("server.crt"), m.ca_pem, "localhost"), X509_V_OK);
  EXPECT_EQ(verify_error(file("server.crt"), m.ca_pem, nullptr, "127.0.0.1"), X509_V_OK);
  EXPECT_EQ(verify_error(file("server.crt"), m.ca_pem, "other.example.test"),
            X509_V_ERR_HOSTNAME_MISMATCH);
}

TEST_F(TlsCertsTest, MaterialMatchesFiles) {
  const TlsMaterial m = ensure();
  EXPECT_EQ(m.cert_chain_pem, file("server.crt") + file("ca.crt"));
  EXPECT_EQ(m.key_pem, file("server.key"));
  EXPECT_EQ(m.ca_pem, file("ca.crt"));
  EXPECT_NE(m.key_pem.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(TlsCertsTest, SansIncludeCommonNameLocalhostAndIp) {
  const TlsMaterial m = ensure();
  EXPECT_EQ(sans_of(m.cert_chain_pem),
            (std::vector<std::string>{"DNS:" + kHost, "DNS:localhost", "IP:127.0.0.1"}));
}

TEST_F(TlsCertsTest, SansClassifyIpsAndDropDuplicates) {
  const TlsMaterial m = ensure({"LOCALHOST", "localhost", "::1", "0:0::1", "10.0.0.7", "",
                                "1.2.3.4.nip.io", kHost, "10.0.0.7"});
  EXPECT_EQ(sans_of(m.cert_chain_pem),
            (std::vector<std::string>{"DNS:" + kHost, "DNS:localhost", "IP:::1", "IP:10.0.0.7",
                                      "DNS:1.2.3.4.nip.io"}));
  EXPECT_EQ(verify_error(m.cert_chain_pem, m.ca_pem, nullptr, "::1"), X509_V_OK);
}

TEST_F(TlsCertsTest, CertificateExtensionsAndValidity) {
  const TlsMaterial m = ensure();
  X509Ptr ca = parse_cert(m.ca_pem);
  X509Ptr leaf = parse_cert(m.cert_chain_pem);

  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_get_key_usage(ca.get()), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  ASSERT_NE(X509_get0_subject_key_id(ca.get()), nullptr);
  EXPECT_GE(days_valid(m.ca_pem), 3650);

  EXPECT_EQ(X509_check_ca(leaf.get()), 0);
  EXPECT_EQ(X509_get_key_usage(leaf.get()),
            static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
  EXPECT_EQ(X509_get_extended_key_usage(leaf.get()), static_cast<uint32_t>(XKU_SSL_SERVER));
  ASSERT_NE(X509_get0_authority_key_id(leaf.get()), nullptr);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(leaf.get()),
                                  X509_get0_subject_key_id(ca.get())),
            0);
  EXPECT_GE(days_valid(m.cert_chain_pem), 365);
  EXPECT_LE(days_valid(m.cert_chain_pem), 825);

  for (X509* cert : {ca.get(), leaf.get()}) {
    BnPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    EXPECT_EQ(BN_num_bits(serial.get()), 128);
  }
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(ca.get()), X509_get0_serialNumber(leaf.get())),
            0);
}

TEST_F(TlsCertsTest, SecondCallReusesIdenticalFiles) {
  const TlsMaterial first = ensure();
  const std::string files[] = {file("ca.crt"), file("ca.key"), file("server.crt"),
                               file("server.key")};
  // Same set in another order and spelling must not count as a change.
  const TlsMaterial second = ensure({"127.0.0.1", "LocalHost", "localhost"});
  EXPECT_EQ(file("ca.crt"), files[0]);
  EXPECT_EQ(file("ca.key"), files[1]);
  EXPECT_EQ(file("server.crt"), files[2]);
  EXPECT_EQ(file("server.key"), files[3]);
  EXPECT_EQ(second.cert_chain_pem, first.cert_chain_pem);
  EXPECT_EQ(second.key_pem, first.key_pem);
  EXPECT_EQ(second.ca_pem, first.ca_pem);
}

TEST_F(TlsCertsTest, DifferentSansReissueServerCertButKeepCa) {
  ensure();
  const std::string ca_crt = file("ca.crt");
  const std::string ca_key = file("ca.key");
  const std::string server_crt = file("server.crt");
  const std::string server_key = file("server.key");

  const TlsMaterial m = ensure({"localhost", "127.0.0.1", "10.1.2.3"});
  EXPECT_EQ(file("ca.crt"), ca_crt);
  EXPECT_EQ(file("ca.key"), ca_key);
  EXPECT_NE(file("server.crt"), server_crt);
  EXPECT_NE(file("server.key"), server_key);
  EXPECT_EQ(verify_error(file("server.crt"), ca_crt, nullptr, "10.1.2.3"), X509_V_OK);

  // Dropping a name is a change too.
  ensure({"localhost"});
  EXPECT_EQ(sans_of(file("server.crt")),
            (std::vector<std::string>{"DNS:" + kHost, "DNS:localhost"}));
  EXPECT_EQ(file("ca.crt"), ca_crt);
}

TEST_F(TlsCertsTest, FileModesAndNoLeftovers) {
  ensure();
  EXPECT_EQ(file_mode(dir_ / "ca.key"), 0600u);
  EXPECT_EQ(file_mode(dir_ / "server.key"), 0600u);
  EXPECT_EQ(file_mode(dir_ / "ca.crt"), 0644u);
  EXPECT_EQ(file_mode(dir_ / "server.crt"), 0644u);
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.insert(entry.path().filename());
  EXPECT_EQ(names,
            (std::set<std::string>{".lock", "ca.crt", "ca.key", "server.crt", "server.key"}));
}

TEST_F(TlsCertsTest, BrokenServerFilesAreReplaced) {
  ensure();
  const std::string ca_crt = file("ca.crt");

  spit(dir_ / "server.crt", "garbage");
  ensure();
  EXPECT_EQ(verify_error(file("server.crt"), ca_crt, "localhost"), X509_V_OK);

  // A key that belongs to another certificate (e.g. after a crash between the two renames).
  spit(dir_ / "server.key", file("ca.key"));
  ensure();
  EXPECT_NO_THROW(load_certificate_files(dir_ / "server.crt", dir_ / "server.key", {}));

  fs::remove(dir_ / "server.key");
  ensure();
  EXPECT_NO_THROW(load_certificate_files(dir_ / "server.crt", dir_ / "server.key", {}));
  EXPECT_EQ(file("ca.crt"), ca_crt);
}

TEST_F(TlsCertsTest, NewCaWhenCaFilesRemoved) {
  const TlsMaterial old = ensure();
  fs::remove(dir_ / "ca.crt");
  fs::remove(dir_ / "ca.key");
  const TlsMaterial m = ensure();
  EXPECT_NE(m.ca_pem, old.ca_pem);
  // The server cert must follow the new CA even though its SANs did not change.
  EXPECT_EQ(verify_error(file("server.crt"), m.ca_pem, "localhost"), X509_V_OK);
}

TEST_F(TlsCertsTest, MissingCaKeyIsAnErrorNotASilentNewCa) {
  ensure();
  const std::string ca_crt = file("ca.crt");
  fs::remove(dir_ / "ca.key");
  try {
    ensure();
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((dir_ / "ca.key").string()), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(file("ca.crt"), ca_crt);
}

TEST_F(TlsCertsTest, RejectsEmptyCommonNameAndUnwritableDir) {
  EXPECT_THROW(ensure_auto_certificates(dir_, "", kSans), std::runtime_error);
  spit(dir_.string() + ".file", "x");  // a regular file where a directory is needed
  EXPECT_THROW(ensure_auto_certificates(dir_.string() + ".file/sub", kHost, kSans),
               std::runtime_error);
  fs::remove(dir_.string() + ".file");
}

TEST_F(TlsCertsTest, LongCommonNameIsKeptInSans) {
  const std::string host(70, 'a');
  const std::string name = host + ".example.test";
  const TlsMaterial m = ensure_auto_certificates(dir_, name, {});
  EXPECT_EQ(sans_of(m.cert_chain_pem), (std::vector<std::string>{"DNS:" + name}));
}

TEST_F(TlsCertsTest, LoadCertificateFilesAcceptsMatchingPair) {
  ensure();
  const TlsMaterial m = load_certificate_files(dir_ / "server.crt", dir_ / "server.key", {});
  EXPECT_EQ(m.cert_chain_pem, file("server.crt"));
  EXPECT_EQ(m.key_pem, file("server.key"));
  EXPECT_TRUE(m.ca_pem.empty());

  const TlsMaterial with_ca =
      load_certificate_files(dir_ / "server.crt", dir_ / "server.key", dir_ / "ca.crt");
  EXPECT_EQ(with_ca.ca_pem, file("ca.crt"));
}

TEST_F(TlsCertsTest, LoadCertificateFilesRejectsMismatchingKey) {
  ensure();
  const fs::path key = dir_ / "ca.key";
  try {
    load_certificate_files(dir_ / "server.crt", key, {});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(key.string()), std::string::npos) << e.what();
  }
}

TEST_F(TlsCertsTest, LoadCertificateFilesNamesBrokenFiles) {
  ensure();
  const fs::path missing = dir_ / "missing.crt";
  const fs::path garbage = dir_ / "garbage.pem";
  spit(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
  auto message_of = [](auto&& fn) {
    try {
      fn();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("<no exception>");
  };
  const fs::path crt = dir_ / "server.crt";
  const fs::path key = dir_ / "server.key";
  EXPECT_NE(message_of([&] { load_certificate_files(missing, key, {}); }).find(missing.string()),
            std::string::npos);
  EXPECT_NE(message_of([&] { load_certificate_files(garbage, key, {}); }).find(garbage.string()),
            std::string::npos);
  EXPECT_NE(message_of([&] { load_certificate_files(crt, crt, {}); }).find(crt.string()),
            std::string::npos);
  EXPECT_NE(message_of([&] { load_certificate_files(crt, key, garbage); }).find(garbage.string()),
            std::string::npos);
  EXPECT_THROW(load_certificate_files({}, key, {}), std::runtime_error);
}

TEST_F(TlsCertsTest, OpensslCliAgrees) {
  if (!have_openssl_cli()) GTEST_SKIP() << "openssl CLI not installed";
  ensure();
  EXPECT_EQ(run("openssl verify -purpose sslserver -CAfile " + q(dir_ / "ca.crt") + " " +
                q(dir_ / "server.crt")),
            0);
  // An encrypted key must be rejected without prompting for a passphrase.
  const fs::path encrypted = dir_ / "encrypted.key";
  ASSERT_EQ(run("openssl pkey -in " + q(dir_ / "server.key") +
                " -aes256 -passout pass:secret -out " + q(encrypted)),
            0);
  EXPECT_THROW(load_certificate_files(dir_ / "server.crt", encrypted, {}), std::runtime_error);
}

// Forges server certificates with the CLI (signed by the same CA, same key, same SANs) to drive
// the expiry rule: 100 days left is reused byte for byte, 10 days left is re-issued.
TEST_F(TlsCertsTest, ServerCertExpiringWithin30DaysIsReissued) {
  if (!have_openssl_cli()) GTEST_SKIP() << "openssl CLI not installed";
  ensure();
  spit(dir_ / "ext.cnf", "subjectAltName=DNS:" + kHost + ",DNS:localhost,IP:127.0.0.1\n");
  auto forge = [&](int days) {
    ASSERT_EQ(run("openssl req -new -key " + q(dir_ / "server.key") + " -subj /CN=" + kHost +
                  " -out " + q(dir_ / "server.csr")),
              0);
    ASSERT_EQ(
        run("openssl x509 -req -in " + q(dir_ / "server.csr") + " -CA " + q(dir_ / "ca.crt") +
            " -CAkey " + q(dir_ / "ca.key") + " -set_serial 4242 -days " + std::to_string(days) +
            " -extfile " + q(dir_ / "ext.cnf") + " -out " + q(dir_ / "server.crt")),
        0);
  };

  forge(100);
  const std::string forged = file("server.crt");
  ensure();
  EXPECT_EQ(file("server.crt"), forged);

  forge(10);
  const std::string expiring = file("server.crt");
  ensure();
  EXPECT_NE(file("server.crt"), expiring);
  EXPECT_GE(days_valid(file("server.crt")), 365);
  EXPECT_EQ(verify_error(file("server.crt"), file("ca.crt"), "localhost"), X509_V_OK);
}

}  // namespace
