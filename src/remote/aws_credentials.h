// The AWS credential chain used when an endpoint has no keys, in the AWS SDKs' order:
// environment variables, a web-identity token exchanged with STS (IRSA on Kubernetes), the shared
// credentials file, the container credentials endpoint (ECS, EKS Pod Identity), EC2 instance
// metadata (the last two in aws_instance_credentials.h).
// Endpoints honour AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL (also how tests use loopback).
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "remote/aws_sigv4.h"
#include "remote/http_client.h"

namespace berth::remote {

// Reads an environment variable; empty values count as unset. Injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// AWS_ENDPOINT_URL_<service_id> (e.g. "ECR", "STS"), else AWS_ENDPOINT_URL, else `fallback`.
std::string aws_endpoint_url(const EnvLookup& env, const std::string& service_id,
                             const std::string& fallback);

// A file of at most 1 MiB (token files, the shared credentials file); nullopt when unreadable.
std::optional<std::string> read_small_file(const std::string& path);

std::optional<AwsCredentials> credentials_from_env(const EnvLookup& env);
// INI text of ~/.aws/credentials; `profile` is a section name ("default").
std::optional<AwsCredentials> parse_shared_credentials(const std::string& text,
                                                       const std::string& profile);
// The XML of an AssumeRoleWithWebIdentity answer; throws RemoteError with STS's message.
AwsCredentials parse_assume_role_response(int status, const std::string& xml);
// Text of the first <tag>...</tag> in xml, entities decoded; nullopt when absent.
std::optional<std::string> xml_element(const std::string& xml, const std::string& tag);

class AwsCredentialChain {
 public:
  // `region` picks the STS endpoint when AWS_REGION is not set.
  AwsCredentialChain(HttpOptions http, std::string region, EnvLookup env = process_env());

  // The first source that has credentials; temporary ones are cached until 5 minutes before
  // they expire. Throws RemoteError(kUnauthorized) naming the sources it tried.
  AwsCredentials resolve();

 private:
  std::optional<AwsCredentials> from_web_identity();
  std::optional<AwsCredentials> from_shared_file();

  HttpOptions http_;
  std::string region_;
  EnvLookup env_;
  std::mutex mutex_;
  std::optional<AwsCredentials> cached_;
};

}  // namespace berth::remote
