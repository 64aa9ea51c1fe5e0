// Harbor's health check of a registry endpoint (adapter HealthCheck), with Berth's reason when it
// fails. Used on create, update and ping, and by anything that re-checks endpoints later.
// Blocking (network): call it on the blocking pool.
#pragma once

#include <string>

#include "remote/endpoint_client.h"

namespace berth::remote {

struct EndpointHealth {
  bool healthy = false;
  std::string reason;  // why not (or how it answered), for the user; never contains the secret
};

// GET /v2/ with the endpoint's authentication. As in Harbor, an endpoint without credentials
// that asks for them (401/403) is healthy: it is reachable, and anonymous pulls may still work
// for public repositories; with credentials, a refusal is unhealthy. aws-ecr always needs a
// token, so a refusal there is unhealthy too.
EndpointHealth check_endpoint_health(const EndpointSpec& spec, HttpOptions http = {});

// What the API answers for an unhealthy endpoint: Harbor's phrase, then the reason.
std::string unhealthy_message(const EndpointHealth& h);

}  // namespace berth::remote
