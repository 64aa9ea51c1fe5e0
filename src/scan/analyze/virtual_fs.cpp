#include "scan/analyze/virtual_fs.h"

namespace berth::scan {

std::optional<std::string> normalize_layer_path(std::string_view name) {
  if (name.find('\0') != std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find('/', i);
    if (j == std::string_view::npos) j = name.size();
    std::string_view part = name.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

void VirtualFs::put(const std::string& path, VfsNode node) {
  auto it = nodes_.find(path);
  if (it != nodes_.end()) bytes_ -= it->second.data.size();
  bytes_ += node.data.size();
  nodes_[path] = std::move(node);
}

namespace {

// Erases keys that start with `prefix` ("dir/"), which sort contiguously in the map.
template <typename Map>
void erase_prefixed(Map& nodes, const std::string& prefix, uint64_t& bytes) {
  auto it = nodes.lower_bound(prefix);
  while (it != nodes.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    bytes -= it->second.data.size();
    it = nodes.erase(it);
  }
}

}  // namespace

void VirtualFs::remove_tree(const std::string& path) {
  if (path.empty()) {
    nodes_.clear();
    bytes_ = 0;
    return;
  }
  auto it = nodes_.find(path);
  if (it != nodes_.end()) {
    bytes_ -= it->second.data.size();
    nodes_.erase(it);
  }
  erase_prefixed(nodes_, path + "/", bytes_);
}

void VirtualFs::clear_dir(const std::string& dir) {
  if (dir.empty()) {
    nodes_.clear();
    bytes_ = 0;
    return;
  }
  erase_prefixed(nodes_, dir + "/", bytes_);
}

const VfsNode* VirtualFs::find(const std::string& path) const {
  auto it = nodes_.find(path);
  return it == nodes_.end() ? nullptr : &it->second;
}

std::optional<std::string> VirtualFs::resolve(const std::string& path, int max_hops) const {
  std::string pending = path;  // what is left to walk
  std::string done;            // resolved prefix, never containing a symlink
  int hops = 0;
  while (!pending.empty()) {
    size_t slash = pending.find('/');
    std::string part = pending.substr(0, slash);
    pending = slash == std::string::npos ? "" : pending.substr(slash + 1);
    std::string candidate = done.empty() ? part : done + "/" + part;
    const VfsNode* n = find(candidate);
    if (n == nullptr || n->type != VfsNode::Type::kSymlink) {
      done = candidate;
      continue;
    }
    if (++hops > max_hops) return std::nullopt;
    // An absolute target restarts at the image root; a relative one is relative to the link's
    // directory. Either way normalisation keeps it inside the image.
    std::string base = n->link_target.starts_with('/') ? "" : done;
    auto target = normalize_layer_path(base + "/" + n->link_target);
    if (!target) return std::nullopt;
    std::string rest = pending;
    pending = target->empty() ? rest : (rest.empty() ? *target : *target + "/" + rest);
    done.clear();
  }
  const VfsNode* n = find(done);
  if (n == nullptr || n->type != VfsNode::Type::kFile) return std::nullopt;
  return done;
}

const VfsNode* VirtualFs::find_resolved(const std::string& path) const {
  auto p = resolve(path);
  return p ? find(*p) : nullptr;
}

}  // namespace berth::scan
