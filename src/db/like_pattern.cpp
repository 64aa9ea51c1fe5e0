#include "db/like_pattern.h"

namespace berth::db {

std::string like_substring(const std::string& s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace berth::db
