// RegistryClient reads: manifests, blobs, tags, catalog.
#include <strings.h>
#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/registry_internal.h"
#include "remote/url.h"

namespace berth::remote {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string media_type_of(const HttpResponse& resp, const std::string& body) {
  std::string ct = resp.header("Content-Type").value_or("");
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  if (!ct.empty() && ct != "application/octet-stream" && ct != "text/plain" &&
      ct != "application/json")
    return ct;
  auto j = nlohmann::json::parse(body, nullptr, false);  // the manifest names its own type
  if (j.is_object() && j.contains("mediaType") && j["mediaType"].is_string())
    return j["mediaType"].get<std::string>();
  return ct;
}

// The `next` target of a Link header (`<url>; rel="next"`), resolved against the request URL.
std::optional<std::string> next_link(const HttpResponse& resp) {
  for (auto& link : resp.header_values("Link")) {
    auto lt = link.find('<'), gt = link.find('>');
    if (lt == std::string::npos || gt == std::string::npos || gt < lt) continue;
    if (link.find("rel=\"next\"", gt) == std::string::npos &&
        link.find("rel=next", gt) == std::string::npos)
      continue;
    return resolve_url(resp.url, link.substr(lt + 1, gt - lt - 1));
  }
  return std::nullopt;
}

}  // namespace

std::optional<ManifestDescriptor> RegistryClient::head_manifest(
    const std::string& repo, const std::string& ref, const std::vector<std::string>& accept) {
  Call c;
  c.method = "HEAD";
  c.path = "/v2/" + repo + "/manifests/" + ref;
  c.headers.emplace_back("Accept", join(accept, ", "));
  c.scopes = {repository_scope(repo, "pull")};
  HttpResponse resp = execute(c);
  if (resp.status == 404) return std::nullopt;
  if (resp.status != 200) throw_for_status(resp, "HEAD manifest " + repo + ":" + ref);
  ManifestDescriptor d;
  d.digest = resp.header("Docker-Content-Digest").value_or("");
  d.media_type = media_type_of(resp, "");
  if (auto len = resp.header("Content-Length")) d.size = std::atoll(len->c_str());
  if (!is_digest(d.digest)) {
    if (is_digest(ref)) {
      d.digest = ref;
    } else {  // some registries omit the digest on HEAD: ask for the body and hash it
      auto m = get_manifest(repo, ref, accept);
      if (!m) return std::nullopt;
      return ManifestDescriptor{m->digest, m->media_type, int64_t(m->bytes.size())};
    }
  }
  return d;
}

std::optional<Manifest> RegistryClient::get_manifest(const std::string& repo,
                                                     const std::string& ref,
                                                     const std::vector<std::string>& accept) {
  Call c;
  c.path = "/v2/" + repo + "/manifests/" + ref;
  c.headers.emplace_back("Accept", join(accept, ", "));
  c.scopes = {repository_scope(repo, "pull")};
  c.max_body = config_.max_manifest_bytes;
  HttpResponse resp = execute(c);
  if (resp.status == 404) return std::nullopt;
  if (resp.status != 200) throw_for_status(resp, "GET manifest " + repo + ":" + ref);
  Manifest m;
  m.bytes = std::move(resp.body);
  m.media_type = media_type_of(resp, m.bytes);
  std::string header = resp.header("Docker-Content-Digest").value_or("");
  std::string expected = is_digest(ref) ? ref : (is_digest(header) ? header : "sha256:");
  auto hasher = DigestHasher::for_digest(expected);
  if (!hasher) hasher = DigestHasher::for_digest("sha256:");
  hasher->update(m.bytes.data(), m.bytes.size());
  m.digest = hasher->finish();
  if (is_digest(expected) && m.digest != expected)
    throw RemoteError(ErrorKind::kDigestMismatch, "manifest " + repo + "@" + expected +
                                                      " from the registry hashes to " + m.digest);
  return m;
}

std::optional<int64_t> RegistryClient::head_blob(const std::string& repo,
                                                 const std::string& digest) {
  Call c;
  c.method = "HEAD";
  c.path = "/v2/" + repo + "/blobs/" + digest;
  c.scopes = {repository_scope(repo, "pull")};
  HttpResponse resp = execute(c);
  if (resp.status == 404) return std::nullopt;
  if (resp.status != 200) throw_for_status(resp, "HEAD blob " + repo + "@" + digest);
  auto len = resp.header("Content-Length");
  return len ? std::atoll(len->c_str()) : -1;
}

namespace {
// The whole blob's size from a 200's Content-Length or a 206's Content-Range "bytes a-b/total".
int64_t total_size(int status, const Headers& headers) {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    const std::string& k = it->first;
    if (status == 200 && strcasecmp(k.c_str(), "Content-Length") == 0)
      return std::strtoll(it->second.c_str(), nullptr, 10);
    if (status == 206 && strcasecmp(k.c_str(), "Content-Range") == 0) {
      auto slash = it->second.rfind('/');
      if (slash == std::string::npos || it->second.compare(slash + 1, 1, "*") == 0) return -1;
      return std::strtoll(it->second.c_str() + slash + 1, nullptr, 10);
    }
  }
  return -1;
}
}  // namespace

bool RegistryClient::get_blob(const std::string& repo, const std::string& digest,
                              const BodySink& sink, uint64_t offset,
                              const std::function<void(int64_t)>& on_start) {
  std::optional<DigestHasher> hasher;
  if (offset == 0) {
    hasher = DigestHasher::for_digest(digest);
    if (!hasher || !is_digest(digest))
      throw RemoteError(ErrorKind::kConfig, "cannot verify blob digest '" + digest + "'");
  }
  uint64_t skip = 0;
  Call c;
  c.path = "/v2/" + repo + "/blobs/" + digest;
  c.scopes = {repository_scope(repo, "pull")};
  if (offset > 0) c.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
  c.on_body_start = [&](int status, const Headers& headers) {
    skip = (offset > 0 && status == 200) ? offset : 0;
    if (on_start) on_start(total_size(status, headers));
  };
  BodySink verified = [&](const char* d, size_t n) {
    if (skip > 0) {  // the registry ignored Range: drop what the caller already has
      size_t k = size_t(std::min<uint64_t>(skip, n));
      d += k, n -= k, skip -= k;
      if (n == 0) return true;
    }
    // The sink first: a proxy client waiting for these bytes gets them while we hash.
    bool more = sink(d, n);
    if (hasher) hasher->update(d, n);
    return more;
  };
  c.sink = &verified;
  HttpResponse resp = execute(c);
  if (resp.status == 404) return false;
  if (resp.status != 200 && resp.status != 206)
    throw_for_status(resp, "GET blob " + repo + "@" + digest);
  if (hasher) {
    std::string got = hasher->finish();
    if (got != digest)
      throw RemoteError(ErrorKind::kDigestMismatch,
                        "blob " + repo + "@" + digest + " from the registry hashes to " + got);
  }
  return true;
}

namespace {
// Follows Link pagination; `field` is "tags" or "repositories". Pages stay on the registry's
// origin (a Link elsewhere would carry our credentials away).
template <typename Exec>
std::vector<std::string> paginate(Exec exec, const std::string& base, std::string path,
                                  const char* field, size_t max_items) {
  std::vector<std::string> out;
  std::string url;
  for (int page = 0; page < 10000 && out.size() < max_items; ++page) {
    HttpResponse resp = exec(path, url);
    if (resp.status != 200) throw_for_status(resp, std::string("listing ") + field);
    auto j = nlohmann::json::parse(resp.body, nullptr, false);
    if (!j.is_object())
      throw RemoteError(ErrorKind::kProtocol, std::string("listing ") + field + ": not JSON");
    if (j.contains(field) && j[field].is_array())
      for (auto& t : j[field])
        if (t.is_string() && out.size() < max_items) out.push_back(t.get<std::string>());
    auto next = next_link(resp);
    if (!next || !same_origin(*next, base)) break;
    url = *next;
  }
  return out;
}
}  // namespace

std::vector<std::string> RegistryClient::list_tags(const std::string& repo, size_t page_size,
                                                   size_t max_tags) {
  auto exec = [&](const std::string& path, const std::string& url) {
    Call c;
    c.path = path;
    c.url = url;
    c.scopes = {repository_scope(repo, "pull")};
    c.max_body = 16 << 20;
    return execute(c);
  };
  return paginate(exec, current_auth().endpoint,
                  "/v2/" + repo + "/tags/list?n=" + std::to_string(page_size), "tags", max_tags);
}

std::vector<std::string> RegistryClient::catalog(size_t page_size, size_t max_repositories) {
  auto exec = [&](const std::string& path, const std::string& url) {
    Call c;
    c.path = path;
    c.url = url;
    c.scopes = {"registry:catalog:*"};
    c.max_body = 16 << 20;
    return execute(c);
  };
  return paginate(exec, current_auth().endpoint, "/v2/_catalog?n=" + std::to_string(page_size),
                  "repositories", max_repositories);
}

namespace {
void add_descriptors(const std::string& body, std::vector<nlohmann::json>& out, size_t max_items) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("manifests") || !j["manifests"].is_array())
    throw RemoteError(ErrorKind::kProtocol, "referrers: not an image index");
  for (auto& d : j["manifests"]) {
    bool valid = d.is_object() && d.contains("digest") && d["digest"].is_string() &&
                 is_digest(d["digest"].get<std::string>()) && d.contains("mediaType") &&
                 d["mediaType"].is_string() && d.contains("size") && d["size"].is_number_integer();
    if (valid && out.size() < max_items) out.push_back(std::move(d));
  }
}
}  // namespace

std::vector<nlohmann::json> RegistryClient::referrers(const std::string& repo,
                                                      const std::string& digest, size_t max_items) {
  if (!is_digest(digest)) throw RemoteError(ErrorKind::kConfig, "not a digest: '" + digest + "'");
  std::vector<nlohmann::json> out;
  std::string path = "/v2/" + repo + "/referrers/" + digest, url;
  const std::string base = current_auth().endpoint;
  for (int page = 0; page < 100 && out.size() < max_items; ++page) {
    Call c;
    c.path = path;
    c.url = url;
    c.scopes = {repository_scope(repo, "pull")};
    c.headers.emplace_back("Accept", "application/vnd.oci.image.index.v1+json");
    c.max_body = 4 << 20;
    HttpResponse resp = execute(c);
    if (resp.status == 404 && page == 0) {
      // No referrers API: the tag schema clients such as oras and cosign write instead.
      std::string tag = digest;
      std::replace(tag.begin(), tag.end(), ':', '-');
      auto m = get_manifest(repo, tag, {"application/vnd.oci.image.index.v1+json"});
      if (m) add_descriptors(m->bytes, out, max_items);
      return out;
    }
    if (resp.status != 200) throw_for_status(resp, "referrers of " + repo + "@" + digest);
    add_descriptors(resp.body, out, max_items);
    auto next = next_link(resp);
    if (!next || !same_origin(*next, base)) break;
    url = *next;
  }
  return out;
}

}  // namespace berth::remote
