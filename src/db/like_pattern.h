// Fuzzy ("contains") filters of the stores as SQL LIKE patterns.
#pragma once

#include <string>

namespace berth::db {

// "%s%" with the LIKE wildcards in `s` escaped by '\': use with `LIKE ? ESCAPE '\'`.
std::string like_substring(const std::string& s);

}  // namespace berth::db
