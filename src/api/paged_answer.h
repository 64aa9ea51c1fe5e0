// The shape every Harbor list handler answers with: one page of items built on the blocking pool,
// 200 with X-Total-Count and Link.
#pragma once

#include <utility>

#include "api/api_util.h"
#include "http/blocking.h"

namespace berth::api {

// Runs `fill(out)` on the blocking pool: it appends one page of items to `out` and returns the
// total count. A store's std::invalid_argument (a sort or filter it cannot apply) becomes a 400.
template <class Fill>
boost::asio::awaitable<http::Response> paged_answer(const http::Request& req, const Paging& page,
                                                    Fill fill) {
  auto [items, total] = co_await http::run_blocking([&] {
    json out = json::array();
    try {
      int64_t count = fill(out);
      return std::make_pair(std::move(out), count);
    } catch (const std::invalid_argument& e) {
      throw bad_request(e.what());
    }
  });
  http::Response res = json_response(200, items);
  add_paging_headers(res, req, page, total);
  co_return res;
}

}  // namespace berth::api
