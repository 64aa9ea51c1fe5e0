#include "core/manifest.h"

#include <nlohmann/json.hpp>

#include "core/media_types.h"

namespace berth::core {

using nlohmann::json;

namespace {

struct Invalid {
  ManifestError error;
};

[[noreturn]] void fail(std::string message, std::string code = "MANIFEST_INVALID") {
  throw Invalid{{std::move(code), std::move(message)}};
}

std::string string_field(const json& j, const char* key, bool required, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) fail(where + ": missing field '" + key + "'");
    return "";
  }
  if (!it->is_string()) fail(where + ": field '" + key + "' must be a string");
  return it->get<std::string>();
}

std::string object_field_json(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (!it->is_object()) fail(where + ": field '" + key + "' must be an object");
  return it->dump();
}

Descriptor parse_descriptor(const json& j, const std::string& where) {
  if (!j.is_object()) fail(where + " must be an object");
  Descriptor d;
  d.media_type = string_field(j, "mediaType", true, where);
  auto digest_str = string_field(j, "digest", true, where);
  auto digest = Digest::parse(digest_str);
  if (!digest) fail(where + ": invalid digest '" + digest_str + "'", "DIGEST_INVALID");
  d.digest = *digest;
  auto size = j.find("size");
  if (size == j.end() || !size->is_number_integer() || size->get<int64_t>() < 0)
    fail(where + ": 'size' must be a non-negative integer");
  d.size = size->get<int64_t>();
  d.artifact_type = string_field(j, "artifactType", false, where);
  d.annotations_json = object_field_json(j, "annotations", where);
  d.platform_json = object_field_json(j, "platform", where);
  auto urls = j.find("urls");
  d.foreign = d.media_type == media::kDockerForeignLayer ||
              d.media_type.starts_with(media::kOciForeignLayerPrefix) ||
              (urls != j.end() && urls->is_array() && !urls->empty());
  return d;
}

std::vector<Descriptor> parse_descriptor_list(const json& j, const char* key, bool required) {
  std::vector<Descriptor> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) fail(std::string("missing field '") + key + "'");
    return out;
  }
  if (!it->is_array()) fail(std::string("field '") + key + "' must be an array");
  for (size_t i = 0; i < it->size(); ++i)
    out.push_back(parse_descriptor((*it)[i], std::string(key) + "[" + std::to_string(i) + "]"));
  return out;
}

// Decides the manifest's media type from the header and the body.
std::string resolve_media_type(const json& j, std::string_view content_type) {
  std::string body_type = string_field(j, "mediaType", false, "manifest");
  std::string header(content_type.substr(0, content_type.find(';')));
  while (!header.empty() && header.back() == ' ') header.pop_back();
  bool header_specific = media::is_manifest(header);
  if (header_specific && !body_type.empty() && body_type != header)
    fail("mediaType '" + body_type + "' does not match Content-Type '" + header + "'");
  std::string mt = header_specific ? header : body_type;
  if (mt.empty()) {
    // OCI manifests may omit mediaType: infer from shape, as the image-spec allows.
    if (j.contains("manifests")) mt = media::kOciIndex;
    else if (j.contains("config")) mt = media::kOciManifest;
  }
  if (mt == media::kDockerSchema1 || mt == media::kDockerSchema1Signed)
    fail("Docker schema1 manifests are not supported; push schema2 or OCI");
  if (!media::is_manifest(mt))
    fail("unsupported manifest media type '" + (mt.empty() ? header : mt) + "'");
  return mt;
}

ParsedManifest parse_validated(std::string_view body, std::string_view content_type) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) fail("manifest is not valid JSON");
  if (!j.is_object()) fail("manifest must be a JSON object");
  auto sv = j.find("schemaVersion");
  if (sv == j.end() || !sv->is_number_integer() || sv->get<int64_t>() != 2)
    fail("schemaVersion must be 2");

  ParsedManifest m;
  m.media_type = resolve_media_type(j, content_type);
  m.annotations_json = object_field_json(j, "annotations", "manifest");
  std::string artifact_type = string_field(j, "artifactType", false, "manifest");
  if (j.contains("subject") && !j["subject"].is_null())
    m.subject = parse_descriptor(j["subject"], "subject");

  if (media::is_index(m.media_type)) {
    if (j.contains("config") || j.contains("layers"))
      fail("an index must not have 'config' or 'layers'");
    m.manifests = parse_descriptor_list(j, "manifests", true);
    m.artifact_type = artifact_type;
  } else {
    if (j.contains("manifests")) fail("an image manifest must not have 'manifests'");
    auto config = j.find("config");
    if (config == j.end()) fail("missing field 'config'");
    m.config = parse_descriptor(*config, "config");
    m.layers = parse_descriptor_list(j, "layers", m.media_type == media::kDockerManifest);
    // The image-spec: artifactType when given, else the config's media type.
    m.artifact_type = artifact_type.empty() ? m.config->media_type : artifact_type;
    if (!artifact_type.empty() && m.media_type != media::kOciManifest)
      fail("artifactType is only allowed in OCI manifests");
  }
  return m;
}

}  // namespace

ParseResult parse_manifest(std::string_view body, std::string_view content_type) {
  try {
    return {parse_validated(body, content_type), std::nullopt};
  } catch (const Invalid& e) {
    return {std::nullopt, e.error};
  }
}

}  // namespace berth::core
