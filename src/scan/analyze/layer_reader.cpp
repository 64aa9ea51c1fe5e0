#include <algorithm>
#include "scan/analyze/layer_reader.h"

#include <archive_entry.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>

#include "scan/analyze/go_binary_capture.h"
#include "scan/analyze/jar_scanner.h"
#include "scan/analyze/wanted_paths.h"

namespace berth::scan {

struct LayerReader::LayerState {
  VirtualFs staged;  // this layer's kept files, merged over the lower layers at its end
  std::vector<std::string> whiteouts;
  std::vector<std::string> opaque_dirs;
};

namespace {

using ArchivePtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;
using BlockSink = std::function<void(uint64_t offset, std::string_view block)>;

ArchivePtr new_layer_archive() {
  ArchivePtr a(archive_read_new(), archive_read_free);
  // Only what image layers use; the filter is chosen from the magic bytes, not the media type.
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_empty(a.get());
  return a;
}

std::string error_of(struct archive* a) {
  const char* msg = archive_error_string(a);
  return msg ? msg : "unknown archive error";
}

// True for libarchive's complaint when the input simply stops where a tar's padding or
// end-of-archive blocks should follow (umoci 0.4 writes layers like that).
bool missing_tar_trailer(struct archive* a) {
  std::string msg = error_of(a);
  return msg.find("Truncated input file") != std::string::npos &&
         msg.find("only 0 available") != std::string::npos;
}

// Feeds the current entry's data blocks to `sink`, checking the budget between blocks.
// `expected`: the entry's size; when every byte of it arrived, a missing trailer is no error.
void for_each_block(struct archive* a, ReadBudget& budget, int64_t expected, const BlockSink& sink) {
  uint64_t delivered = 0;
  while (true) {
    const void* buf;
    size_t size;
    la_int64_t off;
    int r = archive_read_data_block(a, &buf, &size, &off);
    if (r == ARCHIVE_EOF) return;
    if (r < ARCHIVE_WARN && expected >= 0 && delivered >= uint64_t(expected) && missing_tar_trailer(a))
      return;
    if (r < ARCHIVE_WARN)
      throw AnalysisError(AnalysisError::Kind::kCorrupt, budget.layer_label() + ": " + error_of(a));
    budget.check_archive(a);
    if (off >= 0) delivered = std::max<uint64_t>(delivered, uint64_t(off) + size);
    if (sink && off >= 0) sink(static_cast<uint64_t>(off), {static_cast<const char*>(buf), size});
  }
}

std::pair<std::string, std::string> split_dir_base(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

std::string join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

// Collects a file's bytes up to `cap`; holes of sparse entries become zeros.
struct CappedCollector {
  uint64_t cap;
  VfsNode& node;
  void operator()(uint64_t off, std::string_view block) {
    if (off + block.size() > cap) node.truncated = true;
    if (off >= cap) return;
    node.data.resize(off);
    node.data.append(block.substr(0, cap - off));
  }
};

}  // namespace

void LayerReader::add_layer_file(const std::string& path, std::string_view media_type,
                                 std::string label) {
  if (label.empty()) label = path;
  budget_.start_layer(label);
  // Opened here, not by libarchive, whose messages would name the file: messages reach users
  // (scan logs), who learn the layer (label) and the reason, never a server path.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw AnalysisError(AnalysisError::Kind::kIo, label + " (" + std::string(media_type) +
                                                      "): cannot read it: " + std::strerror(errno));
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  ArchivePtr a = new_layer_archive();  // freed before the descriptor closes
  if (archive_read_open_fd(a.get(), fd, 64 * 1024) != ARCHIVE_OK)
    throw AnalysisError(AnalysisError::Kind::kIo,
                        label + " (" + std::string(media_type) + "): " + error_of(a.get()));
  read_archive(a.get());
}

void LayerReader::add_layer_bytes(std::string_view bytes, std::string label) {
  ArchivePtr a = new_layer_archive();
  budget_.start_layer(std::move(label));
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    throw AnalysisError(AnalysisError::Kind::kCorrupt,
                        budget_.layer_label() + ": " + error_of(a.get()));
  read_archive(a.get());
}

void LayerReader::read_archive(struct archive* a) {
  LayerState layer;
  size_t entries = 0;
  while (true) {
    struct archive_entry* e;
    int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF) break;
    // Some tools (umoci 0.4) end a layer right after the last entry, without the two zero
    // blocks; registries and runtimes accept such layers, so the scanner does too.
    if (r < ARCHIVE_WARN && entries > 0 && missing_tar_trailer(a)) {
      warnings_.push_back(budget_.layer_label() + ": tar ends without its end-of-archive blocks");
      break;
    }
    if (r < ARCHIVE_WARN)
      throw AnalysisError(AnalysisError::Kind::kCorrupt,
                          budget_.layer_label() + ": " + error_of(a));
    ++entries;
    budget_.count_entry();
    budget_.check_archive(a);
    read_entry(a, e, layer);
  }
  budget_.check_archive(a);
  merge(layer);
  budget_.end_layer();
}

void LayerReader::read_entry(struct archive* a, struct archive_entry* e, LayerState& layer) {
  int64_t expected = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
  const char* raw = archive_entry_pathname(e);
  auto path = normalize_layer_path(raw ? raw : "");
  if (!path || path->empty()) return for_each_block(a, budget_, expected, nullptr);
  auto [dir, base] = split_dir_base(*path);
  if (base.starts_with(".wh.")) {
    if (base == ".wh..wh..opq")
      layer.opaque_dirs.push_back(dir);
    else
      layer.whiteouts.push_back(join(dir, std::string_view(base).substr(4)));
    return for_each_block(a, budget_, expected, nullptr);
  }
  auto type = archive_entry_filetype(e);
  // Whatever this layer puts at `path` hides what the lower layers had there; a directory entry
  // hides only a non-directory (its children stay).
  if (type == AE_IFDIR) {
    if (fs_.find(*path)) fs_.remove_tree(*path);
    return;
  }
  fs_.remove_tree(*path);

  if (const char* link = archive_entry_hardlink(e)) {
    auto target = normalize_layer_path(link);
    const VfsNode* n = target ? layer.staged.find(*target) : nullptr;
    if (n && n->type == VfsNode::Type::kFile &&
        (classify_path(*path) || n->mode & kGoCaptureMode)) {
      budget_.keep(n->data.size());
      layer.staged.put(*path, *n);
    }
    return for_each_block(a, budget_, expected, nullptr);
  }
  if (type == AE_IFLNK) {
    const char* target = archive_entry_symlink(e);
    if (target == nullptr) return;
    VfsNode n{VfsNode::Type::kSymlink, "", target, 0, false};
    budget_.keep(path->size() + n.link_target.size());
    layer.staged.put(*path, std::move(n));
    return;
  }
  if (type != AE_IFREG) return for_each_block(a, budget_, expected, nullptr);

  VfsNode node;
  node.mode = static_cast<uint32_t>(archive_entry_perm(e));
  uint64_t size = archive_entry_size_is_set(e) ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
  auto kind = classify_path(*path);
  if (kind == FileKind::kJar) {
    BlockReader reader = [&](std::string_view& block) {
      const void* buf;
      size_t n;
      la_int64_t off;
      int r = archive_read_data_block(a, &buf, &n, &off);
      if (r == ARCHIVE_EOF) return false;
      if (r < ARCHIVE_WARN)
        throw AnalysisError(AnalysisError::Kind::kCorrupt,
                            budget_.layer_label() + ": " + error_of(a));
      budget_.check_archive(a);
      block = std::string_view(static_cast<const char*>(buf), n);
      return true;
    };
    JarScan scan = scan_jar(reader, budget_, 0);
    for (const auto& w : scan.warnings) warnings_.push_back(*path + ": " + w);
    node.data = encode_jar_summary(scan.packages);
  } else if (kind) {
    uint64_t cap = size_cap(*kind, budget_.limits());
    if (size > cap) {
      node.truncated = true;  // recorded so the file still hides lower layers' copies
    } else {
      node.data.reserve(size);
      for_each_block(a, budget_, expected, CappedCollector{cap, node});
    }
  } else if (node.mode & 0111) {
    const Limits& lim = budget_.limits();
    GoBinaryCapture capture(size, lim.max_go_binary_bytes, lim.max_file_bytes);
    for_each_block(a, budget_, expected, [&](uint64_t off, std::string_view b) { capture.feed(off, b); });
    auto kept = capture.finish();
    if (capture.too_large())
      warnings_.push_back(*path + ": Go binary with pre-1.18 build info is over the size cap");
    if (!kept) return;
    node.data = std::move(*kept);
    node.mode |= kGoCaptureMode;
  } else {
    return for_each_block(a, budget_, expected, nullptr);
  }
  for_each_block(a, budget_, expected, nullptr);  // whatever the collectors left unread
  budget_.keep(node.data.size());
  layer.staged.put(*path, std::move(node));
}

void LayerReader::merge(LayerState& layer) {
  if (hook_) hook_(layers_read_, layer.staged);
  for (const auto& dir : layer.opaque_dirs) fs_.clear_dir(dir);
  for (const auto& path : layer.whiteouts) fs_.remove_tree(path);
  for (const auto& [path, node] : layer.staged.nodes()) {
    VfsNode copy = node;
    copy.layer = layers_read_;
    fs_.put(path, std::move(copy));
  }
  ++layers_read_;
}

}  // namespace berth::scan
