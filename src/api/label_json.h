// Harbor's Label JSON, for /labels and for the labels of an artifact.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "api/api_util.h"
#include "core/label_store.h"

namespace berth::api {

// The fields of Harbor's Label definition: what a request body may carry (read-only ones are
// accepted and ignored, so a client may send back what it read).
extern const std::set<std::string> kLabelFields;

json label_json(const core::Label& l);

// An artifact's `labels`: Harbor's array, or null when there are none (Harbor appends to a nil
// slice, so an artifact without labels renders null even with with_label=true).
json artifact_labels_json(const std::vector<core::Label>& labels);

}  // namespace berth::api
