// The merged filesystem view of an image, holding only the files the analyzers want. It lives in
// memory: nothing from a layer is ever written to the real filesystem.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::scan {

// Turns a tar entry name into a clean relative path, as if the layer were extracted at "/":
// "./a//b/../c" → "a/c", "/etc/x" → "etc/x", "../../etc/passwd" → "etc/passwd" (".." stops at
// the root). Returns "" for the root itself and nullopt for names with NUL bytes.
std::optional<std::string> normalize_layer_path(std::string_view name);

struct VfsNode {
  enum class Type { kFile, kSymlink };
  Type type = Type::kFile;
  std::string data;         // file content (possibly a captured summary, see layer_reader.h)
  std::string link_target;  // symlinks, as written in the layer
  uint32_t mode = 0;
  bool truncated = false;  // content was cut at its size cap
  int layer = -1;          // index (lowest first) of the layer that wrote it
};

class VirtualFs {
 public:
  void put(const std::string& path, VfsNode node);
  // Removes `path` and everything below it.
  void remove_tree(const std::string& path);
  // Removes everything below `dir` but not `dir` itself (opaque directory).
  void clear_dir(const std::string& dir);
  const VfsNode* find(const std::string& path) const;
  // Follows symlinks in every component, inside this view only, at most `max_hops` times.
  // Returns the final path of a file, or nullopt (missing, loop, too many hops).
  std::optional<std::string> resolve(const std::string& path, int max_hops = 40) const;
  const VfsNode* find_resolved(const std::string& path) const;
  const std::map<std::string, VfsNode>& nodes() const { return nodes_; }
  uint64_t bytes() const { return bytes_; }

 private:
  std::map<std::string, VfsNode> nodes_;
  uint64_t bytes_ = 0;
};

}  // namespace berth::scan
