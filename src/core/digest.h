// The domain's name for content digests; they live in base/ so that store/ can use them
// without depending on core/.
#pragma once

#include "base/digest.h"

namespace berth::core {
using base::Digest;
using base::DigestAlgorithm;
using base::Sha256State;
using base::to_hex;
}  // namespace berth::core
