// Harbor's `sort` parameter ("name,-creation_time") as an ORDER BY list.
#pragma once

#include <map>
#include <string>

namespace berth::db {

// "-field" → "<column> DESC", "field" → "<column> ASC", joined by ", ", then `tiebreak`
// (e.g. "id DESC"); an empty sort gives `fallback`. Fields are looked up in `columns`, so
// nothing user-typed reaches SQL; an unknown one throws std::invalid_argument naming it.
std::string sort_clause(const std::string& sort, const std::map<std::string, std::string>& columns,
                        const std::string& fallback, const std::string& tiebreak);

}  // namespace berth::db
