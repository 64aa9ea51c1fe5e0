#include "http/range.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

using berth::http::ByteRange;
using berth::http::parse_content_range;
using berth::http::parse_range;
using berth::http::RangeStatus;

namespace {
void expect_range(std::string_view header, uint64_t size, uint64_t first, uint64_t last) {
  auto r = parse_range(header, size);
  EXPECT_EQ(r.status, RangeStatus::kSatisfiable) << header << " of " << size;
  EXPECT_EQ(r.range.first, first) << header << " of " << size;
  EXPECT_EQ(r.range.last, last) << header << " of " << size;
}
}  // namespace

// ---- Range (blob GET) ----

TEST(ParseRange, FirstAndLast) {
  expect_range("bytes=0-0", 100, 0, 0);
  expect_range("bytes=0-99", 100, 0, 99);
  expect_range("bytes=10-19", 100, 10, 19);
  expect_range("bytes=99-99", 100, 99, 99);
  EXPECT_EQ(parse_range("bytes=10-19", 100).range.length(), 10u);
}

TEST(ParseRange, OpenEnded) {
  expect_range("bytes=0-", 100, 0, 99);
  expect_range("bytes=42-", 100, 42, 99);
  expect_range("bytes=99-", 100, 99, 99);
  EXPECT_EQ(parse_range("bytes=42-", 100).range.length(), 58u);
}

TEST(ParseRange, Suffix) {
  expect_range("bytes=-1", 100, 99, 99);
  expect_range("bytes=-10", 100, 90, 99);
  expect_range("bytes=-100", 100, 0, 99);
  // A suffix longer than the resource selects all of it (RFC 9110 14.1.1).
  expect_range("bytes=-1000", 100, 0, 99);
  EXPECT_EQ(parse_range("bytes=-10", 100).range.length(), 10u);
}

TEST(ParseRange, LastBeyondTheEndIsClamped) {
  expect_range("bytes=0-1000", 100, 0, 99);
  expect_range("bytes=50-18446744073709551615", 100, 50, 99);
}

TEST(ParseRange, FirstBeyondTheEndIsUnsatisfiable) {
  EXPECT_EQ(parse_range("bytes=100-", 100).status, RangeStatus::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=100-200", 100).status, RangeStatus::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=1000-2000", 100).status, RangeStatus::kUnsatisfiable);
}

TEST(ParseRange, EmptyResourceIsNeverSatisfiable) {
  EXPECT_EQ(parse_range("bytes=0-", 0).status, RangeStatus::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-0", 0).status, RangeStatus::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-5", 0).status, RangeStatus::kUnsatisfiable);
}

TEST(ParseRange, ZeroLengthSuffixIsUnsatisfiable) {
  EXPECT_EQ(parse_range("bytes=-0", 100).status, RangeStatus::kUnsatisfiable);
}

TEST(ParseRange, LastBeforeFirstIsNotSatisfiable) {
  EXPECT_NE(parse_range("bytes=20-10", 100).status, RangeStatus::kSatisfiable);
}

TEST(ParseRange, MalformedSpecsAreNeverSatisfiable) {
  for (const char* h :
       {"bytes=", "bytes=abc", "bytes=1-x", "bytes=x-1", "bytes=-", "bytes=--5", "bytes=+1-2",
        "bytes=1-+2", "bytes=0x10-20", "bytes=1.5-2", "bytes=5", "bytes=-5-", "bytes=-1-2"})
    EXPECT_NE(parse_range(h, 100).status, RangeStatus::kSatisfiable) << h;
}

TEST(ParseRange, MultipleRangesAreServedWhole) {
  EXPECT_EQ(parse_range("bytes=0-1,5-6", 100).status, RangeStatus::kNone);
  EXPECT_EQ(parse_range("bytes=0-1, 5-6", 100).status, RangeStatus::kNone);
  EXPECT_EQ(parse_range("bytes=-1,-2", 100).status, RangeStatus::kNone);
}

TEST(ParseRange, OtherUnitsOrNoHeaderAreIgnored) {
  EXPECT_EQ(parse_range("", 100).status, RangeStatus::kNone);
  EXPECT_EQ(parse_range("items=0-1", 100).status, RangeStatus::kNone);
  EXPECT_EQ(parse_range("bytes 0-1", 100).status, RangeStatus::kNone);
  EXPECT_EQ(parse_range("0-1", 100).status, RangeStatus::kNone);
}

TEST(ParseRange, ToleratesSurroundingSpaces) {
  expect_range("  bytes=1-2  ", 100, 1, 2);
  expect_range("bytes= 1-2", 100, 1, 2);
  expect_range("bytes=1 - 2", 100, 1, 2);
}

TEST(ParseRange, LargeResource) {
  const uint64_t size = 64ull << 30;  // 64 GiB
  expect_range("bytes=68719476735-", size, size - 1, size - 1);
  expect_range("bytes=-1", size, size - 1, size - 1);
  expect_range("bytes=4294967296-4294967299", size, 4294967296ull, 4294967299ull);
  EXPECT_EQ(parse_range("bytes=68719476736-", size).status, RangeStatus::kUnsatisfiable);
}

TEST(ParseRange, NumbersTooLargeForUint64AreNotSatisfiable) {
  EXPECT_NE(parse_range("bytes=0-99999999999999999999999", 100).status, RangeStatus::kSatisfiable);
  EXPECT_NE(parse_range("bytes=-99999999999999999999999", 100).status, RangeStatus::kSatisfiable);
}

// ---- Content-Range (chunked upload PATCH) ----

TEST(ParseContentRange, BareFirstLast) {
  auto r = parse_content_range("0-1023");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->last, 1023u);
  EXPECT_EQ(r->length(), 1024u);

  r = parse_content_range("1024-2047");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 1024u);
  EXPECT_EQ(r->last, 2047u);
}

TEST(ParseContentRange, SingleByteChunk) {
  auto r = parse_content_range("5-5");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->length(), 1u);
}

TEST(ParseContentRange, Rfc9110Form) {
  auto r = parse_content_range("bytes 0-1023/*");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->last, 1023u);

  r = parse_content_range("bytes 1024-2047/4096");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 1024u);
  EXPECT_EQ(r->last, 2047u);
}

TEST(ParseContentRange, BytesEqualsForm) {
  auto r = parse_content_range("bytes=100-199");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 100u);
  EXPECT_EQ(r->last, 199u);
}

TEST(ParseContentRange, BareFormWithTotal) {
  auto r = parse_content_range("0-9/10");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->last, 9u);
}

TEST(ParseContentRange, ToleratesSpaces) {
  auto r = parse_content_range("  bytes   0-9/*  ");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->last, 9u);
}

TEST(ParseContentRange, LargeOffsets) {
  auto r = parse_content_range("68719476736-137438953471");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 68719476736ull);
  EXPECT_EQ(r->length(), 68719476736ull);
}

TEST(ParseContentRange, RejectsMalformed) {
  for (const char* h : {"", "bytes", "bytes ", "0", "-1023", "0-", "a-b", "1-b", "bytes */1024",
                        "10-5", "0--1", "0x0-0x10", "+0-10", "0-+10", "0 1023", "0-1023-2047",
                        "0-99999999999999999999999", "bytes=*/100", "0-1,2-3"})
    EXPECT_FALSE(parse_content_range(h).has_value()) << "'" << h << "'";
}
