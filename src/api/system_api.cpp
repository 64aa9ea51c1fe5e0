// System endpoints: ping, the CA download.
#include "api/api_util.h"
#include "api/harbor_api.h"

namespace berth::api {

void register_system_routes(ApiRouter& router, Services& services) {
  router.add("GET", "/api/v2.0/ping", [](ApiRequest&) -> boost::asio::awaitable<http::Response> {
    co_return http::Response::text(200, "Pong");
  });
  router.add("GET", "/api/v2.0/systeminfo/getcert",
             [&services](ApiRequest&) -> boost::asio::awaitable<http::Response> {
               // Harbor answers 404 when it has no CA to hand out.
               if (services.ca_pem.empty())
                 throw not_found("no CA certificate: TLS is off or uses operator-supplied certificates without a CA");
               http::Response r = http::Response::text(200, services.ca_pem, "application/octet-stream");
               r.header("Content-Disposition", "attachment; filename=\"ca.crt\"");
               co_return r;
             });
}

}  // namespace berth::api
