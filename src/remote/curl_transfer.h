// One HTTP exchange on a libcurl easy handle (no redirect following): options, callbacks and the
// classification of libcurl failures into RemoteError kinds. Internal to http_client.
#pragma once

#include <curl/curl.h>

#include "remote/http_client.h"

namespace berth::remote::detail {

HttpResponse curl_transfer(CURL* handle, const HttpOptions& options, const HttpRequest& request,
                           const BodySink* sink, size_t max_body);

}  // namespace berth::remote::detail
