#include "app/remote_check.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "remote/ecr_auth.h"
#include "remote/errors.h"
#include "remote/registry_client.h"

namespace berth::app {
namespace {

using namespace berth::remote;

const char* ping_word(PingStatus s) {
  switch (s) {
    case PingStatus::kOk:
      return "ok";
    case PingStatus::kUnauthorized:
      return "unauthorized";
    case PingStatus::kUnreachable:
      return "unreachable";
    case PingStatus::kError:
      return "error";
  }
  return "error";
}

bool is_index(const Manifest& m) {
  return m.media_type == "application/vnd.oci.image.index.v1+json" ||
         m.media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

// Downloads every blob of an image manifest, verifying each digest; returns the byte total.
uint64_t fetch_blobs(RegistryClient& client, const std::string& repo, const Manifest& m) {
  auto j = nlohmann::json::parse(m.bytes);
  std::vector<nlohmann::json> descriptors;
  if (j.contains("config")) descriptors.push_back(j["config"]);
  for (auto& l : j.value("layers", nlohmann::json::array())) descriptors.push_back(l);
  uint64_t total = 0;
  for (auto& d : descriptors) {
    std::string digest = d.value("digest", "");
    uint64_t n = 0;
    bool found = client.get_blob(repo, digest, [&](const char*, size_t len) {
      n += len;
      return true;
    });
    if (!found) throw RemoteError(ErrorKind::kNotFound, "blob " + digest + " not found");
    std::cout << "blob: " << digest << " " << n << " bytes verified\n";
    total += n;
  }
  return total;
}

// A blob downloaded to an anonymous temp file (never held whole in memory).
struct TempBlob {
  std::FILE* file = std::tmpfile();
  int64_t size = 0;
  ~TempBlob() {
    if (file) std::fclose(file);
  }
  std::function<size_t(char*, size_t)> reader() {
    std::rewind(file);
    return [this](char* buf, size_t n) { return std::fread(buf, 1, n, file); };
  }
};

void copy_image(RegistryClient& client, const std::string& from, const std::string& to,
                const Manifest& m) {
  auto j = nlohmann::json::parse(m.bytes);
  std::vector<std::string> digests{j["config"].value("digest", "")};
  for (auto& l : j.value("layers", nlohmann::json::array()))
    digests.push_back(l.value("digest", ""));
  for (size_t i = 0; i < digests.size(); ++i) {
    const std::string& d = digests[i];
    if (client.head_blob(to, d)) {
      std::cout << "copy: " << d << " already there\n";
      continue;
    }
    if (i % 4 == 1 && client.mount_blob(to, d, from)) {
      std::cout << "copy: " << d << " mounted\n";
      continue;
    }
    TempBlob tmp;
    if (!tmp.file) throw std::runtime_error("cannot create a temp file");
    client.get_blob(from, d, [&](const char* p, size_t n) {
      tmp.size += int64_t(n);
      return std::fwrite(p, 1, n, tmp.file) == n;
    });
    if (i % 4 == 0) {
      std::string small(size_t(tmp.size), '\0');  // the config: small
      tmp.reader()(small.data(), small.size());
      client.upload_blob(to, d, small);
      std::cout << "copy: " << d << " uploaded (monolithic)\n";
    } else if (i % 4 == 2) {
      client.upload_blob(to, d, tmp.size, tmp.reader());
      std::cout << "copy: " << d << " uploaded (monolithic, streamed)\n";
    } else {
      client.upload_blob_chunked(to, d, tmp.reader(), 64 * 1024);
      std::cout << "copy: " << d << " uploaded (chunked)\n";
    }
    if (client.head_blob(to, d).value_or(-1) != tmp.size)
      throw RemoteError(ErrorKind::kProtocol, "copied blob " + d + " is not there afterwards");
  }
  std::string digest = client.put_manifest(to, "copied", m.bytes, m.media_type);
  auto head = client.head_manifest(to, "copied");
  if (digest != m.digest || !head || head->digest != m.digest)
    throw RemoteError(ErrorKind::kDigestMismatch, "copied manifest has another digest");
  std::cout << "copy: manifest " << digest << " as " << to << ":copied\n";
}

int run(const RemoteCheckOptions& o) {
  RegistryConfig cfg;
  cfg.url = o.url;
  cfg.http.insecure = o.insecure;
  cfg.http.ca_file = o.ca_file;
  cfg.http.connect_timeout = std::chrono::milliseconds(o.connect_timeout_ms);
  cfg.http.idle_timeout = std::chrono::milliseconds(o.idle_timeout_ms);
  std::unique_ptr<EcrAuth> ecr;
  auto ecr_endpoint = parse_ecr_url(o.url);
  // ECR Public also serves anonymous pulls: its URL alone does not ask for AWS credentials.
  bool ecr_by_url = ecr_endpoint && !ecr_endpoint->is_public;
  if (o.ecr || !o.ecr_access_key.empty() || ecr_by_url) {
    if (!ecr_endpoint) throw RemoteError(ErrorKind::kConfig, "not an ECR endpoint URL: " + o.url);
    AwsCredentials keys{o.ecr_access_key, o.ecr_secret_key, "", std::nullopt, "configured keys"};
    ecr = std::make_unique<EcrAuth>(*ecr_endpoint, keys, cfg.http);
    cfg.provider = ecr->provider();
  } else if (!o.username.empty() || !o.password.empty()) {
    cfg.credentials = Credentials{o.username, o.password};
  }
  RegistryClient client(cfg);
  PingResult ping = client.ping();
  std::cout << "ping: " << ping_word(ping.status) << " (" << ping.message
            << (ping.auth_scheme.empty() ? "" : ", auth " + ping.auth_scheme) << ")\n";
  if (ping.status != PingStatus::kOk) {
    std::cerr << "error: " << ping.message << "\n";
    return 1;
  }
  if (o.ping_only || o.repository.empty()) return 0;
  std::string repo = normalize_repository(o.provider, o.repository);
  auto tags = client.list_tags(repo);
  std::cout << "tags: " << tags.size() << "\n";
  auto head = client.head_manifest(repo, o.reference);
  if (!head)
    throw RemoteError(ErrorKind::kNotFound, "manifest " + repo + ":" + o.reference + " not found");
  auto m = client.get_manifest(repo, o.reference);
  if (!m)
    throw RemoteError(ErrorKind::kNotFound, "manifest " + repo + ":" + o.reference + " not found");
  std::cout << "manifest: " << m->digest << " " << m->media_type << " " << m->bytes.size() << "\n";
  if (head->digest != m->digest)
    throw RemoteError(ErrorKind::kDigestMismatch, "HEAD and GET disagree on the digest");
  if (is_index(*m)) {
    auto j = nlohmann::json::parse(m->bytes);
    std::string child = j.at("manifests").at(0).value("digest", "");
    m = client.get_manifest(repo, child);
    if (!m) throw RemoteError(ErrorKind::kNotFound, "child manifest " + child + " not found");
    std::cout << "child: " << m->digest << " " << m->media_type << "\n";
  }
  uint64_t total = fetch_blobs(client, repo, *m);
  if (!o.copy_to.empty()) copy_image(client, repo, o.copy_to, *m);
  std::cout << "done: " << total << " blob bytes\n";
  return 0;
}

}  // namespace

int remote_check(const RemoteCheckOptions& options) {
  try {
    return run(options);
  } catch (const RemoteError& e) {
    std::cerr << "error: " << e.what() << " [" << error_kind_name(e.kind()) << "]\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace berth::app
