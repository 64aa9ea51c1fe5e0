#include "scan/bbolt/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "scan/bbolt/bolt_error.h"

namespace berth::scan::bbolt {

MappedFile::MappedFile(const std::string& path) {
  // Errors name the file, not its server path: they reach scan logs and API answers.
  const std::string name = std::filesystem::path(path).filename().string();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw BoltError(name + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw BoltError(name + ": " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw BoltError(name + ": not a regular file");
  }
  if (st.st_size == 0) {
    ::close(fd);
    throw BoltError(name + ": empty file");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);  // the mapping keeps the file alive
  if (p == MAP_FAILED) throw BoltError(name + ": mmap: " + std::strerror(err));
  data_ = p;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace berth::scan::bbolt
