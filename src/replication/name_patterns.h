// What a side can learn from the policy's name patterns (Harbor's doublestar syntax: *, **, ?,
// [..], {a,b}) before listing: whether they name repositories exactly (then no listing at all),
// which projects they can reach, and a cheap literal-prefix test. Sides use these to list less;
// the caller still filters every name with the full patterns, so all of this may over-approximate
// but must never leave out a repository a pattern matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::replication {

// True when the pattern holds any character with a meaning (* ? [ { and the escape \).
bool has_wildcard(std::string_view pattern);

// The pattern up to its first wildcard character ("library/ng*" → "library/ng").
std::string_view literal_prefix(std::string_view pattern);

// "{a,b}/x{1,2}" → a/x1, a/x2, b/x1, b/x2 (nested groups too). nullopt when the braces are
// unbalanced or the expansion grows beyond a few hundred names.
std::optional<std::vector<std::string>> expand_braces(std::string_view pattern);

// The repositories the patterns name exactly (braces expanded), sorted and unique; nullopt when
// there are none or one of them has a wildcard (then the side must list).
std::optional<std::vector<std::string>> literal_names(const std::vector<std::string>& patterns);

// The projects (first path components) the patterns can reach, sorted and unique; nullopt when
// any project may match (no patterns, or a wildcard in a first component).
std::optional<std::vector<std::string>> literal_projects(const std::vector<std::string>& patterns);

// Whether `name` starts with the literal prefix of one of the patterns (true without patterns).
bool may_match(std::string_view name, const std::vector<std::string>& patterns);

// Sorts and drops repeats (name lists from several patterns or pages).
void sort_unique(std::vector<std::string>& v);

}  // namespace berth::replication
