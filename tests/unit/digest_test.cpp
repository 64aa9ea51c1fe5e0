#include "core/digest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

using berth::core::Digest;
using berth::core::DigestAlgorithm;
using berth::core::Sha256State;

namespace {

const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kAbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
// FIPS 180-2 two-block message.
const std::string kTwoBlockInput = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string kTwoBlockSha256 =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
const std::string kMillionASha256 =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
const std::string kEmptySha512 =
    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec"
    "2f63b931bd47417a81a538327af927da3e";
const std::string kAbcSha512 =
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feeb"
    "bd454d4423643ce80e2a9ac94fa54ca49f";

// Deterministic, non-repeating test data.
std::string pattern(size_t n) {
  std::string s(n, '\0');
  uint32_t x = 2463534242u;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xff);
  }
  return s;
}

std::string feed_in_chunks(const std::string& data, size_t chunk) {
  Sha256State st;
  for (size_t off = 0; off < data.size(); off += chunk)
    st.update(data.data() + off, std::min(chunk, data.size() - off));
  return st.finish_hex();
}

}  // namespace

// ---- Digest::parse ----

TEST(DigestParse, AcceptsValidSha256) {
  auto d = Digest::parse("sha256:" + kAbcSha256);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->algorithm, DigestAlgorithm::kSha256);
  EXPECT_EQ(d->hex, kAbcSha256);
  EXPECT_EQ(d->algorithm_name(), "sha256");
  EXPECT_EQ(d->str(), "sha256:" + kAbcSha256);
}

TEST(DigestParse, AcceptsValidSha512) {
  auto d = Digest::parse("sha512:" + kAbcSha512);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->algorithm, DigestAlgorithm::kSha512);
  EXPECT_EQ(d->hex, kAbcSha512);
  EXPECT_EQ(d->algorithm_name(), "sha512");
  EXPECT_EQ(d->str(), "sha512:" + kAbcSha512);
}

TEST(DigestParse, RejectsWrongLengthForTheAlgorithm) {
  EXPECT_FALSE(Digest::parse("sha256:" + kAbcSha256.substr(1)));  // 63
  EXPECT_FALSE(Digest::parse("sha256:" + kAbcSha256 + "0"));      // 65
  EXPECT_FALSE(Digest::parse("sha512:" + kAbcSha512.substr(1)));  // 127
  EXPECT_FALSE(Digest::parse("sha512:" + kAbcSha512 + "0"));      // 129
  // Lengths valid for the other algorithm.
  EXPECT_FALSE(Digest::parse("sha256:" + kAbcSha512));
  EXPECT_FALSE(Digest::parse("sha512:" + kAbcSha256));
  EXPECT_FALSE(Digest::parse("sha256:"));
}

TEST(DigestParse, RejectsUppercaseHex) {
  std::string upper = kAbcSha256;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(Digest::parse("sha256:" + upper));
  // A single uppercase letter is enough.
  std::string one = kAbcSha256;
  one[1] = 'A';
  EXPECT_FALSE(Digest::parse("sha256:" + one));
  EXPECT_FALSE(Digest::parse("SHA256:" + kAbcSha256));
}

TEST(DigestParse, RejectsNonHexCharacters) {
  std::string g = kAbcSha256;
  g[10] = 'g';
  EXPECT_FALSE(Digest::parse("sha256:" + g));
  std::string colon = kAbcSha256;
  colon[63] = ':';
  EXPECT_FALSE(Digest::parse("sha256:" + colon));
  std::string space = kAbcSha256;
  space[0] = ' ';
  EXPECT_FALSE(Digest::parse("sha256:" + space));
}

TEST(DigestParse, RejectsUnknownAlgorithms) {
  EXPECT_FALSE(Digest::parse("sha384:" + std::string(96, 'a')));
  EXPECT_FALSE(Digest::parse("md5:" + std::string(32, 'a')));
  EXPECT_FALSE(Digest::parse("blake3:" + kAbcSha256));
  EXPECT_FALSE(Digest::parse(":" + kAbcSha256));
}

TEST(DigestParse, RejectsEmptyAndMissingColon) {
  EXPECT_FALSE(Digest::parse(""));
  EXPECT_FALSE(Digest::parse(":"));
  EXPECT_FALSE(Digest::parse(kAbcSha256));
  EXPECT_FALSE(Digest::parse("sha256" + kAbcSha256));
  EXPECT_FALSE(Digest::parse("sha256"));
}

TEST(DigestParse, RejectsSurroundingWhitespace) {
  EXPECT_FALSE(Digest::parse(" sha256:" + kAbcSha256));
  EXPECT_FALSE(Digest::parse("sha256:" + kAbcSha256 + " "));
  EXPECT_FALSE(Digest::parse("sha256:" + kAbcSha256 + "\n"));
}

TEST(DigestParse, StrRoundTrips) {
  for (const auto& s : {"sha256:" + kEmptySha256, "sha512:" + kEmptySha512}) {
    auto d = Digest::parse(s);
    ASSERT_TRUE(d.has_value()) << s;
    EXPECT_EQ(d->str(), s);
    EXPECT_EQ(Digest::parse(d->str()), d);
  }
}

TEST(Digest, EqualityComparesAlgorithmAndHex) {
  Digest a{DigestAlgorithm::kSha256, kAbcSha256};
  Digest b{DigestAlgorithm::kSha256, kAbcSha256};
  Digest c{DigestAlgorithm::kSha512, kAbcSha256};
  Digest d{DigestAlgorithm::kSha256, kEmptySha256};
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, d);
}

// ---- Digest::of / sha256_of ----

TEST(DigestOf, Sha256KnownVectors) {
  EXPECT_EQ(Digest::sha256_of("").str(), "sha256:" + kEmptySha256);
  EXPECT_EQ(Digest::sha256_of("abc").str(), "sha256:" + kAbcSha256);
  EXPECT_EQ(Digest::sha256_of(kTwoBlockInput).hex, kTwoBlockSha256);
  EXPECT_EQ(Digest::sha256_of(std::string(1000000, 'a')).hex, kMillionASha256);
  EXPECT_EQ(Digest::sha256_of("abc").algorithm, DigestAlgorithm::kSha256);
}

TEST(DigestOf, Sha512KnownVectors) {
  auto empty = Digest::of(DigestAlgorithm::kSha512, "");
  EXPECT_EQ(empty.algorithm, DigestAlgorithm::kSha512);
  EXPECT_EQ(empty.hex, kEmptySha512);
  EXPECT_EQ(Digest::of(DigestAlgorithm::kSha512, "abc").str(), "sha512:" + kAbcSha512);
}

TEST(DigestOf, OfSha256EqualsSha256Of) {
  auto data = pattern(5000);
  EXPECT_EQ(Digest::of(DigestAlgorithm::kSha256, data), Digest::sha256_of(data));
}

TEST(DigestOf, HashesEmbeddedNulBytes) {
  std::string with_nul("a\0b", 3);
  EXPECT_NE(Digest::sha256_of(with_nul), Digest::sha256_of("a"));
  EXPECT_NE(Digest::sha256_of(with_nul), Digest::sha256_of(std::string("a\0c", 3)));
}

TEST(DigestOf, ResultParsesBack) {
  auto d = Digest::of(DigestAlgorithm::kSha512, "hello");
  EXPECT_EQ(Digest::parse(d.str()), d);
}

TEST(ToHex, EncodesLowercase) {
  const unsigned char bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  EXPECT_EQ(berth::core::to_hex(bytes, sizeof bytes), "00017f80abff");
  EXPECT_EQ(berth::core::to_hex(bytes, 0), "");
}

// ---- Sha256State ----

TEST(Sha256State, FreshStateIsHashOfEmpty) {
  EXPECT_EQ(Sha256State().finish_hex(), kEmptySha256);
}

TEST(Sha256State, KnownVectorsIncrementally) {
  Sha256State st;
  st.update("a", 1);
  st.update("b", 1);
  st.update("c", 1);
  EXPECT_EQ(st.finish_hex(), kAbcSha256);

  Sha256State million;
  std::string block(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.update(block.data(), block.size());
  EXPECT_EQ(million.finish_hex(), kMillionASha256);
}

TEST(Sha256State, IncrementalEqualsOneShotForManyChunkSizes) {
  auto data = pattern(10007);
  auto expected = Digest::sha256_of(data).hex;
  for (size_t chunk : {1, 3, 55, 56, 63, 64, 65, 127, 128, 1000, 4096, 10007, 20000})
    EXPECT_EQ(feed_in_chunks(data, chunk), expected) << "chunk size " << chunk;
}

TEST(Sha256State, ZeroLengthUpdatesChangeNothing) {
  Sha256State st;
  st.update("", 0);
  st.update("abc", 3);
  st.update("abc", 0);
  EXPECT_EQ(st.finish_hex(), kAbcSha256);
}

TEST(Sha256State, FinishDoesNotDisturbTheRunningState) {
  Sha256State st;
  st.update("ab", 2);
  EXPECT_EQ(st.finish_hex(), Digest::sha256_of("ab").hex);
  EXPECT_EQ(st.finish_hex(), Digest::sha256_of("ab").hex);  // idempotent
  st.update("c", 1);
  EXPECT_EQ(st.finish_hex(), kAbcSha256);
}

TEST(Sha256State, SerializeIsLowercaseHexOfTheContext) {
  Sha256State st;
  st.update("abc", 3);
  auto s = st.serialize();
  EXPECT_EQ(s.size(), sizeof(SHA256_CTX) * 2);
  EXPECT_EQ(s.find_first_not_of("0123456789abcdef"), std::string::npos);
  // Deterministic: the same input gives the same saved state.
  Sha256State again;
  again.update("abc", 3);
  EXPECT_EQ(again.serialize(), s);
}

TEST(Sha256State, ResumesAfterSerialiseRestoreMidStream) {
  // Split points inside a block, on a block boundary and right after one, as an upload would be
  // chunked and interrupted.
  auto data = pattern(300000);
  auto expected = Digest::sha256_of(data).hex;
  for (size_t split : {0, 1, 63, 64, 65, 100, 4096, 65537, 299999, 300000}) {
    Sha256State first;
    first.update(data.data(), split);
    std::string saved = first.serialize();

    auto restored = Sha256State::deserialize(saved);
    ASSERT_TRUE(restored.has_value()) << "split " << split;
    EXPECT_EQ(restored->serialize(), saved);
    EXPECT_EQ(restored->finish_hex(), Digest::sha256_of(data.substr(0, split)).hex);
    restored->update(data.data() + split, data.size() - split);
    EXPECT_EQ(restored->finish_hex(), expected) << "split " << split;
  }
}

TEST(Sha256State, SurvivesSeveralSaveRestoreCycles) {
  auto data = pattern(50000);
  std::string saved = Sha256State().serialize();
  for (size_t off = 0; off < data.size(); off += 777) {
    auto st = Sha256State::deserialize(saved);
    ASSERT_TRUE(st.has_value());
    st->update(data.data() + off, std::min<size_t>(777, data.size() - off));
    saved = st->serialize();
  }
  auto st = Sha256State::deserialize(saved);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->finish_hex(), Digest::sha256_of(data).hex);
}

TEST(Sha256State, DeserializeRejectsWrongLength) {
  Sha256State st;
  st.update("abc", 3);
  auto s = st.serialize();
  EXPECT_FALSE(Sha256State::deserialize(""));
  EXPECT_FALSE(Sha256State::deserialize(s.substr(1)));
  EXPECT_FALSE(Sha256State::deserialize(s.substr(2)));
  EXPECT_FALSE(Sha256State::deserialize(s + "00"));
}

TEST(Sha256State, DeserializeRejectsNonLowercaseHex) {
  Sha256State st;
  st.update("abc", 3);
  auto s = st.serialize();
  auto g = s;
  g[0] = 'g';
  EXPECT_FALSE(Sha256State::deserialize(g));
  auto upper = s;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_NE(upper, s);  // the context of "abc" contains letters
  EXPECT_FALSE(Sha256State::deserialize(upper));
  auto space = s;
  space.back() = ' ';
  EXPECT_FALSE(Sha256State::deserialize(space));
}

TEST(Sha256State, DeserializeRejectsOutOfRangeBufferCount) {
  // A context whose buffered byte count is >= the block size cannot come from SHA256_Update.
  Sha256State st;
  st.update("abc", 3);
  auto s = st.serialize();
  const size_t at = offsetof(SHA256_CTX, num) * 2;
  ASSERT_LE(at + 8, s.size());
  auto bad = s;
  bad.replace(at, 8, "40000000");  // num = 64 (little endian)
  EXPECT_FALSE(Sha256State::deserialize(bad));
  bad.replace(at, 8, "ffffffff");
  EXPECT_FALSE(Sha256State::deserialize(bad));
  auto ok = s;
  ok.replace(at, 8, "3f000000");  // 63 is still a possible count
  EXPECT_TRUE(Sha256State::deserialize(ok).has_value());
}
