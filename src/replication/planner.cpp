#include "replication/planner.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "replication/copier.h"
#include "replication/errors.h"
#include "replication/policy_rules.h"

namespace berth::replication {

std::vector<PlannedTask> plan_copies(const Policy& p, RegistrySide& src,
                                     const std::function<bool()>& should_stop) {
  std::vector<PlannedTask> out;
  PolicyFilters filters(p);
  bool labels = std::any_of(p.filters.begin(), p.filters.end(),
                            [](const Filter& f) { return f.type == "label" && !f.labels.empty(); });
  std::string type = resource_type(p);
  for (const auto& repo : src.repositories(filters.name_patterns())) {
    if (should_stop()) throw CopyStopped("stopped");
    if (!filters.name(repo)) continue;
    std::string dst_repo = destination_repository(p, repo);
    for (const auto& tag : src.tags(repo)) {
      if (!filters.tag(tag)) continue;
      if (labels) {
        auto digest = src.manifest_digest(repo, tag);
        if (!digest || !filters.labels(src.labels(repo, *digest))) continue;
      }
      PlannedTask t;
      t.resource_type = type;
      t.src_repo = repo;
      t.reference = tag;
      t.dst_repo = dst_repo;
      t.dst_tag = tag;
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::string resource_text(const std::string& repo, const std::string& reference) {
  if (is_digest_reference(reference)) return repo + "@" + reference;
  return repo + ":[" + reference + "]";
}

std::string task_payload(const PlannedTask& t) {
  return nlohmann::json{{"operation", t.operation}, {"resource_type", t.resource_type},
                        {"src_repo", t.src_repo},   {"reference", t.reference},
                        {"dst_repo", t.dst_repo},   {"dst_tag", t.dst_tag}}
      .dump();
}

PlannedTask task_from_payload(const std::string& json) {
  auto j = nlohmann::json::parse(json);
  PlannedTask t;
  t.operation = j.value("operation", "copy");
  t.resource_type = j.value("resource_type", "image");
  t.src_repo = j.value("src_repo", "");
  t.reference = j.value("reference", "");
  t.dst_repo = j.value("dst_repo", "");
  t.dst_tag = j.value("dst_tag", "");
  return t;
}

}  // namespace berth::replication
