// Error bodies: the OCI distribution format under /v2/ and Harbor's under /api/v2.0/.
#pragma once

#include <string>
#include <string_view>

#include "http/response.h"

namespace berth::http {

// {"errors":[{"code":..., "message":..., "detail":...}]}; detail omitted when empty.
Response oci_error(unsigned status, std::string_view code, std::string_view message,
                   std::string_view detail_json = "");

// Harbor's {"errors":[{"code":..., "message":...}]}.
Response harbor_error(unsigned status, std::string_view code, std::string_view message);

}  // namespace berth::http
