#include "remote/harbor_api_client.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "remote/crypto.h"
#include "remote/errors.h"
#include "remote/url.h"

namespace berth::remote {

namespace {
constexpr int kPageSize = 100;  // Harbor's maximum page_size
constexpr int kMaxPages = 1000;
}  // namespace

std::vector<std::string> harbor_names(const std::string& body, const std::string& what) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_array()) throw RemoteError(ErrorKind::kProtocol, what + ": the answer is not a list");
  std::vector<std::string> out;
  for (const auto& item : j)
    if (item.is_object() && item.contains("name") && item["name"].is_string())
      out.push_back(item["name"].get<std::string>());
  return out;
}

std::string harbor_project_request(const std::string& project) {
  return nlohmann::json{{"project_name", project}, {"metadata", {{"public", "false"}}}}.dump();
}

std::vector<std::string> harbor_artifact_labels(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object())
    throw RemoteError(ErrorKind::kProtocol, "reading an artifact's labels: not an artifact");
  if (!j.contains("labels") || !j["labels"].is_array()) return {};
  return harbor_names(j["labels"].dump(), "labels");
}

std::string harbor_artifact_path(const std::string& repo, const std::string& reference) {
  auto slash = repo.find('/');
  std::string project = repo.substr(0, slash);
  std::string rest = slash == std::string::npos ? "" : repo.substr(slash + 1);
  // Harbor decodes the path once before routing, so a '/' inside the name goes in as %252F.
  return "/api/v2.0/projects/" + percent_encode(project) + "/repositories/" +
         percent_encode(percent_encode(rest)) + "/artifacts/" + percent_encode(reference);
}

HarborApiClient::HarborApiClient(std::string url, std::optional<Credentials> credentials,
                                 HttpOptions http, RetryPolicy retry)
    : url_(normalize_base_url(url)),
      credentials_(std::move(credentials)),
      retry_(retry),
      http_(std::move(http)) {}

HttpResponse HarborApiClient::send(const std::string& method, const std::string& path,
                                   const std::string& body) {
  HttpRequest req;
  req.method = method;
  req.url = url_ + path;
  req.headers.emplace_back("Accept", "application/json");
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
  }
  if (credentials_ && !credentials_->empty())
    req.headers.emplace_back(
        "Authorization",
        "Basic " + base64_encode(credentials_->username + ":" + credentials_->password));
  return send_with_retries(http_, retry_, req, 16 << 20);
}

std::vector<std::string> HarborApiClient::all_names(const std::string& path,
                                                    const std::string& what) {
  std::vector<std::string> out;
  for (int page = 1; page <= kMaxPages; ++page) {
    HttpResponse resp =
        send("GET", path + (path.find('?') == std::string::npos ? "?" : "&") +
                        "page=" + std::to_string(page) + "&page_size=" + std::to_string(kPageSize));
    if (resp.status != 200) throw_for_status(resp, what);
    auto names = harbor_names(resp.body, what);
    out.insert(out.end(), names.begin(), names.end());
    if (names.size() < size_t(kPageSize)) break;
    if (auto total = resp.header("X-Total-Count"))
      if (out.size() >= size_t(std::strtoull(total->c_str(), nullptr, 10))) break;
  }
  return out;
}

std::vector<std::string> HarborApiClient::project_names() {
  return all_names("/api/v2.0/projects", "listing the projects of " + url_);
}

std::vector<std::string> HarborApiClient::repository_names(const std::string& project) {
  return all_names("/api/v2.0/projects/" + percent_encode(project) + "/repositories",
                   "listing the repositories of project " + project);
}

bool HarborApiClient::project_exists(const std::string& project) {
  HttpResponse resp = send("HEAD", "/api/v2.0/projects?project_name=" + percent_encode(project));
  if (resp.status == 200) return true;
  if (resp.status == 404) return false;
  throw_for_status(resp, "looking up project " + project);
}

bool HarborApiClient::create_project(const std::string& project) {
  HttpResponse resp = send("POST", "/api/v2.0/projects", harbor_project_request(project));
  if (resp.status == 201 || resp.status == 200) return true;
  if (resp.status == 409) return false;
  throw_for_status(resp, "creating project " + project);
}

std::vector<std::string> HarborApiClient::artifact_labels(const std::string& repo,
                                                          const std::string& digest) {
  HttpResponse resp = send("GET", harbor_artifact_path(repo, digest) + "?with_label=true");
  if (resp.status == 404) return {};
  if (resp.status != 200) throw_for_status(resp, "reading the labels of " + repo + "@" + digest);
  return harbor_artifact_labels(resp.body);
}

}  // namespace berth::remote
