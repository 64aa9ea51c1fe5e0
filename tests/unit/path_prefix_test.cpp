// The prefix a reverse proxy serves Berth under: only clean paths pass, since they end up in the
// portal's index.html; and the <base> element index.html gets for a request.
#include <gtest/gtest.h>

#include "base/path_prefix.h"
#include "http/static_site.h"

namespace berth {
namespace {

TEST(PathPrefix, CleanPathsAreNormalised) {
  EXPECT_EQ(base::clean_path_prefix(""), "/");
  EXPECT_EQ(base::clean_path_prefix("/"), "/");
  EXPECT_EQ(base::clean_path_prefix("/reg"), "/reg/");
  EXPECT_EQ(base::clean_path_prefix("/reg/"), "/reg/");
  EXPECT_EQ(base::clean_path_prefix("/a/b-c_d.e~f/"), "/a/b-c_d.e~f/");
}

TEST(PathPrefix, UnsafePathsAreRefused) {
  for (const char* p : {"reg", "//reg", "/reg//x", "/reg//", "/..", "/reg/../x", "/.hidden",
                        "/reg\"><script>alert(1)</script>", "/reg'", "/a b", "/a%2fb", "/a\\b",
                        "/a<b", "/reg, /other", "https://evil.example/", "//evil.example",
                        "/a?b", "/a#b", "/a\nb"}) {
    EXPECT_FALSE(base::clean_path_prefix(p)) << p;
  }
  EXPECT_FALSE(base::clean_path_prefix("/" + std::string(250, 'a')));
}

TEST(PathPrefix, UrlPath) {
  EXPECT_EQ(base::url_path("https://host/reg"), "/reg");
  EXPECT_EQ(base::url_path("https://host:8443/reg/ui/?x=1"), "/reg/ui/");
  EXPECT_EQ(base::url_path("https://host:8443"), "");
  EXPECT_EQ(base::url_path("https://host?x=/y"), "");
  EXPECT_EQ(base::url_path("host/reg"), "");
}

TEST(PathPrefix, BaseElementGoesFirstInTheHead) {
  std::string html = "<!doctype html><html><head><meta charset=\"utf-8\"><script src=\"./a.js\">"
                     "</script></head><body></body></html>";
  EXPECT_EQ(http::with_base_href(html, "/reg/"),
            "<!doctype html><html><head><base href=\"/reg/\"><meta charset=\"utf-8\"><script "
            "src=\"./a.js\"></script></head><body></body></html>");
  EXPECT_EQ(http::with_base_href("<p>no head</p>", "/reg/"), "<p>no head</p>");
}

TEST(PathPrefix, ProxyHeaderWinsOnlyWhenClean) {
  http::Request req;
  EXPECT_EQ(http::request_base_path(req, "/cfg/"), "/cfg/");
  req.headers.emplace_back("X-Forwarded-Prefix", "/reg");
  EXPECT_EQ(http::request_base_path(req, "/cfg/"), "/reg/");
  req.headers.back().second = "/reg\"><script>alert(1)</script>";
  EXPECT_EQ(http::request_base_path(req, "/cfg/"), "/cfg/");
  req.headers.back().second = "/";
  EXPECT_EQ(http::request_base_path(req, "/cfg/"), "/");
}

}  // namespace
}  // namespace berth
