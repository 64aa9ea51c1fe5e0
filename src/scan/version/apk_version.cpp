#include "scan/version/apk_version.h"

#include <array>
#include <cstdint>

#include "scan/version/version_util.h"

namespace berth::scan {
namespace {

// Token kinds in apk-tools order; comparisons between kinds rely on this order.
enum Token : int {
  kInvalid = -1,
  kDigitOrZero = 0,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNo,
  kRevisionNo,
  kEnd,
};

constexpr std::array<std::string_view, 4> kPreSuffixes = {"alpha", "beta", "pre", "rc"};
constexpr std::array<std::string_view, 5> kPostSuffixes = {"cvs", "svn", "git", "hg", "p"};

// A byte cursor with go's bufio semantics where they matter: read returns 0 at the end, and
// unread only undoes the immediately preceding successful read.
class ApkCursor {
 public:
  static constexpr int kEof = -1;
  explicit ApkCursor(std::string_view s) : s_(s) {}
  int read() {
    if (pos_ >= s_.size()) {
      last_ = 0;
      return kEof;
    }
    last_ = 1;
    return static_cast<unsigned char>(s_[pos_++]);
  }
  // Consumes a whole UTF-8 sequence, as a rune read would (used after '-').
  bool read_rune() {
    if (pos_ >= s_.size()) return false;
    unsigned char lead = static_cast<unsigned char>(s_[pos_++]);
    if (lead >= 0xC0) {
      while (pos_ < s_.size() && (static_cast<unsigned char>(s_[pos_]) & 0xC0) == 0x80) ++pos_;
    }
    last_ = 0;
    return true;
  }
  void unread() {
    if (last_) --pos_;
    last_ = 0;
  }
  bool at_end() const { return pos_ >= s_.size(); }
  bool starts_with(std::string_view p) const { return s_.substr(pos_).starts_with(p); }
  void skip(size_t n) {
    pos_ += n;
    last_ = 0;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  int last_ = 0;
};

Token next_token(ApkCursor& c, Token type) {
  Token n = kInvalid;
  int r = c.read();
  bool end = r == ApkCursor::kEof;
  if (end) n = kEnd;
  if (!end && (type == kDigit || type == kDigitOrZero) && r >= 'a' && r <= 'z') {
    n = kLetter;
  } else if (!end && type == kLetter && is_digit(static_cast<char>(r))) {
    n = kDigit;
  } else if (!end && type == kSuffix && is_digit(static_cast<char>(r))) {
    n = kSuffixNo;
  } else if (r == '.') {
    n = kDigitOrZero;
  } else if (r == '_') {
    n = kSuffix;
  } else if (r == '-') {
    n = c.read_rune() ? kRevisionNo : kInvalid;
  }
  if (n == kEnd || n == kLetter || n == kDigit || n == kSuffixNo) c.unread();
  if (n < type) {
    if ((n == kDigitOrZero && type == kDigit) || (n == kSuffix && type == kSuffixNo) ||
        (n == kDigit && type == kLetter)) {
      return n;
    }
    return kInvalid;
  }
  return n;
}

// Reads one token's value and the kind of the token after it. Numbers wrap like go's int.
int64_t get_token(ApkCursor& c, Token& type) {
  uint64_t value = 0;
  Token nt = kInvalid;
  int r = c.read();
  switch (type) {
    case kDigitOrZero:
      if (r == '0') {
        while (true) {
          value -= 1;
          int z = c.read();
          if (z == ApkCursor::kEof) break;
          if (z != '0') {
            c.unread();
            break;
          }
        }
        nt = kDigit;
        break;
      }
      [[fallthrough]];
    case kDigit:
    case kSuffixNo:
    case kRevisionNo:
      while (r >= '0' && r <= '9') {
        value = value * 10 + static_cast<uint64_t>(r - '0');
        r = c.read();
      }
      c.unread();
      break;
    case kLetter:
      value = static_cast<uint64_t>(r);
      break;
    case kSuffix: {
      c.unread();
      bool found = false;
      for (size_t i = 0; i < kPreSuffixes.size() && !found; ++i) {
        if (c.starts_with(kPreSuffixes[i])) {
          value = static_cast<uint64_t>(static_cast<int64_t>(i) -
                                        static_cast<int64_t>(kPreSuffixes.size()));
          c.skip(kPreSuffixes[i].size());
          found = true;
        }
      }
      for (size_t i = 0; i < kPostSuffixes.size() && !found; ++i) {
        if (c.starts_with(kPostSuffixes[i])) {
          value = i;
          c.skip(kPostSuffixes[i].size());
          found = true;
        }
      }
      if (found) break;
      type = kInvalid;
      return -1;
    }
    default:
      type = kInvalid;
      return -1;
  }
  if (c.at_end()) {
    type = kEnd;
  } else if (nt != kInvalid) {
    type = nt;
  } else {
    type = next_token(c, type);
  }
  return static_cast<int64_t>(value);
}

}  // namespace

bool apk_version_valid(std::string_view v) {
  ApkCursor c(v);
  Token t = kDigit;
  while (t != kEnd && t != kInvalid) get_token(c, t);
  return t == kEnd;
}

int apk_version_compare(std::string_view a, std::string_view b) {
  ApkCursor ca(a), cb(b);
  Token at = kDigit, bt = kDigit;
  int64_t av = 0, bv = 0;
  while (at == bt && at != kEnd && at != kInvalid && av == bv) {
    av = get_token(ca, at);
    bv = get_token(cb, bt);
  }
  if (av != bv) return av < bv ? -1 : 1;
  if (at == bt) return 0;
  // The longer version is greater unless what follows is a pre-release suffix.
  Token scratch = kSuffix;
  if (at == kSuffix && get_token(ca, scratch) < 0) return -1;
  scratch = kSuffix;
  if (bt == kSuffix && get_token(cb, scratch) < 0) return 1;
  if (at > bt) return -1;
  if (at < bt) return 1;
  return 0;
}

}  // namespace berth::scan
