#include "db/sort_clause.h"

#include <stdexcept>

namespace berth::db {

std::string sort_clause(const std::string& sort, const std::map<std::string, std::string>& columns,
                        const std::string& fallback, const std::string& tiebreak) {
  std::string out;
  size_t i = 0;
  while (i < sort.size()) {
    size_t comma = sort.find(',', i);
    if (comma == std::string::npos) comma = sort.size();
    std::string field = sort.substr(i, comma - i);
    i = comma + 1;
    if (field.empty()) continue;
    bool desc = field[0] == '-';
    if (desc) field.erase(0, 1);
    auto it = columns.find(field);
    if (it == columns.end()) throw std::invalid_argument("cannot sort by '" + field + "'");
    out += (out.empty() ? "" : ", ") + it->second + (desc ? " DESC" : " ASC");
  }
  return out.empty() ? fallback : out + ", " + tiebreak;
}

}  // namespace berth::db
