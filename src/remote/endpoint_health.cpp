#include "remote/endpoint_health.h"

#include "remote/errors.h"

namespace berth::remote {

EndpointHealth check_endpoint_health(const EndpointSpec& spec, HttpOptions http) {
  PingResult r = ping_endpoint(spec, http);
  EndpointHealth h;
  h.reason = r.message;
  if (r.status == PingStatus::kOk) {
    h.healthy = true;
    return h;
  }
  bool anonymous = spec.access_key.empty() && spec.access_secret.empty();
  if (r.status == PingStatus::kUnauthorized && anonymous && spec.type != "aws-ecr") {
    h.healthy = true;
    return h;
  }
  if ((r.http_status == 401 || r.http_status == 403) &&
      h.reason.find("HTTP " + std::to_string(r.http_status)) == std::string::npos)
    h.reason += " (HTTP " + std::to_string(r.http_status) + ")";
  if (h.reason.empty()) h.reason = "no usable answer from the registry";
  return h;
}

std::string unhealthy_message(const EndpointHealth& h) {
  return "the registry is unhealthy: " + h.reason;
}

}  // namespace berth::remote
