// A bounded byte pipe between a blob's reader (the source side pushing bytes into a sink) and
// its writer (the destination side pulling bytes from a source), so a blob streams from one
// side to the other with fixed memory, whatever the two sides' styles. One producer thread,
// one consumer thread. Either end may give up; the other then fails at its next call.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

namespace berth::replication {

class BlobPipe {
 public:
  explicit BlobPipe(size_t capacity = 4 << 20);

  // Producer: blocks while full. False when the consumer gave up (stop writing).
  bool write(const char* data, size_t size);
  // Producer: no more bytes; with an error, the consumer's read() rethrows it.
  void close(std::exception_ptr error = nullptr);

  // Consumer: blocks while empty; 0 at the end. Rethrows the producer's error.
  size_t read(char* buf, size_t size);
  // Consumer: stop; the producer's next write() returns false.
  void abandon();

  uint64_t bytes_through() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<char> ring_;
  size_t head_ = 0, used_ = 0;
  bool closed_ = false, abandoned_ = false;
  std::exception_ptr error_;
  uint64_t through_ = 0;
};

}  // namespace berth::replication
