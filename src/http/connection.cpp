// One client connection: reads requests, streams bodies to handlers, writes responses
// (blob files with sendfile(2) on plain sockets), keeps the connection alive.
#include <sys/sendfile.h>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <limits>

#include "http/await_callback.h"
#include "http/errors.h"
#include "http/lingering_close.h"
#include "http/server_state.h"
#include "http/url.h"

namespace berth::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

tcp::socket& raw_socket(PlainStream& s) {
  return s.socket();
}
tcp::socket& raw_socket(TlsStream& s) {
  return beast::get_lowest_layer(s).socket();
}
beast::tcp_stream& tcp_layer(PlainStream& s) {
  return s;
}
beast::tcp_stream& tcp_layer(TlsStream& s) {
  return beast::get_lowest_layer(s);
}

std::atomic<uint64_t> g_request_counter{0};

// Handlers bound bodies themselves. Not boost::none: Boost 1.74 compares the length against an
// empty optional and then rejects every body.
constexpr uint64_t kNoBodyLimit = std::numeric_limits<uint64_t>::max();

std::string request_id() {
  static const uint64_t boot =
      uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
  char buf[40];
  snprintf(buf, sizeof buf, "%08llx-%llu", (unsigned long long)(boot & 0xffffffff),
           (unsigned long long)++g_request_counter);
  return buf;
}

// Streams the body of the current request out of the Beast parser.
template <class Stream>
class ParserBodyReader : public BodyReader {
 public:
  using HeaderParser = bhttp::request_parser<bhttp::empty_body>;

  ParserBodyReader(Stream& stream, beast::flat_buffer& buffer, HeaderParser& header_parser,
                   int idle_timeout)
      : stream_(stream),
        buffer_(buffer),
        header_parser_(header_parser),
        idle_timeout_(idle_timeout) {
    const auto& req = header_parser.get();
    if (req.chunked()) {
      has_body_ = true;
      buffer_.reserve(64 * 1024);  // Beast sizes its reads by the buffer's free capacity
    } else if (auto len = header_parser.content_length()) {
      declared_ = *len;
      has_body_ = *len > 0;
    }
    expect_continue_ = has_body_ && iequals(req[bhttp::field::expect], "100-continue");
  }

  // Reads and drops what is left of the body when at most `max_bytes` remain, so the connection
  // can carry the next request after an early answer. False when more remains, when a chunked
  // body runs past the bound, or when the client still waits for 100-continue (it has sent
  // nothing and must not be invited to).
  asio::awaitable<bool> discard_rest(uint64_t max_bytes) {
    if (done()) co_return true;
    if (expect_continue_ && !started_) co_return false;
    if (declared_ && (started_ ? remaining_ : *declared_) > max_bytes) co_return false;
    std::vector<char> scratch(size_t(std::min<uint64_t>(max_bytes + 1, 64 * 1024)));
    uint64_t dropped = 0;
    while (!done() && dropped <= max_bytes) dropped += co_await read_some(asio::buffer(scratch));
    co_return done();
  }

  bool done() const override {
    if (!has_body_) return true;
    if (declared_) return started_ && remaining_ == 0;
    return body_parser_ && body_parser_->is_done();
  }
  std::optional<uint64_t> declared_length() const override { return declared_; }

  asio::awaitable<size_t> read_some(asio::mutable_buffer buf) override {
    if (done() || buf.size() == 0) co_return 0;
    if (!started_) {
      started_ = true;
      if (expect_continue_) {
        // The client waits for this before sending a large body (curl waits up to 1 s).
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        tcp_layer(stream_).expires_after(std::chrono::seconds(idle_timeout_));
        co_await bhttp::async_write(stream_, cont, use_awaitable);
      }
      if (declared_) remaining_ = *declared_;
    }
    if (declared_) co_return co_await read_counted(buf);
    co_return co_await read_chunked(buf);
  }

 private:
  // Content-Length bodies bypass the parser: bytes that arrived with the header come from the
  // buffer, the rest straight from the socket into the caller's buffer (large reads, no copy).
  asio::awaitable<size_t> read_counted(asio::mutable_buffer buf) {
    size_t want = size_t(std::min<uint64_t>(buf.size(), remaining_));
    size_t n = 0;
    if (buffer_.size() > 0) {
      n = asio::buffer_copy(asio::buffer(buf.data(), want), buffer_.data());
      buffer_.consume(n);
    } else {
      tcp_layer(stream_).expires_after(std::chrono::seconds(idle_timeout_));
      beast::error_code ec;
      n = co_await stream_.async_read_some(asio::buffer(buf.data(), want),
                                           asio::redirect_error(use_awaitable, ec));
      if (ec) throw BodyError("request body: " + ec.message());
    }
    remaining_ -= n;
    co_return n;
  }

  asio::awaitable<size_t> read_chunked(asio::mutable_buffer buf) {
    if (!body_parser_) {
      body_parser_.emplace(std::move(header_parser_));
      body_parser_->body_limit(kNoBodyLimit);
    }
    while (true) {
      auto& body = body_parser_->get().body();
      body.data = buf.data();
      body.size = buf.size();
      tcp_layer(stream_).expires_after(std::chrono::seconds(idle_timeout_));
      beast::error_code ec;
      co_await bhttp::async_read_some(stream_, buffer_, *body_parser_,
                                      asio::redirect_error(use_awaitable, ec));
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) throw BodyError("request body: " + ec.message());
      size_t n = buf.size() - body.size;
      // A read may yield only chunk framing; go on until payload arrives or the body ends.
      if (n > 0 || body_parser_->is_done()) co_return n;
    }
  }

  Stream& stream_;
  beast::flat_buffer& buffer_;
  HeaderParser& header_parser_;
  int idle_timeout_;
  bool has_body_ = false;
  bool expect_continue_ = false;
  bool started_ = false;
  std::optional<uint64_t> declared_;  // Content-Length; nullopt for chunked bodies
  uint64_t remaining_ = 0;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> body_parser_;
};

Request make_request(const bhttp::request_parser<bhttp::empty_body>& parser,
                     const tcp::socket& sock, bool secure, bool& bad) {
  const auto& h = parser.get();
  Request r;
  r.method = std::string(h.method_string());
  r.target = std::string(h.target());
  auto q = r.target.find('?');
  r.raw_path = r.target.substr(0, q);
  auto path = percent_decode(r.raw_path);
  auto query = q == std::string::npos
                   ? std::optional(std::vector<std::pair<std::string, std::string>>{})
                   : parse_query(std::string_view(r.target).substr(q + 1));
  bad = !path || !query || r.raw_path.empty() || r.raw_path[0] != '/';
  if (path) r.path = std::move(*path);
  if (query) r.query = std::move(*query);
  r.headers.reserve(16);
  for (const auto& f : h)
    r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  beast::error_code ec;
  auto ep = sock.remote_endpoint(ec);
  if (!ec) r.remote_address = ep.address().to_string();
  r.secure = secure;
  return r;
}

template <class Res>
void copy_headers(Res& res, const Response& r) {
  for (const auto& [k, v] : r.headers) res.insert(k, v);
}

// Sends a file region with sendfile(2); the kernel copies straight from the page cache.
asio::awaitable<void> send_file_plain(PlainStream& stream, const FileRegion& f, int idle_timeout) {
  auto& sock = stream.socket();
  sock.native_non_blocking(true);
  off_t off = off_t(f.offset);
  uint64_t left = f.length;
  asio::steady_timer watchdog(sock.get_executor());
  while (left > 0) {
    ssize_t n = ::sendfile(sock.native_handle(), *f.fd, &off, std::min<uint64_t>(left, 1 << 30));
    if (n > 0) {
      left -= uint64_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN)
      throw beast::system_error(beast::error_code(errno, beast::system_category()));
    if (n == 0) throw std::runtime_error("file shorter than expected");
    // A stalled reader gets idle_timeout seconds before the socket is cancelled.
    watchdog.expires_after(std::chrono::seconds(idle_timeout));
    watchdog.async_wait([&sock](beast::error_code ec) {
      if (!ec) sock.cancel();
    });
    beast::error_code ec;
    co_await sock.async_wait(tcp::socket::wait_write, asio::redirect_error(use_awaitable, ec));
    watchdog.cancel();
    if (ec) throw beast::system_error(ec);
  }
}

// TLS cannot use sendfile without kTLS: read the file in large pieces and write them encrypted.
asio::awaitable<void> send_file_tls(TlsStream& stream, const FileRegion& f, int idle_timeout) {
  std::vector<char> buf(256 * 1024);
  uint64_t off = f.offset, left = f.length;
  while (left > 0) {
    ssize_t n = ::pread(*f.fd, buf.data(), std::min<uint64_t>(left, buf.size()), off_t(off));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("blob file read failed");
    tcp_layer(stream).expires_after(std::chrono::seconds(idle_timeout));
    co_await asio::async_write(stream, asio::buffer(buf.data(), size_t(n)), use_awaitable);
    off += uint64_t(n);
    left -= uint64_t(n);
  }
}

asio::awaitable<void> send_file(PlainStream& s, const FileRegion& f, int t) {
  return send_file_plain(s, f, t);
}
asio::awaitable<void> send_file(TlsStream& s, const FileRegion& f, int t) {
  return send_file_tls(s, f, t);
}

// Suspends until `file` has more than `have` bytes or is over; woken from the writer's thread.
asio::awaitable<void> await_growth(GrowingBody& file, uint64_t have) {
  auto subscribe = [&file, have](std::function<void()> ready) {
    file.when_beyond(have, std::move(ready));
  };
  co_await await_callback(subscribe);
}

template <class Stream>
asio::awaitable<void> send_growing(Stream& stream, const GrowingRegion& g, int idle_timeout) {
  uint64_t pos = g.offset, end = g.offset + g.length;
  while (pos < end) {
    auto st = g.file->progress();
    if (st.failed) throw std::runtime_error("upstream download failed: " + st.error);
    uint64_t avail = std::min(st.available, end);
    if (avail > pos) {
      // A named local: GCC 12 destroys a temporary inside a co_await expression twice.
      FileRegion region{g.file->fd(), pos, avail - pos};
      co_await send_file(stream, region, idle_timeout);
      pos = avail;
    } else if (st.done) {
      throw std::runtime_error("download ended short of the announced length");
    } else {
      co_await await_growth(*g.file, pos);
    }
  }
}

template <class Stream>
asio::awaitable<void> write_response(Stream& stream, Response& r, bool keep_alive, bool head,
                                     int idle_timeout) {
  auto status = bhttp::status(r.status);
  tcp_layer(stream).expires_after(std::chrono::seconds(idle_timeout));
  // File bodies: the header with the length, then the bytes by sendfile (or as they arrive).
  auto* file = std::get_if<FileRegion>(&r.body);
  auto* growing = std::get_if<GrowingRegion>(&r.body);
  if ((file || growing) && !head) {
    bhttp::response<bhttp::empty_body> res{status, 11};
    copy_headers(res, r);
    res.keep_alive(keep_alive);
    res.content_length(file ? file->length : growing->length);
    bhttp::response_serializer<bhttp::empty_body> sr{res};
    co_await bhttp::async_write_header(stream, sr, use_awaitable);
    if (file)
      co_await send_file(stream, *file, idle_timeout);
    else
      co_await send_growing(stream, *growing, idle_timeout);
    co_return;
  }
  std::string_view payload;
  if (auto* s = std::get_if<std::string>(&r.body))
    payload = *s;
  else if (auto* sp = std::get_if<std::shared_ptr<const std::string>>(&r.body); sp && *sp)
    payload = **sp;
  else if (auto* f = std::get_if<FileRegion>(&r.body))
    r.head_length = r.head_length.value_or(f->length);
  else if (auto* g = std::get_if<GrowingRegion>(&r.body))
    r.head_length = r.head_length.value_or(g->length);
  bhttp::response<bhttp::span_body<const char>> res{status, 11};
  copy_headers(res, r);
  res.keep_alive(keep_alive);
  bool no_body = head || r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
  if (no_body) {
    if (head && r.status != 204) res.content_length(r.head_length.value_or(payload.size()));
  } else {
    res.body() = bhttp::span_body<const char>::value_type(payload.data(), payload.size());
    res.content_length(payload.size());
  }
  if (head) {
    bhttp::response_serializer<bhttp::span_body<const char>> sr{res};
    co_await bhttp::async_write_header(stream, sr, use_awaitable);
  } else {
    co_await bhttp::async_write(stream, res, use_awaitable);
  }
}

// A client's X-Request-Id is echoed and logged only when it is short and plain.
bool usable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

// The answer to an error that escaped the handler, in the API's format. The exception's text
// may name server paths, so it goes to the log only; the request id ties the two together.
Response internal_error(const Request& req, const std::string& rid) {
  std::string message = "internal error, request id " + rid;
  if (req.path.starts_with("/v2")) return oci_error(500, "UNKNOWN", message);
  return harbor_error(500, "UNKNOWN", message);
}

Response simple_error(unsigned status, std::string_view message) {
  // Harbor's codes: UNKNOWN for server faults, BAD_REQUEST for what the client sent.
  const char* code = status >= 500 ? "UNKNOWN" : "BAD_REQUEST";
  return Response::json(status, std::string(R"({"errors":[{"code":")") + code + R"(","message":")" +
                                    std::string(message) + "\"}]}");
}

// Serves requests until the connection ends; true when the last answer left part of a request
// body unread, so the connection must linger before closing.
template <class Stream>
asio::awaitable<bool> serve(ServerState& st, Stream& stream, bool secure, std::atomic<bool>& busy) {
  beast::flat_buffer buffer;
  char first_byte = 0;
  const auto& opt = st.options;
  bool first = true;
  while (!st.stopping) {
    tcp_layer(stream).expires_after(
        std::chrono::seconds(first ? opt.header_timeout_seconds : opt.idle_timeout_seconds));
    beast::error_code ec;
    if (buffer.size() == 0) {
      // An idle keep-alive connection holds no read buffer (it held 8 KiB, or 64 KiB after a
      // chunked body): the next request's first byte is awaited in a one-byte read, and only
      // then does the buffer grow for the header.
      buffer.shrink_to_fit();
      size_t n = co_await stream.async_read_some(asio::buffer(&first_byte, 1),
                                                 asio::redirect_error(use_awaitable, ec));
      if (!ec) buffer.commit(asio::buffer_copy(buffer.prepare(n), asio::buffer(&first_byte, n)));
    }
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(uint32_t(opt.max_header_bytes));
    parser.body_limit(kNoBodyLimit);
    if (!ec)
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(use_awaitable, ec));
    if (ec == bhttp::error::header_limit) {
      Response r = simple_error(431, "request header too large");
      co_await write_response(stream, r, false, false, opt.idle_timeout_seconds);
      co_return true;
    }
    if (ec) {  // closed, timed out, or garbage: nothing useful to answer
      if (ec != bhttp::error::end_of_stream && ec != asio::error::eof)
        spdlog::warn("read header: {}", ec.message());
      co_return false;
    }
    first = false;
    busy = true;
    auto started = std::chrono::steady_clock::now();
    bool bad = false;
    Request req = make_request(parser, raw_socket(stream), secure, bad);
    ParserBodyReader<Stream> body(stream, buffer, parser, opt.body_idle_timeout_seconds);
    req.body = &body;
    std::string rid = std::string(req.header("X-Request-Id"));
    if (!usable_request_id(rid)) rid = request_id();

    Response res;
    if (bad) {
      res = simple_error(400, "malformed request target");
    } else {
      try {
        res = co_await st.handler(req);
      } catch (const BodyTooLarge& e) {
        res = simple_error(413, e.what());
      } catch (const BodyError& e) {
        spdlog::warn("{} {}: {}", req.method, req.raw_path, e.what());
        co_return false;  // the client went away mid-body: there is no one to answer
      } catch (const std::exception& e) {
        spdlog::error("unhandled error rid={} on {} {}: {}", rid, req.method, req.raw_path,
                      e.what());
        res = internal_error(req, rid);
      } catch (...) {
        spdlog::error("unhandled error rid={} on {} {}: not a std::exception", rid, req.method,
                      req.raw_path);
        res = internal_error(req, rid);
      }
    }
    res.header("X-Request-Id", rid);
    // An early answer (401, 404, 413, 416...) leaves body bytes behind; they would be read as
    // the next request. A small rest is dropped here so the connection stays; a larger one
    // makes the connection close after a lingering drain.
    try {
      if (!res.close_connection) co_await body.discard_rest(opt.discard_body_max_bytes);
    } catch (const BodyError& e) {
      spdlog::warn("{} {}: {}", req.method, req.raw_path, e.what());
      co_return false;
    }
    bool keep_alive =
        parser.get().keep_alive() && !res.close_connection && body.done() && !st.stopping;
    bool linger = !body.done();
    co_await write_response(stream, res, keep_alive, req.is_head(), opt.idle_timeout_seconds);
    if (opt.access_log && spdlog::should_log(spdlog::level::info)) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
      spdlog::info("access {} \"{} {}\" {} {}us rid={}", req.remote_address, req.method,
                   req.raw_path, res.status, us, rid);
    }
    busy = false;
    if (!keep_alive) co_return linger;
  }
  co_return false;
}

template <class Stream>
asio::awaitable<void> run_connection(ServerState& st, ConnectionTracker& tracker,
                                     std::unique_ptr<Stream> stream, bool secure) {
  std::atomic<bool> busy{false};
  ConnectionTracker::Entry entry{&raw_socket(*stream), &busy};
  tracker.add(&entry);
  try {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      tcp_layer(*stream).expires_after(std::chrono::seconds(st.options.header_timeout_seconds));
      co_await stream->async_handshake(asio::ssl::stream_base::server, use_awaitable);
    }
    bool linger = co_await serve(st, *stream, secure, busy);
    const auto& o = st.options;
    if (linger) {
      // Unread request bytes: drain them (raw, under TLS too) so that closing sends no reset.
      co_await lingering_close(tcp_layer(*stream), {o.linger_max_bytes, o.linger_seconds});
    } else {
      beast::error_code ec;
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        tcp_layer(*stream).expires_after(std::chrono::seconds(5));
        co_await stream->async_shutdown(asio::redirect_error(use_awaitable, ec));
      }
      raw_socket(*stream).shutdown(tcp::socket::shutdown_send, ec);
    }
  } catch (const std::exception& e) {
    spdlog::warn("connection ended: {}", e.what());
  }
  tracker.remove(&entry);
}

}  // namespace

void start_plain_connection(ServerState& state, ConnectionTracker& tracker, tcp::socket socket) {
  auto ex = socket.get_executor();
  socket.set_option(tcp::no_delay(true));
  auto stream = std::make_unique<PlainStream>(std::move(socket));
  asio::co_spawn(ex, run_connection(state, tracker, std::move(stream), false), asio::detached);
}

void start_tls_connection(ServerState& state, ConnectionTracker& tracker, tcp::socket socket) {
  auto ex = socket.get_executor();
  socket.set_option(tcp::no_delay(true));
  auto stream = std::make_unique<TlsStream>(std::move(socket), *state.options.tls_context);
  asio::co_spawn(ex, run_connection(state, tracker, std::move(stream), true), asio::detached);
}

}  // namespace berth::http
