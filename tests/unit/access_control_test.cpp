#include "registry/access_control.h"

#include <gtest/gtest.h>

using namespace berth::registry;

namespace {
NeededAccess need(const std::string& method, const std::string& path) {
  return needed_access(method, parse_route(path));
}
}  // namespace

TEST(RegistryNeededAccess, BaseAndCatalog) {
  EXPECT_EQ(need("GET", "/v2/").action, "login");
  EXPECT_EQ(need("GET", "/v2/_catalog").action, "catalog");
}

TEST(RegistryNeededAccess, ReadsArePulls) {
  for (const char* p : {"/v2/p/r/manifests/v1",
                        "/v2/p/r/blobs/sha256:"
                        "0000000000000000000000000000000000000000000000000000000000000000",
                        "/v2/p/r/tags/list",
                        "/v2/p/r/referrers/sha256:"
                        "0000000000000000000000000000000000000000000000000000000000000000"}) {
    auto n = need("GET", p);
    EXPECT_EQ(n.action, "pull") << p;
    EXPECT_EQ(n.repository, "p/r") << p;
    EXPECT_EQ(need("HEAD", p).action, "pull") << p;
  }
}

TEST(RegistryNeededAccess, WritesArePushesAndDeletesAreDeletes) {
  EXPECT_EQ(need("POST", "/v2/p/r/blobs/uploads/").action, "push");
  EXPECT_EQ(need("PATCH", "/v2/p/r/blobs/uploads/abc").action, "push");
  EXPECT_EQ(need("PUT", "/v2/p/r/blobs/uploads/abc").action, "push");
  EXPECT_EQ(need("GET", "/v2/p/r/blobs/uploads/abc").action, "push");     // upload status
  EXPECT_EQ(need("DELETE", "/v2/p/r/blobs/uploads/abc").action, "push");  // cancel
  EXPECT_EQ(need("PUT", "/v2/p/r/manifests/v1").action, "push");
  EXPECT_EQ(need("DELETE", "/v2/p/r/manifests/v1").action, "delete");
  EXPECT_EQ(need("DELETE",
                 "/v2/p/r/blobs/sha256:"
                 "0000000000000000000000000000000000000000000000000000000000000000")
                .action,
            "delete");
}
