#include "api/label_json.h"

namespace berth::api {

const std::set<std::string> kLabelFields = {"id",    "name",       "description",   "color",
                                            "scope", "project_id", "creation_time", "update_time"};

json label_json(const core::Label& l) {
  return {{"id", l.id},
          {"name", l.name},
          {"description", l.description},
          {"color", l.color},
          {"scope", l.scope},
          {"project_id", l.project_id},
          {"creation_time", iso_time(l.creation_time)},
          {"update_time", iso_time(l.update_time)}};
}

json artifact_labels_json(const std::vector<core::Label>& labels) {
  if (labels.empty()) return nullptr;
  json out = json::array();
  for (const auto& l : labels) out.push_back(label_json(l));
  return out;
}

}  // namespace berth::api
