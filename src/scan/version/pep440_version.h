// PEP 440 versions as Python's packaging (23.x) parses, normalises and orders them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

struct Pep440Version {
  std::string epoch = "0";           // digits, no leading zeros
  std::vector<std::string> release;  // digit runs, no leading zeros
  std::optional<std::string> pre_l;  // "a", "b" or "rc"
  std::string pre_n;
  std::optional<std::string> post_n;  // set when there is a post-release
  std::optional<std::string> dev_n;   // set when there is a dev release
  std::optional<std::string> local;   // lower-cased, separators normalised to "."

  bool is_prerelease() const { return pre_l.has_value() || dev_n.has_value(); }
  bool is_postrelease() const { return post_n.has_value(); }

  std::string str() const;                                // normalised form, as str(Version(...))
  std::string public_str() const;                         // without the local segment
  std::string base_str() const;                           // epoch and release only
  std::string canonical(bool strip_trailing_zero) const;  // packaging's canonicalize_version

  static std::optional<Pep440Version> parse(std::string_view s);
};

int compare(const Pep440Version& a, const Pep440Version& b);

}  // namespace berth::scan
