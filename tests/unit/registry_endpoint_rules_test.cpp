#include "core/registry_endpoint_rules.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "http/tls_certs.h"

using namespace berth::core;

TEST(RegistryEndpointRules, Names) {
  EXPECT_FALSE(registry_name_problem("dockerhub-proxy"));
  EXPECT_EQ(registry_name_problem("").value_or(""), "name cannot be empty");
  EXPECT_FALSE(registry_name_problem(std::string(64, 'a')));
  EXPECT_EQ(registry_name_problem(std::string(65, 'a')).value_or(""),
            "the max length of name is 64");
  EXPECT_TRUE(registry_name_problem(std::string("a\nb")));
}

TEST(RegistryEndpointRules, UrlsAreNormalizedLikeHarbor) {
  auto ok = [](const std::string& in) {
    auto r = normalize_registry_url(in);
    EXPECT_EQ(r.problem, "") << in;
    return r.url;
  };
  EXPECT_EQ(ok("https://public.ecr.aws/"), "https://public.ecr.aws");
  EXPECT_EQ(ok("  127.0.0.1:5000// "), "http://127.0.0.1:5000");
  EXPECT_EQ(ok("HTTPS://Registry.example:443/v2/?x=1#f"), "https://Registry.example:443/v2");
  EXPECT_EQ(ok("http://[::1]:5000"), "http://[::1]:5000");
  auto bad = [](const std::string& in) { return normalize_registry_url(in).problem; };
  EXPECT_EQ(bad(""), "url cannot be empty");
  EXPECT_EQ(bad(" / "), "url cannot be empty");
  EXPECT_EQ(bad("ftp://host"), "invalid HTTP scheme: ftp");
  EXPECT_NE(bad("https://user:pass@host").find("give them in the credential"), std::string::npos);
  EXPECT_NE(bad("https://ho st"), "");
  EXPECT_NE(bad("https://host\r\nX: y"), "");
  EXPECT_NE(bad("https://:5000"), "");
  EXPECT_NE(bad("https://" + std::string(3000, 'a')), "");
}

TEST(RegistryEndpointRules, CaCertificates) {
  EXPECT_FALSE(ca_certificate_problem(""));
  EXPECT_TRUE(ca_certificate_problem("not a certificate"));
  EXPECT_TRUE(
      ca_certificate_problem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
  // A real CA certificate, as Berth's own TLS set-up makes one.
  auto dir = std::filesystem::temp_directory_path() /
             ("berth-reg-ca-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
  auto material = berth::http::ensure_auto_certificates(dir, "127.0.0.1", {});
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(material.ca_pem.empty());
  EXPECT_FALSE(ca_certificate_problem(material.ca_pem))
      << ca_certificate_problem(material.ca_pem).value_or("");
  EXPECT_FALSE(ca_certificate_problem(material.cert_chain_pem));  // a bundle of two
  EXPECT_TRUE(ca_certificate_problem(std::string(300 * 1024, 'x')));
}

TEST(RegistryEndpointRules, CredentialTypes) {
  EXPECT_FALSE(credential_type_problem("basic"));
  EXPECT_FALSE(credential_type_problem("oauth"));
  EXPECT_TRUE(credential_type_problem("secret"));
  EXPECT_TRUE(credential_type_problem(""));
}
