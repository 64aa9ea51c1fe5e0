#include "base/fd_io.h"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace berth::base {

void write_all(int fd, std::string_view data, const char* what) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::system_error(n < 0 ? errno : EIO, std::generic_category(), what);
    data.remove_prefix(size_t(n));
  }
}

void pwrite_all(int fd, std::string_view data, uint64_t offset, const char* what) {
  while (!data.empty()) {
    ssize_t n = ::pwrite(fd, data.data(), data.size(), off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::system_error(n < 0 ? errno : EIO, std::generic_category(), what);
    data.remove_prefix(size_t(n));
    offset += uint64_t(n);
  }
}

}  // namespace berth::base
