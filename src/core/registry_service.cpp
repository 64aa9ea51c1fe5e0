#include "core/registry_service.h"

#include <nlohmann/json.hpp>

#include "core/manifest.h"
#include "core/media_types.h"
#include "store/blob_store.h"

namespace berth::core {

using nlohmann::json;

namespace {

RegistryError error(unsigned status, std::string code, std::string message,
                    std::string detail = "") {
  return RegistryError{status, std::move(code), std::move(message), std::move(detail)};
}

std::string digest_detail(const Digest& d) {
  return json{{"digest", d.str()}}.dump();
}

// The blobs a manifest needs in its repository: config and layers, except foreign layers
// (non-distributable: they may live elsewhere).
std::vector<Descriptor> required_blobs(const ParsedManifest& m) {
  std::vector<Descriptor> out;
  if (!m.config) return out;
  if (!m.config->foreign) out.push_back(*m.config);
  for (const auto& l : m.layers)
    if (!l.foreign) out.push_back(l);
  return out;
}

}  // namespace

RegistryService::RegistryService(ContentStore& content, store::BlobStore& blobs, Options options)
    : content_(content), blobs_(blobs), options_(options) {}

std::optional<uint64_t> RegistryService::blob_size(const std::string& repo, const Digest& d) {
  return content_.blob_size(repo, d);
}

void RegistryService::link_blob(const std::string& repo, const Digest& d, uint64_t size) {
  content_.link_blob(repo, d, size);
}

void RegistryService::add_blob(const std::string& repo, const std::filesystem::path& tmp,
                               const Digest& d, uint64_t size) {
  blobs_.commit_file(tmp, d);  // fsync + rename: readers of the temp file keep the same inode
  link_blob(repo, d, size);
}

bool RegistryService::mount_blob(const std::string& repo, const std::string& from,
                                 const Digest& d) {
  // A link to a file that is gone would serve nothing: the source must still have the bytes.
  if (!blobs_.exists(d)) return false;
  return content_.link_blob_from(repo, from, d);
}

bool RegistryService::unlink_blob(const std::string& repo, const Digest& d) {
  return content_.unlink_blob(repo, d);
}

PutManifestResult RegistryService::put_manifest(const std::string& repo,
                                                const ManifestReference& ref,
                                                std::string_view content_type,
                                                const std::string& body,
                                                bool allow_missing_references) {
  if (body.size() > options_.max_manifest_bytes)
    throw error(
        413, "MANIFEST_INVALID",
        "manifest exceeds the " + std::to_string(options_.max_manifest_bytes) + " byte limit");
  auto parsed = parse_manifest(body, content_type);
  if (parsed.error) throw error(400, parsed.error->code, parsed.error->message);
  const ParsedManifest& m = *parsed.manifest;
  Digest digest =
      ref.is_digest() ? Digest::of(ref.digest().algorithm, body) : Digest::sha256_of(body);
  if (ref.is_digest() && digest != ref.digest())
    throw error(400, "DIGEST_INVALID",
                "manifest digest " + digest.str() + " does not match " + ref.digest().str());

  ManifestWrite w{.repository = repo,
                  .digest = digest,
                  .manifest = &m,
                  .body = body,
                  .tag = ref.is_digest() ? std::nullopt : std::optional<std::string>(ref.tag()),
                  .required_blobs = required_blobs(m),
                  .allow_missing_references = allow_missing_references};
  auto written = content_.put_manifest(w);
  if (const auto& b = written.missing_blob)
    throw error(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + b->digest.str(),
                digest_detail(b->digest));
  if (const auto& child = written.missing_manifest)
    throw error(400, "MANIFEST_UNKNOWN", "manifest unknown to repository: " + child->digest.str(),
                digest_detail(child->digest));
  cache_.invalidate(repo);
  PutManifestResult r{digest, std::nullopt};
  if (m.subject) r.subject = m.subject->digest;
  return r;
}

std::shared_ptr<const StoredManifest> RegistryService::get_manifest(const std::string& repo,
                                                                    const ManifestReference& ref) {
  auto key = ref.str();
  if (auto hit = cache_.get(repo, key)) return hit;
  auto version = cache_.version();
  auto m = content_.find_manifest(repo, ref);
  if (m) cache_.put(repo, key, m, version);
  return m;
}

bool RegistryService::delete_manifest(const std::string& repo, const Digest& d) {
  bool deleted = content_.delete_manifest(repo, d);
  cache_.invalidate(repo);
  return deleted;
}

bool RegistryService::delete_tag(const std::string& repo, const std::string& tag) {
  bool deleted = content_.delete_tag(repo, tag);
  cache_.invalidate(repo);
  return deleted;
}

std::optional<Page> RegistryService::tags(const std::string& repo, int64_t limit,
                                          const std::string& last) {
  return content_.tag_names(repo, limit, last);
}

Page RegistryService::repositories(int64_t limit, const std::string& last) {
  // Like distribution, a repository shows once it holds anything: manifests or just blobs.
  return content_.repository_names(limit, last);
}

std::string RegistryService::referrers(const std::string& repo, const Digest& d,
                                       const std::optional<std::string>& artifact_type) {
  json list = json::array();
  for (const auto& r : content_.referrers(repo, d)) {
    if (artifact_type && r.artifact_type != *artifact_type) continue;
    json desc = {{"mediaType", r.media_type}, {"digest", r.digest.str()}, {"size", r.size}};
    if (!r.artifact_type.empty()) desc["artifactType"] = r.artifact_type;
    if (!r.annotations_json.empty())
      desc["annotations"] = json::parse(r.annotations_json, nullptr, false);
    list.push_back(std::move(desc));
  }
  json index = {{"schemaVersion", 2}, {"mediaType", media::kOciIndex}, {"manifests", list}};
  return index.dump();
}

}  // namespace berth::core
