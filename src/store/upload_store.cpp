#include "store/upload_store.h"
#include "base/clock.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "store/blob_store.h"

namespace berth::store {

namespace fs = std::filesystem;

namespace {
std::string new_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  b[6] = (b[6] & 0x0f) | 0x40;  // RFC 4122 version 4
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string hex = base::to_hex(b, sizeof b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace

UploadLock::~UploadLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

UploadStore::UploadStore(fs::path root) : dir_(std::move(root) / "uploads") {
  fs::create_directories(dir_);
}

bool UploadStore::is_valid_id(const std::string& id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool dash_pos = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_pos ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

fs::path UploadStore::data_path(const std::string& id) const {
  return dir_ / id / "data";
}

UploadState UploadStore::create(const std::string& repository) {
  UploadState s;
  s.id = new_id();
  s.repository = repository;
  s.created_at = base::now_seconds();
  fs::create_directories(dir_ / s.id);
  int fd = ::open(data_path(s.id).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create upload file");
  ::close(fd);
  save(s);
  return s;
}

void UploadStore::save(const UploadState& s) const {
  nlohmann::json j = {{"repository", s.repository},
                      {"offset", s.offset},
                      {"sha256_state", s.hash.serialize()},
                      {"created_at", s.created_at}};
  auto final_path = dir_ / s.id / "state";
  auto tmp = dir_ / s.id / "state.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump();
    if (!out) throw std::runtime_error("cannot write upload state");
  }
  fs::rename(tmp, final_path);
}

std::optional<UploadState> UploadStore::load(const std::string& id, bool repair) const {
  if (!is_valid_id(id)) return std::nullopt;
  std::ifstream in(dir_ / id / "state");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  UploadState s;
  s.id = id;
  try {
    s.repository = j.at("repository").get<std::string>();
    s.offset = j.at("offset").get<uint64_t>();
    s.created_at = j.at("created_at").get<int64_t>();
    auto h = base::Sha256State::deserialize(j.at("sha256_state").get<std::string>());
    if (!h) return std::nullopt;
    s.hash = *h;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (!repair) return s;
  // Reconcile with the data file: bytes past the saved offset belong to a chunk that never
  // completed (crash or broken connection) and are dropped; fewer bytes mean the state is ahead of
  // the data (a crash of the whole machine): re-hash what is really there.
  std::error_code ec;
  auto size = fs::file_size(data_path(id), ec);
  if (ec) return std::nullopt;
  if (size > s.offset) {
    fs::resize_file(data_path(id), s.offset, ec);
    if (ec) return std::nullopt;
  } else if (size < s.offset) {
    base::Sha256State h;
    int fd = ::open(data_path(id).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::vector<char> buf(1 << 20);
    ssize_t n;
    while ((n = ::read(fd, buf.data(), buf.size())) > 0) h.update(buf.data(), size_t(n));
    ::close(fd);
    s.hash = h;
    s.offset = size;
  }
  return s;
}

void UploadStore::remove(const std::string& id) const {
  if (!is_valid_id(id)) return;
  std::error_code ec;
  fs::remove_all(dir_ / id, ec);
}

size_t UploadStore::purge_stale(int64_t max_age_seconds) const {
  size_t removed = 0;
  std::error_code ec;
  auto cutoff = fs::file_time_type::clock::now() - std::chrono::seconds(max_age_seconds);
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::end(it); it.increment(ec)) {
    std::string id = it->path().filename().string();
    if (!is_valid_id(id)) continue;
    // Last activity: the newer of the state and data files (the directory when both are missing).
    auto newest = fs::last_write_time(it->path(), ec);
    for (const char* f : {"state", "data"}) {
      std::error_code e2;
      auto t = fs::last_write_time(it->path() / f, e2);
      if (!e2 && t > newest) newest = t;
    }
    if (ec || newest > cutoff) {
      ec.clear();
      continue;
    }
    auto lock = try_lock(id);
    if (!lock && fs::exists(data_path(id))) continue;  // someone is writing it right now
    remove(id);
    ++removed;
  }
  return removed;
}

std::optional<UploadLock> UploadStore::try_lock(const std::string& id) const {
  if (!is_valid_id(id)) return std::nullopt;
  int fd = ::open(data_path(id).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  return UploadLock(fd);
}

}  // namespace berth::store
