#include "replication/blob_pipe.h"

#include <algorithm>
#include <cstring>

namespace berth::replication {

BlobPipe::BlobPipe(size_t capacity) : ring_(capacity) {}

bool BlobPipe::write(const char* data, size_t size) {
  std::unique_lock lock(mu_);
  while (size > 0) {
    cv_.wait(lock, [&] { return abandoned_ || used_ < ring_.size(); });
    if (abandoned_) return false;
    size_t tail = (head_ + used_) % ring_.size();
    size_t n = std::min({size, ring_.size() - used_, ring_.size() - tail});
    std::memcpy(ring_.data() + tail, data, n);
    used_ += n;
    data += n;
    size -= n;
    cv_.notify_all();
  }
  return true;
}

void BlobPipe::close(std::exception_ptr error) {
  std::lock_guard lock(mu_);
  closed_ = true;
  error_ = error;
  cv_.notify_all();
}

size_t BlobPipe::read(char* buf, size_t size) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return used_ > 0 || closed_; });
  if (used_ == 0) {
    if (error_) std::rethrow_exception(error_);
    return 0;
  }
  size_t n = std::min({size, used_, ring_.size() - head_});
  std::memcpy(buf, ring_.data() + head_, n);
  head_ = (head_ + n) % ring_.size();
  used_ -= n;
  through_ += n;
  cv_.notify_all();
  return n;
}

void BlobPipe::abandon() {
  std::lock_guard lock(mu_);
  abandoned_ = true;
  cv_.notify_all();
}

uint64_t BlobPipe::bytes_through() const {
  std::lock_guard lock(mu_);
  return through_;
}

}  // namespace berth::replication
