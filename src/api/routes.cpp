// The list of API resources. Each register_* function lives in the file of its resource.
#include "api/harbor_api.h"

namespace berth::api {

void register_routes(ApiRouter& router, Services& services) {
  register_system_routes(router, services);
  register_user_routes(router, services);
  register_user_password_routes(router, services);
  register_token_routes(router, services);
  register_session_routes(router, services);
  register_robot_routes(router, services);
  register_repository_routes(router, services);
  register_artifact_routes(router, services);
  register_tag_routes(router, services);
  register_statistics_routes(router, services);
  register_project_routes(router, services);
  register_project_metadata_routes(router, services);
  register_member_routes(router, services);
  register_audit_log_routes(router, services);
  register_permission_routes(router, services);
  register_registry_routes(router, services);
  register_scanner_routes(router, services);
  register_scan_routes(router, services);
}

}  // namespace berth::api
