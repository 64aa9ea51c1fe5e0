// Alpine apk versions, tokenised and compared as Trivy's go-apk-version (a port of apk-tools v2
// apk_version_compare) does.
#pragma once

#include <string_view>

namespace berth::scan {

bool apk_version_valid(std::string_view v);

// Compares without validating (as go-apk-version does); callers check validity first.
int apk_version_compare(std::string_view a, std::string_view b);

}  // namespace berth::scan
