// ECR URL parsing and token answers, AWS credential sources, the token cache, repository names,
// URL helpers.
#include <gtest/gtest.h>

#include "remote/aws_credentials.h"
#include "remote/crypto.h"
#include "remote/ecr_auth.h"
#include "remote/errors.h"
#include "remote/registry_client.h"
#include "remote/retry.h"
#include "remote/token_cache.h"
#include "remote/url.h"

using namespace berth::remote;
using namespace std::chrono_literals;

TEST(EcrUrl, AccountAndRegion) {
  auto e = parse_ecr_url("https://123456789012.dkr.ecr.us-west-2.amazonaws.com");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->account, "123456789012");
  EXPECT_EQ(e->region, "us-west-2");
  EXPECT_EQ(e->domain, "amazonaws.com");
  EXPECT_FALSE(e->fips);
}

TEST(EcrUrl, ApiChinaFipsAndRejects) {
  auto api = parse_ecr_url("https://api.ecr.eu-central-1.amazonaws.com/");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->account, "");
  EXPECT_EQ(api->region, "eu-central-1");
  auto cn = parse_ecr_url("https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
  ASSERT_TRUE(cn);
  EXPECT_EQ(cn->domain, "amazonaws.com.cn");
  auto fips = parse_ecr_url("https://123456789012.dkr.ecr-fips.us-east-1.amazonaws.com");
  ASSERT_TRUE(fips);
  EXPECT_TRUE(fips->fips);
  EXPECT_FALSE(parse_ecr_url("http://123456789012.dkr.ecr.us-west-2.amazonaws.com"));
  EXPECT_FALSE(parse_ecr_url("https://123.dkr.ecr.us-west-2.amazonaws.com"));
  EXPECT_FALSE(parse_ecr_url("https://api.ecr.us-west-2.amazonaws.com.evil.com"));
}

TEST(EcrUrl, ApiEndpointOverride) {
  auto e = *parse_ecr_url("https://123456789012.dkr.ecr.us-west-2.amazonaws.com");
  EnvLookup none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(EcrAuth(e, {}, {}, none).api_url(), "https://api.ecr.us-west-2.amazonaws.com");
  EnvLookup env = [](const std::string& k) -> std::optional<std::string> {
    if (k == "AWS_ENDPOINT_URL") return "http://127.0.0.1:1";
    if (k == "AWS_ENDPOINT_URL_ECR") return "http://127.0.0.1:2/";
    return std::nullopt;
  };
  EXPECT_EQ(EcrAuth(e, {}, {}, env).api_url(), "http://127.0.0.1:2");
}

TEST(EcrPublicUrl, RecognisedWithFixedRegion) {
  for (const char* url :
       {"https://public.ecr.aws", "https://public.ecr.aws/", "https://PUBLIC.ECR.AWS"}) {
    auto e = parse_ecr_url(url);
    ASSERT_TRUE(e) << url;
    EXPECT_TRUE(e->is_public);
    EXPECT_EQ(e->region, "us-east-1");
    EXPECT_EQ(e->account, "");
  }
  EXPECT_FALSE(parse_ecr_url("https://123456789012.dkr.ecr.us-west-2.amazonaws.com")->is_public);
  EXPECT_FALSE(parse_ecr_url("http://public.ecr.aws"));
  EXPECT_FALSE(parse_ecr_url("https://public.ecr.aws/team"));  // a repository, not the registry
  EXPECT_FALSE(parse_ecr_url("https://public.ecr.aws.evil.com"));
  EXPECT_FALSE(parse_ecr_url("https://public.ecr.aws:8443"));
  EXPECT_FALSE(parse_ecr_url("https://gallery.ecr.aws"));
}

TEST(EcrPublicUrl, ApiEndpointAndOverride) {
  auto e = *parse_ecr_url("https://public.ecr.aws");
  EnvLookup none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(EcrAuth(e, {}, {}, none).api_url(), "https://api.ecr-public.us-east-1.amazonaws.com");
  EnvLookup generic = [](const std::string& k) -> std::optional<std::string> {
    if (k == "AWS_ENDPOINT_URL") return "http://127.0.0.1:1";
    if (k == "AWS_ENDPOINT_URL_ECR") return "http://127.0.0.1:2";  // private ECR's, not ours
    return std::nullopt;
  };
  EXPECT_EQ(EcrAuth(e, {}, {}, generic).api_url(), "http://127.0.0.1:1");
  EnvLookup specific = [](const std::string& k) -> std::optional<std::string> {
    if (k == "AWS_ENDPOINT_URL") return "http://127.0.0.1:1";
    if (k == "AWS_ENDPOINT_URL_ECR_PUBLIC") return "http://127.0.0.1:3/";
    return std::nullopt;
  };
  EXPECT_EQ(EcrAuth(e, {}, {}, specific).api_url(), "http://127.0.0.1:3");
}

TEST(EcrPublicToken, SingleObjectAnswer) {
  auto now = Clock::from_time_t(1700000000);
  std::string tok = base64_encode("AWS:public-password");
  auto t = parse_ecr_public_token_response(
      R"({"authorizationData":{"authorizationToken":")" + tok + R"(","expiresAt":1700043200.5}})",
      now);
  EXPECT_EQ(t.credentials.username, "AWS");
  EXPECT_EQ(t.credentials.password, "public-password");
  EXPECT_EQ(t.proxy_endpoint, "");  // registry calls stay on https://public.ecr.aws
  EXPECT_EQ(t.usable_until, now + 1h - 5min);
  auto soon = parse_ecr_public_token_response(
      R"({"authorizationData":{"authorizationToken":")" + tok + R"(","expiresAt":1700000900}})",
      now);
  EXPECT_EQ(soon.usable_until, now + 15min - 5min);
  // The private API's list shape, a missing object or an unreadable token are protocol errors.
  EXPECT_THROW(parse_ecr_public_token_response(
                   R"({"authorizationData":[{"authorizationToken":")" + tok + R"("}]})", now),
               RemoteError);
  EXPECT_THROW(parse_ecr_public_token_response(R"({})", now), RemoteError);
  EXPECT_THROW(parse_ecr_public_token_response(
                   R"({"authorizationData":{"authorizationToken":"bm8tY29sb24="}})", now),
               RemoteError);
  EXPECT_THROW(parse_ecr_public_token_response("not json", now), RemoteError);
}

TEST(EcrPublicToken, AccessDeniedNamesThePublicAction) {
  try {
    throw_ecr_error(400, R"({"__type":"AccessDeniedException","message":"no"})", "",
                    "ecr-public:GetAuthorizationToken");
    FAIL();
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kForbidden);
    EXPECT_NE(std::string(e.what()).find("may not call ecr-public:GetAuthorizationToken"),
              std::string::npos);
  }
}

TEST(EcrToken, ParsesAndCapsLifetime) {
  auto now = Clock::from_time_t(1700000000);
  std::string tok = base64_encode("AWS:secret-password");
  auto t =
      parse_ecr_token_response(R"({"authorizationData":[{"authorizationToken":")" + tok +
                                   R"(","expiresAt":1700043200.123,"proxyEndpoint":"https://x"}]})",
                               now);
  EXPECT_EQ(t.credentials.username, "AWS");
  EXPECT_EQ(t.credentials.password, "secret-password");
  EXPECT_EQ(t.proxy_endpoint, "https://x");
  EXPECT_EQ(t.usable_until, now + 1h - 5min);  // 12 h validity capped to 1 h
  auto soon = parse_ecr_token_response(
      R"({"authorizationData":[{"authorizationToken":")" + tok + R"(","expiresAt":1700001200}]})",
      now);
  EXPECT_EQ(soon.usable_until, now + 20min - 5min);
  EXPECT_THROW(parse_ecr_token_response(R"({"authorizationData":[]})", now), RemoteError);
}

TEST(EcrToken, ErrorsAreClear) {
  try {
    throw_ecr_error(
        400,
        R"({"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."})",
        "");
    FAIL();
  } catch (const RemoteError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnauthorized);
    EXPECT_EQ(std::string(e.what()),
              "the AWS access key is invalid (AWS: UnrecognizedClientException: The security token "
              "included in the request is invalid.)");
  }
  try {
    throw_ecr_error(
        400, R"({"__type":"com.amazon.coral.service#InvalidSignatureException","message":"m"})",
        "");
    FAIL();
  } catch (const RemoteError& e) {
    EXPECT_NE(std::string(e.what()).find("secret access key is wrong"), std::string::npos);
  }
}

TEST(AwsCredentials, SharedFileProfiles) {
  std::string text =
      "# comment\n[default]\naws_access_key_id = AKID1\naws_secret_access_key=SECRET1\n\n"
      "[prod]\n aws_access_key_id=AKID2 \naws_secret_access_key = SECRET2\naws_session_token=TOK\n";
  auto d = parse_shared_credentials(text, "default");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->access_key_id, "AKID1");
  EXPECT_EQ(d->secret_access_key, "SECRET1");
  EXPECT_EQ(d->session_token, "");
  auto p = parse_shared_credentials(text, "prod");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->access_key_id, "AKID2");
  EXPECT_EQ(p->session_token, "TOK");
  EXPECT_FALSE(parse_shared_credentials(text, "missing"));
  EXPECT_FALSE(parse_shared_credentials("[default]\naws_access_key_id=A\n", "default"));
}

TEST(AwsCredentials, EnvironmentAndChainOrder) {
  std::map<std::string, std::string> vars{{"AWS_ACCESS_KEY_ID", "AKENV"},
                                          {"AWS_SECRET_ACCESS_KEY", "SENV"},
                                          {"AWS_SESSION_TOKEN", "TENV"}};
  EnvLookup env = [&](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    return it == vars.end() || it->second.empty() ? std::nullopt : std::optional(it->second);
  };
  AwsCredentialChain chain({}, "us-east-1", env);
  auto c = chain.resolve();
  EXPECT_EQ(c.access_key_id, "AKENV");
  EXPECT_EQ(c.session_token, "TENV");
  vars.clear();
  vars["HOME"] = "/nonexistent-berth-home";
  vars["AWS_EC2_METADATA_DISABLED"] = "true";  // never 169.254.169.254 from a test
  AwsCredentialChain empty({}, "us-east-1", env);
  try {
    empty.resolve();
    ADD_FAILURE() << "resolved credentials from nothing";
  } catch (const RemoteError& e) {
    std::string msg = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kUnauthorized);
    for (const char* source : {"AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE",
                               "shared credentials file", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                               "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)"})
      EXPECT_NE(msg.find(source), std::string::npos) << source << " missing in: " << msg;
  }
}

TEST(AwsCredentials, AssumeRoleXml) {
  std::string ok =
      "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
      "<AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s&amp;k</SecretAccessKey>"
      "<SessionToken>tok</SessionToken><Expiration>2030-01-02T03:04:05Z</Expiration>"
      "</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
  auto c = parse_assume_role_response(200, ok);
  EXPECT_EQ(c.access_key_id, "ASIAX");
  EXPECT_EQ(c.secret_access_key, "s&k");
  EXPECT_EQ(c.session_token, "tok");
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(*c.expiration, Clock::from_time_t(1893553445));
  std::string err =
      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
      "<Message>bad jwt</Message></Error></ErrorResponse>";
  try {
    parse_assume_role_response(400, err);
    FAIL();
  } catch (const RemoteError& e) {
    EXPECT_EQ(std::string(e.what()),
              "STS AssumeRoleWithWebIdentity failed: InvalidIdentityToken: bad jwt");
  }
}

TEST(TokenCache, ExpiresWithMargin) {
  TokenCache cache(30s);
  auto now = Clock::from_time_t(1700000000);
  cache.put("k", TokenResponse{"t1", 300s, std::nullopt}, now);
  EXPECT_EQ(cache.get("k", now + 269s), "t1");
  EXPECT_FALSE(cache.get("k", now + 270s));
  // Short tokens: the margin is at most half the lifetime.
  cache.put("short", TokenResponse{"t2", 60s, std::nullopt}, now);
  EXPECT_EQ(cache.get("short", now + 29s), "t2");
  EXPECT_FALSE(cache.get("short", now + 30s));
  // issued_at in the past shortens; in the future (skew) is ignored.
  cache.put("old", TokenResponse{"t3", 300s, now - 100s}, now);
  EXPECT_FALSE(cache.get("old", now + 170s));
  cache.put("future", TokenResponse{"t4", 300s, now + 1000s}, now);
  EXPECT_EQ(cache.get("future", now + 269s), "t4");
}

TEST(TokenCache, ParsesTokenResponses) {
  auto t = parse_token_response(
      R"({"access_token":"abc","expires_in":3600,"issued_at":"2024-01-02T03:04:05.123Z"})");
  EXPECT_EQ(t.token, "abc");
  EXPECT_EQ(t.expires_in, 3600s);
  ASSERT_TRUE(t.issued_at);
  EXPECT_EQ(*t.issued_at, Clock::from_time_t(1704164645));
  auto d = parse_token_response(R"({"token":"x"})");
  EXPECT_EQ(d.expires_in, 60s);
  EXPECT_EQ(parse_token_response(R"({"token":"x","expires_in":5})").expires_in, 60s);
  EXPECT_THROW(parse_token_response(R"({"expires_in":5})"), RemoteError);
  EXPECT_THROW(parse_token_response("<html>"), RemoteError);
}

TEST(TokenCache, BoundedEntries) {
  TokenCache cache(30s, 4);
  auto now = Clock::from_time_t(1700000000);
  for (int i = 0; i < 20; ++i)
    cache.put("k" + std::to_string(i), TokenResponse{"t", 300s, {}}, now);
  int present = 0;
  for (int i = 0; i < 20; ++i) present += cache.get("k" + std::to_string(i), now).has_value();
  EXPECT_LE(present, 4);
  EXPECT_TRUE(cache.get("k19", now));
}

TEST(Repository, DockerHubLibrary) {
  EXPECT_EQ(normalize_repository("docker-hub", "nginx"), "library/nginx");
  EXPECT_EQ(normalize_repository("docker-hub", "bitnami/nginx"), "bitnami/nginx");
  EXPECT_EQ(normalize_repository("docker-registry", "nginx"), "nginx");
  EXPECT_EQ(normalize_repository("aws-ecr", "team/app"), "team/app");
}

TEST(Url, ResolveAndOrigin) {
  EXPECT_EQ(resolve_url("http://a:5000/v2/x/blobs/uploads/", "/v2/x/blobs/uploads/u?_state=s"),
            "http://a:5000/v2/x/blobs/uploads/u?_state=s");
  EXPECT_EQ(resolve_url("https://a/v2/", "https://s3.example/b?sig=1"),
            "https://s3.example/b?sig=1");
  EXPECT_TRUE(same_origin("https://a/v2/", "https://A:443/x"));
  EXPECT_FALSE(same_origin("https://a/v2/", "http://a/v2/"));
  EXPECT_FALSE(same_origin("http://127.0.0.1:5000/", "http://localhost:5000/"));
  EXPECT_EQ(host_header(*parse_url("http://127.0.0.1:8080/x")), "127.0.0.1:8080");
  EXPECT_EQ(host_header(*parse_url("https://api.ecr.us-west-2.amazonaws.com/")),
            "api.ecr.us-west-2.amazonaws.com");
  EXPECT_EQ(percent_encode("a b/c:d"), "a%20b%2Fc%3Ad");
  EXPECT_EQ(percent_encode("a/b", true), "a/b");
  EXPECT_THROW(normalize_base_url("ftp://x"), RemoteError);
  EXPECT_EQ(normalize_base_url("https://x:5000/ "), "https://x:5000");
}

TEST(Retry, RetryAfterAndBackoff) {
  RetryPolicy p;
  HttpResponse r;
  r.status = 429;
  r.headers = {{"Retry-After", "2"}};
  EXPECT_EQ(retry_delay(p, 1, &r), std::chrono::milliseconds(2000));
  r.headers = {{"Retry-After", "3600"}};
  EXPECT_FALSE(retry_delay(p, 1, &r).has_value());
  for (int a = 1; a < 10; ++a) {
    auto d = retry_delay(p, a, nullptr);
    ASSERT_TRUE(d);
    EXPECT_LE(*d, p.max_backoff);
    EXPECT_GE(*d, std::min(p.initial_backoff * (1 << (a - 1)), p.max_backoff) / 2);
  }
  EXPECT_TRUE(is_retryable_status(503));
  EXPECT_FALSE(is_retryable_status(404));
  EXPECT_TRUE(is_retryable_error(ErrorKind::kConnectionRefused));
  EXPECT_FALSE(is_retryable_error(ErrorKind::kTls));
}

TEST(Crypto, Base64AndDigests) {
  EXPECT_EQ(base64_encode("AWS:pw"), "QVdTOnB3");
  EXPECT_EQ(base64_decode("QVdTOnB3"), "AWS:pw");
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_FALSE(base64_decode("abc"));
  auto h = DigestHasher::for_digest("sha256:");
  h->update("abc", 3);
  EXPECT_EQ(h->finish(), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(DigestHasher::for_digest("md5:x"));
  EXPECT_TRUE(is_digest("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_FALSE(
      is_digest("sha256:BA7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}
