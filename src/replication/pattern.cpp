#include "replication/pattern.h"

#include <functional>

namespace berth::replication {

namespace {

constexpr size_t kMaxAlternatives = 1024;
constexpr size_t kMaxPatternBytes = 4096;

// One UTF-8 code point of `s` at `i` (advancing it); a stray byte stands for itself.
char32_t next_rune(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len <= 1 || i + len > s.size()) {
    ++i;
    return b;
  }
  char32_t r = b & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xc0) != 0x80) {
      ++i;
      return b;
    }
    r = (r << 6) | (c & 0x3f);
  }
  i += len;
  return r;
}

std::u32string runes(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(next_rune(s, i));
  return out;
}

// Index of the '}' closing the '{' at `open`, with the top-level ',' positions; npos when
// unclosed. As in doublestar, '\' escapes and braces nest.
size_t closing_brace(std::string_view p, size_t open, std::vector<size_t>* commas) {
  int depth = 0;
  for (size_t i = open; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == '{') {
      ++depth;
    } else if (p[i] == '}') {
      if (--depth == 0) return i;
    } else if (p[i] == ',' && depth == 1) {
      commas->push_back(i);
    }
  }
  return std::string_view::npos;
}

// The first '{' that opens alternatives: not escaped, not inside a character class.
size_t first_brace(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == '[') {
      for (++i; i < p.size() && p[i] != ']'; ++i)
        if (p[i] == '\\') ++i;
    } else if (p[i] == '{') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Every alternative-free pattern `p` stands for ("a{b,c}" → "ab", "ac").
void expand(const std::string& p, std::vector<std::string>& out) {
  size_t open = first_brace(p);
  if (open == std::string::npos) {
    if (out.size() >= kMaxAlternatives)
      throw PatternError("the pattern has more than 1024 alternatives");
    out.push_back(p);
    return;
  }
  std::vector<size_t> commas;
  size_t close = closing_brace(p, open, &commas);
  if (close == std::string::npos) throw PatternError("the pattern has a '{' without its '}'");
  std::string head = p.substr(0, open), tail = p.substr(close + 1);
  size_t start = open + 1;
  commas.push_back(close);
  for (size_t end : commas) {
    expand(head + p.substr(start, end - start) + tail, out);
    start = end + 1;
  }
}

// doublestar's class: "[^...]" negates; elements are runes, "\c", or ranges "lo-hi".
Pattern::Token parse_class(std::string_view body) {
  Pattern::Token t;
  t.kind = Pattern::Token::kClass;
  size_t i = 0;
  if (!body.empty() && body[0] == '^') {
    t.negated = true;
    ++i;
  }
  if (i == body.size()) throw PatternError("the pattern has an empty character class '[]'");
  auto element = [&]() -> char32_t {
    if (body[i] == '-') throw PatternError("the pattern has a misplaced '-' in a character class");
    if (body[i] == '\\') {
      if (++i == body.size())
        throw PatternError("the pattern ends a character class with an escape '\\'");
    }
    return next_rune(body, i);
  };
  while (i < body.size()) {
    char32_t lo = element(), hi = lo;
    if (i < body.size() && body[i] == '-') {
      if (++i == body.size())
        throw PatternError("the pattern has a range without its end in a character class");
      hi = element();
    }
    t.ranges.emplace_back(lo, hi);
  }
  return t;
}

Pattern::Component parse_component(std::string_view c) {
  Pattern::Component out;
  if (c == "**") {
    out.globstar = true;
    return out;
  }
  auto& tokens = out.tokens;
  for (size_t i = 0; i < c.size();) {
    Pattern::Token t;
    switch (c[i]) {
      case '\\':
        if (++i == c.size()) throw PatternError("the pattern ends with an escape '\\'");
        t.ch = next_rune(c, i);
        break;
      case '*':
        ++i;
        if (!tokens.empty() && tokens.back().kind == Pattern::Token::kStar) continue;
        t.kind = Pattern::Token::kStar;
        break;
      case '?':
        ++i;
        t.kind = Pattern::Token::kAny;
        break;
      case '[': {
        size_t end = i + 1;
        while (end < c.size() && c[end] != ']') end += c[end] == '\\' ? 2 : 1;
        if (end >= c.size()) throw PatternError("the pattern has a '[' without its ']'");
        t = parse_class(c.substr(i + 1, end - i - 1));
        i = end + 1;
        break;
      }
      default:
        t.ch = next_rune(c, i);
    }
    tokens.push_back(std::move(t));
  }
  return out;
}

// Split on '/' that is not escaped.
Pattern::Path parse_path(std::string_view p) {
  Pattern::Path path;
  size_t start = 0;
  for (size_t i = 0; i <= p.size(); ++i) {
    if (i < p.size() && p[i] == '\\') {
      if (i + 1 == p.size()) throw PatternError("the pattern ends with an escape '\\'");
      ++i;
      continue;
    }
    if (i == p.size() || p[i] == '/') {
      path.push_back(parse_component(p.substr(start, i - start)));
      start = i + 1;
    }
  }
  return path;
}

bool token_matches(const Pattern::Token& t, char32_t r) {
  switch (t.kind) {
    case Pattern::Token::kLiteral:
      return t.ch == r;
    case Pattern::Token::kAny:
      return true;
    case Pattern::Token::kClass: {
      bool in = false;
      for (auto [lo, hi] : t.ranges) in |= lo <= r && r <= hi;
      return in != t.negated;
    }
    case Pattern::Token::kStar:
      break;
  }
  return false;
}

// One component against one name component: the classic single-star backtracking, linear in
// practice and never exponential.
bool component_matches(const std::vector<Pattern::Token>& p, const std::u32string& s) {
  size_t pi = 0, si = 0, star = std::string::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi].kind == Pattern::Token::kStar) {
      star = pi++;
      mark = si;
    } else if (pi < p.size() && token_matches(p[pi], s[si])) {
      ++pi;
      ++si;
    } else if (star != std::string::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi].kind == Pattern::Token::kStar) ++pi;
  return pi == p.size();
}

// Components against components; "**" takes any number of name components (doublestar v1:
// zero unless it is the last one). Memoized over (pattern, name) positions.
bool path_matches(const Pattern::Path& p, const std::vector<std::u32string>& n) {
  const size_t m = p.size(), k = n.size();
  std::vector<signed char> memo((m + 1) * (k + 1), -1);
  std::function<bool(size_t, size_t)> at = [&](size_t i, size_t j) -> bool {
    signed char& known = memo[i * (k + 1) + j];
    if (known >= 0) return known;
    bool r = false;
    if (i == m) {
      r = j == k;
    } else if (p[i].globstar) {
      if (i + 1 == m) {
        r = j < k;
      } else {
        for (size_t s = j; s < k && !r; ++s) r = at(i + 1, s);
      }
    } else {
      r = j < k && component_matches(p[i].tokens, n[j]) && at(i + 1, j + 1);
    }
    known = r;
    return r;
  };
  return at(0, 0);
}

}  // namespace

Pattern::Pattern(std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes)
    throw PatternError("the pattern is longer than 4096 bytes");
  std::vector<std::string> texts;
  expand(std::string(pattern), texts);
  for (const auto& t : texts) alternatives_.push_back(parse_path(t));
}

bool Pattern::matches(std::string_view name) const {
  std::vector<std::u32string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      parts.push_back(runes(name.substr(start, i - start)));
      start = i + 1;
    }
  }
  for (const auto& alt : alternatives_)
    if (path_matches(alt, parts)) return true;
  return false;
}

bool pattern_matches(std::string_view pattern, std::string_view name) {
  try {
    return Pattern(pattern).matches(name);
  } catch (const PatternError&) {
    return false;
  }
}

}  // namespace berth::replication
