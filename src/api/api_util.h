// Helpers shared by the /api/v2.0 handlers: Harbor's JSON conventions, paging, query filters,
// time formatting and error answers.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace berth::api {

using json = nlohmann::json;

// Thrown by helpers and handlers; rendered as Harbor's {"errors":[{"code","message"}]}.
struct ApiError : std::runtime_error {
  unsigned status;
  std::string code;
  ApiError(unsigned status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
};
ApiError bad_request(const std::string& message);                    // 400 BAD_REQUEST
ApiError not_found(const std::string& message);                      // 404 NOT_FOUND
ApiError conflict(const std::string& message);                       // 409 CONFLICT
ApiError forbidden(const std::string& message = "forbidden");        // 403 FORBIDDEN
ApiError unauthorized(const std::string& message = "unauthorized");  // 401 UNAUTHORIZED

http::Response error_response(const ApiError& e);

// Reads a JSON object body (bounded) and rejects fields not in `allowed`, naming the field.
boost::asio::awaitable<json> read_json_object(const http::Request& req, uint64_t limit,
                                              const std::set<std::string>& allowed);

// Typed field access with Harbor-style 400 errors naming the field.
std::optional<std::string> opt_string(const json& body, const std::string& field);
std::optional<int64_t> opt_int(const json& body, const std::string& field);
std::optional<bool> opt_bool(const json& body, const std::string& field);

// A decimal id as Harbor's paths and queries carry them (at most 18 digits); nullopt otherwise.
std::optional<int64_t> parse_id(std::string_view v);
// `v` as an id, or 400 "the <what> id must be a non-negative integer".
int64_t id_or_400(const std::string& v, std::string_view what);

// page (default 1) and page_size (default 10, at most 100).
struct Paging {
  int64_t page = 1;
  int64_t page_size = 10;
  int64_t offset() const { return (page - 1) * page_size; }
};
Paging paging(const http::Request& req);
// X-Total-Count and Link (rel="prev"/"next") on a list answer.
void add_paging_headers(http::Response& res, const http::Request& req, const Paging& p,
                        int64_t total);

// Harbor's q=k=v,k2=~fuzzy,k3=[min~max],k4={a b c}. Values are returned raw per key.
struct QueryTerm {
  enum class Kind { kExact, kFuzzy, kRange, kSet } kind = Kind::kExact;
  std::string value;                // exact / fuzzy
  std::string min, max;             // range (either may be empty)
  std::vector<std::string> values;  // set
};
std::map<std::string, QueryTerm> parse_q(const std::string& q);

// "2026-11-28T10:00:00.000Z" from unix milliseconds (Harbor's strfmt.DateTime).
std::string iso_time(int64_t unix_millis);

http::Response json_response(unsigned status, const json& body);
// 201 with Location and an empty body, as Harbor answers creations.
http::Response created(const std::string& location);

}  // namespace berth::api
