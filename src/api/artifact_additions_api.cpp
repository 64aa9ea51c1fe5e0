// GET .../artifacts/{reference}/additions/{addition} for images: Harbor's `build_history` (the
// image config's history, as Harbor marshals it) and Berth's `layers` (the manifest's layers
// with the history step that made each). The vulnerabilities addition has its own, more
// specific route (scan_api.cpp). Other additions (chart readme, values, …) → 400, as Harbor
// answers for an addition the artifact's processor does not have.
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "core/artifact_types.h"
#include "core/content_store.h"
#include "core/manifest.h"
#include "core/media_types.h"
#include "core/registry_service.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
// Image configs with a long history can pass the 1 MiB extra_attrs reads; still bounded.
constexpr uint64_t kMaxConfigBytes = 8 * 1024 * 1024;

struct Image {
  core::ParsedManifest manifest;
  json config;
};

// The artifact's manifest and config; 400 unless it is an image manifest (not an index).
Image image_of(Services& s, const RepoTarget& t, const core::ArtifactRow& a,
               const std::string& addition) {
  std::string kind =
      core::artifact_kind(a.manifest_media_type, a.config_media_type, a.artifact_type);
  if (kind != "IMAGE" || core::media::is_index(a.manifest_media_type) || a.config_digest.empty())
    throw bad_request("addition " + addition + " isn't supported for " +
                      (core::media::is_index(a.manifest_media_type) ? "an index" : kind));
  auto digest = core::Digest::parse(a.digest);
  auto stored = digest ? s.registry.get_manifest(t.name, {*digest}) : nullptr;
  if (!stored || !stored->content)
    throw not_found("artifact " + t.name + "@" + a.digest + " not found");
  auto parsed = core::parse_manifest(*stored->content, stored->media_type);
  if (!parsed.manifest) throw ApiError(500, "UNKNOWN", "the stored manifest cannot be read");
  auto config_digest = core::Digest::parse(a.config_digest);
  auto bytes =
      config_digest ? s.registry.read_small_blob(*config_digest, kMaxConfigBytes) : std::nullopt;
  if (!bytes)
    throw not_found("the image config of " + a.digest +
                    " is not stored here yet (a proxy cache fetches it on the first pull)");
  json config = json::parse(*bytes, nullptr, false);
  if (!config.is_object()) throw ApiError(500, "UNKNOWN", "the image config is not JSON");
  return {std::move(*parsed.manifest), std::move(config)};
}

json history_of(const json& config) {
  auto it = config.find("history");
  return it != config.end() && it->is_array() ? *it : json(nullptr);
}

// One entry per layer: the history steps that are not empty_layer belong to the layers in order.
json layers_json(const Image& img) {
  std::vector<json> steps;
  json history = history_of(img.config);
  if (history.is_array())
    for (const auto& h : history)
      if (!h.value("empty_layer", false)) steps.push_back(h);
  json out = json::array();
  for (size_t i = 0; i < img.manifest.layers.size(); ++i) {
    const auto& l = img.manifest.layers[i];
    json j = {{"digest", l.digest.str()}, {"media_type", l.media_type}, {"size", l.size}};
    if (i < steps.size())
      for (const char* key : {"created", "created_by", "comment"})
        if (steps[i].contains(key)) j[key] = steps[i][key];
    out.push_back(std::move(j));
  }
  return out;
}

http::Response addition(Services& s, ApiRequest& rq) {
  RepoTarget t = load_repo(s.projects, s.content, rq, "artifact", "read");
  auto a = artifact_or_404(s.content, t, rq.param("reference"));
  std::string name = rq.param("addition");
  if (name != "build_history" && name != "layers")
    throw bad_request("addition " + name + " isn't supported for this artifact");
  Image img = image_of(s, t, a, name);
  json body = name == "build_history" ? history_of(img.config) : layers_json(img);
  return http::Response::text(200, body.dump(), "application/json; charset=utf-8");
}

}  // namespace

void register_artifact_addition_routes(ApiRouter& router) {
  auto get = [](Services& s, ApiRequest& rq) -> boost::asio::awaitable<http::Response> {
    co_return co_await http::run_blocking([&] { return addition(s, rq); });
  };
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/additions/{addition}", get},
  });
  // clang-format on
}

}  // namespace berth::api
