#include "api/artifact_json.h"

#include "core/artifact_types.h"
#include "core/content_store.h"
#include "core/digest.h"
#include "core/media_types.h"
#include "core/registry_service.h"
#include "http/url.h"

namespace berth::api {

namespace {
// Image configs are small; anything larger is not read for extra_attrs.
constexpr uint64_t kMaxListedConfigBytes = 1024 * 1024;
constexpr int64_t kMaxTagsPerArtifact = 1000;

json parse_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  json j = json::parse(s, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

json extra_attrs(core::RegistryService& registry, const core::ArtifactRow& a) {
  auto d = core::Digest::parse(a.config_digest);
  if (!d) return json::object();
  auto bytes = registry.read_small_blob(*d, kMaxListedConfigBytes);
  if (!bytes) return json::object();
  return core::image_extra_attrs(json::parse(*bytes, nullptr, false));
}

json references_json(core::ContentStore& content, const core::ArtifactRow& a) {
  json out = json::array();
  for (const auto& r : content.artifact_references(a)) {
    json ref = {{"parent_id", r.parent_id}, {"child_digest", r.child_digest}};
    if (r.child_id) ref["child_id"] = *r.child_id;
    if (json p = parse_or_null(r.platform_json); !p.is_null()) ref["platform"] = p;
    if (json an = parse_or_null(r.annotations_json); !an.is_null()) ref["annotations"] = an;
    out.push_back(std::move(ref));
  }
  return out;
}
}  // namespace

RepoTarget load_repo(core::ProjectStore& projects, core::ContentStore& content,
                     const ApiRequest& rq, std::string_view resource, std::string_view action) {
  RepoTarget t{project_or_404(projects, rq.param("project_name")), "", std::nullopt};
  require(projects, rq.principal, t.project, resource, action);
  t.name = t.project.name + "/" + repository_param(rq.param("repository_name"));
  t.repo = content.find_repository(t.name);
  if (!t.repo) throw not_found("repository " + t.name + " not found");
  return t;
}

std::string encoded_repository(const std::string& full_name, const std::string& project) {
  std::string rest = full_name.substr(std::min(full_name.size(), project.size() + 1));
  return http::percent_encode(http::percent_encode(rest));
}

json repository_json(const core::RepositoryRow& r) {
  return {{"id", r.id},
          {"project_id", r.project_id},
          {"name", r.name},
          {"description", r.description},
          {"artifact_count", r.artifact_count},
          {"pull_count", r.pull_count},
          {"creation_time", iso_time(r.created_at)},
          {"update_time", iso_time(r.updated_at)}};
}

json tag_json(const core::TagRow& t) {
  json j = {{"id", t.id},     {"repository_id", t.repository_id},   {"artifact_id", t.artifact_id},
            {"name", t.name}, {"push_time", iso_time(t.push_time)}, {"immutable", false}};
  j["pull_time"] = t.pull_time ? iso_time(*t.pull_time) : "0001-01-01T00:00:00.000Z";
  return j;
}

json artifact_json(core::ContentStore& content, core::RegistryService& registry,
                   const RepoTarget& t, const core::ArtifactRow& a, bool with_tag) {
  std::string kind =
      core::artifact_kind(a.manifest_media_type, a.config_media_type, a.artifact_type);
  bool index = core::media::is_index(a.manifest_media_type);
  json j = {{"id", a.id},
            {"type", kind},
            {"media_type", core::artifact_media_type(a.manifest_media_type, a.config_media_type)},
            {"manifest_media_type", a.manifest_media_type},
            {"artifact_type", a.artifact_type},
            {"project_id", t.project.id},
            {"repository_id", a.repository_id},
            {"repository_name", t.name},
            {"digest", a.digest},
            {"size", a.size},
            {"icon", ""},
            {"push_time", iso_time(a.push_time)},
            {"pull_time", a.pull_time ? iso_time(*a.pull_time) : "0001-01-01T00:00:00.000Z"},
            {"labels", nullptr}};
  json annotations = parse_or_null(a.annotations_json);
  j["annotations"] = annotations.is_object() ? annotations : json::object();
  j["extra_attrs"] = (kind == "IMAGE" && !index) ? extra_attrs(registry, a) : json::object();
  j["references"] = index ? references_json(content, a) : json::array();
  if (with_tag) {
    json tags = json::array();
    for (const auto& tag : content.artifact_tags(a.id, 0, kMaxTagsPerArtifact))
      tags.push_back(tag_json(tag));
    j["tags"] = tags;
  }
  if (kind == "IMAGE") {
    std::string base = "/api/v2.0/projects/" + t.project.name + "/repositories/" +
                       encoded_repository(t.name, t.project.name) + "/artifacts/" + a.digest +
                       "/additions/";
    auto link = [&](const char* name) { return json{{"href", base + name}, {"absolute", false}}; };
    j["addition_links"] = {{"vulnerabilities", link("vulnerabilities")}};
    // Images (not indexes) also have Harbor's build_history and Berth's layers.
    if (!index) {
      j["addition_links"]["build_history"] = link("build_history");
      j["addition_links"]["layers"] = link("layers");
    }
  }
  return j;
}

core::ArtifactRow artifact_or_404(core::ContentStore& content, const RepoTarget& t,
                                  const std::string& reference) {
  auto a = content.find_artifact(t.repo->id, reference);
  if (!a) throw not_found("artifact " + t.name + "@" + reference + " not found");
  return *a;
}

}  // namespace berth::api
