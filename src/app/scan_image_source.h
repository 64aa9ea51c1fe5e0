// Turning an image reference on the command line into a scan::ScanTarget: an image stored in
// Berth's own data dir (`<project>/<repo>:<tag>`, `<project>/<repo>@sha256:…`) or an OCI image
// layout on disk (`oci:<dir>[:<tag>]`). Indexes resolve to their linux/amd64 image (else the
// first image). Read-only.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "scan/scan_engine.h"

namespace berth::app {

class ImageSourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How to read manifests and blobs from wherever the image lives.
struct ManifestStore {
  // (media type, body) of a manifest by tag or digest string; nullopt when missing.
  std::function<std::optional<std::pair<std::string, std::string>>(const std::string& ref)>
      manifest;
  // A blob's file path (blob may be missing: the caller checks).
  std::function<std::filesystem::path(const std::string& digest)> blob_path;
};

// Builds the target from a manifest reference through `store`. `name` is the report's
// ArtifactName; `repository` goes into RepoDigests (may be empty).
scan::ScanTarget resolve_scan_target(const ManifestStore& store, const std::string& ref,
                                     const std::string& name, const std::string& repository);

// An OCI image layout directory as a ManifestStore (index.json tags via
// org.opencontainers.image.ref.name; an empty ref picks the layout's only image).
ManifestStore oci_layout_store(const std::filesystem::path& dir);

}  // namespace berth::app
