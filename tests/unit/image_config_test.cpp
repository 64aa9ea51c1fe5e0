// Image config fields for the scan report (src/scan/image_config): os, architecture, diff_ids.
#include "scan/image_config.h"

#include <gtest/gtest.h>

using namespace berth::scan;

TEST(ScanImageConfig, ReadsOsArchitectureAndDiffIds) {
  auto c = parse_image_config(
      R"({"architecture":"amd64","os":"linux","config":{},
          "rootfs":{"type":"layers","diff_ids":["sha256:aa","sha256:bb"]}})");
  EXPECT_EQ(c.os, "linux");
  EXPECT_EQ(c.architecture, "amd64");
  EXPECT_EQ(c.diff_ids, (std::vector<std::string>{"sha256:aa", "sha256:bb"}));
  EXPECT_EQ(diff_id_for_layer(c, 2, 0), "sha256:aa");
  EXPECT_EQ(diff_id_for_layer(c, 2, 1), "sha256:bb");
  EXPECT_EQ(diff_id_for_layer(c, 2, 2), "");
  // A config that does not list one diff_id per manifest layer: none is used.
  EXPECT_EQ(diff_id_for_layer(c, 3, 0), "");
}

TEST(ScanImageConfig, BadConfigsGiveEmptyFields) {
  for (const char* text : {"", "not json", "[]", R"({"os":1,"architecture":null})",
                           R"({"rootfs":{"diff_ids":"sha256:aa"}})", R"({"rootfs":[]})"}) {
    SCOPED_TRACE(text);
    auto c = parse_image_config(text);
    EXPECT_EQ(c.os, "");
    EXPECT_EQ(c.architecture, "");
    EXPECT_TRUE(c.diff_ids.empty());
  }
  auto c = parse_image_config(R"({"os":"linux","rootfs":{"diff_ids":["sha256:aa",7]}})");
  EXPECT_EQ(c.os, "linux");
  EXPECT_TRUE(c.diff_ids.empty());
}
