#include "scan/trivy_db.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scan/trivy_buckets.h"
#include "scan/trivy_json.h"

namespace berth::scan {

namespace fs = std::filesystem;
using bbolt::Bucket;
using bbolt::Cursor;

namespace {

constexpr std::uintmax_t kMaxMetadataBytes = 1 << 20;
constexpr std::string_view kVulnerabilityBucket = "vulnerability";
constexpr std::string_view kDataSourceBucket = "data-source";
constexpr std::string_view kRedHatBucket = "Red Hat";
constexpr std::string_view kRedHatCpeBucket = "Red Hat CPE";

TrivyMetadata read_metadata(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) throw TrivyDbError(file.filename().string() + ": " + ec.message());
  if (size > kMaxMetadataBytes) throw TrivyDbError(file.filename().string() + ": too large");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw TrivyDbError(file.filename().string() + ": cannot read");
  TrivyMetadata m = parse_trivy_metadata(text.str());
  if (m.version != 2) {
    throw TrivyDbError(file.filename().string() + ": schema version " + std::to_string(m.version) +
                       " is not supported (need 2)");
  }
  return m;
}

// Adds context (where in the DB) to parse errors.
template <typename F>
auto with_context(const std::string& where, F&& f) {
  try {
    return f();
  } catch (const TrivyDbError& e) {
    throw TrivyDbError(where + ": " + (e.what() + std::string_view("trivy-db: ").size()));
  }
}

std::string strip_generic_suffix(std::string_view content_set) {
  // "rhel-7-server-rpms__7_DOT_9" style suffixes: "__" followed by digits (and the rest).
  auto pos = content_set.find("__");
  if (pos != std::string_view::npos && pos + 2 < content_set.size() &&
      std::isdigit(static_cast<unsigned char>(content_set[pos + 2]))) {
    return std::string(content_set.substr(0, pos));
  }
  return std::string(content_set);
}

void sort_by_id(std::vector<Advisory>& out) {
  std::stable_sort(out.begin(), out.end(), [](const Advisory& a, const Advisory& b) {
    return a.vulnerability_id < b.vulnerability_id;
  });
}

}  // namespace

TrivyDb TrivyDb::open(const std::string& path) {
  fs::path p(path);
  std::optional<TrivyMetadata> metadata;
  fs::path db_file = p;
  if (fs::is_directory(p)) {
    db_file = p / "trivy.db";
    metadata = read_metadata(p / "metadata.json");
  } else if (fs::exists(p.parent_path() / "metadata.json")) {
    metadata = read_metadata(p.parent_path() / "metadata.json");
  }
  return TrivyDb(bbolt::BoltDb::open(db_file.string()), std::move(metadata));
}

std::optional<Vulnerability> TrivyDb::vulnerability(std::string_view id) const {
  auto bucket = db_.bucket(kVulnerabilityBucket);
  if (!bucket) return std::nullopt;
  auto value = bucket->get(id);
  if (!value || value->empty()) return std::nullopt;
  return with_context("vulnerability/" + std::string(id),
                      [&] { return parse_vulnerability(*value); });
}

std::optional<DataSource> TrivyDb::data_source(std::string_view name) const {
  auto bucket = db_.bucket(kDataSourceBucket);
  if (!bucket) return std::nullopt;
  auto value = bucket->get(name);
  if (!value || value->empty()) return std::nullopt;
  return with_context("data-source/" + std::string(name),
                      [&] { return parse_data_source(*value); });
}

void TrivyDb::for_each_prefix(
    std::string_view prefix, const std::function<void(std::string_view, const Bucket&)>& fn) const {
  Cursor c = db_.root().cursor();
  for (bool ok = c.seek(prefix); ok && c.key().starts_with(prefix); ok = c.next()) {
    if (c.is_bucket()) fn(c.key(), c.bucket());
  }
}

std::vector<Advisory> TrivyDb::advisories(std::string_view platform,
                                          std::string_view package) const {
  std::map<std::string, Advisory, std::less<>> by_id;
  auto read_bucket = [&](std::string_view name, const Bucket& platform_bucket) {
    auto pkg = platform_bucket.bucket(package);
    if (!pkg) return;
    DataSource source = data_source(name).value_or(DataSource{});
    Cursor c = pkg->cursor();
    for (bool ok = c.first(); ok; ok = c.next()) {
      if (c.is_bucket() || c.value().empty()) continue;  // trivy-db skips both
      std::string where =
          std::string(name) + "/" + std::string(package) + "/" + std::string(c.key());
      Advisory a = with_context(where, [&] { return parse_advisory(c.value()); });
      a.vulnerability_id = std::string(c.key());
      a.data_source = source;
      a.bucket = std::string(name);
      by_id[a.vulnerability_id] = std::move(a);  // a later bucket wins, as in trivy-db
    }
  };
  if (platform.find("::") != std::string_view::npos) {
    for_each_prefix(platform, read_bucket);
  } else if (auto b = db_.bucket(platform)) {
    read_bucket(platform, *b);
  }
  std::vector<Advisory> out;
  out.reserve(by_id.size());
  for (auto& [id, a] : by_id) out.push_back(std::move(a));
  return out;
}

std::vector<Advisory> TrivyDb::os_advisories(const OsQuery& os, std::string_view package) const {
  if (os.family == "redhat" || os.family == "centos") {
    std::vector<std::string> sets = os.content_sets;
    if (sets.empty() && os.nvrs.empty()) {
      sets = redhat_default_content_sets(os.version.substr(0, os.version.find('.')));
    }
    return redhat_advisories(package, redhat_cpe_indices(sets, os.nvrs));
  }
  auto bucket = os_bucket(os.family, os.version);
  if (!bucket) return {};
  std::vector<Advisory> out;
  for (Advisory& a : advisories(*bucket, package)) {
    if (a.entries.empty()) {
      out.push_back(std::move(a));
      continue;
    }
    // Per-arch entries (trivy-db oracle-oval Get): one advisory per entry for this arch.
    for (Advisory& e : a.entries) {
      if (!os.arch.empty() &&
          std::find(e.arches.begin(), e.arches.end(), os.arch) == e.arches.end()) {
        continue;
      }
      e.vulnerability_id = a.vulnerability_id;
      e.data_source = a.data_source;
      e.bucket = a.bucket;
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::vector<Advisory> TrivyDb::ecosystem_advisories(std::string_view ecosystem,
                                                    std::string_view package) const {
  auto eco = ecosystem_for(ecosystem);
  if (!eco) return {};
  return advisories(ecosystem_prefix(*eco), normalize_package_name(*eco, package));
}

std::vector<int> TrivyDb::redhat_cpe_indices(const std::vector<std::string>& content_sets,
                                             const std::vector<std::string>& nvrs) const {
  std::vector<int> out;
  if (auto cpe = db_.bucket(kRedHatCpeBucket)) {
    auto collect = [&](std::string_view sub, const std::string& key) {
      auto b = cpe->bucket(sub);
      if (!b) return;
      auto value = b->get(key);
      if (!value || value->empty()) return;
      auto indices = with_context("Red Hat CPE/" + std::string(sub) + "/" + key,
                                  [&] { return parse_int_list(*value); });
      out.insert(out.end(), indices.begin(), indices.end());
    };
    for (const auto& cs : content_sets) collect("repository", strip_generic_suffix(cs));
    for (const auto& nvr : nvrs) collect("nvr", nvr);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.empty()) throw TrivyDbError("unable to find CPE indices for the Red Hat content sets");
  return out;
}

std::vector<Advisory> TrivyDb::redhat_advisories(std::string_view package,
                                                 const std::vector<int>& cpe_indices) const {
  std::vector<Advisory> out;
  auto platform = db_.bucket(kRedHatBucket);
  if (!platform) return out;
  auto pkg = platform->bucket(package);
  if (!pkg) return out;
  DataSource source = data_source(kRedHatBucket).value_or(DataSource{});
  Cursor c = pkg->cursor();
  for (bool ok = c.first(); ok; ok = c.next()) {
    if (c.is_bucket() || c.value().empty()) continue;
    std::string key(c.key());
    auto entries = with_context("Red Hat/" + std::string(package) + "/" + key,
                                [&] { return parse_redhat_advisory(c.value()); });
    for (const auto& e : entries) {
      bool affected = std::any_of(e.affected.begin(), e.affected.end(), [&](int i) {
        return std::binary_search(cpe_indices.begin(), cpe_indices.end(), i);
      });
      if (!affected) continue;
      for (const auto& cve : e.cves) {
        Advisory a;
        if (key.starts_with("CVE-")) {
          a.vulnerability_id = key;
        } else {
          a.vulnerability_id = cve.id;
          a.vendor_ids = {key};
        }
        a.fixed_version = e.fixed_version;
        a.arches = e.arches;
        a.status = e.status;
        a.severity = cve.severity;
        a.data_source = source;
        a.bucket = std::string(kRedHatBucket);
        out.push_back(std::move(a));
      }
    }
  }
  sort_by_id(out);
  return out;
}

std::vector<std::string> redhat_default_content_sets(std::string_view major) {
  if (major == "6") return {"rhel-6-server-rpms", "rhel-6-server-extras-rpms"};
  if (major == "7") return {"rhel-7-server-rpms", "rhel-7-server-extras-rpms"};
  if (major == "8") return {"rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"};
  if (major == "9") return {"rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"};
  return {};
}

}  // namespace berth::scan
