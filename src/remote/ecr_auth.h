// Amazon ECR authentication: GetAuthorizationToken (JSON 1.1 protocol, SigV4-signed with
// service "ecr") yields a base64 "AWS:<password>" valid for 12 hours and the proxyEndpoint to
// use; registry calls then go to that endpoint with Basic auth.
//
// Amazon ECR Public (https://public.ecr.aws) works the same way with another API: service
// "ecr-public", always us-east-1, target SpencerFrontendService.GetAuthorizationToken, and an
// answer without proxyEndpoint. Its registry answers 401 with a Bearer challenge; the token
// service takes Basic AWS:<password>, which the normal challenge flow sends.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "remote/aws_credentials.h"
#include "remote/ecr_call.h"
#include "remote/registry_client.h"
#include "remote/token_cache.h"

namespace berth::remote {

// https://<account>.dkr.ecr.<region>.amazonaws.com or https://api.ecr.<region>.amazonaws.com
// (also -fips, .amazonaws.com.cn, C2S/SC2S), or https://public.ecr.aws (ECR Public, region
// us-east-1); nullopt for anything else.
std::optional<EcrEndpoint> parse_ecr_url(const std::string& url);

struct EcrToken {
  Credentials credentials;  // usually user "AWS"
  std::string proxy_endpoint;
  Clock::time_point usable_until;
};

// authorizationData[0] of a GetAuthorizationToken answer; cached for min(1 h, expiresAt) minus
// `margin`. Throws RemoteError(kProtocol) when malformed.
EcrToken parse_ecr_token_response(const std::string& json, Clock::time_point now,
                                  std::chrono::seconds margin = std::chrono::minutes(5));

// ECR Public's answer: authorizationData is one object and has no proxyEndpoint (the result's
// proxy_endpoint stays empty). Same lifetime rule; throws RemoteError(kProtocol) when malformed.
EcrToken parse_ecr_public_token_response(const std::string& json, Clock::time_point now,
                                         std::chrono::seconds margin = std::chrono::minutes(5));

class EcrAuth {
 public:
  // Empty `keys` use the AWS credential chain.
  EcrAuth(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http,
          EnvLookup env = process_env());

  EcrToken token();  // cached; one refresh at a time
  CredentialProvider provider();
  // AWS_ENDPOINT_URL_ECR (ECR_PUBLIC for ECR Public), else AWS_ENDPOINT_URL, else AWS's host.
  std::string api_url() const;

 private:
  EcrToken fetch();

  EcrCaller caller_;
  std::mutex mutex_;
  std::optional<EcrToken> cached_;
};

}  // namespace berth::remote
