// Maven versions ordered as Maven's ComparableVersion (3.8) orders them: items split on '.', '-'
// and digit/letter transitions, qualifiers alpha < beta < milestone < rc < snapshot < "" < sp,
// unknown qualifiers after those, trailing null items dropped.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

class MavenVersion {
 public:
  explicit MavenVersion(std::string_view v);
  int compare(const MavenVersion& other) const;
  std::string canonical() const;

  struct Item {
    enum Kind { kInt, kString, kList } kind = kInt;
    std::string value;        // digits without leading zeros, or the qualifier
    std::vector<Item> items;  // for lists
  };

 private:
  Item root_;
};

int compare(const MavenVersion& a, const MavenVersion& b);

}  // namespace berth::scan
