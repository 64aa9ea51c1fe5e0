#include "scan/analyze/virtual_fs.h"

#include <gtest/gtest.h>

using namespace berth::scan;

namespace {

VfsNode f(std::string data) {
  return {VfsNode::Type::kFile, std::move(data), "", 0644, false};
}
VfsNode l(std::string target) {
  return {VfsNode::Type::kSymlink, "", std::move(target), 0777, false};
}

}  // namespace

TEST(ScanVirtualFs, NormalizesLayerPaths) {
  EXPECT_EQ(normalize_layer_path("./etc//os-release"), "etc/os-release");
  EXPECT_EQ(normalize_layer_path("/usr/lib/../lib/os-release"), "usr/lib/os-release");
  EXPECT_EQ(normalize_layer_path("../../etc/passwd"), "etc/passwd");
  EXPECT_EQ(normalize_layer_path("a/b/../../../../c"), "c");
  EXPECT_EQ(normalize_layer_path("./"), "");
  EXPECT_EQ(normalize_layer_path("dir/"), "dir");
  EXPECT_FALSE(normalize_layer_path(std::string_view("a\0b", 3)));
}

TEST(ScanVirtualFs, RemoveTreeAndClearDir) {
  VirtualFs fs;
  fs.put("a/b/c", f("1"));
  fs.put("a/b2", f("22"));
  fs.put("a/b", f("333"));  // a file named like the directory prefix
  fs.put("ab", f("4444"));
  EXPECT_EQ(fs.bytes(), 10u);
  fs.remove_tree("a/b");
  EXPECT_EQ(fs.find("a/b"), nullptr);
  EXPECT_EQ(fs.find("a/b/c"), nullptr);
  EXPECT_NE(fs.find("a/b2"), nullptr);
  fs.clear_dir("a");
  EXPECT_EQ(fs.find("a/b2"), nullptr);
  EXPECT_NE(fs.find("ab"), nullptr);
  EXPECT_EQ(fs.bytes(), 4u);
}

TEST(ScanVirtualFs, ResolvesSymlinksWithinTheView) {
  VirtualFs fs;
  fs.put("usr/lib/sysimage/rpm/rpmdb.sqlite", f("db"));
  fs.put("var/lib/rpm", l("../../usr/lib/sysimage/rpm"));
  fs.put("etc/os-release", l("/usr/lib/os-release"));
  fs.put("usr/lib/os-release", f("ID=x"));
  fs.put("x", l("y"));
  fs.put("y", l("x"));
  fs.put("self", l("self/a"));
  fs.put("up", l("../../../../usr/lib/os-release"));
  EXPECT_EQ(fs.resolve("var/lib/rpm/rpmdb.sqlite"), "usr/lib/sysimage/rpm/rpmdb.sqlite");
  EXPECT_EQ(fs.resolve("etc/os-release"), "usr/lib/os-release");
  EXPECT_EQ(fs.resolve("up"), "usr/lib/os-release");
  EXPECT_FALSE(fs.resolve("x"));
  EXPECT_FALSE(fs.resolve("self"));
  EXPECT_FALSE(fs.resolve("missing"));
  EXPECT_FALSE(fs.resolve("var/lib/rpm"));  // a directory, not a file
}
