// RegistryClient writes (replication): blob uploads, cross-repository mounts, manifests.
#include <spdlog/spdlog.h>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/registry_internal.h"
#include "remote/url.h"

namespace berth::remote {
namespace {

std::string location_of(const HttpResponse& resp, const std::string& what) {
  auto loc = resp.header("Location");
  if (!loc || loc->empty())
    throw RemoteError(ErrorKind::kProtocol, what + ": no Location in the answer");
  auto url = resolve_url(resp.url, *loc);
  if (!url) throw RemoteError(ErrorKind::kProtocol, what + ": invalid Location " + *loc);
  return *url;
}

std::string with_query(const std::string& url, const std::string& kv) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + kv;
}

// Fills `buf` from `reader` until full or the reader is done.
size_t read_full(const std::function<size_t(char*, size_t)>& reader, std::string& buf) {
  size_t n = 0;
  while (n < buf.size()) {
    size_t got = reader(buf.data() + n, buf.size() - n);
    if (got == 0) break;
    n += got;
  }
  return n;
}

}  // namespace

// Best effort: an upload session that will not be completed is deleted, so the destination
// keeps nothing of a copy that failed or was stopped.
void RegistryClient::cancel_upload(const std::string& location, const std::string& repo) {
  try {
    // docker-registry's session URL carries its offset; after a partial body only the URL of a
    // status request (GET) names the session as it now is.
    std::string current = location;
    Call status;
    status.method = "GET";
    status.url = location;
    status.scopes = {repository_scope(repo, "pull,push")};
    HttpResponse st = execute(status);
    if (auto loc = st.header("Location"); st.status == 204 && loc && !loc->empty())
      if (auto url = resolve_url(st.url, *loc)) current = *url;
    Call del;
    del.method = "DELETE";
    del.url = current;
    del.scopes = {repository_scope(repo, "pull,push")};
    execute(del);
  } catch (const std::exception& e) {
    spdlog::debug("remote: cancelling an upload to {}: {}", repo, e.what());
  }
}

std::string RegistryClient::upload_start(const std::string& repo) {
  Call c;
  c.method = "POST";
  c.path = "/v2/" + repo + "/blobs/uploads/";
  c.scopes = {repository_scope(repo, "pull,push")};
  HttpResponse resp = execute(c);
  if (resp.status != 202) throw_for_status(resp, "starting an upload to " + repo);
  return location_of(resp, "starting an upload to " + repo);
}

bool RegistryClient::mount_blob(const std::string& repo, const std::string& digest,
                                const std::string& from) {
  Call c;
  c.method = "POST";
  c.path = "/v2/" + repo + "/blobs/uploads/?mount=" + percent_encode(digest) +
           "&from=" + percent_encode(from, true);
  c.scopes = {repository_scope(repo, "pull,push"), repository_scope(from, "pull")};
  HttpResponse resp = execute(c);
  if (resp.status == 201) return true;
  if (resp.status != 202) throw_for_status(resp, "mounting " + digest + " into " + repo);
  // The registry opened an upload instead; do not leave it behind.
  if (auto loc = resp.header("Location"); loc && !loc->empty())
    if (auto url = resolve_url(resp.url, *loc)) cancel_upload(*url, repo);
  return false;
}

void RegistryClient::upload_blob(const std::string& repo, const std::string& digest, int64_t size,
                                 const std::function<size_t(char*, size_t)>& reader) {
  std::string location = upload_start(repo);
  Call c;
  c.method = "PUT";
  c.url = with_query(location, "digest=" + percent_encode(digest));
  c.headers.emplace_back("Content-Type", "application/octet-stream");
  c.body_reader = reader;
  c.body_size = size;
  c.scopes = {repository_scope(repo, "pull,push")};
  try {
    HttpResponse resp = execute(c);
    if (resp.status != 201) throw_for_status(resp, "uploading " + digest + " to " + repo);
  } catch (...) {
    cancel_upload(location, repo);
    throw;
  }
}

void RegistryClient::upload_blob(const std::string& repo, const std::string& digest,
                                 const std::string& data) {
  Call c;
  c.method = "PUT";
  c.url = with_query(upload_start(repo), "digest=" + percent_encode(digest));
  c.headers.emplace_back("Content-Type", "application/octet-stream");
  c.body = data;
  c.scopes = {repository_scope(repo, "pull,push")};
  HttpResponse resp = execute(c);
  if (resp.status != 201) throw_for_status(resp, "uploading " + digest + " to " + repo);
}

void RegistryClient::upload_blob_chunked(const std::string& repo, const std::string& digest,
                                         const std::function<size_t(char*, size_t)>& reader,
                                         size_t chunk_size) {
  std::string location = upload_start(repo);
  try {
    upload_chunks(repo, digest, reader, chunk_size, location);
  } catch (...) {
    cancel_upload(location, repo);
    throw;
  }
}

void RegistryClient::upload_chunks(const std::string& repo, const std::string& digest,
                                   const std::function<size_t(char*, size_t)>& reader,
                                   size_t chunk_size, std::string& location) {
  std::string buf(std::max<size_t>(chunk_size, 1), '\0');
  uint64_t offset = 0;
  for (;;) {
    size_t n = read_full(reader, buf);
    if (n == 0) break;
    Call c;
    c.method = "PATCH";
    c.url = location;
    c.body = buf.substr(0, n);  // one chunk in memory, bounded by chunk_size
    c.headers.emplace_back("Content-Type", "application/octet-stream");
    c.headers.emplace_back("Content-Range",
                           std::to_string(offset) + "-" + std::to_string(offset + n - 1));
    c.scopes = {repository_scope(repo, "pull,push")};
    HttpResponse resp = execute(c);
    if (resp.status != 202) throw_for_status(resp, "uploading a chunk of " + digest);
    location = location_of(resp, "uploading a chunk of " + digest);
    offset += n;
    if (n < buf.size()) break;
  }
  Call put;
  put.method = "PUT";
  put.url = with_query(location, "digest=" + percent_encode(digest));
  put.scopes = {repository_scope(repo, "pull,push")};
  HttpResponse resp = execute(put);
  if (resp.status != 201) throw_for_status(resp, "completing the upload of " + digest);
}

std::string RegistryClient::put_manifest(const std::string& repo, const std::string& ref,
                                         const std::string& bytes, const std::string& media_type) {
  Call c;
  c.method = "PUT";
  c.path = "/v2/" + repo + "/manifests/" + ref;
  c.headers.emplace_back("Content-Type", media_type);
  c.body = bytes;
  c.scopes = {repository_scope(repo, "pull,push")};
  HttpResponse resp = execute(c);
  if (resp.status != 201) throw_for_status(resp, "PUT manifest " + repo + ":" + ref);
  auto d = resp.header("Docker-Content-Digest");
  return d && is_digest(*d) ? *d : "sha256:" + sha256_hex(bytes);
}

bool RegistryClient::delete_manifest(const std::string& repo, const std::string& digest) {
  if (!is_digest(digest)) throw RemoteError(ErrorKind::kConfig, "not a digest: '" + digest + "'");
  Call c;
  c.method = "DELETE";
  c.path = "/v2/" + repo + "/manifests/" + digest;
  c.scopes = {repository_scope(repo, "delete")};
  HttpResponse resp = execute(c);
  if (resp.status == 202 || resp.status == 200 || resp.status == 204) return true;
  if (resp.status == 404) return false;
  throw_for_status(resp, "DELETE manifest " + repo + "@" + digest);
}

}  // namespace berth::remote
