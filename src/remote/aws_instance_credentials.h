// The two AWS credential sources that come from the machine Berth runs on rather than from
// files: the container credentials endpoint (ECS task roles, EKS Pod Identity) and the EC2
// instance metadata service (IMDSv2, falling back to v1 as the SDKs do). They close the AWS SDK
// default chain. Parsing is kept apart from fetching so that it can be tested without a network.
#pragma once

#include <optional>
#include <string>

#include "remote/aws_credentials.h"

namespace berth::remote {

// --- Container credentials (ECS, EKS Pod Identity) ---

// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on http://169.254.170.2 (wins, as in the SDKs), else
// AWS_CONTAINER_CREDENTIALS_FULL_URI; nullopt when neither is set. Throws RemoteError(kConfig)
// for a FULL_URI the SDKs refuse: plain http to a host other than loopback or the agents.
std::optional<std::string> container_credentials_url(const EnvLookup& env);
// Whether plain http may go to `host` (no brackets): 127.0.0.0/8, ::1, localhost,
// 169.254.170.2 (ECS), 169.254.170.23 and fd00:ec2::23 (EKS Pod Identity).
bool container_http_host_allowed(const std::string& host);
// The Authorization value from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read now, so a rotated
// token is picked up) or AWS_CONTAINER_AUTHORIZATION_TOKEN; nullopt when neither is set.
// Throws RemoteError(kConfig) for an unreadable file or a value with a line break.
std::optional<std::string> container_authorization(const EnvLookup& env);
// The endpoint's JSON answer; throws RemoteError with the endpoint's own code and message.
AwsCredentials parse_container_credentials(int status, const std::string& body);

// --- EC2 instance metadata (IMDS) ---

// AWS_EC2_METADATA_DISABLED=true (any case).
bool imds_disabled(const EnvLookup& env);
// AWS_EC2_METADATA_SERVICE_ENDPOINT, else by AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE
// http://169.254.169.254 or http://[fd00:ec2::254]; no trailing slash.
std::string imds_endpoint(const EnvLookup& env);
// The first role name listed by GET /latest/meta-data/iam/security-credentials/; throws
// RemoteError(kProtocol) for a name outside IAM's characters.
std::optional<std::string> parse_imds_role(const std::string& body);
// GET .../security-credentials/<role>; throws RemoteError unless Code is "Success".
AwsCredentials parse_imds_credentials(const std::string& body, const std::string& role);

// --- Fetching ---

// nullopt when no container endpoint is configured; once configured, a failure throws (the SDKs
// do not fall through to instance metadata either).
std::optional<AwsCredentials> fetch_container_credentials(const EnvLookup& env);
// nullopt, with the reason in `why_not`, when IMDS is disabled, unreachable or has no role;
// throws when it has a role but no usable credentials for it.
std::optional<AwsCredentials> fetch_imds_credentials(const EnvLookup& env, std::string& why_not);

}  // namespace berth::remote
