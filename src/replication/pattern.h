// Harbor's name and tag patterns of replication filters: github.com/bmatcuk/doublestar v1.3.4,
// the matcher Harbor's src/pkg/reg/util.Match uses.
//   *       any run of characters except '/'
//   **      as a whole path component ("library/**", "**/nginx", "a/**/b"): any number of
//           components (zero in the middle or in front, at least one at the end, so "a/**"
//           does not match "a"); anywhere else it is a plain '*' ("lib**" = "lib*")
//   ?       one character except '/'
//   [a-z0-9] [^abc]  one character of (not of) the class; '\' escapes inside
//   {a,b}   alternatives, which may hold '/' and nest ("{library/{nginx,redis},team/**}")
//   \c      the character c
// The whole name must match. Unlike doublestar, which finds some mistakes only when matching
// reaches them, a malformed pattern is refused when it is parsed.
//
// Alternatives are expanded before matching, so each alternative means what it would mean
// alone. On ordinary patterns this agrees with v1.3.4 (checked by a differential run against
// it); v1.3.4's corner-case bugs are not reproduced: it loses a match when alternatives have
// different depths ("{b/c,b}" does not match "b"), lets "**" span components only outside
// braces, misses "*{,a}" on "x" and "***" on "", and errors on "{a/b,c}" after other text.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace berth::replication {

// What is wrong with a pattern, in words for the user.
struct PatternError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class Pattern {
 public:
  // Throws PatternError. Alternatives are expanded up front; more than 1024 are refused.
  explicit Pattern(std::string_view pattern);
  bool matches(std::string_view name) const;

  struct Token {
    enum Kind { kLiteral, kAny, kStar, kClass } kind = kLiteral;
    char32_t ch = 0;                                    // kLiteral
    bool negated = false;                               // kClass
    std::vector<std::pair<char32_t, char32_t>> ranges;  // kClass, inclusive
  };
  // One path component of a pattern: tokens, or "**" standing alone.
  struct Component {
    bool globstar = false;
    std::vector<Token> tokens;
  };
  using Path = std::vector<Component>;

 private:
  std::vector<Path> alternatives_;
};

// Pattern(pattern).matches(name); false for a malformed pattern.
bool pattern_matches(std::string_view pattern, std::string_view name);

}  // namespace berth::replication
