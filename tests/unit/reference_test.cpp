#include "core/reference.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

using berth::core::Digest;
using berth::core::is_valid_repository_name;
using berth::core::is_valid_tag;
using berth::core::parse_manifest_reference;
using berth::core::project_of;

namespace {

const std::string kHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

// The grammars exactly as the OCI distribution-spec writes them.
const std::regex kNameRegex(
    R"([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*)");
const std::regex kTagRegex(R"([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})");

bool spec_name(const std::string& s) {
  return s.size() <= 255 && std::regex_match(s, kNameRegex);
}
bool spec_tag(const std::string& s) {
  return std::regex_match(s, kTagRegex);
}

// Calls f for every string over `alphabet` of length 0..max_len.
template <class F>
void for_all_strings(const std::string& alphabet, size_t max_len, F f) {
  std::vector<std::string> level = {""};
  f(std::string());
  for (size_t len = 1; len <= max_len; ++len) {
    std::vector<std::string> next;
    next.reserve(level.size() * alphabet.size());
    for (const auto& s : level)
      for (char c : alphabet) {
        next.push_back(s + c);
        f(next.back());
      }
    level.swap(next);
  }
}

}  // namespace

// ---- repository names ----

TEST(RepositoryName, AcceptsTypicalNames) {
  for (const char* n :
       {"a", "0", "library", "library/ubuntu", "lib/a/b/c/d", "my-project/my-app", "foo.bar",
        "foo_bar", "foo__bar", "foo-bar", "foo--bar", "foo---bar", "a1b2", "9nine", "a.b_c__d-e--f",
        "harbor/goharbor/harbor-core", "x/y.z_w__v-u"})
    EXPECT_TRUE(is_valid_repository_name(n)) << n;
}

TEST(RepositoryName, RejectsUppercase) {
  for (const char* n : {"A", "Library", "library/Ubuntu", "fooBar", "foo/BAR"})
    EXPECT_FALSE(is_valid_repository_name(n)) << n;
}

TEST(RepositoryName, RejectsEmptyAndEmptyComponents) {
  for (const char* n : {"", "/", "foo/", "/foo", "foo//bar", "a/b/", "//"})
    EXPECT_FALSE(is_valid_repository_name(n)) << n;
}

TEST(RepositoryName, RejectsBadSeparators) {
  for (const char* n :
       {"foo..bar", "foo___bar", "foo._bar", "foo_.bar", "foo-.bar", "foo.-bar", "foo_-bar",
        "foo-_bar", ".foo",      "foo.",     "_foo",     "foo_",     "-foo",     "foo-",
        "__foo",    "foo__",     "lib/-x",   "lib/x-",   "lib/.x",   "lib/x.",   "a/_b"})
    EXPECT_FALSE(is_valid_repository_name(n)) << n;
}

TEST(RepositoryName, RejectsOtherCharacters) {
  for (const char* n : {"foo bar", "foo:bar", "foo@bar", "foo+bar", "foo\\bar", "foo/bar:tag", "..",
                        "../etc", "a/../b", "foo\nbar", "caf\xc3\xa9", "foo~bar", "foo*"})
    EXPECT_FALSE(is_valid_repository_name(n)) << n;
  EXPECT_FALSE(is_valid_repository_name(std::string("foo\0bar", 7)));
}

TEST(RepositoryName, LengthLimitIs255) {
  EXPECT_TRUE(is_valid_repository_name(std::string(255, 'a')));
  EXPECT_FALSE(is_valid_repository_name(std::string(256, 'a')));
  std::string two = std::string(127, 'a') + "/" + std::string(127, 'b');  // 255 in all
  ASSERT_EQ(two.size(), 255u);
  EXPECT_TRUE(is_valid_repository_name(two));
  EXPECT_FALSE(is_valid_repository_name(two + "c"));
  EXPECT_FALSE(is_valid_repository_name(std::string(1000, 'a')));
}

TEST(RepositoryName, MatchesTheSpecGrammarOnEveryShortString) {
  // Every string up to 6 characters over an alphabet that exercises every branch of the grammar.
  size_t checked = 0, valid = 0;
  for_all_strings("a0.-_/A", 6, [&](const std::string& s) {
    bool want = spec_name(s);
    ASSERT_EQ(is_valid_repository_name(s), want) << "'" << s << "'";
    ++checked;
    valid += want;
  });
  EXPECT_GT(checked, 100000u);
  EXPECT_GT(valid, 1000u);  // the sample really contains valid names
}

// ---- tags ----

TEST(Tag, AcceptsTypicalTags) {
  for (const char* t : {"latest", "v1", "1.0.0", "v1.2.3-rc.1", "_private", "UPPER", "a_b-c.d",
                        "sha256-" /* cosign-style prefix */, "0", "_", "A..B", "x--y"})
    EXPECT_TRUE(is_valid_tag(t)) << t;
  EXPECT_TRUE(is_valid_tag("sha256-" + kHex + ".sig"));
}

TEST(Tag, RejectsBadTags) {
  for (const char* t : {"", ".hidden", "-dash", "a:b", "a/b", "a b", "a@b", "a+b", "tag\n",
                        "caf\xc3\xa9", "sha256:" /* looks like a digest */})
    EXPECT_FALSE(is_valid_tag(t)) << t;
}

TEST(Tag, LengthLimitIs128) {
  EXPECT_TRUE(is_valid_tag(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_tag(std::string(129, 'a')));
  EXPECT_TRUE(is_valid_tag("_" + std::string(127, '.')));
  EXPECT_FALSE(is_valid_tag("_" + std::string(128, '-')));
}

TEST(Tag, MatchesTheSpecGrammarOnEveryShortString) {
  size_t valid = 0;
  for_all_strings("aZ9_.-:/", 5, [&](const std::string& s) {
    bool want = spec_tag(s);
    ASSERT_EQ(is_valid_tag(s), want) << "'" << s << "'";
    valid += want;
  });
  EXPECT_GT(valid, 1000u);
}

// ---- manifest references ----

TEST(ManifestReference, ParsesTag) {
  auto r = parse_manifest_reference("latest");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->is_digest());
  EXPECT_EQ(r->tag(), "latest");
  EXPECT_EQ(r->str(), "latest");
}

TEST(ManifestReference, ParsesSha256Digest) {
  auto r = parse_manifest_reference("sha256:" + kHex);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_digest());
  EXPECT_EQ(r->digest().algorithm, berth::core::DigestAlgorithm::kSha256);
  EXPECT_EQ(r->digest().hex, kHex);
  EXPECT_EQ(r->str(), "sha256:" + kHex);
}

TEST(ManifestReference, ParsesSha512Digest) {
  std::string hex(128, 'c');
  auto r = parse_manifest_reference("sha512:" + hex);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->is_digest());
  EXPECT_EQ(r->digest().algorithm, berth::core::DigestAlgorithm::kSha512);
  EXPECT_EQ(r->str(), "sha512:" + hex);
}

TEST(ManifestReference, AnythingWithAColonMustBeAValidDigest) {
  // Never falls back to treating it as a tag: tags cannot contain ':'.
  EXPECT_FALSE(parse_manifest_reference("sha256:abc"));
  EXPECT_FALSE(parse_manifest_reference("sha256:" + kHex.substr(0, 63) + "A"));
  EXPECT_FALSE(parse_manifest_reference("md5:" + std::string(32, 'a')));
  EXPECT_FALSE(parse_manifest_reference("v1:2"));
  EXPECT_FALSE(parse_manifest_reference(":"));
}

TEST(ManifestReference, RejectsInvalidTags) {
  EXPECT_FALSE(parse_manifest_reference(""));
  EXPECT_FALSE(parse_manifest_reference(".hidden"));
  EXPECT_FALSE(parse_manifest_reference("-x"));
  EXPECT_FALSE(parse_manifest_reference("a/b"));
  EXPECT_FALSE(parse_manifest_reference(std::string(129, 'a')));
  EXPECT_TRUE(parse_manifest_reference(std::string(128, 'a')));
}

TEST(ManifestReference, TagAndDigestAccessorsAreExclusive) {
  auto tag = parse_manifest_reference("v1");
  auto dig = parse_manifest_reference("sha256:" + kHex);
  ASSERT_TRUE(tag && dig);
  EXPECT_THROW((void)tag->digest(), std::bad_variant_access);
  EXPECT_THROW((void)dig->tag(), std::bad_variant_access);
  EXPECT_EQ(dig->digest(), *Digest::parse("sha256:" + kHex));
}

// ---- project_of ----

TEST(ProjectOf, IsTheFirstPathComponent) {
  EXPECT_EQ(project_of("library/ubuntu"), "library");
  EXPECT_EQ(project_of("proj/team/app"), "proj");
  EXPECT_EQ(project_of("single"), "single");
  EXPECT_EQ(project_of(""), "");
}

TEST(ProjectOf, ReturnsAViewIntoTheArgument) {
  std::string repo = "myproj/app";
  auto p = project_of(repo);
  EXPECT_EQ(p.data(), repo.data());
  EXPECT_EQ(p.size(), 6u);
}
