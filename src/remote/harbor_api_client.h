// The few calls of another Harbor's (or Berth's) management API that replication needs beyond
// the OCI distribution API: listing projects and their repositories (Harbor's /v2/_catalog is
// admin-only and unpaged), creating the destination project, reading an artifact's labels.
// Authenticates with HTTP Basic (users and robot accounts both work). Blocking; safe to share
// between threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "remote/http_client.h"
#include "remote/registry_client.h"
#include "remote/retry.h"

namespace berth::remote {

class HarborApiClient {
 public:
  // `url`: the instance's base URL (https://harbor.example.com), as for its registry API.
  HarborApiClient(std::string url, std::optional<Credentials> credentials, HttpOptions http = {},
                  RetryPolicy retry = {});

  // GET /api/v2.0/projects, every page: the projects these credentials can see.
  std::vector<std::string> project_names();
  // GET /api/v2.0/projects/{project}/repositories, every page: full names ("library/nginx").
  std::vector<std::string> repository_names(const std::string& project);
  // HEAD /api/v2.0/projects?project_name=…
  bool project_exists(const std::string& project);
  // POST /api/v2.0/projects, private. False when it exists already (409: created meanwhile).
  bool create_project(const std::string& project);
  // GET …/artifacts/{digest}?with_label=true: label names; {} when the artifact is unknown.
  std::vector<std::string> artifact_labels(const std::string& repo, const std::string& digest);

  const std::string& url() const { return url_; }

 private:
  HttpResponse send(const std::string& method, const std::string& path,
                    const std::string& body = "");
  std::vector<std::string> all_names(const std::string& path, const std::string& what);

  std::string url_;
  std::optional<Credentials> credentials_;
  RetryPolicy retry_;
  HttpClient http_;
};

// ---- the JSON and paths, separate for tests ----

// The "name" of every object of a JSON array (projects, repositories, labels); throws
// RemoteError(kProtocol) when the body is not an array.
std::vector<std::string> harbor_names(const std::string& body, const std::string& what);
// The ProjectReq for a private project: {"project_name":…,"metadata":{"public":"false"}}.
std::string harbor_project_request(const std::string& project);
// The label names of an Artifact body (its "labels" array; absent → {}).
std::vector<std::string> harbor_artifact_labels(const std::string& body);
// /api/v2.0/projects/{p}/repositories/{rest, '/' double-encoded}/artifacts/{reference}
std::string harbor_artifact_path(const std::string& repo, const std::string& reference);

}  // namespace berth::remote
