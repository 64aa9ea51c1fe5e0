// Pieces of the DB import shared between its files.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "scan/vuln_db_import.h"

namespace berth::scan {

class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Extracts trivy.db and metadata.json into `into` (an empty directory), fsynced.
void extract_vuln_db_archive(const std::filesystem::path& archive,
                             const std::filesystem::path& into, const VulnDbImportLimits& limits);

}  // namespace berth::scan
