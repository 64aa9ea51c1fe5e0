// Container credentials and EC2 instance metadata: URLs, the hosts the SDKs allow, the
// authorization token, answers (good and bad), and how IMDS fails without a network.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include "remote/aws_instance_credentials.h"
#include "remote/errors.h"
#include "remote/token_cache.h"

using namespace berth::remote;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RemoteError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no RemoteError thrown";
  return ErrorKind::kProtocol;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RemoteError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no RemoteError thrown";
  return "";
}

}  // namespace

TEST(ContainerCredentials, RelativeUriIsOnTheEcsAgentAndWins) {
  EXPECT_EQ(container_credentials_url(env_of({})), std::nullopt);
  EXPECT_EQ(container_credentials_url(
                env_of({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x"},
                        {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds"}})),
            "http://169.254.170.2/v2/x");
  // Without the slash the value would become user info of another host.
  EXPECT_EQ(container_credentials_url(
                env_of({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "@evil.example/x"}})),
            "http://169.254.170.2/@evil.example/x");
}

TEST(ContainerCredentials, FullUriHostsAsTheSdksAllow) {
  auto full = [](const std::string& u) {
    return container_credentials_url(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", u}}));
  };
  EXPECT_EQ(full("http://127.0.0.1:8080/creds"), "http://127.0.0.1:8080/creds");
  EXPECT_TRUE(full("http://127.1.2.3/creds"));
  EXPECT_TRUE(full("http://localhost:51679/creds"));
  EXPECT_TRUE(full("http://[::1]:80/creds"));
  EXPECT_TRUE(full("http://169.254.170.23/v1/credentials"));
  EXPECT_TRUE(full("http://[fd00:ec2::23]/v1/credentials"));
  EXPECT_TRUE(full("http://[FD00:EC2:0::23]/v1/credentials"));
  EXPECT_TRUE(full("https://creds.example.com/x"));  // TLS: any host
  EXPECT_EQ(kind_of([&] { full("http://169.254.169.254/creds"); }), ErrorKind::kConfig);
  EXPECT_EQ(kind_of([&] { full("http://creds.example.com/x"); }), ErrorKind::kConfig);
  EXPECT_EQ(kind_of([&] { full("http://127.0.0.1.evil.example/x"); }), ErrorKind::kConfig);
  EXPECT_EQ(kind_of([&] { full("http://127.0.0.1@evil.example/x"); }), ErrorKind::kConfig);
  EXPECT_EQ(kind_of([&] { full("ftp://127.0.0.1/x"); }), ErrorKind::kConfig);
  EXPECT_NE(message_of([&] { full("http://10.0.0.1/x"); }).find("not 10.0.0.1"), std::string::npos);
}

TEST(ContainerCredentials, HostList) {
  EXPECT_TRUE(container_http_host_allowed("127.0.0.1"));
  EXPECT_TRUE(container_http_host_allowed("LOCALHOST"));
  EXPECT_TRUE(container_http_host_allowed("169.254.170.2"));
  EXPECT_TRUE(container_http_host_allowed("0:0:0:0:0:0:0:1"));
  EXPECT_FALSE(container_http_host_allowed("128.0.0.1"));
  EXPECT_FALSE(container_http_host_allowed("169.254.170.3"));
  EXPECT_FALSE(container_http_host_allowed("fd00:ec2::254"));
  EXPECT_FALSE(container_http_host_allowed(""));
}

TEST(ContainerCredentials, AuthorizationFromFileFirstReadEachTime) {
  auto path = std::filesystem::temp_directory_path() /
              ("berth-container-token-" + std::to_string(::getpid()));
  std::ofstream(path) << "token-one\n";
  auto env = env_of({{"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", path.string()},
                     {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "from-env"}});
  EXPECT_EQ(container_authorization(env), "token-one");
  std::ofstream(path) << "token-two";
  EXPECT_EQ(container_authorization(env), "token-two");  // rotated tokens are picked up
  std::ofstream(path) << "a\r\nX-Evil: 1";
  EXPECT_EQ(kind_of([&] { container_authorization(env); }), ErrorKind::kConfig);
  std::filesystem::remove(path);
  EXPECT_EQ(kind_of([&] { container_authorization(env); }), ErrorKind::kConfig);
  EXPECT_EQ(container_authorization(env_of({{"AWS_CONTAINER_AUTHORIZATION_TOKEN", "from-env"}})),
            "from-env");
  EXPECT_EQ(container_authorization(env_of({})), std::nullopt);
}

TEST(ContainerCredentials, ParsesAnswer) {
  auto c = parse_container_credentials(
      200, R"({"RoleArn":"arn:aws:iam::123456789012:role/x","AccessKeyId":"ASIAEXAMPLE",)"
           R"("SecretAccessKey":"secret","Token":"session","Expiration":"2030-01-02T03:04:05Z"})");
  EXPECT_EQ(c.access_key_id, "ASIAEXAMPLE");
  EXPECT_EQ(c.secret_access_key, "secret");
  EXPECT_EQ(c.session_token, "session");
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(*c.expiration, *parse_rfc3339("2030-01-02T03:04:05Z"));
  EXPECT_EQ(c.source, "container credentials endpoint");
}

TEST(ContainerCredentials, ErrorsAndMalformedAnswers) {
  auto msg = message_of([] {
    parse_container_credentials(401, R"({"code":"AccessDeniedException","message":"bad token"})");
  });
  EXPECT_NE(msg.find("AccessDeniedException: bad token"), std::string::npos) << msg;
  EXPECT_EQ(kind_of([] { parse_container_credentials(403, "nope"); }), ErrorKind::kUnauthorized);
  EXPECT_EQ(kind_of([] { parse_container_credentials(500, ""); }), ErrorKind::kServer);
  EXPECT_EQ(kind_of([] { parse_container_credentials(200, "not json"); }), ErrorKind::kProtocol);
  EXPECT_EQ(kind_of([] { parse_container_credentials(200, R"({"AccessKeyId":"A"})"); }),
            ErrorKind::kProtocol);
  // No expiry: would be cached forever.
  EXPECT_EQ(kind_of([] {
              parse_container_credentials(
                  200, R"({"AccessKeyId":"A","SecretAccessKey":"S","Token":"T"})");
            }),
            ErrorKind::kProtocol);
}

TEST(Imds, EndpointAndDisabled) {
  EXPECT_EQ(imds_endpoint(env_of({})), "http://169.254.169.254");
  EXPECT_EQ(imds_endpoint(env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}})),
            "http://[fd00:ec2::254]");
  EXPECT_EQ(imds_endpoint(env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/"},
                                  {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}})),
            "http://127.0.0.1:9");
  EXPECT_FALSE(imds_disabled(env_of({})));
  EXPECT_FALSE(imds_disabled(env_of({{"AWS_EC2_METADATA_DISABLED", "false"}})));
  EXPECT_TRUE(imds_disabled(env_of({{"AWS_EC2_METADATA_DISABLED", "TRUE"}})));
}

TEST(Imds, RoleList) {
  EXPECT_EQ(parse_imds_role("berth-role"), "berth-role");
  EXPECT_EQ(parse_imds_role("first\nsecond\n"), "first");
  EXPECT_EQ(parse_imds_role(" \n"), std::nullopt);
  EXPECT_EQ(parse_imds_role(""), std::nullopt);
  EXPECT_EQ(parse_imds_role("ops+ci=1,a.b@c_d-e"), "ops+ci=1,a.b@c_d-e");
  EXPECT_EQ(kind_of([] { parse_imds_role("../../latest/api/token"); }), ErrorKind::kProtocol);
  EXPECT_EQ(kind_of([] { parse_imds_role("role?x=1"); }), ErrorKind::kProtocol);
}

TEST(Imds, ParsesCredentials) {
  auto c = parse_imds_credentials(
      R"({"Code":"Success","LastUpdated":"2030-01-01T00:00:00Z","Type":"AWS-HMAC",)"
      R"("AccessKeyId":"ASIAIMDS","SecretAccessKey":"s3cret","Token":"tok",)"
      R"("Expiration":"2030-01-01T06:00:00Z"})",
      "berth-role");
  EXPECT_EQ(c.access_key_id, "ASIAIMDS");
  EXPECT_EQ(c.secret_access_key, "s3cret");
  EXPECT_EQ(c.session_token, "tok");
  EXPECT_EQ(*c.expiration, *parse_rfc3339("2030-01-01T06:00:00Z"));
  EXPECT_EQ(c.source, "EC2 instance metadata (role berth-role)");
}

TEST(Imds, RefusesFailedOrMalformedCredentials) {
  auto msg = message_of([] {
    parse_imds_credentials(R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"denied"})", "r");
  });
  EXPECT_NE(msg.find("AssumeRoleUnauthorizedAccess: denied"), std::string::npos) << msg;
  EXPECT_EQ(kind_of([] { parse_imds_credentials("<html>", "r"); }), ErrorKind::kProtocol);
  EXPECT_EQ(kind_of([] {
              parse_imds_credentials(
                  R"({"Code":"Success","AccessKeyId":"A","SecretAccessKey":"S","Expiration":"x"})",
                  "r");
            }),
            ErrorKind::kProtocol);
}

TEST(Imds, DisabledOrUnreachableIsNoCredentialsWithAReason) {
  std::string why;
  EXPECT_EQ(fetch_imds_credentials(env_of({{"AWS_EC2_METADATA_DISABLED", "true"}}), why),
            std::nullopt);
  EXPECT_NE(why.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  // Port 9 (discard) on loopback: nothing listens, so this fails at once.
  why.clear();
  EXPECT_EQ(fetch_imds_credentials(
                env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"}}), why),
            std::nullopt);
  EXPECT_NE(why.find("127.0.0.1:9"), std::string::npos) << why;
}
