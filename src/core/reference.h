// Repository names and tags, validated by the OCI distribution-spec grammar.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/digest.h"

namespace berth::core {

// <path-component>(/<path-component>)*, path-component = [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*,
// at most 255 characters in all (distribution's limit, also Harbor's).
bool is_valid_repository_name(std::string_view name);

// [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}
bool is_valid_tag(std::string_view tag);

// A manifest reference is a digest when it contains ':', a tag otherwise.
struct ManifestReference {
  std::variant<std::string, Digest> value;
  bool is_digest() const { return std::holds_alternative<Digest>(value); }
  const Digest& digest() const { return std::get<Digest>(value); }
  const std::string& tag() const { return std::get<std::string>(value); }
  std::string str() const { return is_digest() ? digest().str() : tag(); }
};

// nullopt when neither a valid tag nor a valid digest.
std::optional<ManifestReference> parse_manifest_reference(std::string_view ref);

// The project a repository belongs to: its first path component.
std::string_view project_of(std::string_view repository);

}  // namespace berth::core
