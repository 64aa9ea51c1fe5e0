#include "http/static_site.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <utility>

#include "base/path_prefix.h"
#include "http/blocking.h"
#include "http/errors.h"

namespace berth::http {

namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";

// Shown when the directory has no index.html: the server runs without the portal (unit and
// integration tests, or a build without npm) and says how to get it.
constexpr const char* kNotBuilt =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Berth</title></head>"
    "<body style=\"font-family:sans-serif;margin:3rem\"><h1>Berth</h1>"
    "<p>The web portal is not built. Run <code>make run</code> (it builds <code>ui/</code> with "
    "npm), or set <code>portalDir</code> to a built portal.</p>"
    "<p>The registry (<code>/v2/</code>) and the API (<code>/api/v2.0/</code>) work without "
    "it.</p></body></html>";

struct OpenFile {
  std::shared_ptr<int> fd;
  uint64_t size = 0;
  std::string etag;
  bool gzipped = false;
};

// Opens `file` (or its precompressed `file.gz` sibling when the client takes gzip).
std::optional<OpenFile> open_file(const std::filesystem::path& file, bool gzip_ok) {
  for (int attempt = gzip_ok ? 0 : 1; attempt < 2; ++attempt) {
    std::string name = file.string() + (attempt == 0 ? ".gz" : "");
    int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    auto owned = std::shared_ptr<int>(new int(fd), [](int* p) {
      ::close(*p);
      delete p;
    });
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    OpenFile out{owned, uint64_t(st.st_size), "", attempt == 0};
    out.etag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + (out.gzipped ? "-gz\"" : "\"");
    return out;
  }
  return std::nullopt;
}

// index.html as text, to add the base element; its ETag as open_file() makes it.
struct IndexPage {
  std::string html;
  std::string etag;
};

std::optional<IndexPage> read_index(const std::filesystem::path& file) {
  auto f = open_file(file, false);
  if (!f) return std::nullopt;
  std::string html(f->size, '\0');
  size_t got = 0;
  while (got < html.size()) {
    ssize_t n = ::pread(*f->fd, html.data() + got, html.size() - got, off_t(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    got += size_t(n);
  }
  return IndexPage{std::move(html), f->etag};
}

bool accepts_gzip(const Request& req) {
  return req.header("Accept-Encoding").find("gzip") != std::string_view::npos;
}

Response file_response(const Request& req, OpenFile f, const std::string& type,
                       const char* cache_control) {
  Response res;
  res.header("Cache-Control", cache_control);
  res.header("ETag", f.etag);
  res.header("Vary", "Accept-Encoding");
  res.header("X-Content-Type-Options", "nosniff");
  if (req.header("If-None-Match") == f.etag) {
    res.status = 304;
    return res;
  }
  res.header("Content-Type", type);
  if (f.gzipped) res.header("Content-Encoding", "gzip");
  res.body = FileRegion{std::move(f.fd), 0, f.size};
  return res;
}

}  // namespace

std::string content_type_for(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},     {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},       {".svg", "image/svg+xml"},
      {".png", "image/png"},                     {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                  {".woff", "font/woff"},
      {".json", "application/json"},             {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [ext, type] : kTypes)
    if (name.ends_with(ext)) return type;
  return "application/octet-stream";
}

bool safe_site_path(const std::string& path) {
  if (path.size() < 2 || path[0] != '/' || path.size() > 512) return false;
  bool segment_start = true;
  for (size_t i = 1; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (segment_start) return false;  // empty segment
      segment_start = true;
      continue;
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok || (segment_start && c == '.')) return false;
    segment_start = false;
  }
  return !segment_start;
}

std::string request_base_path(const Request& req, const std::string& configured) {
  auto forwarded = req.header("X-Forwarded-Prefix");
  if (forwarded.empty()) return configured;
  return base::clean_path_prefix(forwarded).value_or(configured);
}

std::string with_base_href(const std::string& html, const std::string& base_path) {
  auto head = html.find("<head>");
  if (head == std::string::npos) return html;
  std::string out = html;
  out.insert(head + 6, "<base href=\"" + base_path + "\">");
  return out;
}

StaticSite::StaticSite(std::filesystem::path dir, std::vector<std::string> app_routes,
                       std::string base_path)
    : dir_(std::move(dir)), app_routes_(std::move(app_routes)), base_path_(std::move(base_path)) {}

bool StaticSite::is_app_route(const std::string& path) const {
  if (path == "/") return true;
  for (const auto& r : app_routes_)
    if (path == r || (path.starts_with(r) && path.size() > r.size() && path[r.size()] == '/'))
      return true;
  return false;
}

boost::asio::awaitable<Response> StaticSite::handle(Request& req) const {
  if (req.method != "GET" && req.method != "HEAD")
    co_return harbor_error(405, "METHOD_NOT_ALLOWED", "method not allowed");
  // index.html itself too, so that it never goes out without its base element.
  if (is_app_route(req.path) || req.path == "/index.html") co_return co_await index(req);
  bool gzip = accepts_gzip(req);
  if (safe_site_path(req.path)) {
    auto file = co_await run_blocking([&] { return open_file(dir_ / req.path.substr(1), gzip); });
    if (file) {
      bool hashed = req.path.starts_with("/assets/");
      co_return file_response(req, std::move(*file), content_type_for(req.path),
                              hashed ? kImmutable : kRevalidate);
    }
  }
  co_return harbor_error(404, "NOT_FOUND", "no such endpoint: " + req.path);
}

// index.html with the request's base element. Read each time (it is small, and a rebuilt portal
// shows up without a restart); the ETag names the base too, so a cached copy made for one prefix
// is never revalidated for another.
boost::asio::awaitable<Response> StaticSite::index(const Request& req) const {
  auto page = co_await run_blocking([&] { return read_index(dir_ / "index.html"); });
  if (!page) {
    Response res = Response::text(503, kNotBuilt, "text/html; charset=utf-8");
    res.header("Cache-Control", kRevalidate);
    co_return res;
  }
  std::string base = request_base_path(req, base_path_);
  // A clean base has no '"', so it can stand in the ETag as is.
  std::string etag = page->etag.substr(0, page->etag.size() - 1) + "-" + base + "\"";
  Response res;
  res.header("Cache-Control", kRevalidate);
  res.header("ETag", etag);
  res.header("Vary", "X-Forwarded-Prefix");
  res.header("X-Content-Type-Options", "nosniff");
  if (req.header("If-None-Match") == etag) {
    res.status = 304;
    co_return res;
  }
  res.header("Content-Type", "text/html; charset=utf-8");
  res.body = with_base_href(page->html, base);
  co_return res;
}

}  // namespace berth::http
