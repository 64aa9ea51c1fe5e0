#include "scan/scan_engine.h"

#include "base/clock.h"

#include <ctime>
#include <mutex>

#include "scan/analyze/image_analyzer.h"
#include "scan/trivy_db.h"
#include "scan/vuln_db_import.h"
#include "scan/vuln_matcher.h"

namespace berth::scan {

namespace fs = std::filesystem;

// One opened DB: shared by every scan that started while it was current.
struct ScanEngine::State {
  std::filesystem::path dir;  // the resolved db-<...> directory
  std::shared_ptr<const TrivyDb> db;
  VulnDbInfo info;
};

namespace {

constexpr const char* kNoDbMessage =
    "no vulnerability database: import one with `berth scanner import-db <db.tar.gz>`";

}  // namespace

// The symlink is resolved once, so trivy.db and metadata.json come from the same import even if
// another one switches `current` meanwhile.
std::shared_ptr<ScanEngine::State> ScanEngine::load(const fs::path& db_dir) {
  std::error_code ec;
  fs::path dir = fs::canonical(db_dir, ec);
  if (ec || !fs::exists(dir / "trivy.db", ec)) return nullptr;
  auto state = std::make_shared<ScanEngine::State>();
  state->dir = dir;
  state->db = std::make_shared<const TrivyDb>(TrivyDb::open(dir.string()));
  state->info = read_vuln_db_info(dir).value_or(VulnDbInfo{});
  return state;
}

namespace {

// Guards the shared_ptr swap (std::atomic<std::shared_ptr> needs GCC 13's libstdc++ to be
// lock-free-ish; a mutex held for a pointer copy is as cheap here).
std::mutex state_mutex;

}  // namespace

ScanEngine::ScanEngine(fs::path db_dir) : db_dir_(std::move(db_dir)) {
  try {
    state_ = load(db_dir_);
  } catch (const std::exception&) {
    state_ = nullptr;  // a broken install reads as none; scan() reports it
  }
}

ScanEngine::~ScanEngine() = default;

std::optional<VulnDbInfo> ScanEngine::db_info() const {
  try {
    return current_state()->info;
  } catch (const NoVulnDb&) {
    return std::nullopt;
  }
}

void ScanEngine::reload() {
  auto fresh = load(db_dir_);  // throws on a broken DB: the current one stays
  std::lock_guard lock(state_mutex);
  state_ = std::move(fresh);
}

std::shared_ptr<ScanEngine::State> ScanEngine::current_state() const {
  std::shared_ptr<State> s;
  {
    std::lock_guard lock(state_mutex);
    s = state_;
  }
  std::error_code ec;
  fs::path now = fs::canonical(db_dir_, ec);
  if (ec) {  // the database was removed: scans say so rather than use a deleted one
    std::lock_guard lock(state_mutex);
    state_.reset();
    throw NoVulnDb(kNoDbMessage);
  }
  if (s && now == s->dir) return s;
  std::shared_ptr<State> fresh;
  try {
    fresh = load(db_dir_);  // imported by another process since
  } catch (const std::exception& e) {
    if (s) return s;  // a broken new install: keep scanning with the old DB
    throw NoVulnDb(std::string("the vulnerability database cannot be opened (") + e.what() +
                   "); import a new one with `berth scanner import-db <db.tar.gz>`");
  }
  if (!fresh) {
    if (s) return s;
    throw NoVulnDb(kNoDbMessage);
  }
  std::lock_guard lock(state_mutex);
  state_ = fresh;
  return fresh;
}

ScanReport ScanEngine::scan(const ScanTarget& target) const {
  std::shared_ptr<State> s = current_state();
  ScanReport report;
  report.target = target;
  report.started_at = base::now_rfc3339();
  report.db = s->info;
  std::vector<LayerFile> layers;
  MatchContext ctx{*s->db, {}, {}, 0, {}};
  for (const auto& l : target.layers) {
    layers.push_back({l.path.string(), l.media_type, "layer " + l.digest});
    ctx.layer_digests.push_back(l.digest);
    ctx.layer_diff_ids.push_back(l.diff_id);
  }
  ImageAnalysis analysis = analyze_image(layers);
  report.os_family = analysis.os.family;
  report.os_name = analysis.os.name;
  if (analysis.os.family == "ubuntu" && analysis.os.extended) report.os_name += "-ESM";
  report.findings = match_analysis(ctx, analysis);
  report.packages_scanned = ctx.packages_scanned;
  report.warnings = std::move(analysis.warnings);
  report.warnings.insert(report.warnings.end(), ctx.warnings.begin(), ctx.warnings.end());
  report.finished_at = base::now_rfc3339();
  return report;
}

}  // namespace berth::scan
