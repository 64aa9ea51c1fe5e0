#include "core/reference.h"

namespace berth::core {

namespace {
bool is_alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component: alphanumeric runs joined by '.', '_', '__' or any number of '-'.
bool is_valid_component(std::string_view c) {
  if (c.empty() || !is_alnum_lower(c.front()) || !is_alnum_lower(c.back())) return false;
  size_t i = 0;
  while (i < c.size()) {
    if (is_alnum_lower(c[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < c.size() && !is_alnum_lower(c[i])) ++i;
    auto sep = c.substr(start, i - start);
    bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) return false;
  }
  return true;
}
}  // namespace

bool is_valid_repository_name(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  size_t start = 0;
  while (true) {
    auto slash = name.find('/', start);
    auto comp = name.substr(start, slash == std::string_view::npos ? name.npos : slash - start);
    if (!is_valid_component(comp)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool is_valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) return false;
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (!word(tag[0])) return false;
  for (char c : tag.substr(1))
    if (!(word(c) || c == '.' || c == '-')) return false;
  return true;
}

std::optional<ManifestReference> parse_manifest_reference(std::string_view ref) {
  if (ref.find(':') != std::string_view::npos) {
    if (auto d = Digest::parse(ref)) return ManifestReference{*d};
    return std::nullopt;
  }
  if (!is_valid_tag(ref)) return std::nullopt;
  return ManifestReference{std::string(ref)};
}

std::string_view project_of(std::string_view repository) {
  return repository.substr(0, repository.find('/'));
}

}  // namespace berth::core
