// Amazon ECR control-plane calls: request bodies, registryId from the URL, BatchDeleteImage
// answers, the error messages (tests/integration/test_ecr_api.sh drives them against the fake).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "remote/ecr_api.h"
#include "remote/ecr_auth.h"
#include "remote/errors.h"

using namespace berth::remote;
using nlohmann::json;

namespace {

EnvLookup no_env() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RemoteError& e) {
    return std::string(error_kind_name(e.kind())) + " " + e.what();
  }
  return "no error";
}

}  // namespace

TEST(EcrApiBody, DescribeNamesTheRegistry) {
  EXPECT_EQ(json::parse(ecr_describe_repository_body("123456789012", "team/app")),
            json::parse(R"({"repositoryNames":["team/app"],"registryId":"123456789012"})"));
  EXPECT_EQ(json::parse(ecr_describe_repository_body("", "app")),
            json::parse(R"({"repositoryNames":["app"]})"));
}

TEST(EcrApiBody, ListPagesThroughTheRegistry) {
  // No repositoryNames: every repository of the URL's account, a page at a time.
  EXPECT_EQ(json::parse(ecr_list_repositories_body("123456789012", "", 1000)),
            json::parse(R"({"registryId":"123456789012","maxResults":1000})"));
  EXPECT_EQ(json::parse(ecr_list_repositories_body("", "tok/+=", 1000)),
            json::parse(R"({"maxResults":1000,"nextToken":"tok/+="})"));
}

TEST(EcrApiResponse, ListPageNamesAndToken) {
  auto page = parse_describe_repositories_page(
      R"({"repositories":[{"repositoryName":"team/app","registryId":"123456789012",
          "repositoryArn":"arn:aws:ecr:us-west-2:123456789012:repository/team/app"},
          {"repositoryName":"b"}],"nextToken":"abc"})");
  EXPECT_EQ(page.names, (std::vector<std::string>{"team/app", "b"}));
  EXPECT_EQ(page.next_token, "abc");
  // The last page: no nextToken (or null); an empty registry has no repositories at all.
  page = parse_describe_repositories_page(R"({"repositories":[{"repositoryName":"c"}]})");
  EXPECT_EQ(page.names, (std::vector<std::string>{"c"}));
  EXPECT_EQ(page.next_token, "");
  page = parse_describe_repositories_page(R"({"repositories":[],"nextToken":null})");
  EXPECT_TRUE(page.names.empty());
  EXPECT_EQ(page.next_token, "");
  EXPECT_TRUE(parse_describe_repositories_page("{}").names.empty());
  // Malformed answers are protocol errors, not an empty listing.
  for (const char* bad :
       {"<html>", "[]", R"({"repositories":{}})", R"({"repositories":[{}]})",
        R"({"repositories":[{"repositoryName":7}]})", R"({"repositories":[],"nextToken":5})"})
    EXPECT_EQ(message_of([&] { parse_describe_repositories_page(bad); }).substr(0, 9), "protocol ")
        << bad;
}

TEST(EcrApiBody, CreateCarriesTheSettings) {
  EXPECT_EQ(json::parse(ecr_create_repository_body("210987654321", "team/app", {true, true})),
            json::parse(R"({"repositoryName":"team/app","registryId":"210987654321",
                            "imageTagMutability":"IMMUTABLE",
                            "imageScanningConfiguration":{"scanOnPush":true}})"));
  EXPECT_EQ(json::parse(ecr_create_repository_body("", "app", {})),
            json::parse(R"({"repositoryName":"app","imageTagMutability":"MUTABLE",
                            "imageScanningConfiguration":{"scanOnPush":false}})"));
}

TEST(EcrApiBody, DeleteByTagOrDigest) {
  EXPECT_EQ(json::parse(ecr_batch_delete_image_body("123456789012", "team/app", "v1")),
            json::parse(R"({"repositoryName":"team/app","registryId":"123456789012",
                            "imageIds":[{"imageTag":"v1"}]})"));
  std::string d = "sha256:" + std::string(64, 'a');
  EXPECT_EQ(json::parse(ecr_batch_delete_image_body("", "app", d)),
            json::parse(R"({"repositoryName":"app","imageIds":[{"imageDigest":")" + d + R"("}]})"));
}

TEST(EcrApiResponse, BatchDeleteCountsImages) {
  std::string d = "sha256:" + std::string(64, 'b');
  EXPECT_EQ(parse_batch_delete_image_response(R"({"imageIds":[{"imageDigest":")" + d +
                                              R"(","imageTag":"v1"}],"failures":[]})"),
            1);
  // Deleting by digest reports one entry per tag: still one image.
  EXPECT_EQ(parse_batch_delete_image_response(R"({"imageIds":[{"imageDigest":")" + d +
                                              R"(","imageTag":"v1"},{"imageDigest":")" + d +
                                              R"(","imageTag":"v2"}],"failures":[]})"),
            1);
  EXPECT_EQ(parse_batch_delete_image_response(
                R"({"imageIds":[],"failures":[{"imageId":{"imageTag":"v9"},
                    "failureCode":"ImageNotFound","failureReason":"Requested image not found"}]})"),
            0);
  EXPECT_EQ(
      message_of([] {
        parse_batch_delete_image_response(
            R"({"imageIds":[],"failures":[{"imageId":{"imageDigest":"sha256:x"},
                      "failureCode":"InvalidImageDigest","failureReason":"bad digest"}]})");
      }),
      "protocol ECR BatchDeleteImage refused the image (AWS: InvalidImageDigest: bad digest)");
  EXPECT_THROW(parse_batch_delete_image_response("<html>"), RemoteError);
}

TEST(EcrApi, RegistryIdIsTheUrlsAccount) {
  auto acct = *parse_ecr_url("https://210987654321.dkr.ecr.eu-west-1.amazonaws.com");
  EXPECT_EQ(EcrApi(acct, {}, {}, no_env()).registry_id(), "210987654321");
  auto api = *parse_ecr_url("https://api.ecr.eu-west-1.amazonaws.com");
  EXPECT_EQ(EcrApi(api, {}, {}, no_env()).registry_id(), "");
  EXPECT_EQ(EcrApi(api, {}, {}, no_env()).api_url(), "https://api.ecr.eu-west-1.amazonaws.com");
  auto pub = *parse_ecr_url("https://public.ecr.aws");
  EXPECT_EQ(message_of([&] { EcrApi(pub, {}, {}, no_env()); }).substr(0, 7), "config ");
}

TEST(EcrApi, RepositoryArnPerPartition) {
  EXPECT_EQ(ecr_repository_arn(
                *parse_ecr_url("https://123456789012.dkr.ecr.us-west-2.amazonaws.com"), "team/app"),
            "arn:aws:ecr:us-west-2:123456789012:repository/team/app");
  EXPECT_EQ(ecr_repository_arn(
                *parse_ecr_url("https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"), "a"),
            "arn:aws-cn:ecr:cn-north-1:123456789012:repository/a");
  EXPECT_EQ(ecr_repository_arn(
                *parse_ecr_url("https://123456789012.dkr.ecr.us-gov-west-1.amazonaws.com"), "a"),
            "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/a");
  EXPECT_EQ(ecr_repository_arn(*parse_ecr_url("https://api.ecr.us-west-2.amazonaws.com"), "a"), "");
}

TEST(EcrApiErrors, AccessDeniedNamesActionAndResource) {
  std::string body =
      R"({"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/test is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:us-west-2:123456789012:repository/team/app because no identity-based policy allows the ecr:CreateRepository action"})";
  std::string m = message_of([&] {
    throw_ecr_error(400, body, "AccessDeniedException:", "ecr:CreateRepository",
                    "arn:aws:ecr:us-west-2:123456789012:repository/team/app");
  });
  EXPECT_EQ(m.substr(0, m.find(" (AWS:")),
            "forbidden the AWS credentials may not call ecr:CreateRepository on "
            "arn:aws:ecr:us-west-2:123456789012:repository/team/app");
  EXPECT_NE(m.find("(AWS: AccessDeniedException: User: arn:aws:iam::123456789012:user/test"),
            std::string::npos);
}

TEST(EcrApiErrors, KeysThrottlingAndOthers) {
  EXPECT_EQ(message_of([] {
              throw_ecr_error(400, R"({"__type":"InvalidSignatureException","message":"m"})", "",
                              "ecr:DescribeRepositories", "x");
            }),
            "unauthorized the AWS secret access key is wrong (signature mismatch) (AWS: "
            "InvalidSignatureException: m)");
  EXPECT_EQ(message_of([] {
              throw_ecr_error(400, "", "UnrecognizedClientException:http://internal",
                              "ecr:BatchDeleteImage");
            }),
            "unauthorized the AWS access key is invalid (AWS: UnrecognizedClientException)");
  EXPECT_EQ(message_of([] {
              throw_ecr_error(400, R"({"__type":"ThrottlingException"})", "",
                              "ecr:CreateRepository");
            }),
            "rate-limited ECR throttled CreateRepository (AWS: ThrottlingException)");
  EXPECT_EQ(
      message_of([] {
        throw_ecr_error(
            400,
            R"({"__type":"com.amazonaws.ecr#InvalidParameterException","message":"Invalid parameter at 'repositoryName'"})",
            "", "ecr:CreateRepository");
      }),
      "protocol ECR CreateRepository failed (AWS: InvalidParameterException: Invalid parameter at "
      "'repositoryName')");
  EXPECT_EQ(message_of([] { throw_ecr_error(503, "", "", "ecr:DescribeRepositories"); }),
            "server ECR DescribeRepositories failed (AWS: HTTP 503)");
}

TEST(EcrApiErrors, ErrorTypeWithoutNamespace) {
  EXPECT_EQ(ecr_error_type(R"({"__type":"com.amazonaws.ecr#RepositoryNotFoundException"})", ""),
            "RepositoryNotFoundException");
  EXPECT_EQ(ecr_error_type("", "RepositoryAlreadyExistsException:http://internal.amazon.com"),
            "RepositoryAlreadyExistsException");
  EXPECT_EQ(ecr_error_type("{}", ""), "");
}
