// The portal's file lookup: which paths may name a file of the site, and the content types.
#include <gtest/gtest.h>

#include "http/static_site.h"

namespace berth::http {
namespace {

TEST(StaticSite, SafePathsAreNamesInsideTheDirectory) {
  EXPECT_TRUE(safe_site_path("/index.html"));
  EXPECT_TRUE(safe_site_path("/assets/index-B8XHg8M0.js"));
  EXPECT_TRUE(safe_site_path("/favicon.svg"));
  EXPECT_TRUE(safe_site_path("/a_b/c-d.e"));
}

TEST(StaticSite, UnsafePathsAreRefused) {
  for (const char* p : {"", "/", "index.html", "/..", "/../etc/passwd", "/assets/../../x", "/.hidden",
                        "/assets/.git/config", "//etc/passwd", "/assets//x.js", "/assets/", "/a b",
                        "/a%2e%2e", "/a\\b"}) {
    EXPECT_FALSE(safe_site_path(p)) << p;
  }
  EXPECT_FALSE(safe_site_path("/" + std::string(600, 'a')));
}

TEST(StaticSite, ContentTypes) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/favicon.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("/font.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("/x.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace berth::http
