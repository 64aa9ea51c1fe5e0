// Harbor's rules of a replication policy: what a valid one is (with Harbor's messages), how a
// source repository is named on the destination (dest_namespace and its flattening level), and
// which repositories, tags and labels its filters let through.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "replication/pattern.h"
#include "replication/policy.h"

namespace berth::replication {

inline constexpr size_t kMaxPolicyName = 256;  // Harbor's column: varchar(256)
inline constexpr size_t kMaxPolicyDescription = 1024;

// The first problem of `p`, in Harbor's order and words, or nullopt when it is valid:
//   single_active_replication with an event_based trigger, "empty name", "either src_registry
//   or dest_registry should be empty and the other one shouldn't be empty", each filter
//   ("invalid filter type", "invalid resource filter: x", "only tag and label filter support
//   decoration", "invalid filter decoration, :x"), "invalid destination namespace: x", the
//   trigger ("invalid trigger type", the cron messages).
// Berth adds: name and description lengths, name/tag patterns that do not parse (Harbor fails
// every run instead) and dest_namespace_replace_count outside -1..3 (the portal's choices;
// Harbor fails the runs whose repositories are not deep enough).
// Whether the registries exist is for the caller to check against its store.
std::optional<std::string> policy_problem(const Policy& p);

// How many path components a destination accepts (Harbor's adapter info
// supported_repository_path_component_type): docker-hub exactly two, harbor (and so this
// Berth, which also needs a project) at least two, others any.
enum class PathRule { kAny, kExactlyTwo, kAtLeastTwo };
PathRule path_rule_of(const std::string& endpoint_type);

// The destination name of `src_repo`, Harbor's replaceNamespace. With dest_namespace "n" and
// source "a/b/c/image":
//   -1 (legacy) n/image     0 n/a/b/c/image     1 n/b/c/image     2 n/c/image     3 n/image
//   4 an error: the source has only 3 components before the last one.
// An empty dest_namespace keeps the source name whatever the count (and skips `rule`, as
// Harbor does). Throws ReplicationError (not transient) with Harbor's message when the count
// is too deep for this repository or the result breaks `rule`.
std::string destination_repository(const Policy& p, const std::string& src_repo,
                                   PathRule rule = PathRule::kAny);

// A policy's filters compiled once for a run. Filters of one type all apply (AND); an empty
// name/tag pattern or label list lets everything through, as in Harbor.
class PolicyFilters {
 public:
  // Throws PatternError for a pattern that does not parse (policy_problem refuses those).
  explicit PolicyFilters(const Policy& p);
  // The repository's full name on the source ("library/nginx").
  bool name(const std::string& repo) const;
  // One tag of an artifact; "" stands for an untagged artifact (Harbor matches "" then).
  // "excludes" lets through the tags that do not match.
  bool tag(const std::string& tag) const;
  // The artifact's label names: "matches" needs every label of the filter on the artifact,
  // "excludes" lets through artifacts that lack at least one of them.
  bool labels(const std::vector<std::string>& artifact_labels) const;
  // The name patterns, for sides that can narrow their listing (RegistrySide::repositories).
  const std::vector<std::string>& name_patterns() const { return name_texts_; }

 private:
  struct TagFilter {
    std::optional<Pattern> pattern;  // nullopt: empty pattern
    bool excludes = false;
  };
  struct LabelFilter {
    std::vector<std::string> labels;
    bool excludes = false;
  };
  std::vector<Pattern> names_;
  std::vector<std::string> name_texts_;
  std::vector<TagFilter> tags_;
  std::vector<LabelFilter> labels_;
};

// One-off forms of PolicyFilters (a pattern that does not parse matches nothing).
bool matches_name(const Policy& p, const std::string& repo);
bool matches_tag(const Policy& p, const std::string& tag);
bool matches_labels(const Policy& p, const std::vector<std::string>& labels);

// The resource filter's value ("image" | "artifact"); "image" when the policy has none, the
// resource type Harbor's adapters report for images.
std::string resource_type(const Policy& p);

}  // namespace berth::replication
