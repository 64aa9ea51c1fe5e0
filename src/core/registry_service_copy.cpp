// RegistryService::copy_artifact: Harbor's "copy artifact" (the portal's retag). Every manifest
// goes through put_manifest, so the copy is validated and cached exactly as a push would be.
#include "core/manifest.h"
#include "core/registry_service.h"

namespace berth::core {

namespace {
// Accessories may carry accessories (a signature of an SBOM); a cycle is impossible with
// content-addressed subjects, but a bound keeps a corrupt database from recursing forever.
constexpr int kMaxDepth = 16;

RegistryError copy_error(const std::string& src, const Digest& d, const std::string& why) {
  return RegistryError{409, "CONFLICT", "cannot copy " + src + "@" + d.str() + ": " + why};
}
}  // namespace

std::optional<CopyResult> RegistryService::copy_artifact(const std::string& src, const Digest& d,
                                                         const std::string& dst) {
  auto repo = content_.find_repository(src);
  if (!repo) return std::nullopt;
  auto artifact = content_.find_artifact(repo->id, d.str());
  if (!artifact) return std::nullopt;
  CopyResult out;
  copy_manifest(src, d, dst, true, 0, out);
  // Harbor copies the tags of the outermost artifact only; like a push, a tag the destination
  // already has moves to the copy.
  auto copied = get_manifest(dst, ManifestReference{d});
  for (const auto& tag : content_.artifact_tags(artifact->id, 0, 100000)) {
    // A tagged push names the manifest by its SHA-256; any other algorithm gets a plain tag.
    if (d.algorithm == DigestAlgorithm::kSha256)
      put_manifest(dst, ManifestReference{tag.name}, copied->media_type, *copied->content);
    else
      add_tag(dst, d, tag.name);
    out.tags.push_back(tag.name);
  }
  cache_.invalidate(dst);
  return out;
}

void RegistryService::copy_manifest(const std::string& src, const Digest& d, const std::string& dst,
                                    bool root, int depth, CopyResult& out) {
  if (depth > kMaxDepth) throw copy_error(src, d, "accessories nest too deeply");
  // A child or accessory the destination already holds is left as it is (Harbor does the same).
  if (!root && content_.find_manifest(dst, ManifestReference{d})) return;
  auto m = get_manifest(src, ManifestReference{d});
  if (!m) throw copy_error(src, d, "the source does not hold " + d.str());
  auto parsed = parse_manifest(*m->content, m->media_type);
  if (!parsed.manifest) throw copy_error(src, d, "its manifest does not parse");
  for (const auto& child : parsed.manifest->manifests)
    copy_manifest(src, child.digest, dst, false, depth + 1, out);
  std::vector<Descriptor> blobs = parsed.manifest->layers;
  if (parsed.manifest->config) blobs.push_back(*parsed.manifest->config);
  for (const auto& b : blobs)
    if (!b.foreign && !content_.blob_size(dst, b.digest) &&
        !content_.link_blob_from(dst, src, b.digest))
      throw copy_error(src, d, "the source does not hold blob " + b.digest.str());
  put_manifest(dst, ManifestReference{d}, m->media_type, *m->content);
  out.stored.push_back(d);
  for (const auto& r : content_.referrers(src, d))
    copy_manifest(src, r.digest, dst, false, depth + 1, out);
}

}  // namespace berth::core
