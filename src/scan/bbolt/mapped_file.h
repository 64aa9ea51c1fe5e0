// A whole file mapped read-only. The kernel pages it in on demand, so a database of hundreds of
// MB costs only the pages a lookup touches.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace berth::scan::bbolt {

class MappedFile {
 public:
  // Throws BoltError when the file cannot be opened, is empty or cannot be mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace berth::scan::bbolt
