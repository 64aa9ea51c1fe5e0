// Whole writes to file descriptors: loops over short writes and EINTR.
#pragma once

#include <cstdint>
#include <string_view>

namespace berth::base {

// Throws std::system_error naming `what` (never a path: callers word their own messages).
void write_all(int fd, std::string_view data, const char* what = "write");
void pwrite_all(int fd, std::string_view data, uint64_t offset, const char* what = "write");

}  // namespace berth::base
