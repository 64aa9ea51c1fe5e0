#include "remote/ecr_call.h"

#include <nlohmann/json.hpp>

#include "remote/errors.h"
#include "remote/retry.h"
#include "remote/url.h"

namespace berth::remote {
namespace {

// The partition of an ARN follows from where the endpoint lives.
std::string partition(const EcrEndpoint& e) {
  if (e.domain == "amazonaws.com.cn") return "aws-cn";
  if (e.domain == "c2s.ic.gov") return "aws-iso";
  if (e.domain == "sc2s.sgov.gov") return "aws-iso-b";
  if (e.region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

// "ecr:CreateRepository" → "CreateRepository" (for "ECR <operation> failed").
std::string operation_of(const std::string& action) {
  auto colon = action.find(':');
  return colon == std::string::npos ? action : action.substr(colon + 1);
}

std::string aws_message(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  std::string msg;
  if (j.is_object())
    for (const char* k : {"message", "Message"})
      if (j.contains(k) && j[k].is_string()) msg = j[k].get<std::string>();
  return msg;
}

}  // namespace

std::string ecr_repository_arn(const EcrEndpoint& endpoint, const std::string& name) {
  if (endpoint.account.empty()) return "";
  return "arn:" + partition(endpoint) + ":ecr:" + endpoint.region + ":" + endpoint.account +
         ":repository/" + name;
}

std::string ecr_error_type(const std::string& body, const std::string& type_header) {
  // The header is "Type:https://internal..." on some services; the body wins when it has one.
  std::string type = type_header.substr(0, type_header.find(':'));
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("__type") && j["__type"].is_string())
    type = j["__type"].get<std::string>();
  auto hash = type.find('#');
  return hash == std::string::npos ? type : type.substr(hash + 1);
}

void throw_ecr_error(int status, const std::string& body, const std::string& type_header,
                     const std::string& action, const std::string& resource) {
  std::string type = ecr_error_type(body, type_header);
  std::string msg = aws_message(body);
  std::string op = operation_of(action);
  std::string aws = " (AWS: " + (type.empty() ? "HTTP " + std::to_string(status) : type) +
                    (msg.empty() ? "" : ": " + msg) + ")";
  if (type == "UnrecognizedClientException" || type == "InvalidClientTokenId")
    throw RemoteError(ErrorKind::kUnauthorized, "the AWS access key is invalid" + aws, status);
  if (type == "InvalidSignatureException" || type == "SignatureDoesNotMatch")
    throw RemoteError(ErrorKind::kUnauthorized,
                      "the AWS secret access key is wrong (signature mismatch)" + aws, status);
  if (type == "ExpiredTokenException")
    throw RemoteError(ErrorKind::kUnauthorized, "the AWS session token has expired" + aws, status);
  if (type == "AccessDeniedException" || type == "AccessDenied")
    throw RemoteError(ErrorKind::kForbidden,
                      "the AWS credentials may not call " + action +
                          (resource.empty() ? "" : " on " + resource) + aws,
                      status);
  if (type == "ThrottlingException" || status == 429)
    throw RemoteError(ErrorKind::kRateLimited, "ECR throttled " + op + aws, status);
  if (type == "RepositoryNotFoundException")
    throw RemoteError(ErrorKind::kNotFound, "ECR " + op + ": the repository does not exist" + aws,
                      status);
  throw RemoteError(status >= 500 ? ErrorKind::kServer : ErrorKind::kProtocol,
                    "ECR " + op + " failed" + aws, status);
}

EcrCaller::EcrCaller(EcrEndpoint endpoint, AwsCredentials keys, HttpOptions http, EnvLookup env)
    : endpoint_(std::move(endpoint)),
      keys_(std::move(keys)),
      http_(std::move(http)),
      env_(env),
      chain_(http_, endpoint_.region, env) {}

std::string EcrCaller::api_url() const {
  // "ECR_PUBLIC": the SDKs' environment name for service id "ECR PUBLIC".
  if (endpoint_.is_public)
    return aws_endpoint_url(env_, "ECR_PUBLIC", "https://api.ecr-public.us-east-1.amazonaws.com");
  std::string host = "api.ecr" + std::string(endpoint_.fips ? "-fips" : "") + "." +
                     endpoint_.region + "." + endpoint_.domain;
  return aws_endpoint_url(env_, "ECR", "https://" + host);
}

std::string EcrCaller::action(const std::string& operation) const {
  return (endpoint_.is_public ? "ecr-public:" : "ecr:") + operation;
}

EcrReply EcrCaller::call(const std::string& operation, const std::string& payload) {
  AwsCredentials creds = keys_.empty() ? chain_.resolve() : keys_;
  std::string url = api_url() + "/";
  auto parts = parse_url(url);
  if (!parts) throw RemoteError(ErrorKind::kConfig, "not an http(s) ECR API URL: " + url);
  const bool pub = endpoint_.is_public;
  SigV4Request sreq;
  sreq.method = "POST";
  sreq.path = "/";
  sreq.payload = payload;
  sreq.headers = {{"Host", host_header(*parts)},
                  {"Content-Type", "application/x-amz-json-1.1"},
                  {"X-Amz-Target", std::string(pub ? "SpencerFrontendService."
                                                   : "AmazonEC2ContainerRegistry_V20150921.") +
                                       operation}};
  sigv4_sign_headers(sreq, creds, endpoint_.region, pub ? "ecr-public" : "ecr",
                     std::chrono::system_clock::now());
  HttpRequest req;
  req.method = "POST";
  req.url = url;
  req.headers = sreq.headers;
  req.body = sreq.payload;
  req.follow_redirects = false;
  HttpClient client(http_);
  HttpResponse resp = send_with_retries(client, RetryPolicy{}, req, 1 << 20);
  EcrReply reply;
  reply.status = resp.status;
  reply.body = std::move(resp.body);
  reply.credentials_source = creds.source.empty() ? "configured keys" : creds.source;
  if (reply.status != 200) {
    reply.error_type_header = resp.header("x-amzn-ErrorType").value_or("");
    reply.error_type = ecr_error_type(reply.body, reply.error_type_header);
  }
  return reply;
}

}  // namespace berth::remote
