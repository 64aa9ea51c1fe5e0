// /api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts[/{reference}].
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "api/label_json.h"
#include "core/artifact_types.h"
#include "core/audit_log.h"
#include "core/content_store.h"
#include "core/label_store.h"
#include "core/manifest.h"
#include "core/media_types.h"
#include "core/reference.h"
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

// labels=(1 2) or labels=1: Harbor's "all of these label ids".
std::vector<int64_t> label_ids(const QueryTerm& term) {
  std::string v = term.value;
  if (term.kind != QueryTerm::Kind::kExact) v.clear();
  if (v.size() >= 2 && v.front() == '(' && v.back() == ')') v = v.substr(1, v.size() - 2);
  std::vector<int64_t> ids;
  size_t i = 0;
  while (i < v.size()) {
    size_t sp = std::min(v.find(' ', i), v.size());
    std::string id = v.substr(i, sp - i);
    if (!id.empty()) {
      if (id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
        throw bad_request("label id '" + id + "' in q=labels=(...) is not a number");
      ids.push_back(std::stoll(id));
    }
    i = sp + 1;
  }
  if (ids.empty()) throw bad_request("q=labels needs label ids, as labels=(1 2)");
  return ids;
}

std::string artifact_kind_term(const QueryTerm& term) {
  if (term.kind != QueryTerm::Kind::kExact || core::kind_media_types(term.value).empty())
    throw bad_request("unknown artifact type '" + term.value + "': use IMAGE, CHART, CNAB or WASM");
  return term.value;
}

// q=tags=x|~x|*|nil, digest=..., media_type=..., type=IMAGE|CHART|..., labels=(id ...),
// base=* (include index children and referrers).
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
    } else if (key == "type") {
      q.kind = artifact_kind_term(term);
    } else if (key == "labels") {
      q.label_ids = label_ids(term);
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

// from=<project>/<repository>@<digest> or <project>/<repository>:<tag>, as Harbor parses it.
std::pair<std::string, std::string> parse_from(const std::string& from) {
  size_t at = from.find('@');
  size_t slash = from.rfind('/', at);
  size_t colon =
      at != std::string::npos ? at : from.find(':', slash == std::string::npos ? 0 : slash);
  std::string repo = from.substr(0, colon),
              ref = colon == std::string::npos ? "" : from.substr(colon + 1);
  bool ok =
      core::is_valid_repository_name(repo) && repo.find('/') != std::string::npos &&
      (at != std::string::npos ? core::Digest::parse(ref).has_value() : core::is_valid_tag(ref));
  if (!ok)
    throw bad_request("invalid input: from=" + from +
                      " (expected <project>/<repository>@<digest> or ...:<tag>)");
  return {repo, ref};
}

// The source artifact, after the caller's pull permission on its project.
core::ArtifactRow copy_source(Services& s, ApiRequest& rq, const std::string& repo,
                              const std::string& ref) {
  auto project = project_or_404(s.projects, std::string(core::project_of(repo)));
  require(s.projects, rq.principal, project, "artifact", "read");
  auto row = s.content.find_repository(repo);
  if (!row) throw not_found("repository " + repo + " not found");
  auto a = s.content.find_artifact(row->id, ref);
  if (!a)
    throw not_found("artifact " + repo + (ref.find(':') != std::string::npos ? "@" : ":") + ref +
                    " not found");
  // Harbor refuses to copy an accessory (a signature, an SBOM) on its own.
  auto m = s.registry.get_manifest(repo, core::ManifestReference{*core::Digest::parse(a->digest)});
  if (m) {
    auto parsed = core::parse_manifest(*m->content, m->media_type);
    if (parsed.manifest && parsed.manifest->subject)
      throw forbidden("the operation isn't supported for an artifact accessory");
  }
  return *a;
}

http::Response copy_artifact(Services& s, ApiRequest& rq) {
  auto dst_project = project_or_404(s.projects, rq.param("project_name"));
  require(s.projects, rq.principal, dst_project, "artifact", "create");
  if (dst_project.registry_id)
    throw ApiError(405, "METHOD_NOT_ALLOWED",
                   "the operation isn't supported for a proxy cache project");
  std::string dst = dst_project.name + "/" + repository_param(rq.param("repository_name"));
  if (!core::is_valid_repository_name(dst))
    throw bad_request("invalid repository name '" + dst + "'");
  auto from = rq.http.query_param("from");
  if (!from || from->empty())
    throw bad_request("query parameter 'from' is required: <project>/<repository>@<digest>");
  auto [src, ref] = parse_from(std::string(*from));
  core::ArtifactRow a = copy_source(s, rq, src, ref);
  std::optional<core::CopyResult> copied;
  try {
    copied = s.registry.copy_artifact(src, *core::Digest::parse(a.digest), dst);
  } catch (const core::RegistryError& e) {
    throw ApiError(e.status, e.code, e.message);
  }
  if (!copied) throw not_found("artifact " + src + "@" + a.digest + " not found");  // deleted since
  const core::CopyResult& r = *copied;
  core::audit(s.audit, {dst_project.id, "create", "artifact", dst + "@" + a.digest,
                        rq.principal.name, rq.http.remote_address});
  // As a push would: event-based replication and scan-on-push see every manifest written.
  for (const auto& d : r.stored) {
    tell(s, {core::ArtifactEvent::Kind::kPushed, dst, d.str(), ""});
    if (s.scans) s.scans->on_push(dst, d.str());
  }
  for (const auto& tag : r.tags) tell(s, {core::ArtifactEvent::Kind::kPushed, dst, a.digest, tag});
  return created("/api/v2.0/projects/" + dst_project.name + "/repositories/" +
                 encoded_repository(dst, dst_project.name) + "/artifacts/" + ref);
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
  auto copy = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return copy_artifact(s, rq); });
  };
  auto remove = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_await http::run_blocking([&] { delete_artifact(s, rq); });
    co_return http::Response::empty(200);
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts", list},
      {"POST", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts", copy},
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}", get},
      {"DELETE", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
