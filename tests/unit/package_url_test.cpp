// Package URLs in the forms Trivy's goldens show (trivy-db-spec §7.1) and the purl spec's rules.
#include "scan/package_url.h"

#include <gtest/gtest.h>

using berth::scan::lang_package_url;
using berth::scan::os_package_url;
using berth::scan::Package;

namespace {
Package pkg(std::string name, std::string version, std::string release = "", int epoch = 0,
            std::string arch = "") {
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.release = std::move(release);
  p.epoch = epoch;
  p.arch = std::move(arch);
  return p;
}
}  // namespace

TEST(PackageUrlTest, OsPackagesAsInTrivysGoldens) {
  EXPECT_EQ(os_package_url(pkg("libcrypto1.1", "1.1.1b-r1", "", 0, "x86_64"), "alpine", "3.9.4"),
            "pkg:apk/alpine/libcrypto1.1@1.1.1b-r1?arch=x86_64&distro=3.9.4");
  EXPECT_EQ(os_package_url(pkg("libc6", "2.36", "9+deb12u4", 0, "amd64"), "debian", "12.4"),
            "pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12.4");
  EXPECT_EQ(os_package_url(pkg("bash", "5.1", "6ubuntu1", 0, "amd64"), "ubuntu", "22.04"),
            "pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04");
}

TEST(PackageUrlTest, EpochAndModularityAreSortedQualifiers) {
  Package p = pkg("nodejs", "12.22.3", "2.module_el8.4.0", 1, "x86_64");
  p.modularity_label = "nodejs:12:8040020210708131418:522a0ee4";
  EXPECT_EQ(os_package_url(p, "redhat", "8.4"),
            "pkg:rpm/redhat/nodejs@12.22.3-2.module_el8.4.0?arch=x86_64&distro=redhat-8.4&epoch=1"
            "&modularitylabel=nodejs%3A12%3A8040020210708131418%3A522a0ee4");
  EXPECT_EQ(os_package_url(pkg("x", "1"), "nosuchos", "1"), "");
}

TEST(PackageUrlTest, LanguagePackages) {
  EXPECT_EQ(lang_package_url("node-pkg", pkg("@babel/core", "7.0.0")),
            "pkg:npm/%40babel/core@7.0.0");
  EXPECT_EQ(lang_package_url("node-pkg", pkg("lodash", "4.17.20")), "pkg:npm/lodash@4.17.20");
  EXPECT_EQ(lang_package_url("jar", pkg("org.apache.logging.log4j:log4j-core", "2.14.1")),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  EXPECT_EQ(lang_package_url("python-pkg", pkg("Typing_Extensions", "4.0.0")),
            "pkg:pypi/typing-extensions@4.0.0");
  EXPECT_EQ(lang_package_url("gobinary", pkg("github.com/Foo/Bar", "v1.2.3")),
            "pkg:golang/github.com/foo/bar@v1.2.3");
  EXPECT_EQ(lang_package_url("gobinary", pkg("./local", "v0.0.0")), "");
  EXPECT_EQ(lang_package_url("gemspec", pkg("rack", "2.2.3")), "pkg:gem/rack@2.2.3");
  EXPECT_EQ(lang_package_url("cargo", pkg("serde", "1.0.130")), "pkg:cargo/serde@1.0.130");
  EXPECT_EQ(lang_package_url("conda-pkg", pkg("numpy", "1.0")), "");
}

TEST(PackageUrlTest, ReservedCharactersAreEncoded) {
  // '@' and '?' inside a name cannot be mistaken for the separators; '/' is a path separator.
  EXPECT_EQ(lang_package_url("cargo", pkg("a@b?c", "1 2")), "pkg:cargo/a%40b%3Fc@1%202");
}
