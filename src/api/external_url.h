// The address clients reach this Berth at: externalURL, or the URL the client used.
#pragma once

#include <string>

#include "api/services.h"
#include "http/request.h"

namespace berth::api {

// "https://berth.example" (externalURL without a trailing '/'), else "http(s)://<Host header>"
// (https when the request came over TLS).
std::string external_url(const Services& s, const http::Request& req);

}  // namespace berth::api
