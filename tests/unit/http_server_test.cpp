// The HTTP server end to end on a loopback socket: errors that escape a handler, request ids,
// and early answers to requests whose body is still unread.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "core/registry_service.h"
#include "http/response.h"
#include "http/server.h"

namespace {

using berth::http::Request;
using berth::http::Response;

// A server on 127.0.0.1:<any> running in its own thread for the test's lifetime.
class TestServer {
 public:
  explicit TestServer(berth::http::Handler h) {
    berth::http::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.io_threads = 1;
    o.shutdown_grace_seconds = 1;
    o.access_log = false;
    o.discard_body_max_bytes = 64 * 1024;
    server_ = std::make_unique<berth::http::Server>(o, std::move(h));
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestServer() {
    server_->stop();
    thread_.join();
  }
  unsigned short port() const { return server_->port(); }

 private:
  std::unique_ptr<berth::http::Server> server_;
  std::thread thread_;
};

int connect_to(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

bool send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += size_t(n);
  }
  return true;
}

// Reads one response with a Content-Length body; "" when the connection ended first.
std::string read_response(int fd) {
  std::string data;
  char buf[4096];
  size_t header_end = std::string::npos;
  size_t want = 0;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        auto cl = data.find("Content-Length: ");
        size_t len = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
        want = header_end + 4 + len;
      }
    }
    if (header_end != std::string::npos && data.size() >= want) return data.substr(0, want);
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    data.append(buf, size_t(n));
  }
}

std::string get(const std::string& path, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

TEST(HttpServer, RegistryErrorIsAStdException) {
  berth::core::RegistryError e(404, "MANIFEST_UNKNOWN", "manifest unknown");
  const std::exception& base = e;
  EXPECT_NE(std::string(base.what()).find("manifest unknown"), std::string::npos);
  EXPECT_EQ(e.status, 404u);
  EXPECT_EQ(e.code, "MANIFEST_UNKNOWN");
}

TEST(HttpServer, EscapedErrorsGetA500InTheApiFormatWithTheRequestId) {
  TestServer srv([](Request& req) -> boost::asio::awaitable<Response> {
    if (req.path == "/v2/registry-error")
      throw std::runtime_error("/srv/secret/path/blob is unreadable");
    if (req.path == "/api/v2.0/other") throw 42;  // not even a std::exception
    co_return Response::text(200, "ok");
  });
  int fd = connect_to(srv.port());
  ASSERT_TRUE(send_all(fd, get("/v2/registry-error")));
  std::string r = read_response(fd);
  EXPECT_TRUE(r.starts_with("HTTP/1.1 500")) << r;
  EXPECT_NE(r.find(R"({"errors":[{"code":"UNKNOWN","message":"internal error, request id )"),
            std::string::npos)
      << r;
  EXPECT_EQ(r.find("/srv/secret"), std::string::npos) << "no server path in the answer";
  EXPECT_NE(r.find("X-Request-Id: "), std::string::npos) << r;
  // The connection survives the error and carries the next request, whose client id is echoed.
  ASSERT_TRUE(send_all(fd, get("/api/v2.0/other", "X-Request-Id: abc-123\r\n")));
  r = read_response(fd);
  EXPECT_TRUE(r.starts_with("HTTP/1.1 500")) << r;
  EXPECT_NE(r.find("internal error, request id abc-123"), std::string::npos) << r;
  EXPECT_NE(r.find("X-Request-Id: abc-123"), std::string::npos) << r;
  ::close(fd);
}

TEST(HttpServer, UnusableClientRequestIdIsReplaced) {
  TestServer srv(
      [](Request&) -> boost::asio::awaitable<Response> { co_return Response::text(200, "ok"); });
  int fd = connect_to(srv.port());
  ASSERT_TRUE(send_all(fd, get("/", "X-Request-Id: " + std::string(100, 'a') + "\r\n")));
  std::string r = read_response(fd);
  EXPECT_TRUE(r.starts_with("HTTP/1.1 200")) << r;
  EXPECT_EQ(r.find(std::string(100, 'a')), std::string::npos);
  EXPECT_NE(r.find("X-Request-Id: "), std::string::npos);
  ::close(fd);
}

// A handler that answers 401 without reading the body, as access control does.
berth::http::Handler early_401() {
  return [](Request& req) -> boost::asio::awaitable<Response> {
    if (req.method == "PATCH") co_return Response::text(401, "no");
    co_return Response::text(200, "ok");
  };
}

TEST(HttpServer, SmallUnreadBodyIsDroppedAndTheConnectionKept) {
  TestServer srv(early_401());
  int fd = connect_to(srv.port());
  std::string body(32 * 1024, 'x');
  ASSERT_TRUE(send_all(fd, "PATCH /u HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body));
  EXPECT_TRUE(read_response(fd).starts_with("HTTP/1.1 401"));
  // The body was not taken for the next request: this GET is answered on the same connection.
  ASSERT_TRUE(send_all(fd, get("/")));
  EXPECT_TRUE(read_response(fd).starts_with("HTTP/1.1 200"));
  ::close(fd);
}

TEST(HttpServer, LargeUnreadBodyIsDrainedBeforeClosing) {
  TestServer srv(early_401());
  int fd = connect_to(srv.port());
  const size_t size = 8 * 1024 * 1024;  // beyond the discard bound and the socket buffers
  ASSERT_TRUE(send_all(
      fd, "PATCH /u HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n"));
  std::string chunk(64 * 1024, 'x');
  size_t sent = 0;
  while (sent < size && send_all(fd, chunk)) sent += chunk.size();
  EXPECT_EQ(sent, size) << "the whole body is written without a write error";
  std::string r = read_response(fd);
  EXPECT_TRUE(r.starts_with("HTTP/1.1 401")) << r;
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
  ::close(fd);
}

}  // namespace
