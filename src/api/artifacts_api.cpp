// /api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts[/{reference}].
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "api/label_json.h"
#include "core/audit_log.h"
#include "core/content_store.h"
#include "core/label_store.h"
#include "core/media_types.h"
#include "core/registry_service.h"
#include "http/blocking.h"
#include "scan/scan_service.h"

namespace berth::api {

namespace {

bool flag(const http::Request& req, const char* name, bool def) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return def;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw bad_request(std::string("query parameter '") + name + "' must be true or false");
}

// q=tags=x|~x|*|nil, digest=..., media_type=..., base=* (include index children and referrers).
core::ArtifactQuery artifact_query(const http::Request& req, const Paging& p, int64_t repo_id) {
  core::ArtifactQuery q;
  q.repository_id = repo_id;
  q.offset = p.offset();
  q.limit = p.page_size;
  if (auto sort = req.query_param("sort"); sort && !sort->empty()) q.sort = *sort;
  auto qs = req.query_param("q");
  if (!qs) return q;
  for (const auto& [key, term] : parse_q(*qs)) {
    if (key == "tags") {
      if (term.kind == QueryTerm::Kind::kFuzzy)
        q.tag_fuzzy = term.value;
      else
        q.tag = term.value;
    } else if (key == "digest") {
      q.digest = term.value;
    } else if (key == "media_type") {
      q.media_type = term.value;
    } else if (key == "base") {
      q.all = term.value == "*";
    }
  }
  return q;
}

// with_scan_overview=true: Harbor's scan_overview (omitted when never scanned).
void add_scan_overview(Services& s, const RepoTarget& t, const core::ArtifactRow& a, json& j) {
  if (!s.scans) return;
  std::vector<std::string> children;
  if (core::media::is_index(a.manifest_media_type))
    for (const auto& r : s.content.artifact_references(a)) children.push_back(r.child_digest);
  if (core::media::is_index(a.manifest_media_type) && children.empty()) return;
  json o = s.scans->overview(t.project.id, a.digest, children);
  if (!o.is_null()) j["scan_overview"] = o;
}

// with_label=true: the labels attached to the artifact (Harbor's Label objects).
void add_labels(Services& s, const core::ArtifactRow& a, json& j) {
  j["labels"] = artifact_labels_json(s.labels.labels_of_artifact(a.id));
}

http::Response list_artifacts(Services& s, ApiRequest& rq) {
  Paging p = paging(rq.http);
  bool with_tag = flag(rq.http, "with_tag", true);
  bool with_scan = flag(rq.http, "with_scan_overview", false);
  bool with_label = flag(rq.http, "with_label", false);
  RepoTarget t = load_repo(s.projects, s.content, rq, "artifact", "list");
  auto q = artifact_query(rq.http, p, t.repo->id);
  json out = json::array();
  int64_t total;
  try {
    total = s.content.count_artifacts(q);
    for (const auto& a : s.content.list_artifacts(q)) {
      out.push_back(artifact_json(s.content, s.registry, t, a, with_tag));
      if (with_scan) add_scan_overview(s, t, a, out.back());
      if (with_label) add_labels(s, a, out.back());
    }
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
  http::Response res = json_response(200, out);
  add_paging_headers(res, rq.http, p, total);
  return res;
}

http::Response get_artifact(Services& s, ApiRequest& rq) {
  bool with_tag = flag(rq.http, "with_tag", true);
  bool with_scan = flag(rq.http, "with_scan_overview", false);
  bool with_label = flag(rq.http, "with_label", false);
  RepoTarget t = load_repo(s.projects, s.content, rq, "artifact", "read");
  auto a = artifact_or_404(s.content, t, rq.param("reference"));
  json j = artifact_json(s.content, s.registry, t, a, with_tag);
  if (with_scan) add_scan_overview(s, t, a, j);
  if (with_label) add_labels(s, a, j);
  return json_response(200, j);
}

void delete_artifact(Services& s, ApiRequest& rq) {
  RepoTarget t = load_repo(s.projects, s.content, rq, "artifact", "delete");
  auto a = artifact_or_404(s.content, t, rq.param("reference"));
  auto digest = core::Digest::parse(a.digest);
  if (!digest) throw not_found("artifact not found");
  switch (s.registry.delete_artifact(t.name, *digest)) {
    case core::RegistryService::DeleteResult::kNotFound:
      throw not_found("artifact not found");
    case core::RegistryService::DeleteResult::kReferenced:
      throw ApiError(412, "PRECONDITION",
                     "the artifact is referenced by an index; delete the index first");
    case core::RegistryService::DeleteResult::kDeleted:
      break;
  }
  core::audit(s.audit, {t.project.id, "delete", "artifact", t.name + "@" + a.digest,
                        rq.principal.name, rq.http.remote_address});
  tell(s, {core::ArtifactEvent::Kind::kDeleted, t.name, a.digest, ""});
}

}  // namespace

void register_artifact_routes(ApiRouter& router) {
  using Awaitable = boost::asio::awaitable<http::Response>;
  auto list = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return list_artifacts(s, rq); });
  };
  auto get = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return get_artifact(s, rq); });
  };
  auto remove = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_await http::run_blocking([&] { delete_artifact(s, rq); });
    co_return http::Response::empty(200);
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts", list},
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}", get},
      {"DELETE", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
