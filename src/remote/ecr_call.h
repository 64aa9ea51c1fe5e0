// One signed call to the Amazon ECR API (or ECR Public's): JSON 1.1 protocol, a POST to "/" with
// X-Amz-Target "<service prefix>.<Operation>", SigV4 with service "ecr" ("ecr-public"). Shared
// by the authentication (GetAuthorizationToken) and the repository calls (ecr_api.h) so that
// the credential chain, the endpoint override and the error wording exist once.
#pragma once

#include <string>

#include "remote/aws_credentials.h"
#include "remote/http_client.h"

namespace berth::remote {

struct EcrEndpoint {
  std::string account;  // empty for api.ecr.<region>...
  std::string region;
  std::string domain;  // "amazonaws.com", "amazonaws.com.cn", ...
  bool fips = false;
  bool is_public = false;  // ECR Public: the registry is the configured URL itself
};

// arn:<partition>:ecr:<region>:<account>:repository/<name>; empty when the endpoint names no
// account (api.ecr.<region> URLs).
std::string ecr_repository_arn(const EcrEndpoint& endpoint, const std::string& name);

// AWS's error code of a JSON error answer, without its namespace ("RepositoryNotFoundException"
// from "com.amazonaws...#RepositoryNotFoundException"), from the body's __type or else from the
// x-amzn-ErrorType header; empty when neither says.
std::string ecr_error_type(const std::string& body, const std::string& type_header);

// A clear message for an AWS JSON error answer (throws the matching RemoteError); `action` is
// the IAM action named when access is denied, `resource` (an ARN or a description) what it was
// denied on. AWS's own code and message are appended in parentheses.
[[noreturn]] void throw_ecr_error(int status, const std::string& body,
                                  const std::string& type_header,
                                  const std::string& action = "ecr:GetAuthorizationToken",
                                  const std::string& resource = "");

struct EcrReply {
  int status = 0;
  std::string body;
  std::string error_type;          // see ecr_error_type; empty on success
  std::string error_type_header;   // x-amzn-ErrorType, for throw_ecr_error
  std::string credentials_source;  // which credentials signed ("configured keys", ...)
};

class EcrCaller {
 public:
  // Empty `keys` use the AWS credential chain.
  EcrCaller(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http,
            EnvLookup env = process_env());

  const EcrEndpoint& endpoint() const { return endpoint_; }
  // AWS_ENDPOINT_URL_ECR (ECR_PUBLIC for ECR Public), else AWS_ENDPOINT_URL, else AWS's host.
  std::string api_url() const;
  // "ecr:" or "ecr-public:" + operation: the IAM action an operation needs.
  std::string action(const std::string& operation) const;

  // Signs `payload` (a JSON object) for `operation` ("CreateRepository") and POSTs it; 429, 5xx
  // and broken connections are retried. Any HTTP answer is returned (the caller decides which
  // AWS errors are outcomes); transport failures and missing credentials throw RemoteError.
  EcrReply call(const std::string& operation, const std::string& payload);

 private:
  EcrEndpoint endpoint_;
  AwsCredentials keys_;
  HttpOptions http_;
  EnvLookup env_;
  AwsCredentialChain chain_;
};

}  // namespace berth::remote
