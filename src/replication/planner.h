// What an execution has to do: the source's repositories and tags that pass the policy's
// filters, each with its destination name. Listing is done once, at the start of the run.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "replication/policy.h"
#include "replication/registry_side.h"

namespace berth::replication {

struct PlannedTask {
  std::string operation = "copy";  // copy | deletion
  std::string resource_type = "image";
  std::string src_repo, reference;  // reference: a tag, or a digest
  std::string dst_repo, dst_tag;    // dst_tag empty: by digest
};

// Throws ReplicationError when the source cannot be listed.
std::vector<PlannedTask> plan_copies(const Policy& p, RegistrySide& src,
                                     const std::function<bool()>& should_stop);

// "repo:[tag]" or "repo@digest", as Harbor shows a task's resources.
std::string resource_text(const std::string& repo, const std::string& reference);

// The task payload stored with a task row (what a restarted Berth needs to redo it), and back.
std::string task_payload(const PlannedTask& t);
PlannedTask task_from_payload(const std::string& json);

}  // namespace berth::replication
