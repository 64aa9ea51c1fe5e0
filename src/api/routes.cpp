// The list of API resources. Each register_* function lives in the file of its resource.
#include "api/harbor_api.h"

namespace berth::api {

void register_routes(ApiRouter& router) {
  register_system_routes(router);
  register_user_routes(router);
  register_user_password_routes(router);
  register_token_routes(router);
  register_session_routes(router);
  register_robot_routes(router);
  register_repository_routes(router);
  register_artifact_routes(router);
  register_artifact_addition_routes(router);
  register_accessory_routes(router);
  register_tag_routes(router);
  register_artifact_label_routes(router);
  register_label_routes(router);
  register_statistics_routes(router);
  register_search_routes(router);
  register_project_routes(router);
  register_project_metadata_routes(router);
  register_member_routes(router);
  register_audit_log_routes(router);
  register_permission_routes(router);
  register_registry_routes(router);
  register_replication_policy_routes(router);
  register_scanner_routes(router);
  register_scan_routes(router);
  register_replication_execution_routes(router);
}

}  // namespace berth::api
