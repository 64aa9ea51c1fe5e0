#include "scan/analyze/image_analyzer.h"

#include <algorithm>

#include "scan/analyze/go_buildinfo.h"
#include "scan/analyze/jar_scanner.h"
#include "scan/analyze/lang_parsers.h"
#include "scan/analyze/layer_origins.h"
#include "scan/analyze/layer_reader.h"
#include "scan/analyze/os_detect.h"
#include "scan/analyze/os_packages.h"
#include "scan/analyze/rpm_db.h"
#include "scan/analyze/wanted_paths.h"

namespace berth::scan {

std::string_view os_package_format_name(OsPackageFormat f) {
  switch (f) {
    case OsPackageFormat::kApk:
      return "apk";
    case OsPackageFormat::kDpkg:
      return "dpkg";
    case OsPackageFormat::kRpmSqlite:
      return "rpm-sqlite";
    case OsPackageFormat::kRpmBdb:
      return "rpm-bdb";
    case OsPackageFormat::kRpmNdb:
      return "rpm-ndb";
  }
  return "unknown";
}

namespace {

void add_lang(ImageAnalysis& out, const char* type, const std::string& path,
              std::vector<Package> packages, int layer) {
  if (packages.empty()) return;
  for (auto& p : packages) p.file_path = path;
  out.lang_packages.push_back({type, path, std::move(packages), layer});
}

void add_jar(ImageAnalysis& out, const std::string& path, std::string_view summary, int layer) {
  std::vector<Package> packages;
  for (auto& jp : decode_jar_summary(summary)) {
    Package p;
    p.name = jp.name;
    p.version = jp.version;
    p.file_path = jp.inner_path.empty() ? path : path + "/" + jp.inner_path;
    if (std::find(packages.begin(), packages.end(), p) == packages.end()) packages.push_back(p);
  }
  if (!packages.empty()) out.lang_packages.push_back({"jar", path, std::move(packages), layer});
}

}  // namespace

void analyze_file(ImageAnalysis& out, const std::string& path, const VfsNode& node) {
  auto kind = classify_path(path);
  if (node.mode & kGoCaptureMode) {
    if (auto info = parse_go_buildinfo(node.data))
      add_lang(out, "gobinary", path, go_packages(*info, path), node.layer);
    return;
  }
  if (!kind) return;
  if (node.truncated) {
    out.warnings.push_back(path + ": larger than its size cap, not analysed");
    return;
  }
  switch (*kind) {
    case FileKind::kApkDb:
      out.os_packages.push_back(
          {path, OsPackageFormat::kApk, parse_apk_installed(node.data), node.layer});
      break;
    case FileKind::kDpkgStatus:
      out.os_packages.push_back(
          {path, OsPackageFormat::kDpkg, parse_dpkg_status(node.data), node.layer});
      break;
    case FileKind::kRpmDb: {
      OsPackageFormat format;
      auto packages = parse_rpmdb(node.data, format);
      out.os_packages.push_back({path, format, std::move(packages), node.layer});
      break;
    }
    case FileKind::kNodePackageJson:
      add_lang(out, "node-pkg", path, parse_node_package_json(node.data), node.layer);
      break;
    case FileKind::kPythonMetadata:
      add_lang(out, "python-pkg", path, parse_python_metadata(node.data), node.layer);
      break;
    case FileKind::kGemspec:
      add_lang(out, "gemspec", path, parse_gemspec(node.data), node.layer);
      break;
    case FileKind::kCargoLock:
      add_lang(out, "cargo", path, parse_cargo_lock(node.data), node.layer);
      break;
    case FileKind::kJar:
      add_jar(out, path, node.data, node.layer);
      break;
    default:
      break;  // OS release files: detect_os reads them; build info: layer_origins
  }
}

ImageAnalysis analyze_fs(const VirtualFs& fs) {
  ImageAnalysis out;
  for (const auto& [path, node] : fs.nodes()) {
    if (node.type != VfsNode::Type::kFile) continue;
    try {
      analyze_file(out, path, node);
    } catch (const AnalysisError& e) {
      out.warnings.push_back(path + ": " + e.what());
    }
  }
  std::stable_sort(out.lang_packages.begin(), out.lang_packages.end(),
                   [](const LangApp& a, const LangApp& b) { return a.type < b.type; });
  out.os = detect_os(fs);
  return out;
}

ImageAnalysis analyze_image(const std::vector<LayerFile>& layers, const Limits& limits) {
  LayerReader reader(limits);
  LayerOrigins origins;
  std::vector<std::string> layer_warnings;
  reader.on_layer(
      [&](int index, const VirtualFs& own) { origins.add_layer(index, own, layer_warnings); });
  for (const auto& layer : layers) reader.add_layer_file(layer.path, layer.media_type, layer.label);
  ImageAnalysis out = analyze_fs(reader.fs());
  origins.apply(out);
  out.bytes_processed = reader.bytes_processed();
  out.warnings.insert(out.warnings.begin(), layer_warnings.begin(), layer_warnings.end());
  out.warnings.insert(out.warnings.begin(), reader.warnings().begin(), reader.warnings().end());
  return out;
}

}  // namespace berth::scan
