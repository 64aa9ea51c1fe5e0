// An OCI distribution client for one remote registry endpoint (pull side for the proxy cache,
// push side for replication). Blocking; safe to share between threads.
//
// Authentication is negotiated the way docker does it: requests go out anonymously (or with
// what was learned before); a 401 names the scheme. Basic: resend with the credentials.
// Bearer: get a token for the request's scope from the challenge's realm (with the credentials
// when there are some, anonymously otherwise), cache it until it expires, resend.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <vector>

#include "remote/http_client.h"
#include "remote/retry.h"
#include "remote/token_cache.h"

namespace berth::remote {

struct Credentials {
  std::string username;
  std::string password;
  bool empty() const { return username.empty() && password.empty(); }
};

// What a credential provider hands out: the credentials and, when the provider decides where
// to talk to (ECR's proxyEndpoint), that base URL. Called before each request; it caches.
struct ProvidedAuth {
  Credentials credentials;
  std::string endpoint;  // empty: the configured URL
};
using CredentialProvider = std::function<ProvidedAuth()>;

struct RegistryConfig {
  std::string url;  // https://host[:port]
  std::optional<Credentials> credentials;
  CredentialProvider provider;  // wins over `credentials`
  HttpOptions http;
  RetryPolicy retry;
  size_t max_manifest_bytes = 4 << 20;
};

enum class PingStatus { kOk, kUnauthorized, kUnreachable, kError };

struct PingResult {
  PingStatus status = PingStatus::kError;
  std::string message;      // why, for the user
  int http_status = 0;      // the last /v2/ status, 0 when no answer
  std::string auth_scheme;  // "", "basic", "bearer"
  std::optional<ErrorKind> error;
};

struct ManifestDescriptor {
  std::string digest;
  std::string media_type;
  int64_t size = -1;
};

struct Manifest {
  std::string bytes;
  std::string media_type;
  std::string digest;  // verified against the bytes
};

// Accept header values for manifests, most specific first.
extern const std::vector<std::string> kManifestMediaTypes;

class RegistryClient {
 public:
  explicit RegistryClient(RegistryConfig config);
  ~RegistryClient();

  // GET /v2/ with authentication; never throws.
  PingResult ping();

  std::optional<ManifestDescriptor> head_manifest(
      const std::string& repo, const std::string& ref,
      const std::vector<std::string>& accept = kManifestMediaTypes);
  // Verifies the body against a digest reference and against Docker-Content-Digest.
  std::optional<Manifest> get_manifest(
      const std::string& repo, const std::string& ref,
      const std::vector<std::string>& accept = kManifestMediaTypes);
  std::optional<int64_t> head_blob(const std::string& repo, const std::string& digest);
  // Streams the blob into `sink`; false when the registry does not have it. From offset 0 the
  // bytes are hashed and a mismatch throws kDigestMismatch after the last byte, so the caller
  // must treat what it wrote as provisional until this returns.
  // `on_start` learns the blob's total size (-1 when the registry does not say) before the first
  // byte reaches the sink; it is not called for an empty body.
  bool get_blob(const std::string& repo, const std::string& digest, const BodySink& sink,
                uint64_t offset = 0, const std::function<void(int64_t)>& on_start = {});
  std::vector<std::string> list_tags(const std::string& repo, size_t page_size = 1000,
                                     size_t max_tags = 100000);
  std::vector<std::string> catalog(size_t page_size = 1000, size_t max_repositories = 100000);
  // The descriptors of the artifacts whose subject is `digest` (OCI 1.1): the referrers API, or
  // for a registry without it (404) the fallback tag "sha256-<hex>" index. Unfiltered: servers
  // may ignore artifactType, so the caller filters.
  std::vector<nlohmann::json> referrers(const std::string& repo, const std::string& digest,
                                        size_t max_items = 10000);

  // Push side (replication).
  bool mount_blob(const std::string& repo, const std::string& digest, const std::string& from);
  // POST then one PUT with the whole blob; `reader` is not replayed, so no retry on the PUT.
  void upload_blob(const std::string& repo, const std::string& digest, int64_t size,
                   const std::function<size_t(char*, size_t)>& reader);
  void upload_blob(const std::string& repo, const std::string& digest, const std::string& data);
  // POST, PATCH pieces of `chunk_size`, PUT with the digest.
  void upload_blob_chunked(const std::string& repo, const std::string& digest,
                           const std::function<size_t(char*, size_t)>& reader, size_t chunk_size);
  std::string put_manifest(const std::string& repo, const std::string& ref,
                           const std::string& bytes, const std::string& media_type);
  // DELETE /v2/<repo>/manifests/<digest>: the manifest and every tag on it (distribution
  // deletes by digest only). False when the registry does not have it.
  bool delete_manifest(const std::string& repo, const std::string& digest);

  const std::string& url() const { return config_.url; }

 private:
  struct Call;
  class Auth;
  HttpResponse execute(Call& call);
  HttpResponse send_with_retry(HttpRequest& request, Call& call);
  ProvidedAuth current_auth();
  std::string upload_start(const std::string& repo);
  void cancel_upload(const std::string& location, const std::string& repo);
  // PATCHes and the final PUT of a chunked upload; `location` follows the registry's answers.
  void upload_chunks(const std::string& repo, const std::string& digest,
                     const std::function<size_t(char*, size_t)>& reader, size_t chunk_size,
                     std::string& location);

  RegistryConfig config_;
  HttpClient http_;
  std::unique_ptr<Auth> auth_;
};

// Docker Hub keeps official images under library/: "nginx" → "library/nginx".
std::string normalize_repository(const std::string& provider, const std::string& name);

// "repository:<repo>:<actions>"
std::string repository_scope(const std::string& repo, const std::string& actions);

// The registry error body's first message ({"errors":[{"code","message"}]}) or a short body.
std::string registry_error_message(const HttpResponse& response);

// Throws the RemoteError that fits a non-success answer (401, 403, 404, 429, 5xx, other).
[[noreturn]] void throw_for_status(const HttpResponse& response, const std::string& what);

}  // namespace berth::remote
