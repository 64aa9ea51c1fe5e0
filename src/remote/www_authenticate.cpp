#include "remote/www_authenticate.h"
#include "base/ascii.h"

#include <algorithm>
#include <cctype>

namespace berth::remote {
namespace {

constexpr size_t kMaxHeader = 16 * 1024;
constexpr size_t kMaxChallenges = 16;
constexpr size_t kMaxParams = 32;

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::vector<Challenge> run() {
    std::vector<Challenge> out;
    while (out.size() < kMaxChallenges) {
      skip_separators();
      std::string scheme = token();
      if (scheme.empty()) break;
      Challenge c{base::ascii_lower(scheme), {}, {}};
      if (!parse_params(c)) {
        out.push_back(std::move(c));
        break;
      }
      out.push_back(std::move(c));
    }
    return out;
  }

 private:
  // Reads `name=value` pairs until the next challenge starts; false when input is malformed.
  bool parse_params(Challenge& c) {
    skip_spaces();
    if (try_token68(c)) return true;
    while (c.params.size() < kMaxParams) {
      skip_separators();
      size_t start = pos_;
      std::string name = token();
      if (name.empty()) return pos_ >= s_.size();
      skip_spaces();
      if (peek() != '=') {  // a bare token: the next challenge's scheme
        pos_ = start;
        return true;
      }
      ++pos_;
      skip_spaces();
      std::optional<std::string> value = peek() == '"' ? quoted() : std::optional(token());
      if (!value) return false;
      c.params[base::ascii_lower(name)] = *value;
      skip_spaces();
      if (peek() != ',' && pos_ < s_.size()) return true;
    }
    return true;
  }

  // `Negotiate abc==`: a token68 is a token followed only by '=' padding and then the end or ','.
  bool try_token68(Challenge& c) {
    size_t start = pos_;
    while (pos_ < s_.size() && (is_tchar(s_[pos_]) || s_[pos_] == '/')) ++pos_;
    size_t end = pos_;
    while (pos_ < s_.size() && s_[pos_] == '=') ++pos_;
    size_t after = pos_;
    skip_spaces();
    bool is68 = end > start && after > end && (pos_ >= s_.size() || s_[pos_] == ',');
    if (is68) {
      c.token68 = std::string(s_.substr(start, after - start));
      return true;
    }
    pos_ = start;
    return false;
  }

  std::optional<std::string> quoted() {
    ++pos_;  // opening quote
    std::string v;
    while (pos_ < s_.size()) {
      char ch = s_[pos_++];
      if (ch == '"') return v;
      if (ch == '\\' && pos_ < s_.size()) ch = s_[pos_++];
      v += ch;
    }
    return std::nullopt;  // unterminated
  }

  std::string token() {
    size_t start = pos_;
    while (pos_ < s_.size() && is_tchar(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_spaces() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  void skip_separators() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == ',')) ++pos_;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Challenge> parse_www_authenticate(std::string_view header) {
  if (header.size() > kMaxHeader) header = header.substr(0, kMaxHeader);
  return Parser(header).run();
}

std::optional<Challenge> find_challenge(const std::vector<std::string>& header_values,
                                        std::string_view scheme) {
  for (auto& v : header_values)
    for (auto& c : parse_www_authenticate(v))
      if (c.scheme == scheme) return c;
  return std::nullopt;
}

}  // namespace berth::remote
