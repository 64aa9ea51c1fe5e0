// The Trivy vulnerability DB v2 (trivy.db + metadata.json) read through the bbolt reader.
//
//   auto db = TrivyDb::open("/var/lib/berth/trivy");           // dir with trivy.db, metadata.json
//   db.os_advisories({"debian", "12.4"}, "openssl");           // "debian 12" / openssl
//   db.ecosystem_advisories("npm", "jquery");                  // every "npm::…" bucket / jquery
//   db.vulnerability("CVE-2019-1549");
//
// Lookups follow trivy-db's Go code (pkg/db, pkg/vulnsrc/*): results carry the data source of the
// bucket they came from, and are sorted by vulnerability ID. Values are parsed on demand: memory
// stays small however large the file is. Errors (corrupt file, malformed JSON) throw
// TrivyDbError or bbolt::BoltError. Reads are thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/bbolt/bolt_db.h"
#include "scan/trivy_metadata.h"
#include "scan/trivy_types.h"

namespace berth::scan {

struct OsQuery {
  std::string family;   // Trivy OS family: "debian", "alpine", "redhat", …
  std::string version;  // as detected: "12.4", "3.19.1", "2 (Karoo)"
  std::string arch;     // package arch; selects Oracle-style per-arch entries (all when empty)
  // Red Hat / CentOS only: content sets (from content manifests) and "<nvr>-<arch>" build ids.
  // With neither, the defaults for the major version are used (rhel-N-… as Trivy does).
  std::vector<std::string> content_sets;
  std::vector<std::string> nvrs;
};

class TrivyDb {
 public:
  // `path` is a directory holding trivy.db and metadata.json (required, Version must be 2), or the
  // trivy.db file itself (metadata.json beside it is then read when present).
  static TrivyDb open(const std::string& path);

  const std::optional<TrivyMetadata>& metadata() const { return metadata_; }
  const bbolt::BoltDb& bolt() const { return db_; }

  std::optional<Vulnerability> vulnerability(std::string_view id) const;
  // `data-source` entry for a platform bucket name.
  std::optional<DataSource> data_source(std::string_view bucket) const;

  // Every advisory stored under platform/package. A platform containing "::" is a prefix
  // ("npm::"): every top-level bucket starting with it is read, in byte order, and for a vuln ID
  // found in several, the later bucket wins (trivy-db forEach). Entries are not expanded.
  std::vector<Advisory> advisories(std::string_view platform, std::string_view package) const;

  // The scanner's entry points.
  // OS packages: platform bucket from family/version; Oracle-style entries expanded per arch;
  // Red Hat/CentOS through redhat_advisories. Empty for an unknown family.
  std::vector<Advisory> os_advisories(const OsQuery& os, std::string_view package) const;
  // Language packages: ecosystem slug or Trivy language type ("npm", "yarn", "jar", "pip", …);
  // the name is normalised as trivy-db stores it. Empty for an unsupported ecosystem.
  std::vector<Advisory> ecosystem_advisories(std::string_view ecosystem,
                                             std::string_view package) const;

  // Red Hat: CPE indices of the content sets ("__<digits>" suffixes stripped) and NVRs from the
  // `Red Hat CPE` bucket; throws TrivyDbError when none is known (as trivy-db does).
  std::vector<int> redhat_cpe_indices(const std::vector<std::string>& content_sets,
                                      const std::vector<std::string>& nvrs) const;
  // Red Hat advisories for a binary package (or "module:stream::name") whose entries affect one
  // of the CPE indices: one per CVE; an RHSA key becomes VendorIDs.
  std::vector<Advisory> redhat_advisories(std::string_view package,
                                          const std::vector<int>& cpe_indices) const;

  // Calls fn for each top-level bucket whose name starts with prefix, in byte order.
  void for_each_prefix(
      std::string_view prefix,
      const std::function<void(std::string_view name, const bbolt::Bucket&)>& fn) const;

 private:
  TrivyDb(bbolt::BoltDb db, std::optional<TrivyMetadata> metadata)
      : db_(std::move(db)), metadata_(std::move(metadata)) {}

  bbolt::BoltDb db_;
  std::optional<TrivyMetadata> metadata_;
};

// Trivy's default Red Hat content sets for a major version ("7" → rhel-7-server-rpms, …).
std::vector<std::string> redhat_default_content_sets(std::string_view major);

}  // namespace berth::scan
