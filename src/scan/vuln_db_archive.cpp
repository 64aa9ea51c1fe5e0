// Extracting db.tar.gz: only trivy.db and metadata.json, regular files, bounded sizes.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <set>

#include "base/fd_io.h"
#include "scan/vuln_db_import_internal.h"

namespace berth::scan {

namespace fs = std::filesystem;

namespace {

using ArchivePtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;

std::string entry_name(const char* raw) {
  std::string name = raw ? raw : "";
  while (name.starts_with("./")) name.erase(0, 2);
  return name;
}

// The message names the archive entry, never the server path it is written to.
void write_all(int fd, const void* data, size_t size, const std::string& entry) {
  try {
    base::write_all(fd, {static_cast<const char*>(data), size});
  } catch (const std::system_error& e) {
    throw VulnDbImportError("cannot write " + entry + ": " + e.code().message());
  }
}

void extract_entry(struct archive* a, const fs::path& out, uint64_t cap, const std::string& name) {
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw VulnDbImportError("cannot create " + name + ": " + std::strerror(errno));
  UniqueFd guard(fd);
  uint64_t total = 0;
  const void* buf;
  size_t size;
  la_int64_t offset;
  while (true) {
    int r = archive_read_data_block(a, &buf, &size, &offset);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      throw VulnDbImportError("the archive is corrupt or truncated (" + name +
                              "): " + archive_error_string(a));
    // Sparse entries: only offsets inside the cap are accepted.
    if (offset < 0 || uint64_t(offset) != total) {
      if (offset < 0 || uint64_t(offset) > cap)
        throw VulnDbImportError(name + " is larger than " + std::to_string(cap) + " bytes");
      if (::lseek(fd, offset, SEEK_SET) < 0) throw VulnDbImportError("cannot seek in " + name);
      total = uint64_t(offset);
    }
    total += size;
    if (total > cap)
      throw VulnDbImportError(name + " is larger than " + std::to_string(cap) + " bytes");
    write_all(fd, buf, size, out.filename().string());
  }
  if (::ftruncate(fd, off_t(total)) != 0 || ::fsync(fd) != 0)
    throw VulnDbImportError("cannot write " + name + ": " + std::strerror(errno));
}

}  // namespace

void extract_vuln_db_archive(const fs::path& archive, const fs::path& into,
                             const VulnDbImportLimits& limits) {
  // Messages reach API users: they say "the archive", never the server path of the upload, and
  // the file is opened here so that libarchive's messages cannot name it either.
  const std::string label = "the archive";
  int fd = ::open(archive.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw VulnDbImportError("cannot read the archive: " + std::string(std::strerror(errno)));
  UniqueFd guard(fd);
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_none(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_fd(a.get(), fd, 64 * 1024) != ARCHIVE_OK)
    throw VulnDbImportError(label + ": not a tar.gz archive, or corrupt or truncated (" +
                            archive_error_string(a.get()) + ")");
  std::set<std::string> seen;
  while (true) {
    struct archive_entry* e;
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      throw VulnDbImportError(label + ": not a tar.gz archive, or corrupt or truncated (" +
                              archive_error_string(a.get()) + ")");
    std::string name = entry_name(archive_entry_pathname(e));
    if (name.empty() || name == ".") continue;  // the "./" directory entry some tars carry
    if (name != "trivy.db" && name != "metadata.json")
      throw VulnDbImportError(label + ": unexpected entry '" + name +
                              "' (a trivy-db archive holds only trivy.db and metadata.json)");
    if (archive_entry_filetype(e) != AE_IFREG)
      throw VulnDbImportError(label + ": '" + name + "' is not a regular file");
    if (!seen.insert(name).second)
      throw VulnDbImportError(label + ": '" + name + "' appears twice");
    uint64_t cap = name == "trivy.db" ? limits.max_db_bytes : limits.max_metadata_bytes;
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > la_int64_t(cap))
      throw VulnDbImportError(label + ": " + name + " is larger than " + std::to_string(cap) +
                              " bytes");
    extract_entry(a.get(), into / name, cap, name);
  }
  for (const char* required : {"trivy.db", "metadata.json"}) {
    if (!seen.count(required))
      throw VulnDbImportError(label + ": no " + required + " in the archive");
  }
}

}  // namespace berth::scan
