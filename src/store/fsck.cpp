#include "store/fsck.h"

#include <system_error>

namespace berth::store {

namespace fs = std::filesystem;

FsckReport verify_all_blobs(const BlobStore& store,
                            const std::function<void(const std::string&, bool)>& progress) {
  FsckReport report;
  fs::path blobs = store.root() / "blobs";
  std::error_code ec;
  if (!fs::exists(blobs, ec)) return report;
  for (auto it = fs::recursive_directory_iterator(blobs, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const fs::path& p = it->path();
    // blobs/<alg>/<2hex>/<hex>
    std::string alg = p.parent_path().parent_path().filename().string();
    auto d = base::Digest::parse(alg + ":" + p.filename().string());
    if (!d || store.path_of(*d) != p) {
      report.strays.push_back(p.string());
      continue;
    }
    ++report.checked;
    report.bytes += it->file_size(ec);
    bool ok = store.verify(*d);
    if (!ok) report.corrupt.push_back(d->str());
    if (progress) progress(d->str(), ok);
  }
  return report;
}

std::vector<base::Digest> quarantined_blobs(const BlobStore& store) {
  std::vector<base::Digest> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(store.root() / "quarantine", ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string name = it->path().filename().string();  // <alg>-<hex>
    auto dash = name.find('-');
    if (dash == std::string::npos) continue;
    auto d = base::Digest::parse(name.substr(0, dash) + ":" + name.substr(dash + 1));
    if (d && !store.verify(*d)) out.push_back(*d);
  }
  return out;
}

}  // namespace berth::store
