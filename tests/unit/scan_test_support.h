// Helpers for the image-analysis tests: temp dirs, running oracle commands, building tar layers
// and zip archives in memory with libarchive.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace scantest {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "berth-scan-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

inline std::string data_dir() {
  return BERTH_TEST_DATA_DIR;
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, std::string_view data) {
  std::ofstream out(p, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

// Runs a shell command; returns its stdout and sets `status` to the exit status.
inline std::string run(const std::string& cmd, int* status = nullptr) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) throw std::runtime_error("popen failed: " + cmd);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int st = ::pclose(f);
  if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

inline bool have_tool(const std::string& name) {
  int st = 0;
  run("command -v " + name + " >/dev/null 2>&1", &st);
  return st == 0;
}

struct Entry {
  enum Kind { kFile, kDir, kSymlink, kHardlink } kind = kFile;
  std::string name;
  std::string data;  // file content, or link target
  int mode = 0644;
};

inline Entry file(std::string name, std::string data, int mode = 0644) {
  return {Entry::kFile, std::move(name), std::move(data), mode};
}
inline Entry make_symlink(std::string name, std::string target) {
  return {Entry::kSymlink, std::move(name), std::move(target), 0777};
}
inline Entry make_hardlink(std::string name, std::string target) {
  return {Entry::kHardlink, std::move(name), std::move(target), 0644};
}
inline Entry dir(std::string name) {
  return {Entry::kDir, std::move(name), "", 0755};
}

enum class Compression { kNone, kGzip, kZstd };

// A tar (pax) archive, or a zip when `zip` is set, written to memory.
inline std::string build_archive(const std::vector<Entry>& entries,
                                 Compression c = Compression::kNone, bool zip = false) {
  struct archive* a = archive_write_new();
  if (zip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (c == Compression::kGzip) archive_write_add_filter_gzip(a);
    if (c == Compression::kZstd) archive_write_add_filter_zstd(a);
  }
  archive_write_set_bytes_in_last_block(a, 1);
  size_t cap = 64u << 20;
  std::string buf(cap, '\0');
  size_t used = 0;
  if (archive_write_open_memory(a, buf.data(), buf.size(), &used) != ARCHIVE_OK)
    throw std::runtime_error("archive_write_open_memory failed");
  for (const auto& e : entries) {
    struct archive_entry* ae = archive_entry_new();
    archive_entry_set_pathname(ae, e.name.c_str());
    archive_entry_set_perm(ae, e.mode);
    switch (e.kind) {
      case Entry::kFile:
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_size(ae, static_cast<la_int64_t>(e.data.size()));
        break;
      case Entry::kDir:
        archive_entry_set_filetype(ae, AE_IFDIR);
        break;
      case Entry::kSymlink:
        archive_entry_set_filetype(ae, AE_IFLNK);
        archive_entry_set_symlink(ae, e.data.c_str());
        break;
      case Entry::kHardlink:
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_hardlink(ae, e.data.c_str());
        archive_entry_set_size(ae, 0);
        break;
    }
    if (archive_write_header(a, ae) != ARCHIVE_OK)
      throw std::runtime_error(std::string("write header: ") + archive_error_string(a));
    if (e.kind == Entry::kFile && !e.data.empty())
      archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(ae);
  }
  archive_write_close(a);
  archive_write_free(a);
  buf.resize(used);
  return buf;
}

// A single raw compressed stream of `data` (one gzip member), via libarchive's raw format.
inline std::string gzip_member(const std::string& data) {
  struct archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  std::string buf(data.size() + (1u << 20), '\0');
  size_t used = 0;
  archive_write_open_memory(a, buf.data(), buf.size(), &used);
  struct archive_entry* ae = archive_entry_new();
  archive_entry_set_pathname(ae, "x");
  archive_entry_set_filetype(ae, AE_IFREG);
  archive_write_header(a, ae);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(ae);
  archive_write_close(a);
  archive_write_free(a);
  buf.resize(used);
  return buf;
}

// The 512-byte ustar header of a regular file, without data or trailer.
inline std::string tar_header(const std::string& name, uint64_t size) {
  std::string h(512, '\0');
  auto put_octal = [&](size_t at, size_t width, uint64_t v) {
    std::string digits(width - 1, '0');
    for (size_t i = width - 1; i-- > 0; v >>= 3) digits[i] = static_cast<char>('0' + (v & 7));
    h.replace(at, width - 1, digits);
  };
  h.replace(0, name.size(), name);
  put_octal(100, 8, 0644);
  put_octal(108, 8, 0);
  put_octal(116, 8, 0);
  put_octal(124, 12, size);
  put_octal(136, 12, 0);
  h[156] = '0';
  h.replace(257, 6, std::string("ustar\0", 6));
  h.replace(263, 2, "00");
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  put_octal(148, 7, sum);
  h[155] = ' ';
  return h;
}

}  // namespace scantest
