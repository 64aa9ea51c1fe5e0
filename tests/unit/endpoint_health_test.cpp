#include "remote/endpoint_health.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace berth;

namespace {
// A loopback port nothing listens on (bound, then closed).
int dead_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}
}  // namespace

TEST(RegistryEndpointHealth, RefusedConnectionIsUnhealthyWithTheReason) {
  remote::EndpointSpec spec;
  spec.type = "docker-registry";
  spec.url = "http://127.0.0.1:" + std::to_string(dead_port());
  spec.access_key = "user";
  spec.access_secret = "do-not-print-me";
  auto h = remote::check_endpoint_health(spec);
  EXPECT_FALSE(h.healthy);
  EXPECT_NE(h.reason.find("connection refused"), std::string::npos) << h.reason;
  std::string msg = remote::unhealthy_message(h);
  EXPECT_TRUE(msg.starts_with("the registry is unhealthy: ")) << msg;
  EXPECT_EQ(msg.find("do-not-print-me"), std::string::npos);
}

TEST(RegistryEndpointHealth, ConfigurationErrorsAreReasonsToo) {
  remote::EndpointSpec spec;
  spec.type = "aws-ecr";
  spec.url = "https://registry.example.test";
  auto h = remote::check_endpoint_health(spec);
  EXPECT_FALSE(h.healthy);
  EXPECT_NE(h.reason.find("not an Amazon ECR URL"), std::string::npos) << h.reason;
}
