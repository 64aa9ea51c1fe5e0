// AWS SigV4 test-suite vectors (region us-east-1, service "service", 20150830T123600Z).
#include "remote/aws_sigv4.h"

#include <gtest/gtest.h>

using berth::remote::AwsCredentials;
using berth::remote::sigv4_sign;
using berth::remote::SigV4Request;

namespace {
const AwsCredentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, ""};
const char* kDate = "20150830T123600Z";
const std::string kPrefix =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

SigV4Request base(const std::string& method) {
  SigV4Request r;
  r.method = method;
  r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", kDate}};
  return r;
}

std::string sign(const SigV4Request& r) {
  return sigv4_sign(r, kCreds, "us-east-1", "service", kDate).authorization;
}
}  // namespace

TEST(SigV4, GetVanilla) {
  auto r = base("GET");
  auto s = sigv4_sign(r, kCreds, "us-east-1", "service", kDate);
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(s.authorization,
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, GetVanillaQueryOrderKeyCase) {
  auto r = base("GET");
  r.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4, GetVanillaQueryUnreserved) {
  auto r = base("GET");
  std::string u = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  r.query = {{u, u}};
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197");
}

TEST(SigV4, GetVanillaUtf8Query) {
  auto r = base("GET");
  r.query = {{"\xE1\x88\xB4", "bar"}};
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
}

TEST(SigV4, GetUnreservedPath) {
  auto r = base("GET");
  r.path = "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
}

TEST(SigV4, GetUtf8Path) {
  auto r = base("GET");
  r.path = "/\xE1\x88\xB4";
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST(SigV4, GetHeaderKeyDuplicate) {
  auto r = base("GET");
  r.headers.insert(r.headers.begin() + 1,
                   {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}});
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;my-header1;x-amz-date, "
                "Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
}

TEST(SigV4, GetHeaderValueTrim) {
  auto r = base("GET");
  r.headers.push_back({"My-Header1", " value1"});
  r.headers.push_back({"My-Header2", " \"a   b   c\""});
  auto s = sigv4_sign(r, kCreds, "us-east-1", "service", kDate);
  EXPECT_NE(s.canonical_request.find("my-header2:\"a b c\"\n"), std::string::npos);
  EXPECT_EQ(s.authorization,
            kPrefix +
                "SignedHeaders=host;my-header1;my-header2;x-amz-date, "
                "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
}

TEST(SigV4, PostVanilla) {
  EXPECT_EQ(sign(base("POST")),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4, PostVanillaQuery) {
  auto r = base("POST");
  r.query = {{"Param1", "value1"}};
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11");
}

TEST(SigV4, PostHeaderKeySortAndValueCase) {
  auto r = base("POST");
  r.headers.push_back({"My-Header1", "value1"});
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;my-header1;x-amz-date, "
                "Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c");
  r.headers.back().second = "VALUE1";
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;my-header1;x-amz-date, "
                "Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
}

TEST(SigV4, PostVanillaQueryNonunreserved) {
  auto r = base("POST");
  r.query = {{"@#$%^", ""}, {"+", "/,?><`\";:\\|][{}"}};
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=host;x-amz-date, "
                "Signature=66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e");
}

TEST(SigV4, PostXWwwFormUrlencoded) {
  auto r = base("POST");
  r.headers.insert(r.headers.begin(), {"Content-Type", "application/x-www-form-urlencoded"});
  r.payload = "Param1=value1";
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=content-type;host;x-amz-date, "
                "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  r.headers.front().second = "application/x-www-form-urlencoded; charset=utf8";
  EXPECT_EQ(sign(r),
            kPrefix +
                "SignedHeaders=content-type;host;x-amz-date, "
                "Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe");
}

TEST(SigV4, SignHeadersAddsDateTokenAndAuthorization) {
  SigV4Request r;
  r.method = "POST";
  r.headers = {{"Host", "api.ecr.us-west-2.amazonaws.com"}};
  AwsCredentials c = kCreds;
  c.session_token = "SESSION";
  berth::remote::sigv4_sign_headers(r, c, "us-west-2", "ecr",
                                    std::chrono::system_clock::from_time_t(1440938160));
  ASSERT_EQ(r.headers.size(), 4u);
  EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"X-Amz-Date", kDate}));
  EXPECT_EQ(r.headers[2].first, "X-Amz-Security-Token");
  EXPECT_NE(r.headers[3].second.find("SignedHeaders=host;x-amz-date;x-amz-security-token, "),
            std::string::npos);
  EXPECT_NE(r.headers[3].second.find("/20150830/us-west-2/ecr/aws4_request"), std::string::npos);
}
