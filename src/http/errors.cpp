#include "http/errors.h"

#include <nlohmann/json.hpp>

namespace berth::http {

Response oci_error(unsigned status, std::string_view code, std::string_view message,
                   std::string_view detail_json) {
  nlohmann::json e = {{"code", code}, {"message", message}};
  if (!detail_json.empty()) e["detail"] = nlohmann::json::parse(detail_json, nullptr, false);
  nlohmann::json body = {{"errors", nlohmann::json::array({e})}};
  return Response::json(status, body.dump());
}

Response harbor_error(unsigned status, std::string_view code, std::string_view message) {
  nlohmann::json body = {
      {"errors", nlohmann::json::array({{{"code", code}, {"message", message}}})}};
  return Response::json(status, body.dump());
}

}  // namespace berth::http
