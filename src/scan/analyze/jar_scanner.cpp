#include "scan/analyze/jar_scanner.h"

#include <archive.h>
#include <archive_entry.h>

#include <exception>
#include <memory>

#include "scan/analyze/wanted_paths.h"
#include "scan/version/version_util.h"

namespace berth::scan {

namespace {

constexpr size_t kMaxPomBytes = 64 * 1024;

struct CallbackState {
  const BlockReader* read;
  ReadBudget* budget;
  std::exception_ptr error;  // exceptions must not unwind through libarchive's C frames
};

la_ssize_t read_callback(struct archive*, void* user, const void** buf) {
  auto* st = static_cast<CallbackState*>(user);
  try {
    st->budget->check_time();
    std::string_view block;
    if (!(*st->read)(block)) return 0;
    *buf = block.data();
    return static_cast<la_ssize_t>(block.size());
  } catch (...) {
    st->error = std::current_exception();
    return ARCHIVE_FATAL;
  }
}

using ArchivePtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;

bool is_pom_properties(std::string_view name) {
  return name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties");
}

bool is_nested_jar(std::string_view name) {
  auto kind = classify_path(name);
  return kind && *kind == FileKind::kJar;
}

// Reads one entry's data, at most `cap` bytes (the rest is skipped by the next header read).
std::string read_small_entry(struct archive* z, size_t cap) {
  std::string out;
  char buf[8192];
  while (out.size() < cap) {
    la_ssize_t n = archive_read_data(z, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, std::min(static_cast<size_t>(n), cap - out.size()));
  }
  return out;
}

}  // namespace

bool parse_pom_properties(std::string_view text, JarPackage& out) {
  std::string group, artifact, version;
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line = trim(text.substr(i, nl == text.npos ? text.npos : nl - i));
    i = nl == text.npos ? text.size() : nl + 1;
    if (line.empty() || line[0] == '#' || line[0] == '!') continue;
    size_t eq = line.find_first_of("=:");
    if (eq == line.npos) continue;
    std::string_view key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "groupId") group = value;
    if (key == "artifactId") artifact = value;
    if (key == "version") version = value;
  }
  if (group.empty() || artifact.empty() || version.empty()) return false;
  out.name = group + ":" + artifact;
  out.version = version;
  return true;
}

JarScan scan_jar(const BlockReader& read, ReadBudget& budget, uint32_t depth) {
  JarScan result;
  CallbackState st{&read, &budget, nullptr};
  ArchivePtr z(archive_read_new(), archive_read_free);
  archive_read_support_format_zip_streamable(z.get());
  if (archive_read_open(z.get(), &st, nullptr, read_callback, nullptr) != ARCHIVE_OK) {
    if (st.error) std::rethrow_exception(st.error);
    result.warnings.push_back(std::string("not a zip archive: ") + archive_error_string(z.get()));
    return result;
  }
  struct archive_entry* e;
  int r;
  while ((r = archive_read_next_header(z.get(), &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    const char* raw = archive_entry_pathname(e);
    if (raw == nullptr || archive_entry_filetype(e) != AE_IFREG) continue;
    std::string name = raw;
    if (is_pom_properties(name)) {
      JarPackage p;
      if (parse_pom_properties(read_small_entry(z.get(), kMaxPomBytes), p))
        result.packages.push_back(std::move(p));
    } else if (is_nested_jar(name) && depth + 1 < budget.limits().max_jar_depth) {
      BlockReader inner = [&](std::string_view& block) {
        const void* buf;
        size_t size;
        la_int64_t off;
        int rr = archive_read_data_block(z.get(), &buf, &size, &off);
        if (rr == ARCHIVE_EOF) return false;
        if (rr < ARCHIVE_WARN) throw AnalysisError(AnalysisError::Kind::kCorrupt, "nested jar");
        block = std::string_view(static_cast<const char*>(buf), size);
        budget.count_nested(size);
        return true;
      };
      JarScan nested;
      try {
        nested = scan_jar(inner, budget, depth + 1);
      } catch (const AnalysisError& err) {
        if (err.kind() != AnalysisError::Kind::kCorrupt) throw;
        nested.warnings.push_back(name + ": unreadable");
      }
      for (auto& p : nested.packages) {
        p.inner_path = p.inner_path.empty() ? name : name + "/" + p.inner_path;
        result.packages.push_back(std::move(p));
      }
      for (auto& w : nested.warnings) result.warnings.push_back(name + ": " + w);
    }
    if (st.error) std::rethrow_exception(st.error);
  }
  if (st.error) std::rethrow_exception(st.error);
  if (r != ARCHIVE_EOF) {
    const char* msg = archive_error_string(z.get());
    result.warnings.push_back(std::string("zip read stopped: ") + (msg ? msg : "unknown error"));
  }
  return result;
}

std::string encode_jar_summary(const std::vector<JarPackage>& packages) {
  std::string out;
  for (const auto& p : packages) out += p.inner_path + "\t" + p.name + "\t" + p.version + "\n";
  return out;
}

std::vector<JarPackage> decode_jar_summary(std::string_view summary) {
  std::vector<JarPackage> out;
  size_t i = 0;
  while (i < summary.size()) {
    size_t nl = summary.find('\n', i);
    if (nl == summary.npos) break;
    std::string_view line = summary.substr(i, nl - i);
    i = nl + 1;
    size_t t1 = line.find('\t'), t2 = t1 == line.npos ? line.npos : line.find('\t', t1 + 1);
    if (t2 == line.npos) continue;
    out.push_back({std::string(line.substr(0, t1)), std::string(line.substr(t1 + 1, t2 - t1 - 1)),
                   std::string(line.substr(t2 + 1))});
  }
  return out;
}

}  // namespace berth::scan
