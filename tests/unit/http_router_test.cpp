// http::Router: requests go to the first mount that matches their path; others get a 404.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "http/router.h"

namespace {

using berth::http::Request;
using berth::http::Response;
using berth::http::Router;

Router::Handler answering(unsigned status) {
  return
      [status](Request&) -> boost::asio::awaitable<Response> { co_return Response::empty(status); };
}

unsigned status_of(const Router& router, const std::string& path) {
  boost::asio::io_context io;
  Request req;
  req.method = "GET";
  req.path = req.raw_path = req.target = path;
  auto result = boost::asio::co_spawn(io, router.handle(req), boost::asio::use_future);
  io.run();
  return result.get().status;
}

TEST(HttpRouter, ExactAndPrefixMounts) {
  Router router;
  router.mount_exact("/v2", answering(201));
  router.mount_prefix("/v2/", answering(201));
  router.mount_prefix("/api/", answering(202));
  router.mount_exact("/service/token", answering(203));
  EXPECT_EQ(status_of(router, "/v2"), 201u);
  EXPECT_EQ(status_of(router, "/v2/"), 201u);
  EXPECT_EQ(status_of(router, "/v2/library/x/manifests/1"), 201u);
  EXPECT_EQ(status_of(router, "/api/v2.0/ping"), 202u);
  EXPECT_EQ(status_of(router, "/service/token"), 203u);
  EXPECT_EQ(status_of(router, "/service/token/x"), 404u);
  EXPECT_EQ(status_of(router, "/v20"), 404u);
  EXPECT_EQ(status_of(router, "/api"), 404u);
  EXPECT_EQ(status_of(router, "/"), 404u);
}

TEST(HttpRouter, FirstMatchingMountWins) {
  Router router;
  router.mount_prefix("/c/", answering(201));
  router.mount_prefix("/", answering(202));
  EXPECT_EQ(status_of(router, "/c/login"), 201u);
  EXPECT_EQ(status_of(router, "/index.html"), 202u);
}

}  // namespace
