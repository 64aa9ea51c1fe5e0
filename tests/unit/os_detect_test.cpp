#include "scan/analyze/os_detect.h"

#include <gtest/gtest.h>

using namespace berth::scan;

namespace {

VirtualFs fs_with(std::initializer_list<std::pair<std::string, std::string>> files) {
  VirtualFs fs;
  for (const auto& [path, data] : files)
    fs.put(path, VfsNode{VfsNode::Type::kFile, data, "", 0644, false});
  return fs;
}

}  // namespace

TEST(ScanOsDetect, Alpine) {
  auto os = detect_os(fs_with(
      {{"etc/alpine-release", "3.19.1\n"}, {"etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"}}));
  EXPECT_EQ(os.family, "alpine");
  EXPECT_EQ(os.name, "3.19.1");
  EXPECT_EQ(os.release, "3.19");
  auto edge = detect_os(
      fs_with({{"etc/alpine-release", "3.20.0_alpha20240315\n"},
               {"etc/apk/repositories", "https://dl-cdn.alpinelinux.org/alpine/edge/main\n"}}));
  EXPECT_EQ(edge.release, "edge");
  EXPECT_EQ(alpine_repository_release(
                "# c\nhttp://x.org/alpine/v3.9/main\nhttps://x.org/alpine/v3.10/community\n"),
            "3.10");
}

TEST(ScanOsDetect, DebianAndUbuntu) {
  auto deb = detect_os(fs_with(
      {{"etc/debian_version", "12.4\n"}, {"etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"}}));
  EXPECT_EQ(deb.family, "debian");
  EXPECT_EQ(deb.name, "12.4");
  EXPECT_EQ(deb.release, "12");
  auto ubu = detect_os(fs_with({{"etc/debian_version", "bookworm/sid\n"},
                                {"etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n"},
                                {"var/lib/ubuntu-advantage/status.json",
                                 R"({"services":[{"name":"esm-infra","status":"enabled"}]})"}}));
  EXPECT_EQ(ubu.family, "ubuntu");
  EXPECT_EQ(ubu.release, "22.04");
  EXPECT_TRUE(ubu.extended);
}

TEST(ScanOsDetect, RedHatFamilyAndAmazon) {
  auto centos = detect_os(fs_with({{"etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n"},
                                   {"etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n"},
                                   {"etc/os-release", "ID=\"centos\"\nVERSION_ID=\"7\"\n"}}));
  EXPECT_EQ(centos.family, "centos");
  EXPECT_EQ(centos.name, "7.9.2009");
  EXPECT_EQ(centos.release, "7");
  auto oracle =
      detect_os(fs_with({{"etc/redhat-release", "Red Hat Enterprise Linux release 8.9 (Ootpa)\n"},
                         {"etc/oracle-release", "Oracle Linux Server release 8.9\n"}}));
  EXPECT_EQ(oracle.family, "oracle");
  EXPECT_EQ(oracle.release, "8");
  auto ubi =
      detect_os(fs_with({{"etc/redhat-release", "Red Hat Enterprise Linux release 9.3 (Plow)\n"}}));
  EXPECT_EQ(ubi.family, "redhat");
  EXPECT_EQ(ubi.release, "9");
  auto al2 = detect_os(fs_with({{"etc/system-release", "Amazon Linux release 2 (Karoo)\n"}}));
  EXPECT_EQ(al2.family, "amazon");
  EXPECT_EQ(al2.name, "2 (Karoo)");
  EXPECT_EQ(al2.release, "2");
  auto al1 = detect_os(fs_with({{"etc/system-release", "Amazon Linux AMI release 2018.03\n"}}));
  EXPECT_EQ(al1.release, "1");
  auto mariner = detect_os(
      fs_with({{"etc/os-release",
                "NAME=\"Common Base Linux Mariner\"\nID=mariner\nVERSION_ID=\"2.0\"\n"}}));
  EXPECT_EQ(mariner.family, "cbl-mariner");
  EXPECT_EQ(mariner.release, "2.0");
  auto stream = os_from_os_release("NAME=\"CentOS Stream\"\nID=\"centos\"\nVERSION_ID=\"9\"\n");
  EXPECT_EQ(stream.family, "centos-stream");
}

TEST(ScanOsDetect, NothingRecognised) {
  EXPECT_FALSE(detect_os(fs_with({{"etc/os-release", "ID=debian\n"}})).found());
  EXPECT_FALSE(detect_os(fs_with({})).found());
  EXPECT_FALSE(os_from_system_release("Fedora release 39").found());
}
