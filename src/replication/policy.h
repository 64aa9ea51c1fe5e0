// A replication rule (Harbor's ReplicationPolicy) in Berth's words: which artifacts of one
// side go to the other, how names change on the way, and when it runs. Exactly one of the two
// registries is this Berth (id 0 on the API: src_registry or dest_registry left empty).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::replication {

// One source filter. name/tag values are patterns (*, **, ?, {a,b}); label values are label
// names; resource is "image" or "artifact".
struct Filter {
  std::string type;                 // name | tag | label | resource
  std::string value;                // name, tag, resource
  std::vector<std::string> labels;  // label
  std::string decoration;           // tag, label: matches (default) | excludes
};

struct Trigger {
  std::string type = "manual";  // manual | scheduled | event_based
  std::string cron;             // scheduled: Harbor's six fields
};

struct RepositorySettings {
  bool tag_immutability = false;
  bool scan_on_push = false;
};

struct Policy {
  int64_t id = 0;
  std::string name;
  std::string description;
  int64_t src_registry_id = 0;   // 0: this Berth (push mode)
  int64_t dest_registry_id = 0;  // 0: this Berth (pull mode)
  std::string dest_namespace;
  // How many leading path components of the source repository the destination namespace
  // replaces: -1 all but the last (Harbor's legacy flattening), 0 none (prefix), 1, 2, 3.
  int dest_namespace_replace_count = -1;
  std::vector<Filter> filters;
  Trigger trigger;
  bool replicate_deletion = false;
  bool override_existing = true;  // Harbor's "override"
  bool enabled = true;
  int64_t speed_kbps = 0;  // per task, kilobits per second (Harbor's unit); 0 unlimited
  bool copy_by_chunk = false;
  bool single_active_replication = false;
  // Berth: how repositories the copy creates on the destination are set up (Amazon ECR's
  // CreateRepository; Harbor #20994). Sent as "dest_repository_settings".
  RepositorySettings dest_settings;
  int64_t creator_id = 0;
  int64_t creation_time = 0;  // unix millis
  int64_t update_time = 0;

  bool push_mode() const { return src_registry_id == 0; }
};

}  // namespace berth::replication
