// The /v2/ route table: every endpoint of the OCI distribution spec, one row each, with the
// spec's literal path (its "end-N" id in the comment). Paths are matched from the right by
// parse_route (repository names hold slashes), so a row names its Route::Kind; this table then
// picks the handler by kind and method.
#include "core/content_source.h"
#include "core/registry_service.h"
#include "http/errors.h"
#include "registry/registry_api.h"

namespace berth::registry {

std::span<const RegistryApi::RouteRow> RegistryApi::routes() {
  using K = Route::Kind;
  using A = RegistryApi;
  // clang-format off
  static const RouteRow kRows[] = {
      {"GET",    "/v2/",                                  K::kBase,        &A::base},             // end-1
      {"HEAD",   "/v2/",                                  K::kBase,        &A::base},
      {"GET",    "/v2/_catalog",                          K::kCatalog,     &A::catalog},
      {"HEAD",   "/v2/_catalog",                          K::kCatalog,     &A::catalog},
      {"GET",    "/v2/<name>/manifests/<reference>",      K::kManifest,    &A::get_manifest},     // end-3
      {"HEAD",   "/v2/<name>/manifests/<reference>",      K::kManifest,    &A::get_manifest},     // end-3
      {"PUT",    "/v2/<name>/manifests/<reference>",      K::kManifest,    &A::put_manifest},     // end-7
      {"DELETE", "/v2/<name>/manifests/<reference>",      K::kManifest,    &A::delete_manifest},  // end-9
      {"GET",    "/v2/<name>/blobs/<digest>",             K::kBlob,        &A::get_blob},         // end-2
      {"HEAD",   "/v2/<name>/blobs/<digest>",             K::kBlob,        &A::get_blob},         // end-2
      {"DELETE", "/v2/<name>/blobs/<digest>",             K::kBlob,        &A::delete_blob},      // end-10
      {"POST",   "/v2/<name>/blobs/uploads/",             K::kUploadStart, &A::start_upload},     // end-4a/4b/11
      {"PATCH",  "/v2/<name>/blobs/uploads/<reference>",  K::kUpload,      &A::patch_upload},     // end-5
      {"PUT",    "/v2/<name>/blobs/uploads/<reference>",  K::kUpload,      &A::put_upload},       // end-6
      {"GET",    "/v2/<name>/blobs/uploads/<reference>",  K::kUpload,      &A::upload_status},    // end-13
      {"DELETE", "/v2/<name>/blobs/uploads/<reference>",  K::kUpload,      &A::cancel_upload},
      {"GET",    "/v2/<name>/tags/list",                  K::kTags,        &A::list_tags},        // end-8a/8b
      {"HEAD",   "/v2/<name>/tags/list",                  K::kTags,        &A::list_tags},
      {"GET",    "/v2/<name>/referrers/<digest>",         K::kReferrers,   &A::referrers},        // end-12a/12b
      {"HEAD",   "/v2/<name>/referrers/<digest>",         K::kReferrers,   &A::referrers},
  };
  // clang-format on
  return kRows;
}

boost::asio::awaitable<http::Response> RegistryApi::dispatch(http::Request& req, const Route& r,
                                                             const Source& src) {
  using K = Route::Kind;
  for (const auto& row : routes()) {
    if (row.kind != r.kind || row.method != req.method) continue;
    // A proxy project refuses every write of content before its handler runs.
    bool push = row.kind == K::kUploadStart || row.kind == K::kUpload ||
                (row.kind == K::kManifest && row.method == "PUT");
    if (push)
      if (auto refusal = src.content.push_refusal()) co_return to_response(*refusal);
    co_return co_await (this->*row.handler)(req, r, src);
  }
  co_return http::oci_error(405, "UNSUPPORTED", "method " + req.method + " not allowed here");
}

}  // namespace berth::registry
