// A file descriptor shared by whoever still needs it (a response being sent, a cache entry).
#pragma once

#include <unistd.h>

#include <memory>

namespace berth::base {

inline std::shared_ptr<int> make_shared_fd(int fd) {
  return std::shared_ptr<int>(new int(fd), [](int* p) {
    if (*p >= 0) ::close(*p);
    delete p;
  });
}

}  // namespace berth::base
