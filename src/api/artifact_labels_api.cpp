// .../artifacts/{reference}/labels[/{label_id}]: add a label to an artifact and remove it.
// Harbor's `artifact-label` create/delete permissions (developers and up). A label may go on an
// artifact when it is global or belongs to the artifact's project.
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "api/label_json.h"
#include "core/audit_log.h"
#include "core/content_store.h"
#include "core/label_store.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

void audit_artifact_label(Services& s, const ApiRequest& rq, const RepoTarget& t,
                          const core::ArtifactRow& a, const core::Label& l, const char* op) {
  core::audit(s.audit, {t.project.id, op, "artifact_label", t.name + "@" + a.digest + " " + l.name,
                        rq.principal.name, rq.http.remote_address});
}

// Harbor's order: the project and the permission, the label (404 when it is unknown or of
// another project), the artifact (404), then 409 when the label is already there.
http::Response add_label(Services& s, ApiRequest& rq, int64_t label_id) {
  RepoTarget t = load_repo(s.projects, s.content, rq, "artifact-label", "create");
  auto l = s.labels.get(label_id);
  if (!l || (l->scope == core::kProjectLabelScope && l->project_id != t.project.id))
    throw not_found("label " + std::to_string(label_id) + " not found in project " +
                    t.project.name);
  auto a = artifact_or_404(s.content, t, rq.param("reference"));
  switch (s.labels.attach(a.id, label_id)) {
    case core::AttachResult::kAlreadyAttached:
      throw conflict("label " + std::to_string(label_id) + " is already added to the artifact " +
                     t.name + "@" + a.digest);
    case core::AttachResult::kMissing:  // deleted meanwhile
      throw not_found("label " + std::to_string(label_id) + " or artifact " + t.name + "@" +
                      a.digest + " not found");
    case core::AttachResult::kAttached:
      break;
  }
  audit_artifact_label(s, rq, t, a, *l, "create");
  return http::Response::empty(200);
}

http::Response remove_label(Services& s, ApiRequest& rq) {
  int64_t label_id = id_or_400(rq.param("label_id"), "label");
  RepoTarget t = load_repo(s.projects, s.content, rq, "artifact-label", "delete");
  auto a = artifact_or_404(s.content, t, rq.param("reference"));
  auto l = s.labels.get(label_id);
  if (!l || !s.labels.detach(a.id, label_id))
    throw not_found("label " + std::to_string(label_id) + " is not added to the artifact " +
                    t.name + "@" + a.digest);
  audit_artifact_label(s, rq, t, a, *l, "delete");
  return http::Response::empty(200);
}

}  // namespace

void register_artifact_label_routes(ApiRouter& router) {
  using Awaitable = boost::asio::awaitable<http::Response>;
  // Body: Harbor's Label, of which only the id counts.
  auto add = [](Services& s, ApiRequest& rq) -> Awaitable {
    json body =
        co_await read_json_object(rq.http, s.config.limits.max_json_body_bytes, kLabelFields);
    auto id = opt_int(body, "id");
    if (!id || *id <= 0) throw bad_request("the id of the label to add is required");
    co_return co_await http::run_blocking([&] { return add_label(s, rq, *id); });
  };
  auto remove = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return remove_label(s, rq); });
  };

  // clang-format off
  router.add({
      {"POST", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/labels", add},
      {"DELETE", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/labels/{label_id}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
